//===- Decompose.cpp - attention into SDDMM, softmax and SpMM parts -------===//

#include "pilot/Dialect/SAttn/SAttnOps.h"
#include "pilot/Dialect/SAttn/SAttnPasses.h"

#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/IR/PatternMatch.h"
#include "mlir/Transforms/GreedyPatternRewriteDriver.h"

namespace pilot::sattn {
#define GEN_PASS_DEF_SATTNDECOMPOSE
#include "pilot/Dialect/SAttn/SAttnPasses.h.inc"
} // namespace pilot::sattn

using namespace mlir;
using namespace pilot;
using namespace pilot::sattn;

namespace {

struct Part {
  RowClass rows;
  HeadClass heads;
};

/// The parts PILOT maps differently (docs of SAttnDecompose).
SmallVector<Part> partsOf(AttentionOp attention) {
  pattern::AttentionProblem problem = attention.getProblem();
  const pattern::PatternSpec &spec = problem.pattern;
  int64_t denseHeads = int64_t(spec.denseHeads.size());
  bool allDense = denseHeads == problem.heads;
  HeadClass sparse = denseHeads > 0 ? HeadClass::Sparse : HeadClass::All;

  // With every head dense there is no sparse part: the components apply to
  // no head, and every row of every head attends every key.
  if (allDense)
    return {Part{RowClass::All, HeadClass::Dense}};
  SmallVector<Part> parts;
  bool splitRows = problem.isPrefill() && !spec.globalTokens.empty();
  if (splitRows) {
    pattern::SparsityPattern sparsity(spec, problem.shape());
    bool anyNonGlobal = false;
    for (int64_t row = 0; row < problem.queries && !anyNonGlobal; ++row)
      anyNonGlobal = !sparsity.isGlobalRow(row);
    if (anyNonGlobal)
      parts.push_back({RowClass::NonGlobal, sparse});
    parts.push_back({RowClass::Global, sparse});
  } else {
    parts.push_back({RowClass::All, sparse});
  }
  if (denseHeads > 0)
    parts.push_back({RowClass::All, HeadClass::Dense});
  return parts;
}

struct DecomposeAttention : public OpRewritePattern<AttentionOp> {
  DecomposeAttention(MLIRContext *context, llvm::Statistic &parts)
      : OpRewritePattern(context), numParts(parts) {}

  LogicalResult matchAndRewrite(AttentionOp attention,
                                PatternRewriter &rewriter) const override {
    Location loc = attention.getLoc();
    RankedTensorType queryType = attention.getQuery().getType();
    RankedTensorType keyType = attention.getKey().getType();
    auto scoresType =
        RankedTensorType::get({queryType.getDimSize(0), queryType.getDimSize(1),
                               queryType.getDimSize(2), keyType.getDimSize(2)},
                              queryType.getElementType());
    FloatAttr scale = rewriter.getF64FloatAttr(attention.getScaleOrDefault());
    // Extents past the sequence attend nothing more; cut, they keep every
    // pass's arithmetic within it.
    PatternAttr pattern = PatternAttr::fromSpec(
        getContext(),
        pattern::clampToShape(attention.getPattern().getSpec(),
                              pattern::PatternShape{queryType.getDimSize(2),
                                                    keyType.getDimSize(2),
                                                    queryType.getDimSize(1)}));

    SmallVector<Part> parts = partsOf(attention);
    // A part that selects rows or heads writes into the others' tensor, even
    // when it is the only part (every head dense, every row global).
    bool partial = parts.size() > 1 || parts.front().rows != RowClass::All ||
                   parts.front().heads != HeadClass::All;
    Value result;
    if (partial)
      result = tensor::EmptyOp::create(rewriter, loc, queryType.getShape(),
                                       queryType.getElementType());
    for (const Part &part : parts) {
      auto rows = RowClassAttr::get(getContext(), part.rows);
      auto heads = HeadClassAttr::get(getContext(), part.heads);
      Value scores =
          SddmmOp::create(rewriter, loc, scoresType, attention.getQuery(),
                          attention.getKey(), pattern, scale, rows, heads);
      Value probs =
          SoftmaxOp::create(rewriter, loc, scores, pattern, rows, heads);
      result =
          SpmmOp::create(rewriter, loc, queryType, probs, attention.getValue(),
                         result, pattern, rows, heads);
      ++numParts;
    }
    rewriter.replaceOp(attention, result);
    return success();
  }

  llvm::Statistic &numParts;
};

struct SAttnDecomposePass
    : public sattn::impl::SAttnDecomposeBase<SAttnDecomposePass> {
  void runOnOperation() override {
    int64_t attentions = 0;
    getOperation()->walk([&](AttentionOp) { ++attentions; });
    RewritePatternSet patterns(&getContext());
    patterns.add<DecomposeAttention>(&getContext(), numParts);
    if (failed(applyPatternsGreedily(getOperation(), std::move(patterns))))
      return signalPassFailure();
    numDecomposed += attentions;
  }
};

} // namespace
