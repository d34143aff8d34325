// Global tokens at scattered positions (BigBird/ETC-style [0, 37, 50]): the
// rows between them are three runs, each laid out and walked apart by the
// row split; the global rows are gathered by pim.cfg segments into one
// column split (their outputs scattered back the same way) and the global
// columns into one fixed run,
// compiled by --pilot-compile under every schedule and simulated with FP16
// values: pilot-sim --check compares the output with a float64 attention of
// the same pattern (tolerance 1e-2 relative L2, docs/simulator.md), fast
// mode agrees with exact mode, and the program moves exactly the bytes the
// I/O model predicts.

// RUN: rm -rf %t && mkdir -p %t
// RUN: %python %S/../Sim/Inputs/make-npy.py %t/q.npy --shape 1,2,64,16 --seed 1
// RUN: %python %S/../Sim/Inputs/make-npy.py %t/k.npy --shape 1,2,64,16 --seed 2
// RUN: %python %S/../Sim/Inputs/make-npy.py %t/v.npy --shape 1,2,64,16 --seed 3
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
// REDEFINE: %{schedule} = auto
// RUN: %{golden} | FileCheck %s

// CHECK-NOT: warning
// CHECK:     check {{.*}}: PASS
// CHECK:     stats agree
// CHECK:     internal bytes per bank: model [[BYTES:[0-9]+]], simulated [[BYTES]] (0.00% apart): agree

// RUN: pilot-opt %s --pilot-compile="schedule=pilot split=heads" | FileCheck %s --check-prefix=IR
// IR: pim.cfg "K" {{.*}} segments [0, 16, 592, 16, 800, 16]
// IR: pim.cfg "Q" {{.*}} segments [0, 16, 592, 16, 800, 16]
// IR: pim.cfg "O" {{.*}} segments [0, 16, 592, 16, 800, 16] select [4, 0]

func.func @scattered(%q: tensor<1x2x64x16xf16>, %k: tensor<1x2x64x16xf16>, %v: tensor<1x2x64x16xf16>) -> tensor<1x2x64x16xf16> {
  %0 = sattn.attention %q, %k, %v {pattern = #sattn.pattern<window = [2, 2], global_tokens = [0, 37, 50]>} : tensor<1x2x64x16xf16>, tensor<1x2x64x16xf16>, tensor<1x2x64x16xf16> -> tensor<1x2x64x16xf16>
  return %0 : tensor<1x2x64x16xf16>
}
