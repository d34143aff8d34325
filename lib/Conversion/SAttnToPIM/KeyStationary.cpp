//===- KeyStationary.cpp - the PILOT schedule's global rows ---------------===//
//
// The PILOT schedule's column split with more rows than a tile (PAPER.md,
// global rows): K-stationary. The SDDMM reads each step's keys once and
// multiplies them with every tile's rows; the softmax walks a tile's blocks
// and stores its rows' totals; the SpMM reads each step's values once and
// adds every tile's product to its partial outputs, kept in the output rows
// between steps. The last step reduces them across the group (in place)
// and divides them by the totals.
//
//===----------------------------------------------------------------------===//

#include "SAttnToPIMInternals.h"

using namespace mlir;
using namespace pilot;
using namespace pilot::sattn_to_pim;

namespace {

/// Where a bank's steps of keys and tiles of rows lie, and the walks over
/// them.
class KeyStationaryWalk {
public:
  KeyStationaryWalk(Emitter &emit, const Part &part, const TileLayout &layout,
                    const TileContext &bank, int64_t rows)
      : emit(emit), layout(layout), bank(bank), stream(bank.streams.front()),
        rows(rows), tileRows(part.tileRows), stepKeys(part.stepKeys),
        keyStride(part.stepKeys * part.vectorBytes()),
        tileStride(part.tileRows * part.vectorBytes()),
        fullSteps(stream.keys / stepKeys), lastKeys(stream.keys % stepKeys),
        steps(fullSteps + (lastKeys > 0)),
        totalsBase(bank.scores.plusBytes(steps * layout.stepBlockStride)) {}

  /// A step's body: the step, its keys, whether it is the first and the
  /// last.
  using StepBody = function_ref<void(const Step &, int64_t, bool, bool)>;

  /// Steps in order: full ones in a walk, the shorter last one alone; with
  /// `peel`, the first and the last alone (they start and finish sums).
  void overSteps(ArrayRef<int64_t> strides, bool peel, StepBody body) const {
    auto alone = [&](int64_t i) {
      body(Step{nullptr, 0, i}, i < fullSteps ? stepKeys : lastKeys, i == 0,
           i + 1 == steps);
    };
    int64_t begin = peel ? 1 : 0, end = peel ? steps - 1 : fullSteps;
    if (peel && steps > 0)
      alone(0);
    emit.walk(begin, end - begin, strides,
              [&](const Step &at) { body(at, stepKeys, false, false); });
    for (int64_t i = std::max(begin, end); i < steps; ++i)
      alone(i);
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

  Address keysAt(const Step &step) const {
    return step.in(stream.start, keyStride, emit.rowBytes());
  }

  KeyStep keyStep(const Step &step, const Step &tile, int64_t keys,
                  bool first) const {
    Address block =
        tile.in(step.in(bank.scores, layout.stepBlockStride, emit.rowBytes()),
                layout.tileBlockStride, emit.rowBytes());
    return KeyStep{stream,
                   keysAt(step),
                   stream.firstKey.plus(step.index().scaled(stepKeys)),
                   keys,
                   block,
                   first};
  }

  /// Where a tile's rows' totals lie, after every step's blocks.
  Address totalsOf(const Step &tile) const {
    return tile.in(totalsBase, layout.tileBlockStride, emit.rowBytes());
  }

  int64_t keyStrideBytes() const { return keyStride; }

private:
  Emitter &emit;
  const TileLayout &layout;
  const TileContext &bank;
  const KeyStream &stream;
  int64_t rows, tileRows, stepKeys, keyStride, tileStride;
  int64_t fullSteps, lastKeys, steps;
  Address totalsBase;
};

} // namespace

void TileEmitter::emitKeyStationary(const TileContext &bank, int64_t bankRows,
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
      [&](const Step &at, int64_t keys, bool, bool) {
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
        [&](const Step &at, int64_t keys, bool first, bool) {
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
      [&](const Step &at, int64_t keys, bool first, bool last) {
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
