//===- RaiseSoftmax.cpp - elementwise expressions, softmax and scale ------===//
//
// Sees through the way a front end spells elementwise work (one
// linalg.generic or several, named ops, broadcasts through maps, precision
// casts) to what it computes, and recognises the softmax and the scale in
// it.
//
//===----------------------------------------------------------------------===//

#include "RaiseLinalgInternals.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/IR/Matchers.h"
#include "llvm/ADT/TypeSwitch.h"

using namespace mlir;

namespace pilot::sattn::raise {
namespace {

ExprRef constantExpr(double value, Operation *op) {
  auto expr = std::make_shared<Expr>();
  expr->kind = Expr::Kind::Constant;
  expr->constant = value;
  expr->op = op;
  return expr;
}

ExprRef computeExpr(StringRef name, std::vector<ExprRef> operands,
                    Operation *op) {
  auto expr = std::make_shared<Expr>();
  expr->kind = Expr::Kind::Compute;
  expr->name = name.str();
  expr->operands = std::move(operands);
  expr->op = op;
  return expr;
}

/// The scalar operations an elementwise body may hold.
bool isScalarOp(Operation &op) {
  return isa<arith::AddFOp, arith::SubFOp, arith::MulFOp, arith::DivFOp,
             arith::MaximumFOp, arith::MaxNumFOp, arith::SelectOp,
             arith::ExtFOp, arith::TruncFOp, math::ExpOp>(op);
}

/// A linalg.generic computing elementwise: parallel loops, one result
/// written at the loops' own indices, a body of scalar operations.
bool isElementwise(linalg::GenericOp generic) {
  if (generic.getNumResults() != 1 || generic.getNumReductionLoops() != 0 ||
      !generic.getIndexingMapsArray().back().isIdentity())
    return false;
  return llvm::all_of(generic.getBody()->without_terminator(),
                      [](Operation &op) { return isScalarOp(op); });
}

ExprRef build(Value tensor, AffineMap read);

/// The expression of one scalar in \p generic's body, read through \p read.
ExprRef buildScalar(linalg::GenericOp generic, Value scalar, AffineMap read) {
  if (auto argument = dyn_cast<BlockArgument>(scalar)) {
    if (argument.getOwner() != generic.getBody())
      return nullptr;
    OpOperand &operand = generic->getOpOperand(argument.getArgNumber());
    if (argument.getArgNumber() >= generic.getNumDpsInputs())
      return nullptr; // reads the init: not elementwise work
    return build(operand.get(),
                 generic.getMatchingIndexingMap(&operand).compose(read));
  }
  APFloat value(0.0);
  if (matchPattern(scalar, m_ConstantFloat(&value)))
    return constantExpr(value.convertToDouble(), generic);
  Operation *op = scalar.getDefiningOp();
  if (!op || op->getBlock() != generic.getBody())
    return nullptr;
  std::vector<ExprRef> operands;
  for (Value operand : op->getOperands()) {
    operands.push_back(buildScalar(generic, operand, read));
    if (!operands.back())
      return nullptr;
  }
  return computeExpr(op->getName().getStringRef(), std::move(operands),
                     generic);
}

ExprRef readExpr(Value tensor, AffineMap read) {
  auto expr = std::make_shared<Expr>();
  expr->kind = Expr::Kind::Read;
  expr->tensor = tensor;
  expr->map = read;
  expr->op = tensor.getDefiningOp();
  return expr;
}

/// The named elementwise ops' scalar operation.
std::optional<StringRef> namedScalarOp(Operation *op) {
  return llvm::TypeSwitch<Operation *, std::optional<StringRef>>(op)
      .Case([](linalg::AddOp) { return StringRef("arith.addf"); })
      .Case([](linalg::SubOp) { return StringRef("arith.subf"); })
      .Case([](linalg::MulOp) { return StringRef("arith.mulf"); })
      .Case([](linalg::DivOp) { return StringRef("arith.divf"); })
      .Case([](linalg::ExpOp) { return StringRef("math.exp"); })
      .Default([](Operation *) { return std::nullopt; });
}

/// What \p tensor holds at the indices \p read gives, from the outer loops.
ExprRef build(Value tensor, AffineMap read) {
  DenseElementsAttr constant;
  if (matchPattern(tensor, m_Constant(&constant)) && constant.isSplat() &&
      isa<FloatType>(constant.getElementType()))
    return constantExpr(constant.getSplatValue<APFloat>().convertToDouble(),
                        tensor.getDefiningOp());
  Operation *op = tensor.getDefiningOp();
  if (auto generic = dyn_cast_or_null<linalg::GenericOp>(op);
      generic && isElementwise(generic))
    if (ExprRef expr = buildScalar(
            generic, generic.getBody()->getTerminator()->getOperand(0), read))
      return expr;
  // StableHLO's broadcast_in_dim: the input read without the new dims.
  if (auto broadcast = dyn_cast_or_null<linalg::BroadcastOp>(op)) {
    SmallVector<AffineExpr> kept;
    for (int64_t d = 0; d < int64_t(read.getNumResults()); ++d)
      if (!llvm::is_contained(broadcast.getDimensions(), d))
        kept.push_back(read.getResult(d));
    return build(broadcast.getInput(),
                 AffineMap::get(read.getNumDims(), 0, kept, op->getContext()));
  }
  if (auto reciprocal = dyn_cast_or_null<linalg::ReciprocalOp>(op))
    return computeExpr(
        "arith.divf",
        {constantExpr(1.0, op), build(reciprocal.getInputs()[0], read)}, op);
  if (std::optional<StringRef> name = op ? namedScalarOp(op) : std::nullopt) {
    auto named = cast<linalg::LinalgOp>(op);
    std::vector<ExprRef> operands;
    for (Value input : named.getDpsInputs())
      operands.push_back(build(input, read));
    return computeExpr(*name, std::move(operands), op);
  }
  return readExpr(tensor, read);
}

bool isCast(const Expr &expr) {
  return expr.isCompute("arith.extf") || expr.isCompute("arith.truncf");
}

/// The reduction over the last dimension that \p read reads row by row
/// ([.., N] or [.., N, 1] at the outer (.., n) indices), combining with one
/// of \p combiners: its input, or nothing.
std::optional<Value> rowReduction(const Expr &read,
                                  ArrayRef<StringRef> combiners,
                                  Operation *&reduction) {
  if (read.kind != Expr::Kind::Read)
    return std::nullopt;
  unsigned loops = read.map.getNumDims();
  Value reduced = read.tensor;
  SmallVector<AffineExpr> rowIndices;
  for (unsigned d = 0; d + 1 < loops; ++d)
    rowIndices.push_back(getAffineDimExpr(d, read.map.getContext()));
  AffineMap byRow = AffineMap::get(loops, 0, rowIndices, read.map.getContext());
  if (read.map != byRow) {
    // [.., N, 1]: the reduction expanded back to the scores' rank.
    rowIndices.push_back(getAffineConstantExpr(0, read.map.getContext()));
    if (read.map != AffineMap::get(loops, 0, rowIndices, read.map.getContext()))
      return std::nullopt;
    // linalg.reduce drops the dimension and tosa expands it back; a
    // reduction linalg.generic (torch-mlir's keepdim) writes [.., N, 1].
    if (auto expand = reduced.getDefiningOp<tensor::ExpandShapeOp>();
        expand && expand.getSrcType().getRank() + 1 == loops)
      reduced = expand.getSrc();
  }
  Operation *op = reduced.getDefiningOp();
  reduction = op;
  Block *body = nullptr;
  Value input;
  if (auto reduce = dyn_cast_or_null<linalg::ReduceOp>(op)) {
    if (reduce.getDimensions() != ArrayRef<int64_t>{int64_t(loops - 1)} ||
        reduce.getInputs().size() != 1)
      return std::nullopt;
    body = reduce.getBody();
    input = reduce.getInputs()[0];
  } else if (auto generic = dyn_cast_or_null<linalg::GenericOp>(op)) {
    SmallVector<utils::IteratorType> iterators =
        generic.getIteratorTypesArray();
    if (generic.getNumDpsInputs() != 1 || iterators.size() != loops ||
        generic.getNumReductionLoops() != 1 ||
        iterators.back() != utils::IteratorType::reduction ||
        !generic.getIndexingMapsArray()[0].isIdentity())
      return std::nullopt;
    body = generic.getBody();
    input = generic.getDpsInputs()[0];
  } else {
    return std::nullopt;
  }
  Operation *combine = body->getTerminator()->getOperand(0).getDefiningOp();
  if (!combine ||
      !llvm::is_contained(combiners, combine->getName().getStringRef()))
    return std::nullopt;
  return input;
}

/// Whether \p sum's reduction starts from zero.
bool startsFromZero(Operation *reduction) {
  auto linalgOp = dyn_cast<linalg::LinalgOp>(reduction);
  auto fill = linalgOp
                  ? linalgOp.getDpsInits()[0].getDefiningOp<linalg::FillOp>()
                  : nullptr;
  return fill && matchPattern(fill.getInputs()[0], m_AnyZeroFloat());
}

/// 1 / x, as a division or tosa's reciprocal.
ExprRef reciprocalOf(const ExprRef &expr) {
  ExprRef stripped = withoutCasts(expr);
  if (stripped->isCompute("arith.divf")) {
    ExprRef one = withoutCasts(stripped->operands[0]);
    if (one->kind == Expr::Kind::Constant && one->constant == 1.0)
      return stripped->operands[1];
  }
  return nullptr;
}

} // namespace

bool Expr::readsWhole(Value value) const {
  return kind == Kind::Read && tensor == value && map.isIdentity();
}

ExprRef exprOf(Value value) {
  int64_t rank = cast<RankedTensorType>(value.getType()).getRank();
  return build(value,
               AffineMap::getMultiDimIdentityMap(rank, value.getContext()));
}

ExprRef withoutCasts(ExprRef expr) {
  while (isCast(*expr))
    expr = expr->operands[0];
  return expr;
}

bool sameExpr(const ExprRef &first, const ExprRef &second) {
  ExprRef a = withoutCasts(first), b = withoutCasts(second);
  if (a->kind != b->kind)
    return false;
  switch (a->kind) {
  case Expr::Kind::Constant:
    return a->constant == b->constant;
  case Expr::Kind::Read:
    return a->tensor == b->tensor && a->map == b->map;
  case Expr::Kind::Compute:
    if (a->name != b->name || a->operands.size() != b->operands.size())
      return false;
    for (auto [x, y] : llvm::zip(a->operands, b->operands))
      if (!sameExpr(x, y))
        return false;
    return true;
  }
  return false;
}

bool containsExp(const ExprRef &expr) {
  if (expr->isCompute("math.exp"))
    return true;
  return llvm::any_of(expr->operands, containsExp);
}

SoftmaxMatch matchSoftmax(Value probs, ExprRef &input, Mismatch &mismatch) {
  ExprRef expr = withoutCasts(exprOf(probs));
  // linalg.softmax, perhaps between casts (Hugging Face's float32 softmax).
  if (auto softmax = expr->kind == Expr::Kind::Read && expr->map.isIdentity()
                         ? expr->tensor.getDefiningOp<linalg::SoftmaxOp>()
                         : nullptr) {
    int64_t rank = cast<RankedTensorType>(probs.getType()).getRank();
    if (int64_t(softmax.getDimension()) != rank - 1) {
      mismatch = {softmax,
                  "expected a softmax over the keys (the last dimension)"};
      return SoftmaxMatch::Mismatched;
    }
    input = exprOf(softmax.getInput());
    return SoftmaxMatch::Matched;
  }
  if (!containsExp(expr))
    return SoftmaxMatch::None;
  auto fail = [&](Operation *at, StringRef expected) {
    mismatch = {at ? at : probs.getDefiningOp(), expected.str()};
    return SoftmaxMatch::Mismatched;
  };
  // exp(x - max) / sum, or exp(x - max) * (1 / sum).
  ExprRef exps, sum;
  if (expr->isCompute("arith.divf")) {
    exps = expr->operands[0];
    sum = withoutCasts(expr->operands[1]);
  } else if (expr->isCompute("arith.mulf")) {
    for (int side : {0, 1})
      if (ExprRef inverse = reciprocalOf(expr->operands[side])) {
        exps = expr->operands[1 - side];
        sum = withoutCasts(inverse);
      }
  }
  if (!exps)
    return fail(expr->op,
                "expected the softmax's quotient: exp(x - max) divided "
                "by, or multiplied by the reciprocal of, its row sum");
  Operation *sumOp = nullptr;
  std::optional<Value> summed = rowReduction(*sum, {"arith.addf"}, sumOp);
  if (!summed || !sameExpr(exprOf(*summed), exps) || !startsFromZero(sumOp))
    return fail(sumOp ? sumOp : expr->op,
                "expected the row sum of the same exp(x - max), from zero, "
                "over the "
                "last dimension (linalg.reduce or a reduction linalg.generic)");
  ExprRef shifted = withoutCasts(exps);
  if (!shifted->isCompute("math.exp") ||
      !withoutCasts(shifted->operands[0])->isCompute("arith.subf"))
    return fail(shifted->op, "expected exp(x - max) over the scores");
  ExprRef difference = withoutCasts(shifted->operands[0]);
  Operation *maxOp = nullptr;
  std::optional<Value> maxed =
      rowReduction(*withoutCasts(difference->operands[1]),
                   {"arith.maximumf", "arith.maxnumf"}, maxOp);
  if (!maxed || !sameExpr(exprOf(*maxed), difference->operands[0]))
    return fail(maxOp ? maxOp : difference->op,
                "expected the row maximum of the same scores over the last "
                "dimension "
                "(linalg.reduce or a reduction linalg.generic)");
  input = difference->operands[0];
  return SoftmaxMatch::Matched;
}

std::pair<ExprRef, double> splitScale(ExprRef expr) {
  ExprRef stripped = withoutCasts(expr);
  bool divides = stripped->isCompute("arith.divf");
  if (!divides && !stripped->isCompute("arith.mulf"))
    return {expr, 1.0};
  for (int side : {1, 0}) {
    if (divides && side == 0)
      break;
    ExprRef factor = withoutCasts(stripped->operands[side]);
    if (factor->kind == Expr::Kind::Constant && factor->constant != 0.0)
      return {stripped->operands[1 - side],
              divides ? 1.0 / factor->constant : factor->constant};
  }
  return {expr, 1.0};
}

} // namespace pilot::sattn::raise
