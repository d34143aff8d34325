//===- Tile.cpp - each part's schedule and tiles from the I/O model -------===//

#include "PassSupport.h"

#include "pilot/Dialect/PIM/PIMDialect.h"
#include "pilot/Dialect/SAttn/SAttnPasses.h"

#include <fmt/format.h>

namespace pilot::sattn {
#define GEN_PASS_DEF_PIMTILE
#include "pilot/Dialect/SAttn/SAttnPasses.h.inc"
} // namespace pilot::sattn

using namespace mlir;
using namespace pilot;
using namespace pilot::pim;
using analysis::Prediction;
using analysis::TileSpace;

namespace {

/// `rows=... heads=... split=... head_instances=... heads_per_group=...`
std::string describePart(sattn::SddmmOp sddmm, MappingAttr mapping) {
  return fmt::format("rows={} heads={} split={} head_instances={} "
                     "heads_per_group={}",
                     sattn::stringifyRowClass(sddmm.getRows()).str(),
                     sattn::stringifyHeadClass(sddmm.getHeads()).str(),
                     stringifySplit(mapping.getSplit()).str(),
                     mapping.getHeadInstances(), mapping.getHeadsPerGroup());
}

struct PIMTilePass : public sattn::impl::PIMTileBase<PIMTilePass> {
  using PIMTileBase::PIMTileBase;

  void runOnOperation() override {
    FailureOr<hw::HardwareDescription> description =
        hardwareOption(getOperation(), "pim-tile", hardware, bufferBytes);
    if (failed(description))
      return signalPassFailure();
    FailureOr<std::optional<analysis::Schedule>> asked =
        scheduleOption(getOperation(), "pim-tile", schedule);
    if (failed(asked))
      return signalPassFailure();
    judged = capacitySchedule(*asked);
    auto onPart = [&](sattn::SddmmOp sddmm, MappingAttr mapping) {
      return tile(sddmm, mapping, *description);
    };
    auto onHost = [&](sattn::SddmmOp sddmm, MappingAttr mapping) {
      if (report)
        sddmm.emitRemark() << "pim-tile: " << describePart(sddmm, mapping)
                           << " (left on the host)";
    };
    if (failed(forEachMappedPart(getOperation(), onPart, onHost)))
      signalPassFailure();
  }

private:
  /// The schedule whose storage must fit the banks.
  analysis::Schedule judged = analysis::Schedule::Fused;

  FailureOr<Prediction> choose(sattn::SddmmOp sddmm,
                               const pattern::AttentionProblem &part,
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
      return bestPrediction(part, description, std::nullopt, space);
    }
    analysis::Schedule kind = *analysis::parseSchedule(schedule);
    if (!overridden)
      return bestPrediction(part, description, kind, space);

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
    // The search's order was for its tiles: predict picks again.
    chosen.order = analysis::Order::Auto;
    if (std::optional<std::string> error = analysis::infeasibility(
            kind, split, chosen, part.headDim, description.bufferElements()))
      return sddmm.emitOpError()
             << "pim-tile: " << *error << " (rows, keys, head-dim-chunk)";
    return analysis::predict(part, description, kind, tiles);
  }

  LogicalResult tile(sattn::SddmmOp sddmm, MappingAttr mapping,
                     const hw::HardwareDescription &description) {
    pattern::AttentionProblem part = partOf(sddmm, mapping);
    analysis::Split split = mapping.getSplit() == Split::Rows
                                ? analysis::Split::Rows
                                : analysis::Split::Columns;
    if (std::optional<std::string> error =
            analysis::capacityError(part, description, judged))
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
    const analysis::LowerBound &bound = prediction->busiestBankBound;
    int64_t bytes = prediction->busiestBank.total().internalBytes();
    DictionaryAttr predicted = predictedAttr(context, *prediction);
    for (Operation *op : sddmm.getPartOps()) {
      op->setAttr(PIMDialect::TilesAttrHelper::getNameStr(), tiles);
      op->setAttr(PIMDialect::PredictedAttrHelper::getNameStr(), predicted);
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
