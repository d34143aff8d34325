// Chunked prefill of 13 queries against a 48-token cache with grouped-query
// heads (4 query heads, 2 key-value heads) and DuoAttention's split: the
// second group's heads dense, the first's streaming (2 sinks, a causal
// window of 20). Tiles of 4 rows (auto: its own) leave a partial last tile
// of one row. Compiled by --pilot-compile under every schedule (auto
// included) and simulated with FP16 values: pilot-sim --check compares the
// output with a float64 attention of the same pattern (query i at position
// S - N + i), fast mode agrees with exact mode, and the program moves
// exactly the bytes the I/O model predicts.

// RUN: rm -rf %t && mkdir -p %t
// RUN: %python %S/../Sim/Inputs/make-npy.py %t/q.npy --shape 2,4,13,16 --seed 1
// RUN: %python %S/../Sim/Inputs/make-npy.py %t/k.npy --shape 2,2,48,16 --seed 2
// RUN: %python %S/../Sim/Inputs/make-npy.py %t/v.npy --shape 2,2,48,16 --seed 3
// DEFINE: %{schedule} = naive
// DEFINE: %{tiles} = rows=4 keys=8
// DEFINE: %{golden} = ( pilot-opt %s --pilot-compile="schedule=%{schedule} %{tiles}" -o %t/%{schedule}.mlir \
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
// REDEFINE: %{tiles} =
// RUN: %{golden} | FileCheck %s

// CHECK-NOT: warning
// CHECK:     check {{.*}}: PASS
// CHECK:     stats agree
// CHECK:     internal bytes per bank: model [[BYTES:[0-9]+]], simulated [[BYTES]] (0.00% apart): agree

func.func @decode(%q: tensor<2x4x13x16xf16>, %k: tensor<2x2x48x16xf16>, %v: tensor<2x2x48x16xf16>) -> tensor<2x4x13x16xf16> {
  %0 = sattn.attention %q, %k, %v {pattern = #sattn.pattern<causal = true, window = [20, 0], sinks = 2, dense_heads = [2, 3]>} : tensor<2x4x13x16xf16>, tensor<2x2x48x16xf16>, tensor<2x2x48x16xf16> -> tensor<2x4x13x16xf16>
  return %0 : tensor<2x4x13x16xf16>
}
