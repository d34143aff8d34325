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

/// A batch_matmul with linalg's default indexing (no transposes folded in).
linalg::BatchMatmulOp plainBatchMatmul(Value value) {
  auto op = value.getDefiningOp<linalg::BatchMatmulOp>();
  if (!op || op.hasUserDefinedMaps())
    return nullptr;
  return op;
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

/// The attended pairs of a constant additive mask of shape [BH, N, S],
/// the same for every sequence.
FailureOr<std::vector<std::vector<bool>>> maskOf(Value mask, std::string &why) {
  DenseElementsAttr constant;
  if (!matchPattern(mask, m_Constant(&constant))) {
    why = "the mask is not a constant (an argument or computed): its "
          "pattern cannot be known at compile time";
    return failure();
  }
  auto type = cast<RankedTensorType>(constant.getType());
  int64_t batch = type.getDimSize(0), rows = type.getDimSize(1),
          keys = type.getDimSize(2);
  std::vector<std::vector<bool>> attended(rows, std::vector<bool>(keys));
  auto values = constant.getValues<APFloat>();
  for (int64_t b = 0; b < batch; ++b)
    for (int64_t r = 0; r < rows; ++r)
      for (int64_t k = 0; k < keys; ++k) {
        double v = values[(b * rows + r) * keys + k].convertToDouble();
        bool keep = v == 0.0;
        if (!keep && !(v <= kMasked)) {
          why = "the mask holds " + std::to_string(v) +
                ": only 0 (attended) and -inf or at most -1e4 (not) are "
                "patterns";
          return failure();
        }
        if (b == 0)
          attended[r][k] = keep;
        else if (attended[r][k] != keep) {
          why = "the mask differs between sequences of the batch";
          return failure();
        }
      }
  return attended;
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

PatternAttr patternAttr(MLIRContext *context,
                        const pattern::PatternSpec &spec) {
  SmallVector<int64_t> window;
  if (spec.hasWindow)
    window = {spec.windowLeft, spec.windowRight};
  return PatternAttr::get(context, spec.dense, spec.causal, window,
                          spec.globalTokens, spec.sinks, /*random=*/0,
                          /*seed=*/0, /*random_cols=*/nullptr, /*block=*/1,
                          /*dense_heads=*/{});
}

/// Matches the chain that ends in \p pv (P V). Returns nullopt when it is
/// not attention at all, NotRaised when it is but cannot be expressed.
std::optional<std::variant<Chain, NotRaised>> match(linalg::BatchMatmulOp pv) {
  if (pv.hasUserDefinedMaps())
    return std::nullopt;
  auto softmax = pv.getInputs()[0].getDefiningOp<linalg::SoftmaxOp>();
  if (!softmax)
    return std::nullopt;
  auto inputType = cast<RankedTensorType>(softmax.getInput().getType());
  if (inputType.getRank() != 3 || softmax.getDimension() != 2)
    return NotRaised{"the softmax is not over the last of three dimensions "
                     "[BH, N, S]"};

  Chain chain;
  chain.value = pv.getInputs()[1];
  Value scores = softmax.getInput();
  if (auto add = scores.getDefiningOp<linalg::AddOp>()) {
    // The mask is whichever operand is not the scores' chain.
    Value lhs = add.getInputs()[0], rhs = add.getInputs()[1];
    bool lhsIsScores =
        lhs.getDefiningOp<linalg::MulOp>() || plainBatchMatmul(lhs);
    Value mask = lhsIsScores ? rhs : lhs;
    scores = lhsIsScores ? lhs : rhs;
    std::string why;
    FailureOr<std::vector<std::vector<bool>>> attended = maskOf(mask, why);
    if (failed(attended))
      return NotRaised{why};
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
  linalg::BatchMatmulOp qk = plainBatchMatmul(scores);
  if (!qk)
    return NotRaised{"the softmax's input is not Q K^T (a linalg.batch_matmul, "
                     "optionally scaled and masked)"};
  auto transpose = qk.getInputs()[1].getDefiningOp<linalg::TransposeOp>();
  if (!transpose || transpose.getPermutation() != ArrayRef<int64_t>{0, 2, 1})
    return NotRaised{"K^T is not a linalg.transpose of K with permutation "
                     "[0, 2, 1]"};
  chain.query = qk.getInputs()[0];
  chain.key = transpose.getInput();
  // Both products accumulate into zeros; anything else adds to them.
  for (Value init : {qk.getOutputs()[0], pv.getOutputs()[0]}) {
    auto fill = init.getDefiningOp<linalg::FillOp>();
    if (!fill || !matchPattern(fill.getInputs()[0], m_AnyZeroFloat()))
      return NotRaised{"a product accumulates into something other than "
                       "zeros (linalg.fill of 0)"};
  }
  return chain;
}

/// [BH, N, D] as [BH, 1, N, D].
Value withOneHead(OpBuilder &builder, Location loc, Value value) {
  auto type = cast<RankedTensorType>(value.getType());
  auto expanded = RankedTensorType::get(
      {type.getDimSize(0), 1, type.getDimSize(1), type.getDimSize(2)},
      type.getElementType());
  return tensor::ExpandShapeOp::create(
      builder, loc, expanded, value,
      ArrayRef<ReassociationIndices>{{0, 1}, {2}, {3}});
}

struct SAttnRaiseLinalgPass
    : public sattn::impl::SAttnRaiseLinalgBase<SAttnRaiseLinalgPass> {
  void runOnOperation() override {
    SmallVector<linalg::BatchMatmulOp> candidates;
    getOperation()->walk(
        [&](linalg::BatchMatmulOp op) { candidates.push_back(op); });
    for (linalg::BatchMatmulOp pv : candidates) {
      std::optional<std::variant<Chain, NotRaised>> matched = match(pv);
      if (!matched)
        continue;
      if (auto *notRaised = std::get_if<NotRaised>(&*matched)) {
        pv.emitRemark() << "sattn-raise-linalg: not raised: " << notRaised->why;
        continue;
      }
      raise(pv, std::get<Chain>(*matched));
    }
  }

private:
  void raise(linalg::BatchMatmulOp pv, const Chain &chain) {
    MLIRContext *context = &getContext();
    pattern::PatternSpec spec;
    spec.dense = true;
    if (chain.masked) {
      std::optional<pattern::PatternSpec> inferred = patternOf(chain.attended);
      if (!inferred) {
        pv.emitRemark() << "sattn-raise-linalg: not raised: the mask is not "
                           "a dense, causal, window, global-token or sink "
                           "pattern";
        return;
      }
      spec = *inferred;
    }
    OpBuilder builder(pv);
    Location loc = pv.getLoc();
    Value query = withOneHead(builder, loc, chain.query);
    Value key = withOneHead(builder, loc, chain.key);
    Value value = withOneHead(builder, loc, chain.value);
    auto attention = AttentionOp::create(builder, loc, query.getType(), query,
                                         key, value, patternAttr(context, spec),
                                         builder.getF64FloatAttr(chain.scale));
    Value result = tensor::CollapseShapeOp::create(
        builder, loc, pv.getResultTypes()[0], attention.getResult(),
        ArrayRef<ReassociationIndices>{{0, 1}, {2}, {3}});
    Operation *root = pv;
    pv->getResult(0).replaceAllUsesWith(result);
    eraseDeadChain(root);
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
