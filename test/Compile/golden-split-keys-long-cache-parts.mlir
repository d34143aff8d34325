// A decoding cache too long for one bank group, in two parts: head 0 dense
// (2,048 keys of d = 16), head 1 streaming (4 sinks, a window of 64), on 8
// bank groups of 4 banks of 16 DRAM rows (16 KiB). pim-map's split=auto
// cuts both parts' keys over groups, each part in a range of its own (4
// groups each, pim-map-long-cache-parts.mlir), and pim-tile judges each part
// alone on its range. Compiled by --pilot-compile under the fused schedule
// (the naive and pilot schedules' scores leave too little room,
// pim-map-long-cache-parts.mlir) and simulated with FP16 values: pilot-sim
// --check compares the merged output with a float64 attention (tolerance
// 1e-2 relative L2), fast mode agrees with exact mode, and the program
// moves exactly the bytes the I/O model predicts.

// RUN: rm -rf %t && mkdir -p %t
// RUN: echo '{"org.stacks": 1, "org.dies": 1, "org.pchs": 1, "org.bank_groups": 8, "org.rows": 16}' > %t/hw.json
// RUN: %python %S/../Sim/Inputs/make-npy.py %t/q.npy --shape 1,2,1,16 --seed 1
// RUN: %python %S/../Sim/Inputs/make-npy.py %t/k.npy --shape 1,2,2048,16 --seed 2
// RUN: %python %S/../Sim/Inputs/make-npy.py %t/v.npy --shape 1,2,2048,16 --seed 3
// RUN: pilot-opt %s --pilot-compile="schedule=fused hw=%t/hw.json" -o %t/fused.mlir
// RUN: ( grep -o 'pim.mapping<[^>]*>' %t/fused.mlir | sort -u \
// RUN:   && pilot-sim %t/fused.mlir --input Q=%t/q.npy --input K=%t/k.npy --input V=%t/v.npy \
// RUN:        --check --stats-json=%t/exact.json \
// RUN:   && pilot-sim %t/fused.mlir --mode=fast --stats-json=%t/fast.json > /dev/null \
// RUN:   && %python %S/../Sim/Inputs/compare-stats.py %t/exact.json %t/fast.json \
// RUN:   && %python %S/Inputs/compare-io.py %t/fused.mlir %t/exact.json ) | FileCheck %s

// CHECK:     pim.mapping<split = columns, head_instances = 1, heads_per_group = 1, bank_groups = 4, banks_per_group = 4, groups_per_instance = 4, first_group = 4>
// CHECK:     pim.mapping<split = columns, head_instances = 1, heads_per_group = 1, bank_groups = 4, banks_per_group = 4, groups_per_instance = 4>
// CHECK-NOT: warning
// CHECK:     check {{.*}}: PASS
// CHECK:     stats agree
// CHECK:     internal bytes per bank: model [[BYTES:[0-9]+]], simulated [[BYTES]] (0.00% apart): agree

func.func @decode(%q: tensor<1x2x1x16xf16>, %k: tensor<1x2x2048x16xf16>, %v: tensor<1x2x2048x16xf16>) -> tensor<1x2x1x16xf16> {
  %0 = sattn.attention %q, %k, %v {pattern = #sattn.pattern<causal = true, window = [63, 0], sinks = 4, dense_heads = [0]>} : tensor<1x2x1x16xf16>, tensor<1x2x2048x16xf16>, tensor<1x2x2048x16xf16> -> tensor<1x2x1x16xf16>
  return %0 : tensor<1x2x1x16xf16>
}
