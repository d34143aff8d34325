//===- SAttnOps.cpp - sparse attention operations -------------------------===//

#include "pilot/Dialect/SAttn/SAttnOps.h"

#include "pilot/Hardware/HardwareDescription.h"

#include "llvm/Support/CheckedArithmetic.h"

#include <cmath>

using namespace mlir;
using namespace pilot;
using namespace pilot::sattn;

//===----------------------------------------------------------------------===//
// Shape rules shared by the attention ops
//===----------------------------------------------------------------------===//

namespace {

/// One named 4-D operand or result, [batch, heads, rows, columns].
struct NamedTensor {
  StringRef name;
  RankedTensorType type;

  int64_t batch() const { return type.getDimSize(0); }
  int64_t heads() const { return type.getDimSize(1); }
  int64_t rows() const { return type.getDimSize(2); }
  int64_t cols() const { return type.getDimSize(3); }
};

NamedTensor named(StringRef name, Value value) {
  return {name, cast<RankedTensorType>(value.getType())};
}

LogicalResult verifyStaticAndSameElementType(Operation *op,
                                             ArrayRef<NamedTensor> tensors) {
  for (const NamedTensor &tensor : tensors) {
    if (!tensor.type.hasStaticShape())
      return op->emitOpError()
             << tensor.name << " must have a static shape, got " << tensor.type;
    if (!hw::fp16Bytes(tensor.type.getShape()))
      return op->emitOpError() << tensor.name << " " << tensor.type
                               << " has more bytes than int64 counts";
  }
  Type elementType = tensors.front().type.getElementType();
  for (const NamedTensor &tensor : tensors.drop_front())
    if (tensor.type.getElementType() != elementType)
      return op->emitOpError()
             << tensor.name << " element type " << tensor.type.getElementType()
             << " differs from " << tensors.front().name << " element type "
             << elementType;
  return success();
}

/// A query-side tensor [B, H, N, *] against a key-side tensor [B, Hkv, S, *]:
/// same batch, Hkv divides H (grouped-query attention).
LogicalResult verifyHeads(Operation *op, const NamedTensor &query,
                          const NamedTensor &key) {
  if (query.batch() != key.batch())
    return op->emitOpError()
           << key.name << " batch " << key.batch() << " differs from "
           << query.name << " batch " << query.batch();
  if (query.heads() % key.heads() != 0)
    return op->emitOpError()
           << key.name << " heads (" << key.heads() << ") must divide "
           << query.name << " heads (" << query.heads() << ")";
  return success();
}

LogicalResult verifyDim(Operation *op, const NamedTensor &tensor, unsigned dim,
                        StringRef dimName, int64_t expected,
                        StringRef expectedFrom) {
  int64_t actual = tensor.type.getDimSize(dim);
  if (actual == expected)
    return success();
  return op->emitOpError() << tensor.name << " " << dimName << " (dim " << dim
                           << ") is " << actual << " but " << expectedFrom
                           << " needs " << expected;
}

/// N queries against S keys: N <= S, the B x H x N x S scores are countable,
/// and the pattern fits that shape.
LogicalResult verifyPatternFits(Operation *op, PatternAttr pattern,
                                int64_t batch, int64_t queries, int64_t keys,
                                int64_t heads) {
  if (!hw::fp16Bytes({batch, heads, queries, keys}))
    return op->emitOpError()
           << "has " << batch << " x " << heads << " x " << queries << " x "
           << keys << " scores (batch x heads x queries x keys), more bytes "
           << "than int64 counts";
  if (queries > keys)
    return op->emitOpError() << "has " << queries << " queries but only "
                             << keys << " keys; queries are the newest "
                             << "positions, so there cannot be more of them";
  std::vector<std::string> errors = pattern::validateSpec(
      pattern.getSpec(), pattern::PatternShape{queries, keys, heads});
  if (errors.empty())
    return success();
  InFlightDiagnostic diag = op->emitOpError()
                            << "pattern does not fit " << queries
                            << " queries x " << keys << " keys x " << heads
                            << " heads: " << errors.front();
  for (const std::string &error : llvm::drop_begin(errors))
    diag.attachNote() << error;
  return failure();
}

LogicalResult verifyScale(Operation *op, double scale) {
  if (std::isfinite(scale) && scale > 0)
    return success();
  return op->emitOpError() << "scale must be positive and finite, got "
                           << scale;
}

/// The part a decomposed op computes must exist in its problem.
LogicalResult verifyPart(Operation *op, PatternAttr pattern, int64_t queries,
                         int64_t keys, int64_t heads, RowClass rows,
                         HeadClass headClass) {
  pattern::PatternSpec spec = pattern.getSpec();
  if (rows != RowClass::All && queries < keys)
    return op->emitOpError()
           << "selects rows = " << stringifyRowClass(rows)
           << ", but a decoding problem (" << queries << " queries x " << keys
           << " keys) splits every row by columns; use rows = all";
  if (rows == RowClass::Global && spec.globalTokens.empty())
    return op->emitOpError(
        "selects rows = global, but the pattern has no global_tokens");
  if (headClass == HeadClass::Dense && spec.denseHeads.empty())
    return op->emitOpError(
        "selects heads = dense, but the pattern has no dense_heads");
  if (headClass == HeadClass::Sparse &&
      int64_t(spec.denseHeads.size()) >= heads)
    return op->emitOpError("selects heads = sparse, but every one of its ")
           << heads << " heads is a dense head";
  if (headClass == HeadClass::Dense && rows != RowClass::All)
    return op->emitOpError("selects rows = ")
           << stringifyRowClass(rows)
           << " of the dense heads, whose rows all attend every key; use "
              "rows = all";
  return success();
}

/// [B, H, N, D] queries, [B, Hkv, S, D] keys.
LogicalResult verifyQueryKey(Operation *op, const NamedTensor &query,
                             const NamedTensor &key) {
  if (failed(verifyHeads(op, query, key)))
    return failure();
  return verifyDim(op, key, 3, "head dim", query.cols(), query.name);
}

} // namespace

//===----------------------------------------------------------------------===//
// AttentionOp
//===----------------------------------------------------------------------===//

double AttentionOp::getScaleOrDefault() {
  if (std::optional<llvm::APFloat> scale = getScale())
    return scale->convertToDouble();
  return 1.0 / std::sqrt(double(getQuery().getType().getDimSize(3)));
}

namespace {
/// The problem of query [B, H, N, D] against key [B, Hkv, S, D].
pattern::AttentionProblem problemOf(RankedTensorType queryType,
                                    RankedTensorType keyType,
                                    PatternAttr pattern) {
  ArrayRef<int64_t> query = queryType.getShape();
  ArrayRef<int64_t> key = keyType.getShape();
  pattern::AttentionProblem problem;
  problem.batch = query[0];
  problem.heads = query[1];
  problem.queries = query[2];
  problem.headDim = query[3];
  problem.kvHeads = key[1];
  problem.keys = key[2];
  problem.pattern = pattern.getSpec();
  return problem;
}
} // namespace

pattern::AttentionProblem AttentionOp::getProblem() {
  return problemOf(getQuery().getType(), getKey().getType(), getPattern());
}

LogicalResult AttentionOp::verify() {
  NamedTensor query = named("query", getQuery());
  NamedTensor key = named("key", getKey());
  NamedTensor value = named("value", getValue());
  NamedTensor result = named("result", getResult());
  if (failed(
          verifyStaticAndSameElementType(*this, {query, key, value, result})) ||
      failed(verifyQueryKey(*this, query, key)))
    return failure();
  if (value.type.getShape() != key.type.getShape())
    return emitOpError() << "value shape " << value.type
                         << " must equal key shape " << key.type;
  if (result.type != query.type)
    return emitOpError() << "result type " << result.type
                         << " must equal query type " << query.type;
  if (failed(verifyScale(*this, getScaleOrDefault())))
    return failure();
  return verifyPatternFits(*this, getPattern(), query.batch(), query.rows(),
                           key.rows(), query.heads());
}

//===----------------------------------------------------------------------===//
// SddmmOp
//===----------------------------------------------------------------------===//

pattern::AttentionProblem SddmmOp::getProblem() {
  return problemOf(getQuery().getType(), getKey().getType(), getPattern());
}

std::vector<pattern::Interval> SddmmOp::getPartRowRuns() {
  pattern::AttentionProblem problem = getProblem();
  RowClass rows = getRows();
  if (rows == RowClass::All || !problem.isPrefill())
    return rows == RowClass::Global
               ? std::vector<pattern::Interval>{}
               : std::vector<pattern::Interval>{{0, problem.queries}};
  pattern::SparsityPattern sparsity(problem.pattern, problem.shape());
  bool global = rows == RowClass::Global;
  std::vector<pattern::Interval> runs;
  for (int64_t row = 0; row < problem.queries; ++row) {
    if (sparsity.isGlobalRow(row) != global)
      continue;
    if (!runs.empty() && runs.back().end == row)
      ++runs.back().end;
    else
      runs.push_back({row, row + 1});
  }
  return runs;
}

SmallVector<Operation *> SddmmOp::getPartOps() {
  SmallVector<Operation *> ops = {*this};
  for (Operation *user : getOperation()->getUsers())
    if (auto softmax = dyn_cast<SoftmaxOp>(user)) {
      ops.push_back(softmax);
      for (Operation *probsUser : softmax->getUsers())
        if (isa<SpmmOp>(probsUser))
          ops.push_back(probsUser);
    }
  return ops;
}

LogicalResult SddmmOp::verify() {
  NamedTensor query = named("query", getQuery());
  NamedTensor key = named("key", getKey());
  NamedTensor scores = named("scores", getScores());
  if (failed(verifyStaticAndSameElementType(*this, {query, key, scores})) ||
      failed(verifyQueryKey(*this, query, key)) ||
      failed(verifyScale(*this, getScale().convertToDouble())))
    return failure();
  if (failed(verifyDim(*this, scores, 0, "batch", query.batch(), "query")) ||
      failed(verifyDim(*this, scores, 1, "heads", query.heads(), "query")) ||
      failed(verifyDim(*this, scores, 2, "rows", query.rows(), "query")) ||
      failed(verifyDim(*this, scores, 3, "columns", key.rows(), "key")))
    return failure();
  if (failed(verifyPatternFits(*this, getPattern(), query.batch(), query.rows(),
                               key.rows(), query.heads())))
    return failure();
  return verifyPart(*this, getPattern(), query.rows(), key.rows(),
                    query.heads(), getRows(), getHeads());
}

//===----------------------------------------------------------------------===//
// SoftmaxOp
//===----------------------------------------------------------------------===//

LogicalResult SoftmaxOp::verify() {
  NamedTensor scores = named("scores", getScores());
  if (failed(verifyStaticAndSameElementType(*this, {scores})) ||
      failed(verifyPatternFits(*this, getPattern(), scores.batch(),
                               scores.rows(), scores.cols(), scores.heads())))
    return failure();
  return verifyPart(*this, getPattern(), scores.rows(), scores.cols(),
                    scores.heads(), getRows(), getHeads());
}

//===----------------------------------------------------------------------===//
// SpmmOp
//===----------------------------------------------------------------------===//

LogicalResult SpmmOp::verify() {
  NamedTensor probs = named("probs", getProbs());
  NamedTensor value = named("value", getValue());
  NamedTensor result = named("result", getResult());
  if (failed(verifyStaticAndSameElementType(*this, {probs, value, result})) ||
      failed(verifyHeads(*this, probs, value)))
    return failure();
  if (failed(verifyDim(*this, value, 2, "keys", probs.cols(), "probs")) ||
      failed(verifyDim(*this, result, 0, "batch", probs.batch(), "probs")) ||
      failed(verifyDim(*this, result, 1, "heads", probs.heads(), "probs")) ||
      failed(verifyDim(*this, result, 2, "rows", probs.rows(), "probs")) ||
      failed(verifyDim(*this, result, 3, "head dim", value.cols(), "value")))
    return failure();
  if (failed(verifyPatternFits(*this, getPattern(), probs.batch(), probs.rows(),
                               probs.cols(), probs.heads())) ||
      failed(verifyPart(*this, getPattern(), probs.rows(), probs.cols(),
                        probs.heads(), getRows(), getHeads())))
    return failure();
  bool partial = getRows() != RowClass::All || getHeads() != HeadClass::All;
  if (partial && !getInit())
    return emitOpError("computes a part of the output, so it needs `into` "
                       "an init tensor holding the other parts");
  if (getInit() && getInit().getType() != getResult().getType())
    return emitOpError() << "init type " << getInit().getType()
                         << " must equal result type " << result.type;
  return success();
}

#define GET_OP_CLASSES
#include "pilot/Dialect/SAttn/SAttnOps.cpp.inc"
