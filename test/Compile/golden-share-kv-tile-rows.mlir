// Shared decoding whose PILOT tiles hold every row of an instance
// (docs/compiler.md, Sharing a key-value head): 8 query heads on 2
// key-value heads x 128, share-kv=on, 600 keys at batch 1, heads 0-3 dense
// and 4-7 streaming (4 sinks, a window of 64). The paper's class tiles the
// 4 rows of a shared instance as one tile (with the 2 KB buffer: Q 4 x 128,
// a step's keys, its scores, the sums and their total, the group's output
// summed in place), so each key and value is read once for the 4 heads:
// with the keys cut over several bank groups (split=auto) and on one group
// per instance (split=heads). Compiled by --pilot-compile under every
// schedule and simulated with FP16 values: pilot-sim --check compares the
// output with a float64 attention (tolerance 1e-2 relative L2), fast mode
// agrees with exact mode, and the program moves exactly the bytes the I/O
// model predicts.

// RUN: rm -rf %t && mkdir -p %t
// RUN: %python %S/../Sim/Inputs/make-npy.py %t/q.npy --shape 1,8,1,128 --seed 1
// RUN: %python %S/../Sim/Inputs/make-npy.py %t/k.npy --shape 1,2,600,128 --seed 2
// RUN: %python %S/../Sim/Inputs/make-npy.py %t/v.npy --shape 1,2,600,128 --seed 3
// DEFINE: %{schedule} = naive
// DEFINE: %{split} = auto
// DEFINE: %{golden} = ( pilot-opt %s --pilot-compile="schedule=%{schedule} share-kv=on split=%{split}" -o %t/%{schedule}.mlir \
// DEFINE:   && pilot-sim %t/%{schedule}.mlir --input Q=%t/q.npy --input K=%t/k.npy --input V=%t/v.npy \
// DEFINE:        --check --stats-json=%t/%{schedule}-exact.json \
// DEFINE:   && pilot-sim %t/%{schedule}.mlir --mode=fast --stats-json=%t/%{schedule}-fast.json > /dev/null \
// DEFINE:   && %python %S/../Sim/Inputs/compare-stats.py %t/%{schedule}-exact.json %t/%{schedule}-fast.json \
// DEFINE:   && %python %S/Inputs/compare-io.py %t/%{schedule}.mlir %t/%{schedule}-exact.json \
// DEFINE:   && grep -o 'groups_per_instance = [0-9]*\|pim.tiles<[^>]*>' %t/%{schedule}.mlir | sort -u )

// RUN: %{golden} | FileCheck %s --check-prefixes=CHECK,SPREAD
// REDEFINE: %{schedule} = pilot
// RUN: %{golden} | FileCheck %s --check-prefixes=CHECK,SPREAD,PILOT
// REDEFINE: %{schedule} = fused
// RUN: %{golden} | FileCheck %s --check-prefixes=CHECK,SPREAD
// REDEFINE: %{split} = heads
// REDEFINE: %{schedule} = pilot
// RUN: %{golden} | FileCheck %s --check-prefixes=CHECK,ONE,PILOT
// REDEFINE: %{schedule} = fused
// RUN: %{golden} | FileCheck %s --check-prefixes=CHECK,ONE
// RUN: pilot-opt %s --pilot-compile="schedule=pilot share-kv=on split=heads" | FileCheck %s --check-prefix=SUMS

// CHECK-NOT: warning
// CHECK:     check {{.*}}: PASS
// CHECK:     stats agree
// CHECK:     internal bytes per bank: model [[BYTES:[0-9]+]], simulated [[BYTES]] (0.00% apart): agree
// SPREAD:    groups_per_instance = {{[1-9][0-9]+}}
// ONE-NOT:   groups_per_instance
// PILOT:     pim.tiles<schedule = pilot, rows = 4, keys = 1>
// PILOT-NOT: pim.tiles

// A staged tile's steps of one key leave its block of scores key by key
// (keys x 4 rows). On one group per instance each bank holds 150 of the
// dense heads' keys (17 of the streaming heads'), and the rows' sums are
// one PLT_MAC a block of 32 keys with a row of 32 ones (made once: every
// element masked to the lowest FP16, then exponentiated twice), not a
// PLT_ACC of 4 one-key rows a key; --check above computes with them.
// SUMS:      pim.mask buf [[ONES:[0-9]+]] rows 1 cols 32 diag %c0 key %c0 band [0, 0] inside keys [0, 0] lanes 16
// SUMS-NEXT: pim.exp src [[ONES]] dst [[ONES]] elements 32
// SUMS-NEXT: pim.exp src [[ONES]] dst [[ONES]] elements 32
// SUMS:      pim.exp src [[P:[0-9]+]] dst [[P]] elements 128
// SUMS-NEXT: pim.mac lhs [[ONES]] rhs [[P]] acc [[SUM:[0-9]+]] shape [1, 4, 32] lanes 16
// SUMS-NOT:  pim.acc
// SUMS:      pim.mac lhs [[ONES]] rhs [[P]] acc [[SUM]] shape [1, 4, 22] lanes 16 accumulate
// SUMS-NOT:  pim.acc
// SUMS:      pim.acc src [[SUM]] dst {{[0-9]+}} rows 4 cols 1 bank_group

func.func @decode(%q: tensor<1x8x1x128xf16>, %k: tensor<1x2x600x128xf16>, %v: tensor<1x2x600x128xf16>) -> tensor<1x8x1x128xf16> {
  %0 = sattn.attention %q, %k, %v {pattern = #sattn.pattern<causal = true, window = [63, 0], sinks = 4, dense_heads = [0, 1, 2, 3]>} : tensor<1x8x1x128xf16>, tensor<1x2x600x128xf16>, tensor<1x2x600x128xf16> -> tensor<1x8x1x128xf16>
  return %0 : tensor<1x8x1x128xf16>
}
