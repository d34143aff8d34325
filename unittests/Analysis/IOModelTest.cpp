//===- IOModelTest.cpp - Tests of the I/O model against a brute force -----===//
//
// An independent path to docs/io-model.md: a walker in this file expands
// every row into explicit columns and steps through each schedule of the
// definition transfer by transfer, and the model's per-bank counts, its
// mapping of rows to banks, its closed forms, its whole-system prediction and
// its tile search are checked against it. Nothing here is derived from the
// implementation.
//
//===----------------------------------------------------------------------===//

#include "pilot/Analysis/Prediction.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <map>
#include <optional>
#include <ostream>
#include <set>
#include <sstream>
#include <string>
#include <tuple>
#include <vector>

namespace pilot::analysis {
// Readable values in gtest's messages, found by argument-dependent lookup.
void PrintTo(const Counts &c, std::ostream *os) {
  *os << "{read " << c.readBytes << ", write " << c.writeBytes << ", acts "
      << c.activations << ", macs " << c.macs << ", exps " << c.exps
      << ", bgpm " << c.bgpmBytes << "}";
}
} // namespace pilot::analysis

using namespace pilot;
using namespace pilot::analysis;
using pattern::Interval;
using pattern::PatternShape;
using pattern::PatternSpec;
using pattern::SparsityPattern;

namespace {

//===----------------------------------------------------------------------===//
// Hardware and small utilities
//===----------------------------------------------------------------------===//

int64_t ceilDiv(int64_t a, int64_t b) { return (a + b - 1) / b; }

/// The paper's preset with the fields the model reads changed in place.
hw::HardwareDescription makeHardware(int64_t banks, int64_t bufferBytes,
                                     int64_t columnBytes, int64_t rowBytes) {
  std::optional<hw::HardwareDescription> preset =
      hw::lookupPreset("pilot-hbm3");
  EXPECT_TRUE(preset.has_value());
  hw::HardwareDescription hardware = preset.value_or(hw::HardwareDescription());
  hardware.org.banks = banks;
  hardware.bpm.bufferBytes = bufferBytes;
  hardware.org.columnBytes = columnBytes;
  hardware.org.rowBytes = rowBytes;
  return hardware;
}

/// The "tiny" system of the prediction tests: two bank groups, so that head
/// instances outnumber them.
hw::HardwareDescription tinyHardware() {
  hw::HardwareDescription hardware = makeHardware(4, 2048, 32, 1024);
  hardware.org.stacks = 1;
  hardware.org.dies = 1;
  hardware.org.pchs = 1;
  hardware.org.bankGroups = 2;
  return hardware;
}

/// Every key column of a list of intervals, one by one.
std::vector<int64_t> expand(const std::vector<Interval> &intervals) {
  std::vector<int64_t> columns;
  for (const Interval &interval : intervals)
    for (int64_t c = interval.begin; c < interval.end; ++c)
      columns.push_back(c);
  return columns;
}

std::string str(const Counts &c) {
  std::ostringstream os;
  PrintTo(c, &os);
  return os.str();
}

std::string str(const Tiles &t) {
  return "(" + std::to_string(t.rows) + "," + std::to_string(t.keys) +
         (t.headDimChunk ? "/" + std::to_string(t.headDimChunk) : "") + ")";
}

std::string str(const TileChoice &t) {
  return "rows " + str(t.rowSplit) + " cols " + str(t.columnSplit);
}

/// Names every field where two counts differ; empty when equal.
std::string diff(const Counts &got, const Counts &want) {
  std::ostringstream os;
  auto field = [&](const char *name, int64_t g, int64_t w) {
    if (g != w)
      os << " " << name << ": got " << g << ", walker " << w << ";";
  };
  field("readBytes", got.readBytes, want.readBytes);
  field("writeBytes", got.writeBytes, want.writeBytes);
  field("activations", got.activations, want.activations);
  field("macs", got.macs, want.macs);
  field("exps", got.exps, want.exps);
  field("bgpmBytes", got.bgpmBytes, want.bgpmBytes);
  return os.str();
}

// Field-by-field arithmetic of our own, so that the reference does not lean
// on the library's Counts operators (tested separately).
Counts sum(const Counts &a, const Counts &b) {
  Counts c = a;
  c.readBytes += b.readBytes;
  c.writeBytes += b.writeBytes;
  c.activations += b.activations;
  c.macs += b.macs;
  c.exps += b.exps;
  c.bgpmBytes += b.bgpmBytes;
  return c;
}

Counts total(const PhaseCounts &p) {
  return sum(sum(p.sddmm, p.softmax), p.spmm);
}

Counts times(const Counts &c, int64_t k) {
  Counts r;
  r.readBytes = c.readBytes * k;
  r.writeBytes = c.writeBytes * k;
  r.activations = c.activations * k;
  r.macs = c.macs * k;
  r.exps = c.exps * k;
  r.bgpmBytes = c.bgpmBytes * k;
  return r;
}

//===----------------------------------------------------------------------===//
// The brute-force walker (docs/io-model.md, "Counting rules")
//===----------------------------------------------------------------------===//

/// A row with its key columns listed one by one.
struct ExplicitRow {
  int64_t row = 0;
  std::vector<int64_t> cols;
};

std::vector<ExplicitRow> explicitRows(const std::vector<BankWork::Row> &rows) {
  std::vector<ExplicitRow> out;
  for (const BankWork::Row &r : rows)
    out.push_back({r.row, expand(r.columns)});
  return out;
}

/// What a row-split tile reads besides its rows' own columns
/// (docs/io-model.md, Row split).
struct TileReads {
  bool band = false;
  int64_t left = 0, right = 0;
  std::set<int64_t> fixed;
  std::vector<int64_t> randomOfBlock;
  /// Taken from a BankWork (`fromWork`) or from a pattern (`pattern`); a
  /// hand-built walker without either reads each tile's union.
  bool fromWork = false;
  bool pattern = false;
};

/// One bank's work for one head instance, stepped through rule by rule. It
/// knows only the notation of the doc (d, M, g, P, nbk) and the bank's rows.
class Walker {
public:
  Walker(int64_t bank, int64_t banksPerGroup,
         std::vector<ExplicitRow> splitRows, std::vector<ExplicitRow> pieces,
         std::vector<std::vector<int64_t>> pieceRuns, int64_t headDim,
         const hw::HardwareDescription &hardware, int64_t block = 1,
         int64_t everyKey = 0, TileReads reads = {},
         std::vector<int64_t> pieceWalks = {})
      : d(headDim), M(hardware.bpm.bufferBytes / 2),
        g(hardware.org.columnBytes), P(hardware.org.rowBytes),
        nbk(banksPerGroup), bank(bank), block(block), everyKey(everyKey),
        reads(std::move(reads)), splitRows(std::move(splitRows)),
        pieces(std::move(pieces)), pieceWalks(std::move(pieceWalks)),
        pieceRuns(std::move(pieceRuns)),
        columnRows(static_cast<int64_t>(this->pieces.size())) {
    // The programs walk whole query blocks: a partial last block of the
    // pattern's rows is walked to its end, the rows past the sequence
    // attending nothing.
    if ((this->reads.pattern || this->reads.fromWork) && block > 1 &&
        !this->splitRows.empty())
      for (int64_t row = this->splitRows.back().row + 1; row % block; ++row)
        this->splitRows.push_back({row, {}});
  }

  Walker(const BankWork &work, int64_t headDim,
         const hw::HardwareDescription &hardware)
      : Walker(work.bank, work.banksPerGroup, explicitRows(work.splitRows),
               explicitRows(work.pieces), work.pieceRuns, headDim, hardware,
               work.blockSize, work.everyKey,
               TileReads{work.band, work.bandLeft, work.bandRight,
                         columnsOf(work.fixedColumns), work.randomKeysOfBlock,
                         /*fromWork=*/work.fromPattern},
               work.pieceWalks) {}

  static std::set<int64_t>
  columnsOf(const std::vector<pattern::Interval> &intervals) {
    std::set<int64_t> columns;
    for (const pattern::Interval &interval : intervals)
      for (int64_t c = interval.begin; c < interval.end; ++c)
        columns.insert(c);
    return columns;
  }

  PhaseCounts walk(Schedule schedule, const TileChoice &tiles) const {
    PhaseCounts c;
    switch (schedule) {
    case Schedule::Naive:
      naiveRowSplit(c);
      break;
    case Schedule::Pilot:
      pilotRowSplit(tiles.rowSplit, c);
      break;
    case Schedule::Fused:
      fusedRowSplit(tiles.rowSplit, c);
      break;
    }
    // Each walk of the column split on its own pieces.
    for (const Walker &walker : columnWalks()) {
      switch (schedule) {
      case Schedule::Naive:
        walker.naiveColumnSplit(c);
        break;
      case Schedule::Pilot:
        walker.pilotColumnSplit(tiles.columnSplit, c);
        break;
      case Schedule::Fused:
        walker.fusedColumnSplit(tiles.columnSplit, c);
        break;
      }
    }
    // Keys over several groups: each tile's row sums and, where the fused
    // schedule shifted the scores by them, its row maxima, a transfer of a
    // value per row each, for the host's merge.
    if (partialStatistics)
      for (const Walker &walker : columnWalks()) {
        int64_t a =
            schedule == Schedule::Naive ? 1 : tiles.columnSplit.rows;
        int64_t rows = static_cast<int64_t>(walker.pieces.size());
        for (int64_t first = 0; first < rows; first += a)
          for (int k = 0; k < (schedule == Schedule::Fused ? 2 : 1); ++k)
            transfer(c.spmm, std::min(a, rows - first), Write);
      }
    return c;
  }

  /// Whether the bank's group leaves a partial for the host to merge.
  bool partialStatistics = false;

  /// The runs of the one walk this walker walks.
  std::vector<int64_t> walkRuns() const {
    return pieceRuns.empty() ? std::vector<int64_t>{} : pieceRuns.front();
  }

  /// This bank's work with only the pieces of one column-split walk each.
  std::vector<Walker> columnWalks() const {
    std::vector<Walker> walkers;
    size_t first = 0;
    for (auto [rows, runs] : llvm::zip_equal(pieceWalks, pieceRuns)) {
      Walker walker = *this;
      walker.pieces.assign(pieces.begin() + first,
                           pieces.begin() + first + rows);
      walker.pieceRuns = {runs};
      walker.pieceWalks = {rows};
      walkers.push_back(std::move(walker));
      first += rows;
    }
    return walkers;
  }

  /// Predicted time of this bank (docs/io-model.md, "Predicted time"):
  /// per phase its I/O time, then its compute time.
  /// Where the PILOT schedule's tiles hold two slots (`streams`), the
  /// SDDMM and SpMM take the longer of the two, with an activation per
  /// DRAM row of their bytes read and written (no more than counted).
  static double timeNs(const PhaseCounts &p,
                       const hw::HardwareDescription &hardware, double *io,
                       double *compute, bool streams = false) {
    double nsPerColumn = hardware.timing.nCCDL * hardware.timing.tCKps / 1e3;
    double nsPerCycle = 1e3 / hardware.bpm.clockMHz;
    double nsPerGroupCycle = 1e3 / hardware.bgpm.clockMHz;
    double total = 0;
    for (const Counts *c : {&p.sddmm, &p.softmax, &p.spmm}) {
      // Each activation also waits nRCD + nCL + nBL and its precharge nRP.
      const hw::DramTiming &t = hardware.timing;
      bool overlapped = streams && c != &p.softmax;
      int64_t rowBytes = hardware.org.rowBytes;
      int64_t activations =
          overlapped ? std::min(c->activations,
                                ceilDiv(c->readBytes, rowBytes) +
                                    ceilDiv(c->writeBytes, rowBytes))
                     : c->activations;
      double ioNs = double(c->readBytes + c->writeBytes) /
                        hardware.org.columnBytes * nsPerColumn +
                    double(activations) *
                        double(t.nRCDRD + t.nCL + t.nBL + t.nRP) * t.tCKps /
                        1e3;
      // Whole cycles: MACs on the BPM's lanes, exps bpm.exp_cycles for
      // each lanes of them (docs/simulator.md, PLT_EXP), reduced values on
      // the BGPM's adders.
      double bpmCycles = double(ceilDiv(c->macs, hardware.bpm.lanes) +
                                ceilDiv(c->exps, hardware.bpm.lanes) *
                                    hardware.bpm.expCycles);
      double bgpmCycles =
          double(ceilDiv(c->bgpmBytes / 2, hardware.bgpm.adders));
      double computeNs = bpmCycles * nsPerCycle + bgpmCycles * nsPerGroupCycle;
      if (io)
        *io += ioNs;
      if (compute)
        *compute += computeNs;
      total += overlapped ? std::max(ioNs, computeNs) : ioNs + computeNs;
    }
    return total;
  }

private:
  enum Direction { Read, Write };

  /// One transfer: the listed elements, contiguous, in one movement.
  void transfer(Counts &c, int64_t elements, Direction direction) const {
    int64_t bytes = ceilDiv(2 * elements, g) * g;
    int64_t acts = ceilDiv(2 * elements, P);
    (direction == Read ? c.readBytes : c.writeBytes) += bytes;
    c.activations += acts;
  }

  /// A vector (q, k, v or o), or a chunk of one: one transfer.
  void vector(Counts &c, Direction direction, int64_t length = 0) const {
    std::vector<int64_t> elements;
    for (int64_t k = 0; k < (length > 0 ? length : d); ++k)
      elements.push_back(k);
    transfer(c, static_cast<int64_t>(elements.size()), direction);
  }

  void macsFor(Counts &c, const std::vector<int64_t> &cols) const {
    for (size_t i = 0; i < cols.size(); ++i)
      c.macs += d;
  }

  /// After a column split's reduction every bank of the group holds the
  /// row and writes it (the banks run one program; the host reads one).
  bool writesOutput(int64_t) const { return true; }

  /// Consecutive groups of `a` rows (the last may be shorter); a pattern's
  /// row-split tiles also end where its rows skip a (global) row.
  std::vector<std::vector<const ExplicitRow *>>
  tilesOf(const std::vector<ExplicitRow> &rows, int64_t a, int64_t block = 1,
          bool splitRuns = false) const {
    bool runs = splitRuns && (reads.pattern || reads.fromWork);
    std::vector<std::vector<const ExplicitRow *>> tiles;
    for (const ExplicitRow &r : rows) {
      if (tiles.empty() || static_cast<int64_t>(tiles.back().size()) == a ||
          (block > 1 && tiles.back().front()->row / block != r.row / block) ||
          (runs && tiles.back().back()->row + 1 != r.row))
        tiles.emplace_back();
      tiles.back().push_back(&r);
    }
    return tiles;
  }

  /// The keys a row-split tile reads.
  /// Consecutive columns of a set, as run lengths.
  static std::vector<int64_t> runLengths(const std::set<int64_t> &columns) {
    std::vector<int64_t> runs;
    int64_t previous = -2;
    for (int64_t c : columns) {
      if (c != previous + 1)
        runs.push_back(0);
      ++runs.back();
      previous = c;
    }
    return runs;
  }

  /// The runs of keys a row-split tile reads, one after the other: a dense
  /// head's every key; else its band whole (from its first row, or its
  /// block's first, `left` back to its last row, or its block's last,
  /// `right` on), each run of fixed keys, its block's random keys.
  /// Hand-built work (no pattern) reads the runs of its union.
  std::vector<int64_t>
  runsOf(const std::vector<const ExplicitRow *> &tile) const {
    if (everyKey > 0)
      return {everyKey};
    if (!reads.fromWork && !reads.pattern)
      return runLengths(unionOf(tile));
    int64_t first = tile.front()->row, last = tile.back()->row;
    if (block > 1) {
      first = first / block * block;
      last = first + block - 1;
    }
    std::vector<int64_t> runs;
    if (reads.band)
      runs.push_back((last - first + 1) + reads.left + reads.right);
    for (int64_t run : runLengths(reads.fixed))
      runs.push_back(run);
    if (block > 1 && !reads.randomOfBlock.empty() &&
        reads.randomOfBlock[tile.front()->row / block] > 0)
      runs.push_back(reads.randomOfBlock[tile.front()->row / block]);
    return runs;
  }

  int64_t keysOf(const std::vector<const ExplicitRow *> &tile) const {
    int64_t keys = 0;
    for (int64_t run : runsOf(tile))
      keys += run;
    return keys;
  }

  static std::set<int64_t>
  unionOf(const std::vector<const ExplicitRow *> &tile) {
    std::set<int64_t> u;
    for (const ExplicitRow *r : tile)
      u.insert(r->cols.begin(), r->cols.end());
    return u;
  }

  /// Keys a naive step moves: a DRAM row's vectors.
  /// fewer where the buffer (M elements) does not hold them beside the
  /// row's q, its block and its sum (and the row's total in a column
  /// split): 1 (2) + d + kb (d + 1) elements.
  int64_t naiveKeys(bool column = false) const {
    int64_t kb = std::max<int64_t>(1, P / (2 * d));
    while (kb > 1 && (column ? 2 : 1) + d + kb * (d + 1) > M)
      --kb;
    return kb;
  }

  /// Steps of at most `kb` keys over each run, as their key counts.
  static std::vector<int64_t> stepsOver(const std::vector<int64_t> &runs,
                                        int64_t kb) {
    std::vector<int64_t> steps;
    for (int64_t run : runs)
      for (int64_t done = 0; done < run; done += kb)
        steps.push_back(std::min(kb, run - done));
    return steps;
  }

  /// Steps a block of the PILOT schedule's scores holds (docs/io-model.md,
  /// Streaming): the largest power of two up to 128 whose block fits the
  /// buffer beside the footprint and, where it fits, a second slot of keys,
  /// and whose scores fit a DRAM row. The naive schedule's: one.
  int64_t blockSteps(Tiles t, bool column, bool naive) const {
    if (naive)
      return 1;
    int64_t a = t.rows, kb = t.keys, dc = chunksOf(t).front();
    int64_t used = column ? a * d + kb * d + a * kb + 2 * a
                          : a * dc + kb * dc + a * kb + a;
    if (used + kb * dc <= M)
      used += kb * dc;
    int64_t steps = 1;
    for (int64_t b = 1; b <= 128; b *= 2)
      if (used + a * kb * (b - 1) <= M && 2 * a * kb * b <= P)
        steps = b;
    return steps;
  }

  /// The blocks of scores over each run: `blocks` steps of `kb` keys each
  /// (fewer at a run's end), as their key counts.
  static std::vector<int64_t> blocksOver(const std::vector<int64_t> &runs,
                                         int64_t kb, int64_t blocks) {
    std::vector<int64_t> keys;
    for (int64_t step : stepsOver(runs, kb * blocks))
      keys.push_back(step);
    return keys;
  }

  // Naive and pilot, row split: per tile and pass, q's and every key's
  // chunk, then a block of scores per block of steps (read back first after
  // the first pass); one softmax pass over the blocks; per pass, every
  // value's chunk, the blocks again, o's chunk. Naive: one-row tiles, a DRAM row of
  // keys a step, the head dimension whole.
  void pilotRowSplit(Tiles t, PhaseCounts &c, bool naive = false) const {
    int64_t a = t.rows, kb = t.keys;
    std::vector<int64_t> passes = chunksOf(t);
    int64_t stepsABlock = blockSteps(t, /*column=*/false, naive);
    for (const auto &tile : tilesOf(splitRows, a, block, true)) {
      int64_t rows = static_cast<int64_t>(tile.size());
      std::vector<int64_t> steps = blocksOver(runsOf(tile), kb, stepsABlock);
      for (size_t p = 0; p < passes.size(); ++p) {
        for (int64_t i = 0; i < rows; ++i)
          vector(c.sddmm, Read, passes[p]); // q_r's chunk
        for (int64_t k = 0; k < keysOf(tile); ++k)
          vector(c.sddmm, Read, passes[p]); // k_c's chunk, once per pass
        for (int64_t n : steps) {
          if (p > 0)
            transfer(c.sddmm, rows * n, Read); // the partial block back
          transfer(c.sddmm, rows * n, Write);
        }
      }
      for (const ExplicitRow *r : tile)
        macsFor(c.sddmm, r->cols);
      for (int64_t n : steps) {
        transfer(c.softmax, rows * n, Read);
        transfer(c.softmax, rows * n, Write);
      }
      for (const ExplicitRow *r : tile)
        c.softmax.exps += static_cast<int64_t>(r->cols.size());
      for (int64_t chunk : passes) {
        for (int64_t k = 0; k < keysOf(tile); ++k)
          vector(c.spmm, Read, chunk); // v_c's chunk
        for (int64_t n : steps)
          transfer(c.spmm, rows * n, Read); // the block, every pass
        for (int64_t i = 0; i < rows; ++i)
          vector(c.spmm, Write, chunk); // o_r's chunk
      }
      for (const ExplicitRow *r : tile)
        macsFor(c.spmm, r->cols);
    }
  }

  void naiveRowSplit(PhaseCounts &c) const {
    pilotRowSplit(Tiles{1, naiveKeys()}, c, /*naive=*/true);
  }

  // Fused: the doc gives no phase split; loads of q and k and the QK^T MACs
  // are counted as SDDMM, the exponentials as softmax, and v, the PV MACs,
  // the reductions and o as SpMM (tests compare fused totals).
  // With the head dimension in chunks, every vector moves a chunk at a
  // time.
  void fusedRowSplit(Tiles t, PhaseCounts &c) const {
    for (const auto &tile : tilesOf(splitRows, t.rows, block, true)) {
      for (int64_t chunk : chunksOf(t)) {
        for (size_t i = 0; i < tile.size(); ++i)
          vector(c.sddmm, Read, chunk); // q_r
        for (int64_t col = 0; col < keysOf(tile); ++col) {
          (void)col;
          vector(c.sddmm, Read, chunk); // k_c
          vector(c.spmm, Read, chunk);  // v_c
        }
        for (size_t i = 0; i < tile.size(); ++i)
          vector(c.spmm, Write, chunk); // o_r
      }
      for (const ExplicitRow *r : tile) {
        macsFor(c.sddmm, r->cols);
        macsFor(c.spmm, r->cols);
        c.softmax.exps += 2 * static_cast<int64_t>(r->cols.size());
      }
    }
  }

  /// The chunks of the head dimension a pass moves: `d` whole, or pieces
  /// of `headDimChunk` (the last shorter).
  std::vector<int64_t> chunksOf(Tiles t) const {
    int64_t dc = t.headDimChunk > 0 && t.headDimChunk < d ? t.headDimChunk : d;
    std::vector<int64_t> chunks;
    for (int64_t k = 0; k < d; k += dc)
      chunks.push_back(std::min(dc, d - k));
    return chunks;
  }

  // Naive and pilot, column split: row tiles (naive: one row) each walk
  // the bank's whole gathered piece (the union of all its rows' entries),
  // run after run, each in steps of kb; blocks as in the row split; the row
  // sums and the partial outputs through the BGPM; every bank writes the rows.
  void pilotColumnSplit(Tiles t, PhaseCounts &c, bool naive = false) const {
    std::vector<const ExplicitRow *> all;
    for (const ExplicitRow &r : pieces)
      all.push_back(&r);
    int64_t keys = static_cast<int64_t>(unionOf(all).size());
    std::vector<int64_t> steps = stepsOver(walkRuns(), t.keys);
    // The part's loop order, from all its column-split rows.
    // Keys over several groups keep a tile's rows together (its partial's
    // statistics): query-stationary.
    bool moreRowsThanATile = columnRows > t.rows && !partialStatistics;
    if (!naive && (t.order == Order::KeyStationary ||
                   (t.order == Order::Auto && moreRowsThanATile)))
      return keyStationaryColumnSplit(t, steps, c);
    // Query-stationary: the scores move a block of steps at a time.
    steps = blocksOver(walkRuns(), t.keys, blockSteps(t, true, naive));
    for (const auto &tile : tilesOf(pieces, t.rows)) {
      int64_t rows = static_cast<int64_t>(tile.size());
      for (int64_t i = 0; i < rows; ++i)
        vector(c.sddmm, Read); // q_r
      for (int64_t k = 0; k < keys; ++k)
        vector(c.sddmm, Read); // k_c
      for (int64_t n : steps)
        transfer(c.sddmm, rows * n, Write);
      for (const ExplicitRow *r : tile)
        macsFor(c.sddmm, r->cols);
      for (int64_t n : steps) {
        transfer(c.softmax, rows * n, Read);
        transfer(c.softmax, rows * n, Write);
      }
      for (const ExplicitRow *r : tile) {
        c.softmax.exps += static_cast<int64_t>(r->cols.size());
        c.softmax.bgpmBytes += 2 * 2 * 1; // send and receive one sum
      }
      for (int64_t k = 0; k < keys; ++k)
        vector(c.spmm, Read); // v_c
      for (int64_t n : steps)
        transfer(c.spmm, rows * n, Read);
      for (const ExplicitRow *r : tile)
        macsFor(c.spmm, r->cols);
    }
    for (const ExplicitRow &r : pieces) {
      c.spmm.bgpmBytes += 2 * 2 * d; // the partial output, reduced
      if (writesOutput(r.row))
        vector(c.spmm, Write);
    }
  }

  void naiveColumnSplit(PhaseCounts &c) const {
    pilotColumnSplit(Tiles{1, naiveKeys(/*column=*/true)}, c, /*naive=*/true);
  }

  // Pilot, column split with more rows than a tile (PAPER.md, global rows):
  // K-stationary. Step by step, the step's keys once, then every tile's q
  // and its block; the softmax a tile at a time over its blocks, storing
  // the tile's totals; step by step, the step's values once, then every
  // tile's block and its partial outputs (read after the first step,
  // written before the last); the totals read back for the last step.
  void keyStationaryColumnSplit(Tiles t, const std::vector<int64_t> &steps,
                                PhaseCounts &c) const {
    auto tiles = tilesOf(pieces, t.rows);
    for (int64_t n : steps) {
      for (int64_t k = 0; k < n; ++k)
        vector(c.sddmm, Read); // k_c
      for (const auto &tile : tiles) {
        int64_t rows = static_cast<int64_t>(tile.size());
        for (int64_t i = 0; i < rows; ++i)
          vector(c.sddmm, Read); // q_r, again each step
        transfer(c.sddmm, rows * n, Write);
      }
    }
    for (const auto &tile : tiles) {
      int64_t rows = static_cast<int64_t>(tile.size());
      for (int64_t n : steps) {
        transfer(c.softmax, rows * n, Read);
        transfer(c.softmax, rows * n, Write);
      }
      for (const ExplicitRow *r : tile) {
        macsFor(c.sddmm, r->cols);
        macsFor(c.spmm, r->cols);
        c.softmax.exps += static_cast<int64_t>(r->cols.size());
        c.softmax.bgpmBytes += 2 * 2 * 1;
      }
      transfer(c.softmax, rows, Write); // the rows' totals
      transfer(c.spmm, rows, Read);     // ... back for the division
    }
    for (size_t s = 0; s < steps.size(); ++s) {
      for (int64_t k = 0; k < steps[s]; ++k)
        vector(c.spmm, Read); // v_c
      for (const auto &tile : tiles) {
        int64_t rows = static_cast<int64_t>(tile.size());
        transfer(c.spmm, rows * steps[s], Read);
        if (s > 0)
          transfer(c.spmm, rows * d, Read); // partial outputs
        if (s + 1 < steps.size())
          transfer(c.spmm, rows * d, Write);
      }
    }
    for (const ExplicitRow &r : pieces) {
      c.spmm.bgpmBytes += 2 * 2 * d;
      if (writesOutput(r.row))
        vector(c.spmm, Write);
    }
  }

  // Fused, key-stationary: step by step, the step's keys and values once,
  // then every tile's q and its running state (o, m and l of each of the
  // tile's `a` rows, whole even in a shorter last tile: one transfer)
  // read after the first step and written before the last; the last step
  // reduces the state across the group as a query-stationary tile ends.
  void fusedKeyStationaryColumnSplit(Tiles t, PhaseCounts &c) const {
    std::vector<int64_t> steps = stepsOver(walkRuns(), t.keys);
    auto tiles = tilesOf(pieces, t.rows);
    for (size_t s = 0; s < steps.size(); ++s) {
      for (int64_t k = 0; k < steps[s]; ++k) {
        vector(c.sddmm, Read); // k_c
        vector(c.spmm, Read);  // v_c
      }
      for (const auto &tile : tiles) {
        for (size_t i = 0; i < tile.size(); ++i)
          vector(c.sddmm, Read); // q_r, again each step
        if (s > 0)
          transfer(c.spmm, t.rows * (d + 2), Read);
        if (s + 1 < steps.size())
          transfer(c.spmm, t.rows * (d + 2), Write);
      }
    }
    for (const ExplicitRow &r : pieces) {
      macsFor(c.sddmm, r.cols);
      macsFor(c.spmm, r.cols);
      c.softmax.exps += 2 * static_cast<int64_t>(r.cols.size()) + 1;
      c.spmm.bgpmBytes += 2 * 2 * (d + 2); // m, l and o
      if (writesOutput(r.row))
        vector(c.spmm, Write);
    }
  }

  void fusedColumnSplit(Tiles t, PhaseCounts &c) const {
    if (t.order == Order::KeyStationary)
      return fusedKeyStationaryColumnSplit(t, c);
    // Every group walks the bank's whole piece: the union of all its rows'.
    std::vector<const ExplicitRow *> all;
    for (const ExplicitRow &r : pieces)
      all.push_back(&r);
    std::set<int64_t> piece = unionOf(all);
    for (const auto &tile : tilesOf(pieces, t.rows)) {
      for (int64_t chunk : chunksOf(t)) {
        for (size_t i = 0; i < tile.size(); ++i)
          vector(c.sddmm, Read, chunk);
        for (int64_t col : piece) {
          (void)col;
          vector(c.sddmm, Read, chunk);
          vector(c.spmm, Read, chunk);
        }
      }
      for (const ExplicitRow *r : tile) {
        macsFor(c.sddmm, r->cols);
        macsFor(c.spmm, r->cols);
        c.softmax.exps += 2 * static_cast<int64_t>(r->cols.size());
      }
      for (const ExplicitRow *r : tile) {
        c.spmm.bgpmBytes += 2 * 2 * (d + 2); // m, l and o
        c.softmax.exps += 1;                 // the rescale
        if (writesOutput(r->row))
          for (int64_t chunk : chunksOf(t))
            vector(c.spmm, Write, chunk);
      }
    }
  }

  int64_t d, M, g, P, nbk, bank;
  /// Row-split tiles never hold rows of two query blocks.
  int64_t block;
  /// A dense head's tiles walk all of these keys (0: see `reads`).
  int64_t everyKey;
  TileReads reads;
  std::vector<ExplicitRow> splitRows, pieces;
  std::vector<int64_t> pieceWalks;
  /// For each walk, the keys of the bank's piece of each run of its keys.
  std::vector<std::vector<int64_t>> pieceRuns;
  int64_t columnRows;
};

//===----------------------------------------------------------------------===//
// The reference mapping (docs/io-model.md, "Mapping")
//===----------------------------------------------------------------------===//

struct ReferenceWork {
  std::vector<ExplicitRow> splitRows, pieces;
  std::vector<int64_t> pieceWalks;
  std::vector<std::vector<int64_t>> pieceRuns;
};

/// Row r's columns, decided column by column.
std::vector<int64_t> attended(const SparsityPattern &p, int64_t row,
                              int64_t head) {
  std::vector<int64_t> cols;
  for (int64_t c = 0; c < p.getShape().numKeys; ++c)
    if (p.isAttended(row, c, head))
      cols.push_back(c);
  return cols;
}

/// `shared` query heads of one key-value head as one instance: the column
/// split's rows once per head, head after head, cut like one head's.
ReferenceWork referenceBankWork(const SparsityPattern &p, int64_t head,
                                int64_t bank, int64_t nbk, int64_t shared = 1) {
  const PatternShape &shape = p.getShape();
  bool prefill = shape.numQueries == shape.numKeys;
  bool denseHead = head != SparsityPattern::sparseHead;
  // Runs of consecutive row-split rows, each split over the banks apart;
  // the column-split rows in one walk, or in runs when causal.
  bool causal = p.getSpec().causal;
  std::vector<std::vector<int64_t>> rowRuns, columnWalks;
  for (int64_t r = 0; r < shape.numQueries; ++r) {
    bool split = prefill && (denseHead || !p.isGlobalRow(r));
    std::vector<std::vector<int64_t>> &groups = split ? rowRuns : columnWalks;
    if (groups.empty() ||
        ((split || causal) && groups.back().back() != r - 1))
      groups.emplace_back();
    groups.back().push_back(r);
  }
  ReferenceWork work;
  // Whole query blocks per bank (a dense head has none).
  int64_t block = denseHead || p.getSpec().dense ? 1 : p.getSpec().blockSize;
  for (const std::vector<int64_t> &rowSplit : rowRuns) {
    int64_t n = static_cast<int64_t>(rowSplit.size());
    int64_t chunk = ceilDiv(ceilDiv(n, nbk), block) * block;
    for (int64_t i = bank * chunk; i < std::min(n, (bank + 1) * chunk); ++i)
      work.splitRows.push_back({rowSplit[i], attended(p, rowSplit[i], head)});
  }
  // The union of a walk's column-split rows' columns, cut once; decoding
  // rows of a sparse head that attend different columns cut its sink and
  // global columns and the rest apart.
  const PatternSpec &spec = p.getSpec();
  auto fixed = [&](int64_t c) {
    int64_t b = c / spec.blockSize;
    return b < spec.sinks ||
           std::find(spec.globalTokens.begin(), spec.globalTokens.end(), b) !=
               spec.globalTokens.end();
  };
  for (const std::vector<int64_t> &columnSplit : columnWalks) {
    std::set<int64_t> all;
    for (int64_t r : columnSplit)
      for (int64_t c : attended(p, r, head))
        all.insert(c);
    bool rowsDiffer = false;
    for (int64_t r : columnSplit)
      rowsDiffer |=
          attended(p, r, head) != std::vector<int64_t>(all.begin(), all.end());
    bool cutApart = !prefill && rowsDiffer && !denseHead && !spec.dense;
    std::vector<std::vector<int64_t>> runs(cutApart ? 2 : 1);
    for (int64_t c : all)
      runs[cutApart && !fixed(c) ? 1 : 0].push_back(c);
    std::set<int64_t> bankCols;
    std::vector<int64_t> &runKeys = work.pieceRuns.emplace_back();
    for (const std::vector<int64_t> &run : runs) {
      if (run.empty())
        continue;
      int64_t e = static_cast<int64_t>(run.size());
      int64_t piece = ceilDiv(e, nbk);
      int64_t mine = 0;
      for (int64_t i = bank * piece; i < std::min(e, (bank + 1) * piece);
           ++i) {
        bankCols.insert(run[i]);
        ++mine;
      }
      runKeys.push_back(mine);
    }
    for (int64_t copy = 0; copy < shared; ++copy)
      for (int64_t r : columnSplit) {
        ExplicitRow mine{r, {}};
        for (int64_t c : attended(p, r, head))
          if (bankCols.count(c))
            mine.cols.push_back(c);
        work.pieces.push_back(mine);
      }
    work.pieceWalks.push_back(static_cast<int64_t>(columnSplit.size()) *
                              shared);
  }
  return work;
}

Walker referenceWalker(const SparsityPattern &p, int64_t head, int64_t bank,
                       int64_t nbk, int64_t d,
                       const hw::HardwareDescription &hardware,
                       int64_t shared = 1) {
  ReferenceWork w = referenceBankWork(p, head, bank, nbk, shared);
  bool dense = head != SparsityPattern::sparseHead || p.getSpec().dense;
  int64_t block = dense ? 1 : p.getSpec().blockSize;
  // What a tile reads, from the pattern: every column a sink or global
  // block covers (column by column), the window's reach in keys, each
  // query block's random draw.
  const PatternSpec &spec = p.getSpec();
  TileReads reads;
  reads.pattern = true;
  reads.band = spec.hasWindow;
  reads.left = spec.windowLeft * block;
  reads.right = spec.causal ? 0 : spec.windowRight * block;
  for (int64_t c = 0; !dense && c < p.getShape().numKeys; ++c) {
    bool sink = c / block < spec.sinks;
    bool global = std::find(spec.globalTokens.begin(), spec.globalTokens.end(),
                            c / block) != spec.globalTokens.end();
    if (sink || global)
      reads.fixed.insert(c);
  }
  for (int64_t q = 0; block > 1 && q < p.numKeyBlocks(); ++q)
    reads.randomOfBlock.push_back(
        static_cast<int64_t>(p.randomBlocks(q).size()) * block);
  return Walker(bank, nbk, w.splitRows, w.pieces, w.pieceRuns, d, hardware,
                block, dense ? p.getShape().numKeys : 0, reads, w.pieceWalks);
}

//===----------------------------------------------------------------------===//
// Problems and tiles
//===----------------------------------------------------------------------===//

/// A pattern on a shape and the head arguments to try (sparse, dense).
struct Case {
  std::string name;
  PatternSpec spec;
  PatternShape shape;
  std::vector<int64_t> heads{SparsityPattern::sparseHead};
};

PatternSpec window(int64_t left, int64_t right) {
  PatternSpec spec;
  spec.hasWindow = true;
  spec.windowLeft = left;
  spec.windowRight = right;
  return spec;
}

/// A hardware variant and the head dimension it is used with.
struct HwCase {
  std::string name;
  hw::HardwareDescription hardware;
  int64_t d;
};

std::vector<HwCase> smallBufferHardware() {
  return {
      {"nbk2 M256 d16 g32 P64", makeHardware(2, 512, 32, 64), 16},
      {"nbk1 M128 d8 g64 P256", makeHardware(1, 256, 64, 256), 8},
      {"nbk4 M128 d8 g32 P128", makeHardware(4, 256, 32, 128), 8},
  };
}

std::vector<HwCase> allHardware() {
  std::vector<HwCase> list = {
      {"preset nbk4 M1024 d64", makeHardware(4, 2048, 32, 1024), 64},
      {"nbk3 M1024 d32 g2 P32", makeHardware(3, 2048, 2, 32), 32},
  };
  for (HwCase &h : smallBufferHardware())
    list.push_back(h);
  return list;
}

bool feasible(Schedule s, Split split, Tiles t, int64_t d, int64_t M) {
  return !infeasibility(s, split, t, d, M).has_value();
}

/// The tile choices to try for a schedule: the paper's when it fits, and
/// every (a, kb) in [1, maxTile]^2 for each part, a feasible fallback when
/// only one part fits. The naive schedule has no tiles.
std::vector<TileChoice> tileChoices(Schedule s, int64_t d, int64_t M,
                                    int64_t maxTile) {
  TileChoice paper = paperTiles(d, M);
  if (s == Schedule::Naive)
    return {paper};
  std::vector<TileChoice> choices;
  if (feasible(s, Split::Rows, paper.rowSplit, d, M) &&
      feasible(s, Split::Columns, paper.columnSplit, d, M))
    choices.push_back(paper);
  Tiles one{1, 1};
  for (int64_t a = 1; a <= maxTile; ++a)
    for (int64_t kb = 1; kb <= maxTile; ++kb) {
      Tiles t{a, kb};
      bool rows = feasible(s, Split::Rows, t, d, M);
      bool cols = feasible(s, Split::Columns, t, d, M);
      if (!rows && !cols)
        continue;
      choices.push_back({rows ? t : one, cols ? t : one});
    }
  if (s == Schedule::Naive)
    return choices;
  // Both orders of the column split forced (the PILOT schedule's and the
  // fused one's key-stationary walks).
  for (Order order : {Order::QueryStationary, Order::KeyStationary})
    for (int64_t a : {1, 2, 3})
      for (int64_t kb : {1, 3, 4}) {
        Tiles t{a, kb, 0, order};
        if (feasible(s, Split::Columns, t, d, M))
          choices.push_back({one, t});
      }
  // The head dimension in chunks (the PILOT row split, the fused schedule's
  // both parts): halves, quarters and an uneven 5 (the last chunk
  // shorter), with more rows.
  for (int64_t dc : {d / 2, d / 4, int64_t(5)})
    for (int64_t a : {1, 3, 8, 16})
      for (int64_t kb : {1, 2, 5}) {
        Tiles t{a, kb, dc};
        if (dc < 1 || dc >= d || a > 2 * maxTile)
          continue;
        bool rows = feasible(s, Split::Rows, t, d, M);
        bool cols =
            s == Schedule::Fused && feasible(s, Split::Columns, t, d, M);
        if (rows || cols)
          choices.push_back({rows ? t : one, cols ? t : one});
      }
  return choices;
}

/// Compares countBankWork with the walker for every bank, schedule and tile
/// choice; reports at most a few mismatches per call.
/// Compares countBankWork with the walker on one bank's work for every
/// schedule and tile choice; counts mismatches into \p failures and reports
/// each until it reaches the cap.
void compareWork(const BankWork &work, const HwCase &h, int64_t maxTile,
                 const std::string &label, int &failures) {
  constexpr int cap = 3;
  int64_t M = h.hardware.bpm.bufferBytes / 2;
  Walker walker(work, h.d, h.hardware);
  for (Schedule s : allSchedules())
    for (const TileChoice &t : tileChoices(s, h.d, M, maxTile)) {
      if (failures >= cap)
        return;
      PhaseCounts got = countBankWork(work, s, t, h.d, h.hardware);
      PhaseCounts want = walker.walk(s, t);
      std::string msg;
      if (s == Schedule::Fused) {
        // The doc defines no phase split for the fused schedule.
        std::string d = diff(total(got), total(want));
        if (!d.empty())
          msg += " total:" + d;
      } else {
        std::string d1 = diff(got.sddmm, want.sddmm);
        std::string d2 = diff(got.softmax, want.softmax);
        std::string d3 = diff(got.spmm, want.spmm);
        if (!d1.empty())
          msg += " sddmm:" + d1;
        if (!d2.empty())
          msg += " softmax:" + d2;
        if (!d3.empty())
          msg += " spmm:" + d3;
      }
      if (msg.empty())
        continue;
      ADD_FAILURE() << label << " on " << h.name << ", bank " << work.bank
                    << "/" << work.banksPerGroup << ", " << scheduleName(s)
                    << " " << str(t) << ":" << msg;
      ++failures;
    }
}

/// Every bank and head of a case on one hardware variant.
void checkCounts(const Case &c, const HwCase &h, int64_t maxTile) {
  SparsityPattern p(c.spec, c.shape);
  int64_t nbk = h.hardware.org.banks;
  int failures = 0;
  for (int64_t head : c.heads)
    for (int64_t bank = 0; bank < nbk; ++bank)
      compareWork(bankWork(p, head, bank, nbk), h, maxTile,
                  c.name + ", head " + std::to_string(head), failures);
}

void checkEverywhere(const Case &c, int64_t maxTile = 8) {
  for (const HwCase &h : allHardware())
    checkCounts(c, h, maxTile);
}

//===----------------------------------------------------------------------===//
// Whole-problem reference (docs/io-model.md, "Mapping" and "Predicted time")
//===----------------------------------------------------------------------===//

/// The head arguments of the instances on PIM, one entry per instance (an
/// instance of shared heads is its first head's kind).
std::vector<int64_t> instanceHeads(const AttentionProblem &problem,
                                   const SparsityPattern &p) {
  std::vector<int64_t> heads;
  for (int64_t b = 0; b < problem.batch; ++b)
    for (int64_t h = 0; h < problem.heads; h += problem.sharedHeads) {
      bool dense = p.isDenseHead(h);
      if (problem.isPrefill() && dense && !problem.denseHeadsOnPIM)
        continue;
      heads.push_back(dense ? h : SparsityPattern::sparseHead);
    }
  return heads;
}

int64_t kvHeadsUsed(const AttentionProblem &problem, const SparsityPattern &p) {
  std::set<int64_t> used;
  int64_t group = problem.heads / problem.kvHeads;
  for (int64_t h = 0; h < problem.heads; ++h)
    if (!problem.isPrefill() || !p.isDenseHead(h) || problem.denseHeadsOnPIM)
      used.insert(h / group);
  return static_cast<int64_t>(used.size());
}

Counts referenceSystemTotal(const AttentionProblem &problem,
                            const hw::HardwareDescription &hardware, Schedule s,
                            const TileChoice &t) {
  SparsityPattern p(problem.pattern, problem.shape());
  int64_t nbk = hardware.org.banks;
  std::map<int64_t, Counts> perHead; // one walk per head kind
  Counts totalCounts;
  for (int64_t head : instanceHeads(problem, p)) {
    if (!perHead.count(head)) {
      Counts c;
      for (int64_t bank = 0; bank < nbk; ++bank) {
        Walker walker = referenceWalker(p, head, bank, nbk, problem.headDim,
                                        hardware, problem.sharedHeads);
        walker.partialStatistics =
            problem.columnSplit && problem.groupsPerInstance > 1;
        c = sum(c, total(walker.walk(s, t)));
      }
      perHead[head] = c;
    }
    totalCounts = sum(totalCounts, perHead[head]);
  }
  return totalCounts;
}

AttentionProblem makeProblem(PatternSpec spec, int64_t batch, int64_t heads,
                             int64_t kvHeads, int64_t queries, int64_t keys,
                             int64_t d) {
  AttentionProblem problem;
  problem.batch = batch;
  problem.heads = heads;
  problem.kvHeads = kvHeads;
  problem.queries = queries;
  problem.keys = keys;
  problem.headDim = d;
  problem.pattern = std::move(spec);
  return problem;
}

/// A Longformer-like head, reduced: window [4, 3] and global token 0.
AttentionProblem longformerLike(int64_t batch, int64_t heads, int64_t n,
                                int64_t d) {
  PatternSpec spec = window(4, 3);
  spec.globalTokens = {0};
  return makeProblem(spec, batch, heads, heads, n, n, d);
}

/// A DuoAttention-like model: causal window, sinks, dense heads 0 and 1 of
/// 4, two KV heads (GQA).
AttentionProblem duoLike(int64_t queries, int64_t keys, bool denseOnPIM) {
  PatternSpec spec = window(3, 0);
  spec.causal = true;
  spec.sinks = 2;
  spec.denseHeads = {0, 1};
  AttentionProblem problem = makeProblem(spec, 2, 4, 2, queries, keys, 64);
  problem.denseHeadsOnPIM = denseOnPIM;
  return problem;
}

//===----------------------------------------------------------------------===//
// 1. countBankWork against the walker
//===----------------------------------------------------------------------===//

TEST(IOModelWalkerTest, HandBuiltWork) {
  // Unmerged intervals, empty rows, and reduced rows this bank writes
  // (r mod 2 = 1) and does not: the counting rules must not depend on how
  // bankWork shapes its output.
  BankWork work;
  work.bank = 1;
  work.banksPerGroup = 2;
  work.splitRows = {{3, {{0, 2}, {5, 9}}},
                    {4, {{1, 3}}},
                    {6, {}},
                    {7, {{0, 1}, {2, 3}, {4, 12}}}};
  work.pieces = {
      {0, {{0, 10}}}, {1, {{2, 4}, {6, 7}}}, {2, {}}, {5, {{3, 20}}}};
  work.pieceWalks = {4};
  work.pieceRuns = {{20}};
  for (const HwCase &h : allHardware()) {
    int failures = 0;
    compareWork(work, h, 8, "hand-built", failures);
  }
}

TEST(IOModelWalkerTest, PilotColumnSplitOrders) {
  // docs/io-model.md, column split, pilot. Two rows on the same 10 columns,
  // d = 64 (128 B vectors), 32 B columns.
  hw::HardwareDescription hardware = makeHardware(1, 2048, 32, 1024);
  BankWork work;
  work.pieces = {{0, {{0, 10}}}, {1, {{0, 10}}}};
  work.pieceWalks = {2};
  work.pieceRuns = {{10}};
  // a = 1, kb = 14, more rows than a tile: K-stationary. One step of 10
  // keys read once, each row's q, one block of 10 scores (20 B: a column)
  // per row.
  PhaseCounts got =
      countBankWork(work, Schedule::Pilot, {{7, 7}, {1, 14}}, 64, hardware);
  EXPECT_EQ(got.sddmm, (Counts{12 * 128, 2 * 32, 14, 2 * 10 * 64, 0, 0}))
      << str(got.sddmm);
  // Softmax: each block read and written, each row's total stored (a
  // column).
  EXPECT_EQ(got.softmax, (Counts{2 * 32, 2 * 32 + 2 * 32, 6, 0, 20, 2 * 4}))
      << str(got.softmax);
  // 10 values once, a block and a total per row, no partial outputs with
  // one step; o rows 0 and 1.
  EXPECT_EQ(got.spmm, (Counts{10 * 128 + 2 * 32 + 2 * 32, 2 * 128, 16,
                              2 * 10 * 64, 0, 2 * 2 * 2 * 64}))
      << str(got.spmm);
  // a = 2: one tile holds both rows (Q-stationary): q 2 + 10 keys, one
  // 2 x 10 block (40 B, two columns).
  got = countBankWork(work, Schedule::Pilot, {{7, 7}, {2, 14}}, 64, hardware);
  EXPECT_EQ(got.sddmm, (Counts{12 * 128, 64, 13, 2 * 10 * 64, 0, 0}))
      << str(got.sddmm);
  // a = 1, kb = 3: steps of 3, 3, 3, 1 keys. Keys once; q per row and
  // step; a block per row and step.
  got = countBankWork(work, Schedule::Pilot, {{7, 7}, {1, 3}}, 64, hardware);
  EXPECT_EQ(got.sddmm, (Counts{10 * 128 + 2 * 4 * 128, 2 * 4 * 32, 10 + 8 + 8,
                               1280, 0, 0}))
      << str(got.sddmm);
  // Values once; per row a block each step, its partial output read back
  // after the first step and written before the last (3 times each).
  EXPECT_EQ(got.spmm.readBytes, 10 * 128 + 2 * (4 * 32 + 32 + 3 * 128));
  EXPECT_EQ(got.spmm.writeBytes, 2 * 3 * 128 + 2 * 128);
  // The naive schedule takes one row at a time, each walking the keys.
  got = countBankWork(work, Schedule::Naive, {{7, 7}, {1, 3}}, 64, hardware);
  EXPECT_EQ(got.sddmm.readBytes, 2 * 11 * 128);
  // Forced orders: a = 1 query-stationary reads q and the 10 keys per row
  // (the naive walk with longer steps); a = 2 key-stationary is one tile
  // whose q comes back every step.
  Tiles query{1, 3, 0, Order::QueryStationary};
  got = countBankWork(work, Schedule::Pilot, {{7, 7}, query}, 64, hardware);
  EXPECT_EQ(got.sddmm.readBytes, 2 * 11 * 128);
  Tiles key{2, 3, 0, Order::KeyStationary};
  got = countBankWork(work, Schedule::Pilot, {{7, 7}, key}, 64, hardware);
  EXPECT_EQ(got.sddmm.readBytes, 10 * 128 + 4 * 2 * 128);
  EXPECT_TRUE(infeasibility(Schedule::Pilot, Split::Rows, key, 64, 1024));
  // The fused schedule's: per step the keys and values once, per step
  // and tile the tile's q, its state (2 x 66 elements) read after the
  // first step and written before the last.
  got = countBankWork(work, Schedule::Fused, {{7, 7}, key}, 64, hardware);
  EXPECT_EQ(got.total().readBytes,
            2 * 10 * 128 + 4 * 2 * 128 + 3 * 288);
  EXPECT_EQ(got.total().writeBytes, 3 * 288 + 2 * 128);
  EXPECT_TRUE(infeasibility(Schedule::Fused, Split::Columns,
                            {2, 3, 32, Order::KeyStationary}, 64, 1024));
}

TEST(IOModelWalkerTest, EmptyPieceStillReducesItsRowSum) {
  // Decoding one row of 3 entries over 4 banks: pieces of ceil(3 / 4) = 1,
  // so bank 3's piece is empty. It still holds the row (Q replicated) and,
  // per "Reductions", sends and receives one row sum (2 * 2 * 1 B) and the
  // partial output (2 * 2 * d B) like every bank.
  PatternSpec spec = window(2, 0);
  spec.causal = true;
  SparsityPattern p(spec, {1, 3, 1});
  hw::HardwareDescription hardware = makeHardware(4, 2048, 32, 1024);
  BankWork work = bankWork(p, SparsityPattern::sparseHead, 3, 4);
  ASSERT_EQ(work.pieces.size(), 1u);
  EXPECT_TRUE(expand(work.pieces[0].columns).empty());
  for (Schedule s : {Schedule::Naive, Schedule::Pilot}) {
    PhaseCounts got =
        countBankWork(work, s, paperTiles(64, 1024), 64, hardware);
    EXPECT_EQ(got.softmax.bgpmBytes, 4) << scheduleName(s);
    EXPECT_EQ(got.spmm.bgpmBytes, 4 * 64) << scheduleName(s);
  }
}

TEST(IOModelWalkerTest, DecodingQueriesCutSinksApart) {
  // docs/io-model.md, Mapping: three decoding rows at positions 37 to 39 of
  // 40 keys, 2 sinks and a causal window of 10, attend different keys, so
  // the sinks [0, 2) and the windows' union [27, 40) are cut on their own:
  // bank 0 of 4 takes ceil(2 / 4) = 1 sink and ceil(13 / 4) = 4 window
  // keys. One row alone (or rows that attend the same keys) is one run.
  PatternSpec spec = window(10, 0);
  spec.causal = true;
  spec.sinks = 2;
  SparsityPattern three(spec, {3, 40, 1});
  std::vector<std::vector<pattern::Interval>> runs =
      columnSplitRuns(three, SparsityPattern::sparseHead, {0, 1, 2});
  ASSERT_EQ(runs.size(), 2u);
  EXPECT_EQ(runs[0], (std::vector<pattern::Interval>{{0, 2}}));
  EXPECT_EQ(runs[1], (std::vector<pattern::Interval>{{27, 40}}));
  BankWork work = bankWork(three, SparsityPattern::sparseHead, 0, 4);
  EXPECT_EQ(work.pieceRuns, (std::vector<std::vector<int64_t>>{{1, 4}}));

  SparsityPattern one(spec, {1, 40, 1});
  runs = columnSplitRuns(one, SparsityPattern::sparseHead, {0});
  ASSERT_EQ(runs.size(), 1u);
  EXPECT_EQ(runs[0], (std::vector<pattern::Interval>{{0, 2}, {29, 40}}));
}

TEST(IOModelWalkerTest, Window) {
  checkEverywhere({"window [2,1]", window(2, 1), {24, 24, 1}});
}

TEST(IOModelWalkerTest, WindowAndGlobalTokens) {
  PatternSpec spec = window(2, 2);
  spec.globalTokens = {0, 5, 23};
  checkEverywhere({"window [2,2] + global {0,5,23}", spec, {24, 24, 1}});
}

TEST(IOModelWalkerTest, CausalSinks) {
  PatternSpec spec = window(3, 0);
  spec.causal = true;
  spec.sinks = 2;
  checkEverywhere({"causal window [3,0] + sinks 2", spec, {24, 24, 1}});
}

TEST(IOModelWalkerTest, DenseHeadsPrefill) {
  PatternSpec spec = window(2, 0);
  spec.causal = true;
  spec.sinks = 1;
  spec.denseHeads = {1};
  checkEverywhere(
      {"duo prefill", spec, {24, 24, 2}, {SparsityPattern::sparseHead, 1}});
}

TEST(IOModelWalkerTest, RandomDraw) {
  PatternSpec spec = window(1, 1);
  spec.randomPerRow = 2;
  spec.seed = 7;
  checkEverywhere({"window [1,1] + random 2 seed 7", spec, {30, 30, 1}});
}

TEST(IOModelWalkerTest, ExplicitRandomColumns) {
  PatternSpec spec = window(0, 0);
  spec.randomColumns = {{3, 7},  {0}, {11}, {1, 2, 9}, {}, {5},
                        {0, 10}, {4}, {8},  {6, 11},   {}, {1}};
  checkEverywhere({"window [0,0] + random_cols", spec, {12, 12, 1}});
}

TEST(IOModelWalkerTest, BlocksWithPartialLastBlock) {
  PatternSpec spec = window(1, 1);
  spec.globalTokens = {0};
  spec.randomPerRow = 1;
  spec.seed = 3;
  spec.blockSize = 4;
  checkEverywhere({"bigbird-like block 4, S 38", spec, {38, 38, 1}});
}

TEST(IOModelWalkerTest, PartialLastBlockWalkedWhole) {
  // 19 rows in blocks of 2 on one bank: the programs walk the last block
  // whole, row 19 (past the sequence) moving its q and o like the others
  // (docs/testing.md, once `partial-block-io`). Fused, one block a tile:
  // per block 2 q, 6 keys' k and v (1 block back, the block, 1 on) and 2 o,
  // each a 32-byte vector: 10 blocks, 160 transfers.
  PatternSpec spec = window(1, 1);
  spec.blockSize = 2;
  SparsityPattern p(spec, PatternShape{19, 19, 1});
  hw::HardwareDescription hardware = makeHardware(1, 2048, 32, 1024);
  BankWork work = bankWork(p, SparsityPattern::sparseHead, 0, 1);
  TileChoice t{Tiles{2, 2}, Tiles{1, 1}};
  PhaseCounts got = countBankWork(work, Schedule::Fused, t, 16, hardware);
  EXPECT_EQ(got.total().internalBytes(), 160 * 32);
  PhaseCounts want =
      referenceWalker(p, SparsityPattern::sparseHead, 0, 1, 16, hardware)
          .walk(Schedule::Fused, t);
  EXPECT_EQ(diff(got.total(), total(want)), "");
}

TEST(IOModelWalkerTest, RowsOverSeveralGroups) {
  // A head instance over 2 or 3 bank groups of 4 (pim-map's
  // groups_per_instance): its rows cut over 8 or 12 banks.
  PatternSpec globals = window(2, 2);
  globals.globalTokens = {0, 5, 23};
  PatternSpec blocks = window(1, 1);
  blocks.globalTokens = {0};
  blocks.blockSize = 2;
  PatternSpec sinks = window(3, 0);
  sinks.causal = true;
  sinks.sinks = 2;
  for (int64_t nbk : {8, 12})
    for (const HwCase &h : {HwCase{"nbk" + std::to_string(nbk) + " M1024 d64",
                                   makeHardware(nbk, 2048, 32, 1024), 64},
                            HwCase{"nbk" + std::to_string(nbk) + " M128 d8",
                                   makeHardware(nbk, 256, 32, 128), 8}}) {
      checkCounts({"window [2,2] + global {0,5,23}", globals, {40, 40, 1}}, h,
                  8);
      checkCounts({"block 2, S 37", blocks, {37, 37, 1}}, h, 8);
      checkCounts({"causal sinks", sinks, {30, 30, 1}}, h, 8);
    }
}

TEST(IOModelWalkerTest, DecodeOneQuery) {
  PatternSpec spec = window(5, 0);
  spec.causal = true;
  spec.sinks = 2;
  spec.denseHeads = {0};
  checkEverywhere(
      {"decode N 1", spec, {1, 40, 2}, {SparsityPattern::sparseHead, 0}});
}

/// countBankWork of a shared instance's work (shareKeyValueHead) against the
/// walker of the reference mapping with each head's rows, every bank,
/// schedule and tile choice.
TEST(IOModelWalkerTest, DecodeSharedHeads) {
  PatternSpec spec = window(5, 0);
  spec.causal = true;
  spec.sinks = 2;
  spec.denseHeads = {0, 1};
  SparsityPattern p(spec, {1, 43, 4});
  for (const HwCase &h : allHardware()) {
    int64_t nbk = h.hardware.org.banks;
    int64_t M = h.hardware.bpm.bufferBytes / 2;
    for (int64_t head : {SparsityPattern::sparseHead, int64_t(0)})
      for (int64_t shared : {2, 4})
        for (int64_t bank = 0; bank < nbk; ++bank) {
          BankWork work = bankWork(p, head, bank, nbk);
          shareKeyValueHead(work, shared);
          Walker walker =
              referenceWalker(p, head, bank, nbk, h.d, h.hardware, shared);
          for (Schedule s : allSchedules())
            for (const TileChoice &t : tileChoices(s, h.d, M, 8))
              EXPECT_EQ(diff(total(countBankWork(work, s, t, h.d, h.hardware)),
                             total(walker.walk(s, t))),
                        "")
                  << h.name << " head " << head << " shared " << shared
                  << " bank " << bank << " " << scheduleName(s) << " "
                  << str(t);
        }
  }
}

TEST(IOModelWalkerTest, DecodeThreeQueries) {
  PatternSpec spec = window(3, 3);
  spec.globalTokens = {1};
  spec.causal = true;
  checkEverywhere({"decode N 3 global", spec, {3, 40, 1}});
  PatternSpec blocks = window(1, 0);
  blocks.causal = true;
  blocks.sinks = 1;
  blocks.randomPerRow = 1;
  blocks.seed = 5;
  blocks.blockSize = 4;
  blocks.denseHeads = {1};
  checkEverywhere({"decode N 3 blocks",
                   blocks,
                   {3, 37, 2},
                   {SparsityPattern::sparseHead, 1}});
}

TEST(IOModelWalkerTest, LongRowsMultiPieceSoftmaxAndScores) {
  // Rows beyond M - 1 = 127 / 255 entries and score stages of s = M - 2d:
  // a dense head, long global rows (a single bank takes the whole row) and
  // decoding against a long cache.
  PatternSpec duo = window(2, 0);
  duo.causal = true;
  duo.denseHeads = {0};
  PatternSpec global = window(1, 1);
  global.globalTokens = {0, 7};
  PatternSpec decode = window(10, 0);
  decode.causal = true;
  decode.sinks = 4;
  decode.denseHeads = {0};
  std::vector<Case> cases = {
      {"long dense head", duo, {300, 300, 1}, {SparsityPattern::sparseHead, 0}},
      {"long global rows", global, {300, 300, 1}},
      {"long decode N 1",
       decode,
       {1, 600, 1},
       {SparsityPattern::sparseHead, 0}},
      {"long decode N 3",
       decode,
       {3, 600, 1},
       {SparsityPattern::sparseHead, 0}},
  };
  for (const Case &c : cases)
    for (const HwCase &h : smallBufferHardware())
      checkCounts(c, h, 3);
}

//===----------------------------------------------------------------------===//
// 2. bankWork against the reference mapping
//===----------------------------------------------------------------------===//

void checkMapping(const Case &c, int64_t nbk) {
  SparsityPattern p(c.spec, c.shape);
  bool prefill = c.shape.numQueries == c.shape.numKeys;
  for (int64_t head : c.heads) {
    SCOPED_TRACE(c.name + ", head " + std::to_string(head) + ", nbk " +
                 std::to_string(nbk));
    std::vector<int64_t> splitSeen;
    std::map<int64_t, std::vector<int64_t>> joined; // pieces, bank order
    for (int64_t bank = 0; bank < nbk; ++bank) {
      BankWork got = bankWork(p, head, bank, nbk);
      ReferenceWork want = referenceBankWork(p, head, bank, nbk);
      EXPECT_EQ(got.bank, bank);
      EXPECT_EQ(got.banksPerGroup, nbk);
      std::vector<ExplicitRow> gotSplit = explicitRows(got.splitRows);
      std::vector<ExplicitRow> gotPieces = explicitRows(got.pieces);
      ASSERT_EQ(gotSplit.size(), want.splitRows.size()) << "bank " << bank;
      for (size_t i = 0; i < gotSplit.size(); ++i) {
        EXPECT_EQ(gotSplit[i].row, want.splitRows[i].row) << "bank " << bank;
        EXPECT_EQ(gotSplit[i].cols, want.splitRows[i].cols)
            << "bank " << bank << " split row " << want.splitRows[i].row;
        splitSeen.push_back(gotSplit[i].row);
      }
      ASSERT_EQ(gotPieces.size(), want.pieces.size()) << "bank " << bank;
      EXPECT_EQ(got.pieceWalks, want.pieceWalks) << "bank " << bank;
      for (size_t i = 0; i < gotPieces.size(); ++i) {
        EXPECT_EQ(gotPieces[i].row, want.pieces[i].row) << "bank " << bank;
        EXPECT_EQ(gotPieces[i].cols, want.pieces[i].cols)
            << "bank " << bank << " piece of row " << want.pieces[i].row;
        std::vector<int64_t> &all = joined[gotPieces[i].row];
        all.insert(all.end(), gotPieces[i].cols.begin(),
                   gotPieces[i].cols.end());
      }
    }
    // The split rows partition the row-split rows; the pieces
    // partition each column-split row's columns.
    std::vector<int64_t> wantSplit;
    for (int64_t r = 0; r < c.shape.numQueries; ++r) {
      bool rowSplit =
          prefill && (head != SparsityPattern::sparseHead || !p.isGlobalRow(r));
      if (rowSplit) {
        wantSplit.push_back(r);
        EXPECT_EQ(joined.count(r), 0u) << "row " << r << " in both splits";
      } else {
        ASSERT_EQ(joined.count(r), 1u) << "row " << r << " in no bank";
        std::sort(joined[r].begin(), joined[r].end());
        EXPECT_EQ(joined[r], attended(p, r, head)) << "pieces of row " << r;
      }
    }
    // (Each run of rows is split over the banks apart, so bank order is
    // not row order.)
    std::sort(splitSeen.begin(), splitSeen.end());
    EXPECT_EQ(splitSeen, wantSplit);
  }
}

TEST(IOModelMappingTest, RowAndColumnSplits) {
  PatternSpec longformer = window(2, 2);
  longformer.globalTokens = {0, 5, 22};
  PatternSpec oneRow = window(0, 0);
  oneRow.globalTokens = {0};
  PatternSpec duo = window(2, 0);
  duo.causal = true;
  duo.sinks = 1;
  duo.denseHeads = {1};
  PatternSpec bigbird = window(1, 1);
  bigbird.globalTokens = {0};
  bigbird.randomPerRow = 1;
  bigbird.seed = 3;
  bigbird.blockSize = 4;
  std::vector<Case> cases = {
      {"window", window(2, 1), {23, 23, 1}},
      {"global", longformer, {23, 23, 1}},
      {"one global row", oneRow, {1, 1, 1}},
      {"duo prefill", duo, {23, 23, 2}, {SparsityPattern::sparseHead, 1}},
      {"bigbird-like", bigbird, {38, 38, 1}},
      {"decode N 1", duo, {1, 23, 2}, {SparsityPattern::sparseHead, 1}},
      {"decode N 3", duo, {3, 6, 2}, {SparsityPattern::sparseHead, 1}},
      {"decode global", longformer, {3, 23, 1}},
  };
  for (const Case &c : cases)
    for (int64_t nbk : {1, 2, 3, 4, 5})
      checkMapping(c, nbk);
}

TEST(IOModelMappingTest, ChunkSizesFromTheDefinition) {
  // 10 non-global rows over 4 banks: chunks of ceil(10 / 4) = 3, so 3, 3, 3
  // and 1; a 10-entry global row: pieces of 3, 3, 3, 1.
  PatternSpec spec = window(1, 1);
  spec.globalTokens = {0};
  SparsityPattern p(spec, {11, 11, 1});
  std::vector<size_t> splitSizes, pieceSizes;
  for (int64_t bank = 0; bank < 4; ++bank) {
    BankWork w = bankWork(p, SparsityPattern::sparseHead, bank, 4);
    splitSizes.push_back(w.splitRows.size());
    ASSERT_EQ(w.pieces.size(), 1u);
    EXPECT_EQ(w.pieces[0].row, 0);
    pieceSizes.push_back(expand(w.pieces[0].columns).size());
  }
  EXPECT_EQ(splitSizes, (std::vector<size_t>{3, 3, 3, 1}));
  // Row 0 attends all 11 keys: ceil(11 / 4) = 3.
  EXPECT_EQ(pieceSizes, (std::vector<size_t>{3, 3, 3, 2}));
}

//===----------------------------------------------------------------------===//
// 3. Closed forms and the paper's numbers
//===----------------------------------------------------------------------===//

TEST(IOModelClosedFormTest, PaperTiles) {
  // PAPER.md: d = 64 -> 7 and 14, d = 128 -> 3 and 6, M = 1024.
  TileChoice t64 = paperTiles(64, 1024);
  EXPECT_EQ(t64.rowSplit, (Tiles{7, 7}));
  EXPECT_EQ(t64.columnSplit, (Tiles{1, 14}));
  TileChoice t128 = paperTiles(128, 1024);
  EXPECT_EQ(t128.rowSplit, (Tiles{3, 3}));
  EXPECT_EQ(t128.columnSplit, (Tiles{1, 6}));
  // The paper's tiles are the largest square / a = 1 tiles that fit.
  for (int64_t d : {64, 128}) {
    TileChoice t = paperTiles(d, 1024);
    EXPECT_FALSE(
        infeasibility(Schedule::Pilot, Split::Rows, t.rowSplit, d, 1024));
    EXPECT_FALSE(
        infeasibility(Schedule::Pilot, Split::Columns, t.columnSplit, d, 1024));
    Tiles bigger{t.rowSplit.rows + 1, t.rowSplit.keys + 1};
    EXPECT_TRUE(infeasibility(Schedule::Pilot, Split::Rows, bigger, d, 1024));
    Tiles wider{1, t.columnSplit.keys + 1};
    EXPECT_TRUE(infeasibility(Schedule::Pilot, Split::Columns, wider, d, 1024));
  }
}

TEST(IOModelClosedFormTest, FootprintTable) {
  for (int64_t d : {8, 64, 128})
    for (int64_t a = 1; a <= 9; ++a)
      for (int64_t kb = 1; kb <= 16; ++kb) {
        Tiles t{a, kb};
        SCOPED_TRACE("d " + std::to_string(d) + " tiles " + str(t));
        EXPECT_EQ(footprint(Schedule::Naive, Split::Rows, t, d), 2 * d + 1);
        EXPECT_EQ(footprint(Schedule::Naive, Split::Columns, t, d), 2 * d + 1);
        // Q, a step's keys, its block of scores, the rows' sums.
        EXPECT_EQ(footprint(Schedule::Pilot, Split::Rows, t, d),
                  a * d + kb * d + a * kb + a);
        for (int64_t dc : {d / 2, int64_t(3)}) {
          Tiles chunked{a, kb, dc};
          EXPECT_EQ(footprint(Schedule::Pilot, Split::Rows, chunked, d),
                    a * dc + kb * dc + a * kb + a)
              << "dc " << dc;
        }
        // And the sums' total; the group sums its output in place.
        EXPECT_EQ(footprint(Schedule::Pilot, Split::Columns, t, d),
                  a * d + kb * d + a * kb + 2 * a);
        // A step's keys and values share one slot of kb vectors; four
        // values per row: the running maximum, its next value, the rescale
        // factor, the sum.
        int64_t fused = 2 * a * d + kb * d + a * kb + 4 * a;
        EXPECT_EQ(footprint(Schedule::Fused, Split::Rows, t, d), fused);
        EXPECT_EQ(footprint(Schedule::Fused, Split::Columns, t, d), fused);
        for (Schedule s : allSchedules())
          for (Split split : {Split::Rows, Split::Columns})
            for (int64_t M : {128, 1024})
              EXPECT_EQ(infeasibility(s, split, t, d, M).has_value(),
                        footprint(s, split, t, d) > M)
                  << scheduleName(s) << " M " << M;
      }
  // The paper's tiles at d = 64 (its own figures, without the score block
  // and the sums: 903 and 974): 952 and 976 of 1024.
  EXPECT_EQ(footprint(Schedule::Pilot, Split::Rows, {7, 7}, 64), 952);
  EXPECT_EQ(footprint(Schedule::Pilot, Split::Columns, {1, 14}, 64), 976);
}

TEST(IOModelClosedFormTest, InfeasibilityMessage) {
  // 11 * 64 + 5 * 64 + 11 * 5 + 11 = 1090 > 1024.
  std::optional<std::string> why =
      infeasibility(Schedule::Pilot, Split::Rows, {11, 5}, 64, 1024);
  ASSERT_TRUE(why.has_value());
  EXPECT_NE(why->find("11"), std::string::npos) << *why;
  EXPECT_NE(why->find("5"), std::string::npos) << *why;
  EXPECT_NE(why->find("1090"), std::string::npos) << *why;
  EXPECT_NE(why->find("1024"), std::string::npos) << *why;
  // Fused column split, 2*4*64 + 9*64 + 36 + 16 = 1140 > 1024; one row
  // fewer fits (999).
  EXPECT_FALSE(
      infeasibility(Schedule::Fused, Split::Columns, {3, 9}, 64, 1024));
  why = infeasibility(Schedule::Fused, Split::Columns, {4, 9}, 64, 1024);
  ASSERT_TRUE(why.has_value());
  EXPECT_NE(why->find("1140"), std::string::npos) << *why;
  EXPECT_NE(why->find("1024"), std::string::npos) << *why;
  EXPECT_NE(why->find("9"), std::string::npos) << *why;
  // Naive with d = 512 needs 1025.
  why = infeasibility(Schedule::Naive, Split::Rows, {1, 1}, 512, 1024);
  ASSERT_TRUE(why.has_value());
  EXPECT_NE(why->find("1025"), std::string::npos) << *why;
  EXPECT_FALSE(infeasibility(Schedule::Naive, Split::Rows, {1, 1}, 64, 129));
}

TEST(IOModelClosedFormTest, NaiveStepKeysFitTheBuffer) {
  // A DRAM row's keys where they fit: 1024-byte rows, d = 64: 8.
  EXPECT_EQ(naiveStepKeys(makeHardware(1, 2048, 32, 1024), 64), 8);
  // 2 KiB rows hold 16, but the 1024-element buffer holds q, a block and
  // its sum beside 14 (1 + 64 + 14 * 65 = 975; 15 would need 1040), and
  // beside the row's total in a column split too (docs/testing.md, once
  // `naive-wide-rows`).
  hw::HardwareDescription wide = makeHardware(1, 2048, 32, 2048);
  EXPECT_EQ(naiveStepKeys(wide, 64), 14);
  EXPECT_EQ(naiveStepKeys(wide, 64, Split::Columns), 14);
  // 4 KiB of buffer hold them all.
  EXPECT_EQ(naiveStepKeys(makeHardware(1, 4096, 32, 2048), 64), 16);
  // At least one.
  EXPECT_EQ(naiveStepKeys(makeHardware(1, 256, 32, 2048), 64), 1);
}

TEST(IOModelClosedFormTest, TransferCost) {
  hw::HardwareDescription preset = makeHardware(4, 2048, 32, 1024);
  struct Want {
    int64_t elements, bytes, acts;
  };
  // bytes = ceil(2n / 32) * 32, acts = ceil(2n / 1024).
  for (Want w : std::vector<Want>{{0, 0, 0},
                                  {1, 32, 1},
                                  {16, 32, 1},
                                  {17, 64, 1},
                                  {64, 128, 1},
                                  {512, 1024, 1},
                                  {513, 1056, 2},
                                  {1023, 2048, 2}}) {
    Counts c = transferCost(w.elements, preset);
    EXPECT_EQ(c.internalBytes(), w.bytes) << w.elements;
    EXPECT_EQ(c.activations, w.acts) << w.elements;
    EXPECT_EQ(c.macs, 0);
    EXPECT_EQ(c.exps, 0);
    EXPECT_EQ(c.bgpmBytes, 0);
  }
  hw::HardwareDescription odd = makeHardware(4, 2048, 64, 256);
  Counts c = transferCost(100, odd); // 200 B -> 256 B, 1 activation
  EXPECT_EQ(c.internalBytes(), 256);
  EXPECT_EQ(c.activations, 1);
  c = transferCost(129, odd); // 258 B -> 320 B, 2 activations
  EXPECT_EQ(c.internalBytes(), 320);
  EXPECT_EQ(c.activations, 2);
}

TEST(IOModelClosedFormTest, CountsArithmeticAndScheduleNames) {
  Counts a{1, 2, 3, 4, 5, 6};
  Counts b{10, 20, 30, 40, 50, 60};
  Counts s = a;
  s += b;
  EXPECT_EQ(s, (Counts{11, 22, 33, 44, 55, 66}));
  EXPECT_EQ(a.scaled(3), (Counts{3, 6, 9, 12, 15, 18}));
  EXPECT_NE(a, b);
  EXPECT_EQ(a.internalBytes(), 3);
  PhaseCounts p{a, b, a};
  EXPECT_EQ(p.total(), (Counts{12, 24, 36, 48, 60, 72}));
  ASSERT_EQ(allSchedules().size(), 3u);
  for (Schedule sched : allSchedules())
    EXPECT_EQ(parseSchedule(scheduleName(sched)), sched);
  EXPECT_FALSE(parseSchedule("no-such-schedule"));
}

//===----------------------------------------------------------------------===//
// 4. predict and searchTiles
//===----------------------------------------------------------------------===//

/// Tiles for a schedule that fit: the paper's, else (2, 2) / (1, 2).
TileChoice someFeasibleTiles(Schedule s, int64_t d, int64_t M) {
  TileChoice paper = paperTiles(d, M);
  if (feasible(s, Split::Rows, paper.rowSplit, d, M) &&
      feasible(s, Split::Columns, paper.columnSplit, d, M))
    return paper;
  return {{2, 2}, {1, 2}};
}

void checkPredictTotals(const AttentionProblem &problem,
                        const hw::HardwareDescription &hardware,
                        const std::string &name) {
  SparsityPattern p(problem.pattern, problem.shape());
  int64_t M = hardware.bpm.bufferBytes / 2;
  int64_t instances = static_cast<int64_t>(instanceHeads(problem, p).size());
  int64_t external =
      2 * problem.headDim *
      (2 * instances * problem.sharedHeads * problem.queries +
       2 * problem.batch * kvHeadsUsed(problem, p) * problem.keys);
  for (Schedule s : allSchedules()) {
    SCOPED_TRACE(name + " " + std::string(scheduleName(s)));
    TileChoice t = someFeasibleTiles(s, problem.headDim, M);
    Prediction got = predict(problem, hardware, s, t);
    EXPECT_EQ(got.schedule, s);
    // The fused schedule's column split names the order it found faster.
    TileChoice asked = got.tiles;
    asked.columnSplit.order = t.columnSplit.order;
    EXPECT_EQ(asked, t);
    EXPECT_EQ(got.headInstances, instances);
    EXPECT_EQ(got.headsPerBusiestGroup,
              ceilDiv(instances, hardware.totalBankGroups()));
    EXPECT_EQ(got.externalBytes, external);
    EXPECT_EQ(
        diff(got.total, referenceSystemTotal(problem, hardware, s, got.tiles)),
        "");
  }
}

TEST(IOModelPredictTest, InstancesOverSeveralGroups) {
  // Two instances of a windowed row split, each over 3 of 8 bank groups of
  // 4 banks: the same totals as on groups of 12 banks, one instance on the
  // busiest set; the host writes each group the keys its rows attend.
  hw::HardwareDescription groups = tinyHardware();
  groups.org.bankGroups = 8;
  hw::HardwareDescription wide = makeHardware(12, 2048, 32, 1024);
  AttentionProblem problem =
      makeProblem(window(4, 3), /*batch=*/1, /*heads=*/2, 2, 48, 48, 64);
  problem.columnSplit = false;
  problem.groupsPerInstance = 3;
  SparsityPattern p(problem.pattern, problem.shape());
  // Rows [4j, 4j + 4) on bank j of 12: group g's rows [16g, 16g + 16).
  int64_t keyVectors = 0;
  for (int64_t g = 0; g < 3; ++g) {
    std::vector<Interval> keys;
    for (int64_t row = 16 * g; row < 16 * g + 16; ++row)
      for (const Interval &run : p.rowColumns(row, SparsityPattern::sparseHead))
        keys.push_back(run);
    pattern::mergeIntervals(keys);
    keyVectors += pattern::totalSize(keys);
  }
  for (Schedule s : allSchedules()) {
    SCOPED_TRACE(scheduleName(s));
    TileChoice t = someFeasibleTiles(s, 64, 1024);
    Prediction got = predict(problem, groups, s, t);
    EXPECT_EQ(got.headsPerBusiestGroup, 1);
    EXPECT_EQ(diff(got.total, referenceSystemTotal(problem, wide, s, t)), "");
    EXPECT_EQ(got.externalBytes, 2 * 64 * (2 * 2 * 48 + 2 * 2 * keyVectors));
  }
}

TEST(IOModelWalkerTest, KeysOverSeveralGroups) {
  // A decoding instance's keys over 2 or 3 bank groups of 4 (pim-map's
  // groups_per_instance for the column split): cut into 8 or 12 pieces, the
  // last shorter, each bank also writing its group's maxima and sums.
  PatternSpec spec = window(5, 0);
  spec.causal = true;
  spec.sinks = 2;
  spec.denseHeads = {0};
  SparsityPattern p(spec, {1, 43, 2});
  for (int64_t nbk : {8, 12})
    for (const HwCase &h : {HwCase{"M1024 d64", makeHardware(4, 2048, 32, 1024), 64},
                            HwCase{"M128 d8", makeHardware(4, 256, 32, 128), 8}}) {
      int64_t M = h.hardware.bpm.bufferBytes / 2;
      for (int64_t head : {SparsityPattern::sparseHead, int64_t(0)})
        for (int64_t bank = 0; bank < nbk; ++bank) {
          BankWork work = bankWork(p, head, bank, nbk);
          work.partialStatistics = true;
          Walker walker = referenceWalker(p, head, bank, nbk, h.d, h.hardware);
          walker.partialStatistics = true;
          for (Schedule s : allSchedules())
            for (const TileChoice &t : tileChoices(s, h.d, M, 8))
              EXPECT_EQ(diff(total(countBankWork(work, s, t, h.d, h.hardware)),
                             total(walker.walk(s, t))),
                        "")
                  << h.name << " nbk " << nbk << " head " << head << " bank "
                  << bank << " " << scheduleName(s) << " " << str(t);
        }
    }
}

TEST(IOModelPredictTest, KeysOverSeveralGroupsAndTheMerge) {
  // Decoding, 2 query heads sharing a key-value head as one instance, its
  // keys over 3 of 8 bank groups of 4: the same bank totals as on groups of
  // 12 banks, plus each bank's maxima and sums; the host writes each group
  // the query rows and reads each group's partial, then merges them on its
  // roofline (3352 GB/s x 0.85, the preset's host).
  hw::HardwareDescription groups = tinyHardware();
  groups.org.bankGroups = 8;
  hw::HardwareDescription wide = makeHardware(12, 2048, 32, 1024);
  PatternSpec dense;
  dense.dense = true;
  dense.causal = true;
  AttentionProblem problem = makeProblem(dense, 1, 2, 1, 1, 61, 64);
  problem.rowSplit = false;
  problem.sharedHeads = 2;
  problem.groupsPerInstance = 3;
  for (Schedule s : allSchedules()) {
    SCOPED_TRACE(scheduleName(s));
    TileChoice t = someFeasibleTiles(s, 64, 1024);
    Prediction got = predict(problem, groups, s, t);
    EXPECT_EQ(got.headInstances, 1);
    EXPECT_EQ(diff(got.total, referenceSystemTotal(problem, wide, s, t)), "");
    // Q to 3 groups, 3 partials of (64 + s) values a row back (s: the sums,
    // and the maxima under the fused schedule), K and V once.
    int64_t statistics = s == Schedule::Fused ? 2 : 1;
    EXPECT_EQ(got.externalBytes,
              2 * (3 * 2 * 64 + 3 * 2 * (64 + statistics) + 2 * 61 * 64));
    int64_t mergeBytes = 2 * (3 * 2 * (64 + statistics) + 2 * 64);
    EXPECT_EQ(got.mergeBytes, mergeBytes);
    EXPECT_DOUBLE_EQ(got.mergeNs, mergeBytes / (3352 * 0.85));
    AttentionProblem oneGroup = problem;
    oneGroup.groupsPerInstance = 1;
    Prediction whole = predict(oneGroup, groups, s, t);
    EXPECT_EQ(whole.mergeBytes, 0);
    EXPECT_EQ(whole.mergeNs, 0);
  }
}

TEST(IOModelPredictTest, SystemTotalsAndInstances) {
  hw::HardwareDescription tiny = tinyHardware();
  ASSERT_EQ(tiny.totalBankGroups(), 2);
  checkPredictTotals(longformerLike(2, 3, 32, 64), tiny, "longformer");
  checkPredictTotals(duoLike(32, 32, false), tiny, "duo prefill");
  checkPredictTotals(duoLike(32, 32, true), tiny, "duo prefill on PIM");
  checkPredictTotals(duoLike(1, 32, false), tiny, "duo decode N 1");
  checkPredictTotals(duoLike(2, 32, false), tiny, "duo decode N 2");
  // GQA: heads 0 and 1 dense, so in prefill only KV head 1 is used.
  AttentionProblem duo = duoLike(32, 32, false);
  SparsityPattern p(duo.pattern, duo.shape());
  EXPECT_EQ(kvHeadsUsed(duo, p), 1);
  EXPECT_EQ(
      predict(duo, tiny, Schedule::Pilot, paperTiles(64, 1024)).externalBytes,
      2 * 64 * (2 * 4 * 32 + 2 * 2 * 1 * 32));
  // Small buffer, long rows, every bank count.
  for (int64_t banks : {1, 2, 4}) {
    hw::HardwareDescription small = tiny;
    small.org.banks = banks;
    small.bpm.bufferBytes = 256;
    AttentionProblem problem = longformerLike(1, 3, 160, 8);
    checkPredictTotals(problem, small,
                       "small buffer nbk " + std::to_string(banks));
  }
}

TEST(IOModelPredictTest, SharedKeyValueHeads) {
  hw::HardwareDescription tiny = tinyHardware();
  // Dense heads 0 and 1 on key-value head 0, streaming 2 and 3 on 1: pairs.
  AttentionProblem duo = duoLike(1, 40, false);
  KeyValueSharing sharing = keyValueSharing(duo);
  EXPECT_EQ(sharing.heads, 2);
  EXPECT_EQ(sharing.refusal, "");
  duo.sharedHeads = 2;
  checkPredictTotals(duo, tiny, "duo decode shared 2");
  // Dense decoding, 8 heads on 2 key-value heads, odd batch: fours.
  PatternSpec dense;
  dense.dense = true;
  dense.causal = true;
  AttentionProblem grouped = makeProblem(dense, 3, 8, 2, 1, 37, 16);
  EXPECT_EQ(keyValueSharing(grouped).heads, 4);
  grouped.sharedHeads = 4;
  checkPredictTotals(grouped, tiny, "dense decode shared 4");
  // Shared, an instance reads its keys once: with tiles of every row, the
  // fused schedule moves a quarter of the keys and values it moves apart.
  AttentionProblem apart = grouped;
  apart.sharedHeads = 1;
  TileChoice tiles{{1, 1}, {4, 4}};
  Prediction one = predict(apart, tiny, Schedule::Fused, tiles);
  Prediction four = predict(grouped, tiny, Schedule::Fused, tiles);
  EXPECT_EQ(four.headInstances * 4, one.headInstances);
  EXPECT_LT(four.total.readBytes, one.total.readBytes);
  EXPECT_EQ(four.externalBytes, one.externalBytes);
}

TEST(IOModelPredictTest, SharedDecodingPaperTilesHoldTheSharedRows) {
  // Decoding, 8 query heads on 2 key-value heads x 128, shared in fours on
  // the 2 KB buffer (1024 FP16 elements): the PILOT schedule's paper-class
  // column split takes the 4 rows in one tile, so the instance reads its
  // keys and values once, not once per row. 4 x 3 keys fit with the group
  // summed in place: Q, the step's keys, its scores, the sums and their
  // total, 4 * 128 + 3 * 128 + 12 + 8 = 916.
  hw::HardwareDescription preset = makeHardware(4, 2048, 32, 1024);
  ASSERT_EQ(preset.bufferElements(), 1024);
  EXPECT_EQ(footprint(Schedule::Pilot, Split::Columns, {4, 3}, 128), 916);
  EXPECT_FALSE(
      infeasibility(Schedule::Pilot, Split::Columns, {4, 3}, 128, 1024));
  PatternSpec dense;
  dense.dense = true;
  dense.causal = true;
  AttentionProblem problem = makeProblem(dense, 1, 8, 2, 1, 512, 128);
  problem.rowSplit = false;
  problem.sharedHeads = 4;
  for (int64_t groups : {1, 2}) {
    SCOPED_TRACE("groups per instance " + std::to_string(groups));
    problem.groupsPerInstance = groups;
    Prediction best =
        searchTiles(problem, preset, Schedule::Pilot, TileSpace::Paper);
    EXPECT_EQ(best.tiles.columnSplit.rows, 4) << str(best.tiles);
    EXPECT_FALSE(infeasibility(Schedule::Pilot, Split::Columns,
                               best.tiles.columnSplit, 128, 1024));
    // One row a tile walks every key once per row.
    TileChoice oneRow = best.tiles;
    oneRow.columnSplit = Tiles{1, best.tiles.columnSplit.keys};
    EXPECT_LT(best.busiestBank.total().readBytes,
              predict(problem, preset, Schedule::Pilot, oneRow)
                  .busiestBank.total()
                  .readBytes);
  }
}

TEST(IOModelPredictTest, SharingRefused) {
  PatternSpec dense;
  dense.dense = true;
  dense.causal = true;
  EXPECT_EQ(keyValueSharing(makeProblem(dense, 1, 4, 4, 1, 32, 16)).heads, 1);
  EXPECT_EQ(keyValueSharing(makeProblem(dense, 1, 4, 2, 32, 32, 16)).heads, 1);
  AttentionProblem queries = makeProblem(dense, 1, 4, 2, 2, 32, 16);
  EXPECT_EQ(keyValueSharing(queries).heads, 1);
  EXPECT_NE(keyValueSharing(queries).refusal.find("2 decoding queries"),
            std::string::npos);
  AttentionProblem alternating = duoLike(1, 40, false);
  alternating.pattern.denseHeads = {0, 2};
  EXPECT_EQ(keyValueSharing(alternating).heads, 1);
  EXPECT_NE(keyValueSharing(alternating).refusal, "");
}

/// The busiest bank of a problem whose instances are all alike: the walker's
/// slowest bank, times the instances on the busiest group.
void checkBusiestBank(const AttentionProblem &problem,
                      const hw::HardwareDescription &hardware, Schedule s,
                      const TileChoice &t, const std::string &name) {
  SCOPED_TRACE(name + " " + std::string(scheduleName(s)) + " " + str(t));
  SparsityPattern p(problem.pattern, problem.shape());
  std::vector<int64_t> heads = instanceHeads(problem, p);
  ASSERT_FALSE(heads.empty());
  for (int64_t h : heads)
    ASSERT_EQ(h, heads.front()) << "instances must be alike";
  int64_t perGroup =
      ceilDiv(static_cast<int64_t>(heads.size()), hardware.totalBankGroups());
  int64_t nbk = hardware.org.banks;
  int64_t d = problem.headDim;
  Prediction got = predict(problem, hardware, s, t);

  double bestTime = -1;
  std::vector<int64_t> busiest;
  std::vector<PhaseCounts> perBank;
  for (int64_t bank = 0; bank < nbk; ++bank) {
    PhaseCounts c =
        referenceWalker(p, heads.front(), bank, nbk, d, hardware).walk(s, t);
    perBank.push_back({times(c.sddmm, perGroup), times(c.softmax, perGroup),
                       times(c.spmm, perGroup)});
  }
  // The banks of a group run one program: each moves what the bank moving
  // the most does (a short last chunk still moves whole tiles), its MACs,
  // exponentials and BGPM values its own.
  size_t most = 0;
  for (size_t bank = 1; bank < perBank.size(); ++bank)
    if (total(perBank[bank]).internalBytes() >
        total(perBank[most]).internalBytes())
      most = bank;
  const PhaseCounts moved = perBank[most];
  for (PhaseCounts &bank : perBank) {
    Counts *phases[] = {&bank.sddmm, &bank.softmax, &bank.spmm};
    const Counts *from[] = {&moved.sddmm, &moved.softmax, &moved.spmm};
    for (int i = 0; i < 3; ++i) {
      phases[i]->readBytes = from[i]->readBytes;
      phases[i]->writeBytes = from[i]->writeBytes;
      phases[i]->activations = from[i]->activations;
    }
  }
  for (int64_t bank = 0; bank < nbk; ++bank) {
    const PhaseCounts &scaled = perBank[bank];
    double time = Walker::timeNs(scaled, hardware, nullptr, nullptr);
    if (time > bestTime + 1e-9) {
      bestTime = time;
      busiest = {bank};
    } else if (std::abs(time - bestTime) <= 1e-9) {
      busiest.push_back(bank);
    }
  }
  // The time is checked in PredictedTime; here only which bank.

  // Which of the tied banks the model picked.
  std::optional<int64_t> match;
  for (int64_t bank : busiest)
    if (diff(got.busiestBank.total(), total(perBank[bank])).empty())
      match = bank;
  ASSERT_TRUE(match.has_value())
      << "busiestBank " << str(got.busiestBank.total()) << ", walker bank "
      << busiest.front() << " " << str(total(perBank[busiest.front()]));
  const PhaseCounts &want = perBank[*match];
  if (s != Schedule::Fused) {
    EXPECT_EQ(diff(got.busiestBank.sddmm, want.sddmm), "");
    EXPECT_EQ(diff(got.busiestBank.softmax, want.softmax), "");
    EXPECT_EQ(diff(got.busiestBank.spmm, want.spmm), "");
  }

  // The compulsory bound: Q read and O written once for the bank's rows
  // (every bank writes a column split's reduced rows), K and V once for its
  // union of columns.
  ReferenceWork w = referenceBankWork(p, heads.front(), *match, nbk);
  std::set<int64_t> unionCols;
  int64_t qRows = 0, oRows = 0;
  for (const ExplicitRow &r : w.splitRows) {
    ++qRows;
    ++oRows;
    unionCols.insert(r.cols.begin(), r.cols.end());
  }
  for (const ExplicitRow &r : w.pieces) {
    ++qRows;
    ++oRows;
    unionCols.insert(r.cols.begin(), r.cols.end());
  }
  int64_t g = hardware.org.columnBytes;
  int64_t vectorBytes = ceilDiv(2 * d, g) * g;
  int64_t compulsory =
      perGroup * vectorBytes *
      (qRows + oRows + 2 * static_cast<int64_t>(unionCols.size()));
  EXPECT_EQ(got.busiestBankBound.compulsoryBytes, compulsory)
      << "bank " << *match << ": " << qRows << " Q rows, " << oRows
      << " O rows, " << unionCols.size() << " keys";
  EXPECT_GE(got.busiestBank.total().internalBytes(),
            got.busiestBankBound.bytes());
}

/// Problems whose head instances are all alike (sparse heads only): 6
/// instances over the tiny system's 2 groups, 3 on the busiest.
std::vector<std::pair<std::string, AttentionProblem>> alikeProblems() {
  std::vector<std::pair<std::string, AttentionProblem>> problems = {
      {"window only", makeProblem(window(4, 3), 2, 3, 3, 32, 32, 64)},
      {"longformer", longformerLike(2, 3, 32, 64)},
      {"decode N 1", makeProblem(window(6, 0), 2, 3, 3, 1, 32, 64)},
  };
  problems[2].second.pattern.causal = true;
  problems[2].second.pattern.sinks = 2;
  // 31 rows over 4 banks: the last bank's 7 rows attend the most keys and
  // take the longest, the others' 8 move the most bytes (docs/testing.md,
  // once `causal-dense-io`).
  PatternSpec causalDense;
  causalDense.dense = true;
  causalDense.causal = true;
  problems.push_back({"causal dense, a short last bank",
                      makeProblem(causalDense, 2, 3, 3, 31, 31, 16)});
  return problems;
}

TEST(IOModelPredictTest, BusiestBankAndCompulsoryBound) {
  hw::HardwareDescription tiny = tinyHardware();
  for (auto &[name, problem] : alikeProblems())
    for (Schedule s : allSchedules()) {
      TileChoice t = someFeasibleTiles(s, problem.headDim, 1024);
      checkBusiestBank(problem, tiny, s, t, name);
      Prediction got = predict(problem, tiny, s, t);
      EXPECT_EQ(got.headsPerBusiestGroup, 3);
    }
}

TEST(IOModelPredictTest, PredictedTime) {
  // "Predicted time": per phase I/O time plus compute time, I/O time the
  // bytes at g bytes per nCCDL * tCK and every activation's nRCD + nCL +
  // nBL + nRP, compute time the MACs at bpm.lanes per BPM cycle, the exps
  // at bpm.lanes per bpm.exp_cycles, plus the BGPM values at bgpm.adders
  // per BGPM cycle; the busiest bank sets the time.
  hw::HardwareDescription tiny = tinyHardware();
  for (auto &[name, problem] : alikeProblems())
    for (Schedule s : allSchedules()) {
      TileChoice t = someFeasibleTiles(s, problem.headDim, 1024);
      SCOPED_TRACE(name + " " + std::string(scheduleName(s)));
      Prediction got = predict(problem, tiny, s, t);
      // The PILOT schedule's decoding streams where a second slot of keys
      // fits beside the column split's footprint, walked query-stationary.
      Tiles main = t.columnSplit;
      bool streams = s == Schedule::Pilot && !problem.isPrefill() &&
                     footprint(s, Split::Columns, main, problem.headDim) +
                             main.keys * problem.headDim <=
                         1024 &&
                     problem.queries <= main.rows;
      double io = 0, compute = 0;
      double time =
          Walker::timeNs(got.busiestBank, tiny, &io, &compute, streams);
      EXPECT_NEAR(got.ioTimeNs, io, 1e-6 * io);
      EXPECT_NEAR(got.computeTimeNs, compute, 1e-6 * compute);
      EXPECT_NEAR(got.timeNs, time, 1e-6 * time);
      // No bank of the group is slower than the one that sets the time.
      SparsityPattern p(problem.pattern, problem.shape());
      for (int64_t bank = 0; bank < tiny.org.banks; ++bank) {
        PhaseCounts c = referenceWalker(p, SparsityPattern::sparseHead, bank,
                                        tiny.org.banks, problem.headDim, tiny)
                            .walk(s, t);
        PhaseCounts scaled{times(c.sddmm, 3), times(c.softmax, 3),
                           times(c.spmm, 3)};
        EXPECT_LE(Walker::timeNs(scaled, tiny, nullptr, nullptr, streams),
                  got.timeNs * (1 + 1e-9))
            << "bank " << bank;
      }
    }
}

TEST(IOModelPredictTest, DecodingStreamsWhereASecondSlotFits) {
  // One decoding query, d = 64: a column split of 4 keys a step leaves room
  // for a second slot (64 + 2 x 4 x 64 + 4 + 2 = 582 of 1024), so its SDDMM
  // and SpMM take the longer of I/O and compute; 14 keys a step (the
  // paper's, 976 elements) do not, and add them up.
  hw::HardwareDescription tiny = tinyHardware();
  PatternSpec spec = window(40, 0);
  spec.causal = true;
  AttentionProblem problem = makeProblem(spec, 2, 3, 3, 1, 256, 64);
  for (auto [keys, streams] : {std::pair{4, true}, std::pair{14, false}}) {
    TileChoice t{{2, 2}, {1, keys}};
    Prediction got = predict(problem, tiny, Schedule::Pilot, t);
    double time =
        Walker::timeNs(got.busiestBank, tiny, nullptr, nullptr, streams);
    EXPECT_NEAR(got.timeNs, time, 1e-6 * time) << keys << " keys a step";
    if (streams) {
      EXPECT_LT(got.timeNs, got.ioTimeNs + got.computeTimeNs);
    }
  }
}

TEST(IOModelPredictTest, FusedNeverBelowTheBound) {
  hw::HardwareDescription tiny = tinyHardware();
  std::vector<AttentionProblem> problems = {
      longformerLike(2, 3, 32, 64), duoLike(32, 32, false),
      duoLike(32, 32, true), duoLike(1, 32, false), duoLike(3, 32, false)};
  for (const AttentionProblem &problem : problems)
    for (const TileChoice &t :
         tileChoices(Schedule::Fused, problem.headDim, 1024, 4)) {
      Prediction got = predict(problem, tiny, Schedule::Fused, t);
      EXPECT_GE(got.busiestBank.total().internalBytes(),
                got.busiestBankBound.bytes())
          << str(t) << " queries " << problem.queries;
    }
}

TEST(IOModelPredictTest, PebblingBound) {
  // F = e * d per phase; at least F / (2 sqrt(2) sqrt(M)) - M elements each
  // for SDDMM and SpMM, 2 bytes an element. One instance, one bank.
  hw::HardwareDescription hardware = tinyHardware();
  hardware.org.banks = 1;
  hardware.bpm.bufferBytes = 256; // M = 128
  AttentionProblem problem = makeProblem(window(40, 40), 1, 1, 1, 256, 256, 8);
  SparsityPattern p(problem.pattern, problem.shape());
  double F = double(p.totalEntries()) * 8;
  double elements = F / (2 * std::sqrt(2.0) * std::sqrt(128.0)) - 128;
  ASSERT_GT(elements, 0);
  double want = 2 * 2 * elements;
  Prediction got =
      predict(problem, hardware, Schedule::Pilot, paperTiles(8, 128));
  EXPECT_NEAR(double(got.busiestBankBound.pebblingBytes), want,
              0.01 * want + 64);
}

/// Every field of two predictions, the times to the last bit.
void expectSamePrediction(const Prediction &got, const Prediction &want) {
  EXPECT_EQ(got.schedule, want.schedule);
  EXPECT_EQ(got.tiles, want.tiles);
  EXPECT_EQ(got.headInstances, want.headInstances);
  EXPECT_EQ(got.headsPerBusiestGroup, want.headsPerBusiestGroup);
  EXPECT_EQ(diff(got.busiestBank.sddmm, want.busiestBank.sddmm), "");
  EXPECT_EQ(diff(got.busiestBank.softmax, want.busiestBank.softmax), "");
  EXPECT_EQ(diff(got.busiestBank.spmm, want.busiestBank.spmm), "");
  EXPECT_EQ(diff(got.total, want.total), "");
  EXPECT_EQ(got.externalBytes, want.externalBytes);
  EXPECT_EQ(got.busiestBankBound.compulsoryBytes,
            want.busiestBankBound.compulsoryBytes);
  EXPECT_EQ(got.busiestBankBound.pebblingBytes,
            want.busiestBankBound.pebblingBytes);
  EXPECT_EQ(got.mergeBytes, want.mergeBytes);
  EXPECT_EQ(got.ioTimeNs, want.ioTimeNs);
  EXPECT_EQ(got.computeTimeNs, want.computeTimeNs);
  EXPECT_EQ(got.mergeNs, want.mergeNs);
  EXPECT_EQ(got.timeNs, want.timeNs);
}

/// The busiest bank counted the straightforward way: every bank of every
/// bank group, each instance's work counted on its own and added up, the
/// banks of a group padded to the one moving the most; the slowest (then
/// the most bytes, the most MACs) first in group and bank order, its time
/// in `timeNs`; every bank's counts, unpadded, added up in `systemTotal`.
PhaseCounts busiestBankOneByOne(const AttentionProblem &problem,
                                const hw::HardwareDescription &hardware,
                                Schedule s, const TileChoice &t, double &timeNs,
                                Counts &systemTotal) {
  SparsityPattern p(problem.pattern, problem.shape());
  std::vector<int64_t> heads = instanceHeads(problem, p);
  int64_t banks = hardware.org.banks * problem.groupsPerInstance;
  int64_t groups = hardware.totalBankGroups() / problem.groupsPerInstance;
  bool partials = problem.columnSplit && problem.groupsPerInstance > 1;
  std::vector<std::vector<PhaseCounts>> groupBanks(
      std::min<size_t>(groups, heads.size()), std::vector<PhaseCounts>(banks));
  int64_t mostPieces = 0;
  for (size_t instance = 0; instance < heads.size(); ++instance)
    for (int64_t bank = 0; bank < banks; ++bank) {
      BankWork work = bankWork(p, heads[instance], bank, banks);
      shareKeyValueHead(work, problem.sharedHeads);
      work.partialStatistics = partials;
      if (!problem.rowSplit)
        work.splitRows.clear();
      if (!problem.columnSplit) {
        work.pieces.clear();
        work.pieceWalks.clear();
        work.pieceRuns.clear();
      }
      mostPieces = std::max<int64_t>(mostPieces, work.pieces.size());
      PhaseCounts counts = countBankWork(work, s, t, problem.headDim, hardware);
      systemTotal = sum(systemTotal, total(counts));
      groupBanks[instance % groups][bank] += counts;
    }
  bool streams =
      s == Schedule::Pilot && !problem.isPrefill() &&
      buffering(s, Split::Columns, t.columnSplit, problem.headDim, hardware)
              .slots == 2 &&
      !keyStationary(s, t.columnSplit, mostPieces, partials);
  PhaseCounts busiest;
  std::tuple<double, int64_t, int64_t> slowest = {-1.0, 0, 0};
  for (std::vector<PhaseCounts> &group : groupBanks) {
    size_t most = 0;
    for (size_t bank = 1; bank < group.size(); ++bank)
      if (total(group[bank]).internalBytes() >
          total(group[most]).internalBytes())
        most = bank;
    const PhaseCounts moved = group[most];
    for (PhaseCounts &bank : group) {
      Counts *phases[] = {&bank.sddmm, &bank.softmax, &bank.spmm};
      const Counts *from[] = {&moved.sddmm, &moved.softmax, &moved.spmm};
      for (int i = 0; i < 3; ++i) {
        phases[i]->readBytes = from[i]->readBytes;
        phases[i]->writeBytes = from[i]->writeBytes;
        phases[i]->activations = from[i]->activations;
      }
      double time = Walker::timeNs(bank, hardware, nullptr, nullptr, streams);
      std::tuple<double, int64_t, int64_t> key = {
          time, total(bank).internalBytes(), total(bank).macs};
      if (key > slowest) {
        slowest = key;
        busiest = bank;
      }
    }
  }
  timeNs = std::get<0>(slowest);
  return busiest;
}

TEST(IOModelPredictTest, AlikeBanksCountedOnce) {
  // Counting each distinct work once and alike banks together predicts
  // what counting every bank on its own does, to the last bit: row and
  // column splits, instances over one and several bank groups, shared
  // key-value heads, a shorter last piece, a sparse band, dense and sparse
  // instances in one group.
  hw::HardwareDescription tiny = tinyHardware();
  hw::HardwareDescription eightGroups = tiny;
  eightGroups.org.bankGroups = 8;
  std::vector<
      std::tuple<std::string, AttentionProblem, hw::HardwareDescription>>
      problems;
  for (auto &[name, problem] : alikeProblems())
    problems.emplace_back(name, problem, tiny);
  problems.emplace_back("longformer, global rows split by columns",
                        longformerLike(2, 3, 61, 16), tiny);
  // A global row amid the others: a bank's rows with a gap, where its
  // tiles end.
  AttentionProblem gap = longformerLike(1, 2, 61, 16);
  gap.pattern.globalTokens = {0, 29};
  problems.emplace_back("a global row amid the rows", gap, tiny);
  problems.emplace_back("duo prefill, mixed kinds a group",
                        duoLike(32, 32, true), tiny);
  problems.emplace_back("duo decode, mixed kinds a group",
                        duoLike(1, 203, false), tiny);
  AttentionProblem shared = duoLike(1, 203, false);
  shared.sharedHeads = 2;
  problems.emplace_back("duo decode, shared heads", shared, tiny);
  // A causal band with sinks over 3 groups of 4 banks: 12 pieces of the
  // union, the last shorter, each bank writing maxima and sums.
  AttentionProblem spread = duoLike(1, 203, false);
  spread.batch = 1;
  spread.pattern.windowLeft = 150;
  spread.rowSplit = false;
  spread.groupsPerInstance = 3;
  problems.emplace_back("decode over 3 groups", spread, eightGroups);
  spread.sharedHeads = 2;
  problems.emplace_back("decode over 3 groups, shared heads", spread,
                        eightGroups);
  // Rows over 3 groups of 4 banks, the host writing each group its keys.
  AttentionProblem rows = makeProblem(window(4, 3), 1, 2, 2, 50, 50, 16);
  rows.columnSplit = false;
  rows.groupsPerInstance = 3;
  problems.emplace_back("rows over 3 groups", rows, eightGroups);
  PatternSpec blocks;
  blocks.blockSize = 4;
  blocks.hasWindow = true;
  blocks.windowLeft = blocks.windowRight = 1;
  blocks.randomPerRow = 1;
  blocks.globalTokens = {0};
  problems.emplace_back("blocks with random keys",
                        makeProblem(blocks, 1, 2, 2, 46, 46, 16), tiny);
  for (const auto &[name, problem, hardware] : problems)
    for (Schedule s : allSchedules()) {
      // The search counts a split again only where its tiles change: what
      // it found is what a prediction of its tiles alone gives.
      Prediction searched = searchTiles(problem, hardware, s);
      SCOPED_TRACE(name + " " + std::string(scheduleName(s)) + " searched " +
                   str(searched.tiles));
      expectSamePrediction(searched,
                           predict(problem, hardware, s, searched.tiles));
      int64_t M = hardware.bpm.bufferBytes / 2;
      std::vector<TileChoice> choices = tileChoices(s, problem.headDim, M, 3);
      for (size_t i = 0; i < choices.size(); i += 5) {
        SCOPED_TRACE(name + " " + std::string(scheduleName(s)) + " " +
                     str(choices[i]));
        Prediction alike =
            predict(problem, hardware, s, choices[i], BankCounting::Alike);
        expectSamePrediction(alike, predict(problem, hardware, s, choices[i],
                                            BankCounting::EveryBank));
        double timeNs = 0;
        Counts systemTotal;
        PhaseCounts busiest = busiestBankOneByOne(
            problem, hardware, s, alike.tiles, timeNs, systemTotal);
        EXPECT_EQ(diff(alike.busiestBank.sddmm, busiest.sddmm), "");
        EXPECT_EQ(diff(alike.busiestBank.softmax, busiest.softmax), "");
        EXPECT_EQ(diff(alike.busiestBank.spmm, busiest.spmm), "");
        EXPECT_DOUBLE_EQ(alike.timeNs - alike.mergeNs, timeNs);
        EXPECT_EQ(diff(alike.total, systemTotal), "");
      }
    }
}

TEST(IOModelPredictTest, EvenPiecesCountAlike) {
  // A decoding row's 153 keys (2 sinks and a causal band of 151) cut over
  // 12 banks: 13 keys a bank, the sinks among bank 0's, 10 on the last.
  // Banks 0 to 10 count alike, each its own keys; the last does not.
  PatternSpec spec = window(150, 0);
  spec.causal = true;
  spec.sinks = 2;
  SparsityPattern p(spec, {1, 203, 1});
  std::vector<BankWork> works;
  for (int64_t bank = 0; bank < 12; ++bank)
    works.push_back(bankWork(p, SparsityPattern::sparseHead, bank, 12));
  for (int64_t bank = 1; bank < 11; ++bank) {
    EXPECT_EQ(countedFields(works[bank]), countedFields(works[0]))
        << "bank " << bank;
    EXPECT_NE(works[bank].pieces.front().columns,
              works[0].pieces.front().columns);
  }
  EXPECT_NE(countedFields(works[11]), countedFields(works[0]));
}

TEST(IOModelPredictTest, RowsAwayFromTheEndsCountAlike) {
  // 48 rows of a window [4, 3] over 4 banks, 12 each: banks 1 and 2 count
  // alike, their rows' bands whole; bank 0's first rows and bank 3's last
  // attend fewer keys.
  SparsityPattern p(window(4, 3), {48, 48, 1});
  std::vector<std::vector<int64_t>> fields;
  for (int64_t bank = 0; bank < 4; ++bank)
    fields.push_back(
        countedFields(bankWork(p, SparsityPattern::sparseHead, bank, 4)));
  EXPECT_EQ(fields[1], fields[2]);
  EXPECT_NE(fields[0], fields[1]);
  EXPECT_NE(fields[3], fields[1]);
}

TEST(IOModelPredictTest, SearchTiles) {
  hw::HardwareDescription preset = makeHardware(4, 2048, 32, 1024);
  hw::HardwareDescription small = makeHardware(4, 512, 32, 1024);
  struct Problem {
    std::string name;
    AttentionProblem problem;
    hw::HardwareDescription hardware;
  };
  std::vector<Problem> problems = {
      {"longformer d64", longformerLike(1, 1, 96, 64), preset},
      {"longformer d128", longformerLike(1, 1, 96, 128), preset},
      {"duo decode", duoLike(1, 96, false), preset},
      {"longformer M256 d16", longformerLike(1, 1, 96, 16), small},
  };
  for (const Problem &pr : problems) {
    int64_t d = pr.problem.headDim;
    int64_t M = pr.hardware.bpm.bufferBytes / 2;
    for (Schedule s : {Schedule::Pilot, Schedule::Fused}) {
      SCOPED_TRACE(pr.name + " " + std::string(scheduleName(s)));
      Prediction best = searchTiles(pr.problem, pr.hardware, s);
      EXPECT_EQ(best.schedule, s);
      EXPECT_FALSE(infeasibility(s, Split::Rows, best.tiles.rowSplit, d, M));
      EXPECT_FALSE(
          infeasibility(s, Split::Columns, best.tiles.columnSplit, d, M));
      Prediction again = predict(pr.problem, pr.hardware, s, best.tiles);
      EXPECT_EQ(best.total, again.total);
      EXPECT_DOUBLE_EQ(best.timeNs, again.timeNs);
      TileChoice paper = paperTiles(d, M);
      if (feasible(s, Split::Rows, paper.rowSplit, d, M) &&
          feasible(s, Split::Columns, paper.columnSplit, d, M)) {
        EXPECT_LE(best.timeNs,
                  predict(pr.problem, pr.hardware, s, paper).timeNs * 1.000001);
      }
      for (const TileChoice &t : tileChoices(s, d, M, 8))
        EXPECT_LE(best.timeNs,
                  predict(pr.problem, pr.hardware, s, t).timeNs * 1.000001)
            << str(t) << " beats " << str(best.tiles);
    }
  }
}

TEST(IOModelPredictTest, SearchInThePaperSpace) {
  // The paper's class: square row-split tiles, one row per column-split
  // group, the head dimension whole; on the paper's workloads at 2 KB the
  // search lands on the closed form's row split (docs/io-model.md, workload
  // tables), and its column split moves no more than the closed form's
  // (fewer keys a step, in bigger blocks of scores, move as few).
  hw::HardwareDescription preset = makeHardware(4, 2048, 32, 1024);
  PatternSpec longformer = window(256, 255);
  longformer.globalTokens = {0};
  PatternSpec llama = window(2043, 0);
  llama.causal = true;
  llama.sinks = 4;
  for (int64_t h = 0; h < 16; ++h)
    llama.denseHeads.push_back(h);
  std::vector<AttentionProblem> workloads = {
      makeProblem(longformer, 512, 12, 12, 4096, 4096, 64),
      makeProblem(llama, 128, 32, 32, 4096, 4096, 128)};
  for (const AttentionProblem &problem : workloads) {
    Prediction best =
        searchTiles(problem, preset, Schedule::Pilot, TileSpace::Paper);
    TileChoice paper = paperTiles(problem.headDim, 1024);
    EXPECT_EQ(best.tiles.rowSplit, paper.rowSplit)
        << "d " << problem.headDim << ": " << str(best.tiles);
    EXPECT_EQ(best.tiles.columnSplit.rows, 1);
    EXPECT_LE(best.busiestBank.total().internalBytes(),
              predict(problem, preset, Schedule::Pilot, paper)
                  .busiestBank.total()
                  .internalBytes());
  }
  for (int64_t d : {64, 128}) {
    AttentionProblem problem = longformerLike(1, 1, 96, d);
    Prediction best =
        searchTiles(problem, preset, Schedule::Pilot, TileSpace::Paper);
    EXPECT_EQ(best.tiles.rowSplit.rows, best.tiles.rowSplit.keys);
    EXPECT_EQ(best.tiles.columnSplit.rows, 1);
    EXPECT_EQ(best.tiles.rowSplit.chunk(d), d);
    EXPECT_FALSE(infeasibility(Schedule::Pilot, Split::Rows,
                               best.tiles.rowSplit, d, 1024));
    EXPECT_LE(
        best.timeNs,
        predict(problem, preset, Schedule::Pilot, paperTiles(d, 1024)).timeNs *
            1.000001);
    // The wide space contains the paper's.
    EXPECT_LE(searchTiles(problem, preset, Schedule::Pilot).timeNs,
              best.timeNs * 1.000001);
  }
}

TEST(IOModelPredictTest, NaiveAbovePilotAboveBound) {
  hw::HardwareDescription preset = makeHardware(4, 2048, 32, 1024);
  for (int64_t d : {64, 128}) {
    AttentionProblem problem = longformerLike(1, 1, 128, d);
    TileChoice paper = paperTiles(d, 1024);
    Prediction naive = predict(problem, preset, Schedule::Naive, paper);
    Prediction pilot = predict(problem, preset, Schedule::Pilot, paper);
    Prediction searched = searchTiles(problem, preset, Schedule::Pilot);
    int64_t naiveBytes = naive.busiestBank.total().internalBytes();
    int64_t pilotBytes = pilot.busiestBank.total().internalBytes();
    EXPECT_GE(naiveBytes, pilotBytes) << "d " << d;
    EXPECT_GE(pilotBytes, pilot.busiestBankBound.bytes()) << "d " << d;
    EXPECT_GE(searched.busiestBank.total().internalBytes(),
              searched.busiestBankBound.bytes())
        << "d " << d;
    EXPECT_GE(naive.total.internalBytes(), pilot.total.internalBytes());
  }
}

} // namespace

namespace {

// Parts (what sattn-decompose splits) add up to the whole: the row and column
// splits, and the sparse and dense heads, are counted independently.
TEST(IOModelPartsTest, PartsAddUpToTheWhole) {
  hw::HardwareDescription hardware = *hw::lookupPreset("pilot-hbm3");
  AttentionProblem problem;
  problem.batch = 2;
  problem.heads = 4;
  problem.kvHeads = 4;
  problem.queries = problem.keys = 96;
  problem.headDim = 32;
  problem.pattern.hasWindow = true;
  problem.pattern.windowLeft = 5;
  problem.pattern.windowRight = 4;
  problem.pattern.globalTokens = {0, 40};
  problem.pattern.denseHeads = {3};
  problem.denseHeadsOnPIM = true;
  for (Schedule schedule : allSchedules()) {
    TileChoice tiles = searchTiles(problem, hardware, schedule).tiles;
    Counts whole = predict(problem, hardware, schedule, tiles).total;

    AttentionProblem rows = problem, columns = problem;
    rows.columnSplit = false;
    columns.rowSplit = false;
    Counts split = predict(rows, hardware, schedule, tiles).total;
    split += predict(columns, hardware, schedule, tiles).total;
    EXPECT_EQ(split, whole) << scheduleName(schedule);

    AttentionProblem sparse = problem, dense = problem;
    sparse.headSelection = AttentionProblem::Heads::Sparse;
    dense.headSelection = AttentionProblem::Heads::Dense;
    Counts heads = predict(sparse, hardware, schedule, tiles).total;
    heads += predict(dense, hardware, schedule, tiles).total;
    EXPECT_EQ(heads, whole) << scheduleName(schedule);
    // Each part on its own moves something.
    EXPECT_GT(predict(columns, hardware, schedule, tiles).total.macs, 0);
    EXPECT_GT(predict(dense, hardware, schedule, tiles).total.macs, 0);
  }
}

// A dense head left on the GPU (the paper's prefill) is no PIM work.
TEST(IOModelPartsTest, DenseHeadsOnTheGpuMoveNothing) {
  hw::HardwareDescription hardware = *hw::lookupPreset("pilot-hbm3");
  AttentionProblem problem;
  problem.heads = problem.kvHeads = 2;
  problem.queries = problem.keys = 32;
  problem.headDim = 16;
  problem.pattern.causal = true;
  problem.pattern.hasWindow = true;
  problem.pattern.windowLeft = 3;
  problem.pattern.denseHeads = {1};
  problem.headSelection = AttentionProblem::Heads::Dense;
  Prediction prediction = predict(problem, hardware, Schedule::Pilot,
                                  paperTiles(16, hardware.bufferElements()));
  EXPECT_EQ(prediction.headInstances, 0);
  EXPECT_EQ(prediction.total, Counts());
}

} // namespace
