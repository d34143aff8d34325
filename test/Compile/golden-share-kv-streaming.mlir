// Decoding with grouped-query heads that share their key-value head's
// instance (share-kv=on): 8 query heads on 2 key-value heads, dense heads
// 0-3 (key-value head 0) and StreamingLLM heads 4-7 (4 sinks and a window of
// 16 tokens, key-value head 1). Each instance holds its 4 heads' queries as
// 4 rows and reads the key-value head once for them; 200 keys leave each
// bank a piece of 50, whose last step is partial. Compiled by
// --pilot-compile under every schedule and simulated with FP16 values:
// pilot-sim --check against a float64 attention (tolerance 1e-2 relative
// L2), fast mode against exact mode, and the bytes the I/O model predicts.

// RUN: rm -rf %t && mkdir -p %t
// RUN: %python %S/../Sim/Inputs/make-npy.py %t/q.npy --shape 2,8,1,32 --seed 1
// RUN: %python %S/../Sim/Inputs/make-npy.py %t/k.npy --shape 2,2,200,32 --seed 2
// RUN: %python %S/../Sim/Inputs/make-npy.py %t/v.npy --shape 2,2,200,32 --seed 3
// DEFINE: %{schedule} = naive
// DEFINE: %{golden} = ( pilot-opt %s --pilot-compile="schedule=%{schedule} share-kv=on" -o %t/%{schedule}.mlir \
// DEFINE:   && pilot-sim %t/%{schedule}.mlir --input Q=%t/q.npy --input K=%t/k.npy --input V=%t/v.npy \
// DEFINE:        --check --stats-json=%t/%{schedule}-exact.json \
// DEFINE:   && pilot-sim %t/%{schedule}.mlir --mode=fast --stats-json=%t/%{schedule}-fast.json > /dev/null \
// DEFINE:   && %python %S/../Sim/Inputs/compare-stats.py %t/%{schedule}-exact.json %t/%{schedule}-fast.json \
// DEFINE:   && %python %S/Inputs/compare-io.py %t/%{schedule}.mlir %t/%{schedule}-exact.json \
// DEFINE:   && grep -o "kv_group = [0-9]*" %t/%{schedule}.mlir | sort -u )

// RUN: %{golden} | FileCheck %s
// REDEFINE: %{schedule} = pilot
// RUN: %{golden} | FileCheck %s
// REDEFINE: %{schedule} = fused
// RUN: %{golden} | FileCheck %s

// CHECK-NOT: warning
// CHECK:     check {{.*}}: PASS
// CHECK:     stats agree
// CHECK:     internal bytes per bank: model [[BYTES:[0-9]+]], simulated [[BYTES]] (0.00% apart): agree
// CHECK:     kv_group = 4

func.func @decode(%q: tensor<2x8x1x32xf16>, %k: tensor<2x2x200x32xf16>, %v: tensor<2x2x200x32xf16>) -> tensor<2x8x1x32xf16> {
  %0 = sattn.attention %q, %k, %v {pattern = #sattn.pattern<causal = true, window = [15, 0], sinks = 4, dense_heads = [0, 1, 2, 3]>} : tensor<2x8x1x32xf16>, tensor<2x2x200x32xf16>, tensor<2x2x200x32xf16> -> tensor<2x8x1x32xf16>
  return %0 : tensor<2x8x1x32xf16>
}
