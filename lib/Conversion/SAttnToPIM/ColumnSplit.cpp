//===- ColumnSplit.cpp - the column split's regions, placements, streams --===//
//
// Global rows and decoding (docs/compiler.md, Column split): every bank
// holds the part's rows; the keys they attend (all of them for global rows;
// the rows' attended columns in decoding, gathered by pim.cfg segments) lie
// in runs (Parts.cpp, readColumnRuns), each cut into `banks` pieces, one per
// bank of an instance's groups, and each group's bank-group module combines
// its banks' partial sums and outputs; where an instance spans several
// groups, each group leaves a partial for the host to merge (pim.merge).
//
//===----------------------------------------------------------------------===//

#include "SAttnToPIMInternals.h"

#include "pilot/Pattern/SparsityPattern.h"

#include "llvm/Support/MathExtras.h"

using namespace mlir;
using namespace pilot;
using namespace pilot::sattn_to_pim;

namespace {

/// A bank's pieces of the runs of keys, one stream each.
struct ColumnSplitKeys : KeyStreamSource {
  struct Run {
    int64_t keyRow = 0;
    /// Keys per bank, and every bank's keys of the run together.
    int64_t keysPerBank = 0, entries = 0;
    /// The mask's key index of the first entry, and what each row keeps.
    int64_t firstKey = 0;
    std::optional<Band> rowBand;
  };
  SmallVector<Run, 2> runs;

  SmallVector<KeyStream, 4> streams(const Step &, const Affine &slot,
                                    const Affine &, int64_t,
                                    int64_t) const override {
    SmallVector<KeyStream, 4> streams;
    for (const Run &run : runs) {
      KeyStream &stream = streams.emplace_back();
      stream.start = {slot.plus(run.keyRow), 0};
      stream.firstKey = Affine{run.firstKey, {}};
      stream.keys = run.keysPerBank;
      stream.keysLo = run.firstKey;
      stream.keysHi = run.firstKey + run.entries;
      stream.keysPerBank = run.keysPerBank;
      if (run.rowBand)
        stream.bands.push_back(*run.rowBand);
    }
    return streams;
  }
};

/// Bank `bank`'s entries `[bank c, (bank + 1) c)` of the attended
/// intervals, as the element segments of K it gathers.
SmallVector<int64_t> pieceSegments(ArrayRef<pattern::Interval> attended,
                                   int64_t bank, int64_t keysPerBank,
                                   int64_t entries, int64_t headDim) {
  SmallVector<int64_t> segments;
  int64_t skip = bank * keysPerBank,
          take = std::min(keysPerBank, entries - bank * keysPerBank);
  for (const pattern::Interval &run : attended) {
    if (take <= 0)
      break;
    if (skip >= run.size()) {
      skip -= run.size();
      continue;
    }
    int64_t count = std::min(run.size() - skip, take);
    segments.append({(run.begin + skip) * headDim, count * headDim});
    take -= count;
    skip = 0;
  }
  return segments;
}

/// The K placements of a run in its region at `keyRow`: each bank's piece.
/// Over several groups (`spread`), consecutive banks whose full pieces lie
/// one after another in one interval of keys are one placement whose slice
/// moves with the bank (`select` a range of banks), however many banks an
/// instance spans; a piece that is shorter or gathers across intervals has
/// its own (on one group, the paper's programs keep a placement a bank).
void placePieces(SlotLayout &slot, ArrayRef<pattern::Interval> keys,
                 const ColumnSplitKeys::Run &run, int64_t banks,
                 int64_t headDim, bool spread) {
  int64_t pieceElements = run.keysPerBank * headDim;
  size_t first = slot.placements.size();
  // The placement that the next bank may extend, if any.
  std::optional<size_t> strided;
  for (int64_t i = 0; i < banks; ++i) {
    SmallVector<int64_t> segments =
        pieceSegments(keys, i, run.keysPerBank, run.entries, headDim);
    if (segments.empty())
      continue;
    if (spread && segments.size() == 2 && segments[1] == pieceElements) {
      if (strided) {
        Placement &pieces = slot.placements[*strided];
        if (pieces.offset + i * pieceElements == segments[0]) {
          ++pieces.positions;
          continue;
        }
      }
      // A run's earlier intervals hold at most the keys before this one,
      // so the offset of bank 0's slice is not negative.
      strided = slot.placements.size();
      Placement &pieces = slot.placements.emplace_back(
          "K", run.keyRow, pieceElements, segments[0] - i * pieceElements,
          true, SmallVector<int64_t>{}, i);
      pieces.bankStride = pieceElements;
      continue;
    }
    strided.reset();
    int64_t elements = 0;
    for (size_t k = 1; k < segments.size(); k += 2)
      elements += segments[k];
    // One run needs no gather: an offset places it.
    int64_t offset = 0;
    if (segments.size() == 2) {
      offset = segments[0];
      segments.clear();
    }
    slot.placements.push_back(
        {"K", run.keyRow, elements, offset, true, segments, i});
  }
  // A range over every bank selects nothing.
  for (Placement &placement : llvm::drop_begin(slot.placements, first))
    if (placement.positions == banks)
      placement.position.reset();
}

/// The segments `[start, length, ...]` (in values, `perRow` a row) that
/// gather rows `[first, first + count)` of the rows in `runs`, taken in
/// order.
SmallVector<int64_t> gatheredRowSegments(ArrayRef<pattern::Interval> runs,
                                         int64_t first, int64_t count,
                                         int64_t perRow) {
  SmallVector<int64_t> segments;
  for (const pattern::Interval &run : runs) {
    int64_t skip = std::min(first, run.size());
    first -= skip;
    int64_t take = std::min(count, run.size() - skip);
    if (take > 0)
      segments.append({(run.begin + skip) * perRow, take * perRow});
    count -= take;
  }
  return segments;
}

/// Keys cut over bank groups: each group's bank 0 writes its partial, the
/// output rows normalised by the group's sum, at piece `group` of "O.part",
/// and the group's row sums (and maxima) in regions of their own, a DRAM
/// row for each tile's (a transfer starts on a column). Rows in several
/// runs scatter by segments, a tile's statistics by the segments of its
/// rows.
void placePartials(SlotLayout &slot, const Part &part, int64_t rows,
                   int64_t rowOffset, ArrayRef<int64_t> rowSegments) {
  const pattern::AttentionProblem &problem = part.problem;
  int64_t outputRows = problem.batch * problem.heads * problem.queries;
  int64_t headDim = part.headDim();
  Placement &output =
      slot.placements.emplace_back("O.part", slot.outputRow, rows * headDim,
                                   rowOffset, false,
                                   SmallVector<int64_t>(rowSegments), 0);
  output.pieceStride = outputRows * headDim;
  int64_t tiles = llvm::divideCeilSigned(rows, part.tileRows);
  slot.maximaRow = slot.regions.take(tiles);
  slot.sumsRow = slot.regions.take(tiles);
  for (auto [tensor, row] : {std::pair{"M.part", slot.maximaRow},
                             std::pair{"L.part", slot.sumsRow}}) {
    if (part.schedule != pim::Schedule::Fused && row == slot.maximaRow)
      continue; // The staged schedules' maxima are 0.
    for (int64_t tile = 0; tile < tiles; ++tile) {
      int64_t first = tile * part.tileRows;
      int64_t count = std::min(part.tileRows, rows - first);
      SmallVector<int64_t> segments;
      if (!rowSegments.empty())
        segments = gatheredRowSegments(part.rowRuns, first, count, 1);
      Placement &statistic = slot.placements.emplace_back(
          tensor, row + tile, count,
          segments.empty() ? rowOffset / headDim + first : 0, false, segments);
      statistic.pieceStride = outputRows;
      statistic.perRow = true;
    }
  }
}

} // namespace

SlotLayout sattn_to_pim::layOutColumnSplit(const Part &part,
                                           const hw::HardwareDescription &hw) {
  int64_t banks = part.instanceBanks(hw), headDim = part.headDim();
  auto rowsFor = [&](int64_t vectors) {
    return part.dramRowsFor(vectors, hw.org.rowBytes);
  };
  SlotLayout slot;
  // Shared heads' rows follow one another, as in [B, H, N, D].
  int64_t rows = part.instanceRows();
  slot.bankRows = rows;
  slot.groupRows = part.tileRows;
  slot.queryRow = slot.regions.take(rowsFor(rows));
  slot.outputRow = slot.regions.take(rowsFor(rows));
  // Rows in several runs (global rows anywhere) are gathered, and their
  // outputs scattered back, by segments.
  int64_t rowOffset = part.rowBegin * headDim;
  SmallVector<int64_t> rowSegments;
  if (part.rowRuns.size() > 1) {
    rowOffset = 0;
    for (const pattern::Interval &run : part.rowRuns)
      rowSegments.append({run.begin * headDim, run.size() * headDim});
  }
  slot.placements.push_back(
      {"Q", slot.queryRow, rows * headDim, rowOffset, false, rowSegments, {}});
  if (part.partials())
    placePartials(slot, part, rows, rowOffset, rowSegments);
  else
    slot.placements.push_back({"O", slot.outputRow, rows * headDim, rowOffset,
                               false, rowSegments, 0});

  // The last bank's piece of a run may be shorter: the key range masks
  // what lies past the run's last entry.
  auto keys = std::make_unique<ColumnSplitKeys>();
  slot.keyBegin = slot.regions.rows;
  for (const ColumnRun &columnRun : part.columnRuns) {
    ColumnSplitKeys::Run &run = keys->runs.emplace_back();
    run.entries = pattern::totalSize(columnRun.keys);
    run.keysPerBank = llvm::divideCeilSigned(run.entries, banks);
    run.firstKey = columnRun.firstKey;
    run.rowBand = columnRun.rowBand;
    run.keyRow = slot.regions.take(rowsFor(run.keysPerBank));
    placePieces(slot, columnRun.keys, run, banks, headDim, part.partials());
    slot.maxSteps += llvm::divideCeilSigned(run.keysPerBank, part.stepKeys);
    slot.maxBlocks += llvm::divideCeilSigned(run.keysPerBank,
                                             part.stepKeys * part.blockSteps);
  }
  slot.keys = std::move(keys);
  return slot;
}
