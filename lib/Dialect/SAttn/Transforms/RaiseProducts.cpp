//===- RaiseProducts.cpp - Q K^T and P V in their linalg forms ------------===//
//
// Recognises a (batched) matrix product as linalg.matmul, linalg.batch_matmul
// or a linalg.generic contraction, and K^T as a map or a linalg.transpose.
//
//===----------------------------------------------------------------------===//

#include "RaiseLinalgInternals.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"

using namespace mlir;

namespace pilot::sattn::raise {
namespace {

int64_t rankOf(Value value) {
  return cast<RankedTensorType>(value.getType()).getRank();
}

/// Whether a generic's body is `out + lhs * rhs`, the multiply perhaps of
/// operands widened by arith.extf.
bool multipliesAndAdds(linalg::GenericOp generic) {
  Block *body = generic.getBody();
  auto yield = body->getTerminator();
  auto add = yield->getOperand(0).getDefiningOp<arith::AddFOp>();
  if (!add)
    return false;
  Value product = add.getLhs(), accumulator = add.getRhs();
  if (accumulator != body->getArgument(2))
    std::swap(product, accumulator);
  auto multiply = product.getDefiningOp<arith::MulFOp>();
  if (accumulator != body->getArgument(2) || !multiply)
    return false;
  auto input = [&](Value operand) -> int64_t {
    if (auto extend = operand.getDefiningOp<arith::ExtFOp>())
      operand = extend.getIn();
    auto argument = dyn_cast<BlockArgument>(operand);
    return argument && argument.getOwner() == body ? argument.getArgNumber()
                                                   : -1;
  };
  return input(multiply.getLhs()) == 0 && input(multiply.getRhs()) == 1;
}

/// The dims of \p map's results, or nothing when one is not a plain dim.
std::optional<SmallVector<unsigned>> dimsOf(AffineMap map) {
  SmallVector<unsigned> dims;
  for (AffineExpr result : map.getResults()) {
    auto dim = dyn_cast<AffineDimExpr>(result);
    if (!dim)
      return std::nullopt;
    dims.push_back(dim.getPosition());
  }
  return dims;
}

/// The linalg.transpose permutation that reads \p operand (its loops per
/// dimension) in the order \p canonical; nothing when it holds other loops.
std::optional<SmallVector<int64_t>>
permutationTo(ArrayRef<unsigned> operand, ArrayRef<unsigned> canonical) {
  SmallVector<int64_t> permutation;
  for (unsigned loop : canonical) {
    const auto *at = llvm::find(operand, loop);
    if (at == operand.end())
      return std::nullopt;
    permutation.push_back(at - operand.begin());
  }
  return permutation;
}

/// A linalg.generic contraction: out (batch.., i, j) = sum_k lhs (batch..,
/// i, k) * rhs (batch.., k, j) or rhs (batch.., j, k); lhs and rhs may hold
/// their dimensions in another order (StableHLO's dot_general with batch
/// dimensions elsewhere), recorded as the permutations that restore it.
std::optional<Product> contractionOf(linalg::GenericOp generic) {
  if (generic.getNumDpsInputs() != 2 || generic.getNumDpsInits() != 1 ||
      generic.getNumResults() != 1 || generic.getNumReductionLoops() != 1 ||
      !multipliesAndAdds(generic))
    return std::nullopt;
  SmallVector<AffineMap> maps = generic.getIndexingMapsArray();
  auto lhs = dimsOf(maps[0]), rhs = dimsOf(maps[1]), out = dimsOf(maps[2]);
  if (!lhs || !rhs || !out || out->size() < 2 || lhs->size() != out->size() ||
      rhs->size() != out->size() || generic.getNumLoops() != out->size() + 1)
    return std::nullopt;
  size_t rank = out->size();
  unsigned k = 0;
  while (k < generic.getNumLoops() &&
         generic.getIteratorTypesArray()[k] != utils::IteratorType::reduction)
    ++k;
  unsigned i = (*out)[rank - 2], j = (*out)[rank - 1];
  SmallVector<unsigned> lhsOrder(out->begin(), out->end() - 1);
  lhsOrder.push_back(k);
  SmallVector<unsigned> rhsOrder(out->begin(), out->end() - 2);
  rhsOrder.append({k, j});
  SmallVector<unsigned> rhsTransposedOrder(out->begin(), out->end());
  rhsTransposedOrder.back() = k;
  rhsTransposedOrder[rank - 2] = j;
  std::optional<SmallVector<int64_t>> lhsPermutation =
      permutationTo(*lhs, lhsOrder);
  std::optional<SmallVector<int64_t>> rhsPermutation =
      permutationTo(*rhs, rhsOrder);
  if (!lhsPermutation || !rhsPermutation || i == j ||
      llvm::is_contained(*out, k))
    return std::nullopt;
  Product product{generic, generic.getDpsInputs()[0], generic.getDpsInputs()[1],
                  generic.getDpsInits()[0]};
  auto identity = llvm::to_vector(llvm::seq<int64_t>(0, rank));
  if (*lhsPermutation != identity)
    product.lhsPermutation = *lhsPermutation;
  if (ArrayRef<unsigned>(*rhs) == ArrayRef<unsigned>(rhsTransposedOrder))
    product.rhsTransposed = true;
  else if (*rhsPermutation != identity)
    product.rhsPermutation = *rhsPermutation;
  return product;
}

} // namespace

bool copiesItsInput(Operation *op) {
  auto generic = dyn_cast_or_null<linalg::GenericOp>(op);
  if (!generic)
    return false;
  Block *body = generic.getBody();
  return generic.getNumDpsInputs() == 1 && generic.getNumResults() == 1 &&
         generic.getNumReductionLoops() == 0 &&
         generic.getIndexingMapsArray().back().isIdentity() &&
         body->getTerminator()->getOperand(0) == body->getArgument(0);
}

std::optional<Product> productOf(Value value) {
  Operation *op = value.getDefiningOp();
  if (auto matmul = dyn_cast_or_null<linalg::BatchMatmulOp>(op)) {
    if (matmul.hasUserDefinedMaps())
      return std::nullopt;
    return Product{op, matmul.getInputs()[0], matmul.getInputs()[1],
                   matmul.getOutputs()[0]};
  }
  if (auto matmul = dyn_cast_or_null<linalg::MatmulOp>(op)) {
    if (matmul.hasUserDefinedMaps())
      return std::nullopt;
    return Product{op, matmul.getInputs()[0], matmul.getInputs()[1],
                   matmul.getOutputs()[0]};
  }
  if (auto generic = dyn_cast_or_null<linalg::GenericOp>(op))
    return contractionOf(generic);
  return std::nullopt;
}

std::optional<Value> keyOf(const Product &qk) {
  if (qk.rhsTransposed)
    return qk.rhs;
  int64_t rank = rankOf(qk.rhs);
  SmallVector<int64_t> swapLast = llvm::to_vector(llvm::seq<int64_t>(0, rank));
  std::swap(swapLast[rank - 2], swapLast[rank - 1]);
  if (auto transpose = qk.rhs.getDefiningOp<linalg::TransposeOp>()) {
    if (transpose.getPermutation() != ArrayRef(swapLast))
      return std::nullopt;
    return transpose.getInput();
  }
  // torch-mlir's transpose: a linalg.generic copying through a permutation.
  auto copy = qk.rhs.getDefiningOp<linalg::GenericOp>();
  if (!copy || !copiesItsInput(copy))
    return std::nullopt;
  auto permutation = AffineMap::getPermutationMap(
      SmallVector<unsigned>(swapLast.begin(), swapLast.end()),
      copy.getContext());
  if (copy.getIndexingMapsArray()[0] != permutation)
    return std::nullopt;
  return copy.getDpsInputs()[0];
}

} // namespace pilot::sattn::raise
