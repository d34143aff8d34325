//===- SAttnOps.td - sparse attention operations -----------*- tablegen -*-===//

#ifndef PILOT_DIALECT_SATTN_SATTNOPS_TD
#define PILOT_DIALECT_SATTN_SATTNOPS_TD

include "pilot/Dialect/SAttn/SAttnDialect.td"
include "pilot/Dialect/SAttn/SAttnAttrs.td"
include "mlir/IR/OpBase.td"
include "mlir/Interfaces/InferTypeOpInterface.td"
include "mlir/Interfaces/SideEffectInterfaces.td"

/// FP16 for the hardware, FP32 for reference use.
def SAttn_Tensor4D : 4DTensorOf<[F16, F32]>;

def SAttn_AttentionOp : SAttn_Op<"attention", [Pure]> {
  let summary = "Scaled dot-product attention restricted to a sparsity pattern";
  let description = [{
    `result[b, h, i, :] = sum_j p[i, j] * value[b, h / g, j, :]` with
    `p[i, :] = softmax_j(scale * query[b, h, i, :] . key[b, h / g, j, :])`
    taken over the keys `j` that `pattern` attends for row `i` and head `h`,
    where `g = H / Hkv` (grouped-query attention when `g > 1`).

    Shapes: `query [B, H, N, D]`, `key` and `value [B, Hkv, S, D]`, result
    `[B, H, N, D]`, all static, one element type (f16, or f32 for reference).
    `N = S` is prefill; `N < S` is decoding, the queries being the newest
    positions. `scale` defaults to `1 / sqrt(D)`.

    ```mlir
    %o = sattn.attention %q, %k, %v {pattern = #sattn.pattern<window = [256, 255], global_tokens = [0]>}
        : tensor<1x12x4096x64xf16>, tensor<1x12x4096x64xf16>, tensor<1x12x4096x64xf16>
        -> tensor<1x12x4096x64xf16>
    ```
  }];
  let arguments = (ins SAttn_Tensor4D:$query, SAttn_Tensor4D:$key,
                   SAttn_Tensor4D:$value, SAttn_PatternAttr:$pattern,
                   OptionalAttr<F64Attr>:$scale);
  let results = (outs SAttn_Tensor4D:$result);
  let assemblyFormat = [{
    $query `,` $key `,` $value attr-dict `:` type($query) `,` type($key) `,`
    type($value) `->` type($result)
  }];
  let hasVerifier = 1;
  let extraClassDeclaration = [{
    /// `scale`, or `1 / sqrt(D)` when absent.
    double getScaleOrDefault();
    /// The problem the I/O model and the compiler reason about.
    ::pilot::pattern::AttentionProblem getProblem();
  }];
}

def SAttn_SddmmOp : SAttn_Op<"sddmm", [Pure]> {
  let summary = "Scaled scores at the attended positions (sampled dense-dense matmul)";
  let description = [{
    `scores[b, h, i, j] = scale * query[b, h, i, :] . key[b, h / g, j, :]` for
    every `(i, j)` that `pattern` attends; the other entries of the
    dense-shaped result `[B, H, N, S]` are not computed and read as minus
    infinity by `sattn.softmax`.

    `rows` and `heads` restrict the op to a part of the problem, as
    `sattn-decompose` splits it: the non-global or the global rows of the
    pattern, its sparse or its dense heads (`dense_heads`). Entries outside
    the part are not computed.

    ```mlir
    %s = sattn.sddmm %q, %k {pattern = #sattn.pattern<window = [2, 2]>, scale = 1.250000e-01 : f64}
        : tensor<1x2x16x64xf16>, tensor<1x2x16x64xf16> -> tensor<1x2x16x16xf16>
    ```
  }];
  let arguments = (ins SAttn_Tensor4D:$query, SAttn_Tensor4D:$key,
                   SAttn_PatternAttr:$pattern, F64Attr:$scale,
                   DefaultValuedAttr<SAttn_RowClassAttr, "RowClass::All">:$rows,
                   DefaultValuedAttr<SAttn_HeadClassAttr, "HeadClass::All">:$heads);
  let results = (outs SAttn_Tensor4D:$scores);
  let assemblyFormat = [{
    $query `,` $key attr-dict `:` type($query) `,` type($key) `->`
    type($scores)
  }];
  let hasVerifier = 1;
  let extraClassDeclaration = [{
    /// The whole attention this SDDMM is (a part of), for the I/O model.
    ::pilot::pattern::AttentionProblem getProblem();
    /// The query rows of the part, as ascending runs [begin, end): prefill's
    /// global rows (the rows of the global tokens' blocks, wherever they
    /// lie), the others, or every row.
    std::vector<::pilot::pattern::Interval> getPartRowRuns();
    /// The operations of the part: this SDDMM and the softmax and SpMM that
    /// use its result (those present).
    ::llvm::SmallVector<::mlir::Operation *> getPartOps();
  }];
}

def SAttn_SoftmaxOp : SAttn_Op<"softmax", [Pure, SameOperandsAndResultType]> {
  let summary = "Row softmax over the attended positions";
  let description = [{
    `probs[b, h, i, j] = exp(scores[b, h, i, j] - m_i) / sum_k exp(scores[b, h, i, k] - m_i)`
    over the keys `j, k` that `pattern` attends for row `i`, `m_i` being the
    row's maximum; unattended entries are zero in the result. `rows` and
    `heads` select a part, as for `sattn.sddmm`.

    ```mlir
    %p = sattn.softmax %s {pattern = #sattn.pattern<window = [2, 2]>} : tensor<1x2x16x16xf16>
    ```
  }];
  let arguments = (ins SAttn_Tensor4D:$scores, SAttn_PatternAttr:$pattern,
                   DefaultValuedAttr<SAttn_RowClassAttr, "RowClass::All">:$rows,
                   DefaultValuedAttr<SAttn_HeadClassAttr, "HeadClass::All">:$heads);
  let results = (outs SAttn_Tensor4D:$probs);
  let assemblyFormat = "$scores attr-dict `:` type($scores)";
  let hasVerifier = 1;
}

def SAttn_SpmmOp : SAttn_Op<"spmm", [Pure]> {
  let summary = "Sparse probabilities times values";
  let description = [{
    `result[b, h, i, :] = sum_j probs[b, h, i, j] * value[b, h / g, j, :]` over
    the keys `j` that `pattern` attends for row `i`.

    With `rows` or `heads` selecting a part, the op computes that part's rows
    of those heads and takes every other entry of the result from `init`
    (destination-passing style): the parts of a decomposed attention write
    one result in turn.

    ```mlir
    %o = sattn.spmm %p, %v into %partial {pattern = #sattn.pattern<window = [2, 2], global_tokens = [0]>, rows = #sattn.rows<global>}
        : tensor<1x2x16x16xf16>, tensor<1x1x16x64xf16>, tensor<1x2x16x64xf16> -> tensor<1x2x16x64xf16>
    ```

    ```mlir
    %o = sattn.spmm %p, %v {pattern = #sattn.pattern<window = [2, 2]>}
        : tensor<1x2x16x16xf16>, tensor<1x2x16x64xf16> -> tensor<1x2x16x64xf16>
    ```
  }];
  let arguments = (ins SAttn_Tensor4D:$probs, SAttn_Tensor4D:$value,
                   Optional<SAttn_Tensor4D>:$init,
                   SAttn_PatternAttr:$pattern,
                   DefaultValuedAttr<SAttn_RowClassAttr, "RowClass::All">:$rows,
                   DefaultValuedAttr<SAttn_HeadClassAttr, "HeadClass::All">:$heads);
  let results = (outs SAttn_Tensor4D:$result);
  let assemblyFormat = [{
    $probs `,` $value (`into` $init^)? attr-dict `:` type($probs) `,`
    type($value) (`,` type($init)^)? `->` type($result)
  }];
  let hasVerifier = 1;
}

#endif // PILOT_DIALECT_SATTN_SATTNOPS_TD
