// --pim-summary's JSON against the IR it summarises: the commands it counts
// against the lines of the program text, the prediction against the
// pim.predicted the IR carries, the pattern statistics against
// --sattn-pattern-stats's remark.

// RUN: pilot-opt %s --pilot-compile --pim-summary="output=%t.json" -o %t.mlir
// RUN: ( grep -c '^ *pim\.mac ' %t.mlir; grep -c '^ *pim\.mov ' %t.mlir; \
// RUN:   grep -o 'bank_internal_bytes = [0-9]*' %t.mlir | head -n 1; cat %t.json ) | FileCheck %s
// RUN: pilot-opt %s --sattn-pattern-stats --pim-summary --mlir-print-op-on-diagnostic=false -o /dev/null 2>&1 | FileCheck %s --check-prefix=STATS
// RUN: not pilot-opt %s --pim-summary="output=%t/absent/summary.json" -o /dev/null 2>&1 | FileCheck %s --check-prefix=UNWRITABLE

// CHECK: [[MACS:[0-9]+]]
// CHECK-NEXT: [[MOVS:[0-9]+]]
// CHECK-NEXT: bank_internal_bytes = [[BYTES:[0-9]+]]
// CHECK: "kernels": [
// CHECK: "bank_classes": [
// CHECK: "mac": [[MACS]],
// CHECK: "mov": [[MOVS]],
// CHECK: "name": "groups_0_{{[0-9]+}}",
// CHECK: ],
// CHECK-NEXT: "commands": {
// CHECK: "mac": [[MACS]],
// CHECK-NEXT: "mask":
// CHECK-NEXT: "mov": [[MOVS]],
// CHECK: "hardware": "pilot-hbm3",
// CHECK-NEXT: "name": "duo_pim"
// CHECK: "parts": [
// CHECK: "heads": "sparse",
// CHECK: "mapping": {
// CHECK: "split": "rows"
// CHECK: "predicted": {
// CHECK-NEXT: "bank_internal_bytes": [[BYTES]],
// CHECK: "tiles": {
// CHECK: "schedule": "pilot"
// CHECK: "heads": "dense",
// CHECK: "patterns": [
// CHECK: "op": "sattn.sddmm",

// STATS: remark: sattn.attention: batch 1, 2 heads (1 dense), 64 queries x 64 keys; pattern [[PATTERN:.*]]; per sparse head [[ENTRIES:[0-9]+]] of [[PAIRS:[0-9]+]] entries ({{.*}}), {{.*}} per query row, [[GLOBAL:[0-9]+]] global rows; all heads x batch: [[TOTAL:[0-9]+]] entries
// STATS: "kernels": [],
// STATS-NEXT: "parts": [],
// STATS-NEXT: "patterns": [
// STATS-NEXT: {
// STATS-NEXT: "batch": 1,
// STATS-NEXT: "dense_heads": 1,
// STATS-NEXT: "global_rows": [[GLOBAL]],
// STATS-NEXT: "head_class": "all",
// STATS-NEXT: "head_entries": [[ENTRIES]],
// STATS-NEXT: "head_pairs": [[PAIRS]],
// STATS-NEXT: "heads": 2,
// STATS-NEXT: "keys": 64,
// STATS-NEXT: "op": "sattn.attention",
// STATS-NEXT: "pattern": "[[PATTERN]]",
// STATS-NEXT: "per_head": "sparse",
// STATS-NEXT: "queries": 64,
// STATS-NEXT: "rows": "all",
// STATS-NEXT: "selected_rows": 64,
// STATS-NEXT: "total_entries": [[TOTAL]]

// UNWRITABLE: error: pim-summary: cannot write '{{.*}}absent/summary.json': No such file or directory (output)

func.func @duo(%q: tensor<1x2x64x16xf16>, %k: tensor<1x2x64x16xf16>, %v: tensor<1x2x64x16xf16>) -> tensor<1x2x64x16xf16> {
  %0 = sattn.attention %q, %k, %v {pattern = #sattn.pattern<causal = true, window = [7, 0], sinks = 2, dense_heads = [0]>} : tensor<1x2x64x16xf16>, tensor<1x2x64x16xf16>, tensor<1x2x64x16xf16> -> tensor<1x2x64x16xf16>
  return %0 : tensor<1x2x64x16xf16>
}
