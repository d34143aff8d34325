// Decoding with d = 112 (224 B vectors, 4 4/7 to a 1024 B row) and grouped
// query heads (4 on 2 KV heads): the column split's pieces of sinks and
// window, gathered by segments, straddle rows. Compiled by --pilot-compile
// under every schedule and simulated with FP16 values: pilot-sim --check
// against a float64 attention (tolerance 1e-2 relative L2), fast mode
// against exact mode, and the bytes the I/O model predicts.

// RUN: rm -rf %t && mkdir -p %t
// RUN: %python %S/../Sim/Inputs/make-npy.py %t/q.npy --shape 2,4,1,112 --seed 1
// RUN: %python %S/../Sim/Inputs/make-npy.py %t/k.npy --shape 2,2,96,112 --seed 2
// RUN: %python %S/../Sim/Inputs/make-npy.py %t/v.npy --shape 2,2,96,112 --seed 3
// DEFINE: %{schedule} = naive
// DEFINE: %{golden} = ( pilot-opt %s --pilot-compile="schedule=%{schedule}" -o %t/%{schedule}.mlir \
// DEFINE:   && pilot-sim %t/%{schedule}.mlir --input Q=%t/q.npy --input K=%t/k.npy --input V=%t/v.npy \
// DEFINE:        --check --stats-json=%t/%{schedule}-exact.json \
// DEFINE:   && pilot-sim %t/%{schedule}.mlir --mode=fast --stats-json=%t/%{schedule}-fast.json > /dev/null \
// DEFINE:   && %python %S/../Sim/Inputs/compare-stats.py %t/%{schedule}-exact.json %t/%{schedule}-fast.json \
// DEFINE:   && %python %S/Inputs/compare-io.py %t/%{schedule}.mlir %t/%{schedule}-exact.json )

// RUN: %{golden} | FileCheck %s
// REDEFINE: %{schedule} = pilot
// RUN: %{golden} | FileCheck %s
// REDEFINE: %{schedule} = fused
// RUN: %{golden} | FileCheck %s

// CHECK-NOT: warning
// CHECK:     check {{.*}}: PASS
// CHECK:     stats agree
// CHECK:     internal bytes per bank: model [[BYTES:[0-9]+]], simulated [[BYTES]] (0.00% apart): agree

func.func @decode(%q: tensor<2x4x1x112xf16>, %k: tensor<2x2x96x112xf16>, %v: tensor<2x2x96x112xf16>) -> tensor<2x4x1x112xf16> {
  %0 = sattn.attention %q, %k, %v {pattern = #sattn.pattern<causal = true, window = [19, 0], sinks = 4>} : tensor<2x4x1x112xf16>, tensor<2x2x96x112xf16>, tensor<2x2x96x112xf16> -> tensor<2x4x1x112xf16>
  return %0 : tensor<2x4x1x112xf16>
}
