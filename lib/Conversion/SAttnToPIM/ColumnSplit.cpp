//===- ColumnSplit.cpp - the column split's regions, placements, streams --===//
//
// Global rows and decoding (docs/compiler.md, Column split): every bank
// holds the part's rows; the keys they attend (all of them for global rows;
// the row's attended columns in decoding, gathered by pim.cfg segments) are
// cut into `banks` pieces, one per bank, and the bank-group module combines
// the banks' partial sums and outputs.
//
//===----------------------------------------------------------------------===//

#include "SAttnToPIMInternals.h"

#include "pilot/Pattern/SparsityPattern.h"

#include "llvm/Support/MathExtras.h"

using namespace mlir;
using namespace pilot;
using namespace pilot::sattn_to_pim;

namespace {

/// A bank's one piece of the attended keys.
struct ColumnSplitKeys : KeyStreamSource {
  int64_t keyRow = 0;
  /// Keys per bank, and every bank's keys together.
  int64_t keysPerBank = 0, entries = 0;
  bool causal = false;

  SmallVector<KeyStream, 4> streams(const Step &, const Affine &slot,
                                    const Affine &, int64_t,
                                    int64_t) const override {
    KeyStream stream;
    stream.start = {slot.plus(keyRow), 0};
    stream.keys = keysPerBank;
    stream.keysLo = 0;
    stream.keysHi = entries;
    stream.keysPerBank = keysPerBank;
    if (causal)
      stream.bands.push_back({-kUnbounded, 0});
    return {stream};
  }
};

/// The keys the rows attend: a decoding row's own; the global rows' union,
/// every key up to the last global row when causal (a global row attends
/// every key, so the union is one interval and an entry's index is its key,
/// which the causal mask compares with each row).
std::vector<pattern::Interval> attendedKeys(const Part &part) {
  pattern::SparsityPattern pattern(part.spec(), part.problem.shape());
  std::vector<pattern::Interval> attended;
  for (const pattern::Interval &run : part.rowRuns)
    for (int64_t row = run.begin; row < run.end; ++row) {
      std::vector<pattern::Interval> columns = pattern.rowColumns(
          row, part.denseHeads ? part.firstHead
                               : pattern::SparsityPattern::sparseHead);
      attended.insert(attended.end(), columns.begin(), columns.end());
    }
  pattern::mergeIntervals(attended);
  assert((!part.problem.isPrefill() || attended.size() == 1) &&
         "global rows attend one interval of keys");
  return attended;
}

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

} // namespace

SlotLayout sattn_to_pim::layOutColumnSplit(const Part &part,
                                           const hw::HardwareDescription &hw) {
  int64_t banks = hw.org.banks, headDim = part.headDim();
  auto rowsFor = [&](int64_t vectors) {
    return part.dramRowsFor(vectors, hw.org.rowBytes);
  };
  SlotLayout slot;
  slot.bankRows = part.rows();
  slot.groupRows = part.tileRows;
  slot.queryRow = slot.regions.take(rowsFor(part.rows()));
  slot.outputRow = slot.regions.take(rowsFor(part.rows()));
  // Rows in several runs (global rows anywhere) are gathered, and their
  // outputs scattered back, by segments.
  int64_t rowOffset = part.rowBegin * headDim;
  SmallVector<int64_t> rowSegments;
  if (part.rowRuns.size() > 1) {
    rowOffset = 0;
    for (const pattern::Interval &run : part.rowRuns)
      rowSegments.append({run.begin * headDim, run.size() * headDim});
  }
  slot.placements.push_back({"Q", slot.queryRow, part.rows() * headDim,
                             rowOffset, false, rowSegments, {}});
  slot.placements.push_back({"O", slot.outputRow, part.rows() * headDim,
                             rowOffset, false, rowSegments, 0});

  // The last bank's piece may be shorter: the key range masks what lies
  // past the last entry.
  std::vector<pattern::Interval> attended = attendedKeys(part);
  auto keys = std::make_unique<ColumnSplitKeys>();
  keys->entries = pattern::totalSize(attended);
  keys->keysPerBank = llvm::divideCeilSigned(keys->entries, banks);
  keys->causal = part.problem.isPrefill() && part.spec().causal;
  int64_t keysPerBank = keys->keysPerBank;
  slot.keyBegin = slot.regions.rows;
  keys->keyRow = slot.regions.take(rowsFor(keysPerBank));
  for (int64_t i = 0; i < banks; ++i) {
    SmallVector<int64_t> segments =
        pieceSegments(attended, i, keysPerBank, keys->entries, headDim);
    if (segments.empty())
      continue;
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
        {"K", keys->keyRow, elements, offset, true, segments, i});
  }
  slot.maxSteps = llvm::divideCeilSigned(keysPerBank, part.stepKeys);
  slot.keys = std::move(keys);
  return slot;
}
