// The PILOT schedule with the head dimension in chunks (the wider tile
// space's `pilot-wide`): each pass moves a chunk of every query, key and
// value vector, one transfer each, the partial scores go through DRAM
// between passes and the last pass masks them; each pass of the SpMM
// writes its chunk of the output rows. Checked against a float64
// attention, fast mode against exact mode, and the program's bytes against
// the I/O model's, exactly.

// RUN: rm -rf %t && mkdir -p %t
// RUN: %python %S/../Sim/Inputs/make-npy.py %t/q.npy --shape 1,1,128,64 --seed 1 --scale 0.5
// RUN: %python %S/../Sim/Inputs/make-npy.py %t/k.npy --shape 1,1,128,64 --seed 2 --scale 0.5
// RUN: %python %S/../Sim/Inputs/make-npy.py %t/v.npy --shape 1,1,128,64 --seed 3
// RUN: pilot-opt %s --pilot-compile="schedule=pilot split=heads rows=12 keys=4 head-dim-chunk=32" -o %t/kernel.mlir
// RUN: FileCheck %s --check-prefix=IR --input-file=%t/kernel.mlir
// RUN: pilot-sim %t/kernel.mlir --input Q=%t/q.npy --input K=%t/k.npy --input V=%t/v.npy \
// RUN:   --check --stats-json=%t/exact.json | FileCheck %s
// RUN: pilot-sim %t/kernel.mlir --mode=fast --stats-json=%t/fast.json > /dev/null
// RUN: %python %S/../Sim/Inputs/compare-stats.py %t/exact.json %t/fast.json | FileCheck %s --check-prefix=AGREE
// RUN: %python %S/Inputs/compare-io.py %t/kernel.mlir %t/exact.json | FileCheck %s --check-prefix=IO

// Two passes of 32 elements: the second reads the partial scores back and
// accumulates; only the last masks. Two slots of keys: each step's keys
// move into the other slot before the previous step's MACs. Four steps'
// scores (12 x 16) make one block, one transfer each way.
// IR:      pim.tiles = #pim.tiles<schedule = pilot, rows = 12, keys = 4, head_dim_chunk = 32>
// IR:      pim.mac lhs [[Q:[0-9]+]] rhs [[K0:[0-9]+]] acc [[S:[0-9]+]] shape [12, 4, 32] lanes 16 transpose_rhs{{$}}
// IR-NEXT: pim.mov dram_to_buffer {{.*}} buf [[K0]] bytes 64
// IR:      pim.mac lhs [[Q]] rhs [[K1:[0-9]+]] acc {{[0-9]+}} shape [12, 4, 32] lanes 16 transpose_rhs{{$}}
// IR-NEXT: pim.mov dram_to_buffer {{.*}} buf [[K1]] bytes 64
// IR:      pim.mac lhs [[Q]] rhs [[K1]] acc {{[0-9]+}} shape [12, 4, 32] lanes 16 transpose_rhs{{$}}
// IR-NEXT: pim.mov buffer_to_dram {{.*}} buf [[S]] bytes 384
// IR:      pim.mov dram_to_buffer {{.*}} buf [[S]] bytes 384
// IR:      pim.mac lhs [[Q]] rhs [[K0]] acc [[S]] shape [12, 4, 32] lanes 16 transpose_rhs accumulate
// IR-NEXT: pim.mask buf [[S]]
// IR:      pim.mac {{.*}} shape [12, 32, 4] lanes 16 accumulate
// IR:      pim.out {{.*}} bytes 64

// CHECK-NOT: warning
// CHECK:     check {{.*}}: PASS
// AGREE:     stats agree
// IO:        internal bytes per bank: model [[BYTES:[0-9]+]], simulated [[BYTES]] (0.00% apart): agree

func.func @chunks(%q: tensor<1x1x128x64xf16>, %k: tensor<1x1x128x64xf16>, %v: tensor<1x1x128x64xf16>) -> tensor<1x1x128x64xf16> {
  %0 = sattn.attention %q, %k, %v {pattern = #sattn.pattern<causal = true, window = [20, 0], sinks = 2>} : tensor<1x1x128x64xf16>, tensor<1x1x128x64xf16>, tensor<1x1x128x64xf16> -> tensor<1x1x128x64xf16>
  return %0 : tensor<1x1x128x64xf16>
}
