// Decoding several queries a step (speculative decoding's verification,
// chunked prefill) at batch 1 with keys cut over bank groups
// (docs/compiler.md, Keys over several bank groups): 8 query heads on 2
// key-value heads, d = 32, 4 queries against 1,000 keys (cut into pieces
// the last of which is shorter), heads 0-3 dense and 4-7 streaming (4
// sinks, a causal window of 64, so that each query attends its own band).
// Each tile of the 4 rows writes its partial statistics; pim-map gives
// each part its own groups per instance. Compiled by --pilot-compile under
// every schedule and simulated with FP16 values: pilot-sim --check compares
// the merged output with a float64 attention (tolerance 1e-2 relative L2),
// fast mode agrees with exact mode, and the program moves exactly the
// bytes the I/O model predicts.

// RUN: rm -rf %t && mkdir -p %t
// RUN: %python %S/../Sim/Inputs/make-npy.py %t/q.npy --shape 1,8,4,32 --seed 1
// RUN: %python %S/../Sim/Inputs/make-npy.py %t/k.npy --shape 1,2,1000,32 --seed 2
// RUN: %python %S/../Sim/Inputs/make-npy.py %t/v.npy --shape 1,2,1000,32 --seed 3
// DEFINE: %{schedule} = naive
// DEFINE: %{golden} = ( pilot-opt %s --pilot-compile="schedule=%{schedule}" -o %t/%{schedule}.mlir \
// DEFINE:   && pilot-sim %t/%{schedule}.mlir --input Q=%t/q.npy --input K=%t/k.npy --input V=%t/v.npy \
// DEFINE:        --check --stats-json=%t/%{schedule}-exact.json \
// DEFINE:   && pilot-sim %t/%{schedule}.mlir --mode=fast --stats-json=%t/%{schedule}-fast.json > /dev/null \
// DEFINE:   && %python %S/../Sim/Inputs/compare-stats.py %t/%{schedule}-exact.json %t/%{schedule}-fast.json \
// DEFINE:   && %python %S/Inputs/compare-io.py %t/%{schedule}.mlir %t/%{schedule}-exact.json \
// DEFINE:   && grep -o 'groups_per_instance = [0-9]*' %t/%{schedule}.mlir | sort -u \
// DEFINE:   && grep -o 'pim.merge .*' %t/%{schedule}.mlir )

// RUN: %{golden} | FileCheck %s
// REDEFINE: %{schedule} = pilot
// RUN: %{golden} | FileCheck %s
// REDEFINE: %{schedule} = fused
// RUN: %{golden} | FileCheck %s

// CHECK-NOT: warning
// CHECK:     check {{.*}}: PASS
// CHECK:     stats agree
// CHECK:     internal bytes per bank: model [[BYTES:[0-9]+]], simulated [[BYTES]] (0.00% apart): agree
// CHECK:     groups_per_instance = {{[1-9][0-9]+}}
// CHECK-DAG: pim.merge {{.*}} heads [4, 5, 6, 7]
// CHECK-DAG: pim.merge {{.*}} heads [0, 1, 2, 3]

func.func @decode(%q: tensor<1x8x4x32xf16>, %k: tensor<1x2x1000x32xf16>, %v: tensor<1x2x1000x32xf16>) -> tensor<1x8x4x32xf16> {
  %0 = sattn.attention %q, %k, %v {pattern = #sattn.pattern<causal = true, window = [63, 0], sinks = 4, dense_heads = [0, 1, 2, 3]>} : tensor<1x8x4x32xf16>, tensor<1x2x1000x32xf16>, tensor<1x2x1000x32xf16> -> tensor<1x8x4x32xf16>
  return %0 : tensor<1x8x4x32xf16>
}
