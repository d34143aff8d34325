//===- Tile.cpp - each part's schedule and tiles from the I/O model -------===//

#include "PassSupport.h"

#include "pilot/Dialect/PIM/PIMDialect.h"
#include "pilot/Dialect/PIM/PIMPasses.h"

#include <fmt/format.h>

namespace pilot::pim {
#define GEN_PASS_DEF_PIMTILE
#include "pilot/Dialect/PIM/PIMPasses.h.inc"
} // namespace pilot::pim

using namespace mlir;
using namespace pilot;
using namespace pilot::pim;
using analysis::Prediction;
using analysis::TileSpace;

namespace {

Schedule toAttr(analysis::Schedule schedule) {
  switch (schedule) {
  case analysis::Schedule::Naive:
    return Schedule::Naive;
  case analysis::Schedule::Pilot:
    return Schedule::Pilot;
  case analysis::Schedule::Fused:
    return Schedule::Fused;
  }
  return Schedule::Pilot;
}

/// `rows=... heads=... split=... head_instances=... heads_per_group=...`
std::string describePart(sattn::SddmmOp sddmm, MappingAttr mapping) {
  return fmt::format("rows={} heads={} split={} head_instances={} "
                     "heads_per_group={}",
                     sattn::stringifyRowClass(sddmm.getRows()).str(),
                     sattn::stringifyHeadClass(sddmm.getHeads()).str(),
                     stringifySplit(mapping.getSplit()).str(),
                     mapping.getHeadInstances(), mapping.getHeadsPerGroup());
}

struct PIMTilePass : public pim::impl::PIMTileBase<PIMTilePass> {
  using PIMTileBase::PIMTileBase;

  void runOnOperation() override {
    FailureOr<hw::HardwareDescription> description =
        hardwareOption(getOperation(), "pim-tile", hardware, bufferBytes);
    if (failed(description))
      return signalPassFailure();
    if (schedule != "auto" && !analysis::parseSchedule(schedule)) {
      getOperation()->emitError()
          << "pim-tile: unknown schedule '" << schedule
          << "' (schedule); schedules are naive, pilot, fused, auto";
      return signalPassFailure();
    }
    WalkResult result = getOperation()->walk([&](sattn::SddmmOp sddmm) {
      auto mapping = sddmm->getAttrOfType<MappingAttr>("pim.mapping");
      if (!mapping) {
        sddmm.emitOpError("has no pim.mapping; run --pim-map first");
        return WalkResult::interrupt();
      }
      if (mapping.getSplit() == Split::Host) {
        if (report)
          sddmm.emitRemark() << "pim-tile: " << describePart(sddmm, mapping)
                             << " (left on the host)";
        return WalkResult::advance();
      }
      return succeeded(tile(sddmm, mapping, *description))
                 ? WalkResult::advance()
                 : WalkResult::interrupt();
    });
    if (result.wasInterrupted())
      signalPassFailure();
  }

private:
  /// The part of the problem a mapped SDDMM computes.
  analysis::AttentionProblem partOf(sattn::SddmmOp sddmm, Split split) {
    analysis::AttentionProblem part = sddmm.getProblem();
    part.rowSplit = split == Split::Rows;
    part.columnSplit = split == Split::Columns;
    switch (sddmm.getHeads()) {
    case sattn::HeadClass::All:
      part.headSelection = analysis::AttentionProblem::Heads::All;
      break;
    case sattn::HeadClass::Sparse:
      part.headSelection = analysis::AttentionProblem::Heads::Sparse;
      break;
    case sattn::HeadClass::Dense:
      // pim-map placed the dense heads on PIM.
      part.headSelection = analysis::AttentionProblem::Heads::Dense;
      part.denseHeadsOnPIM = true;
      break;
    }
    return part;
  }

  FailureOr<Prediction> choose(sattn::SddmmOp sddmm,
                               const analysis::AttentionProblem &part,
                               analysis::Split split,
                               const hw::HardwareDescription &description) {
    bool overridden = rows != 0 || keys != 0 || headDimChunk != 0;
    // The paper's class (as many keys a step as rows) also for the fused
    // schedule unless asked: the time model does not charge the online
    // softmax's rescaling a step, so a wider search takes one key a step
    // for a few more rows, which simulates slower.
    TileSpace space = wide ? TileSpace::Wide : TileSpace::Paper;
    if (schedule == "auto") {
      if (overridden)
        return sddmm.emitOpError(
            "pim-tile: tile overrides need a schedule, not schedule=auto");
      std::optional<Prediction> best;
      for (analysis::Schedule candidate : analysis::allSchedules())
        for (TileSpace candidateSpace : {TileSpace::Paper, TileSpace::Wide}) {
          // The naive schedule has no tiles: one search covers it; the
          // fused schedule keeps the paper's class (above).
          if (candidate != analysis::Schedule::Pilot &&
              candidateSpace == TileSpace::Wide)
            continue;
          Prediction prediction = analysis::searchTiles(
              part, description, candidate, candidateSpace);
          if (!best || prediction.timeNs < best->timeNs)
            best = prediction;
        }
      return *best;
    }
    analysis::Schedule kind = *analysis::parseSchedule(schedule);
    if (!overridden)
      return analysis::searchTiles(part, description, kind, space);

    // Overrides replace the searched tiles of the part's split; tiles that
    // do not fit are an error, never clamped.
    Prediction searched = analysis::searchTiles(part, description, kind, space);
    analysis::TileChoice tiles = searched.tiles;
    analysis::Tiles &chosen =
        split == analysis::Split::Rows ? tiles.rowSplit : tiles.columnSplit;
    if (rows != 0)
      chosen.rows = rows;
    if (keys != 0)
      chosen.keys = keys;
    if (headDimChunk != 0)
      chosen.headDimChunk = headDimChunk;
    if (std::optional<std::string> error = analysis::infeasibility(
            kind, split, chosen, part.headDim, description.bufferElements()))
      return sddmm.emitOpError()
             << "pim-tile: " << *error << " (rows, keys, head-dim-chunk)";
    return analysis::predict(part, description, kind, tiles);
  }

  LogicalResult tile(sattn::SddmmOp sddmm, MappingAttr mapping,
                     const hw::HardwareDescription &description) {
    analysis::AttentionProblem part = partOf(sddmm, mapping.getSplit());
    analysis::Split split = mapping.getSplit() == Split::Rows
                                ? analysis::Split::Rows
                                : analysis::Split::Columns;
    if (std::optional<std::string> error = analysis::capacityError(
            part, description,
            schedule == "auto" ? analysis::Schedule::Fused
                               : *analysis::parseSchedule(schedule)))
      return sddmm.emitOpError() << *error;
    FailureOr<Prediction> prediction = choose(sddmm, part, split, description);
    if (failed(prediction))
      return failure();

    const analysis::Tiles &chosen = split == analysis::Split::Rows
                                        ? prediction->tiles.rowSplit
                                        : prediction->tiles.columnSplit;
    MLIRContext *context = &getContext();
    auto tiles = TilesAttr::get(context, toAttr(prediction->schedule),
                                chosen.rows, chosen.keys, chosen.headDimChunk);
    Builder builder(context);
    const analysis::LowerBound &bound = prediction->busiestBankBound;
    int64_t bytes = prediction->busiestBank.total().internalBytes();
    auto predicted = builder.getDictionaryAttr({
        builder.getNamedAttr("bank_internal_bytes",
                             builder.getI64IntegerAttr(bytes)),
        builder.getNamedAttr("lower_bound_bytes",
                             builder.getI64IntegerAttr(bound.bytes())),
        builder.getNamedAttr("bound", builder.getStringAttr(bound.binding())),
        builder.getNamedAttr("time_ns",
                             builder.getF64FloatAttr(prediction->timeNs)),
        builder.getNamedAttr(
            "total_internal_bytes",
            builder.getI64IntegerAttr(prediction->total.internalBytes())),
    });
    for (Operation *op : partOps(sddmm)) {
      op->setAttr("pim.tiles", tiles);
      op->setAttr("pim.predicted", predicted);
    }
    if (report)
      sddmm.emitRemark(fmt::format(
          "pim-tile: {} schedule={} tiles={}x{}{} bank_internal_bytes={} "
          "lower_bound_bytes={} bound={} time_ns={:.0f}",
          describePart(sddmm, mapping),
          analysis::scheduleName(prediction->schedule), chosen.rows,
          chosen.keys,
          chosen.headDimChunk ? fmt::format("/{}", chosen.headDimChunk) : "",
          bytes, bound.bytes(), bound.binding(), prediction->timeNs));
    ++numTiled;
    return success();
  }
};

} // namespace
