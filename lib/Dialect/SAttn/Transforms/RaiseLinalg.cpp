//===- RaiseLinalg.cpp - attention in linalg to sattn.attention -----------===//
//
// Matches Q K^T, an optional scale and constant mask, softmax and P V as
// front ends lower them to linalg, and turns the mask into a sparsity
// pattern that the pattern's own semantics reproduce exactly.
//
//===----------------------------------------------------------------------===//

#include "pilot/Dialect/SAttn/SAttnOps.h"
#include "pilot/Dialect/SAttn/SAttnPasses.h"
#include "pilot/Pattern/SparsityPattern.h"

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

namespace {

/// A mask value at most this is "not attended" (front ends use -inf or a
/// large negative, e.g. torch's finfo.min).
constexpr double kMasked = -1e4;

/// The pieces of a matched attention.
struct Chain {
  Value query, key, value;
  double scale = 1.0;
  /// Attended (query row, key) pairs; empty when there is no mask.
  std::vector<std::vector<bool>> attended;
  bool masked = false;
};

/// Why a chain that ends in softmax and P V is not raised.
struct NotRaised {
  std::string why;
};

int64_t rankOf(Value value) {
  return cast<RankedTensorType>(value.getType()).getRank();
}

/// A product of tensors over leading batch dimensions: lhs [.., i, k]
/// times rhs [.., k, j] (or, `rhsTransposed`, rhs [.., j, k]) into init.
struct Product {
  Operation *op;
  Value lhs, rhs, init;
  bool rhsTransposed = false;
};

/// Whether a generic's body is `out + lhs * rhs`.
bool multipliesAndAdds(linalg::GenericOp generic) {
  Block *body = generic.getBody();
  auto multiply = dyn_cast<arith::MulFOp>(body->front());
  if (!multiply || multiply.getLhs() != body->getArgument(0) ||
      multiply.getRhs() != body->getArgument(1))
    return false;
  auto add = dyn_cast<arith::AddFOp>(multiply->getNextNode());
  if (!add || add->getNextNode() != body->getTerminator() ||
      add->getResult(0) != body->getTerminator()->getOperand(0))
    return false;
  return (add.getLhs() == multiply && add.getRhs() == body->getArgument(2)) ||
         (add.getRhs() == multiply && add.getLhs() == body->getArgument(2));
}

/// The product that defines \p value: linalg.batch_matmul or linalg.matmul
/// with linalg's default indexing, or a linalg.generic contraction whose
/// maps are a (batched) matrix product, its rhs transposed or not.
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
  auto generic = dyn_cast_or_null<linalg::GenericOp>(op);
  if (!generic || generic.getNumDpsInputs() != 2 ||
      generic.getNumDpsInits() != 1 || !multipliesAndAdds(generic))
    return std::nullopt;
  // Loops (batch.., i, j, k): out (batch.., i, j), lhs (batch.., i, k),
  // rhs (batch.., k, j) or (batch.., j, k); k alone a reduction.
  int64_t rank = rankOf(value), loops = rank + 1;
  if (rank < 2 || generic.getNumLoops() != loops ||
      generic.getNumReductionLoops() != 1 ||
      generic.getIteratorTypesArray().back() != utils::IteratorType::reduction)
    return std::nullopt;
  MLIRContext *context = op->getContext();
  auto map = [&](std::initializer_list<int64_t> tail) {
    SmallVector<AffineExpr> exprs;
    for (int64_t d = 0; d < rank - 2; ++d)
      exprs.push_back(getAffineDimExpr(d, context));
    for (int64_t d : tail)
      exprs.push_back(getAffineDimExpr(rank - 2 + d, context));
    return AffineMap::get(loops, 0, exprs, context);
  };
  SmallVector<AffineMap> maps = generic.getIndexingMapsArray();
  if (maps[0] != map({0, 2}) || maps[2] != map({0, 1}))
    return std::nullopt;
  bool transposed = maps[1] == map({1, 2});
  if (!transposed && maps[1] != map({2, 1}))
    return std::nullopt;
  return Product{op, generic.getDpsInputs()[0], generic.getDpsInputs()[1],
                 generic.getDpsInits()[0], transposed};
}

/// The splat value of a constant tensor operand.
std::optional<double> splatOf(Value value) {
  DenseElementsAttr constant;
  if (!matchPattern(value, m_Constant(&constant)) || !constant.isSplat())
    return std::nullopt;
  if (!isa<FloatType>(constant.getElementType()))
    return std::nullopt;
  return constant.getSplatValue<APFloat>().convertToDouble();
}

/// The attended pairs of a constant mask of shape [.., N, S] (the same for
/// every sequence and head); `keeps(i)` says whether element i is attended,
/// or sets `why` and fails.
FailureOr<std::vector<std::vector<bool>>>
attendedOf(DenseElementsAttr constant, std::string &why,
           function_ref<FailureOr<bool>(int64_t)> keeps) {
  auto type = cast<RankedTensorType>(constant.getType());
  int64_t rank = type.getRank();
  int64_t rows = type.getDimSize(rank - 2), keys = type.getDimSize(rank - 1);
  int64_t batch = type.getNumElements() / (rows * keys);
  std::vector<std::vector<bool>> attended(rows, std::vector<bool>(keys));
  for (int64_t b = 0; b < batch; ++b)
    for (int64_t r = 0; r < rows; ++r)
      for (int64_t k = 0; k < keys; ++k) {
        FailureOr<bool> keep = keeps((b * rows + r) * keys + k);
        if (failed(keep))
          return failure();
        if (b == 0)
          attended[r][k] = *keep;
        else if (attended[r][k] != *keep) {
          why = "the mask differs between sequences of the batch";
          return failure();
        }
      }
  return attended;
}

constexpr const char *kNotConstant =
    "the mask is not a constant (an argument or computed): its pattern "
    "cannot be known at compile time";

/// An additive mask: 0 where attended, -inf or at most -1e4 where not.
FailureOr<std::vector<std::vector<bool>>> additiveMaskOf(Value mask,
                                                         std::string &why) {
  DenseElementsAttr constant;
  if (!matchPattern(mask, m_Constant(&constant)) ||
      !isa<FloatType>(constant.getElementType())) {
    why = kNotConstant;
    return failure();
  }
  auto values = constant.getValues<APFloat>();
  return attendedOf(constant, why, [&](int64_t i) -> FailureOr<bool> {
    double v = values[i].convertToDouble();
    if (v != 0.0 && !(v <= kMasked)) {
      why = "the mask holds " + std::to_string(v) +
            ": only 0 (attended) and -inf or at most -1e4 (not) are patterns";
      return failure();
    }
    return v == 0.0;
  });
}

/// A select mask: `linalg.generic` choosing the score where a constant i1
/// tensor holds and -inf (or at most -1e4) elsewhere. Sets \p scores.
FailureOr<std::vector<std::vector<bool>>>
selectMaskOf(linalg::GenericOp generic, Value &scores, std::string &why) {
  Block *body = generic.getBody();
  auto select = dyn_cast<arith::SelectOp>(body->front());
  if (generic.getNumDpsInputs() != 2 || !select ||
      body->front().getNextNode() != body->getTerminator())
    return failure();
  // Which input is the condition; the other is the scores.
  auto argumentIndex = [&](Value value) -> int64_t {
    auto argument = dyn_cast<BlockArgument>(value);
    return argument && argument.getOwner() == body ? argument.getArgNumber()
                                                   : -1;
  };
  int64_t condition = argumentIndex(select.getCondition());
  int64_t kept = argumentIndex(select.getTrueValue());
  if (condition < 0 || kept < 0 || condition > 1 || kept > 1 ||
      condition == kept)
    return failure();
  APFloat otherwise(0.0);
  if (!matchPattern(select.getFalseValue(), m_ConstantFloat(&otherwise)) ||
      !(otherwise.convertToDouble() <= kMasked)) {
    why = "the select's other value is not -inf or at most -1e4";
    return failure();
  }
  scores = generic.getDpsInputs()[kept];
  DenseElementsAttr constant;
  if (!matchPattern(generic.getDpsInputs()[condition], m_Constant(&constant))) {
    why = kNotConstant;
    return failure();
  }
  auto values = constant.getValues<bool>();
  return attendedOf(constant, why,
                    [&](int64_t i) -> FailureOr<bool> { return values[i]; });
}

/// Whether \p spec attends exactly \p attended.
bool reproduces(const pattern::PatternSpec &spec,
                const std::vector<std::vector<bool>> &attended) {
  int64_t rows = attended.size(), keys = attended.front().size();
  if (!pattern::validateSpec(spec).empty())
    return false;
  pattern::SparsityPattern sparsity(spec, {rows, keys, 1});
  for (int64_t r = 0; r < rows; ++r)
    for (int64_t k = 0; k < keys; ++k)
      if (sparsity.isAttended(r, k) != attended[r][k])
        return false;
  return true;
}

/// The pattern of a mask: dense or causal, global tokens (rows and
/// columns attended whole), sinks (leading columns every row attends), a
/// window over the rest; checked against the pattern's definition.
std::optional<pattern::PatternSpec>
patternOf(const std::vector<std::vector<bool>> &attended) {
  int64_t rows = attended.size(), keys = attended.front().size();
  auto position = [&](int64_t r) { return keys - rows + r; };
  pattern::PatternSpec spec;
  spec.causal = true;
  for (int64_t r = 0; r < rows && spec.causal; ++r)
    for (int64_t k = position(r) + 1; k < keys; ++k)
      if (attended[r][k]) {
        spec.causal = false;
        break;
      }
  // A key every row allowed to see it attends.
  auto wholeColumn = [&](int64_t k) {
    for (int64_t r = 0; r < rows; ++r)
      if ((!spec.causal || k <= position(r)) && !attended[r][k])
        return false;
    return true;
  };
  auto wholeRow = [&](int64_t r) {
    for (int64_t k = 0; k < keys; ++k)
      if ((!spec.causal || k <= position(r)) && !attended[r][k])
        return false;
    return true;
  };
  bool dense = true;
  for (int64_t r = 0; r < rows && dense; ++r)
    dense = wholeRow(r);
  if (dense) {
    spec.dense = true;
    return reproduces(spec, attended) ? std::optional(spec) : std::nullopt;
  }
  // Sinks and global tokens. Causally, a global token's row is whole only
  // up to it, so leading whole columns are sinks (global token 0 and one
  // sink mask alike; DuoAttention's streaming heads say sinks); otherwise a
  // token whose row and column are whole is global, and sinks are the
  // leading whole columns left.
  auto isGlobal = [&](int64_t k) {
    return llvm::is_contained(spec.globalTokens, k);
  };
  auto takeSinks = [&] {
    while (spec.sinks < keys && !isGlobal(spec.sinks) &&
           wholeColumn(spec.sinks))
      ++spec.sinks;
  };
  if (spec.causal)
    takeSinks();
  if (rows == keys)
    for (int64_t t = spec.sinks; t < rows; ++t)
      if (wholeRow(t) && wholeColumn(t))
        spec.globalTokens.push_back(t);
  if (!spec.causal)
    takeSinks();
  // The window: the reach of what the rest attends.
  int64_t left = -1, right = -1;
  for (int64_t r = 0; r < rows; ++r) {
    if (rows == keys && isGlobal(r))
      continue;
    for (int64_t k = 0; k < keys; ++k)
      if (attended[r][k] && !isGlobal(k) && k >= spec.sinks) {
        left = std::max(left, position(r) - k);
        right = std::max(right, k - position(r));
      }
  }
  if (left >= 0 || right >= 0) {
    spec.hasWindow = true;
    spec.windowLeft = std::max<int64_t>(left, 0);
    spec.windowRight = spec.causal ? 0 : std::max<int64_t>(right, 0);
  }
  if (!reproduces(spec, attended))
    return std::nullopt;
  return spec;
}

/// The operations of a linalg.generic's body, by name, without its yield.
SmallVector<StringRef> bodyOf(linalg::GenericOp generic) {
  SmallVector<StringRef> names;
  for (Operation &op : generic.getBody()->without_terminator())
    names.push_back(op.getName().getStringRef());
  return names;
}

/// Whether the body's first operation takes the first two block arguments
/// in order (x - max, not max - x; e / sum, not sum / e).
bool firstTakesArgumentsInOrder(linalg::GenericOp generic) {
  Block *body = generic.getBody();
  Operation &first = body->front();
  return first.getNumOperands() == 2 &&
         first.getOperand(0) == body->getArgument(0) &&
         first.getOperand(1) == body->getArgument(1);
}

/// A generic whose last dimension alone is a reduction.
bool reducesLastDimension(linalg::GenericOp generic) {
  SmallVector<utils::IteratorType> iterators = generic.getIteratorTypesArray();
  for (auto [i, iterator] : llvm::enumerate(iterators))
    if ((iterator == utils::IteratorType::reduction) !=
        (i + 1 == iterators.size()))
      return false;
  return !iterators.empty();
}

/// The input of a softmax over the last dimension: linalg.softmax or its
/// decomposition into linalg.generic (as linalg.softmax decomposes): the
/// row maximum, exp(x - max), the row sum, the quotient.
std::optional<Value> softmaxInput(Value probs) {
  if (auto softmax = probs.getDefiningOp<linalg::SoftmaxOp>()) {
    if (int64_t(softmax.getDimension()) != rankOf(softmax.getInput()) - 1)
      return std::nullopt;
    return softmax.getInput();
  }
  auto divide = probs.getDefiningOp<linalg::GenericOp>();
  if (!divide || divide.getNumDpsInputs() != 2 ||
      bodyOf(divide) != ArrayRef<StringRef>{"arith.divf"} ||
      !firstTakesArgumentsInOrder(divide))
    return std::nullopt;
  Value exps = divide.getDpsInputs()[0];
  auto sum = divide.getDpsInputs()[1].getDefiningOp<linalg::GenericOp>();
  if (!sum || !reducesLastDimension(sum) || sum.getDpsInputs()[0] != exps ||
      bodyOf(sum) != ArrayRef<StringRef>{"arith.addf"})
    return std::nullopt;
  auto shifted = exps.getDefiningOp<linalg::GenericOp>();
  if (!shifted || shifted.getNumDpsInputs() != 2 ||
      bodyOf(shifted) != ArrayRef<StringRef>{"arith.subf", "math.exp"} ||
      !firstTakesArgumentsInOrder(shifted))
    return std::nullopt;
  Value input = shifted.getDpsInputs()[0];
  auto max = shifted.getDpsInputs()[1].getDefiningOp<linalg::GenericOp>();
  if (!max || !reducesLastDimension(max) || max.getDpsInputs()[0] != input)
    return std::nullopt;
  SmallVector<StringRef> maxBody = bodyOf(max);
  if (maxBody != ArrayRef<StringRef>{"arith.maxnumf"} &&
      maxBody != ArrayRef<StringRef>{"arith.maximumf"})
    return std::nullopt;
  return input;
}

/// Matches the chain that ends in \p pv (P V). Returns nullopt when it is
/// not attention at all, NotRaised when it is but cannot be expressed.
std::optional<std::variant<Chain, NotRaised>> match(const Product &pv) {
  if (pv.rhsTransposed)
    return std::nullopt;
  std::optional<Value> softmaxed = softmaxInput(pv.lhs);
  if (!softmaxed) {
    // A softmax over another dimension is attention the pass cannot take.
    if (pv.lhs.getDefiningOp<linalg::SoftmaxOp>())
      return NotRaised{"the softmax is not over the keys (the last "
                       "dimension)"};
    return std::nullopt;
  }

  Chain chain;
  chain.value = pv.rhs;
  Value scores = *softmaxed;
  if (auto add = scores.getDefiningOp<linalg::AddOp>()) {
    // The mask is whichever operand is not the scores' chain.
    Value lhs = add.getInputs()[0], rhs = add.getInputs()[1];
    bool lhsIsScores =
        lhs.getDefiningOp<linalg::MulOp>() || productOf(lhs).has_value();
    Value mask = lhsIsScores ? rhs : lhs;
    scores = lhsIsScores ? lhs : rhs;
    std::string why;
    FailureOr<std::vector<std::vector<bool>>> attended =
        additiveMaskOf(mask, why);
    if (failed(attended))
      return NotRaised{why};
    chain.attended = std::move(*attended);
    chain.masked = true;
  } else if (auto generic = scores.getDefiningOp<linalg::GenericOp>()) {
    std::string why;
    FailureOr<std::vector<std::vector<bool>>> attended =
        selectMaskOf(generic, scores, why);
    if (failed(attended))
      return why.empty() ? NotRaised{"the scores pass through a "
                                     "linalg.generic that is not a mask"}
                         : NotRaised{why};
    chain.attended = std::move(*attended);
    chain.masked = true;
  }
  if (auto mul = scores.getDefiningOp<linalg::MulOp>()) {
    Value lhs = mul.getInputs()[0], rhs = mul.getInputs()[1];
    std::optional<double> scale = splatOf(rhs);
    scores = lhs;
    if (!scale) {
      scale = splatOf(lhs);
      scores = rhs;
    }
    if (!scale)
      return NotRaised{"the scores are multiplied by something other than a "
                       "splat constant"};
    chain.scale = *scale;
  }
  std::optional<Product> qk = productOf(scores);
  int64_t rank = rankOf(pv.op->getResult(0));
  if (!qk || rankOf(scores) != rank)
    return NotRaised{"the softmax's input is not Q K^T (a linalg.batch_matmul, "
                     "linalg.matmul or contraction, optionally scaled and "
                     "masked)"};
  chain.query = qk->lhs;
  chain.key = qk->rhs;
  if (!qk->rhsTransposed) {
    // K^T: K with its last two dimensions swapped.
    auto transpose = qk->rhs.getDefiningOp<linalg::TransposeOp>();
    SmallVector<int64_t> swapLast =
        llvm::to_vector(llvm::seq<int64_t>(0, rank));
    std::swap(swapLast[rank - 2], swapLast[rank - 1]);
    if (!transpose || transpose.getPermutation() != ArrayRef(swapLast))
      return NotRaised{"K^T is not a linalg.transpose of K swapping its last "
                       "two dimensions"};
    chain.key = transpose.getInput();
  }
  // Both products accumulate into zeros; anything else adds to them.
  for (Value init : {qk->init, pv.init}) {
    auto fill = init.getDefiningOp<linalg::FillOp>();
    if (!fill || !matchPattern(fill.getInputs()[0], m_AnyZeroFloat()))
      return NotRaised{"a product accumulates into something other than "
                       "zeros (linalg.fill of 0)"};
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

/// Q, K and V as [B, H, N, D]: the 4-D tensors a front end collapsed to
/// [B * H, N, D] for the products (torch-mlir's layout), when all three
/// were; nothing otherwise.
std::optional<std::array<Value, 3>> batchAndHeads(const Chain &chain) {
  std::array<Value, 3> operands = {chain.query, chain.key, chain.value};
  for (Value &operand : operands) {
    auto collapse = operand.getDefiningOp<tensor::CollapseShapeOp>();
    if (!collapse || collapse.getSrcType().getRank() != 4 ||
        collapse.getReassociationIndices() !=
            SmallVector<ReassociationIndices>{{0, 1}, {2}, {3}})
      return std::nullopt;
    operand = collapse.getSrc();
  }
  return operands;
}

struct SAttnRaiseLinalgPass
    : public sattn::impl::SAttnRaiseLinalgBase<SAttnRaiseLinalgPass> {
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
      std::optional<std::variant<Chain, NotRaised>> matched = match(pv);
      if (!matched)
        continue;
      if (auto *notRaised = std::get_if<NotRaised>(&*matched)) {
        pv.op->emitRemark()
            << "sattn-raise-linalg: not raised: " << notRaised->why;
        continue;
      }
      raise(pv, std::get<Chain>(*matched));
    }
  }

private:
  void raise(const Product &product, const Chain &chain) {
    Operation *pv = product.op;
    MLIRContext *context = &getContext();
    pattern::PatternSpec spec;
    spec.dense = true;
    if (chain.masked) {
      std::optional<pattern::PatternSpec> inferred = patternOf(chain.attended);
      if (!inferred) {
        pv->emitRemark() << "sattn-raise-linalg: not raised: the mask is not "
                            "a dense, causal, window, global-token or sink "
                            "pattern";
        return;
      }
      spec = *inferred;
    }
    OpBuilder builder(pv);
    Location loc = pv->getLoc();
    // [B, H, N, D] as it is; the heads the front end folded into the batch;
    // or one head a sequence.
    int64_t rank = rankOf(pv->getResult(0));
    Value query = chain.query, key = chain.key, value = chain.value;
    std::optional<std::array<Value, 3>> heads;
    if (rank == 3)
      heads = batchAndHeads(chain);
    if (heads) {
      query = (*heads)[0];
      key = (*heads)[1];
      value = (*heads)[2];
    } else if (rank < 4) {
      query = withOneHead(builder, loc, chain.query);
      key = withOneHead(builder, loc, chain.key);
      value = withOneHead(builder, loc, chain.value);
    }
    auto attention =
        AttentionOp::create(builder, loc, query.getType(), query, key, value,
                            PatternAttr::fromSpec(context, spec),
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
      if (erased.contains(dead) || !dead->use_empty())
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
