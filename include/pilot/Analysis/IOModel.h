//===- IOModel.h - closed-form data movement of PIM attention ---*- C++ -*-===//
//
// Counts what each bank moves between its DRAM and its buffer, computes and
// reduces for a sparse attention under the naive, PILOT and fused schedules,
// bounds it from below, and searches tiles. docs/io-model.md is the
// definition this implements; the compiler chooses tiles with it and the
// tests hold the simulator to it. Plain C++.
//
//===----------------------------------------------------------------------===//

#ifndef PILOT_ANALYSIS_IOMODEL_H
#define PILOT_ANALYSIS_IOMODEL_H

#include "pilot/Hardware/HardwareDescription.h"
#include "pilot/Pattern/AttentionProblem.h"
#include "pilot/Pattern/SparsityPattern.h"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace pilot::analysis {

/// How a bank orders its loads and computation.
enum class Schedule {
  Naive, ///< The paper's "PIM" baseline: one query row at a time.
  Pilot, ///< The paper's Q-stationary / output-stationary / K-stationary.
  Fused, ///< SDDMM, softmax and SpMM per tile; scores never leave the buffer.
};
std::string_view scheduleName(Schedule schedule);
std::optional<Schedule> parseSchedule(std::string_view name);
/// Every schedule, in a fixed order.
const std::vector<Schedule> &allSchedules();

/// The attention the model counts (pilot/Pattern/AttentionProblem.h).
using pattern::AttentionProblem;

/// Which loop encloses the other in a column split: the tiles (each walks
/// every key) or the steps of keys (each read once for every tile).
enum class Order {
  Auto,            ///< `keyStationary`'s rule.
  QueryStationary, ///< Tiles outside steps.
  KeyStationary,   ///< Steps outside tiles: the PILOT and fused schedules.
};

/// A schedule's tiles: query rows per tile and keys resident per step.
struct Tiles {
  int64_t rows = 1;
  int64_t keys = 1;
  /// The PILOT schedule's row split (partial scores written back between
  /// chunks) and the fused schedule (keys and values moved a chunk at a
  /// time) may split the head dimension into chunks of this many elements;
  /// 0 keeps it whole.
  int64_t headDimChunk = 0;
  /// The column split's loop order.
  Order order = Order::Auto;
  bool operator==(const Tiles &other) const {
    return rows == other.rows && keys == other.keys &&
           headDimChunk == other.headDimChunk && order == other.order;
  }
  /// The elements of the head dimension one pass holds.
  int64_t chunk(int64_t headDim) const {
    return headDimChunk > 0 && headDimChunk < headDim ? headDimChunk : headDim;
  }
};

/// Tiles for both parts of a problem.
struct TileChoice {
  Tiles rowSplit;    ///< Non-global rows in prefill.
  Tiles columnSplit; ///< Global rows in prefill; every row in decoding.
  bool operator==(const TileChoice &other) const {
    return rowSplit == other.rowSplit && columnSplit == other.columnSplit;
  }
};

/// Which mapping a part of the work uses (docs/io-model.md, Mapping).
enum class Split { Rows, Columns };

/// What a bank moves, computes and reduces.
struct Counts {
  int64_t readBytes = 0;   ///< DRAM -> buffer, whole column accesses.
  int64_t writeBytes = 0;  ///< Buffer -> DRAM, whole column accesses.
  int64_t activations = 0; ///< Row activations, closed-page.
  int64_t macs = 0;
  int64_t exps = 0;
  int64_t bgpmBytes = 0; ///< Into and out of the bank-group module.

  int64_t internalBytes() const { return readBytes + writeBytes; }
  Counts &operator+=(const Counts &other);
  Counts scaled(int64_t factor) const;
  bool operator==(const Counts &other) const;
  bool operator!=(const Counts &other) const { return !(*this == other); }
};

/// A bank's counts by phase.
struct PhaseCounts {
  Counts sddmm;
  Counts softmax;
  Counts spmm;
  Counts total() const;
  PhaseCounts &operator+=(const PhaseCounts &other);
};

/// The buffer footprint (FP16 elements) of a schedule's tiles for a part of
/// the work, per the table in docs/io-model.md.
int64_t footprint(Schedule schedule, Split split, Tiles tiles, int64_t headDim);
/// Why the tiles do not fit the buffer, or nothing when they do.
std::optional<std::string> infeasibility(Schedule schedule, Split split,
                                         Tiles tiles, int64_t headDim,
                                         int64_t bufferElements);

/// How the PILOT schedule's query-stationary tiles use the buffer their
/// footprint leaves (docs/io-model.md, Streaming): a second slot of keys or
/// values where it fits, so that the next step's transfer overlaps this
/// step's MACs, and the steps whose scores one block holds (a power of two,
/// up to `kMaxBlockSteps`, the block within a DRAM row): one transfer per
/// block, so that score traffic does not close the keys' row every step.
/// The naive and fused schedules, and K-stationary walks, take one of each.
struct Buffering {
  static constexpr int64_t kMaxBlockSteps = 128;
  int64_t slots = 1;
  int64_t blockSteps = 1;
};
Buffering buffering(Schedule schedule, Split split, Tiles tiles,
                    int64_t headDim, const hw::HardwareDescription &hardware);

/// Keys a step of the naive schedule's programs moves: a DRAM row's
/// vectors, `org.row_bytes / 2d`, fewer where the buffer does not hold them
/// beside the row's q, its score block and its sum (and, in a column split,
/// the row's total): `(1 or 2) + d + kb (d + 1) <= M`; at least one. One
/// query row at a time, the step only batches the keys' transfers and their
/// scores' blocks.
int64_t naiveStepKeys(const hw::HardwareDescription &hardware, int64_t headDim,
                      Split split = Split::Rows);

/// Whether a column split of `rows` rows runs K-stationary (PAPER.md,
/// global rows), reading each step's keys and values once for every row
/// tile and keeping the partial outputs in DRAM, rather than a tile of rows
/// walking every key (Q-stationary). Unless the tiles force an order: the
/// PILOT schedule with more rows than a tile, but not where the keys are
/// cut over several bank groups (`partials`): each group's partial needs
/// its rows' statistics together, which a query-stationary tile keeps.
/// (The fused schedule's order, where the tiles leave it open, is the
/// faster one: `predict` names it in its tiles.)
bool keyStationary(Schedule schedule, Tiles columnTiles, int64_t rows,
                   bool partials = false);

/// The paper's tiles: row split a = kb = floor(M / (2d + 1)); column split
/// a = 1, kb = floor((M - d) / (d + 1)) (PAPER.md, Tiling and scheduling).
TileChoice paperTiles(int64_t headDim, int64_t bufferElements);

//===----------------------------------------------------------------------===//
// Building blocks, exposed for the compiler and the tests
//===----------------------------------------------------------------------===//

/// Bytes and activations of one transfer of `elements` FP16 elements.
Counts transferCost(int64_t elements, const hw::HardwareDescription &hardware);

/// The work of one bank for one head instance: the rows it owns whole (row
/// split) and its pieces of the column-split rows, each with the columns the
/// bank handles.
struct BankWork {
  int64_t bank = 0;          ///< Index within the bank group.
  int64_t banksPerGroup = 1; ///< Column split: who writes reduced rows.
  /// Row-split tiles stay inside query blocks of this many rows (the
  /// pattern's block; 1 for a dense head).
  int64_t blockSize = 1;
  /// A dense head's row-split tiles walk every one of these keys, the
  /// causally masked ones too (a tile's loop bounds cannot follow its
  /// position); 0 for the union of the tile's columns.
  int64_t everyKey = 0;
  /// A row-split tile reads what the programs walk (docs/io-model.md, Row
  /// split): its window band whole, from `bandLeft` keys before its first
  /// row (block pattern: its block) to `bandRight` keys after its last
  /// (its block's end), zeros past the sequence's ends included; every
  /// fixed key (global tokens and sinks), even those the band holds or its
  /// rows do not attend causally; its block's random keys.
  bool fromPattern = false; ///< Else a tile reads its rows' union.
  bool band = false;
  int64_t bandLeft = 0, bandRight = 0;
  std::vector<pattern::Interval> fixedColumns;
  /// Random keys of each query block (block patterns).
  std::vector<int64_t> randomKeysOfBlock;
  struct Row {
    int64_t row;
    std::vector<pattern::Interval> columns;
  };
  /// Row split, in row order; its tiles stay inside runs of consecutive
  /// rows (each run of a pattern's rows is split over the banks apart).
  std::vector<Row> splitRows;
  std::vector<Row> pieces;    ///< Column split, in row order.
  /// The column split's walks: consecutive runs of `pieces` of these sizes,
  /// each cut into pieces and walked apart (a causal pattern's runs of
  /// global rows); one entry per walk.
  std::vector<int64_t> pieceWalks;
  /// For each walk, the keys of the bank's piece of each run of its keys
  /// (columnSplitRuns), walked one run after the other.
  std::vector<std::vector<int64_t>> pieceRuns;
  /// Column split over several bank groups: the bank also writes its
  /// group's row maxima and row sums (a row each), which the host's merge
  /// reads beside the group's output.
  bool partialStatistics = false;
};

/// The statistics a group of keys cut over several bank groups writes per
/// row beside its partial output: its sum, and its maximum under the fused
/// schedule (the staged schedules exponentiate unshifted scores).
inline int64_t partialStatisticsOf(Schedule schedule) {
  return schedule == Schedule::Fused ? 2 : 1;
}

/// The fixed columns of a sparse head: its sinks and global tokens, which
/// every row attends (up to its causal limit).
std::vector<pattern::Interval>
fixedColumns(const pattern::SparsityPattern &pattern);

/// The keys a column split of `rows` reads, in the runs it cuts into the
/// banks' pieces, each run cut on its own (docs/io-model.md, Column split):
/// the union of the rows' columns, or, for decoding rows that attend
/// different keys, the union's fixed columns and the rest (so that each
/// run's keys are a band about every row's position).
struct ColumnSplitKeys {
  /// Sorted interval lists; none empty.
  std::vector<std::vector<pattern::Interval>> runs;
  /// Whether every row attends the whole union.
  bool rowsAlike = true;
};
ColumnSplitKeys columnSplitKeys(const pattern::SparsityPattern &pattern,
                                int64_t head, const std::vector<int64_t> &rows);

/// columnSplitKeys' runs.
std::vector<std::vector<pattern::Interval>>
columnSplitRuns(const pattern::SparsityPattern &pattern, int64_t head,
                const std::vector<int64_t> &rows);

/// The rows of a head instance as its splits walk them, the same for every
/// bank: a row split walks each run of its rows apart (positions must be
/// affine in a walk), and so does a causal column split; a non-causal
/// column split gathers its rows (global rows anywhere) into one walk.
struct RowWalks {
  std::vector<std::vector<int64_t>> splitRuns, columnWalks;
};
RowWalks rowWalks(const pattern::SparsityPattern &pattern, int64_t head);

/// The work of bank `bank` (0 .. banksPerGroup - 1) of a head instance: a
/// sparse head (`head` = SparsityPattern::sparseHead) or dense head `head`;
/// its rows walked as `walks` (the head's rowWalks), where given.
BankWork bankWork(const pattern::SparsityPattern &pattern, int64_t head,
                  int64_t bank, int64_t banksPerGroup, const RowWalks &walks);
BankWork bankWork(const pattern::SparsityPattern &pattern, int64_t head,
                  int64_t bank, int64_t banksPerGroup);

/// The work of a head instance whose rows are `heads` query heads sharing
/// one key-value head (AttentionProblem::sharedHeads): each head's pieces,
/// head after head, in one walk over the same runs of keys. The rows must
/// attend alike (one decoding query), so that one walk serves them all.
void shareKeyValueHead(BankWork &work, int64_t heads);
/// What countBankWork reads of a work, flattened: works with equal fields
/// count alike under every schedule and tiles, so that a prediction counts
/// each once (the banks of an even cut of keys differ in their keys but not
/// in their pieces' sizes, and a row split's banks away from the ends in
/// their rows' places). A column split's pieces enter by their sizes; the
/// row split's rows by their places after the first and in their blocks,
/// and their sizes (a pattern's) or columns (hand-built work's). Whatever
/// countBankWork comes to read must be listed here.
std::vector<int64_t> countedFields(const BankWork &work);

/// Counts of one bank's work under a schedule (docs/io-model.md rules):
/// its row split's and its column split's, added up.
PhaseCounts countRowSplitWork(const BankWork &work, Schedule schedule,
                              const Tiles &rowTiles, int64_t headDim,
                              const hw::HardwareDescription &hardware);
PhaseCounts countColumnSplitWork(const BankWork &work, Schedule schedule,
                                 const Tiles &columnTiles, int64_t headDim,
                                 const hw::HardwareDescription &hardware);
PhaseCounts countBankWork(const BankWork &work, Schedule schedule,
                          const TileChoice &tiles, int64_t headDim,
                          const hw::HardwareDescription &hardware);

} // namespace pilot::analysis

#endif // PILOT_ANALYSIS_IOMODEL_H
