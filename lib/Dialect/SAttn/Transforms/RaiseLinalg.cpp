//===- RaiseLinalg.cpp - attention in linalg to sattn.attention -----------===//
//
// Matches Q K^T, an optional scale and constant mask, softmax and P V as
// front ends lower them to linalg, recognised by what they compute (the
// matchers are in the Raise*.cpp files beside this one), and turns the
// mask into a sparsity pattern that the pattern's own semantics reproduce
// exactly.
//
//===----------------------------------------------------------------------===//

#include "RaiseLinalgInternals.h"

#include "pilot/Dialect/SAttn/SAttnOps.h"
#include "pilot/Dialect/SAttn/SAttnPasses.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/IR/Matchers.h"

#include <variant>

namespace pilot::sattn {
#define GEN_PASS_DEF_SATTNRAISELINALG
#include "pilot/Dialect/SAttn/SAttnPasses.h.inc"
} // namespace pilot::sattn

using namespace mlir;
using namespace pilot;
using namespace pilot::sattn;
using namespace pilot::sattn::raise;

namespace {

/// The pieces of a matched attention.
struct Chain {
  Value query, key, value;
  /// The permutations that give Q [.., N, D], K [.., S, D] and V [.., S, D]
  /// when the products read them in another order; empty when they are so.
  SmallVector<int64_t> queryPermutation, keyPermutation, valuePermutation;
  double scale = 1.0;
  /// The attended pairs of each leading index of the scores; empty when
  /// there is no mask.
  std::vector<Attended> attended;
  /// The op that applies the mask, for diagnostics.
  Operation *maskOp = nullptr;
};

int64_t rankOf(Value value) {
  return cast<RankedTensorType>(value.getType()).getRank();
}

/// Whether \p expr, its scale aside, reads a product whole.
std::optional<Product> scaledProductOf(const ExprRef &expr) {
  ExprRef product = withoutCasts(splitScale(expr).first);
  if (product->kind != Expr::Kind::Read || !product->map.isIdentity())
    return std::nullopt;
  return productOf(product->tensor);
}

/// Takes the mask off \p scores (an addition of a constant, or a select
/// between the scores and -inf), recording it in \p chain.
FailureOr<ExprRef> takeMask(ExprRef scores, ArrayRef<int64_t> shape,
                            Chain &chain, Mismatch &mismatch) {
  std::string why;
  ExprRef mask;
  bool isCondition = false;
  if (scores->isCompute("arith.addf")) {
    bool lhsIsScores = scaledProductOf(scores->operands[0]).has_value();
    mask = withoutCasts(scores->operands[lhsIsScores ? 1 : 0]);
    ExprRef rest = scores->operands[lhsIsScores ? 0 : 1];
    scores = rest;
  } else if (scores->isCompute("arith.select")) {
    ExprRef otherwise = withoutCasts(scores->operands[2]);
    if (otherwise->kind != Expr::Kind::Constant ||
        !isMaskedValue(otherwise->constant)) {
      mismatch = {scores->op,
                  "expected the select's other value to be -inf or at most "
                  "-1e4"};
      return failure();
    }
    mask = scores->operands[0];
    isCondition = true;
    scores = scores->operands[1];
  } else {
    return scores;
  }
  FailureOr<std::vector<Attended>> attended =
      attendedOf(*mask, shape, isCondition, why);
  if (failed(attended)) {
    mismatch = {mask->op && mask->kind == Expr::Kind::Compute ? mask->op
                                                              : nullptr,
                why};
    return failure();
  }
  chain.attended = std::move(*attended);
  return scores;
}

/// \p operand without a constant factor, which joins \p scale.
Value withoutScale(Value operand, double &scale) {
  auto [rest, factor] = splitScale(exprOf(operand));
  ExprRef stripped = withoutCasts(rest);
  if (factor == 1.0 || stripped->kind != Expr::Kind::Read ||
      !stripped->map.isIdentity() ||
      stripped->tensor.getType() != operand.getType())
    return operand;
  scale *= factor;
  return stripped->tensor;
}

using Matched = std::variant<std::monostate, Chain, Mismatch>;

/// Matches the chain that ends in \p pv (P V): nothing when it is not
/// attention at all, a Mismatch where it looks like attention but is not.
Matched match(const Product &pv) {
  if (pv.rhsTransposed || !pv.lhsPermutation.empty())
    return std::monostate();
  ExprRef scores;
  Mismatch mismatch{nullptr, ""};
  switch (matchSoftmax(pv.lhs, scores, mismatch)) {
  case SoftmaxMatch::None:
    return std::monostate();
  case SoftmaxMatch::Mismatched:
    return mismatch;
  case SoftmaxMatch::Matched:
    break;
  }
  Chain chain;
  chain.value = pv.rhs;
  Operation *scoresOp = withoutCasts(scores)->op;
  ArrayRef<int64_t> shape = cast<RankedTensorType>(pv.lhs.getType()).getShape();
  FailureOr<ExprRef> unmasked =
      takeMask(withoutCasts(scores), shape, chain, mismatch);
  if (failed(unmasked)) {
    if (!mismatch.at)
      mismatch.at = scoresOp;
    return mismatch;
  }
  chain.maskOp = scoresOp;
  auto [product, scale] = splitScale(*unmasked);
  chain.scale = scale;
  ExprRef read = withoutCasts(product);
  std::optional<Product> qk =
      read->kind == Expr::Kind::Read && read->map.isIdentity()
          ? productOf(read->tensor)
          : std::nullopt;
  if (!qk || rankOf(read->tensor) != rankOf(pv.op->getResult(0)))
    return Mismatch{read->op ? read->op : scoresOp,
                    "expected the softmax's input to be Q K^T (a "
                    "linalg.batch_matmul, linalg.matmul or contraction), "
                    "optionally scaled by a constant and masked by a "
                    "constant"};
  std::optional<Value> key = qk->rhsPermutation.empty() ? keyOf(*qk) : qk->rhs;
  if (!key)
    return Mismatch{qk->op, "expected K^T: K read transposed by the "
                            "product's map or a linalg.transpose swapping "
                            "its last two dimensions"};
  // Hugging Face scales Q (or both Q and K) before the product.
  chain.query = withoutScale(qk->lhs, chain.scale);
  chain.key = withoutScale(*key, chain.scale);
  // K^T read in another order: K is its [.., k, j] order with k and j
  // swapped.
  chain.queryPermutation = qk->lhsPermutation;
  chain.keyPermutation = qk->rhsPermutation;
  if (size_t rank = chain.keyPermutation.size())
    std::swap(chain.keyPermutation[rank - 2], chain.keyPermutation[rank - 1]);
  chain.valuePermutation = pv.rhsPermutation;
  // Both products accumulate into zeros; anything else adds to them.
  for (const Product *product :
       std::initializer_list<const Product *>{&*qk, &pv}) {
    auto fill = product->init.getDefiningOp<linalg::FillOp>();
    if (!fill || !matchPattern(fill.getInputs()[0], m_AnyZeroFloat()))
      return Mismatch{product->op,
                      "expected the product to accumulate into zeros "
                      "(linalg.fill of 0)"};
  }
  return chain;
}

/// How [BH, N, D] or [N, D] folds [BH, 1, N, D] or [1, 1, N, D].
SmallVector<ReassociationIndices> oneHeadFolding(int64_t rank) {
  if (rank == 3)
    return {{0, 1}, {2}, {3}};
  return {{0, 1, 2}, {3}};
}

/// [BH, N, D] as [BH, 1, N, D]; [N, D] as [1, 1, N, D].
Value withOneHead(OpBuilder &builder, Location loc, Value value) {
  auto type = cast<RankedTensorType>(value.getType());
  int64_t rank = type.getRank();
  auto expanded = RankedTensorType::get({rank == 3 ? type.getDimSize(0) : 1, 1,
                                         type.getDimSize(rank - 2),
                                         type.getDimSize(rank - 1)},
                                        type.getElementType());
  return tensor::ExpandShapeOp::create(builder, loc, expanded, value,
                                       oneHeadFolding(rank));
}

/// Why sattn.attention cannot take \p heads in place of \p pv (its
/// verifier's terms), or nothing.
std::optional<std::string> unexpressible(const Heads &heads, Operation *pv) {
  auto query = cast<RankedTensorType>(heads.query.getType());
  auto key = cast<RankedTensorType>(heads.key.getType());
  auto result = cast<RankedTensorType>(pv->getResult(0).getType());
  for (Value operand : {heads.query, heads.key, heads.value})
    if (!cast<RankedTensorType>(operand.getType()).hasStaticShape())
      return "expected static shapes";
  if (!isa<Float16Type, Float32Type>(query.getElementType()))
    return "expected f16 or f32 Q, K and V (sattn.attention's types)";
  if (result.getElementType() != query.getElementType() ||
      key.getElementType() != query.getElementType() ||
      cast<RankedTensorType>(heads.value.getType()).getElementType() !=
          query.getElementType())
    return "expected Q, K, V and P V of one element type";
  int64_t rank = query.getRank();
  if (query.getDimSize(rank - 2) > key.getDimSize(rank - 2))
    return "expected no more queries than keys";
  return std::nullopt;
}

/// The pattern of the chain's mask, given \p heads heads to each sequence
/// (the scores' leading index f being sequence f / heads, head f % heads).
FailureOr<pattern::PatternSpec> patternOfMask(const Chain &chain, int64_t heads,
                                              std::string &why) {
  pattern::PatternSpec dense;
  dense.dense = true;
  if (chain.attended.empty())
    return dense;
  // A mask the same for every leading index was read once.
  std::vector<Attended> perHead(chain.attended.size() == 1 ? 1 : heads);
  for (auto [f, attended] : llvm::enumerate(chain.attended)) {
    Attended &head = perHead[f % perHead.size()];
    if (f < perHead.size())
      head = attended;
    else if (head != attended) {
      why = "the mask differs between sequences of the batch";
      return failure();
    }
  }
  if (std::optional<pattern::PatternSpec> spec = patternOfHeads(perHead))
    return *spec;
  why = "the mask is not a dense, causal, window, global-token or sink "
        "pattern";
  if (perHead.size() > 1)
    why += ", nor one for some heads with the others dense";
  return failure();
}

struct SAttnRaiseLinalgPass
    : public sattn::impl::SAttnRaiseLinalgBase<SAttnRaiseLinalgPass> {
  using SAttnRaiseLinalgBase::SAttnRaiseLinalgBase;

  void runOnOperation() override {
    SmallVector<Product> candidates;
    getOperation()->walk([&](Operation *op) {
      // On tensors: one result (a product on memrefs has none).
      if (isa<linalg::BatchMatmulOp, linalg::MatmulOp, linalg::GenericOp>(op) &&
          op->getNumResults() == 1)
        if (std::optional<Product> product = productOf(op->getResult(0)))
          candidates.push_back(*product);
    });
    for (const Product &pv : candidates) {
      Matched matched = match(pv);
      if (auto *mismatch = std::get_if<Mismatch>(&matched))
        report(mismatch->at ? mismatch->at : pv.op, mismatch->expected);
      else if (auto *chain = std::get_if<Chain>(&matched))
        raise(pv, *chain);
    }
  }

private:
  /// A remark at \p at, or an error under strict=true.
  void report(Operation *at, StringRef why) {
    if (strict) {
      at->emitError() << "sattn-raise-linalg: not raised: " << why;
      signalPassFailure();
      return;
    }
    at->emitRemark() << "sattn-raise-linalg: not raised: " << why;
  }

  void raise(const Product &product, const Chain &chain) {
    Operation *pv = product.op;
    std::string why;
    OpBuilder builder(pv);
    Location loc = pv->getLoc();
    SmallVector<Operation *> transposes;
    auto inOrder = [&](Value operand, ArrayRef<int64_t> permutation) -> Value {
      if (permutation.empty())
        return operand;
      auto type = cast<RankedTensorType>(operand.getType());
      SmallVector<int64_t> shape;
      for (int64_t d : permutation)
        shape.push_back(type.getDimSize(d));
      Value init =
          tensor::EmptyOp::create(builder, loc, shape, type.getElementType());
      auto transpose =
          linalg::TransposeOp::create(builder, loc, operand, init, permutation);
      transposes.append({init.getDefiningOp(), transpose});
      return transpose->getResult(0);
    };
    auto refuse = [&](Operation *at, StringRef message) {
      for (Operation *op : llvm::reverse(transposes))
        op->erase();
      report(at, message);
    };
    FailureOr<Heads> heads =
        headsOf(inOrder(chain.query, chain.queryPermutation),
                inOrder(chain.key, chain.keyPermutation),
                inOrder(chain.value, chain.valuePermutation), why);
    if (failed(heads))
      return refuse(pv, why);
    if (std::optional<std::string> unfit = unexpressible(*heads, pv))
      return refuse(pv, *unfit);
    int64_t numHeads =
        heads->oneHeadEach
            ? 1
            : cast<RankedTensorType>(heads->query.getType()).getDimSize(1);
    FailureOr<pattern::PatternSpec> spec = patternOfMask(chain, numHeads, why);
    if (failed(spec))
      return refuse(chain.maskOp ? chain.maskOp : pv, why);
    int64_t rank = rankOf(pv->getResult(0));
    if (heads->oneHeadEach) {
      heads->query = withOneHead(builder, loc, heads->query);
      heads->key = withOneHead(builder, loc, heads->key);
      heads->value = withOneHead(builder, loc, heads->value);
    }
    auto attention = AttentionOp::create(
        builder, loc, heads->query.getType(), heads->query, heads->key,
        heads->value, PatternAttr::fromSpec(&getContext(), *spec),
        builder.getF64FloatAttr(chain.scale));
    Value result = attention.getResult();
    if (rank < 4)
      result = tensor::CollapseShapeOp::create(
          builder, loc, pv->getResultTypes()[0], result, oneHeadFolding(rank));
    pv->getResult(0).replaceAllUsesWith(result);
    eraseDeadChain(pv);
    ++numRaised;
  }

  /// Erases \p op and, transitively, the producers it leaves unused.
  static void eraseDeadChain(Operation *op) {
    SmallVector<Operation *> worklist = {op};
    llvm::DenseSet<Operation *> erased;
    while (!worklist.empty()) {
      Operation *dead = worklist.pop_back_val();
      if (erased.contains(dead) || !dead->use_empty() ||
          !isMemoryEffectFree(dead))
        continue;
      for (Value operand : dead->getOperands())
        if (Operation *producer = operand.getDefiningOp())
          worklist.push_back(producer);
      dead->erase();
      erased.insert(dead);
    }
  }
};

} // namespace
