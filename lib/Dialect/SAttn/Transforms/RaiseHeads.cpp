//===- RaiseHeads.cpp - where Q, K and V's heads come from ----------------===//
//
// Follows the product operands back through the reshapes and broadcasts a
// front end wraps around them (heads folded into the batch, K and V
// repeated for grouped-query attention as Hugging Face's repeat_kv or
// tosa.tile does) to the [B, H, N, D] and [B, Hkv, S, D] tensors, checking
// which head each batch entry reads.
//
//===----------------------------------------------------------------------===//

#include "RaiseLinalgInternals.h"

#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/Dialect/Utils/IndexingUtils.h"

using namespace mlir;

namespace pilot::sattn::raise {
namespace {

ArrayRef<int64_t> shapeOf(Value value) {
  return cast<RankedTensorType>(value.getType()).getShape();
}

/// One step back from \p value at \p index to the tensor it copies, or
/// nothing when \p value is not a view or broadcast of another tensor.
std::optional<Value> stepBack(Value value, SmallVector<int64_t> &index) {
  Operation *op = value.getDefiningOp();
  if (auto collapse = dyn_cast_or_null<tensor::CollapseShapeOp>(op)) {
    ArrayRef<int64_t> source = collapse.getSrcType().getShape();
    SmallVector<int64_t> expanded;
    for (auto [i, group] :
         llvm::enumerate(collapse.getReassociationIndices())) {
      SmallVector<int64_t> sizes;
      for (int64_t d : group)
        sizes.push_back(source[d]);
      llvm::append_range(expanded,
                         delinearize(index[i], computeStrides(sizes)));
    }
    index = expanded;
    return collapse.getSrc();
  }
  if (auto expand = dyn_cast_or_null<tensor::ExpandShapeOp>(op)) {
    ArrayRef<int64_t> result = expand.getResultType().getShape();
    SmallVector<int64_t> collapsed;
    for (ReassociationIndices group : expand.getReassociationIndices()) {
      SmallVector<int64_t> sizes, offsets;
      for (int64_t d : group) {
        sizes.push_back(result[d]);
        offsets.push_back(index[d]);
      }
      collapsed.push_back(linearize(offsets, computeStrides(sizes)));
    }
    index = collapsed;
    return expand.getSrc();
  }
  if (auto broadcast = dyn_cast_or_null<linalg::BroadcastOp>(op)) {
    SmallVector<int64_t> kept;
    for (auto [d, i] : llvm::enumerate(index))
      if (!llvm::is_contained(broadcast.getDimensions(), int64_t(d)))
        kept.push_back(i);
    index = kept;
    return broadcast.getInput();
  }
  if (auto generic = dyn_cast_or_null<linalg::GenericOp>(op);
      generic && copiesItsInput(generic)) {
    index = generic.getIndexingMapsArray()[0].compose(index);
    return generic.getDpsInputs()[0];
  }
  return std::nullopt;
}

/// The tensor \p value's element at \p index is copied from, and where.
Value originOf(Value value, SmallVector<int64_t> &index) {
  while (std::optional<Value> source = stepBack(value, index))
    value = *source;
  return value;
}

/// Whether every batch entry of \p operand [.., X, D] (its leading dims
/// folding B * H heads) reads head `(h / group)` of \p source [B, Hs, X, D]
/// at the same (x, d); checked at the first, second and last x and d.
bool readsHeads(Value operand, Value source, int64_t heads, int64_t group) {
  ArrayRef<int64_t> shape = shapeOf(operand);
  size_t rank = shape.size();
  SmallVector<int64_t> leadingStrides = computeStrides(shape.drop_back(2));
  int64_t entries = computeProduct(shape.drop_back(2));
  auto samples = [](int64_t size) {
    return SmallVector<int64_t>{0, std::min<int64_t>(1, size - 1), size - 1};
  };
  for (int64_t f = 0; f < entries; ++f)
    for (int64_t x : samples(shape[rank - 2]))
      for (int64_t d : samples(shape[rank - 1])) {
        SmallVector<int64_t> index = delinearize(f, leadingStrides);
        index.resize(rank - 2);
        index.append({x, d});
        if (originOf(operand, index) != source ||
            index != SmallVector<int64_t>{f / heads, (f % heads) / group, x, d})
          return false;
      }
  return true;
}

} // namespace

FailureOr<Heads> headsOf(Value query, Value key, Value value,
                         std::string &why) {
  auto sourceOf = [](Value operand) {
    SmallVector<int64_t> index(shapeOf(operand).size(), 0);
    return originOf(operand, index);
  };
  Heads found{sourceOf(query), sourceOf(key), sourceOf(value)};
  if (shapeOf(found.query).size() != 4) {
    // Nothing to recover heads from: [BH, N, D] or [N, D] as they are.
    if (found.key != key || found.value != value ||
        shapeOf(query).size() == 4) {
      why = "Q is not read from a [B, H, N, D] tensor while K or V is "
            "reshaped or broadcast: the heads cannot be recovered";
      return failure();
    }
    return Heads{query, key, value, /*oneHeadEach=*/true};
  }
  int64_t heads = shapeOf(found.query)[1];
  if (heads <= 0) {
    why = "Q has no heads";
    return failure();
  }
  if (!readsHeads(query, found.query, heads, 1)) {
    why = "the products' batch entries do not read Q's heads in order "
          "(batch-major, then heads)";
    return failure();
  }
  for (Value operand : {key, value}) {
    Value source = operand == key ? found.key : found.value;
    ArrayRef<int64_t> shape = shapeOf(source);
    if (shape.size() != 4 || shape[1] == 0 || heads % shape[1] != 0 ||
        !readsHeads(operand, source, heads, heads / shape[1])) {
      why = "K or V is not read from a [B, Hkv, S, D] tensor, each of its "
            "heads repeated for H / Hkv query heads in order";
      return failure();
    }
  }
  if (shapeOf(found.key)[1] != shapeOf(found.value)[1]) {
    why = "K and V have different numbers of heads";
    return failure();
  }
  return found;
}

} // namespace pilot::sattn::raise
