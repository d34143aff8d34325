// Global rows K-stationary (PAPER.md, global rows): six causal global rows
// over several steps of keys, so that the SDDMM reads each step's keys
// once for every row tile, the SpMM keeps partial outputs in DRAM between
// steps, and the masks follow both the step and the tile. Compiled by
// --pilot-compile with the paper's tiles (one row, many keys: one step
// here), with 3 keys a step, with tiles of 4 rows by 5 keys (a shorter
// last tile and a shorter last step) and query-stationary, under the PILOT
// schedule and the fused one (whose steps bring each tile's running state
// back from DRAM), and simulated with FP16 values:
// pilot-sim --check compares the output with a float64 attention, fast mode
// agrees with exact mode, and the program moves exactly the bytes the I/O
// model predicts.

// RUN: rm -rf %t && mkdir -p %t
// RUN: %python %S/../Sim/Inputs/make-npy.py %t/q.npy --shape 1,2,64,16 --seed 4
// RUN: %python %S/../Sim/Inputs/make-npy.py %t/k.npy --shape 1,2,64,16 --seed 5
// RUN: %python %S/../Sim/Inputs/make-npy.py %t/v.npy --shape 1,2,64,16 --seed 6
// DEFINE: %{name} = paper
// DEFINE: %{schedule} = pilot
// DEFINE: %{options} =
// DEFINE: %{golden} = ( pilot-opt %s --pilot-compile="schedule=%{schedule} %{options}" -o %t/%{name}.mlir \
// DEFINE:   && pilot-sim %t/%{name}.mlir --input Q=%t/q.npy --input K=%t/k.npy --input V=%t/v.npy \
// DEFINE:        --check --stats-json=%t/%{name}-exact.json \
// DEFINE:   && pilot-sim %t/%{name}.mlir --mode=fast --stats-json=%t/%{name}-fast.json > /dev/null \
// DEFINE:   && %python %S/../Sim/Inputs/compare-stats.py %t/%{name}-exact.json %t/%{name}-fast.json \
// DEFINE:   && %python %S/Inputs/compare-io.py %t/%{name}.mlir %t/%{name}-exact.json )

// RUN: %{golden} | FileCheck %s
// REDEFINE: %{name} = steps
// REDEFINE: %{options} = keys=3
// RUN: %{golden} | FileCheck %s
// REDEFINE: %{name} = tiles
// REDEFINE: %{options} = rows=4 keys=5
// RUN: %{golden} | FileCheck %s
// Forced query-stationary (pim-schedule order=query): a tile at a time,
// the prediction made again for that order.
// REDEFINE: %{name} = query
// REDEFINE: %{options} = keys=3 order=query
// RUN: %{golden} | FileCheck %s

// The fused schedule: the I/O model finds key-stationary faster here.
// REDEFINE: %{schedule} = fused
// REDEFINE: %{name} = fused-steps
// REDEFINE: %{options} = keys=3
// RUN: %{golden} | FileCheck %s
// REDEFINE: %{name} = fused-tiles
// REDEFINE: %{options} = rows=4 keys=5
// RUN: %{golden} | FileCheck %s
// REDEFINE: %{name} = fused-query
// REDEFINE: %{options} = keys=3 order=query
// RUN: %{golden} | FileCheck %s

// The global rows' loop nests under the fused schedule.
// RUN: FileCheck %s --check-prefix=FUSED < %t/fused-tiles.mlir
// FUSED: sattn.sddmm {{.*}}pim.loop_nest = #pim.loop_nest<order = key_stationary, scores = buffer, rows = 4, keys = 5, passes = 1>{{.*}}rows = #sattn.rows<global>
// RUN: FileCheck %s --check-prefix=FUSED-QUERY < %t/fused-query.mlir
// FUSED-QUERY: sattn.sddmm {{.*}}pim.loop_nest = #pim.loop_nest<order = query_stationary, scores = buffer, rows = 1, keys = 3, passes = 1>{{.*}}rows = #sattn.rows<global>

// The tiles' partial outputs go to DRAM and come back.
// RUN: FileCheck %s --check-prefix=IR < %t/steps.mlir
// IR:     pim.kernel @causal_global_pim
// IR:     pim.acc src [[OUT:[0-9]+]] dst [[OUT]] rows 16 cols 1 bank_group

// CHECK-NOT: warning
// CHECK:     check {{.*}}: PASS
// CHECK:     stats agree
// CHECK:     internal bytes per bank: model [[BYTES:[0-9]+]], simulated [[BYTES]] (0.00% apart): agree

func.func @causal_global(%q: tensor<1x2x64x16xf16>, %k: tensor<1x2x64x16xf16>, %v: tensor<1x2x64x16xf16>) -> tensor<1x2x64x16xf16> {
  %0 = sattn.attention %q, %k, %v {pattern = #sattn.pattern<causal = true, window = [3, 0], global_tokens = [0, 1, 2, 3, 4, 5]>} : tensor<1x2x64x16xf16>, tensor<1x2x64x16xf16>, tensor<1x2x64x16xf16> -> tensor<1x2x64x16xf16>
  return %0 : tensor<1x2x64x16xf16>
}
