//===- Parts.cpp - a part as the sattn-to-pim conversion reads it ---------===//
//
// Reads a decomposed part from its sattn.sddmm and the annotations the
// planning passes left on it (#pim.mapping, #pim.tiles, #pim.loop_nest),
// and refuses, with the reason, what the conversion does not lower.
//
//===----------------------------------------------------------------------===//

#include "SAttnToPIMInternals.h"

#include "pilot/Analysis/IOModel.h"
#include "pilot/Pattern/SparsityPattern.h"

#include "llvm/ADT/DenseSet.h"
#include "llvm/Support/MathExtras.h"

using namespace mlir;
using namespace pilot;
using namespace pilot::pim;
using namespace pilot::sattn_to_pim;

namespace {

/// An error at the part's SDDMM, prefixed with the pass.
InFlightDiagnostic unsupported(sattn::SddmmOp sddmm, const Twine &what) {
  return sddmm.emitOpError() << "convert-sattn-to-pim: " << what;
}

/// FP16 elements and vectors that fill DRAM columns (and chunks that start
/// on one).
LogicalResult readElements(Part &part, TilesAttr tiles,
                           const hw::HardwareDescription &hw) {
  sattn::SddmmOp sddmm = part.sddmm;
  const pattern::AttentionProblem &problem = part.problem;
  Type element = sddmm.getQuery().getType().getElementType();
  if (!element.isF16())
    return sddmm.emitOpError()
           << "convert-sattn-to-pim: the processing units compute in FP16; "
           << "convert the " << element << " attention to f16 first";
  part.headDimChunk = tiles.getHeadDimChunk() > 0
                          ? std::min(tiles.getHeadDimChunk(), problem.headDim)
                          : problem.headDim;
  if (part.headDimChunk < problem.headDim &&
      (part.headDimChunk * kElementBytes) % hw.org.columnBytes != 0)
    return unsupported(
        sddmm, Twine("a head-dimension chunk of ") + Twine(part.headDimChunk) +
                   " elements does not start every chunk on a "
                   "DRAM column (" +
                   Twine(hw.org.columnBytes) + " bytes, org.column_bytes)");
  // A vector may straddle DRAM rows (transfers split there), but every
  // vector starts on a column.
  if (part.vectorBytes() % hw.org.columnBytes != 0)
    return unsupported(
        sddmm, Twine("a head dimension of ") + Twine(problem.headDim) +
                   " elements (" + Twine(part.vectorBytes()) +
                   " bytes) is not a whole number of DRAM "
                   "columns (" +
                   Twine(hw.org.columnBytes) + " bytes, org.column_bytes)");
  return success();
}

/// The part's heads: all, the dense ones or the others, any of them (the
/// placements look up heads that are not one run).
void readHeads(Part &part) {
  const pattern::AttentionProblem &problem = part.problem;
  llvm::SmallDenseSet<int64_t> dense(part.spec().denseHeads.begin(),
                                     part.spec().denseHeads.end());
  sattn::HeadClass selection = part.sddmm.getHeads();
  for (int64_t head = 0; head < problem.heads; ++head)
    if (selection == sattn::HeadClass::All ||
        (selection == sattn::HeadClass::Dense) == dense.contains(head))
      part.headList.push_back(head);
  part.firstHead = part.headList.front();
  part.heads = part.headList.size();
}

/// `kv_group` query heads an instance: consecutive heads of one key-value
/// head, whose rows are alike (one decoding query each).
LogicalResult readSharedHeads(Part &part, int64_t shared) {
  sattn::SddmmOp sddmm = part.sddmm;
  const pattern::AttentionProblem &problem = part.problem;
  part.sharedHeads = shared;
  if (shared == 1)
    return success();
  if (problem.isPrefill() || problem.queries != 1)
    return unsupported(sddmm, Twine("#pim.mapping kv_group = ") +
                                  Twine(shared) +
                                  " shares key-value heads between rows of "
                                  "one decoding query per head; this part "
                                  "has " +
                                  Twine(problem.queries) + " queries per head");
  int64_t group = problem.heads / problem.kvHeads;
  for (size_t first = 0; first < part.headList.size(); first += shared) {
    int64_t head = part.headList[first];
    bool oneRun = first + shared <= part.headList.size() &&
                  part.headList[first + shared - 1] == head + shared - 1 &&
                  head / group == (head + shared - 1) / group;
    if (!oneRun)
      return unsupported(sddmm, Twine("#pim.mapping kv_group = ") +
                                    Twine(shared) + " but the part's heads " +
                                    "from " + Twine(head) +
                                    " on are not that many consecutive heads "
                                    "of one key-value head");
  }
  return success();
}

/// A hand-written #pim.mapping must describe this part on this hardware:
/// the conversion takes its counts as they are.
LogicalResult readMapping(Part &part, MappingAttr mapping,
                          const hw::HardwareDescription &hw) {
  sattn::SddmmOp sddmm = part.sddmm;
  int64_t instances = mapping.getHeadInstances();
  int64_t groups = mapping.getBankGroups();
  int64_t firstGroup = mapping.getFirstGroup();
  if (firstGroup + groups > hw.totalBankGroups())
    return unsupported(
        sddmm, Twine("#pim.mapping bank_groups = ") + Twine(groups) +
                   (firstGroup > 0 ? " from first_group = " + Twine(firstGroup)
                                   : Twine()) +
                   " but the hardware has " + Twine(hw.totalBankGroups()) +
                   " bank groups");
  if (mapping.getBanksPerGroup() != hw.org.banks)
    return unsupported(sddmm, Twine("#pim.mapping banks_per_group = ") +
                                  Twine(mapping.getBanksPerGroup()) +
                                  " but the hardware's bank groups have " +
                                  Twine(hw.org.banks) + " banks (org.banks)");
  if (failed(readSharedHeads(part, mapping.getKvGroup())))
    return failure();
  if (instances != part.problem.batch * part.instances()) {
    std::string shared =
        part.sharedHeads > 1 ? " / " + std::to_string(part.sharedHeads) : "";
    return unsupported(sddmm, Twine("#pim.mapping head_instances = ") +
                                  Twine(instances) + " but the part has " +
                                  Twine(part.problem.batch) + " x " +
                                  Twine(part.heads) + shared +
                                  (shared.empty() ? " (batch x heads)"
                                                  : " (batch x heads / kv_group)"));
  }
  part.firstGroup = firstGroup;
  part.groupsPerInstance = mapping.getGroupsPerInstance();
  part.bankGroups = groups;
  // An instance over several groups is one slot in each (the verifier
  // gives it groups of its own).
  int64_t sets = groups / part.groupsPerInstance;
  part.slots = llvm::divideCeilSigned(instances, sets);
  part.remainder =
      (instances - (part.slots - 1) * sets) * part.groupsPerInstance;
  return success();
}

/// The part's rows, in runs wherever the global rows lie.
LogicalResult readRows(Part &part) {
  sattn::SddmmOp sddmm = part.sddmm;
  part.rowRuns = sddmm.getPartRowRuns();
  if (part.rowRuns.empty())
    return unsupported(sddmm, "the part selects no query rows");
  part.rowBegin = part.rowRuns.front().begin;
  part.rowEnd = part.rowRuns.back().end;
  return success();
}

/// Every row of a sparse part attends a key: a row that attends none (a
/// causal row before every global token, without a window or sinks) has
/// an empty softmax, which the programs would divide by.
LogicalResult readEmptyRows(Part &part) {
  if (part.denseHeads || part.spec().dense)
    return success();
  pattern::SparsityPattern sparsity(part.spec(), part.problem.shape());
  for (const pattern::Interval &run : part.rowRuns)
    for (int64_t row = run.begin; row < run.end; ++row)
      if (sparsity.rowEntries(row) == 0)
        return unsupported(part.sddmm,
                           Twine("query row ") + Twine(row) +
                               " attends no key, so its softmax would divide "
                               "by an empty sum; give the pattern a window "
                               "or sinks so that every row attends one");
  return success();
}

/// The band of key positions less its own that a decoding row keeps of a
/// run: every fixed key up to its causal limit, or the window's (the causal
/// limit alone for dense rows).
Band decodingBand(const Part &part, bool fixedRun) {
  const pattern::PatternSpec &spec = part.spec();
  Band band;
  bool windowRows = !spec.dense && !part.denseHeads && spec.hasWindow;
  if (windowRows && !fixedRun && spec.blockSize == 1)
    band = Band(-spec.windowLeft, spec.windowRight);
  if (spec.causal)
    band.hi = std::min<int64_t>(band.hi, 0);
  return band;
}

/// Whether every row keeps, of the runs' bands, exactly the keys it
/// attends; else an error naming the first row that attends others.
LogicalResult checkRowBands(const Part &part,
                            const pattern::SparsityPattern &sparsity,
                            int64_t head) {
  for (int64_t row = part.rowBegin; row < part.rowEnd; ++row) {
    std::vector<pattern::Interval> kept;
    for (const ColumnRun &run : part.columnRuns) {
      int64_t entries = pattern::totalSize(run.keys);
      int64_t offset = row - run.firstKey;
      int64_t from = std::clamp<int64_t>(offset + run.rowBand->lo, 0, entries);
      int64_t to =
          std::clamp<int64_t>(offset + run.rowBand->hi + 1, from, entries);
      std::vector<pattern::Interval> slice =
          pattern::sliceEntries(run.keys, from, to);
      kept.insert(kept.end(), slice.begin(), slice.end());
    }
    pattern::mergeIntervals(kept);
    if (kept != sparsity.rowColumns(row, head))
      return unsupported(
          part.sddmm,
          Twine("decoding ") + Twine(part.rows()) +
              " queries lowers rows that each attend their fixed keys (sinks, "
              "global tokens) and one band of key positions about their own "
              "(a causal limit, a token window); query row " +
              Twine(row) + " at position " +
              Twine(sparsity.queryPosition(row)) +
              " attends other keys (a block window, random keys)");
  }
  return success();
}

} // namespace

/// The column split's runs of keys and what each row keeps of them. Global
/// rows attend every key up to their own. Decoding rows that attend
/// different keys keep one band of each run; the run's entries before its
/// last interval take the mask's key indices just before it, so the band
/// keeps them only where every row attends them. A row whose keys the bands
/// do not describe is refused.
LogicalResult sattn_to_pim::readColumnRuns(Part &part) {
  part.columnRuns.clear();
  if (!part.columnSplit)
    return success();
  const pattern::AttentionProblem &problem = part.problem;
  pattern::SparsityPattern sparsity(part.spec(), problem.shape());
  int64_t head =
      part.denseHeads ? part.firstHead : pattern::SparsityPattern::sparseHead;
  std::vector<int64_t> rows;
  for (const pattern::Interval &run : part.rowRuns)
    for (int64_t row = run.begin; row < run.end; ++row)
      rows.push_back(row);
  analysis::ColumnSplitKeys keys =
      analysis::columnSplitKeys(sparsity, head, rows);
  for (std::vector<pattern::Interval> &run : keys.runs)
    part.columnRuns.push_back({std::move(run), 0, std::nullopt});
  if (problem.isPrefill()) {
    if (part.spec().causal)
      for (ColumnRun &run : part.columnRuns)
        run.rowBand = Band(-kUnbounded, 0);
    return success();
  }
  if (keys.rowsAlike)
    return success();

  // A band is about a row's position: decoding's rows are one run (its
  // global rows are not a part of their own).
  assert(part.rowRuns.size() == 1 && "decoding rows are one run");
  std::vector<pattern::Interval> fixed = analysis::fixedColumns(sparsity);
  int64_t firstPosition = sparsity.queryPosition(part.rowBegin);
  for (ColumnRun &run : part.columnRuns) {
    int64_t first = run.keys.front().begin;
    bool fixedRun = llvm::any_of(fixed, [&](const pattern::Interval &key) {
      return key.begin <= first && first < key.end;
    });
    run.rowBand = decodingBand(part, fixedRun);
    int64_t before = pattern::totalSize(run.keys) - run.keys.back().size();
    // The mask compares key indices with the rows' indices.
    run.firstKey =
        run.keys.back().begin - before - firstPosition + part.rowBegin;
  }
  return checkRowBands(part, sparsity, head);
}

namespace {

/// Random keys in the row split: each query block's draw, gathered by the
/// host (pim.cfg random_blocks), the same number for every block.
LogicalResult readRandomBlocks(Part &part) {
  sattn::SddmmOp sddmm = part.sddmm;
  const pattern::PatternSpec &spec = part.spec();
  bool random = spec.randomPerRow > 0 || !spec.randomColumns.empty();
  if (!random || part.columnSplit || part.denseHeads || spec.dense)
    return success();
  if (spec.blockSize == 1)
    return unsupported(sddmm, "random keys are lowered for block patterns "
                              "(block > 1), where a tile's rows share them");
  if (part.problem.keys % spec.blockSize != 0)
    return unsupported(sddmm, "random keys need whole key blocks: the keys "
                              "are not a multiple of the block size");
  if (spec.causal && !spec.hasWindow)
    return unsupported(sddmm, "causal random keys without a window are not "
                              "lowered yet");
  pattern::SparsityPattern sparsity(spec, part.problem.shape());
  int64_t draws = -1;
  for (const pattern::Interval &run : part.rowRuns)
    for (int64_t q = run.begin / spec.blockSize;
         q < llvm::divideCeilSigned(run.end, spec.blockSize); ++q) {
      int64_t count = sparsity.randomBlocks(q).size();
      if (draws >= 0 && count != draws)
        return unsupported(sddmm, Twine("query blocks draw different numbers "
                                        "of random blocks (") +
                                      Twine(draws) + " and " + Twine(count) +
                                      "): too few candidates for some");
      draws = count;
    }
  part.randomBlocks = std::max<int64_t>(draws, 0);
  return success();
}

} // namespace

FailureOr<std::optional<Part>>
sattn_to_pim::readPart(sattn::SddmmOp sddmm,
                       const hw::HardwareDescription &hw) {
  auto mapping = sddmm->getAttrOfType<MappingAttr>(
      PIMDialect::MappingAttrHelper::getNameStr());
  if (!mapping)
    return sddmm.emitOpError("has no pim.mapping; run --pim-map first");
  if (mapping.getSplit() == Split::Host)
    return std::optional<Part>();
  auto tiles = sddmm->getAttrOfType<TilesAttr>(
      PIMDialect::TilesAttrHelper::getNameStr());
  if (!tiles)
    return sddmm.emitOpError("has no pim.tiles; run --pim-tile first");
  auto loopNest = sddmm->getAttrOfType<LoopNestAttr>(
      PIMDialect::LoopNestAttrHelper::getNameStr());
  if (!loopNest)
    return sddmm.emitOpError("has no pim.loop_nest; run --pim-schedule first");
  bool hasSpmm = llvm::any_of(
      sddmm.getPartOps(), [](Operation *op) { return isa<sattn::SpmmOp>(op); });
  if (!hasSpmm)
    return sddmm.emitOpError(
        "convert-sattn-to-pim: needs the sattn.softmax and sattn.spmm of its "
        "scores, to lower the part whole");

  Part part;
  part.sddmm = sddmm;
  part.problem = sddmm.getProblem();
  part.columnSplit = mapping.getSplit() == Split::Columns;
  part.denseHeads = sddmm.getHeads() == sattn::HeadClass::Dense;
  part.schedule = tiles.getSchedule();
  part.scale = sddmm.getScale().convertToDouble();
  readHeads(part);
  if (failed(readElements(part, tiles, hw)) ||
      failed(readMapping(part, mapping, hw)) || failed(readRows(part)) ||
      failed(readEmptyRows(part)) || failed(readRandomBlocks(part)))
    return failure();
  part.tileRows = loopNest.getRows();
  part.stepKeys = loopNest.getKeys();
  part.keyStationary = loopNest.getOrder() == Order::KeyStationary;
  if (part.partials() && part.keyStationary)
    return unsupported(sddmm, "#pim.mapping groups_per_instance = " +
                                  Twine(part.groupsPerInstance) +
                                  " cuts the keys over bank groups, whose "
                                  "partials need a query-stationary loop "
                                  "nest (pim.loop_nest order)");
  if (part.schedule == pim::Schedule::Pilot && !part.keyStationary) {
    analysis::Buffering buffering = analysis::buffering(
        analysis::Schedule::Pilot,
        part.columnSplit ? analysis::Split::Columns : analysis::Split::Rows,
        analysis::Tiles{part.tileRows, part.stepKeys, part.headDimChunk},
        part.headDim(), hw);
    part.keySlots = buffering.slots;
    part.blockSteps = buffering.blockSteps;
  }
  return std::optional<Part>(part);
}
