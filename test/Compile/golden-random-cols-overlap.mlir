// Listed random key blocks that the window already attends: the pattern is
// the union, so the gathered random run holds only the blocks no other
// component attends (docs/testing.md, Known bugs, once
// `random-cols-overlap`: the window's keys counted twice). Each query block
// lists its own block and one the window does not hold.
// Compiled by --pilot-compile under every schedule and simulated with FP16
// values: pilot-sim --check compares the output with a float64 attention of
// the same pattern (tolerance 1e-2 relative L2, docs/simulator.md), fast mode
// agrees with exact mode, and the program moves exactly the bytes the I/O
// model predicts.

// RUN: rm -rf %t && mkdir -p %t
// RUN: %python %S/../Sim/Inputs/make-npy.py %t/q.npy --shape 1,1,64,16 --seed 1
// RUN: %python %S/../Sim/Inputs/make-npy.py %t/k.npy --shape 1,1,64,16 --seed 2
// RUN: %python %S/../Sim/Inputs/make-npy.py %t/v.npy --shape 1,1,64,16 --seed 3
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

func.func @random_cols_overlap(%q: tensor<1x1x64x16xf16>, %k: tensor<1x1x64x16xf16>, %v: tensor<1x1x64x16xf16>) -> tensor<1x1x64x16xf16> {
  %0 = sattn.attention %q, %k, %v {pattern = #sattn.pattern<window = [1, 0], random_cols = [[0, 5], [1, 6], [2, 7], [3, 8], [4, 9], [5, 10], [6, 11], [7, 12], [8, 13], [9, 14], [10, 15], [11, 16], [12, 17], [13, 18], [14, 19], [15, 20], [16, 21], [17, 22], [18, 23], [19, 24], [20, 25], [21, 26], [22, 27], [23, 28], [24, 29], [25, 30], [26, 31], [27, 0], [28, 1], [29, 2], [30, 3], [31, 4]], block = 2>} : tensor<1x1x64x16xf16>, tensor<1x1x64x16xf16>, tensor<1x1x64x16xf16> -> tensor<1x1x64x16xf16>
  return %0 : tensor<1x1x64x16xf16>
}
