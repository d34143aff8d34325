// BigBird blocks with d = 80 (Phi-2's; 160 B vectors, 6 2/5 to a 1024 B
// row): block window, a global block, a random block per query block
// gathered by the host. Compiled by --pilot-compile under every schedule
// and simulated with FP16 values: pilot-sim --check against a float64
// attention (tolerance 1e-2 relative L2), fast mode against exact mode, and
// the bytes the I/O model predicts.

// RUN: rm -rf %t && mkdir -p %t
// RUN: %python %S/../Sim/Inputs/make-npy.py %t/q.npy --shape 1,2,128,80 --seed 1
// RUN: %python %S/../Sim/Inputs/make-npy.py %t/k.npy --shape 1,2,128,80 --seed 2
// RUN: %python %S/../Sim/Inputs/make-npy.py %t/v.npy --shape 1,2,128,80 --seed 3
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

func.func @bigbird(%q: tensor<1x2x128x80xf16>, %k: tensor<1x2x128x80xf16>, %v: tensor<1x2x128x80xf16>) -> tensor<1x2x128x80xf16> {
  %0 = sattn.attention %q, %k, %v {pattern = #sattn.pattern<window = [1, 1], global_tokens = [0], random = 1, seed = 5, block = 8>} : tensor<1x2x128x80xf16>, tensor<1x2x128x80xf16>, tensor<1x2x128x80xf16> -> tensor<1x2x128x80xf16>
  return %0 : tensor<1x2x128x80xf16>
}
