//===- KeyStationary.cpp - key-stationary column splits ------------------===//
//
// A column split with more rows than a tile (PAPER.md, global rows), walked
// K-stationary: the steps of the bank's keys enclose its tiles of rows.
//
// The PILOT schedule stages the scores: the SDDMM reads each step's keys
// once and multiplies them with every tile's rows; the softmax walks a
// tile's blocks and stores its rows' totals; the SpMM reads each step's
// values once and adds every tile's product to its partial outputs, kept
// in the output rows between steps. The last step reduces them across the
// group (in place) and divides them by the totals.
//
// The fused schedule reads each step's keys and values once; per tile, the
// step brings in the tile's Q and its running state (partial outputs,
// maxima and sums), runs the fused tile's step (TileBodies.cpp) and writes
// the state back; the last step ends the tile as a query-stationary one.
//
//===----------------------------------------------------------------------===//

#include "SAttnToPIMInternals.h"

using namespace mlir;
using namespace pilot;
using namespace pilot::sattn_to_pim;

namespace {

/// Where a bank's steps of keys and tiles of rows lie, and the walks over
/// them. The steps run through the bank's streams one after the other.
class KeyStationaryWalk {
public:
  KeyStationaryWalk(Emitter &emit, const Part &part, const TileLayout &layout,
                    const TileContext &bank, int64_t rows)
      : emit(emit), layout(layout), bank(bank), rows(rows),
        tileRows(part.tileRows), stepKeys(part.stepKeys),
        keyStride(part.stepKeys * part.vectorBytes()),
        tileStride(part.tileRows * part.vectorBytes()) {
    for (const KeyStream &stream : bank.streams)
      steps += llvm::divideCeilSigned(stream.keys, stepKeys);
    totalsBase = bank.scores.plusBytes(steps * layout.stepBlockStride);
  }

  /// A step of a stream: its place in the stream, and the stream's first
  /// step among the bank's.
  struct StreamStep {
    const KeyStream &stream;
    Step step;
    int64_t streamBase;
  };
  /// A step's body: the step, its keys, whether it is the bank's first and
  /// its last.
  using StepBody = function_ref<void(const StreamStep &, int64_t, bool, bool)>;

  /// Steps in order: each stream's full ones in a walk, its shorter last
  /// one alone; with `peel`, the bank's first and last alone (they start
  /// and finish sums).
  void overSteps(ArrayRef<int64_t> strides, bool peel, StepBody body) const {
    int64_t base = 0;
    for (const KeyStream &stream : bank.streams) {
      int64_t fullSteps = stream.keys / stepKeys;
      int64_t lastKeys = stream.keys % stepKeys;
      int64_t count = fullSteps + (lastKeys > 0);
      auto alone = [&](int64_t i) {
        body({stream, Step{nullptr, 0, i}, base},
             i < fullSteps ? stepKeys : lastKeys, base + i == 0,
             base + i + 1 == steps);
      };
      bool peelFirst = peel && base == 0,
           peelLast = peel && base + count == steps;
      int64_t begin = peelFirst ? 1 : 0, end = peelLast ? count - 1 : fullSteps;
      if (peelFirst && count > 0)
        alone(0);
      emit.walk(begin, end - begin, strides, [&](const Step &at) {
        body({stream, at, base}, stepKeys, false, false);
      });
      for (int64_t i = std::max(begin, end); i < count; ++i)
        alone(i);
      base += count;
    }
  }

  /// The tiles of the bank's rows, the last one shorter.
  void overTiles(function_ref<void(const Step &, int64_t)> body) const {
    emit.walk(0, rows / tileRows, {tileStride, layout.tileBlockStride},
              [&](const Step &at) { body(at, tileRows); });
    if (rows % tileRows != 0)
      body(Step{nullptr, 0, rows / tileRows}, rows % tileRows);
  }

  TileContext tileAt(const Step &at, int64_t rowsInTile) const {
    TileContext tile;
    tile.rows = rowsInTile;
    tile.query = at.in(bank.query, tileStride, emit.rowBytes());
    tile.output = at.in(bank.output, tileStride, emit.rowBytes());
    tile.position = bank.position.plus(at.index().scaled(tileRows));
    return tile;
  }

  Address keysAt(const StreamStep &at) const {
    return at.step.in(at.stream.start, keyStride, emit.rowBytes());
  }

  KeyStep keyStep(const StreamStep &at, const Step &tile, int64_t keys,
                  bool first) const {
    Address streamBlocks =
        bank.scores.plusBytes(at.streamBase * layout.stepBlockStride);
    Address block = tile.in(
        at.step.in(streamBlocks, layout.stepBlockStride, emit.rowBytes()),
        layout.tileBlockStride, emit.rowBytes());
    return KeyStep{at.stream,
                   keysAt(at),
                   at.stream.firstKey.plus(at.step.index().scaled(stepKeys)),
                   keys,
                   block,
                   first};
  }

  /// Where a tile's rows' totals lie, after every step's blocks (the fused
  /// schedule, whose steps have no blocks: its running state).
  Address totalsOf(const Step &tile) const {
    return tile.in(totalsBase, layout.tileBlockStride, emit.rowBytes());
  }

  int64_t keyStrideBytes() const { return keyStride; }

private:
  Emitter &emit;
  const TileLayout &layout;
  const TileContext &bank;
  int64_t rows, tileRows, stepKeys, keyStride, tileStride;
  int64_t steps = 0;
  Address totalsBase;
};

} // namespace

void TileEmitter::emitKeyStationary(const TileContext &bank, int64_t bankRows,
                                    BufferPlan buffers) const {
  if (part.schedule == pim::Schedule::Fused)
    emitFusedKeyStationary(bank, bankRows, buffers);
  else
    emitStagedKeyStationary(bank, bankRows, buffers);
}

void TileEmitter::emitFusedKeyStationary(const TileContext &bank,
                                         int64_t bankRows,
                                         BufferPlan buffers) const {
  int64_t maxRows = part.tileRows, stepKeys = part.stepKeys;
  int64_t headDim = part.headDim(), vectorBytes = part.vectorBytes();
  KeyStationaryWalk walk(emit, part, layout, bank, bankRows);
  // A tile's running state (partial outputs, maxima, sums) lies end to end
  // in the buffer as in DRAM: one transfer each way.
  FusedBuffers at;
  at.query = buffers.allocate(maxRows * headDim);
  at.out = buffers.allocate(maxRows * headDim);
  at.maxOld = buffers.allocate(maxRows);
  at.sums = buffers.allocate(maxRows);
  at.maxNew = buffers.allocate(maxRows);
  at.factor = buffers.allocate(maxRows);
  at.scores = buffers.allocate(maxRows * stepKeys);
  int64_t keyBuf = buffers.allocate(stepKeys * headDim);
  int64_t valueBuf = buffers.allocate(stepKeys * headDim);
  int64_t stateBytes = maxRows * (headDim + 2) * kElementBytes;
  walk.overSteps(
      {walk.keyStrideBytes()}, /*peel=*/true,
      [&](const KeyStationaryWalk::StreamStep &s, int64_t keys, bool first,
          bool last) {
        Address keysAt = walk.keysAt(s);
        emit.load(keysAt, keyBuf, keys * vectorBytes);
        emit.load(layout.valuesOf(keysAt), valueBuf, keys * vectorBytes);
        walk.overTiles([&](const Step &t, int64_t rowsInTile) {
          TileContext tile = walk.tileAt(t, rowsInTile);
          Address state = walk.totalsOf(t);
          emit.load(tile.query, at.query, rowsInTile * vectorBytes);
          if (!first)
            emit.load(state, at.out, stateBytes);
          emit.scoreProducts(at.query, keyBuf, at.scores, rowsInTile, keys,
                             headDim, /*accumulate=*/false);
          fusedSoftmaxStep(tile, walk.keyStep(s, t, keys, first), at);
          emit.valueProducts(at.scores, valueBuf, at.out, rowsInTile, headDim,
                             keys, /*accumulate=*/!first);
          if (last)
            finishFusedTile(tile, at);
          else
            emit.store(state, at.out, stateBytes);
        });
      });
}

void TileEmitter::emitStagedKeyStationary(const TileContext &bank,
                                          int64_t bankRows,
                                          BufferPlan buffers) const {
  int64_t maxRows = part.tileRows, stepKeys = part.stepKeys;
  int64_t headDim = part.headDim(), vectorBytes = part.vectorBytes();
  KeyStationaryWalk walk(emit, part, layout, bank, bankRows);
  int64_t keyStride = walk.keyStrideBytes();

  BufferPlan sddmmBuffers = buffers;
  int64_t keyBuf = sddmmBuffers.allocate(stepKeys * headDim);
  int64_t query = sddmmBuffers.allocate(maxRows * headDim);
  int64_t scores = sddmmBuffers.allocate(maxRows * stepKeys);
  walk.overSteps(
      {keyStride, layout.stepBlockStride}, /*peel=*/false,
      [&](const KeyStationaryWalk::StreamStep &at, int64_t keys, bool, bool) {
        emit.load(walk.keysAt(at), keyBuf, keys * vectorBytes);
        walk.overTiles([&](const Step &t, int64_t rowsInTile) {
          TileContext tile = walk.tileAt(t, rowsInTile);
          KeyStep step = walk.keyStep(at, t, keys, false);
          emit.load(tile.query, query, rowsInTile * vectorBytes);
          emit.scoreProducts(query, keyBuf, scores, rowsInTile, keys, headDim,
                             /*accumulate=*/false);
          maskScores(tile, scores, step);
          emit.store(step.block, scores, rowsInTile * keys * kElementBytes);
        });
      });

  BufferPlan softmaxBuffers = buffers;
  int64_t probs = softmaxBuffers.allocate(maxRows * stepKeys);
  int64_t sums = softmaxBuffers.allocate(maxRows);
  int64_t totals = softmaxBuffers.allocate(maxRows);
  walk.overTiles([&](const Step &t, int64_t rowsInTile) {
    walk.overSteps(
        {layout.stepBlockStride}, /*peel=*/true,
        [&](const KeyStationaryWalk::StreamStep &at, int64_t keys, bool first,
            bool) {
          Address block = walk.keyStep(at, t, keys, first).block;
          emit.load(block, probs, rowsInTile * keys * kElementBytes);
          emit.exp(probs, rowsInTile * keys);
          emit.rowSums(probs, sums, rowsInTile, keys, /*accumulate=*/!first);
          emit.store(block, probs, rowsInTile * keys * kElementBytes);
        });
    emit.groupSums(sums, totals, rowsInTile);
    emit.store(walk.totalsOf(t), totals, rowsInTile * kElementBytes);
  });

  // The totals come back into the block's slot once its product is added.
  BufferPlan spmmBuffers = buffers;
  int64_t values = spmmBuffers.allocate(stepKeys * headDim);
  int64_t block = spmmBuffers.allocate(maxRows * stepKeys);
  int64_t out = spmmBuffers.allocate(maxRows * headDim);
  walk.overSteps(
      {keyStride, layout.stepBlockStride}, /*peel=*/true,
      [&](const KeyStationaryWalk::StreamStep &at, int64_t keys, bool first,
          bool last) {
        emit.load(layout.valuesOf(walk.keysAt(at)), values, keys * vectorBytes);
        walk.overTiles([&](const Step &t, int64_t rowsInTile) {
          TileContext tile = walk.tileAt(t, rowsInTile);
          emit.load(walk.keyStep(at, t, keys, first).block, block,
                    rowsInTile * keys * kElementBytes);
          if (!first)
            emit.load(tile.output, out, rowsInTile * vectorBytes);
          emit.valueProducts(block, values, out, rowsInTile, headDim, keys,
                             /*accumulate=*/!first);
          if (!last) {
            emit.store(tile.output, out, rowsInTile * vectorBytes);
            return;
          }
          emit.groupSums(out, out, rowsInTile * headDim);
          emit.load(walk.totalsOf(t), block, rowsInTile * kElementBytes);
          emit.divideRows(out, block, rowsInTile, headDim);
          emit.output(tile.output, out, rowsInTile * vectorBytes);
        });
      });
}
