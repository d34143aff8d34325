//===- Prediction.cpp - whole-problem predictions, bounds, tile search ----===//
//
// Puts per-bank counts together over the system: head instances on bank
// groups, the busiest bank, time, lower bounds and the tile search
// (docs/io-model.md).
//
//===----------------------------------------------------------------------===//

#include "pilot/Analysis/Prediction.h"

#include "llvm/Support/MathExtras.h"

#include <fmt/format.h>

#include <algorithm>
#include <cassert>
#include <cmath>
#include <map>
#include <optional>
#include <tuple>

using namespace pilot;
using namespace pilot::analysis;
using pattern::Interval;
using pattern::SparsityPattern;

double Prediction::macsPerByte() const {
  int64_t bytes = busiestBank.total().internalBytes();
  return bytes ? double(busiestBank.total().macs) / double(bytes) : 0.0;
}

namespace {

int64_t unionSize(const std::vector<BankWork::Row> &rows) {
  std::vector<Interval> all;
  for (const BankWork::Row &row : rows)
    all.insert(all.end(), row.columns.begin(), row.columns.end());
  pattern::mergeIntervals(all);
  return pattern::totalSize(all);
}

/// Bank bandwidth in bytes per ns: one column access per nCCDL.
double bankBytesPerNs(const hw::HardwareDescription &hardware) {
  double nsPerColumn =
      double(hardware.timing.nCCDL) * double(hardware.timing.tCKps) / 1000.0;
  return double(hardware.org.columnBytes) / nsPerColumn;
}

struct PhaseTime {
  double io = 0;
  double compute = 0;
  double total = 0;
};

/// What one closed-page transfer costs beyond its columns: the row's
/// activation, the first data's latency and the precharge.
double activationNs(const hw::HardwareDescription &hardware) {
  const hw::DramTiming &timing = hardware.timing;
  return double(timing.nRCDRD + timing.nCL + timing.nBL + timing.nRP) *
         double(timing.tCKps) / 1000.0;
}

/// Phase by phase, the I/O time and the compute time (docs/io-model.md,
/// "Predicted time"). The programs issue in order, a step's transfers
/// before its arithmetic, so the two add up; but where `streams` (the PILOT
/// schedule's tiles hold two slots of keys or values, analysis::buffering)
/// the SDDMM's and SpMM's next step's transfer overlaps this step's MACs,
/// and their keys and values, between blocks of scores, open each row once:
/// such a phase takes the longer of the two, with the activations of its
/// bytes in whole rows.
PhaseTime timeOf(const PhaseCounts &phases,
                 const hw::HardwareDescription &hardware, bool streams) {
  PhaseTime time;
  double bandwidth = bankBytesPerNs(hardware);
  double perActivation = activationNs(hardware);
  double bpmNsPerCycle = 1000.0 / double(hardware.bpm.clockMHz);
  double bgpmNsPerCycle = 1000.0 / double(hardware.bgpm.clockMHz);
  int64_t rowBytes = hardware.org.rowBytes;
  for (const Counts *phase : {&phases.sddmm, &phases.softmax, &phases.spmm}) {
    bool overlapped = streams && phase != &phases.softmax;
    int64_t activations = phase->activations;
    if (overlapped)
      activations = std::min(
          activations, llvm::divideCeilSigned(phase->readBytes, rowBytes) +
                           llvm::divideCeilSigned(phase->writeBytes, rowBytes));
    double io = double(phase->internalBytes()) / bandwidth +
                double(activations) * perActivation;
    auto cycles = [](int64_t operations, int64_t perCycle) {
      return double((operations + perCycle - 1) / perCycle);
    };
    // PLT_EXP takes bpm.exp_cycles for each `lanes` elements.
    double compute =
        (cycles(phase->macs, hardware.bpm.lanes) +
         cycles(phase->exps, hardware.bpm.lanes) *
             double(hardware.bpm.expCycles)) *
            bpmNsPerCycle +
        cycles(phase->bgpmBytes / 2, hardware.bgpm.adders) * bgpmNsPerCycle;
    time.io += io;
    time.compute += compute;
    time.total += overlapped ? std::max(io, compute) : io + compute;
  }
  return time;
}

/// The lower bounds of one bank's work for one head instance.
LowerBound boundOf(const BankWork &work, int64_t d,
                   const hw::HardwareDescription &hardware) {
  LowerBound bound;
  int64_t vectorBytes = transferCost(d, hardware).readBytes;
  int64_t queryRows = int64_t(work.splitRows.size() + work.pieces.size());
  // Every bank of a column split writes the reduced rows (one program).
  int64_t outputRows = queryRows;
  int64_t entries = 0;
  for (const BankWork::Row &row : work.splitRows)
    entries += pattern::totalSize(row.columns);
  for (const BankWork::Row &piece : work.pieces)
    entries += pattern::totalSize(piece.columns);
  std::vector<BankWork::Row> rows = work.splitRows;
  rows.insert(rows.end(), work.pieces.begin(), work.pieces.end());
  int64_t keys = unionSize(rows);
  bound.compulsoryBytes = (queryRows + outputRows + 2 * keys) * vectorBytes;

  // Red-blue pebbling, SDDMM and SpMM each: F / (2 sqrt(2) sqrt(M)) - M
  // elements (Irony, Toledo, Tiskin 2004).
  double m = double(hardware.bufferElements());
  double perPhase =
      double(entries) * double(d) / (2.0 * std::sqrt(2.0) * std::sqrt(m)) - m;
  bound.pebblingBytes = 2 * 2 * int64_t(std::max(0.0, std::floor(perPhase)));
  return bound;
}

/// The heads that run on PIM for one batch element, and which are dense.
std::vector<int64_t> headsOnPIM(const AttentionProblem &problem,
                                const SparsityPattern &pattern) {
  using Heads = AttentionProblem::Heads;
  std::vector<int64_t> heads;
  for (int64_t head = 0; head < problem.heads; ++head) {
    bool dense = pattern.isDenseHead(head);
    bool selected = problem.headSelection == Heads::All ||
                    (problem.headSelection == Heads::Dense) == dense;
    bool onPIM = !problem.isPrefill() || problem.denseHeadsOnPIM || !dense;
    if (selected && onPIM)
      heads.push_back(head);
  }
  return heads;
}

} // namespace

namespace {

/// Numbers keys in the order first seen, equal keys alike; under
/// BankCounting::EveryBank, every key anew.
template <typename Key> class Numbering {
public:
  explicit Numbering(BankCounting counting) : counting(counting) {}
  /// The key's number, and whether it is a new one.
  std::pair<size_t, bool> number(Key key) {
    if (counting == BankCounting::EveryBank)
      return {next++, true};
    auto [it, inserted] = numbers.try_emplace(std::move(key), next);
    if (inserted)
      ++next;
    return {it->second, inserted};
  }

private:
  BankCounting counting;
  std::map<Key, size_t> numbers;
  size_t next = 0;
};

/// A problem's bank work, computed once and counted under any schedule and
/// tiles: the tile search predicts many times. The banks of an instance
/// mostly work alike (an even cut of keys: the same sizes), so each
/// distinct work is counted once, and the banks of the bank groups add up
/// in classes of alike banks.
class ProblemWork {
public:
  ProblemWork(const AttentionProblem &problem,
              const hw::HardwareDescription &hardware, BankCounting counting);

  /// The prediction for `tiles`; the fused schedule's column split, its
  /// order left open, in the faster order (named in the tiles).
  Prediction predict(Schedule schedule, const TileChoice &tiles) const;

  /// Whether an instance's keys are cut over several bank groups, each
  /// leaving a partial for the host to merge.
  bool partials() const {
    return problem.columnSplit && problem.groupsPerInstance > 1;
  }

  /// The most rows any bank handles in a column split.
  int64_t columnSplitRows() const { return mostPieces; }

private:
  Prediction predictInOrder(Schedule schedule, const TileChoice &tiles) const;

  /// Sparse heads share one work; each dense head on PIM is its own kind.
  int64_t kindKey(int64_t head) const {
    return pattern.isDenseHead(head) ? head : SparsityPattern::sparseHead;
  }
  /// The kind of the head instance `instance` (batch-major; an instance is
  /// `sharedHeads` consecutive heads of one key-value head).
  int64_t kindOfInstance(int64_t instance) const {
    return kindKey(heads[instance % instancesPerBatch * problem.sharedHeads]);
  }
  void addKind(int64_t key);
  void classifyGroups(BankCounting counting);

  /// Banks of an instance that count one distinct work and have one bound.
  struct AlikeBanks {
    size_t work;
    LowerBound bound;
  };
  struct Kind {
    /// Each bank of an instance: its entry of `alikeBanks`.
    std::vector<size_t> alikeOfBank;
    /// A row split over several bank groups: the K and V vectors the host
    /// writes the groups of one of its instances.
    int64_t keyValueVectors = 0;
  };
  /// Banks of a group that add up the same works (one per instance the
  /// group holds) and bounds.
  struct BankClass {
    std::vector<size_t> works;
    LowerBound bound;
  };
  /// Bank groups that hold instances of the same kinds, by their first
  /// group; their bank classes by their first bank.
  struct GroupClass {
    std::vector<BankClass> bankClasses;
  };

  const AttentionProblem &problem;
  const hw::HardwareDescription &hardware;
  SparsityPattern pattern;
  std::vector<int64_t> heads;
  /// The banks one head instance's rows are cut over.
  int64_t instanceBanks;
  int64_t instancesPerBatch;
  /// Sets of `groupsPerInstance` bank groups, each a "group" of
  /// `instanceBanks` banks below.
  int64_t groups;
  std::map<int64_t, Kind> kinds;
  /// The distinct works of every kind's banks, and the bounds of each.
  std::vector<BankWork> works;
  std::vector<LowerBound> boundsOfWork;
  std::vector<AlikeBanks> alikeBanks;
  /// How many banks of the system count each work, for its total.
  std::vector<int64_t> banksOfWork;
  std::vector<GroupClass> groupClasses;
  int64_t mostPieces = 0;
  /// The distinct works and alike banks seen so far, by their fields.
  Numbering<std::vector<int64_t>> workNumbers;
  Numbering<std::tuple<size_t, int64_t, int64_t>> alikeNumbers;

  /// Each distinct work's counts of one split under a schedule and tiles:
  /// the last asked for, kept, since the tile search changes one split's
  /// tiles at a time.
  struct SplitCounts {
    std::optional<std::pair<Schedule, Tiles>> counted;
    std::vector<PhaseCounts> works;
  };
  mutable SplitCounts rowSplitCounts, columnSplitCounts;
  const std::vector<PhaseCounts> &countsOf(SplitCounts &counts, Split split,
                                           Schedule schedule,
                                           const Tiles &tiles) const;

  int64_t keyValueVectorsWritten(int64_t kvHeadsUsed) const;
  void addMerge(Prediction &prediction, Schedule schedule) const;
  std::vector<PhaseCounts>
  paddedBanks(const GroupClass &groupClass,
              const std::vector<PhaseCounts> &workCounts) const;
};

ProblemWork::ProblemWork(const AttentionProblem &problem,
                         const hw::HardwareDescription &hardware,
                         BankCounting counting)
    : problem(problem), hardware(hardware),
      pattern(problem.pattern, problem.shape()),
      heads(headsOnPIM(problem, pattern)),
      instanceBanks(hardware.org.banks * problem.groupsPerInstance),
      instancesPerBatch(int64_t(heads.size()) / problem.sharedHeads),
      groups(hardware.totalBankGroups() / problem.groupsPerInstance),
      workNumbers(counting), alikeNumbers(counting) {
  assert((problem.groupsPerInstance == 1 || !problem.rowSplit ||
          !problem.columnSplit) &&
         "an instance spans several bank groups in one split");
  for (int64_t head : heads)
    if (!kinds.count(kindKey(head)))
      addKind(kindKey(head));
  banksOfWork.assign(works.size(), 0);
  for (int64_t instance = 0; instance < problem.batch * instancesPerBatch;
       ++instance)
    for (size_t alike : kinds.at(kindOfInstance(instance)).alikeOfBank)
      ++banksOfWork[alikeBanks[alike].work];
  classifyGroups(counting);
}

/// Each bank's work and bounds of kind `key`, numbered among the distinct
/// ones seen so far.
void ProblemWork::addKind(int64_t key) {
  Kind &kind = kinds[key];
  RowWalks walks = rowWalks(pattern, key);
  std::vector<BankWork::Row> rowsOfGroup;
  for (int64_t bank = 0; bank < instanceBanks; ++bank) {
    BankWork work = bankWork(pattern, key, bank, instanceBanks, walks);
    work.partialStatistics = partials();
    if (!problem.rowSplit)
      work.splitRows.clear();
    if (!problem.columnSplit) {
      work.pieces.clear();
      work.pieceWalks.clear();
      work.pieceRuns.clear();
    }
    mostPieces =
        std::max(mostPieces, int64_t(work.pieces.size()) * problem.sharedHeads);
    if (problem.groupsPerInstance > 1 && !partials()) {
      // The host writes each bank group the keys its banks' rows attend.
      rowsOfGroup.insert(rowsOfGroup.end(), work.splitRows.begin(),
                         work.splitRows.end());
      if ((bank + 1) % hardware.org.banks == 0) {
        kind.keyValueVectors += 2 * unionSize(rowsOfGroup);
        rowsOfGroup.clear();
      }
    }
    // Works alike before their rows repeat for the shared heads are alike
    // after: each distinct one is shared (copied) and bounded once.
    auto [workNumber, newWork] = workNumbers.number(countedFields(work));
    if (newWork) {
      shareKeyValueHead(work, problem.sharedHeads);
      boundsOfWork.push_back(boundOf(work, problem.headDim, hardware));
      works.push_back(std::move(work));
    }
    const LowerBound &bound = boundsOfWork[workNumber];
    auto [alike, newAlike] = alikeNumbers.number(
        {workNumber, bound.compulsoryBytes, bound.pebblingBytes});
    if (newAlike)
      alikeBanks.push_back({workNumber, bound});
    kind.alikeOfBank.push_back(alike);
  }
}

/// The bank groups in classes: head instances, batch-major, are dealt
/// round-robin to the groups, and groups that hold instances of the same
/// kinds (as banks: kinds whose banks are alike are one) hold alike banks;
/// within a group, banks whose instances' banks are alike add up alike.
void ProblemWork::classifyGroups(BankCounting counting) {
  int64_t instances = problem.batch * instancesPerBatch;
  int64_t usedGroups = std::min(groups, instances);
  Numbering<std::vector<size_t>> kindNumbers(counting);
  std::map<int64_t, size_t> kindNumberOf;
  for (const auto &[key, kind] : kinds)
    kindNumberOf[key] = kindNumbers.number(kind.alikeOfBank).first;
  Numbering<std::vector<size_t>> groupNumbers(counting);
  for (int64_t group = 0; group < usedGroups; ++group) {
    std::vector<size_t> kindsHeld;
    std::vector<const Kind *> instancesHeld;
    for (int64_t instance = group; instance < instances; instance += groups) {
      kindsHeld.push_back(kindNumberOf.at(kindOfInstance(instance)));
      instancesHeld.push_back(&kinds.at(kindOfInstance(instance)));
    }
    // Counts and bounds add up in any order: the kinds held, sorted.
    std::sort(kindsHeld.begin(), kindsHeld.end());
    if (!groupNumbers.number(kindsHeld).second)
      continue;
    GroupClass &groupClass = groupClasses.emplace_back();
    Numbering<std::vector<size_t>> bankNumbers(counting);
    for (int64_t bank = 0; bank < instanceBanks; ++bank) {
      std::vector<size_t> alikes;
      for (const Kind *kind : instancesHeld)
        alikes.push_back(kind->alikeOfBank[bank]);
      std::sort(alikes.begin(), alikes.end());
      if (!bankNumbers.number(alikes).second)
        continue;
      BankClass &bankClass = groupClass.bankClasses.emplace_back();
      for (size_t alike : alikes) {
        bankClass.works.push_back(alikeBanks[alike].work);
        bankClass.bound.compulsoryBytes +=
            alikeBanks[alike].bound.compulsoryBytes;
        bankClass.bound.pebblingBytes += alikeBanks[alike].bound.pebblingBytes;
      }
    }
  }
}

/// The host's merge where an instance's keys lie over `P` bank groups
/// (docs/io-model.md, Keys over several bank groups): for each of the
/// instances' rows it reads the `P` groups' partial outputs, maxima and
/// sums and writes the merged output, at the host's streaming bandwidth,
/// after the banks finish.
void ProblemWork::addMerge(Prediction &prediction, Schedule schedule) const {
  if (!partials())
    return;
  int64_t rows = prediction.headInstances * columnSplitRows();
  int64_t readElements = problem.groupsPerInstance * rows *
                         (problem.headDim + partialStatisticsOf(schedule));
  prediction.mergeBytes =
      hw::kFP16Bytes * (readElements + rows * problem.headDim);
  prediction.mergeNs = double(prediction.mergeBytes) / hardware.host.bytesPerNs();
  prediction.timeNs += prediction.mergeNs;
}

/// The K and V vectors the host writes: each key-value head once (a bank
/// group's copies are one broadcast write), but where a row-split instance
/// spans several bank groups, each of its groups the keys its banks' rows attend
/// (their bands, the fixed columns, their draws), K and V each.
int64_t ProblemWork::keyValueVectorsWritten(int64_t kvHeadsUsed) const {
  // Keys cut over several groups (a column split) are still written once.
  if (problem.groupsPerInstance == 1 || partials())
    return 2 * problem.batch * kvHeadsUsed * problem.keys;
  int64_t vectors = 0;
  for (size_t instance = 0; instance < size_t(problem.batch) * heads.size();
       ++instance)
    vectors +=
        kinds.at(kindKey(heads[instance % heads.size()])).keyValueVectors;
  return vectors;
}

Prediction ProblemWork::predict(Schedule schedule,
                                const TileChoice &tiles) const {
  // Per step and tile, key-stationary moves the tile's Q and running state
  // (about 3 a d) where query-stationary re-reads the step's keys and
  // values (2 kb d): the model decides, where the state fits the bank.
  const Tiles &columnTiles = tiles.columnSplit;
  if (schedule != Schedule::Fused || columnTiles.order != Order::Auto ||
      columnSplitRows() <= columnTiles.rows || partials())
    return predictInOrder(schedule, tiles);
  TileChoice keyFirst = tiles;
  keyFirst.columnSplit.order = Order::KeyStationary;
  Prediction queryFirst = predictInOrder(schedule, tiles);
  if (infeasibility(schedule, Split::Columns, keyFirst.columnSplit,
                    problem.headDim, hardware.bufferElements()) ||
      !keyStationaryFits(problem, hardware, keyFirst.columnSplit, schedule))
    return queryFirst;
  Prediction keyStationary = predictInOrder(schedule, keyFirst);
  return keyStationary.timeNs < queryFirst.timeNs ? keyStationary
                                                  : queryFirst;
}

Prediction ProblemWork::predictInOrder(Schedule schedule,
                                       const TileChoice &tiles) const {
  const int64_t d = problem.headDim;
  Prediction prediction;
  prediction.schedule = schedule;
  prediction.tiles = tiles;

  std::vector<PhaseCounts> workCounts =
      countsOf(rowSplitCounts, Split::Rows, schedule, tiles.rowSplit);
  for (auto [counts, columnCounts] :
       llvm::zip_equal(workCounts, countsOf(columnSplitCounts, Split::Columns,
                                            schedule, tiles.columnSplit)))
    counts += columnCounts;
  for (auto [counts, banks] : llvm::zip_equal(workCounts, banksOfWork))
    prediction.total += counts.total().scaled(banks);
  prediction.headInstances = problem.batch * instancesPerBatch;
  prediction.headsPerBusiestGroup =
      (prediction.headInstances + groups - 1) / groups;

  // Whether the PILOT schedule's decoding tiles stream: two slots, a
  // query-stationary walk. Prefill's row split double-buffers too where a
  // slot fits, but its tiles' MACs, masks and softmax commands, which the
  // model does not count a command at a time, leave little to overlap: its
  // phases keep adding up (docs/io-model.md, Predicted time).
  bool streams =
      schedule == Schedule::Pilot && !problem.isPrefill() &&
      buffering(schedule, Split::Columns, tiles.columnSplit, d, hardware)
              .slots == 2 &&
      !keyStationary(schedule, tiles.columnSplit, columnSplitRows(),
                     partials());

  // The busiest bank: the longest time, then (banks that tie, as every
  // bank of a uniform program may) the most bytes, then the most MACs; the
  // first such in group and bank order.
  std::tuple<double, int64_t, int64_t> busiest = {-1.0, 0, 0};
  for (const GroupClass &groupClass : groupClasses) {
    std::vector<PhaseCounts> banks = paddedBanks(groupClass, workCounts);
    for (auto [bankClass, counts] :
         llvm::zip_equal(groupClass.bankClasses, banks)) {
      PhaseTime time = timeOf(counts, hardware, streams);
      Counts total = counts.total();
      std::tuple<double, int64_t, int64_t> key = {
          time.total, total.internalBytes(), total.macs};
      if (key <= busiest)
        continue;
      busiest = key;
      prediction.busiestBank = counts;
      prediction.busiestBankBound = bankClass.bound;
      prediction.ioTimeNs = time.io;
      prediction.computeTimeNs = time.compute;
      prediction.timeNs = time.total;
    }
  }

  // The host writes Q, K and V once and reads O once (docs/io-model.md);
  // where keys lie over several groups, each group's Q and its partial.
  int64_t kvGroup = problem.heads / problem.kvHeads;
  std::vector<bool> kvUsed(problem.kvHeads, false);
  for (int64_t head : heads)
    kvUsed[head / kvGroup] = true;
  int64_t kvHeadsUsed = std::count(kvUsed.begin(), kvUsed.end(), true);
  int64_t queryVectors =
      problem.batch * int64_t(heads.size()) * problem.queries;
  int64_t copies = partials() ? problem.groupsPerInstance : 1;
  int64_t statistics =
      partials() ? partialStatisticsOf(schedule) * copies * queryVectors : 0;
  prediction.externalBytes =
      hw::kFP16Bytes *
      (d * (2 * copies * queryVectors + keyValueVectorsWritten(kvHeadsUsed)) +
       statistics);
  addMerge(prediction, schedule);
  return prediction;
}

const std::vector<PhaseCounts> &
ProblemWork::countsOf(SplitCounts &counts, Split split, Schedule schedule,
                      const Tiles &tiles) const {
  if (counts.counted == std::pair{schedule, tiles})
    return counts.works;
  counts.counted = {schedule, tiles};
  counts.works.clear();
  for (const BankWork &work : works)
    counts.works.push_back(
        split == Split::Rows ? countRowSplitWork(work, schedule, tiles,
                                                 problem.headDim, hardware)
                             : countColumnSplitWork(work, schedule, tiles,
                                                    problem.headDim, hardware));
  return counts.works;
}

/// The counts of each bank class of a group: its works added up, then, as
/// the banks of a group run one program (a class), each bank's rows or
/// piece padded to the largest: every bank moves what the bank moving the
/// most does (a shorter last chunk of a row split still moves whole
/// tiles). Its MACs and exponentials stay its own.
std::vector<PhaseCounts>
ProblemWork::paddedBanks(const GroupClass &groupClass,
                         const std::vector<PhaseCounts> &workCounts) const {
  std::vector<PhaseCounts> banks;
  for (const BankClass &bankClass : groupClass.bankClasses) {
    PhaseCounts &counts = banks.emplace_back();
    for (size_t work : bankClass.works)
      counts += workCounts[work];
  }
  // (Classes in order of their first bank: the first that moves the most
  // is the first bank that does.)
  const PhaseCounts *most = &banks.front();
  for (const PhaseCounts &bank : banks)
    if (bank.total().internalBytes() > most->total().internalBytes())
      most = &bank;
  PhaseCounts moved = *most;
  for (PhaseCounts &bank : banks)
    for (auto [phase, from] : {std::pair{&bank.sddmm, &moved.sddmm},
                               std::pair{&bank.softmax, &moved.softmax},
                               std::pair{&bank.spmm, &moved.spmm}}) {
      phase->readBytes = from->readBytes;
      phase->writeBytes = from->writeBytes;
      phase->activations = from->activations;
    }
  return banks;
}

} // namespace

BankCapacity
pilot::analysis::bankCapacity(const AttentionProblem &part,
                              const hw::HardwareDescription &hardware,
                              Schedule schedule) {
  // The parts of a problem share its banks: capacity is the whole one's,
  // unless decoding's keys are cut over several groups an instance, which
  // puts each part in a range of groups of its own (pim-map).
  AttentionProblem problem = part;
  int64_t pieces = 1;
  if (part.columnSplit && !part.rowSplit && part.groupsPerInstance > 1)
    pieces = part.groupsPerInstance;
  else
    problem.headSelection = AttentionProblem::Heads::All;
  problem.rowSplit = problem.columnSplit = true;
  BankCapacity capacity;
  SparsityPattern pattern(problem.pattern, problem.shape());
  std::vector<int64_t> heads = headsOnPIM(problem, pattern);
  int64_t instances =
      problem.batch * int64_t(heads.size()) / problem.sharedHeads;
  int64_t groups = hardware.totalBankGroups();
  capacity.headsPerGroup = (instances * pieces + groups - 1) / groups;
  capacity.availableBytes = double(hardware.bankBytes());
  const double vectorBytes = 2.0 * double(problem.headDim);
  const double headsPerGroup = double(capacity.headsPerGroup);
  // An instance's keys lie over the banks of all its groups.
  const int64_t instanceBanks = hardware.org.banks * pieces;
  const double banks = double(instanceBanks);

  // Whatever the split, a bank holds at least its share of every row of Q
  // and O and of K and V: if that does not fit, say so before walking rows.
  capacity.queryBytes =
      headsPerGroup *
      std::ceil(double(problem.queries * problem.sharedHeads) / banks) *
      vectorBytes;
  capacity.outputBytes = capacity.queryBytes;
  capacity.keyValueBytes =
      headsPerGroup * 2 * std::ceil(problem.keys / banks) * vectorBytes;
  if (capacity.neededBytes() > capacity.availableBytes)
    return capacity;

  // Each kind of head (the sparse heads share one; each dense head its
  // own) and bank; every head of the busiest group counts as the largest.
  std::vector<int64_t> kinds;
  for (int64_t head : heads) {
    int64_t kind =
        pattern.isDenseHead(head) ? head : SparsityPattern::sparseHead;
    if (std::find(kinds.begin(), kinds.end(), kind) == kinds.end())
      kinds.push_back(kind);
  }
  for (int64_t kind : kinds) {
    RowWalks walks = rowWalks(pattern, kind);
    for (int64_t bank = 0; bank < instanceBanks; ++bank) {
      BankWork work = bankWork(pattern, kind, bank, instanceBanks, walks);
      shareKeyValueHead(work, problem.sharedHeads);
      double rows = double(work.splitRows.size() + work.pieces.size());
      double rowEntries = 0;
      for (const BankWork::Row &row : work.splitRows)
        rowEntries =
            std::max(rowEntries, double(pattern::totalSize(row.columns)));
      for (const BankWork::Row &piece : work.pieces)
        rowEntries =
            std::max(rowEntries, double(pattern::totalSize(piece.columns)));
      // The keys its rows attend: the row split's band, fixed keys and
      // draws (the lowering stores no others), a column split's pieces.
      double keys =
          double(unionSize(work.splitRows)) + double(unionSize(work.pieces));
      capacity.queryBytes =
          std::max(capacity.queryBytes, headsPerGroup * rows * vectorBytes);
      capacity.outputBytes = capacity.queryBytes;
      capacity.keyValueBytes = std::max(capacity.keyValueBytes,
                                        headsPerGroup * 2 * keys * vectorBytes);
      // A tile's SDDMM, softmax and SpMM run before the next tile's, so
      // the scores of one tile are all a bank holds: at most as many rows
      // as the buffer holds query vectors, each at most the longest row.
      // (The PILOT schedule's key-stationary column split holds every
      // row's only where they fit beside these: keyStationaryFits.)
      double tileRows = std::max<double>(
          1, std::floor(double(hardware.bufferElements()) / problem.headDim));
      if (schedule != Schedule::Fused)
        capacity.scoreBytes =
            std::max(capacity.scoreBytes, 2.0 * rowEntries * tileRows);
    }
  }
  return capacity;
}

int64_t
pilot::analysis::scoreBlockBytes(int64_t rows, int64_t keys,
                                 const hw::HardwareDescription &hardware) {
  int64_t rowBytes = hardware.org.rowBytes;
  int64_t blockBytes = int64_t(
      llvm::alignTo(rows * keys * hw::kFP16Bytes, hardware.org.columnBytes));
  return blockBytes <= rowBytes ? int64_t(llvm::PowerOf2Ceil(blockBytes))
                                : int64_t(llvm::alignTo(blockBytes, rowBytes));
}

KeyStationaryScores
pilot::analysis::keyStationaryScores(const Tiles &tiles, int64_t rows,
                                     int64_t steps, int64_t headDim,
                                     const hw::HardwareDescription &hardware) {
  KeyStationaryScores scores;
  scores.tileBlockStride = std::max<int64_t>(
      scoreBlockBytes(tiles.rows, tiles.keys, hardware),
      llvm::PowerOf2Ceil(tiles.rows * headDim * hw::kFP16Bytes));
  int64_t tileCount = llvm::divideCeilSigned(rows, tiles.rows);
  scores.stepBlockStride = int64_t(
      llvm::alignTo(tileCount * scores.tileBlockStride, hardware.org.rowBytes));
  scores.bytes = (steps + 1) * scores.stepBlockStride;
  return scores;
}

KeyStationaryState
pilot::analysis::keyStationaryState(const Tiles &tiles, int64_t rows,
                                    int64_t headDim,
                                    const hw::HardwareDescription &hardware) {
  KeyStationaryState state;
  state.tileStride =
      scoreBlockBytes(1, tiles.rows * (headDim + 2), hardware);
  state.bytes = int64_t(llvm::alignTo(
      llvm::divideCeilSigned(rows, tiles.rows) * state.tileStride,
      hardware.org.rowBytes));
  return state;
}

bool pilot::analysis::keyStationaryFits(const AttentionProblem &part,
                                        const hw::HardwareDescription &hardware,
                                        const Tiles &tiles,
                                        Schedule schedule) {
  BankCapacity capacity = bankCapacity(part, hardware, schedule);
  double tensors = capacity.neededBytes() - capacity.scoreBytes;
  SparsityPattern pattern(part.pattern, part.shape());
  for (int64_t head : headsOnPIM(part, pattern)) {
    int64_t kind =
        pattern.isDenseHead(head) ? head : SparsityPattern::sparseHead;
    // Bank 0 holds the longest piece of every run.
    // Each walk (a causal pattern's runs of global rows) keeps its own.
    BankWork work = bankWork(pattern, kind, 0, hardware.org.banks);
    shareKeyValueHead(work, part.sharedHeads);
    if (work.pieces.empty())
      continue;
    double scoreBytes = 0;
    for (auto [rows, runs] : llvm::zip_equal(work.pieceWalks, work.pieceRuns)) {
      int64_t steps = 0;
      for (int64_t run : runs)
        steps += llvm::divideCeilSigned(run, tiles.keys);
      scoreBytes += double(
          schedule == Schedule::Fused
              ? keyStationaryState(tiles, rows, part.headDim, hardware).bytes
              : keyStationaryScores(tiles, rows, steps, part.headDim,
                                    hardware)
                    .bytes);
    }
    if (tensors + scoreBytes > capacity.availableBytes)
      return false;
  }
  return true;
}

std::optional<std::string>
pilot::analysis::capacityError(const AttentionProblem &problem,
                               const hw::HardwareDescription &hardware,
                               Schedule schedule) {
  BankCapacity capacity = bankCapacity(problem, hardware, schedule);
  if (capacity.neededBytes() <= capacity.availableBytes)
    return std::nullopt;
  auto mib = [](double bytes) { return bytes / (1024.0 * 1024.0); };
  return fmt::format(
      "does not fit in the banks under the {} schedule: {} head instances "
      "per bank group need {:.1f} MiB in the busiest bank (K and V {:.1f} "
      "MiB, Q {:.1f} MiB, O {:.1f} MiB, scores {:.1f} MiB) but a bank holds "
      "{:.1f} MiB (org.rows x org.row_bytes)",
      scheduleName(schedule), capacity.headsPerGroup,
      mib(capacity.neededBytes()), mib(capacity.keyValueBytes),
      mib(capacity.queryBytes), mib(capacity.outputBytes),
      mib(capacity.scoreBytes), mib(capacity.availableBytes));
}

KeyValueSharing
pilot::analysis::keyValueSharing(const AttentionProblem &problem) {
  KeyValueSharing sharing;
  if (problem.isPrefill()) {
    sharing.refusal = "prefill's rows each attend their own keys; query heads "
                      "share a key-value head's instance in decoding only";
    return sharing;
  }
  if (problem.heads == problem.kvHeads) {
    sharing.refusal = fmt::format(
        "every query head has a key-value head of its own ({} heads, {} "
        "key-value heads)",
        problem.heads, problem.kvHeads);
    return sharing;
  }
  if (problem.queries > 1) {
    sharing.refusal = fmt::format(
        "{} decoding queries per head: the rows of different heads would "
        "repeat positions, which the mask's band about a row's index cannot "
        "tell apart; one query shares",
        problem.queries);
    return sharing;
  }
  // Each key-value group's heads of each kind: one consecutive run, as many
  // in every group and kind, so that every instance holds the same rows.
  SparsityPattern pattern(problem.pattern, problem.shape());
  int64_t group = problem.heads / problem.kvHeads;
  int64_t shared = 0;
  for (int64_t kv = 0; kv < problem.kvHeads; ++kv)
    for (int64_t head = kv * group; head < (kv + 1) * group;) {
      int64_t end = head + 1;
      while (end < (kv + 1) * group &&
             pattern.isDenseHead(end) == pattern.isDenseHead(head))
        ++end;
      if (shared != 0 && end - head != shared) {
        sharing.refusal = fmt::format(
            "key-value head {} serves a run of {} query heads of one kind "
            "(dense or sparse) where an earlier one serves {}; every head "
            "instance must hold as many rows",
            kv, end - head, shared);
        return sharing;
      }
      shared = end - head;
      head = end;
    }
  if (shared == 1)
    sharing.refusal = "no two consecutive query heads of a key-value head are "
                      "of one kind (dense or sparse)";
  sharing.heads = shared;
  return sharing;
}

Prediction pilot::analysis::predict(const AttentionProblem &problem,
                                    const hw::HardwareDescription &hardware,
                                    Schedule schedule, const TileChoice &tiles,
                                    BankCounting counting) {
  return ProblemWork(problem, hardware, counting).predict(schedule, tiles);
}

Prediction pilot::analysis::searchTiles(const AttentionProblem &problem,
                                        const hw::HardwareDescription &hardware,
                                        Schedule schedule, TileSpace space) {
  const int64_t d = problem.headDim;
  const int64_t m = hardware.bufferElements();
  ProblemWork work(problem, hardware, BankCounting::Alike);
  if (schedule == Schedule::Naive) // One row and one key at a time.
    return work.predict(schedule, TileChoice{Tiles{1, 1}, Tiles{1, 1}});
  TileChoice best = paperTiles(d, m);

  auto feasible = [&](Split split, Tiles tiles) {
    return !infeasibility(schedule, split, tiles, d, m);
  };
  // The candidates of each part, in the space asked for.
  std::vector<Tiles> rowCandidates, columnCandidates;
  for (int64_t rows = 1; feasible(Split::Rows, Tiles{rows, 1}); ++rows) {
    if (space == TileSpace::Paper) {
      if (feasible(Split::Rows, Tiles{rows, rows}))
        rowCandidates.push_back(Tiles{rows, rows});
      continue;
    }
    // Keys a step trade score blocks (one per step, whole columns) against
    // rows: up to 16, and as many as the rows.
    for (int64_t keys = 1;
         keys <= 16 && feasible(Split::Rows, Tiles{rows, keys}); ++keys)
      rowCandidates.push_back(Tiles{rows, keys});
    if (rows > 16 && feasible(Split::Rows, Tiles{rows, rows}))
      rowCandidates.push_back(Tiles{rows, rows});
  }
  // Head-dimension chunks: halves, quarters, ... down to 8 elements. The
  // wider space splits the PILOT schedule's (more rows per tile for the
  // price of writing partial scores back between passes); both spaces split
  // the fused schedule's keys and values (more rows per tile for a few more
  // commands), which the paper's class takes where that moves fewer bytes.
  // A chunk starts on a DRAM column (one transfer per vector's chunk).
  // Chunked candidates go first: ties keep the whole head dimension.
  std::vector<int64_t> chunks;
  if ((space == TileSpace::Wide && schedule == Schedule::Pilot) ||
      schedule == Schedule::Fused)
    for (int64_t chunk = d / 2; chunk >= 8 && d % chunk == 0 &&
                                (2 * chunk) % hardware.org.columnBytes == 0;
         chunk /= 2)
      chunks.push_back(chunk);
  std::vector<Tiles> wholeRows = std::move(rowCandidates);
  rowCandidates.clear();
  for (int64_t chunk : chunks)
    for (int64_t rows = 1; feasible(Split::Rows, Tiles{rows, 1, chunk});
         ++rows) {
      if (space == TileSpace::Paper) {
        if (feasible(Split::Rows, Tiles{rows, rows, chunk}))
          rowCandidates.push_back(Tiles{rows, rows, chunk});
        continue;
      }
      for (int64_t keys = 1;
           keys <= 16 && feasible(Split::Rows, Tiles{rows, keys, chunk});
           ++keys)
        rowCandidates.push_back(Tiles{rows, keys, chunk});
    }
  rowCandidates.insert(rowCandidates.end(), wholeRows.begin(), wholeRows.end());
  // Column-split rows are few (global rows, or decoding's queries): groups
  // beyond them change nothing. The paper's class takes one row a tile for
  // prefill's global rows (the paper's Table II kernels), but up to 16 of
  // decoding's queries: a KV head's shared queries read its keys and values
  // once only when one tile holds them.
  bool groupRows = space == TileSpace::Wide || !problem.isPrefill();
  int64_t maxRows =
      groupRows
          ? std::max<int64_t>(1, std::min<int64_t>(work.columnSplitRows(), 16))
          : 1;
  std::vector<int64_t> columnChunks;
  if (schedule == Schedule::Fused)
    columnChunks = chunks;
  columnChunks.push_back(0);
  for (int64_t chunk : columnChunks)
    for (int64_t rows = 1; rows <= maxRows; ++rows)
      for (int64_t keys = 1; feasible(Split::Columns, Tiles{rows, keys, chunk});
           ++keys)
        columnCandidates.push_back(Tiles{rows, keys, chunk});
  if (rowCandidates.empty() || columnCandidates.empty())
    return work.predict(schedule, best); // Nothing fits; callers check.

  // The paper's class is the paper's I/O optimum: fewest bytes, then time.
  // The wider space minimises the predicted time, then bytes.
  auto better = [&](const Prediction &lhs, const Prediction &rhs) {
    int64_t lhsBytes = lhs.busiestBank.total().internalBytes();
    int64_t rhsBytes = rhs.busiestBank.total().internalBytes();
    if (space == TileSpace::Paper && lhsBytes != rhsBytes)
      return lhsBytes < rhsBytes;
    if (lhs.timeNs != rhs.timeNs)
      return lhs.timeNs < rhs.timeNs;
    if (lhsBytes != rhsBytes)
      return lhsBytes < rhsBytes;
    // Ties (streaming steps of any size move the same bytes in the same
    // predicted time): more keys a step, fewer commands, each of which the
    // BPM starts with a latency the time model leaves out.
    auto keysAStep = [](const TileChoice &tiles) {
      return tiles.rowSplit.keys + tiles.columnSplit.keys;
    };
    return keysAStep(lhs.tiles) > keysAStep(rhs.tiles);
  };
  // A part with no work keeps the paper's tiles, or the largest feasible
  // ones; the parts share
  // phases, so they are searched in turn, each with the other's best.
  bool rowWork = problem.isPrefill();
  bool columnWork =
      !problem.isPrefill() || !problem.pattern.globalTokens.empty();
  if (!feasible(Split::Rows, best.rowSplit))
    best.rowSplit = rowCandidates.back();
  if (!feasible(Split::Columns, best.columnSplit))
    best.columnSplit = columnCandidates.back();
  Prediction bestPrediction = work.predict(schedule, best);
  auto improve = [&](TileChoice candidate) {
    Prediction prediction = work.predict(schedule, candidate);
    if (better(prediction, bestPrediction)) {
      best = candidate;
      bestPrediction = prediction;
    }
  };
  if (rowWork)
    for (Tiles tiles : rowCandidates)
      improve(TileChoice{tiles, best.columnSplit});
  if (columnWork)
    for (Tiles tiles : columnCandidates)
      improve(TileChoice{best.rowSplit, tiles});
  return bestPrediction;
}
