//===- SAttnPasses.td - sparse attention passes ------------*- tablegen -*-===//

#ifndef PILOT_DIALECT_SATTN_SATTNPASSES_TD
#define PILOT_DIALECT_SATTN_SATTNPASSES_TD

include "mlir/Pass/PassBase.td"

def SAttnDecompose : Pass<"sattn-decompose"> {
  let summary = "Split attention into SDDMM, softmax and SpMM, part by part";
  let description = [{
    Rewrites every `sattn.attention` into `sattn.sddmm`, `sattn.softmax`
    and `sattn.spmm`, one chain per part of the problem, the way PILOT maps
    them (PAPER.md, Data mapping):

    - prefill with global tokens: the non-global rows (split by rows over a
      bank group) and the global rows (split by columns) are separate parts;
    - decoding (fewer queries than keys): one part, every row;
    - a pattern with `dense_heads` (DuoAttention): the sparse heads and the
      dense heads are separate parts; the dense heads' part is the path PILOT
      leaves on the GPU in prefill, and later passes decide where it runs.

    Each part's `sattn.spmm` writes its rows and heads into the previous
    part's result (`into`), starting from a `tensor.empty`, so the last one
    is the attention's result.

    Before:
    ```mlir
    %o = sattn.attention %q, %k, %v {pattern = #sattn.pattern<window = [256, 255], global_tokens = [0]>} : ...
    ```
    After:
    ```mlir
    %e = tensor.empty() : tensor<1x12x1024x64xf16>
    %s0 = sattn.sddmm %q, %k {pattern = ..., rows = #sattn.rows<non_global>, scale = 1.250000e-01 : f64} : ...
    %p0 = sattn.softmax %s0 {pattern = ..., rows = #sattn.rows<non_global>} : ...
    %o0 = sattn.spmm %p0, %v into %e {pattern = ..., rows = #sattn.rows<non_global>} : ...
    %s1 = sattn.sddmm %q, %k {pattern = ..., rows = #sattn.rows<global>, scale = 1.250000e-01 : f64} : ...
    %p1 = sattn.softmax %s1 {pattern = ..., rows = #sattn.rows<global>} : ...
    %o = sattn.spmm %p1, %v into %o0 {pattern = ..., rows = #sattn.rows<global>} : ...
    ```
  }];
  let dependentDialects = ["::mlir::tensor::TensorDialect"];
  let statistics = [
    Statistic<"numDecomposed", "attentions", "Attentions decomposed">,
    Statistic<"numParts", "parts", "Parts created">
  ];
}

def SAttnRaiseLinalg : Pass<"sattn-raise-linalg"> {
  let summary = "Raise attention written in linalg to sattn.attention";
  let description = [{
    Recognises attention as front ends lower it to linalg on tensors
    (docs/embedding.md, Raising from linalg), batch and heads folded into
    the leading dimension `[BH, N, D]`:

    ```mlir
    %kt = linalg.transpose ins(%k : tensor<BHxSxD>) outs(...) permutation = [0, 2, 1]
    %s  = linalg.batch_matmul ins(%q, %kt) outs(%zeros)      // Q K^T
    %s1 = linalg.mul ins(%s, %scale) outs(...)                // optional, a splat
    %s2 = linalg.add ins(%s1, %mask) outs(...)                // optional, a constant
    %p  = linalg.softmax dimension(2) ins(%s2) outs(...)
    %o  = linalg.batch_matmul ins(%p, %v) outs(%zeros)       // P V
    ```

    (or `linalg.matmul` on one sequence `[N, D]`, or `linalg.generic`
    contractions on `[B, H, N, D]`, K read transposed through its indexing
    map or a `linalg.transpose`; and the softmax possibly
    decomposed into `linalg.generic`s as `linalg.softmax` decomposes: row
    maximum, `exp(x - max)`, row sum, quotient), and rewrites it into
    `sattn.attention` on `[BH, 1, N, D]` views of Q, K and V, or on the
    `[B, H, N, D]` tensors they were collapsed from. A constant
    additive mask (0 where a query attends, -inf or at most -1e4 where it
    does not, the same for every sequence), or a `linalg.generic` selecting
    the score where a constant `i1` tensor holds and -inf elsewhere,
    becomes the pattern: dense, causal, a window, global tokens and sinks,
    checked
    element by element against the pattern's own definition. A chain with a
    mask it cannot express (an argument, other values, no such structure)
    is left unchanged with a remark saying why; a chain that is not
    attention is left alone.
  }];
  let dependentDialects = ["::pilot::sattn::SAttnDialect",
                           "::mlir::tensor::TensorDialect"];
  let statistics = [
    Statistic<"numRaised", "attentions", "Attentions raised">
  ];
}

def SAttnPatternStats : Pass<"sattn-pattern-stats"> {
  let summary = "Report the size and density of every attention's pattern";
  let description = [{
    Emits one remark per `sattn.attention`, `sattn.sddmm`, `sattn.softmax`
    and `sattn.spmm`: the problem shape, the pattern, the entries a sparse
    head attends (and their share of all N x S query-key pairs), the mean
    entries per query row, the global rows, and the entries over all heads
    (dense heads included) and the batch. The IR is unchanged. The counts
    come from the pattern library the verifier and the compiler use.

    ```
    $ python3 -m pilot gen --workload longformer | pilot-opt --sattn-pattern-stats
    remark: sattn.attention: batch 512, 12 heads (0 dense), 4096 queries x
      4096 keys; pattern window [256, 255] + global_tokens 1; per sparse head
      2039295 of 16777216 entries (12.16%), 497.9 per query row, 1 global
      rows; all heads x batch: 12529428480 entries
    ```
  }];
  let statistics = [
    Statistic<"numAttentionOps", "attention-ops",
              "Number of sattn operations reported">
  ];
}

#endif // PILOT_DIALECT_SATTN_SATTNPASSES_TD
