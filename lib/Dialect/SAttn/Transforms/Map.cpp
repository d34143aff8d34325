//===- Map.cpp - place the parts of an attention on bank groups -----------===//

#include "PassSupport.h"

#include "pilot/Dialect/PIM/PIMDialect.h"
#include "pilot/Dialect/SAttn/SAttnPasses.h"

#include <limits>

namespace pilot::sattn {
#define GEN_PASS_DEF_PIMMAP
#include "pilot/Dialect/SAttn/SAttnPasses.h.inc"
} // namespace pilot::sattn

using namespace mlir;
using namespace pilot;
using namespace pilot::pim;

namespace {

/// How the paper maps a part (PAPER.md, Data mapping).
Split splitOf(const pattern::AttentionProblem &problem, sattn::RowClass rows,
              sattn::HeadClass heads, bool denseHeadsOnPIM) {
  if (!problem.isPrefill())
    return Split::Columns;
  if (heads == sattn::HeadClass::Dense)
    return denseHeadsOnPIM ? Split::Rows : Split::Host;
  return rows == sattn::RowClass::Global ? Split::Columns : Split::Rows;
}

struct PIMMapPass : public sattn::impl::PIMMapBase<PIMMapPass> {
  using PIMMapBase::PIMMapBase;

  void runOnOperation() override {
    FailureOr<hw::HardwareDescription> description =
        hardwareOption(getOperation(), "pim-map", hardware);
    if (failed(description))
      return signalPassFailure();
    FailureOr<std::optional<analysis::Schedule>> asked =
        scheduleOption(getOperation(), "pim-map", schedule);
    if (failed(asked))
      return signalPassFailure();
    judged = capacitySchedule(*asked);
    this->asked = *asked;
    if (shareKV != "auto" && shareKV != "on" && shareKV != "off") {
      getOperation()->emitError()
          << "pim-map: unknown share-kv '" << shareKV
          << "' (share-kv); it is auto, on or off";
      return signalPassFailure();
    }
    WalkResult result = getOperation()->walk([&](Operation *op) {
      if (isa<sattn::AttentionOp>(op)) {
        op->emitError("pim-map places decomposed attention; run "
                      "--sattn-decompose first");
        return WalkResult::interrupt();
      }
      if (auto sddmm = dyn_cast<sattn::SddmmOp>(op))
        if (failed(map(sddmm, *description)))
          return WalkResult::interrupt();
      return WalkResult::advance();
    });
    if (result.wasInterrupted())
      signalPassFailure();
  }

private:
  /// The schedule whose storage must fit the banks.
  analysis::Schedule judged = analysis::Schedule::Fused;
  /// The schedule pim-tile will be asked for; none under `auto`.
  std::optional<analysis::Schedule> asked;

  /// The time the I/O model predicts for a decoding attention with `shared`
  /// query heads an instance: its parts' (the sparse and the dense heads,
  /// each dealt over the bank groups from the first, so that the first
  /// group is the busiest of each), each at the shortest time among the
  /// schedules pim-tile may take.
  double predictedTime(pattern::AttentionProblem problem, int64_t shared,
                       const hw::HardwareDescription &description) const {
    using Heads = pattern::AttentionProblem::Heads;
    problem.sharedHeads = shared;
    problem.rowSplit = false;
    int64_t dense = problem.pattern.denseHeads.size();
    SmallVector<Heads, 2> parts = {Heads::All};
    if (dense > 0 && dense < problem.heads)
      parts = {Heads::Sparse, Heads::Dense};
    double time = 0;
    for (Heads heads : parts) {
      problem.headSelection = heads;
      double best = std::numeric_limits<double>::infinity();
      for (analysis::Schedule schedule : analysis::allSchedules())
        if (!asked || *asked == schedule)
          best = std::min(best, analysis::searchTiles(
                                    problem, description, schedule,
                                    analysis::TileSpace::Paper)
                                    .timeNs);
      time += best;
    }
    return time;
  }

  /// How many query heads of one key-value head share a head instance
  /// (`share-kv`): the attention's every part shares alike.
  FailureOr<int64_t> sharedHeads(sattn::SddmmOp sddmm,
                                 const pattern::AttentionProblem &problem,
                                 const hw::HardwareDescription &description) {
    if (shareKV == "off")
      return 1;
    analysis::KeyValueSharing sharing = analysis::keyValueSharing(problem);
    if (sharing.heads == 1) {
      if (shareKV == "on")
        return sddmm.emitOpError()
               << "pim-map: share-kv=on, but no query heads can share a "
                  "head instance: "
               << sharing.refusal;
      return 1;
    }
    if (shareKV == "on" ||
        predictedTime(problem, sharing.heads, description) <
            predictedTime(problem, 1, description))
      return sharing.heads;
    return 1;
  }

  LogicalResult map(sattn::SddmmOp sddmm,
                    const hw::HardwareDescription &description) {
    pattern::AttentionProblem problem = sddmm.getProblem();
    sattn::RowClass rows = sddmm.getRows();
    sattn::HeadClass heads = sddmm.getHeads();
    const pattern::PatternSpec &spec = problem.pattern;
    if (problem.isPrefill() && rows == sattn::RowClass::All &&
        heads != sattn::HeadClass::Dense && !spec.globalTokens.empty())
      return sddmm.emitOpError(
          "mixes non-global and global rows, which map differently; run "
          "--sattn-decompose to split them");
    if (heads == sattn::HeadClass::All && !spec.denseHeads.empty() &&
        int64_t(spec.denseHeads.size()) < problem.heads)
      return sddmm.emitOpError(
          "mixes sparse and dense heads, which map differently; run "
          "--sattn-decompose to split them");

    Split split = splitOf(problem, rows, heads, denseHeadsOnPIM);
    FailureOr<int64_t> shared = sharedHeads(sddmm, problem, description);
    if (failed(shared))
      return failure();
    int64_t partHeads = heads == sattn::HeadClass::Dense
                            ? int64_t(spec.denseHeads.size())
                        : heads == sattn::HeadClass::Sparse
                            ? problem.heads - int64_t(spec.denseHeads.size())
                            : problem.heads;
    int64_t instances = problem.batch * partHeads / *shared;
    int64_t groups = description.totalBankGroups();
    auto mapping = MappingAttr::get(&getContext(), split, instances,
                                    (instances + groups - 1) / groups, groups,
                                    description.org.banks, *shared);
    for (Operation *op : sddmm.getPartOps())
      op->setAttr(PIMDialect::MappingAttrHelper::getNameStr(), mapping);
    if (split == Split::Host) {
      ++numHost;
      return success();
    }
    ++numMapped;
    if (*shared > 1)
      ++numShared;

    // The tensors of every part on PIM share the banks.
    problem.denseHeadsOnPIM = denseHeadsOnPIM;
    problem.sharedHeads = *shared;
    if (std::optional<std::string> error = analysis::capacityError(problem, description, judged))
      return sddmm.emitOpError() << *error;
    return success();
  }
};

} // namespace
