// Decoding at batch 1 with each head instance's keys cut over several bank
// groups (docs/compiler.md, Keys over several bank groups): 2 heads, 1,024
// keys, causal dense. pim-map's split=auto picks the groups per instance
// (the I/O model's fastest, the host's merge included); each group writes
// a partial and pim.merge has the host merge them. Compiled by
// --pilot-compile under every schedule and simulated with FP16 values:
// pilot-sim --check compares the merged output with a float64 attention
// (tolerance 1e-2 relative L2, docs/simulator.md), fast mode agrees with
// exact mode (merge_ns and merge_bytes among the stats), and the program
// moves exactly the bytes the I/O model predicts.

// RUN: rm -rf %t && mkdir -p %t
// RUN: %python %S/../Sim/Inputs/make-npy.py %t/q.npy --shape 1,2,1,16 --seed 1
// RUN: %python %S/../Sim/Inputs/make-npy.py %t/k.npy --shape 1,2,1024,16 --seed 2
// RUN: %python %S/../Sim/Inputs/make-npy.py %t/v.npy --shape 1,2,1024,16 --seed 3
// DEFINE: %{schedule} = naive
// DEFINE: %{golden} = ( pilot-opt %s --pilot-compile="schedule=%{schedule}" -o %t/%{schedule}.mlir \
// DEFINE:   && pilot-sim %t/%{schedule}.mlir --input Q=%t/q.npy --input K=%t/k.npy --input V=%t/v.npy \
// DEFINE:        --check --stats-json=%t/%{schedule}-exact.json \
// DEFINE:   && pilot-sim %t/%{schedule}.mlir --mode=fast --stats-json=%t/%{schedule}-fast.json > /dev/null \
// DEFINE:   && %python %S/../Sim/Inputs/compare-stats.py %t/%{schedule}-exact.json %t/%{schedule}-fast.json \
// DEFINE:   && %python %S/Inputs/compare-io.py %t/%{schedule}.mlir %t/%{schedule}-exact.json \
// DEFINE:   && grep -o 'groups_per_instance = [0-9]*' %t/%{schedule}.mlir | head -n 1 \
// DEFINE:   && grep -o 'pim.merge .*' %t/%{schedule}.mlir )

// RUN: %{golden} | FileCheck %s --check-prefixes=CHECK,STAGED
// REDEFINE: %{schedule} = pilot
// RUN: %{golden} | FileCheck %s --check-prefixes=CHECK,STAGED
// REDEFINE: %{schedule} = fused
// RUN: %{golden} | FileCheck %s --check-prefixes=CHECK,FUSED
// The binary encoding carries the merge, and the simulator runs it from there.
// RUN: pilot-translate --pim-to-binary %t/fused.mlir -o %t/fused.bin
// RUN: pilot-translate --binary-to-pim %t/fused.bin | FileCheck %s --check-prefix=BIN
// RUN: pilot-sim %t/fused.bin --mode=fast --stats-json=%t/binary.json > /dev/null
// RUN: %python %S/../Sim/Inputs/compare-stats.py %t/fused-fast.json %t/binary.json
// BIN: pim.merge "O" partials "O.part" maxima "M.part" sums "L.part" pieces 256 heads [0, 1]

// CHECK-NOT: warning
// CHECK:     merge    the host merges partials after the banks:
// CHECK:     check {{.*}}: PASS
// CHECK:     stats agree
// CHECK:     internal bytes per bank: model [[BYTES:[0-9]+]], simulated [[BYTES]] (0.00% apart): agree
// CHECK:     groups_per_instance = 256
// STAGED:    pim.merge "O" partials "O.part" sums "L.part" pieces 256 heads [0, 1]
// FUSED:     pim.merge "O" partials "O.part" maxima "M.part" sums "L.part" pieces 256 heads [0, 1]

func.func @decode(%q: tensor<1x2x1x16xf16>, %k: tensor<1x2x1024x16xf16>, %v: tensor<1x2x1024x16xf16>) -> tensor<1x2x1x16xf16> {
  %0 = sattn.attention %q, %k, %v {pattern = #sattn.pattern<causal = true, dense = true>} : tensor<1x2x1x16xf16>, tensor<1x2x1024x16xf16>, tensor<1x2x1024x16xf16> -> tensor<1x2x1x16xf16>
  return %0 : tensor<1x2x1x16xf16>
}
