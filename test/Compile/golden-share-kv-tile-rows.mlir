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

// CHECK-NOT: warning
// CHECK:     check {{.*}}: PASS
// CHECK:     stats agree
// CHECK:     internal bytes per bank: model [[BYTES:[0-9]+]], simulated [[BYTES]] (0.00% apart): agree
// SPREAD:    groups_per_instance = {{[1-9][0-9]+}}
// ONE-NOT:   groups_per_instance
// PILOT:     pim.tiles<schedule = pilot, rows = 4, keys = 1>
// PILOT-NOT: pim.tiles

func.func @decode(%q: tensor<1x8x1x128xf16>, %k: tensor<1x2x600x128xf16>, %v: tensor<1x2x600x128xf16>) -> tensor<1x8x1x128xf16> {
  %0 = sattn.attention %q, %k, %v {pattern = #sattn.pattern<causal = true, window = [63, 0], sinks = 4, dense_heads = [0, 1, 2, 3]>} : tensor<1x8x1x128xf16>, tensor<1x2x600x128xf16>, tensor<1x2x600x128xf16> -> tensor<1x8x1x128xf16>
  return %0 : tensor<1x8x1x128xf16>
}
