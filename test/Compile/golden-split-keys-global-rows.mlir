// Prefill at batch 1 whose global rows' keys are cut over bank groups
// (docs/compiler.md, Small batches): 2 heads, d = 16, 256 tokens, a window
// of blocks of 4 and global blocks 0 and 30 (rows 0-3 and 120-123, two runs
// of global rows). pim-map cuts each instance's global rows' keys over
// several groups, beside the row split's groups; each group writes its
// partial of the global rows, scattered to their two runs, and pim.merge
// has the host merge those rows alone (`rows`), the other rows' outputs
// written whole by the row split. Compiled by --pilot-compile under every
// schedule and simulated with FP16 values: pilot-sim --check compares the
// output with a float64 attention (tolerance 1e-2 relative L2), fast mode
// agrees with exact mode, and the program moves exactly the bytes the I/O
// model predicts.

// RUN: rm -rf %t && mkdir -p %t
// RUN: %python %S/../Sim/Inputs/make-npy.py %t/q.npy --shape 1,2,256,16 --seed 1
// RUN: %python %S/../Sim/Inputs/make-npy.py %t/k.npy --shape 1,2,256,16 --seed 2
// RUN: %python %S/../Sim/Inputs/make-npy.py %t/v.npy --shape 1,2,256,16 --seed 3
// DEFINE: %{schedule} = naive
// DEFINE: %{golden} = ( pilot-opt %s --pilot-compile="schedule=%{schedule}" -o %t/%{schedule}.mlir \
// DEFINE:   && pilot-sim %t/%{schedule}.mlir --input Q=%t/q.npy --input K=%t/k.npy --input V=%t/v.npy \
// DEFINE:        --check --stats-json=%t/%{schedule}-exact.json \
// DEFINE:   && pilot-sim %t/%{schedule}.mlir --mode=fast --stats-json=%t/%{schedule}-fast.json > /dev/null \
// DEFINE:   && %python %S/../Sim/Inputs/compare-stats.py %t/%{schedule}-exact.json %t/%{schedule}-fast.json \
// DEFINE:   && %python %S/Inputs/compare-io.py %t/%{schedule}.mlir %t/%{schedule}-exact.json \
// DEFINE:   && grep -o 'split = columns.*groups_per_instance = [0-9]*' %t/%{schedule}.mlir | sort -u \
// DEFINE:   && grep -o 'pim.merge .*' %t/%{schedule}.mlir )

// RUN: %{golden} | FileCheck %s
// REDEFINE: %{schedule} = pilot
// RUN: %{golden} | FileCheck %s
// REDEFINE: %{schedule} = fused
// RUN: %{golden} | FileCheck %s

// CHECK-NOT: warning
// CHECK:     check {{.*}}: PASS
// CHECK:     stats agree
// CHECK:     internal bytes per bank: model [[BYTES:[0-9]+]], simulated [[BYTES]] (0.00% apart): agree
// CHECK:     split = columns, {{.*}}groups_per_instance = {{[2-9]|[1-9][0-9]+}}
// CHECK:     pim.merge "O" partials "O.part" {{.*}}sums "L.part" pieces {{[0-9]+}} heads [0, 1] rows [0, 4, 120, 124]

func.func @prefill(%q: tensor<1x2x256x16xf16>, %k: tensor<1x2x256x16xf16>, %v: tensor<1x2x256x16xf16>) -> tensor<1x2x256x16xf16> {
  %0 = sattn.attention %q, %k, %v {pattern = #sattn.pattern<window = [1, 1], block = 4, global_tokens = [0, 30]>} : tensor<1x2x256x16xf16>, tensor<1x2x256x16xf16>, tensor<1x2x256x16xf16> -> tensor<1x2x256x16xf16>
  return %0 : tensor<1x2x256x16xf16>
}
