// Decoding 5 queries at once against a 256-token cache (a causal window and
// two sink keys) under the fused schedule, key-stationary: every bank holds
// the five rows and its piece of the keys; each step of the piece's keys
// and values is read once for every tile of rows, which brings its Q and
// running state (partial outputs, maxima, sums) from DRAM and writes the
// state back until the last step, which reduces it across the group.
// Tiles of 2 rows (a shorter last tile) by 4 and 7 keys (a shorter last
// step), tiles of one row, and query-stationary for comparison, compiled
// by --pilot-compile and simulated with FP16 values: pilot-sim --check
// compares the output with a float64 attention, fast mode agrees with exact
// mode, and the program moves exactly the bytes the I/O model predicts.

// RUN: rm -rf %t && mkdir -p %t
// RUN: %python %S/../Sim/Inputs/make-npy.py %t/q.npy --shape 1,2,5,16 --seed 7
// RUN: %python %S/../Sim/Inputs/make-npy.py %t/k.npy --shape 1,2,256,16 --seed 8
// RUN: %python %S/../Sim/Inputs/make-npy.py %t/v.npy --shape 1,2,256,16 --seed 9
// DEFINE: %{name} = steps-4
// DEFINE: %{options} = rows=2 keys=4 order=key
// DEFINE: %{golden} = ( pilot-opt %s --pilot-compile="schedule=fused %{options}" -o %t/%{name}.mlir \
// DEFINE:   && pilot-sim %t/%{name}.mlir --input Q=%t/q.npy --input K=%t/k.npy --input V=%t/v.npy \
// DEFINE:        --check --stats-json=%t/%{name}-exact.json \
// DEFINE:   && pilot-sim %t/%{name}.mlir --mode=fast --stats-json=%t/%{name}-fast.json > /dev/null \
// DEFINE:   && %python %S/../Sim/Inputs/compare-stats.py %t/%{name}-exact.json %t/%{name}-fast.json \
// DEFINE:   && %python %S/Inputs/compare-io.py %t/%{name}.mlir %t/%{name}-exact.json )

// RUN: %{golden} | FileCheck %s
// REDEFINE: %{name} = steps-7
// REDEFINE: %{options} = rows=2 keys=7 order=key
// RUN: %{golden} | FileCheck %s
// REDEFINE: %{name} = one-row
// REDEFINE: %{options} = rows=1 keys=9 order=key
// RUN: %{golden} | FileCheck %s
// REDEFINE: %{name} = query
// REDEFINE: %{options} = rows=2 keys=4 order=query
// RUN: %{golden} | FileCheck %s

// CHECK-NOT: warning
// CHECK:     check {{.*}}: PASS
// CHECK:     stats agree
// CHECK:     internal bytes per bank: model [[BYTES:[0-9]+]], simulated [[BYTES]] (0.00% apart): agree

// The loop nest; the first step writes a tile's state out, the next steps
// read a step's keys and values (4 x 32 bytes each), then per tile its Q
// (2 rows x 32 bytes) and its state (2 x (16 + 2) FP16 elements, 72 bytes,
// one transfer).
// RUN: FileCheck %s --check-prefix=IR < %t/steps-4.mlir
// IR:     sattn.sddmm {{.*}}pim.loop_nest = #pim.loop_nest<order = key_stationary, scores = buffer, rows = 2, keys = 4, passes = 1>
// IR:     pim.kernel @decode_pim
// IR:     pim.mov buffer_to_dram {{.*}}bytes 72
// IR:     pim.mov dram_to_buffer {{.*}}bytes 128
// IR-NEXT: pim.mov dram_to_buffer {{.*}}bytes 128
// IR-NEXT: pim.mov dram_to_buffer {{.*}}bytes 64
// IR-NEXT: pim.mov dram_to_buffer {{.*}}bytes 72

func.func @decode(%q: tensor<1x2x5x16xf16>, %k: tensor<1x2x256x16xf16>, %v: tensor<1x2x256x16xf16>) -> tensor<1x2x5x16xf16> {
  %0 = sattn.attention %q, %k, %v {pattern = #sattn.pattern<causal = true, window = [40, 0], global_tokens = [0, 1]>} : tensor<1x2x5x16xf16>, tensor<1x2x256x16xf16>, tensor<1x2x256x16xf16> -> tensor<1x2x5x16xf16>
  return %0 : tensor<1x2x5x16xf16>
}
