// Dense decoding with pairs of query heads that share their key-value
// head's instance (share-kv=on): 4 query heads on 2 key-value heads, 3
// batch entries, 260 keys (a piece of 65 a bank, its last step partial).
// Compiled by --pilot-compile under every schedule and simulated with FP16
// values: pilot-sim --check against a float64 attention (tolerance 1e-2
// relative L2), fast mode against exact mode, and the bytes the I/O model
// predicts.

// RUN: rm -rf %t && mkdir -p %t
// RUN: %python %S/../Sim/Inputs/make-npy.py %t/q.npy --shape 3,4,1,32 --seed 1
// RUN: %python %S/../Sim/Inputs/make-npy.py %t/k.npy --shape 3,2,260,32 --seed 2
// RUN: %python %S/../Sim/Inputs/make-npy.py %t/v.npy --shape 3,2,260,32 --seed 3
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

func.func @decode(%q: tensor<3x4x1x32xf16>, %k: tensor<3x2x260x32xf16>, %v: tensor<3x2x260x32xf16>) -> tensor<3x4x1x32xf16> {
  %0 = sattn.attention %q, %k, %v {pattern = #sattn.pattern<dense = true, causal = true>} : tensor<3x4x1x32xf16>, tensor<3x2x260x32xf16>, tensor<3x2x260x32xf16> -> tensor<3x4x1x32xf16>
  return %0 : tensor<3x4x1x32xf16>
}
