//===- Emitter.cpp - affine addresses and PILOT commands ------------------===//
//
// The commands, loops and walks every tile body and placement of the
// sattn-to-pim conversion is written in (SAttnToPIMInternals.h).
//
//===----------------------------------------------------------------------===//

#include "SAttnToPIMInternals.h"

#include "mlir/Dialect/Arith/IR/Arith.h"

#include <numeric>

using namespace mlir;
using namespace pilot;
using namespace pilot::pim;
using namespace pilot::sattn_to_pim;

//===----------------------------------------------------------------------===//
// Affine
//===----------------------------------------------------------------------===//

Affine Affine::plus(const Affine &other) const {
  Affine result = plus(other.constant);
  for (const auto &term : other.terms) {
    auto *same = llvm::find_if(
        result.terms, [&](auto &mine) { return mine.first == term.first; });
    if (same == result.terms.end())
      result.terms.push_back(term);
    else
      same->second += term.second;
  }
  llvm::erase_if(result.terms, [](auto &term) { return term.second == 0; });
  return result;
}

Affine Affine::scaled(int64_t factor) const {
  Affine result;
  result.constant = constant * factor;
  for (auto [iv, coefficient] : terms)
    result.terms.push_back({iv, coefficient * factor});
  return result;
}

//===----------------------------------------------------------------------===//
// Index values
//===----------------------------------------------------------------------===//

Value Emitter::constant(int64_t value) {
  auto [it, inserted] = constants.try_emplace(value, nullptr);
  if (inserted) {
    OpBuilder::InsertionGuard guard(builder);
    builder.setInsertionPointToStart(classBody);
    it->second = arith::ConstantIndexOp::create(builder, loc, value);
  }
  return it->second;
}

Value Emitter::index(const Affine &affine) {
  Value result = constant(affine.constant);
  for (auto [iv, coefficient] : affine.terms) {
    Value term = coefficient == 1 ? iv
                                  : arith::MulIOp::create(builder, loc, iv,
                                                          constant(coefficient))
                                        .getResult();
    result =
        affine.constant == 0 && result == constant(0)
            ? term
            : arith::AddIOp::create(builder, loc, result, term).getResult();
  }
  return result;
}

//===----------------------------------------------------------------------===//
// Commands
//===----------------------------------------------------------------------===//

void Emitter::transfer(std::optional<Direction> direction,
                       const Address &address, int64_t buf, int64_t bytes) {
  int64_t offset = address.bytes;
  while (bytes > 0) {
    int64_t inRow = offset % rowBytes();
    int64_t piece = std::min(bytes, rowBytes() - inRow);
    assert(inRow % hw.org.columnBytes == 0 && "transfer off a column");
    Value row = index(address.rows.plus(offset / rowBytes()));
    Value col = constant(inRow / hw.org.columnBytes);
    if (direction)
      MovOp::create(builder, loc, *direction, row, col, buf, piece);
    else
      OutOp::create(builder, loc, row, col, buf, piece);
    ++emitted;
    offset += piece;
    buf += piece;
    bytes -= piece;
  }
}

void Emitter::scoreProducts(int64_t queries, int64_t keys, int64_t scores,
                            int64_t rows, int64_t keyCount, int64_t dims,
                            bool accumulate) {
  MacOp::create(builder, loc, queries, keys, scores, rows, keyCount, dims,
                lanes(), /*transposeRhs=*/true, accumulate);
  ++emitted;
}

void Emitter::valueProducts(int64_t probs, int64_t values, int64_t outputs,
                            int64_t rows, int64_t dims, int64_t keyCount,
                            bool accumulate) {
  MacOp::create(builder, loc, probs, values, outputs, rows, dims, keyCount,
                lanes(), /*transposeRhs=*/false, accumulate);
  ++emitted;
}

void Emitter::exp(int64_t buf, int64_t elements) {
  ExpOp::create(builder, loc, buf, buf, elements, lanes());
  ++emitted;
}

namespace {
/// PLT_ACC's flavours, as AccOp spells them.
struct AccFlavour {
  bool accumulate, bankGroup, max;
};
void emitAcc(OpBuilder &builder, Location loc, int64_t src, int64_t dst,
             int64_t rows, int64_t cols, AccFlavour flavour) {
  AccOp::create(builder, loc, src, dst, rows, cols, flavour.accumulate,
                flavour.bankGroup, flavour.max);
}
} // namespace

void Emitter::rowSums(int64_t src, int64_t dst, int64_t rows, int64_t cols,
                      bool accumulate) {
  emitAcc(builder, loc, src, dst, rows, cols, {accumulate, false, false});
  ++emitted;
}

void Emitter::rowMaxima(int64_t src, int64_t dst, int64_t rows, int64_t cols,
                        bool accumulate) {
  emitAcc(builder, loc, src, dst, rows, cols, {accumulate, false, true});
  ++emitted;
}

void Emitter::ones(int64_t buf, int64_t elements) {
  MaskOp::create(builder, loc, constant(0), constant(0), buf, /*rows=*/1,
                 elements, /*band_lo=*/0, /*band_hi=*/0, /*keys_lo=*/0,
                 /*keys_hi=*/0, lanes());
  ++emitted;
  exp(buf, elements);
  exp(buf, elements);
}

void Emitter::keyMajorRowSums(int64_t ones, int64_t block, int64_t dst,
                              int64_t rows, int64_t keys, bool accumulate) {
  MacOp::create(builder, loc, ones, block, dst, /*m=*/1, /*n=*/rows,
                /*k=*/keys, lanes(), /*transposeRhs=*/false, accumulate);
  ++emitted;
}

void Emitter::groupSums(int64_t src, int64_t dst, int64_t rows) {
  emitAcc(builder, loc, src, dst, rows, 1, {false, true, false});
  ++emitted;
}

void Emitter::groupMaxima(int64_t src, int64_t dst, int64_t rows) {
  emitAcc(builder, loc, src, dst, rows, 1, {false, true, true});
  ++emitted;
}

void Emitter::divideRows(int64_t src, int64_t divisors, int64_t rows,
                         int64_t cols) {
  SfmOp::create(builder, loc, src, divisors, src, rows, cols, lanes());
  ++emitted;
}

void Emitter::subtractRows(int64_t src, int64_t vec, int64_t dst, int64_t rows,
                           int64_t cols) {
  SubOp::create(builder, loc, src, vec, dst, rows, cols, lanes());
  ++emitted;
}

void Emitter::mask(int64_t buf, int64_t rows, int64_t cols,
                   const MaskSpec &spec) {
  const Band &band = spec.band;
  auto op =
      MaskOp::create(builder, loc, index(spec.diagonal), index(spec.firstKey),
                     buf, rows, cols, band.lo, band.hi, spec.keysLo,
                     spec.keysHi, lanes(), band.outside, spec.scale);
  op.setUniform(band.uniform);
  if (spec.diagonalShift != 0 || spec.keyShift != 0)
    op.setBankAttr(builder.getDenseI64ArrayAttr(
        {spec.banks, spec.diagonalShift, spec.keyShift}));
  ++emitted;
}

//===----------------------------------------------------------------------===//
// Loops and walks
//===----------------------------------------------------------------------===//

void Emitter::loop(int64_t trips, function_ref<void(Value)> body) {
  auto loopOp = LoopOp::create(builder, loc, 0, trips, 1);
  Block *block = new Block();
  loopOp.getBody().push_back(block);
  Value iv = block->addArgument(builder.getIndexType(), loc);
  OpBuilder::InsertionGuard guard(builder);
  builder.setInsertionPointToStart(block);
  YieldOp::create(builder, loc);
  builder.setInsertionPoint(block->getTerminator());
  body(iv);
}

void Emitter::walk(int64_t first, int64_t count, ArrayRef<int64_t> strides,
                   function_ref<void(const Step &)> body) {
  if (count <= 0)
    return;
  int64_t unroll = 1;
  for (int64_t stride : strides)
    if (stride % rowBytes() != 0)
      unroll = std::lcm(unroll, rowBytes() / std::gcd(stride, rowBytes()));
  int64_t trips = count / unroll;
  if (trips == 1)
    for (int64_t copy = 0; copy < unroll; ++copy)
      body(Step{nullptr, 0, first + copy});
  else if (trips > 1)
    loop(trips, [&](Value iv) {
      for (int64_t copy = 0; copy < unroll; ++copy)
        body(Step{iv, unroll, first + copy});
    });
  for (int64_t copy = trips * unroll; copy < count; ++copy)
    body(Step{nullptr, 0, first + copy});
}
