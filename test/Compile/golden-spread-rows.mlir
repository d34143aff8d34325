// A batch of one on many bank groups (docs/compiler.md, Small batches): the
// row split's head instances each span 4 bank groups (16 banks, 4 rows
// each, the last bank's last block partial), the global rows' column split
// one group per instance in groups of its own, a block window and a global
// column. Compiled by --pilot-compile under every schedule and simulated
// with FP16 values: pilot-sim --check compares the output with a float64
// attention of the same pattern (tolerance 1e-2 relative L2,
// docs/simulator.md), fast mode agrees with exact mode, and the program
// moves exactly the bytes the I/O model predicts.

// RUN: rm -rf %t && mkdir -p %t
// RUN: %python %S/../Sim/Inputs/make-npy.py %t/q.npy --shape 1,2,37,16 --seed 1
// RUN: %python %S/../Sim/Inputs/make-npy.py %t/k.npy --shape 1,2,37,16 --seed 2
// RUN: %python %S/../Sim/Inputs/make-npy.py %t/v.npy --shape 1,2,37,16 --seed 3
// DEFINE: %{schedule} = naive
// DEFINE: %{golden} = ( pilot-opt %s --pilot-compile="schedule=%{schedule}" -o %t/%{schedule}.mlir \
// DEFINE:   && pilot-sim %t/%{schedule}.mlir --input Q=%t/q.npy --input K=%t/k.npy --input V=%t/v.npy \
// DEFINE:        --check --stats-json=%t/%{schedule}-exact.json \
// DEFINE:   && pilot-sim %t/%{schedule}.mlir --mode=fast --stats-json=%t/%{schedule}-fast.json > /dev/null \
// DEFINE:   && %python %S/../Sim/Inputs/compare-stats.py %t/%{schedule}-exact.json %t/%{schedule}-fast.json \
// DEFINE:   && %python %S/Inputs/compare-io.py %t/%{schedule}.mlir %t/%{schedule}-exact.json \
// DEFINE:   && grep -o 'groups_per_instance = [0-9]*, first_group = [0-9]*' %t/%{schedule}.mlir | head -n 1 )

// RUN: %{golden} | FileCheck %s
// REDEFINE: %{schedule} = pilot
// RUN: %{golden} | FileCheck %s
// REDEFINE: %{schedule} = fused
// RUN: %{golden} | FileCheck %s

// CHECK-NOT: warning
// CHECK:     check {{.*}}: PASS
// CHECK:     stats agree
// CHECK:     internal bytes per bank: model [[BYTES:[0-9]+]], simulated [[BYTES]] (0.00% apart): agree
// CHECK:     groups_per_instance = 4, first_group = 2

func.func @spread(%q: tensor<1x2x37x16xf16>, %k: tensor<1x2x37x16xf16>, %v: tensor<1x2x37x16xf16>) -> tensor<1x2x37x16xf16> {
  %0 = sattn.attention %q, %k, %v {pattern = #sattn.pattern<window = [1, 1], block = 2, global_tokens = [0]>} : tensor<1x2x37x16xf16>, tensor<1x2x37x16xf16>, tensor<1x2x37x16xf16> -> tensor<1x2x37x16xf16>
  return %0 : tensor<1x2x37x16xf16>
}
