// The fused schedule with the head dimension in chunks: Q and O stay whole
// in the buffer (chunk-major), every step's keys and values come a chunk at
// a time and the scores add up the chunks' products; the row split and the
// global rows' column split (its group reduction a chunk at a time). The
// search takes chunks where they move fewer bytes (here 32 elements, with
// more rows per tile); an override takes quarters. Checked against a
// float64 attention, fast mode against exact mode, and the program's bytes
// against the I/O model's, exactly.

// RUN: rm -rf %t && mkdir -p %t
// RUN: %python %S/../Sim/Inputs/make-npy.py %t/q.npy --shape 1,1,128,64 --seed 7 --scale 0.5
// RUN: %python %S/../Sim/Inputs/make-npy.py %t/k.npy --shape 1,1,128,64 --seed 8 --scale 0.5
// RUN: %python %S/../Sim/Inputs/make-npy.py %t/v.npy --shape 1,1,128,64 --seed 9
// DEFINE: %{name} = searched
// DEFINE: %{options} =
// DEFINE: %{golden} = ( pilot-opt %s --pilot-compile="schedule=fused split=heads %{options}" -o %t/%{name}.mlir \
// DEFINE:   && pilot-sim %t/%{name}.mlir --input Q=%t/q.npy --input K=%t/k.npy --input V=%t/v.npy \
// DEFINE:        --check --stats-json=%t/%{name}-exact.json \
// DEFINE:   && pilot-sim %t/%{name}.mlir --mode=fast --stats-json=%t/%{name}-fast.json > /dev/null \
// DEFINE:   && %python %S/../Sim/Inputs/compare-stats.py %t/%{name}-exact.json %t/%{name}-fast.json \
// DEFINE:   && %python %S/Inputs/compare-io.py %t/%{name}.mlir %t/%{name}-exact.json )

// RUN: %{golden} | FileCheck %s
// RUN: FileCheck %s --check-prefix=IR < %t/searched.mlir
// REDEFINE: %{name} = quarters
// REDEFINE: %{options} = head-dim-chunk=16
// RUN: %{golden} | FileCheck %s

// Two chunks: the scores' MACs accumulate the second chunk's product; the
// values' MACs add into the output's two chunks.
// IR:      pim.tiles = #pim.tiles<schedule = fused, rows = 6, keys = 6, head_dim_chunk = 32>
// IR:      pim.mac lhs [[Q0:[0-9]+]] rhs [[KV:[0-9]+]] acc [[S:[0-9]+]] shape [6, [[N:[0-9]+]], 32] lanes 16 transpose_rhs{{$}}
// IR:      pim.mac lhs [[Q1:[0-9]+]] rhs [[KV]] acc [[S]] shape [6, [[N]], 32] lanes 16 transpose_rhs accumulate
// IR-NEXT: pim.mask buf [[S]]
// IR:      pim.mac lhs [[S]] rhs [[KV]] acc [[O0:[0-9]+]] shape [6, 32, [[N]]] lanes 16{{$}}
// IR:      pim.mac lhs [[S]] rhs [[KV]] acc [[O1:[0-9]+]] shape [6, 32, [[N]]] lanes 16{{$}}

// CHECK-NOT: warning
// CHECK:     check {{.*}}: PASS
// CHECK:     stats agree
// CHECK:     internal bytes per bank: model [[BYTES:[0-9]+]], simulated [[BYTES]] (0.00% apart): agree

func.func @fused_chunks(%q: tensor<1x1x128x64xf16>, %k: tensor<1x1x128x64xf16>, %v: tensor<1x1x128x64xf16>) -> tensor<1x1x128x64xf16> {
  %0 = sattn.attention %q, %k, %v {pattern = #sattn.pattern<window = [8, 8], global_tokens = [0, 1, 2]>} : tensor<1x1x128x64xf16>, tensor<1x1x128x64xf16>, tensor<1x1x128x64xf16> -> tensor<1x1x128x64xf16>
  return %0 : tensor<1x1x128x64xf16>
}
