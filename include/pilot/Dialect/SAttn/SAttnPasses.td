//===- SAttnPasses.td - sparse attention passes ------------*- tablegen -*-===//

#ifndef PILOT_DIALECT_SATTN_SATTNPASSES_TD
#define PILOT_DIALECT_SATTN_SATTNPASSES_TD

include "mlir/Pass/PassBase.td"

def SAttnPatternStats : Pass<"sattn-pattern-stats"> {
  let summary = "Report the size and density of every attention's pattern";
  let description = [{
    Emits one remark per `sattn.attention`, `sattn.sddmm`, `sattn.softmax`
    and `sattn.spmm`: the problem shape, the attended entries per head
    (sparse and dense heads), the mean entries per query row, the density
    against dense attention (causal-dense for causal patterns is not the
    reference: dense means every key), and whether global rows are present.
    The IR is unchanged. Counts come from the pattern library that the
    verifier and the compiler use.

    ```
    $ pilot-opt --sattn-pattern-stats longformer.mlir
    remark: sattn.attention: 512 x 12 heads, 4096 queries x 4096 keys, d = 64;
            pattern window [256, 255] + global_tokens 1: 2105344 of 16777216
            entries per head (12.55%), 514.0 per row; 1 global row
    ```
  }];
  let statistics = [
    Statistic<"numAttentionOps", "attention-ops",
              "Number of sattn operations reported">
  ];
}

#endif // PILOT_DIALECT_SATTN_SATTNPASSES_TD
