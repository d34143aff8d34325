//===- SAttnPasses.td - sparse attention passes ------------*- tablegen -*-===//

#ifndef PILOT_DIALECT_SATTN_SATTNPASSES_TD
#define PILOT_DIALECT_SATTN_SATTNPASSES_TD

include "mlir/Pass/PassBase.td"

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
