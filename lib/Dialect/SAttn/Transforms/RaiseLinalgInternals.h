//===- RaiseLinalgInternals.h - matchers of sattn-raise-linalg --*- C++ -*-===//
//
// The pieces sattn-raise-linalg recognises attention from, each in the file
// named after what it recognises: products (RaiseProducts.cpp), elementwise
// expressions and the softmax (RaiseSoftmax.cpp), masks and their patterns
// (RaiseMask.cpp), and where Q, K and V's heads come from (RaiseHeads.cpp).
//
//===----------------------------------------------------------------------===//

#ifndef PILOT_DIALECT_SATTN_TRANSFORMS_RAISELINALGINTERNALS_H
#define PILOT_DIALECT_SATTN_TRANSFORMS_RAISELINALGINTERNALS_H

#include "pilot/Pattern/SparsityPattern.h"

#include "mlir/IR/AffineMap.h"
#include "mlir/IR/Value.h"
#include "llvm/ADT/SmallVector.h"

#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace pilot::sattn::raise {

/// Where and why a chain that looks like attention stopped matching.
struct Mismatch {
  mlir::Operation *at;
  std::string expected;
};

//===----------------------------------------------------------------------===//
// Products
//===----------------------------------------------------------------------===//

/// A product of tensors over leading batch dimensions: lhs [.., i, k]
/// times rhs [.., k, j] (or, `rhsTransposed`, rhs [.., j, k]) into init.
struct Product {
  mlir::Operation *op;
  mlir::Value lhs, rhs, init;
  bool rhsTransposed = false;
  /// A contraction reading its operands in another dimension order
  /// (StableHLO's dot_general): the linalg.transpose permutations that give
  /// lhs [.., i, k] and rhs [.., k, j]; empty when they are already so.
  llvm::SmallVector<int64_t> lhsPermutation, rhsPermutation;
};

/// The product that defines \p value, in any of linalg's forms.
std::optional<Product> productOf(mlir::Value value);

/// Whether \p op is a linalg.generic that only copies its one input, read
/// through a map (a broadcast, a transpose, a reshape of unit dimensions).
bool copiesItsInput(mlir::Operation *op);

/// K from the rhs of Q K^T: the rhs itself when the product reads it
/// transposed, else the input of a linalg.transpose of its last two dims.
std::optional<mlir::Value> keyOf(const Product &qk);

//===----------------------------------------------------------------------===//
// Elementwise expressions
//===----------------------------------------------------------------------===//

struct Expr;
using ExprRef = std::shared_ptr<const Expr>;

/// What an elementwise computation computes, seen through the
/// linalg.generics (and named elementwise ops) that spell it: a tree of
/// arith/math operations over constants and tensors read through maps
/// from the outermost loops.
struct Expr {
  enum class Kind { Constant, Read, Compute };
  Kind kind;
  /// Compute: the scalar operation ("arith.addf", "math.exp", ...).
  std::string name;
  std::vector<ExprRef> operands;
  /// Read: the tensor and the map from the outer loops to its indices.
  mlir::Value tensor;
  mlir::AffineMap map;
  /// Constant: the value.
  double constant = 0;
  /// The operation that computes this node (for diagnostics).
  mlir::Operation *op = nullptr;

  bool isCompute(llvm::StringRef opName) const {
    return kind == Kind::Compute && name == opName;
  }
  /// Whether this is a read of \p value at the outer loops' own indices.
  bool readsWhole(mlir::Value value) const;
};

/// The expression \p value computes, indexed by its own indices.
ExprRef exprOf(mlir::Value value);

/// \p expr without the precision casts (arith.extf, arith.truncf) around it.
ExprRef withoutCasts(ExprRef expr);

/// Whether two expressions compute the same thing (casts aside).
bool sameExpr(const ExprRef &a, const ExprRef &b);

/// Whether \p expr contains a math.exp (a softmax that did not match).
bool containsExp(const ExprRef &expr);

//===----------------------------------------------------------------------===//
// Softmax and scale
//===----------------------------------------------------------------------===//

enum class SoftmaxMatch { None, Matched, Mismatched };

/// Whether \p probs is a softmax over the last dimension (setting its
/// \p input), a computation with an exp that stopped being one (setting
/// \p mismatch), or nothing of a softmax.
SoftmaxMatch matchSoftmax(mlir::Value probs, ExprRef &input,
                          Mismatch &mismatch);

/// \p expr as `x * c` or `x / c` with a constant c: x and the factor.
std::pair<ExprRef, double> splitScale(ExprRef expr);

//===----------------------------------------------------------------------===//
// Masks
//===----------------------------------------------------------------------===//

/// Attended (query row, key) pairs, one matrix for each leading index.
using Attended = std::vector<std::vector<bool>>;

/// A mask read by \p read (additive, or the condition of a select when
/// \p isCondition): the attended pairs of each leading index of the
/// \p scoresShape loops, or why not.
mlir::FailureOr<std::vector<Attended>>
attendedOf(const Expr &read, llvm::ArrayRef<int64_t> scoresShape,
           bool isCondition, std::string &why);

/// Whether a mask value stands for "not attended": -inf, or at most -1e4
/// (front ends use a large negative, e.g. torch's finfo.min).
bool isMaskedValue(double value);

/// The pattern of one mask (dense, causal, window, global tokens, sinks),
/// checked against the pattern's definition element by element.
std::optional<pattern::PatternSpec> patternOf(const Attended &attended);

/// The pattern of a mask given per head: the one pattern of every head,
/// or (DuoAttention) that of the sparse heads with the heads that attend
/// every key (causal still applying) as `dense_heads`; checked element by
/// element for each head.
std::optional<pattern::PatternSpec>
patternOfHeads(const std::vector<Attended> &perHead);

//===----------------------------------------------------------------------===//
// Heads
//===----------------------------------------------------------------------===//

/// Q, K and V as [B, H, N, D] and [B, Hkv, S, D] tensors.
struct Heads {
  mlir::Value query, key, value;
  /// The operands are [BH, N, D] or [N, D] with nothing to recover heads
  /// from: each batch entry is one head, to be viewed as [BH, 1, N, D].
  bool oneHeadEach = false;
};

/// The [B, H, N, D] / [B, Hkv, S, D] tensors the product operands read
/// (through reshapes and broadcasts: heads folded into the batch, K and V
/// repeated for grouped-query attention), or why not.
mlir::FailureOr<Heads> headsOf(mlir::Value query, mlir::Value key,
                               mlir::Value value, std::string &why);

} // namespace pilot::sattn::raise

#endif // PILOT_DIALECT_SATTN_TRANSFORMS_RAISELINALGINTERNALS_H
