//===- RaiseMask.cpp - constant masks and the patterns they are -----------===//
//
// Reads a constant mask (added to the scores, or the condition of a select;
// broadcast over batch and heads through its map, perhaps a slice of a
// larger cached mask) and finds the sparsity pattern that reproduces it
// element by element.
//
//===----------------------------------------------------------------------===//

#include "RaiseLinalgInternals.h"

#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/Dialect/Utils/IndexingUtils.h"
#include "mlir/IR/BuiltinAttributes.h"
#include "mlir/IR/Matchers.h"

using namespace mlir;

namespace pilot::sattn::raise {
namespace {

/// A mask value at most this is "not attended" (front ends use -inf or a
/// large negative, e.g. torch's finfo.min).
constexpr double kMasked = -1e4;

constexpr const char *kNotConstant =
    "the mask is not a constant (an argument or computed): its pattern "
    "cannot be known at compile time";

/// A constant tensor, perhaps a static slice of one (a cached causal mask
/// cut to the sequence): its elements and the offsets of the slice.
struct ConstantView {
  DenseElementsAttr elements;
  SmallVector<int64_t> offsets;
};

std::optional<ConstantView> constantView(Value tensor) {
  ConstantView view;
  int64_t rank = cast<RankedTensorType>(tensor.getType()).getRank();
  view.offsets.assign(rank, 0);
  if (auto slice = tensor.getDefiningOp<tensor::ExtractSliceOp>()) {
    if (!slice.hasUnitStride() || slice.getSourceType().getRank() != rank ||
        ShapedType::isDynamicShape(slice.getStaticOffsets()))
      return std::nullopt;
    view.offsets = llvm::to_vector(slice.getStaticOffsets());
    tensor = slice.getSource();
  }
  if (!matchPattern(tensor, m_Constant(&view.elements)))
    return std::nullopt;
  return view;
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
} // namespace

std::optional<pattern::PatternSpec> patternOf(const Attended &attended) {
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

FailureOr<std::vector<Attended>> attendedOf(const Expr &read,
                                            ArrayRef<int64_t> scoresShape,
                                            bool isCondition,
                                            std::string &why) {
  std::optional<ConstantView> view =
      read.kind == Expr::Kind::Read ? constantView(read.tensor) : std::nullopt;
  if (!view) {
    why = kNotConstant;
    return failure();
  }
  DenseElementsAttr elements = view->elements;
  bool isFloat = isa<FloatType>(elements.getElementType());
  if (isCondition == isFloat) {
    why = kNotConstant;
    return failure();
  }
  auto type = cast<RankedTensorType>(elements.getType());
  SmallVector<int64_t> strides = computeStrides(type.getShape());
  size_t rank = scoresShape.size();
  int64_t rows = scoresShape[rank - 2], keys = scoresShape[rank - 1];
  int64_t leading = computeProduct(scoresShape.drop_back(2));
  // A mask the map reads the same for every leading index is read once.
  bool perLeading = false;
  for (unsigned d = 0; d + 2 < rank; ++d)
    perLeading |= read.map.isFunctionOfDim(d);
  std::vector<Attended> attended(perLeading ? leading : 1,
                                 Attended(rows, std::vector<bool>(keys)));
  std::optional<DenseElementsAttr::iterator_range<APFloat>> floats;
  std::optional<DenseElementsAttr::iterator_range<bool>> bools;
  if (isFloat)
    floats = elements.getValues<APFloat>();
  else
    bools = elements.getValues<bool>();
  SmallVector<int64_t> loops(rank);
  for (int64_t b = 0; b < int64_t(attended.size()); ++b) {
    delinearize(b, computeStrides(scoresShape.drop_back(2))).swap(loops);
    loops.resize(rank);
    for (int64_t r = 0; r < rows; ++r)
      for (int64_t k = 0; k < keys; ++k) {
        loops[rank - 2] = r;
        loops[rank - 1] = k;
        SmallVector<int64_t> index = read.map.compose(loops);
        for (auto [i, offset] : llvm::enumerate(view->offsets))
          index[i] += offset;
        int64_t linear = linearize(index, strides);
        if (!isFloat) {
          attended[b][r][k] = (*bools)[linear];
          continue;
        }
        double v = (*floats)[linear].convertToDouble();
        if (v != 0.0 && !(v <= kMasked)) {
          why = "the mask holds " + std::to_string(v) +
                ": only 0 (attended) and -inf or at most -1e4 (not) are "
                "patterns";
          return failure();
        }
        attended[b][r][k] = v == 0.0;
      }
  }
  return attended;
}

std::optional<pattern::PatternSpec>
patternOfHeads(const std::vector<Attended> &perHead) {
  const Attended *sparse = &perHead.front();
  for (const Attended &attended : perHead)
    if (std::optional<pattern::PatternSpec> spec = patternOf(attended);
        !spec || !spec->dense) {
      sparse = &attended;
      break;
    }
  std::optional<pattern::PatternSpec> spec = patternOf(*sparse);
  if (!spec)
    return std::nullopt;
  for (auto [head, attended] : llvm::enumerate(perHead))
    if (attended != *sparse)
      spec->denseHeads.push_back(head);
  if (spec->denseHeads.empty())
    return spec;
  if (!pattern::validateSpec(*spec).empty())
    return std::nullopt;
  int64_t rows = sparse->size(), keys = sparse->front().size();
  pattern::SparsityPattern sparsity(*spec, {rows, keys, 1});
  for (auto [head, attended] : llvm::enumerate(perHead))
    for (int64_t r = 0; r < rows; ++r)
      for (int64_t k = 0; k < keys; ++k)
        if (sparsity.isAttended(r, k, head) != attended[r][k])
          return std::nullopt;
  return spec;
}

bool isMaskedValue(double value) { return value <= kMasked; }

} // namespace pilot::sattn::raise
