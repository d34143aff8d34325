//===- TileBodies.cpp - a tile's steps, masks and schedules ---------------===//
//
// The body of one query-stationary tile under each schedule (docs/compiler.md,
// Loop nests): `naive` and `pilot` stage the scores through DRAM (SDDMM,
// softmax, SpMM, each a walk over the tile's steps of keys); `fused` keeps
// them in the buffer with an online softmax, whose step and end
// KeyStationary.cpp shares.
//
//===----------------------------------------------------------------------===//

#include "SAttnToPIMInternals.h"

using namespace mlir;
using namespace pilot;
using namespace pilot::pim;
using namespace pilot::sattn_to_pim;

namespace {

/// A block of a tile's steps whose scores move in one transfer (naive,
/// pilot): its steps of one stream, in order, where its scores lie in DRAM
/// (step after step, `rows x keys` each), its keys, and whether it is the
/// tile's first (whose first step starts the sums).
struct StepBlock {
  SmallVector<KeyStep, 8> steps;
  Address scores;
  int64_t keys = 0;
  bool first = false;
};

/// Calls `body` for every block of `blockSteps` steps of every stream of a
/// tile, in order. A stream's full blocks walk in a loop; its last, shorter
/// block follows (its last step shorter still), so that a tile reads each
/// of its keys once.
void forEachBlock(Emitter &emit, const Part &part, const TileLayout &layout,
                  const TileContext &tile, int64_t blockSteps,
                  function_ref<void(const StepBlock &)> body) {
  int64_t stepKeys = part.stepKeys, blockKeys = stepKeys * blockSteps;
  int64_t blockStride = blockKeys * part.vectorBytes();
  int64_t blockBase = 0;
  bool first = true;
  for (const KeyStream &stream : tile.streams) {
    int64_t full = stream.keys / blockKeys, rest = stream.keys % blockKeys;
    SmallVector<int64_t, 2> strides = {blockStride};
    if (layout.scoreBlock > 0)
      strides.push_back(layout.scoreBlock);
    auto emitBlock = [&](const Step &at, int64_t keys) {
      StepBlock block;
      block.scores =
          at.in(tile.scores.plusBytes(blockBase * layout.scoreBlock),
                layout.scoreBlock, emit.rowBytes());
      block.keys = keys;
      block.first = first;
      Address start = at.in(stream.start, blockStride, emit.rowBytes());
      Affine firstKey = stream.firstKey.plus(at.index().scaled(blockKeys));
      for (int64_t done = 0; done < keys; done += stepKeys)
        block.steps.push_back(KeyStep{
            stream, start.plusBytes(done * part.vectorBytes()),
            firstKey.plus(done), std::min(stepKeys, keys - done), block.scores,
            first && done == 0});
      body(block);
      first = false;
    };
    // The tile's first block starts its sums: it is emitted on its own.
    int64_t begin = 0;
    if (first && full > 0) {
      emitBlock(Step{nullptr, 0, 0}, blockKeys);
      begin = 1;
    }
    emit.walk(begin, full - begin, strides,
              [&](const Step &at) { emitBlock(at, blockKeys); });
    if (rest > 0)
      emitBlock(Step{nullptr, 0, full}, rest);
    blockBase += full + (rest > 0);
  }
}

/// Calls `body` for every step of every stream of a tile, in order.
void forEachStep(Emitter &emit, const Part &part, const TileLayout &layout,
                 const TileContext &tile,
                 function_ref<void(const KeyStep &)> body) {
  forEachBlock(emit, part, layout, tile, /*blockSteps=*/1,
               [&](const StepBlock &block) { body(block.steps.front()); });
}

/// The steps of a block, each moving its keys or values into the next of
/// `slots` buffer ranges in turn (`load`) before its arithmetic on them
/// (`compute`). With two slots the next step's transfer is issued before
/// this step's arithmetic: commands start in program order, and a transfer
/// into the other slot overlaps the MACs on this one (docs/simulator.md,
/// Dependencies and overlap).
void pipelineSteps(ArrayRef<KeyStep> steps, ArrayRef<int64_t> slots,
                   function_ref<void(size_t, const KeyStep &, int64_t)> load,
                   function_ref<void(size_t, const KeyStep &, int64_t)> compute) {
  size_t ahead = slots.size() - 1;
  for (size_t j = 0; j < steps.size() + ahead; ++j) {
    if (j < steps.size())
      load(j, steps[j], slots[j % slots.size()]);
    if (j >= ahead)
      compute(j - ahead, steps[j - ahead], slots[(j - ahead) % slots.size()]);
  }
}

/// The head dimension in passes of `chunk` elements (the whole of it unless
/// the tiles chunk it): each pass moves a chunk of every vector, one
/// transfer per vector.
struct HeadDimPasses {
  Emitter &emit;
  int64_t headDim, chunk, vectorBytes;

  int64_t count() const { return llvm::divideCeilSigned(headDim, chunk); }
  int64_t sizeOf(int64_t pass) const {
    return std::min(chunk, headDim - pass * chunk);
  }
  /// `vectors` vectors' chunk `pass` from `from` (vectors `vectorBytes`
  /// apart) into the buffer at `buf`, or out of it (`direction` absent).
  void move(std::optional<Direction> direction, const Address &from,
            int64_t vectors, int64_t pass, int64_t buf) const {
    int64_t size = sizeOf(pass);
    if (size == headDim) {
      emit.transfer(direction, from, buf, vectors * vectorBytes);
      return;
    }
    for (int64_t v = 0; v < vectors; ++v)
      emit.transfer(
          direction,
          from.plusBytes(v * vectorBytes + pass * chunk * kElementBytes),
          buf + v * size * kElementBytes, size * kElementBytes);
  }
};

} // namespace

void TileEmitter::maskScores(const TileContext &tile, int64_t scores,
                             const KeyStep &step) const {
  const KeyStream &stream = step.stream;
  // No key index or distance reaches past the problem's keys and rows with
  // every bank's padding: unbounded conditions print as that reach.
  int64_t reach =
      2 * (part.problem.keys + part.problem.queries +
           part.instanceBanks(hw) * hw.org.rowBytes / part.vectorBytes());
  auto clamp = [&](int64_t bound) {
    return std::clamp<int64_t>(bound, -reach, reach);
  };
  SmallVector<Band, 2> bands = stream.bands;
  if (bands.empty())
    bands.push_back(Band());
  for (auto [k, band] : llvm::enumerate(bands)) {
    // The first mask scales and checks the key range.
    bool first = k == 0;
    MaskSpec spec;
    spec.diagonal =
        step.firstKey.minus(band.origin ? *band.origin : tile.position);
    spec.band =
        Band(clamp(band.lo), clamp(band.hi), band.outside, band.uniform);
    spec.firstKey = step.firstKey;
    spec.keysLo = first ? clamp(stream.keysLo) : -reach;
    spec.keysHi = first ? clamp(stream.keysHi) : reach;
    spec.scale = first ? part.scale : 1.0;
    spec.banks = part.instanceBanks(hw);
    spec.diagonalShift = stream.keysPerBank - layout.rowsPerBank;
    spec.keyShift = stream.keysPerBank;
    emit.mask(scores, tile.rows, step.keys, spec);
  }
}

void TileEmitter::emitTile(const TileContext &tile, BufferPlan buffers) const {
  if (part.schedule == Schedule::Fused)
    emitFusedTile(tile, buffers);
  else
    emitStagedTile(tile, buffers);
}

/// The head dimension's passes of the part's fused tiles (one pass when
/// they keep it whole).
static HeadDimPasses fusedPasses(Emitter &emit, const Part &part) {
  return HeadDimPasses{emit, part.headDim(), part.headDimChunk,
                       part.vectorBytes()};
}

/// Chunk `pass` of a `maxRows`-row buffer at `buf`, chunk-major.
static int64_t chunkAt(int64_t buf, int64_t pass, int64_t maxRows,
                       int64_t chunk) {
  return buf + pass * maxRows * chunk * kElementBytes;
}

void TileEmitter::scaleFusedRows(const TileContext &tile, int64_t buf,
                                 int64_t divisors) const {
  HeadDimPasses passes = fusedPasses(emit, part);
  for (int64_t pass = 0; pass < passes.count(); ++pass)
    emit.divideRows(chunkAt(buf, pass, part.tileRows, passes.chunk), divisors,
                    tile.rows, passes.sizeOf(pass));
}

void TileEmitter::rescaleFused(const TileContext &tile, const FusedBuffers &at,
                               int64_t maxAll) const {
  int64_t rows = tile.rows;
  emit.subtractRows(maxAll, at.maxOld, at.factor, rows, 1);
  emit.exp(at.factor, rows);
  scaleFusedRows(tile, at.out, at.factor);
  emit.divideRows(at.sums, at.factor, rows, 1);
}

void TileEmitter::fusedSoftmaxStep(const TileContext &tile,
                                   const KeyStep &step,
                                   const FusedBuffers &at) const {
  int64_t rows = tile.rows, keys = step.keys;
  maskScores(tile, at.scores, step);
  if (step.first) {
    emit.rowMaxima(at.scores, at.maxOld, rows, keys, /*accumulate=*/false);
  } else {
    emit.rowMaxima(at.scores, at.maxNew, rows, keys, /*accumulate=*/false);
    emit.rowMaxima(at.maxOld, at.maxNew, rows, 1, /*accumulate=*/true);
    rescaleFused(tile, at, at.maxNew);
    emit.rowSums(at.maxNew, at.maxOld, rows, 1, /*accumulate=*/false); // a copy
  }
  emit.subtractRows(at.scores, at.maxOld, at.scores, rows, keys);
  emit.exp(at.scores, rows * keys);
  emit.rowSums(at.scores, at.sums, rows, keys, /*accumulate=*/!step.first);
}

void TileEmitter::finishFusedTile(const TileContext &tile,
                                  const FusedBuffers &at) const {
  HeadDimPasses passes = fusedPasses(emit, part);
  int64_t rows = tile.rows, maxRows = part.tileRows;
  int64_t result = at.out, total = at.sums;
  if (part.columnSplit) {
    // Every bank of the group holds a piece of each row: rescale to the
    // group's maximum, then add the sums and the outputs (into slots the
    // steps no longer need).
    int64_t maxAll = at.maxNew;
    result = at.query;
    total = at.maxOld;
    emit.groupMaxima(at.maxOld, maxAll, rows);
    rescaleFused(tile, at, maxAll);
    emit.groupSums(at.sums, total, rows);
    for (int64_t pass = 0; pass < passes.count(); ++pass)
      emit.groupSums(chunkAt(at.out, pass, maxRows, passes.chunk),
                     chunkAt(result, pass, maxRows, passes.chunk),
                     rows * passes.sizeOf(pass));
  }
  scaleFusedRows(tile, result, total);
  for (int64_t pass = 0; pass < passes.count(); ++pass)
    passes.move(std::nullopt, tile.output, rows, pass,
                chunkAt(result, pass, maxRows, passes.chunk));
  if (part.partials())
    writeStatistics(tile, at.maxNew, total);
}

void TileEmitter::writeStatistics(const TileContext &tile,
                                  std::optional<int64_t> maxima,
                                  int64_t sums) const {
  int64_t bytes = tile.rows * kElementBytes;
  emit.output(tile.sums, sums, bytes);
  if (maxima)
    emit.output(tile.maxima, *maxima, bytes);
}

void TileEmitter::emitFusedTile(const TileContext &tile,
                                BufferPlan buffers) const {
  int64_t maxRows = part.tileRows, rows = tile.rows, stepKeys = part.stepKeys;
  int64_t headDim = part.headDim(), chunk = part.headDimChunk;
  HeadDimPasses passes = fusedPasses(emit, part);
  // Q and O stay whole, chunk-major (chunk p of the tile's rows at
  // `p * maxRows * chunk` elements), and every step's keys and values come a
  // chunk at a time: the scores add up the chunks' products.
  FusedBuffers at;
  at.query = buffers.allocate(maxRows * headDim);
  at.out = buffers.allocate(maxRows * headDim);
  int64_t keyValue = buffers.allocate(stepKeys * chunk);
  at.scores = buffers.allocate(maxRows * stepKeys);
  at.maxOld = buffers.allocate(maxRows);
  at.maxNew = buffers.allocate(maxRows);
  at.factor = buffers.allocate(maxRows);
  at.sums = buffers.allocate(maxRows);
  auto chunkOf = [&](int64_t buf, int64_t pass) {
    return chunkAt(buf, pass, maxRows, chunk);
  };
  for (int64_t pass = 0; pass < passes.count(); ++pass)
    passes.move(Direction::DramToBuffer, tile.query, rows, pass,
                chunkOf(at.query, pass));
  forEachStep(emit, part, layout, tile, [&](const KeyStep &step) {
    int64_t keys = step.keys;
    for (int64_t pass = 0; pass < passes.count(); ++pass) {
      passes.move(Direction::DramToBuffer, step.start, keys, pass, keyValue);
      emit.scoreProducts(chunkOf(at.query, pass), keyValue, at.scores, rows,
                         keys, passes.sizeOf(pass), /*accumulate=*/pass > 0);
    }
    fusedSoftmaxStep(tile, step, at);
    for (int64_t pass = 0; pass < passes.count(); ++pass) {
      passes.move(Direction::DramToBuffer, layout.valuesOf(step.start), keys,
                  pass, keyValue);
      emit.valueProducts(at.scores, keyValue, chunkOf(at.out, pass), rows,
                         passes.sizeOf(pass), keys,
                         /*accumulate=*/!step.first);
    }
  });
  finishFusedTile(tile, at);
}

int64_t TileEmitter::rowSumOnes(const TileContext &tile,
                                int64_t blockSteps) const {
  if (tile.rows == 1 || part.stepKeys != 1)
    return 0;
  // BPM cycles as pilot-sim charges them: a PLT_ACC of `rows` one-key rows
  // a key, against the ones made once (PLT_MASK, two PLT_EXP) and a PLT_MAC
  // a block.
  int64_t lanes = hw.bpm.lanes, rows = tile.rows;
  int64_t longest = 0, accCycles = 0, macCycles = 0;
  for (const KeyStream &stream : tile.streams) {
    longest = std::max(longest, std::min(stream.keys, blockSteps));
    accCycles += stream.keys * hw::accCommandCycles(hw, rows, 1);
    int64_t full = stream.keys / blockSteps, rest = stream.keys % blockSteps;
    macCycles += full * hw::macCommandCycles(hw, 1, rows, blockSteps, lanes);
    if (rest > 0)
      macCycles += hw::macCommandCycles(hw, 1, rows, rest, lanes);
  }
  macCycles += hw::elementwiseCommandCycles(longest, lanes) +
               2 * hw::expCommandCycles(hw, longest, lanes);
  return macCycles < accCycles ? longest : 0;
}

void TileEmitter::emitStagedTile(const TileContext &tile,
                                 BufferPlan buffers) const {
  // SDDMM writes masked scores; softmax exponentiates them in one pass and
  // sums the rows; SpMM multiplies them with the values and divides the
  // output rows by the sums (the same quotient as normalising the
  // probabilities, for a row's d outputs instead of its entries). Each
  // phase keeps a block of steps' scores in the buffer and moves it in one
  // transfer, so that the keys' and values' rows stay open between steps.
  int64_t maxRows = part.tileRows, rows = tile.rows, stepKeys = part.stepKeys;
  int64_t headDim = part.headDim(), chunk = part.headDimChunk;
  int64_t blockSteps = part.blockSteps;
  HeadDimPasses passes{emit, headDim, chunk, part.vectorBytes()};
  int64_t sums = buffers.allocate(maxRows);
  int64_t totals = part.columnSplit ? buffers.allocate(maxRows) : sums;
  auto blockBytes = [&](const StepBlock &block) {
    return rows * block.keys * kElementBytes;
  };
  // Step `j`'s scores in a block at `buf`.
  auto stepScores = [&](int64_t buf, size_t j) {
    return buf + int64_t(j) * rows * stepKeys * kElementBytes;
  };
  auto allocateSlots = [&](BufferPlan &plan) {
    SmallVector<int64_t, 2> slots;
    for (int64_t slot = 0; slot < part.keySlots; ++slot)
      slots.push_back(plan.allocate(stepKeys * chunk));
    return slots;
  };
  int64_t blockElements = maxRows * stepKeys * blockSteps;

  BufferPlan sddmmBuffers = buffers;
  int64_t query = sddmmBuffers.allocate(maxRows * chunk);
  SmallVector<int64_t, 2> keySlots = allocateSlots(sddmmBuffers);
  int64_t scores = sddmmBuffers.allocate(blockElements);
  for (int64_t pass = 0; pass < passes.count(); ++pass) {
    bool last = pass + 1 == passes.count();
    passes.move(Direction::DramToBuffer, tile.query, rows, pass, query);
    forEachBlock(emit, part, layout, tile, blockSteps, [&](const StepBlock &b) {
      pipelineSteps(
          b.steps, keySlots,
          [&](size_t j, const KeyStep &step, int64_t slot) {
            passes.move(Direction::DramToBuffer, step.start, step.keys, pass,
                        slot);
            if (j == 0 && pass > 0)
              emit.load(b.scores, scores, blockBytes(b));
          },
          [&](size_t j, const KeyStep &step, int64_t slot) {
            emit.scoreProducts(query, slot, stepScores(scores, j), rows,
                               step.keys, passes.sizeOf(pass),
                               /*accumulate=*/pass > 0);
            if (last)
              maskScores(tile, stepScores(scores, j), step);
          });
      emit.store(b.scores, scores, blockBytes(b));
    });
  }

  BufferPlan softmaxBuffers = buffers;
  int64_t probs = softmaxBuffers.allocate(blockElements);
  int64_t onesCount = rowSumOnes(tile, blockSteps);
  bool sumsByProduct =
      onesCount > 0 && softmaxBuffers.bytesUsed() + onesCount * kElementBytes <=
                           sddmmBuffers.bytesUsed();
  int64_t ones = sumsByProduct ? softmaxBuffers.allocate(onesCount) : 0;
  if (sumsByProduct)
    emit.ones(ones, onesCount);
  forEachBlock(emit, part, layout, tile, blockSteps, [&](const StepBlock &b) {
    emit.load(b.scores, probs, blockBytes(b));
    emit.exp(probs, rows * b.keys);
    // One row's scores lie end to end in a block; more rows', step by step.
    if (rows == 1)
      emit.rowSums(probs, sums, rows, b.keys, /*accumulate=*/!b.first);
    else if (sumsByProduct)
      emit.keyMajorRowSums(ones, probs, sums, rows, b.keys,
                           /*accumulate=*/!b.first);
    else
      for (auto [j, step] : llvm::enumerate(b.steps))
        emit.rowSums(stepScores(probs, j), sums, rows, step.keys,
                     /*accumulate=*/!step.first);
    emit.store(b.scores, probs, blockBytes(b));
  });
  if (part.columnSplit)
    emit.groupSums(sums, totals, rows);

  BufferPlan spmmBuffers = buffers;
  SmallVector<int64_t, 2> valueSlots = allocateSlots(spmmBuffers);
  int64_t block = spmmBuffers.allocate(blockElements);
  int64_t out = spmmBuffers.allocate(maxRows * chunk);
  for (int64_t pass = 0; pass < passes.count(); ++pass) {
    int64_t c = passes.sizeOf(pass);
    forEachBlock(emit, part, layout, tile, blockSteps, [&](const StepBlock &b) {
      pipelineSteps(
          b.steps, valueSlots,
          [&](size_t j, const KeyStep &step, int64_t slot) {
            passes.move(Direction::DramToBuffer, layout.valuesOf(step.start),
                        step.keys, pass, slot);
            if (j == 0)
              emit.load(b.scores, block, blockBytes(b));
          },
          [&](size_t j, const KeyStep &step, int64_t slot) {
            emit.valueProducts(stepScores(block, j), slot, out, rows, c,
                               step.keys, /*accumulate=*/!step.first);
          });
    });
    int64_t result = out;
    if (part.columnSplit) {
      // The group's output, where the values were when they are large
      // enough, else in place: a one-column acc reads each row before it
      // writes its sum.
      result = stepKeys >= maxRows ? valueSlots.front() : out;
      emit.groupSums(out, result, rows * c);
    }
    emit.divideRows(result, totals, rows, c);
    passes.move(std::nullopt, tile.output, rows, pass, result);
  }
  if (part.partials())
    writeStatistics(tile, std::nullopt, totals);
}
