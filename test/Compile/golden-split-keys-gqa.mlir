// Decoding at batch 1 with keys cut over bank groups, a dense part beside a
// streaming part and grouped-query heads (docs/compiler.md, Keys over
// several bank groups): 8 query heads on 2 key-value heads, d = 32, 1,000
// keys (cut into pieces the last of which is shorter), heads 0-3 dense and
// 4-7 streaming (4 sinks, a window of 64). With share-kv=on the 4 query heads
// of a key-value head are the rows of one instance, read once (the PILOT
// schedule's tiles hold the 4 rows, which makes a group's work smaller, so
// pim-map spreads its instances over fewer groups); with share-kv=off each
// head is an instance. pim-map gives each part its own
// groups per instance, in ranges of groups of their own, the dense part far
// more than the streaming one. Compiled by --pilot-compile under every
// schedule and simulated with FP16 values: pilot-sim --check compares the
// merged output with a float64 attention (tolerance 1e-2 relative L2), fast
// mode agrees with exact mode, and the program moves exactly the bytes the
// I/O model predicts.

// RUN: rm -rf %t && mkdir -p %t
// RUN: %python %S/../Sim/Inputs/make-npy.py %t/q.npy --shape 1,8,1,32 --seed 1
// RUN: %python %S/../Sim/Inputs/make-npy.py %t/k.npy --shape 1,2,1000,32 --seed 2
// RUN: %python %S/../Sim/Inputs/make-npy.py %t/v.npy --shape 1,2,1000,32 --seed 3
// DEFINE: %{schedule} = naive
// DEFINE: %{share} = on
// DEFINE: %{golden} = ( pilot-opt %s --pilot-compile="schedule=%{schedule} share-kv=%{share}" -o %t/%{schedule}.mlir \
// DEFINE:   && pilot-sim %t/%{schedule}.mlir --input Q=%t/q.npy --input K=%t/k.npy --input V=%t/v.npy \
// DEFINE:        --check --stats-json=%t/%{schedule}-exact.json \
// DEFINE:   && pilot-sim %t/%{schedule}.mlir --mode=fast --stats-json=%t/%{schedule}-fast.json > /dev/null \
// DEFINE:   && %python %S/../Sim/Inputs/compare-stats.py %t/%{schedule}-exact.json %t/%{schedule}-fast.json \
// DEFINE:   && %python %S/Inputs/compare-io.py %t/%{schedule}.mlir %t/%{schedule}-exact.json \
// DEFINE:   && grep -o 'pim.mapping<[^>]*>' %t/%{schedule}.mlir | sort -u \
// DEFINE:   && grep -o 'pim.merge .*' %t/%{schedule}.mlir )

// RUN: %{golden} | FileCheck %s --check-prefixes=CHECK,SHARED
// REDEFINE: %{schedule} = pilot
// RUN: %{golden} | FileCheck %s --check-prefixes=CHECK,PILOT
// REDEFINE: %{schedule} = fused
// RUN: %{golden} | FileCheck %s --check-prefixes=CHECK,SHARED
// REDEFINE: %{share} = off
// REDEFINE: %{schedule} = naive
// RUN: %{golden} | FileCheck %s --check-prefixes=CHECK,APART
// REDEFINE: %{schedule} = fused
// RUN: %{golden} | FileCheck %s --check-prefixes=CHECK,APART

// CHECK-NOT: warning
// CHECK:     check {{.*}}: PASS
// CHECK:     stats agree
// CHECK:     internal bytes per bank: model [[BYTES:[0-9]+]], simulated [[BYTES]] (0.00% apart): agree
// SHARED:    pim.mapping<split = columns, head_instances = 1, heads_per_group = 1, bank_groups = 256, banks_per_group = 4, kv_group = 4, groups_per_instance = 256, first_group = 32>
// SHARED:    pim.mapping<split = columns, head_instances = 1, heads_per_group = 1, bank_groups = 32, banks_per_group = 4, kv_group = 4, groups_per_instance = 32>
// SHARED:    pim.merge {{.*}} pieces 32 heads [4, 5, 6, 7]
// SHARED:    pim.merge {{.*}} pieces 256 heads [0, 1, 2, 3]
// PILOT:     pim.mapping<split = columns, head_instances = 1, heads_per_group = 1, bank_groups = 128, banks_per_group = 4, kv_group = 4, groups_per_instance = 128, first_group = 16>
// PILOT:     pim.mapping<split = columns, head_instances = 1, heads_per_group = 1, bank_groups = 16, banks_per_group = 4, kv_group = 4, groups_per_instance = 16>
// PILOT:     pim.merge {{.*}} pieces 16 heads [4, 5, 6, 7]
// PILOT:     pim.merge {{.*}} pieces 128 heads [0, 1, 2, 3]
// APART:     pim.mapping<split = columns, head_instances = 4, heads_per_group = 1, bank_groups = 512, banks_per_group = 4, groups_per_instance = 128, first_group = 64>
// APART:     pim.mapping<split = columns, head_instances = 4, heads_per_group = 1, bank_groups = 64, banks_per_group = 4, groups_per_instance = 16>
// APART:     pim.merge {{.*}} pieces 16 heads [4, 5, 6, 7]
// APART:     pim.merge {{.*}} pieces 128 heads [0, 1, 2, 3]

func.func @decode(%q: tensor<1x8x1x32xf16>, %k: tensor<1x2x1000x32xf16>, %v: tensor<1x2x1000x32xf16>) -> tensor<1x8x1x32xf16> {
  %0 = sattn.attention %q, %k, %v {pattern = #sattn.pattern<causal = true, window = [63, 0], sinks = 4, dense_heads = [0, 1, 2, 3]>} : tensor<1x8x1x32xf16>, tensor<1x2x1000x32xf16>, tensor<1x2x1000x32xf16> -> tensor<1x8x1x32xf16>
  return %0 : tensor<1x8x1x32xf16>
}
