// Decoding under the PILOT schedule streams each bank's keys and values
// (docs/compiler.md, Streaming): at d = 128 a step takes half a DRAM row
// of keys into one of two buffer slots, the next step's transfer is issued
// before this step's MAC (so that it overlaps it), and 128 steps' scores
// stay in the buffer as one block, written, read and written back, and read
// again in one transfer each (docs/io-model.md, Streaming). One bank
// group per instance (split=heads), so that each bank streams many steps.
// Checked
// against a float64 attention, fast mode against exact mode, and the
// program's bytes against the I/O model's, exactly.

// RUN: rm -rf %t && mkdir -p %t
// RUN: %python %S/../Sim/Inputs/make-npy.py %t/q.npy --shape 1,2,1,128 --seed 1 --scale 0.5
// RUN: %python %S/../Sim/Inputs/make-npy.py %t/k.npy --shape 1,2,4096,128 --seed 2 --scale 0.5
// RUN: %python %S/../Sim/Inputs/make-npy.py %t/v.npy --shape 1,2,4096,128 --seed 3
// RUN: pilot-opt %s --pilot-compile="schedule=pilot split=heads" -o %t/kernel.mlir
// RUN: FileCheck %s --check-prefix=IR --input-file=%t/kernel.mlir
// RUN: pilot-sim %t/kernel.mlir --input Q=%t/q.npy --input K=%t/k.npy --input V=%t/v.npy \
// RUN:   --check --stats-json=%t/exact.json | FileCheck %s
// RUN: pilot-sim %t/kernel.mlir --mode=fast --stats-json=%t/fast.json > /dev/null
// RUN: %python %S/../Sim/Inputs/compare-stats.py %t/exact.json %t/fast.json | FileCheck %s --check-prefix=AGREE
// RUN: %python %S/Inputs/compare-io.py %t/kernel.mlir %t/exact.json | FileCheck %s --check-prefix=IO

// Two keys a step (the second slot leaves no room for more), the slots
// taken in turn, each step's keys moved before the previous step's MAC.
// IR:      pim.loop_nest = #pim.loop_nest<order = query_stationary, scores = dram, rows = 1, keys = 2, passes = 1>
// IR:      pim.mov dram_to_buffer row %c0 col %c0 buf [[Q:[0-9]+]] bytes 256
// IR-NEXT: pim.mov dram_to_buffer row %c2 col %c0 buf [[K0:[0-9]+]] bytes 512
// IR-NEXT: pim.mov dram_to_buffer row %c2 col %c16 buf [[K1:[0-9]+]] bytes 512
// IR-NEXT: pim.mac lhs [[Q]] rhs [[K0]] acc [[S:[0-9]+]] shape [1, 2, 128] lanes 16 transpose_rhs
// IR-NEXT: pim.mask buf [[S]] rows 1 cols 2
// IR-NEXT: pim.mov dram_to_buffer row %c3 col %c0 buf [[K0]] bytes 512
// IR-NEXT: pim.mac lhs [[Q]] rhs [[K1]] acc [[S1:[0-9]+]] shape [1, 2, 128] lanes 16 transpose_rhs
// IR-NEXT: pim.mask buf [[S1]] rows 1 cols 2
// IR-NEXT: pim.mov dram_to_buffer row %c3 col %c16 buf [[K1]] bytes 512
// The block's last step, then its 256 scores in one transfer.
// IR:      pim.mask buf {{[0-9]+}} rows 1 cols 2 diag %c254
// IR-NEXT: pim.mov buffer_to_dram row {{%c[0-9]+}} col %c0 buf [[S]] bytes 512
// The softmax: a block at a time.
// IR:      pim.exp src [[P:[0-9]+]] dst [[P]] elements 256
// IR-NEXT: pim.acc src [[P]] dst {{[0-9]+}} rows 1 cols 256{{$}}
// IR-NEXT: pim.mov buffer_to_dram row [[BLOCK:%c[0-9]+]] col %c0 buf [[P]] bytes 512
// The SpMM, after the group's sums: the first step's values, the block,
// then each next step's values before the MAC on the previous.
// IR:      pim.acc {{.*}} bank_group
// IR-NEXT: pim.mov dram_to_buffer row {{%c[0-9]+}} col %c0 buf [[V0:[0-9]+]] bytes 512
// IR-NEXT: pim.mov dram_to_buffer row [[BLOCK]] col %c0 buf [[B:[0-9]+]] bytes 512
// IR-NEXT: pim.mov dram_to_buffer row {{%c[0-9]+}} col %c16 buf [[V1:[0-9]+]] bytes 512
// IR-NEXT: pim.mac lhs [[B]] rhs [[V0]] acc [[O:[0-9]+]] shape [1, 128, 2] lanes 16{{$}}
// IR-NEXT: pim.mov dram_to_buffer row {{%c[0-9]+}} col %c0 buf [[V0]] bytes 512
// IR-NEXT: pim.mac lhs {{[0-9]+}} rhs [[V1]] acc [[O]] shape [1, 128, 2] lanes 16 accumulate

// CHECK-NOT: warning
// CHECK:     check {{.*}}: PASS
// AGREE:     stats agree
// IO:        internal bytes per bank: model [[BYTES:[0-9]+]], simulated [[BYTES]] (0.00% apart): agree

func.func @decode(%q: tensor<1x2x1x128xf16>, %k: tensor<1x2x4096x128xf16>, %v: tensor<1x2x4096x128xf16>) -> tensor<1x2x1x128xf16> {
  %0 = sattn.attention %q, %k, %v {pattern = #sattn.pattern<dense = true, causal = true>} : tensor<1x2x1x128xf16>, tensor<1x2x4096x128xf16>, tensor<1x2x4096x128xf16> -> tensor<1x2x1x128xf16>
  return %0 : tensor<1x2x1x128xf16>
}
