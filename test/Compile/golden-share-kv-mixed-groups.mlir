// Decoding with key-value groups that serve heads of two kinds, shared
// where they are one kind (share-kv=on): 8 query heads on 4 key-value heads,
// dense heads 0, 1, 4 and 5, so key-value heads 0 and 2 serve two dense
// heads each and 1 and 3 two streaming heads (2 sinks, a window of 8). Each
// part's instances are 2 heads of one key-value head, looked up by
// digit_table; 3 batch entries. Compiled by --pilot-compile under every
// schedule and simulated with FP16 values: pilot-sim --check against a
// float64 attention (tolerance 1e-2 relative L2), fast mode against exact
// mode, and the bytes the I/O model predicts.

// RUN: rm -rf %t && mkdir -p %t
// RUN: %python %S/../Sim/Inputs/make-npy.py %t/q.npy --shape 3,8,1,32 --seed 1
// RUN: %python %S/../Sim/Inputs/make-npy.py %t/k.npy --shape 3,4,96,32 --seed 2
// RUN: %python %S/../Sim/Inputs/make-npy.py %t/v.npy --shape 3,4,96,32 --seed 3
// DEFINE: %{schedule} = naive
// DEFINE: %{golden} = ( pilot-opt %s --pilot-compile="schedule=%{schedule} share-kv=on" -o %t/%{schedule}.mlir \
// DEFINE:   && pilot-sim %t/%{schedule}.mlir --input Q=%t/q.npy --input K=%t/k.npy --input V=%t/v.npy \
// DEFINE:        --check --stats-json=%t/%{schedule}-exact.json \
// DEFINE:   && pilot-sim %t/%{schedule}.mlir --mode=fast --stats-json=%t/%{schedule}-fast.json > /dev/null \
// DEFINE:   && %python %S/../Sim/Inputs/compare-stats.py %t/%{schedule}-exact.json %t/%{schedule}-fast.json \
// DEFINE:   && %python %S/Inputs/compare-io.py %t/%{schedule}.mlir %t/%{schedule}-exact.json \
// DEFINE:   && grep -o "kv_group = [0-9]*" %t/%{schedule}.mlir | sort -u )

// RUN: %{golden} | FileCheck %s
// REDEFINE: %{schedule} = pilot
// RUN: %{golden} | FileCheck %s
// REDEFINE: %{schedule} = fused
// RUN: %{golden} | FileCheck %s

// CHECK-NOT: warning
// CHECK:     check {{.*}}: PASS
// CHECK:     stats agree
// CHECK:     internal bytes per bank: model [[BYTES:[0-9]+]], simulated [[BYTES]] (0.00% apart): agree
// CHECK:     kv_group = 2

func.func @decode(%q: tensor<3x8x1x32xf16>, %k: tensor<3x4x96x32xf16>, %v: tensor<3x4x96x32xf16>) -> tensor<3x8x1x32xf16> {
  %0 = sattn.attention %q, %k, %v {pattern = #sattn.pattern<causal = true, window = [7, 0], sinks = 2, dense_heads = [0, 1, 4, 5]>} : tensor<3x8x1x32xf16>, tensor<3x4x96x32xf16>, tensor<3x4x96x32xf16> -> tensor<3x8x1x32xf16>
  return %0 : tensor<3x8x1x32xf16>
}
