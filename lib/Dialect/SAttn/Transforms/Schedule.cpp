//===- Schedule.cpp - each tiled part's loop nest -------------------------===//
//
// Chooses what convert-sattn-to-pim builds for a part: which loop encloses the
// other, where the scores live, and the rows and keys the program's buffers
// hold (docs/compiler.md, Loop nests).
//
//===----------------------------------------------------------------------===//

#include "PassSupport.h"

#include "pilot/Dialect/PIM/PIMDialect.h"
#include "pilot/Dialect/SAttn/SAttnPasses.h"

#include "llvm/Support/MathExtras.h"

namespace pilot::sattn {
#define GEN_PASS_DEF_PIMSCHEDULE
#include "pilot/Dialect/SAttn/SAttnPasses.h.inc"
} // namespace pilot::sattn

using namespace mlir;
using namespace pilot;
using namespace pilot::pim;

namespace {

/// The buffer bytes a part's program allocates for tiles of `a` rows and
/// `kb` keys a step, the head dimension `d` in chunks of `dc` (docs/
/// compiler.md, Buffers): the fused schedule's tiles, steps (key-stationary,
/// a step's keys and values both) and per-row state; otherwise the rows'
/// sums (and, in a column split, their totals) beside the larger phase,
/// SDDMM (Q, keys, a block of scores) or SpMM (values, a block, the output,
/// which the group sums in place).
int64_t programBytes(Schedule schedule, bool columnSplit, bool keyStationary,
                     int64_t a, int64_t kb, int64_t d, int64_t dc) {
  if (schedule == Schedule::Fused)
    return (2 * a * d + (keyStationary ? 2 * kb * d : kb * dc) + a * kb +
            4 * a) *
           2;
  return ((columnSplit ? 2 : 1) * a + a * dc + kb * dc + a * kb) * 2;
}

struct PIMSchedulePass : public sattn::impl::PIMScheduleBase<PIMSchedulePass> {
  using PIMScheduleBase::PIMScheduleBase;

  void runOnOperation() override {
    FailureOr<hw::HardwareDescription> description =
        hardwareOption(getOperation(), "pim-schedule", hardware, bufferBytes);
    if (failed(description))
      return signalPassFailure();
    if (order != "auto" && order != "query" && order != "key") {
      getOperation()->emitError() << "pim-schedule: unknown order '" << order
                                  << "' (order); orders are auto, query, key";
      return signalPassFailure();
    }
    auto onPart = [&](sattn::SddmmOp sddmm,
                      MappingAttr mapping) -> LogicalResult {
      auto tiles = sddmm->getAttrOfType<TilesAttr>(
          PIMDialect::TilesAttrHelper::getNameStr());
      if (!tiles)
        return sddmm.emitOpError("has no pim.tiles; run --pim-tile first");
      return schedule(sddmm, mapping, tiles, *description);
    };
    if (failed(forEachMappedPart(getOperation(), onPart)))
      signalPassFailure();
  }

private:
  LogicalResult schedule(sattn::SddmmOp sddmm, MappingAttr mapping,
                         TilesAttr tiles,
                         const hw::HardwareDescription &description) {
    // Query heads that share a key-value head are rows of one instance.
    int64_t rows =
        pattern::totalSize(sddmm.getPartRowRuns()) * mapping.getKvGroup();
    int64_t d = sddmm.getProblem().headDim;
    int64_t dc =
        tiles.getHeadDimChunk() > 0 ? std::min(tiles.getHeadDimChunk(), d) : d;
    bool column = mapping.getSplit() == Split::Columns;
    bool naive = tiles.getSchedule() == Schedule::Naive;
    analysis::Schedule kind = fromAttr(tiles.getSchedule());
    if (order == "key" && (!column || kind == analysis::Schedule::Naive))
      return sddmm.emitOpError()
             << "pim-schedule: order=key needs the pilot or fused schedule's "
                "column split; this part is the "
             << analysis::scheduleName(kind) << " schedule's "
             << stringifySplit(mapping.getSplit()) << " split";
    if (order == "key" && mapping.getGroupsPerInstance() > 1)
      return sddmm.emitOpError()
             << "pim-schedule: order=key walks every row's keys on one group, "
                "but this part's keys are cut over "
             << mapping.getGroupsPerInstance()
             << " groups per instance (groups_per_instance); map it with "
                "split=heads";
    // The fused schedule's key-stationary steps keep their keys and values
    // whole, both at once.
    bool fusedKeyFirst = order == "key" && kind == analysis::Schedule::Fused;
    if (fusedKeyFirst && dc < d)
      return sddmm.emitOpError()
             << "pim-schedule: order=key keeps the head dimension whole, but "
                "the fused tiles chunk it by "
             << dc << " (head_dim_chunk)";

    // The naive schedule takes one row at a time and a DRAM row of keys a
    // step (the same bytes as one key at a time, in fewer commands); the
    // others the tiles' rows (no more than the part's) and keys, fewer
    // keys where the program's buffers do not hold them.
    int64_t a = naive ? 1
                      : std::clamp<int64_t>(tiles.getRows(), 1,
                                            std::max<int64_t>(rows, 1));
    int64_t kb = 0;
    for (int64_t keys = naive ? analysis::naiveStepKeys(description, d)
                              : std::max<int64_t>(1, tiles.getKeys());
         keys >= 1; --keys)
      if (programBytes(tiles.getSchedule(), column, fusedKeyFirst, a, keys, d,
                       dc) <= description.bpm.bufferBytes) {
        kb = keys;
        break;
      }
    if (kb == 0)
      return sddmm.emitOpError()
             << "pim-schedule: tiles of " << a << " rows need "
             << programBytes(tiles.getSchedule(), column, fusedKeyFirst, a, 1,
                             d, dc)
             << " bytes of buffer with one key a step; the buffer has "
             << description.bpm.bufferBytes << " (bpm.buffer_bytes)";

    analysis::Tiles walked{a, kb, tiles.getHeadDimChunk()};
    if (order == "query")
      walked.order = analysis::Order::QueryStationary;
    if (order == "key")
      walked.order = analysis::Order::KeyStationary;
    pattern::AttentionProblem part = partOf(sddmm, mapping);
    // Keys cut over several groups leave each group a partial, whose rows'
    // statistics a query-stationary tile keeps together.
    bool partials = mapping.getGroupsPerInstance() > 1;
    // The fused schedule's order, left open, is the faster one's.
    if (column && kind == analysis::Schedule::Fused && order == "auto" &&
        !partials)
      walked.order = analysis::predict(part, description, kind,
                                       analysis::TileChoice{walked, walked})
                         .tiles.columnSplit.order;
    bool keyStationary =
        column && analysis::keyStationary(kind, walked, rows, partials);
    // Key-stationary, a bank holds every row's scores (the PILOT schedule)
    // or running state (fused) of its piece (many decoding queries against
    // a long cache): where they do not fit, the tiles walk the keys
    // query-stationary.
    bool overflows =
        keyStationary && order == "auto" &&
        !analysis::keyStationaryFits(part, description, walked, kind);
    if (overflows) {
      walked.order = analysis::Order::QueryStationary;
      keyStationary = false;
    }

    MLIRContext *context = &getContext();
    auto loopNest = LoopNestAttr::get(
        context, keyStationary ? Order::KeyStationary : Order::QueryStationary,
        tiles.getSchedule() == Schedule::Fused ? ScoreHome::Buffer
                                               : ScoreHome::Dram,
        a, kb, llvm::divideCeilSigned(d, dc));
    // What the program walks differs from what pim-tile predicted: predict
    // it again. Fewer rows than the tiles' (a part with fewer rows) matter
    // where a bank walks past the part's rows (a partial last block).
    bool repredict = !naive && (kb != tiles.getKeys() ||
                                a != tiles.getRows() || order != "auto" ||
                                overflows);
    DictionaryAttr predicted;
    if (repredict)
      predicted = predictedAttr(
          context, analysis::predict(part, description, kind,
                                     analysis::TileChoice{walked, walked}));
    for (Operation *op : sddmm.getPartOps()) {
      op->setAttr(PIMDialect::LoopNestAttrHelper::getNameStr(), loopNest);
      if (predicted)
        op->setAttr(PIMDialect::PredictedAttrHelper::getNameStr(), predicted);
    }
    ++numScheduled;
    if (keyStationary)
      ++numKeyStationary;
    return success();
  }
};

} // namespace
