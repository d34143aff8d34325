//===- RowSplit.cpp - the row split's regions, placements and streams -----===//
//
// Non-global rows and dense heads on PIM (docs/compiler.md, Row split): bank
// `i` of an instance's banks (its bank group, or its groups where it spans
// several) takes rows `[i c, (i + 1) c)` of the part, `c` a whole
// number of DRAM rows of vectors (and of blocks) so that every bank's data
// sits at the same offsets within its rows, and holds the keys those rows
// attend beside them: the window's band, the fixed columns (global tokens
// and sinks), every key for a dense part, the random blocks of its query
// blocks.
//
//===----------------------------------------------------------------------===//

#include "SAttnToPIMInternals.h"

#include "llvm/Support/MathExtras.h"

using namespace mlir;
using namespace pilot;
using namespace pilot::sattn_to_pim;

namespace {

/// The row split's key runs, in the slot's regions, and how a tile walks
/// them.
struct RowSplitKeys : KeyStreamSource {
  const Part &part;
  int64_t rowBytes = 0;
  /// Rows of a bank, and the rows a group of tiles walks as one.
  int64_t bankRows = 0, groupRows = 1;
  /// A dense part, or the pattern's block (1 for a dense part).
  bool dense = false;
  int64_t block = 1;
  /// The window, in keys: a tile's band runs from its first row's `left`
  /// keys back to its last row's `right` keys on; a block's from `left`
  /// before the block to `right` after its end. `align` keys pad the band
  /// so that bank 0's key 0 starts a DRAM row.
  bool band = false;
  int64_t left = 0, right = 0, align = 0, bandKeys = 0, bandRow = 0;
  /// Global columns and sinks, one run each, wherever they lie; their
  /// region holds them one after another (`fixedOffsets`, in keys).
  std::vector<pattern::Interval> fixed;
  SmallVector<int64_t, 4> fixedOffsets;
  int64_t fixedRow = 0, denseRow = 0;
  /// Each query block's random keys, gathered into a run of its own.
  int64_t randomKeys = 0, randomRow = 0;

  explicit RowSplitKeys(const Part &part) : part(part) {}

  SmallVector<KeyStream, 4> streams(const Step &group, const Affine &slot,
                                    const Affine &groupStart,
                                    int64_t tileOffset,
                                    int64_t tileRows) const override;

private:
  KeyStream denseStream(const Affine &slot) const;
  KeyStream bandStream(const Step &group, const Affine &slot,
                       const Affine &groupStart, int64_t tileOffset,
                       int64_t tileRows) const;
  KeyStream fixedStream(const pattern::Interval &run, int64_t offset,
                        const Affine &slot, const Affine &groupStart) const;
};

/// Every row attends to keys at or before its own, when causal.
Band causalBand() { return Band{-kUnbounded, 0}; }

KeyStream RowSplitKeys::denseStream(const Affine &slot) const {
  KeyStream stream;
  stream.start = {slot.plus(denseRow), 0};
  stream.keys = part.problem.keys;
  stream.keysLo = 0;
  stream.keysHi = part.problem.keys;
  if (part.spec().causal)
    stream.bands.push_back(causalBand());
  return stream;
}

KeyStream RowSplitKeys::bandStream(const Step &group, const Affine &slot,
                                   const Affine &groupStart, int64_t tileOffset,
                                   int64_t tileRows) const {
  int64_t vb = part.vectorBytes();
  // A block's tiles read the block's band; a tile its own.
  int64_t from = block > 1 ? 0 : tileOffset;
  KeyStream stream;
  stream.start = group.in({slot.plus(bandRow), 0}, groupRows * vb, rowBytes)
                     .plusBytes((from + align) * vb);
  stream.firstKey = groupStart.plus(from - left);
  stream.keys = (block > 1 ? block : tileRows) + left + right;
  if (block == 1) {
    stream.bands.push_back({-left, right});
  } else {
    // Steps are whole: the last may reach past the block's band.
    stream.bands.push_back({-left, block - 1 + right, false, true, groupStart});
    if (part.spec().causal)
      stream.bands.push_back(causalBand());
  }
  stream.keysLo = 0;
  stream.keysHi = part.problem.keys;
  stream.keysPerBank = bankRows;
  return stream;
}

KeyStream RowSplitKeys::fixedStream(const pattern::Interval &run,
                                    int64_t offset, const Affine &slot,
                                    const Affine &groupStart) const {
  bool causal = part.spec().causal;
  KeyStream stream;
  stream.start = {slot.plus(fixedRow), offset * part.vectorBytes()};
  stream.firstKey = Affine{run.begin, {}};
  stream.keys = run.size();
  stream.keysLo = run.begin;
  stream.keysHi = run.end;
  // Keys the band already covers are the band's: per row for a token
  // window, per block (every row alike) for a block window.
  if (band && block > 1) {
    stream.bands.push_back({-left, block - 1 + right, true, true, groupStart});
    if (causal)
      stream.bands.push_back(causalBand());
  } else if (band && causal) {
    stream.bands.push_back({-kUnbounded, -left - 1});
  } else if (band) {
    stream.bands.push_back({-left, right, /*outside=*/true});
  } else if (causal) {
    stream.bands.push_back(causalBand());
  }
  return stream;
}

SmallVector<KeyStream, 4> RowSplitKeys::streams(const Step &group,
                                                const Affine &slot,
                                                const Affine &groupStart,
                                                int64_t tileOffset,
                                                int64_t tileRows) const {
  SmallVector<KeyStream, 4> streams;
  if (dense)
    streams.push_back(denseStream(slot));
  if (band)
    streams.push_back(
        bandStream(group, slot, groupStart, tileOffset, tileRows));
  for (auto [run, offset] : llvm::zip_equal(fixed, fixedOffsets))
    streams.push_back(fixedStream(run, offset, slot, groupStart));
  if (randomKeys) {
    // Local key indices: the draw excludes every other component and,
    // causally, the query's own block.
    KeyStream stream;
    stream.start = group.in({slot.plus(randomRow), 0},
                            randomKeys * part.vectorBytes(), rowBytes);
    stream.keys = randomKeys;
    stream.keysLo = 0;
    stream.keysHi = randomKeys;
    streams.push_back(stream);
  }
  return streams;
}

/// The band region: bank i's keys from (its first row - left), less `align`
/// keys so that bank 0's key 0 starts a DRAM row, with zeros where that
/// reaches past the sequence.
void placeBand(SlotLayout &slot, const RowSplitKeys &keys, const Part &part,
               const hw::HardwareDescription &hw) {
  int64_t headDim = part.headDim(), keyCount = part.problem.keys;
  int64_t rowElements = hw.org.rowBytes / kElementBytes;
  int64_t rowsPerBank = keys.bankRows;
  for (int64_t i = 0; i < part.instanceBanks(hw) &&
                      part.rowBegin + i * rowsPerBank < part.rowEnd;
       ++i) {
    int64_t keyLo = part.rowBegin + i * rowsPerBank - keys.left - keys.align;
    int64_t lo = std::max<int64_t>(0, keyLo);
    int64_t hi = std::min(keyCount, keyLo + keys.bandKeys);
    if (hi <= lo)
      continue;
    // Where the band starts before the sequence, key 0 lies `skip` vectors
    // into the region: the slice starts a DRAM row, so the elements before
    // it in that row are filler (copies of the band's keys, repeated where
    // the row holds more than the band has), which the mask drops as keys
    // below 0.
    int64_t skipped = (lo - keyLo) * headDim;
    int64_t filler = skipped % rowElements, bandElements = (hi - lo) * headDim;
    Placement placement("K", keys.bandRow + skipped / rowElements,
                        filler + bandElements, lo * headDim, true, {}, i);
    if (filler > 0) {
      for (int64_t copied = 0; copied < filler; copied += bandElements)
        placement.segments.append({0, std::min(bandElements, filler - copied)});
      placement.segments.append({0, bandElements});
    }
    slot.placements.push_back(placement);
  }
}

/// Each query block's random draw, gathered by the host into the bank's
/// run of random keys.
void placeRandomBlocks(SlotLayout &slot, const RowSplitKeys &keys,
                       const Part &part, const hw::HardwareDescription &hw) {
  int64_t headDim = part.headDim(), rowsPerBank = keys.bankRows,
          block = keys.block;
  for (int64_t i = 0; i < part.instanceBanks(hw) &&
                      part.rowBegin + i * rowsPerBank < part.rowEnd;
       ++i) {
    int64_t firstBlock = (part.rowBegin + i * rowsPerBank) / block;
    int64_t blocks =
        std::min(rowsPerBank, part.rowEnd - (part.rowBegin + i * rowsPerBank)) /
        block;
    if (blocks <= 0)
      continue;
    Placement random{"K", keys.randomRow, blocks * keys.randomKeys * headDim, 0,
                     true};
    random.position = i;
    random.randomBlocks = {firstBlock, blocks};
    slot.placements.push_back(random);
  }
}

/// The fixed columns' region: their runs one after another, gathered by
/// segments where there are several (one run is placed by its offset).
void placeFixedColumns(SlotLayout &slot, RowSplitKeys &keys, int64_t headDim,
                       function_ref<int64_t(int64_t)> rowsFor) {
  int64_t fixedKeys = 0;
  SmallVector<int64_t> segments;
  for (const pattern::Interval &run : keys.fixed) {
    keys.fixedOffsets.push_back(fixedKeys);
    fixedKeys += run.size();
    segments.append({run.begin * headDim, run.size() * headDim});
  }
  int64_t offset = 0;
  if (keys.fixed.size() == 1) {
    offset = segments[0];
    segments.clear();
  }
  keys.fixedRow = slot.regions.take(rowsFor(fixedKeys));
  slot.placements.push_back({"K", keys.fixedRow, fixedKeys * headDim, offset,
                             true, segments, {}});
}

/// The most steps of `stepKeys` keys a tile's streams take.
int64_t maxStepsOf(const RowSplitKeys &keys, int64_t tileRows, int64_t stepKeys,
                   int64_t totalKeys) {
  int64_t steps = 0;
  if (keys.dense)
    steps += llvm::divideCeilSigned(totalKeys, stepKeys);
  if (keys.band)
    steps += llvm::divideCeilSigned((keys.block > 1 ? keys.block : tileRows) +
                                        keys.left + keys.right,
                                    stepKeys);
  for (const pattern::Interval &run : keys.fixed)
    steps += llvm::divideCeilSigned(run.size(), stepKeys);
  steps += llvm::divideCeilSigned(keys.randomKeys, stepKeys);
  return steps;
}

} // namespace

SlotLayout sattn_to_pim::layOutRowSplit(const Part &part,
                                        const hw::HardwareDescription &hw) {
  const pattern::PatternSpec &spec = part.spec();
  int64_t banks = part.instanceBanks(hw), headDim = part.headDim(),
          keyCount = part.problem.keys;
  auto rowsFor = [&](int64_t vectors) {
    return part.dramRowsFor(vectors, hw.org.rowBytes);
  };
  auto keys = std::make_unique<RowSplitKeys>(part);
  keys->rowBytes = hw.org.rowBytes;
  keys->dense = spec.dense || part.denseHeads;
  keys->block = keys->dense ? 1 : spec.blockSize;
  int64_t block = keys->block;
  int64_t rowsPerBank =
      int64_t(llvm::alignTo(llvm::divideCeilSigned(part.rows(), banks), block));
  keys->bankRows = rowsPerBank;
  // A group of rows walks as one: a block (its tiles share their keys) or a
  // tile.
  keys->groupRows = block > 1 ? block : part.tileRows;

  SlotLayout slot;
  slot.tiles.rowsPerBank = rowsPerBank;
  slot.bankRows = rowsPerBank;
  slot.groupRows = keys->groupRows;
  slot.queryRow = slot.regions.take(rowsFor(rowsPerBank));
  slot.outputRow = slot.regions.take(rowsFor(rowsPerBank));
  for (int64_t i = 0; i < banks; ++i) {
    int64_t first = part.rowBegin + i * rowsPerBank;
    int64_t count = std::clamp<int64_t>(part.rowEnd - first, 0, rowsPerBank);
    if (count == 0)
      continue;
    slot.placements.push_back(
        {"Q", slot.queryRow, count * headDim, first * headDim, false, {}, i});
    slot.placements.push_back(
        {"O", slot.outputRow, count * headDim, first * headDim, false, {}, i});
  }

  keys->band = !keys->dense && spec.hasWindow;
  keys->left = spec.windowLeft * block;
  keys->right = spec.causal ? 0 : spec.windowRight * block;
  slot.keyBegin = slot.regions.rows;
  if (keys->band) {
    keys->align = llvm::mod(part.rowBegin - keys->left,
                            part.vectorsPerRowPeriod(hw.org.rowBytes));
    keys->bandKeys = rowsPerBank + keys->left + keys->right + keys->align;
    keys->bandRow = slot.regions.take(rowsFor(keys->bandKeys));
    placeBand(slot, *keys, part, hw);
  }
  // Global columns and sinks: every row attends them.
  if (!keys->dense) {
    if (spec.sinks > 0)
      keys->fixed.push_back({0, std::min(keyCount, spec.sinks * block)});
    for (int64_t token : spec.globalTokens)
      keys->fixed.push_back(
          {token * block, std::min(keyCount, (token + 1) * block)});
    pattern::mergeIntervals(keys->fixed);
  }
  if (!keys->fixed.empty())
    placeFixedColumns(slot, *keys, headDim, rowsFor);
  if (keys->dense) {
    keys->denseRow = slot.regions.take(rowsFor(keyCount));
    slot.placements.push_back(
        {"K", keys->denseRow, keyCount * headDim, 0, true, {}, {}});
  }
  keys->randomKeys = part.randomBlocks * block;
  if (keys->randomKeys) {
    keys->randomRow =
        slot.regions.take(rowsFor(rowsPerBank / block * keys->randomKeys));
    placeRandomBlocks(slot, *keys, part, hw);
    slot.groupStrides.push_back(keys->randomKeys * part.vectorBytes());
  }
  slot.maxSteps = maxStepsOf(*keys, part.tileRows, part.stepKeys, keyCount);
  slot.maxBlocks = maxStepsOf(*keys, part.tileRows,
                              part.stepKeys * part.blockSteps, keyCount);
  slot.keys = std::move(keys);
  return slot;
}
