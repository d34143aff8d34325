//===- IOModel.cpp - closed-form data movement of PIM attention -----------===//
//
// docs/io-model.md is the definition implemented here. Counts come from the
// pattern's intervals, a tile at a time: no loop walks single elements.
//
//===----------------------------------------------------------------------===//

#include "pilot/Analysis/IOModel.h"

#include "llvm/Support/MathExtras.h"

#include <algorithm>
#include <cassert>
#include <cmath>

using namespace pilot;
using namespace pilot::analysis;
using pattern::Interval;
using pattern::SparsityPattern;

//===----------------------------------------------------------------------===//
// Names and arithmetic of counts
//===----------------------------------------------------------------------===//

std::string_view pilot::analysis::scheduleName(Schedule schedule) {
  switch (schedule) {
  case Schedule::Naive:
    return "naive";
  case Schedule::Pilot:
    return "pilot";
  case Schedule::Fused:
    return "fused";
  }
  return "unknown";
}

std::optional<Schedule> pilot::analysis::parseSchedule(std::string_view name) {
  for (Schedule schedule : allSchedules())
    if (scheduleName(schedule) == name)
      return schedule;
  return std::nullopt;
}

const std::vector<Schedule> &pilot::analysis::allSchedules() {
  static const std::vector<Schedule> schedules = {
      Schedule::Naive, Schedule::Pilot, Schedule::Fused};
  return schedules;
}

Counts &Counts::operator+=(const Counts &other) {
  readBytes += other.readBytes;
  writeBytes += other.writeBytes;
  activations += other.activations;
  macs += other.macs;
  exps += other.exps;
  bgpmBytes += other.bgpmBytes;
  return *this;
}

Counts Counts::scaled(int64_t factor) const {
  Counts result;
  result.readBytes = readBytes * factor;
  result.writeBytes = writeBytes * factor;
  result.activations = activations * factor;
  result.macs = macs * factor;
  result.exps = exps * factor;
  result.bgpmBytes = bgpmBytes * factor;
  return result;
}

bool Counts::operator==(const Counts &other) const {
  return readBytes == other.readBytes && writeBytes == other.writeBytes &&
         activations == other.activations && macs == other.macs &&
         exps == other.exps && bgpmBytes == other.bgpmBytes;
}

Counts PhaseCounts::total() const {
  Counts result = sddmm;
  result += softmax;
  result += spmm;
  return result;
}

PhaseCounts &PhaseCounts::operator+=(const PhaseCounts &other) {
  sddmm += other.sddmm;
  softmax += other.softmax;
  spmm += other.spmm;
  return *this;
}

//===----------------------------------------------------------------------===//
// Tiles
//===----------------------------------------------------------------------===//

int64_t pilot::analysis::footprint(Schedule schedule, Split split, Tiles tiles,
                                   int64_t d) {
  int64_t a = tiles.rows, kb = tiles.keys;
  switch (schedule) {
  case Schedule::Naive:
    return 2 * d + 1;
  case Schedule::Pilot:
    // Q (a chunk of it), a step's keys or values, the step's block of
    // scores and the rows' sums (the column split also their total; the
    // group sums its output in place, each row read before it is written).
    if (split == Split::Rows) {
      int64_t dc = tiles.chunk(d);
      return a * dc + kb * dc + a * kb + a;
    }
    return a * d + kb * d + a * kb + 2 * a;
  case Schedule::Fused:
    // Q and O tiles, scores of a step, and per row the running maximum,
    // its next value, the rescale factor and the sum; keys and values share
    // one slot (a chunk of them at a time): a step's values overwrite its
    // keys once the scores are computed. Key-stationary, a step's keys and
    // values stay for every tile: a slot each.
    if (split == Split::Columns && tiles.order == Order::KeyStationary)
      return 2 * a * d + 2 * kb * d + a * kb + 4 * a;
    return 2 * a * d + kb * tiles.chunk(d) + a * kb + 4 * a;
  }
  return 0;
}

std::optional<std::string>
pilot::analysis::infeasibility(Schedule schedule, Split split, Tiles tiles,
                               int64_t headDim, int64_t bufferElements) {
  if (tiles.rows < 1 || tiles.keys < 1)
    return "tiles need at least one row and one key, got rows = " +
           std::to_string(tiles.rows) +
           ", keys = " + std::to_string(tiles.keys);
  if (tiles.headDimChunk < 0)
    return "a head-dimension chunk must be positive, got " +
           std::to_string(tiles.headDimChunk);
  if (tiles.chunk(headDim) < headDim && schedule != Schedule::Fused &&
      (schedule != Schedule::Pilot || split != Split::Rows))
    return "only the fused schedule and the pilot schedule's row split "
           "split the head dimension";
  if (tiles.order == Order::KeyStationary &&
      (schedule == Schedule::Naive || split != Split::Columns))
    return "only the pilot and fused schedules' column split runs "
           "key-stationary";
  if (tiles.order == Order::KeyStationary && schedule == Schedule::Fused &&
      tiles.chunk(headDim) < headDim)
    return "the fused schedule's key-stationary walk keeps the head "
           "dimension whole";
  int64_t needed = footprint(schedule, split, tiles, headDim);
  if (needed <= bufferElements)
    return std::nullopt;
  return std::string(scheduleName(schedule)) + " tiles of " +
         std::to_string(tiles.rows) + " rows x " + std::to_string(tiles.keys) +
         " keys need " + std::to_string(needed) +
         " FP16 elements of buffer, but the buffer holds " +
         std::to_string(bufferElements);
}

Buffering pilot::analysis::buffering(Schedule schedule, Split split,
                                     Tiles tiles, int64_t headDim,
                                     const hw::HardwareDescription &hardware) {
  Buffering result;
  if (schedule != Schedule::Pilot)
    return result;
  int64_t bufferElements = hardware.bufferElements();
  int64_t used = footprint(schedule, split, tiles, headDim);
  int64_t slot = tiles.keys * tiles.chunk(headDim);
  if (used + slot <= bufferElements) {
    result.slots = 2;
    used += slot;
  }
  // The footprint holds one step's scores; doubling the block adds as many.
  int64_t stepScores = tiles.rows * tiles.keys;
  while (result.blockSteps < Buffering::kMaxBlockSteps &&
         used + stepScores * result.blockSteps <= bufferElements &&
         2 * result.blockSteps * stepScores * hw::kFP16Bytes <=
             hardware.org.rowBytes) {
    used += stepScores * result.blockSteps;
    result.blockSteps *= 2;
  }
  return result;
}

int64_t pilot::analysis::naiveStepKeys(const hw::HardwareDescription &hardware,
                                       int64_t headDim, Split split) {
  // The programs' buffer (pim-schedule): the row's q (and its total in a
  // column split), a step's keys or values, its block of scores.
  int64_t bufferElements = hardware.bpm.bufferBytes / 2;
  int64_t fixed = (split == Split::Columns ? 2 : 1) + headDim;
  int64_t kb = std::max<int64_t>(1, hardware.org.rowBytes / (2 * headDim));
  while (kb > 1 && fixed + kb * (headDim + 1) > bufferElements)
    --kb;
  return kb;
}

bool pilot::analysis::keyStationary(Schedule schedule, Tiles columnTiles,
                                    int64_t rows, bool partials) {
  switch (columnTiles.order) {
  case Order::QueryStationary:
    return false;
  case Order::KeyStationary:
    return true;
  case Order::Auto:
    break;
  }
  return schedule == Schedule::Pilot && rows > columnTiles.rows && !partials;
}

TileChoice pilot::analysis::paperTiles(int64_t d, int64_t m) {
  int64_t window = std::max<int64_t>(1, m / (2 * d + 1));
  int64_t global = std::max<int64_t>(1, (m - d) / (d + 1));
  return TileChoice{Tiles{window, window}, Tiles{1, global}};
}

//===----------------------------------------------------------------------===//
// Intervals
//===----------------------------------------------------------------------===//

namespace {

/// Sorted, merged union of interval lists.
std::vector<Interval> unite(std::vector<Interval> intervals) {
  pattern::mergeIntervals(intervals);
  return intervals;
}

/// The parts of `intervals` inside `within` (`inside`) or outside it, both
/// sorted, disjoint lists.
std::vector<Interval> restrictTo(const std::vector<Interval> &intervals,
                                 const std::vector<Interval> &within,
                                 bool inside) {
  std::vector<Interval> result;
  for (const Interval &interval : intervals) {
    int64_t next = interval.begin;
    for (const Interval &cut : within) {
      int64_t begin = std::max(interval.begin, cut.begin);
      int64_t end = std::min(interval.end, cut.end);
      if (begin >= end)
        continue;
      result.push_back(inside ? Interval{begin, end} : Interval{next, begin});
      next = end;
    }
    if (!inside)
      result.push_back({next, interval.end});
  }
  return unite(std::move(result));
}

/// One cut for every row of a column-split walk: each run of the walk's
/// keys (columnSplitRuns) in pieces, each row taking its entries of the
/// bank's pieces (the banks run one program over their pieces).
void appendColumnWalk(BankWork &work, const SparsityPattern &pattern,
                      int64_t head, const std::vector<int64_t> &walk) {
  std::vector<Interval> slice;
  std::vector<int64_t> &runKeys = work.pieceRuns.emplace_back();
  for (const std::vector<Interval> &run :
       columnSplitRuns(pattern, head, walk)) {
    int64_t piece =
        llvm::divideCeilSigned(pattern::totalSize(run), work.banksPerGroup);
    std::vector<Interval> mine = pattern::sliceEntries(
        run, work.bank * piece, (work.bank + 1) * piece);
    runKeys.push_back(pattern::totalSize(mine));
    slice.insert(slice.end(), mine.begin(), mine.end());
  }
  slice = unite(std::move(slice));
  for (int64_t row : walk)
    work.pieces.push_back(
        {row, restrictTo(pattern.rowColumns(row, head), slice, /*inside=*/true)});
  work.pieceWalks.push_back(int64_t(walk.size()));
}

} // namespace

std::vector<Interval>
pilot::analysis::fixedColumns(const SparsityPattern &pattern) {
  const pattern::PatternSpec &spec = pattern.getSpec();
  int64_t block = spec.blockSize, keys = pattern.getShape().numKeys;
  std::vector<Interval> fixed;
  if (spec.sinks > 0)
    fixed.push_back({0, std::min(keys, spec.sinks * block)});
  for (int64_t token : spec.globalTokens)
    fixed.push_back({token * block, std::min(keys, (token + 1) * block)});
  return unite(std::move(fixed));
}

ColumnSplitKeys
pilot::analysis::columnSplitKeys(const SparsityPattern &pattern, int64_t head,
                                 const std::vector<int64_t> &rows) {
  std::vector<std::vector<Interval>> rowColumns;
  std::vector<Interval> all;
  for (int64_t row : rows) {
    const std::vector<Interval> &columns =
        rowColumns.emplace_back(pattern.rowColumns(row, head));
    all.insert(all.end(), columns.begin(), columns.end());
  }
  std::vector<Interval> keys = unite(std::move(all));
  const pattern::PatternShape &shape = pattern.getShape();
  bool decoding = shape.numQueries < shape.numKeys;
  ColumnSplitKeys result;
  result.rowsAlike =
      llvm::all_of(rowColumns, [&](const std::vector<Interval> &columns) {
        return columns == keys;
      });
  if (decoding && !result.rowsAlike && !pattern.isDenseHead(head) &&
      !pattern.getSpec().dense) {
    std::vector<Interval> fixed = fixedColumns(pattern);
    result.runs.push_back(restrictTo(keys, fixed, /*inside=*/true));
    result.runs.push_back(restrictTo(keys, fixed, /*inside=*/false));
  } else {
    result.runs.push_back(std::move(keys));
  }
  llvm::erase_if(result.runs,
                 [](const std::vector<Interval> &run) { return run.empty(); });
  return result;
}

std::vector<std::vector<Interval>>
pilot::analysis::columnSplitRuns(const SparsityPattern &pattern, int64_t head,
                                 const std::vector<int64_t> &rows) {
  return columnSplitKeys(pattern, head, rows).runs;
}

//===----------------------------------------------------------------------===//
// Bank work
//===----------------------------------------------------------------------===//

RowWalks pilot::analysis::rowWalks(const SparsityPattern &pattern,
                                   int64_t head) {
  const pattern::PatternShape &shape = pattern.getShape();
  bool prefill = shape.numQueries == shape.numKeys;
  bool dense = pattern.isDenseHead(head);
  bool causal = pattern.getSpec().causal;
  RowWalks walks;
  for (int64_t row = 0; row < shape.numQueries; ++row) {
    bool split = prefill && (dense || !pattern.isGlobalRow(row));
    std::vector<std::vector<int64_t>> &rows =
        split ? walks.splitRuns : walks.columnWalks;
    bool apart = split || causal;
    if (rows.empty() || (apart && rows.back().back() + 1 != row))
      rows.emplace_back();
    rows.back().push_back(row);
  }
  return walks;
}

BankWork pilot::analysis::bankWork(const SparsityPattern &pattern, int64_t head,
                                   int64_t bank, int64_t banksPerGroup) {
  return bankWork(pattern, head, bank, banksPerGroup, rowWalks(pattern, head));
}

BankWork pilot::analysis::bankWork(const SparsityPattern &pattern, int64_t head,
                                   int64_t bank, int64_t banksPerGroup,
                                   const RowWalks &walks) {
  BankWork work;
  work.bank = bank;
  work.banksPerGroup = banksPerGroup;
  const pattern::PatternShape &shape = pattern.getShape();
  bool dense = pattern.isDenseHead(head);
  bool denseRows = dense || pattern.getSpec().dense;
  work.blockSize = denseRows ? 1 : pattern.getSpec().blockSize;
  work.everyKey = denseRows ? shape.numKeys : 0;
  work.fromPattern = true;
  if (!denseRows) {
    const pattern::PatternSpec &spec = pattern.getSpec();
    int64_t block = spec.blockSize;
    work.fixedColumns = fixedColumns(pattern);
    work.band = spec.hasWindow;
    work.bandLeft = spec.windowLeft * block;
    work.bandRight = spec.causal ? 0 : spec.windowRight * block;
    if (block > 1)
      for (int64_t q = 0; q < pattern.numKeyBlocks(); ++q)
        work.randomKeysOfBlock.push_back(
            int64_t(pattern.randomBlocks(q).size()) * block);
  }

  // Whole query blocks per bank, so that a block's tiles share its keys.
  for (const std::vector<int64_t> &run : walks.splitRuns) {
    int64_t chunk =
        llvm::divideCeilSigned(
            llvm::divideCeilSigned(int64_t(run.size()), banksPerGroup),
            work.blockSize) *
        work.blockSize;
    for (int64_t i = bank * chunk;
         i < std::min<int64_t>((bank + 1) * chunk, run.size()); ++i)
      work.splitRows.push_back({run[i], pattern.rowColumns(run[i], head)});
  }

  for (const std::vector<int64_t> &walk : walks.columnWalks)
    appendColumnWalk(work, pattern, head, walk);
  return work;
}

void pilot::analysis::shareKeyValueHead(BankWork &work, int64_t heads) {
  assert(work.pieceWalks.size() <= 1 && "shared heads' rows are one walk");
  if (heads == 1 || work.pieces.empty())
    return;
  std::vector<BankWork::Row> oneHead = std::move(work.pieces);
  work.pieces.clear();
  for (int64_t head = 0; head < heads; ++head)
    work.pieces.insert(work.pieces.end(), oneHead.begin(), oneHead.end());
  work.pieceWalks.front() *= heads;
}

//===----------------------------------------------------------------------===//
// Counting
//===----------------------------------------------------------------------===//

namespace {

/// Accumulates counts the way docs/io-model.md states them.
class Counter {
public:
  Counter(const hw::HardwareDescription &hardware, int64_t headDim)
      : hardware(hardware), d(headDim) {}

  void read(Counts &counts, int64_t elements, int64_t times = 1) const {
    add(counts, elements, times, /*write=*/false);
  }
  void write(Counts &counts, int64_t elements, int64_t times = 1) const {
    add(counts, elements, times, /*write=*/true);
  }
  /// The steps of `kb` keys over each run (the last step of a run
  /// shorter), as (keys, how many such steps).
  static std::vector<std::pair<int64_t, int64_t>>
  steps(llvm::ArrayRef<int64_t> runs, int64_t kb) {
    std::vector<std::pair<int64_t, int64_t>> keys;
    for (int64_t run : runs) {
      if (run / kb > 0)
        keys.push_back({kb, run / kb});
      if (run % kb)
        keys.push_back({run % kb, 1});
    }
    return keys;
  }

  const hw::HardwareDescription &hardware;
  const int64_t d;

private:
  void add(Counts &counts, int64_t elements, int64_t times, bool write) const {
    if (elements <= 0 || times <= 0)
      return;
    Counts one = transferCost(elements, hardware);
    (write ? counts.writeBytes : counts.readBytes) +=
        (one.readBytes + one.writeBytes) * times;
    counts.activations += one.activations * times;
  }
};

/// The head dimension in the tiles' chunks (the last may be shorter).
std::vector<int64_t> headDimChunks(int64_t d, const Tiles &tiles) {
  std::vector<int64_t> chunks;
  for (int64_t done = 0, dc = tiles.chunk(d); done < d; done += dc)
    chunks.push_back(std::min(dc, d - done));
  return chunks;
}

/// Consecutive groups of `rowsPerTile` rows, with their entries and the
/// size of the union of their columns.
struct RowTile {
  int64_t rowCount = 0;
  int64_t entries = 0;
  int64_t unionSize = 0;
  /// The keys the tile reads as runs its steps walk: the band, each run
  /// of fixed keys, the random keys; a dense head's every key; hand-built
  /// work, the maximal intervals of its union.
  std::vector<int64_t> runs;
  int64_t rows() const { return rowCount; }
};

std::vector<RowTile> rowTiles(const BankWork &work, int64_t rowsPerTile) {
  int64_t blockSize = work.blockSize;
  // The programs walk whole query blocks: a partial last block of the
  // pattern's rows is walked to its end, the rows past the sequence
  // attending nothing (their q and o still move).
  std::vector<BankWork::Row> padded;
  if (work.fromPattern && blockSize > 1 && !work.splitRows.empty() &&
      (work.splitRows.back().row + 1) % blockSize) {
    padded = work.splitRows;
    for (int64_t row = padded.back().row + 1; row % blockSize; ++row)
      padded.push_back({row, {}});
  }
  const std::vector<BankWork::Row> &rows =
      padded.empty() ? work.splitRows : padded;
  // Only hand-built work's tiles read the union of their rows' columns.
  bool readsColumns = !work.fromPattern && work.everyKey == 0;
  std::vector<RowTile> tiles;
  for (size_t i = 0, end; i < rows.size(); i = end) {
    // A tile ends after `rowsPerTile` rows or, in a block pattern, at the
    // end of a query block.
    // A tile also ends where a run of the pattern's rows does (a global
    // row lies between).
    end = i + 1;
    while (end < rows.size() && int64_t(end - i) < rowsPerTile &&
           (blockSize == 1 ||
            rows[end].row / blockSize == rows[i].row / blockSize) &&
           (!work.fromPattern || rows[end].row == rows[end - 1].row + 1))
      ++end;
    RowTile tile;
    tile.rowCount = int64_t(end - i);
    std::vector<Interval> all;
    for (size_t r = i; r < end; ++r) {
      tile.entries += pattern::totalSize(rows[r].columns);
      if (readsColumns)
        all.insert(all.end(), rows[r].columns.begin(), rows[r].columns.end());
    }
    // What the programs walk: a dense head every key; otherwise the band
    // whole, every fixed key and the block's random keys.
    if (work.everyKey > 0) {
      tile.runs = {work.everyKey};
    } else if (readsColumns) {
      for (const Interval &run : unite(std::move(all)))
        tile.runs.push_back(run.size());
    } else {
      // From the tile's first position (its block's) to its last (its
      // block's).
      int64_t rowsOfBand =
          blockSize > 1 ? blockSize : rows[end - 1].row - rows[i].row + 1;
      if (work.band)
        tile.runs.push_back(work.bandLeft + rowsOfBand + work.bandRight);
      for (const Interval &run : work.fixedColumns)
        tile.runs.push_back(run.size());
      if (blockSize > 1 && work.randomKeysOfBlock[rows[i].row / blockSize])
        tile.runs.push_back(work.randomKeysOfBlock[rows[i].row / blockSize]);
    }
    tile.unionSize = 0;
    for (int64_t run : tile.runs)
      tile.unionSize += run;
    tiles.push_back(std::move(tile));
  }
  return tiles;
}

void countRowSplit(PhaseCounts &phases, const BankWork &work, Schedule schedule,
                   Tiles tiles, const Counter &counter) {
  const int64_t d = counter.d;
  std::vector<RowTile> rowTilesOfBank =
      rowTiles(work, schedule == Schedule::Naive ? 1 : tiles.rows);

  if (schedule == Schedule::Fused) {
    // Chunks of the head dimension move one transfer per vector each.
    for (const RowTile &tile : rowTilesOfBank) {
      for (int64_t chunk : headDimChunks(d, tiles)) {
        counter.read(phases.sddmm, chunk, tile.rows());
        counter.read(phases.sddmm, chunk, tile.unionSize);
        counter.read(phases.spmm, chunk, tile.unionSize);
        counter.write(phases.spmm, chunk, tile.rows());
      }
      phases.sddmm.macs += tile.entries * d;
      phases.softmax.exps += 2 * tile.entries;
      phases.spmm.macs += tile.entries * d;
    }
    return;
  }

  // Naive and pilot move scores in blocks: a block of steps (one step but
  // for the PILOT schedule's, `buffering`) of `kb` keys of one run gives an
  // `a x n` block, one transfer. The pilot schedule may take the
  // head dimension in chunks, one pass each: the partial blocks go back to
  // DRAM between passes. One softmax pass over the blocks; the SpMM
  // divides the output rows by the sums.
  int64_t kb = schedule == Schedule::Naive ? naiveStepKeys(counter.hardware, d)
                                           : tiles.keys;
  kb *= buffering(schedule, Split::Rows, tiles, d, counter.hardware).blockSteps;
  std::vector<int64_t> chunks =
      headDimChunks(d, schedule == Schedule::Naive ? Tiles{} : tiles);
  for (const RowTile &tile : rowTilesOfBank) {
    auto steps = Counter::steps(tile.runs, kb); // Blocks of steps.
    for (size_t pass = 0; pass < chunks.size(); ++pass) {
      counter.read(phases.sddmm, chunks[pass], tile.rows());
      counter.read(phases.sddmm, chunks[pass], tile.unionSize);
      for (auto [n, count] : steps) {
        if (pass > 0)
          counter.read(phases.sddmm, tile.rows() * n, count);
        counter.write(phases.sddmm, tile.rows() * n, count);
      }
    }
    phases.sddmm.macs += tile.entries * d;
    for (auto [n, count] : steps) {
      counter.read(phases.softmax, tile.rows() * n, count);
      counter.write(phases.softmax, tile.rows() * n, count);
    }
    phases.softmax.exps += tile.entries;
    for (int64_t chunk : chunks) {
      counter.read(phases.spmm, chunk, tile.unionSize);
      for (auto [n, count] : steps)
        counter.read(phases.spmm, tile.rows() * n, count);
      counter.write(phases.spmm, chunk, tile.rows());
    }
    phases.spmm.macs += tile.entries * d;
  }
}

/// Column split: the rows written by this bank after the output reduction.
/// Every bank of the group holds the reduced rows and runs the same program,
/// so every bank writes them (the host reads one copy).
int64_t rowsWrittenBy(const BankWork &work) {
  return int64_t(work.pieces.size());
}

/// A column-split walk of the PILOT schedule with more rows than a tile:
/// K-stationary.
void countKeyStationaryWalk(PhaseCounts &phases, const BankWork &work,
                            int64_t begin, int64_t end,
                            llvm::ArrayRef<int64_t> runs, Tiles tiles,
                            const Counter &counter) {
  const int64_t d = counter.d;
  // Pilot with more rows than a tile: K-stationary. Each step's keys are
  // read once for every row tile, its blocks written; the softmax walks a
  // tile's blocks and stores its rows' totals; each step's values are
  // read once, every tile adding to its partial outputs in DRAM (read
  // back from the second step on, written until the last), the last
  // step reducing them and dividing by the totals.
  int64_t keys = llvm::sum_of(runs);
  auto steps = Counter::steps(runs, tiles.keys);
  int64_t stepCount = 0;
  for (auto [n, count] : steps)
    stepCount += count;
  counter.read(phases.sddmm, d, keys);
  counter.read(phases.spmm, d, keys);
  for (int64_t first = begin; first < end; first += tiles.rows) {
    int64_t rows = std::min(end, first + tiles.rows) - first;
    int64_t entries = 0;
    for (int64_t r = first; r < first + rows; ++r)
      entries += pattern::totalSize(work.pieces[r].columns);
    counter.read(phases.sddmm, d, rows * stepCount);
    for (auto [n, count] : steps) {
      counter.write(phases.sddmm, rows * n, count);
      counter.read(phases.softmax, rows * n, count);
      counter.write(phases.softmax, rows * n, count);
      counter.read(phases.spmm, rows * n, count);
    }
    phases.sddmm.macs += entries * d;
    phases.softmax.exps += entries;
    phases.softmax.bgpmBytes += 2 * 2 * rows;
    counter.write(phases.softmax, rows);
    counter.read(phases.spmm, rows);
    counter.read(phases.spmm, rows * d, std::max<int64_t>(0, stepCount - 1));
    counter.write(phases.spmm, rows * d, std::max<int64_t>(0, stepCount - 1));
    phases.spmm.macs += entries * d;
  }
}

/// A column-split walk of the fused schedule, K-stationary: each step's
/// keys and values are read once for every row tile; per step and tile the
/// tile's Q comes in and its running state (partial outputs, maxima and
/// sums: `a (d + 2)` elements, one transfer) comes back from the second
/// step on and goes out until the last, which reduces it across the group
/// instead (docs/compiler.md, Loop nests).
void countFusedKeyStationaryWalk(PhaseCounts &phases, const BankWork &work,
                                 int64_t begin, int64_t end,
                                 llvm::ArrayRef<int64_t> runs, Tiles tiles,
                                 const Counter &counter) {
  const int64_t d = counter.d;
  int64_t stepCount = 0;
  for (auto [n, count] : Counter::steps(runs, tiles.keys))
    stepCount += count;
  int64_t keys = llvm::sum_of(runs);
  counter.read(phases.sddmm, d, keys);
  counter.read(phases.spmm, d, keys);
  int64_t stateElements = tiles.rows * (d + 2);
  for (int64_t first = begin; first < end; first += tiles.rows) {
    int64_t rows = std::min(end, first + tiles.rows) - first, entries = 0;
    for (int64_t r = first; r < first + rows; ++r)
      entries += pattern::totalSize(work.pieces[r].columns);
    counter.read(phases.sddmm, d, rows * stepCount);
    counter.read(phases.spmm, stateElements,
                 std::max<int64_t>(0, stepCount - 1));
    counter.write(phases.spmm, stateElements,
                  std::max<int64_t>(0, stepCount - 1));
    phases.sddmm.macs += entries * d;
    phases.softmax.exps += 2 * entries + rows;
    phases.softmax.bgpmBytes += 2 * 2 * (d + 2) * rows;
    phases.spmm.macs += entries * d;
  }
}

/// One walk of a column split: pieces [begin, end), walking the bank's
/// pieces of `runs` (their keys) one after the other.
void countColumnWalk(PhaseCounts &phases, const BankWork &work, int64_t begin,
                     int64_t end, llvm::ArrayRef<int64_t> runs,
                     bool keyStationaryWalks, Schedule schedule, Tiles tiles,
                     const Counter &counter) {
  const int64_t d = counter.d;
  int64_t keys = llvm::sum_of(runs);
  if (schedule == Schedule::Fused && keyStationaryWalks) {
    countFusedKeyStationaryWalk(phases, work, begin, end, runs, tiles, counter);
  } else if (schedule == Schedule::Fused) {
    // Row groups of `a` consecutive rows, each streaming the bank's whole
    // piece once: the banks' program walks it for every group, a group's
    // rows attending less of it (causally) or not.
    for (int64_t first = begin; first < end; first += tiles.rows) {
      int64_t last = std::min(end, first + tiles.rows);
      int64_t entries = 0;
      for (int64_t r = first; r < last; ++r)
        entries += pattern::totalSize(work.pieces[r].columns);
      int64_t groupRows = last - first;
      for (int64_t chunk : headDimChunks(d, tiles)) {
        counter.read(phases.sddmm, chunk, groupRows);
        counter.read(phases.sddmm, chunk, keys);
        counter.read(phases.spmm, chunk, keys);
      }
      phases.sddmm.macs += entries * d;
      // p and the running rescale per entry, and each bank's partial
      // rescaled to the group's maximum once per row.
      phases.softmax.exps += 2 * entries + groupRows;
      phases.softmax.bgpmBytes += 2 * 2 * (d + 2) * groupRows;
      phases.spmm.macs += entries * d;
    }
  } else if (keyStationaryWalks) {
    countKeyStationaryWalk(phases, work, begin, end, runs, tiles, counter);
  } else {
    // Naive and pilot: row tiles of `a` rows (naive: one), each walking the
    // bank's gathered pieces, run after run, in steps of `kb`; blocks as in
    // the row split; the row sums through the BGPM.
    int64_t a = schedule == Schedule::Naive ? 1 : tiles.rows;
    int64_t kb = schedule == Schedule::Naive
                     ? naiveStepKeys(counter.hardware, d, Split::Columns)
                     : tiles.keys;
    kb *= buffering(schedule, Split::Columns, tiles, d, counter.hardware)
              .blockSteps;
    auto steps = Counter::steps(runs, kb); // Blocks of steps.
    for (int64_t first = begin; first < end; first += a) {
      int64_t rows = std::min(end, first + a) - first, entries = 0;
      for (int64_t r = first; r < first + rows; ++r)
        entries += pattern::totalSize(work.pieces[r].columns);
      counter.read(phases.sddmm, d, rows);
      counter.read(phases.sddmm, d, keys);
      for (auto [n, count] : steps)
        counter.write(phases.sddmm, rows * n, count);
      phases.sddmm.macs += entries * d;
      for (auto [n, count] : steps) {
        counter.read(phases.softmax, rows * n, count);
        counter.write(phases.softmax, rows * n, count);
      }
      phases.softmax.exps += entries;
      phases.softmax.bgpmBytes += 2 * 2 * rows;
      counter.read(phases.spmm, d, keys);
      for (auto [n, count] : steps)
        counter.read(phases.spmm, rows * n, count);
      phases.spmm.macs += entries * d;
    }
  }
}

void countColumnSplit(PhaseCounts &phases, const BankWork &work,
                      Schedule schedule, Tiles tiles, const Counter &counter) {
  const int64_t d = counter.d;
  if (work.pieces.empty())
    return;
  int64_t writtenRows = rowsWrittenBy(work);
  int64_t rowCount = int64_t(work.pieces.size());
  // The loop order is the part's, from all its rows (pim-schedule's).
  bool keyStationaryWalks =
      keyStationary(schedule, tiles, rowCount, work.partialStatistics);
  int64_t begin = 0;
  for (auto [rows, runs] : llvm::zip_equal(work.pieceWalks, work.pieceRuns)) {
    countColumnWalk(phases, work, begin, begin + rows, runs,
                    keyStationaryWalks, schedule, tiles, counter);
    begin += rows;
  }
  phases.spmm.bgpmBytes +=
      schedule == Schedule::Fused ? 0 : 2 * 2 * d * rowCount;
  for (int64_t chunk :
       headDimChunks(d, schedule == Schedule::Fused ? tiles : Tiles{}))
    counter.write(phases.spmm, chunk, writtenRows);
  // The group's row sums, and its row maxima where the fused schedule
  // shifts the scores by them (the staged schedules' maxima are 0): a
  // transfer of each tile's rows.
  if (work.partialStatistics) {
    int64_t a = schedule == Schedule::Naive ? 1 : tiles.rows;
    for (int64_t rows : work.pieceWalks)
      for (int64_t first = 0; first < rows; first += a)
        counter.write(phases.spmm, std::min(a, rows - first),
                      partialStatisticsOf(schedule));
  }
}

} // namespace

Counts pilot::analysis::transferCost(int64_t elements,
                                     const hw::HardwareDescription &hardware) {
  Counts counts;
  int64_t bytes = 2 * elements;
  counts.readBytes = llvm::divideCeilSigned(bytes, hardware.org.columnBytes) *
                     hardware.org.columnBytes;
  counts.activations = llvm::divideCeilSigned(bytes, hardware.org.rowBytes);
  return counts;
}

std::vector<int64_t> pilot::analysis::countedFields(const BankWork &work) {
  std::vector<int64_t> fields = {
      work.blockSize, work.everyKey,  work.fromPattern,      work.band,
      work.bandLeft,  work.bandRight, work.partialStatistics};
  // Each list with its length first, so that no two works flatten alike.
  auto appendList = [&](const auto &list, auto field) {
    fields.push_back(int64_t(list.size()));
    for (const auto &element : list)
      field(element);
  };
  auto appendIntervals = [&](const std::vector<Interval> &intervals) {
    appendList(intervals, [&](const Interval &interval) {
      fields.push_back(interval.begin);
      fields.push_back(interval.end);
    });
  };
  auto appendValues = [&](const std::vector<int64_t> &values) {
    appendList(values, [&](int64_t value) { fields.push_back(value); });
  };
  appendIntervals(work.fixedColumns);
  // Rows by their place after the first (tiles end where rows are not
  // consecutive) and in their blocks; a pattern's by their sizes and their
  // block's random keys (the tiles read the band, fixed and random keys),
  // hand-built work's by their columns (the tiles read their union).
  int64_t firstRow = work.splitRows.empty() ? 0 : work.splitRows.front().row;
  fields.push_back(firstRow % work.blockSize);
  bool readsColumns = !work.fromPattern && work.everyKey == 0;
  appendList(work.splitRows, [&](const BankWork::Row &row) {
    fields.push_back(row.row - firstRow);
    if (readsColumns) {
      appendIntervals(row.columns);
      return;
    }
    fields.push_back(pattern::totalSize(row.columns));
    if (work.fromPattern && work.blockSize > 1)
      fields.push_back(work.randomKeysOfBlock.at(row.row / work.blockSize));
  });
  appendList(work.pieces, [&](const BankWork::Row &piece) {
    fields.push_back(pattern::totalSize(piece.columns));
  });
  appendValues(work.pieceWalks);
  appendList(work.pieceRuns, appendValues);
  return fields;
}

PhaseCounts
pilot::analysis::countRowSplitWork(const BankWork &work, Schedule schedule,
                                   const Tiles &rowTiles, int64_t headDim,
                                   const hw::HardwareDescription &hardware) {
  PhaseCounts phases;
  countRowSplit(phases, work, schedule, rowTiles, Counter(hardware, headDim));
  return phases;
}

PhaseCounts
pilot::analysis::countColumnSplitWork(const BankWork &work, Schedule schedule,
                                      const Tiles &columnTiles, int64_t headDim,
                                      const hw::HardwareDescription &hardware) {
  PhaseCounts phases;
  countColumnSplit(phases, work, schedule, columnTiles,
                   Counter(hardware, headDim));
  return phases;
}

PhaseCounts
pilot::analysis::countBankWork(const BankWork &work, Schedule schedule,
                               const TileChoice &tiles, int64_t headDim,
                               const hw::HardwareDescription &hardware) {
  PhaseCounts phases =
      countRowSplitWork(work, schedule, tiles.rowSplit, headDim, hardware);
  phases += countColumnSplitWork(work, schedule, tiles.columnSplit, headDim,
                                 hardware);
  return phases;
}
