// Decoding 2 queries at once (speculative decoding's verification) against
// a 64-token cache, dense and causal: every bank holds both rows and its
// piece of the keys, which both rows read once per tile; the second row
// sees one key more,
// compiled by --pilot-compile under every schedule (auto included) and
// simulated with FP16 values: pilot-sim --check compares the output with a
// float64 attention of the same pattern (query i at position S - N + i),
// fast mode agrees with exact mode, and the program moves exactly the bytes
// the I/O model predicts.

// RUN: rm -rf %t && mkdir -p %t
// RUN: %python %S/../Sim/Inputs/make-npy.py %t/q.npy --shape 2,2,2,16 --seed 1
// RUN: %python %S/../Sim/Inputs/make-npy.py %t/k.npy --shape 2,2,64,16 --seed 2
// RUN: %python %S/../Sim/Inputs/make-npy.py %t/v.npy --shape 2,2,64,16 --seed 3
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

func.func @decode(%q: tensor<2x2x2x16xf16>, %k: tensor<2x2x64x16xf16>, %v: tensor<2x2x64x16xf16>) -> tensor<2x2x2x16xf16> {
  %0 = sattn.attention %q, %k, %v {pattern = #sattn.pattern<dense = true, causal = true>} : tensor<2x2x2x16xf16>, tensor<2x2x64x16xf16>, tensor<2x2x64x16xf16> -> tensor<2x2x2x16xf16>
  return %0 : tensor<2x2x2x16xf16>
}
