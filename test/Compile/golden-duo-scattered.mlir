// DuoAttention as its authors release it: retrieval heads chosen per
// key-value head and scattered (key-value heads 0 and 3 of 4, so query
// heads 0, 1, 6 and 7 of 8 are dense), the streaming heads in between, all
// on PIM. Neither part's heads are one run: each pim.cfg looks its
// instance's head up (digit_table). Compiled by --pilot-compile under every
// schedule and simulated with FP16 values: pilot-sim --check against a
// float64 attention (tolerance 1e-2 relative L2), fast mode against exact
// mode, and the bytes the I/O model predicts.

// RUN: rm -rf %t && mkdir -p %t
// RUN: %python %S/../Sim/Inputs/make-npy.py %t/q.npy --shape 1,8,64,32 --seed 1
// RUN: %python %S/../Sim/Inputs/make-npy.py %t/k.npy --shape 1,4,64,32 --seed 2
// RUN: %python %S/../Sim/Inputs/make-npy.py %t/v.npy --shape 1,4,64,32 --seed 3
// DEFINE: %{schedule} = naive
// DEFINE: %{golden} = ( pilot-opt %s --pilot-compile="schedule=%{schedule} dense-heads-on-pim=true" -o %t/%{schedule}.mlir \
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

// The dense part's placements: query heads 0, 1, 6 and 7 (2048 elements a
// head), key-value heads 0, 0, 3 and 3; the streaming heads 2-5 are one run
// of whole groups and keep their affine placement.
// RUN: pilot-opt %s --pilot-compile="dense-heads-on-pim=true split=heads" | FileCheck %s --check-prefix=TABLE
// TABLE-DAG: pim.cfg "Q" {{.*}} radices [4, 4, 1] strides [0, 0, 16384] digit_table [1, 0, 2048, 12288, 14336]
// TABLE-DAG: pim.cfg "K" {{.*}} radices [4, 4, 1] strides [0, 0, 8192] digit_table [1, 0, 0, 6144, 6144]
// TABLE-DAG: pim.cfg "Q" {{.*}} offset 4096 radices [4, 4, 1] strides [0, 2048, 16384] select

// CHECK-NOT: warning
// CHECK:     check {{.*}}: PASS
// CHECK:     stats agree
// CHECK:     internal bytes per bank: model [[BYTES:[0-9]+]], simulated [[BYTES]] (0.00% apart): agree

func.func @duo(%q: tensor<1x8x64x32xf16>, %k: tensor<1x4x64x32xf16>, %v: tensor<1x4x64x32xf16>) -> tensor<1x8x64x32xf16> {
  %0 = sattn.attention %q, %k, %v {pattern = #sattn.pattern<causal = true, window = [9, 0], sinks = 2, dense_heads = [0, 1, 6, 7]>} : tensor<1x8x64x32xf16>, tensor<1x4x64x32xf16>, tensor<1x4x64x32xf16> -> tensor<1x8x64x32xf16>
  return %0 : tensor<1x8x64x32xf16>
}
