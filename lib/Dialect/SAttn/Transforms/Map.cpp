//===- Map.cpp - place the parts of an attention on bank groups -----------===//

#include "PassSupport.h"

#include "pilot/Dialect/PIM/PIMDialect.h"
#include "pilot/Dialect/SAttn/SAttnPasses.h"

#include "llvm/ADT/MapVector.h"

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

/// One part of an attention as pim-map places it.
struct PartPlan {
  mutable sattn::SddmmOp sddmm;
  Split split = Split::Rows;
  int64_t instances = 0;
  int64_t groupsPerInstance = 1, firstGroup = 0, bankGroups = 0;
  /// Decoding under `split=auto`: the fewest groups per instance whose
  /// banks hold the instance's keys (1 where one group does).
  int64_t leastGroupsPerInstance = 1;
  /// Query heads of one key-value head per instance (`kv_group`).
  int64_t sharedHeads = 1;
};

/// The most bank groups one instance of a row split may span: every bank
/// keeps at least one query block (a row where rows attend alone) of the
/// part's longest run of rows.
int64_t mostGroupsPerInstance(sattn::SddmmOp sddmm, int64_t banks) {
  const pattern::PatternSpec &spec = sddmm.getProblem().pattern;
  bool blocks = !spec.dense && sddmm.getHeads() != sattn::HeadClass::Dense;
  int64_t block = blocks ? spec.blockSize : 1;
  int64_t longest = 0;
  for (const pattern::Interval &run : sddmm.getPartRowRuns())
    longest = std::max(longest, run.size());
  return std::max<int64_t>(1, longest / (block * banks));
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
    if (split != "auto" && split != "heads") {
      getOperation()->emitError()
          << "pim-map: split = '" << split << "', expected auto or heads";
      return signalPassFailure();
    }
    judged = capacitySchedule(*asked);
    this->asked = *asked;
    if (shareKV != "auto" && shareKV != "on" && shareKV != "off") {
      getOperation()->emitError()
          << "pim-map: unknown share-kv '" << shareKV
          << "' (share-kv); it is auto, on or off";
      return signalPassFailure();
    }
    // The parts of one attention share its query and key, and its groups.
    llvm::MapVector<std::pair<Value, Value>, SmallVector<PartPlan>> attentions;
    WalkResult result = getOperation()->walk([&](Operation *op) {
      if (isa<sattn::AttentionOp>(op)) {
        op->emitError("pim-map places decomposed attention; run "
                      "--sattn-decompose first");
        return WalkResult::interrupt();
      }
      auto sddmm = dyn_cast<sattn::SddmmOp>(op);
      if (!sddmm)
        return WalkResult::advance();
      FailureOr<PartPlan> plan = planPart(sddmm, *description);
      if (failed(plan))
        return WalkResult::interrupt();
      attentions[{sddmm.getQuery(), sddmm.getKey()}].push_back(*plan);
      return WalkResult::advance();
    });
    if (result.wasInterrupted())
      return signalPassFailure();
    for (auto &[operands, parts] : attentions) {
      if (split == "auto" && isDecoding(parts)) {
        if (failed(spreadKeys(parts, *description)))
          return signalPassFailure();
      } else if (split == "auto") {
        spreadRows(parts, *description);
      }
      for (const PartPlan &part : parts)
        annotate(part, *description);
    }
  }

private:
  /// The schedule whose storage must fit the banks.
  analysis::Schedule judged = analysis::Schedule::Fused;
  /// The schedule pim-tile will be asked for; none under `auto`.
  std::optional<analysis::Schedule> asked;

  /// The time the I/O model predicts for a part as pim-tile will tile it
  /// (bestPrediction): the one way pim-map weighs every choice.
  double partTime(const pattern::AttentionProblem &part,
                  const hw::HardwareDescription &description) const {
    return bestPrediction(part, description, asked, analysis::TileSpace::Paper)
        .timeNs;
  }

  /// The time the I/O model predicts for a decoding attention with `shared`
  /// query heads an instance: its parts' (the sparse and the dense heads,
  /// each dealt over the bank groups from the first, so that the first
  /// group is the busiest of each), added.
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
      time += partTime(problem, description);
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
    if (shareKV == "on")
      return sharing.heads;
    int64_t best = 1;
    double bestTime = predictedTime(problem, 1, description);
    for (int64_t shared : sharingsOf(sharing.heads)) {
      double time = predictedTime(problem, shared, description);
      if (time < bestTime) {
        best = shared;
        bestTime = time;
      }
    }
    return best;
  }

  /// The sharings `share-kv=auto` weighs for runs of `most` query heads of
  /// one kind a key-value head: every divisor of `most` but 1, so that each
  /// run splits into whole instances. Fewer heads than the run read the
  /// key-value head once per instance, but their rows may fit a tile the
  /// whole run does not (16 rows of 128 overflow a 2 KB buffer).
  static SmallVector<int64_t, 4> sharingsOf(int64_t most) {
    SmallVector<int64_t, 4> sharings;
    for (int64_t shared = 2; shared <= most; ++shared)
      if (most % shared == 0)
        sharings.push_back(shared);
    return sharings;
  }

  /// A part's split and instances, on every bank group (the paper's), and
  /// whether it fits.
  FailureOr<PartPlan> planPart(sattn::SddmmOp sddmm,
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

    PartPlan plan;
    plan.sddmm = sddmm;
    plan.split = splitOf(problem, rows, heads, denseHeadsOnPIM);
    FailureOr<int64_t> shared = sharedHeads(sddmm, problem, description);
    if (failed(shared))
      return failure();
    plan.sharedHeads = *shared;
    int64_t partHeads = heads == sattn::HeadClass::Dense
                            ? int64_t(spec.denseHeads.size())
                        : heads == sattn::HeadClass::Sparse
                            ? problem.heads - int64_t(spec.denseHeads.size())
                            : problem.heads;
    plan.instances = problem.batch * partHeads / *shared;
    plan.bankGroups = description.totalBankGroups();
    if (plan.split == Split::Host) {
      ++numHost;
      return plan;
    }
    ++numMapped;
    if (*shared > 1)
      ++numShared;

    // The tensors of every part on PIM share the banks.
    problem.denseHeadsOnPIM = denseHeadsOnPIM;
    problem.sharedHeads = *shared;
    FailureOr<int64_t> least =
        leastGroupsPerInstance(plan, problem, description);
    if (failed(least))
      return failure();
    plan.leastGroupsPerInstance = *least;
    return plan;
  }

  /// The fewest groups per instance whose banks hold a part: one where the
  /// whole attention fits the paper's mapping; else, under `split=auto` in
  /// decoding, the fewest (a power of two) whose banks hold the part's keys
  /// cut over them, in a range of groups of its own (spreadKeys). An error
  /// naming the bytes and the most groups tried where none holds it.
  FailureOr<int64_t>
  leastGroupsPerInstance(const PartPlan &plan,
                         const pattern::AttentionProblem &problem,
                         const hw::HardwareDescription &description) const {
    std::optional<std::string> error =
        analysis::capacityError(problem, description, judged);
    if (!error)
      return 1;
    if (split != "auto" || plan.split != Split::Columns || problem.isPrefill())
      return plan.sddmm.emitOpError() << *error;
    int64_t most = description.totalBankGroups() / plan.instances;
    int64_t tried = 1;
    for (int64_t pieces = 2; pieces <= most; pieces *= 2) {
      tried = pieces;
      if (!analysis::capacityError(
              partOf(plan.sddmm, Split::Columns, pieces, plan.sharedHeads),
              description, judged))
        return pieces;
    }
    return plan.sddmm.emitOpError()
           << *error << "; nor with its keys cut over " << tried
           << " bank groups an instance (split=auto tries powers of two up "
              "to the "
           << description.totalBankGroups() << " groups over its "
           << plan.instances << " instances)";
  }

  /// Small batches of prefill: where every instance fits once, each row
  /// split spans the groups the column split (the global rows) leaves
  /// (capped by its blocks) when the model predicts that faster, and the
  /// column split cuts its keys over each power of two of groups per
  /// instance that leaves the row split a group an instance (every one: the
  /// partials walk query-stationary, so 2 groups may be slower than 1 and 8
  /// faster). The parts run side by side, so an attention takes its parts'
  /// longest bank time plus their merges: the least of those is kept, ties
  /// to fewer groups. Where every part keeps one group, the paper's
  /// mapping.
  void spreadRows(MutableArrayRef<PartPlan> parts,
                  const hw::HardwareDescription &description) {
    int64_t groups = description.totalBankGroups();
    int64_t columnInstances = 0, rowInstances = 0;
    for (const PartPlan &part : parts) {
      if (part.split == Split::Columns)
        columnInstances += part.instances;
      if (part.split == Split::Rows)
        rowInstances += part.instances;
    }
    if (columnInstances + rowInstances > groups)
      return;
    // Each row split's span for the groups left, and its time, once each.
    llvm::SmallDenseMap<std::pair<size_t, int64_t>, std::pair<int64_t, double>>
        rowSpans;
    auto rowSpan = [&](size_t k, int64_t left) {
      const PartPlan &part = parts[k];
      int64_t span =
          std::min(left / rowInstances,
                   mostGroupsPerInstance(part.sddmm, description.org.banks));
      auto [it, inserted] = rowSpans.try_emplace({k, span});
      if (inserted) {
        double one = partTime(partOf(part.sddmm, Split::Rows, 1), description);
        double spread =
            span > 1
                ? partTime(partOf(part.sddmm, Split::Rows, span), description)
                : one;
        it->second = spread < one ? std::pair{span, spread}
                                  : std::pair<int64_t, double>{1, one};
      }
      return it->second;
    };
    PiecesChoice best;
    for (int64_t pieces = 1; columnInstances * pieces + rowInstances <= groups;
         pieces *= 2) {
      int64_t left = groups - columnInstances * pieces;
      double banks = 0, merges = 0;
      int64_t used = 0;
      SmallVector<int64_t, 2> spans;
      for (auto [k, part] : llvm::enumerate(parts)) {
        if (part.split == Split::Rows) {
          auto [span, time] = rowSpan(k, left);
          spans.push_back(span);
          banks = std::max(banks, time);
        } else {
          PiecesTime time =
              piecesTime(part, pieces, part.sharedHeads, description);
          spans.push_back(pieces);
          banks = std::max(banks, time.banksNs);
          merges += time.mergeNs;
        }
        used += part.instances * spans.back();
      }
      best.keepBetter(banks + merges, used, spans);
      if (columnInstances == 0)
        break;
    }
    if (best.pieces.empty() ||
        llvm::all_of(best.pieces, [](int64_t span) { return span == 1; }))
      return;
    placeInRanges(parts, best.pieces);
  }

  /// Gives each part `spans` groups per instance in a range of groups of
  /// its own, the column split's first: a mask's and a placement's bank
  /// index counts within a class, which must not cut an instance.
  static void placeInRanges(MutableArrayRef<PartPlan> parts,
                            ArrayRef<int64_t> spans) {
    int64_t next = 0;
    for (Split split : {Split::Columns, Split::Rows})
      for (auto [part, span] : llvm::zip_equal(parts, spans)) {
        if (part.split != split)
          continue;
        part.groupsPerInstance = span;
        part.firstGroup = next;
        part.bankGroups = part.instances * span;
        next += part.bankGroups;
      }
  }

  static bool isDecoding(ArrayRef<PartPlan> parts) {
    return llvm::all_of(parts, [](const PartPlan &part) {
      return part.split == Split::Columns &&
             !part.sddmm.getProblem().isPrefill();
    });
  }

  /// A part's predicted bank time and host merge time with `pieces` groups
  /// per instance and `shared` query heads an instance.
  struct PiecesTime {
    int64_t pieces = 1;
    double banksNs = 0, mergeNs = 0;
  };
  PiecesTime piecesTime(const PartPlan &part, int64_t pieces, int64_t shared,
                        const hw::HardwareDescription &description) const {
    analysis::Prediction prediction = bestPrediction(
        partOf(part.sddmm, Split::Columns, pieces, shared), description, asked,
        analysis::TileSpace::Paper);
    return {pieces, prediction.timeNs - prediction.mergeNs,
            prediction.mergeNs};
  }

  /// The groups per instance a part may take in a decoding attention: at
  /// least those its keys need to fit a bank (planPart), at most all.
  struct PiecesRange {
    int64_t instances = 0, least = 1, most = 1;
  };
  static PiecesRange piecesRange(const PartPlan &part, int64_t instances,
                                 int64_t groups) {
    return {instances, part.leastGroupsPerInstance, groups};
  }

  /// A part's predictions by groups per instance, each made once: a
  /// prediction walks every bank of an instance.
  struct PartTimes {
    const PartPlan *part;
    PiecesRange range;
    llvm::SmallDenseMap<int64_t, PiecesTime> byPieces;
    int64_t useful = std::numeric_limits<int64_t>::max();
    PartTimes(const PartPlan *part, PiecesRange range)
        : part(part), range(range) {}
  };
  const PiecesTime &timeOf(PartTimes &times, int64_t pieces, int64_t shared,
                           const hw::HardwareDescription &description) const {
    auto [it, inserted] = times.byPieces.try_emplace(pieces);
    if (inserted)
      it->second = piecesTime(*times.part, pieces, shared, description);
    return it->second;
  }

  /// The most groups per instance that help a part with `free` groups to
  /// itself: no more than fit, than its range allows, or than stopped
  /// running faster (`useful`).
  static int64_t mostHelpful(const PartTimes &times, int64_t free) {
    return std::min(
        {times.range.most, times.useful, free / times.range.instances});
  }

  /// The groups per instance worth weighing for a part with `free` groups
  /// to itself: powers of two from its least up to what fits, until one no
  /// longer runs faster (more partials to merge than keys saved), which
  /// becomes the most the part is given (`useful`): a short part gains
  /// nothing from the groups a long one needs.
  SmallVector<int64_t> usefulPowers(PartTimes &times, int64_t free,
                                    int64_t shared,
                                    const hw::HardwareDescription &description)
      const {
    SmallVector<int64_t> powers;
    double previous = std::numeric_limits<double>::infinity();
    int64_t most = std::min(times.range.most, free / times.range.instances);
    for (int64_t pieces = times.range.least; pieces <= most; pieces *= 2) {
      powers.push_back(pieces);
      const PiecesTime &time = timeOf(times, pieces, shared, description);
      if (time.banksNs + time.mergeNs >= previous) {
        times.useful = pieces;
        break;
      }
      previous = time.banksNs + time.mergeNs;
    }
    return powers;
  }

  /// The best groups per instance of each part for `shared` heads an
  /// instance: the parts run side by side on groups of their own and the
  /// host merges after the slowest, so an attention takes its parts' longest
  /// bank time plus their merges. Empty where the instances do not fit.
  struct PiecesChoice {
    double timeNs = std::numeric_limits<double>::infinity();
    int64_t groups = 0;
    SmallVector<int64_t, 2> pieces;

    /// Takes `candidate` (on `used` groups) where predicted faster, or as
    /// fast on fewer groups.
    void keepBetter(double candidateNs, int64_t used,
                    ArrayRef<int64_t> candidate) {
      if (candidateNs < timeNs || (candidateNs == timeNs && used < groups))
        *this = {candidateNs, used, SmallVector<int64_t, 2>(candidate)};
    }
  };

  /// Keeps `pieces` in `best` where predicted faster, or as fast on fewer
  /// groups.
  void weigh(MutableArrayRef<PartTimes> parts, ArrayRef<int64_t> pieces,
             int64_t shared, const hw::HardwareDescription &description,
             PiecesChoice &best) const {
    double banks = 0, merges = 0;
    int64_t used = 0;
    for (auto [times, count] : llvm::zip_equal(parts, pieces)) {
      const PiecesTime &time = timeOf(times, count, shared, description);
      banks = std::max(banks, time.banksNs);
      merges += time.mergeNs;
      used += times.range.instances * count;
    }
    best.keepBetter(banks + merges, used, pieces);
  }

  PiecesChoice choosePieces(ArrayRef<PartPlan> parts, int64_t shared,
                            const hw::HardwareDescription &description) const {
    int64_t groups = description.totalBankGroups();
    SmallVector<PartTimes, 2> times;
    int64_t least = 0;
    for (const PartPlan &part : parts) {
      PiecesRange range = piecesRange(
          part, part.instances * part.sharedHeads / shared, groups);
      least += range.instances * range.least;
      times.emplace_back(&part, range);
    }
    PiecesChoice best;
    if (least > groups)
      return best;
    // Each part weighs the powers of two that fit beside the other's least
    // (an attention has one part or two), and against each the most groups
    // left that help the other: balancing a long part against a short one.
    SmallVector<SmallVector<int64_t>, 2> powers;
    for (PartTimes &part : times)
      powers.push_back(usefulPowers(
          part, groups - least + part.range.instances * part.range.least,
          shared, description));
    if (times.size() == 1) {
      // And the most groups that fit, which need not be a power of two.
      SmallVector<int64_t> candidates = powers.front();
      candidates.push_back(mostHelpful(times.front(), groups));
      for (int64_t pieces : candidates)
        weigh(times, {pieces}, shared, description, best);
      return best;
    }
    // Once part k runs no slower than the other on the rest, more groups
    // for k only shorten the other's and add merges.
    for (size_t k = 0; k < 2; ++k)
      for (int64_t pieces : powers[k]) {
        PartTimes &other = times[1 - k];
        int64_t rest =
            mostHelpful(other, groups - times[k].range.instances * pieces);
        SmallVector<int64_t, 2> choice = {pieces, rest};
        if (k == 1)
          std::swap(choice[0], choice[1]);
        weigh(times, choice, shared, description, best);
        if (timeOf(times[k], pieces, shared, description).banksNs <=
            timeOf(other, rest, shared, description).banksNs)
          break;
      }
    // Pairs of powers cost no prediction more, and find where the short part
    // needs fewer groups than are left to it.
    for (int64_t first : powers[0])
      for (int64_t second : powers[1])
        if (times[0].range.instances * first +
                times[1].range.instances * second <=
            groups)
          weigh(times, {first, second}, shared, description, best);
    return best;
  }

  /// Small batches of decoding: where every instance fits once, each
  /// column-split part cuts its instances' keys over the number of groups
  /// (and, under `share-kv=auto`, shares key-value heads or not) the I/O
  /// model predicts fastest, merge included; the parts lie in ranges of
  /// groups of their own. Else, or where every part keeps one group, the
  /// paper's mapping.
  LogicalResult spreadKeys(MutableArrayRef<PartPlan> parts,
                           const hw::HardwareDescription &description) {
    int64_t shared = parts.front().sharedHeads;
    SmallVector<int64_t, 4> sharings = {shared};
    // A part that needs several groups to fit keeps the sharing it was
    // judged with.
    if (shareKV == "auto" && !needsSeveralGroups(parts)) {
      int64_t most =
          analysis::keyValueSharing(parts.front().sddmm.getProblem()).heads;
      sharings = {1};
      llvm::append_range(sharings, sharingsOf(most));
    }
    PiecesChoice best;
    int64_t bestShared = shared;
    for (int64_t candidate : sharings) {
      PiecesChoice choice = choosePieces(parts, candidate, description);
      if (choice.timeNs < best.timeNs) {
        best = choice;
        bestShared = candidate;
      }
    }
    if (best.pieces.empty() && needsSeveralGroups(parts))
      return tooFewGroups(parts, description);
    if (best.pieces.empty() ||
        (bestShared == shared &&
         llvm::all_of(best.pieces, [](int64_t p) { return p == 1; })))
      return success();
    for (PartPlan &part : parts) {
      part.instances = part.instances * part.sharedHeads / bestShared;
      part.sharedHeads = bestShared;
    }
    placeInRanges(parts, best.pieces);
    return success();
  }

  static bool needsSeveralGroups(ArrayRef<PartPlan> parts) {
    return llvm::any_of(parts, [](const PartPlan &part) {
      return part.leastGroupsPerInstance > 1;
    });
  }

  /// Parts that each fit their least groups per instance, but not beside
  /// one another.
  static LogicalResult tooFewGroups(ArrayRef<PartPlan> parts,
                                    const hw::HardwareDescription &description) {
    InFlightDiagnostic diagnostic = parts.front().sddmm.emitOpError()
                                    << "does not fit in the banks: its parts "
                                       "need ";
    llvm::interleave(
        parts, diagnostic,
        [&](const PartPlan &part) {
          diagnostic << part.instances << " instances x "
                     << part.leastGroupsPerInstance << " bank groups";
        },
        " and ");
    return diagnostic << " (groups_per_instance) to hold their keys, more "
                         "than the "
                      << description.totalBankGroups() << " bank groups";
  }

  void annotate(const PartPlan &part,
                const hw::HardwareDescription &description) {
    auto mapping = MappingAttr::get(
        &getContext(), part.split, part.instances,
        llvm::divideCeilSigned(part.instances, part.bankGroups),
        part.bankGroups, description.org.banks, part.sharedHeads,
        part.groupsPerInstance, part.firstGroup);
    sattn::SddmmOp sddmm = part.sddmm;
    for (Operation *op : sddmm.getPartOps())
      op->setAttr(PIMDialect::MappingAttrHelper::getNameStr(), mapping);
  }
};

} // namespace
