// A head size whose vectors do not tile a DRAM row: d = 96 (Phi-3-mini's),
// 192 B vectors, 5 1/3 to a 1024 B row. Vectors straddle rows and the
// transfers split there; the band starts where bank 0's key 0 begins a row
// (16 vectors of 192 B end on one), with filler elements before the
// sequence. Window, a global row and column, sinks: the row split's band
// and fixed runs and the column split. Compiled by --pilot-compile under
// every schedule and simulated with FP16 values: pilot-sim --check compares
// the output with a float64 attention (tolerance 1e-2 relative L2), fast
// mode agrees with exact mode, and the program moves exactly the bytes the
// I/O model predicts.

// RUN: rm -rf %t && mkdir -p %t
// RUN: %python %S/../Sim/Inputs/make-npy.py %t/q.npy --shape 1,2,128,96 --seed 1
// RUN: %python %S/../Sim/Inputs/make-npy.py %t/k.npy --shape 1,2,128,96 --seed 2
// RUN: %python %S/../Sim/Inputs/make-npy.py %t/v.npy --shape 1,2,128,96 --seed 3
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

func.func @phi3(%q: tensor<1x2x128x96xf16>, %k: tensor<1x2x128x96xf16>, %v: tensor<1x2x128x96xf16>) -> tensor<1x2x128x96xf16> {
  %0 = sattn.attention %q, %k, %v {pattern = #sattn.pattern<window = [8, 7], global_tokens = [0], sinks = 2>} : tensor<1x2x128x96xf16>, tensor<1x2x128x96xf16>, tensor<1x2x128x96xf16> -> tensor<1x2x128x96xf16>
  return %0 : tensor<1x2x128x96xf16>
}
