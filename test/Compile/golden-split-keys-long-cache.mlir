// A decoding cache too long for one bank group (docs/compiler.md, Keys over
// several bank groups): 1 head, d = 16, 2,048 keys, causal dense, on 8 bank
// groups of 4 banks of 16 DRAM rows (16 KiB). On one group each bank would
// hold 512 keys and values (32 KiB); pim-map's split=auto judges the
// capacity with the keys cut over the groups, the fewest that hold them
// (4) the least it may take, and picks the fastest (all 8). Compiled by
// --pilot-compile under every schedule and simulated with FP16 values:
// pilot-sim --check compares the merged output with a float64 attention
// (tolerance 1e-2 relative L2), fast mode agrees with exact mode, and the
// program moves exactly the bytes the I/O model predicts. split=heads keeps
// one group an instance and refuses it (pim-map-long-cache-errors.mlir).

// RUN: rm -rf %t && mkdir -p %t
// RUN: echo '{"org.stacks": 1, "org.dies": 1, "org.pchs": 1, "org.bank_groups": 8, "org.rows": 16}' > %t/hw.json
// RUN: %python %S/../Sim/Inputs/make-npy.py %t/q.npy --shape 1,1,1,16 --seed 1
// RUN: %python %S/../Sim/Inputs/make-npy.py %t/k.npy --shape 1,1,2048,16 --seed 2
// RUN: %python %S/../Sim/Inputs/make-npy.py %t/v.npy --shape 1,1,2048,16 --seed 3
// DEFINE: %{schedule} = naive
// DEFINE: %{golden} = ( pilot-opt %s --pilot-compile="schedule=%{schedule} hw=%t/hw.json" -o %t/%{schedule}.mlir \
// DEFINE:   && grep -o 'pim.mapping<[^>]*>' %t/%{schedule}.mlir | sort -u \
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

// CHECK:     pim.mapping<split = columns, head_instances = 1, heads_per_group = 1, bank_groups = 8, banks_per_group = 4, groups_per_instance = 8>
// CHECK-NOT: warning
// CHECK:     check {{.*}}: PASS
// CHECK:     stats agree
// CHECK:     internal bytes per bank: model [[BYTES:[0-9]+]], simulated [[BYTES]] (0.00% apart): agree

func.func @decode(%q: tensor<1x1x1x16xf16>, %k: tensor<1x1x2048x16xf16>, %v: tensor<1x1x2048x16xf16>) -> tensor<1x1x1x16xf16> {
  %0 = sattn.attention %q, %k, %v {pattern = #sattn.pattern<causal = true, dense = true>} : tensor<1x1x1x16xf16>, tensor<1x1x2048x16xf16>, tensor<1x1x2048x16xf16> -> tensor<1x1x1x16xf16>
  return %0 : tensor<1x1x1x16xf16>
}
