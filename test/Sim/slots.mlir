// Placement by segments and slots through the command line, and the
// online-softmax epilogue (row maxima, subtraction, scale and mask), against
// values worked out by hand.
//
// X = 0, 1, ..., 31. Bank i, slot s takes x = i + 4 s, digits d0 = x % 2 and
// d1 = x / 2 (the last digit unbounded: slot 1 reaches d1 = 3 with radix 2),
// base = 2 d0 + 8 d1, and holds X[base] then X[base + 4], X[base + 5] (two
// segments) from row 2 s:
//   bases 0, 2, 8, 10 (slot 0) and 16, 18, 24, 26 (slot 1).
// The banks load both slots as a 2 x 3 block [[b, b + 4, b + 5], ...]:
//   row maxima b + 5, gathered as M[i + 4 s] = 5, 7, 13, 15, 21, 23, 29, 31;
//   subtracting them leaves [-5, -1, 0] in every row;
//   mask with diag = -1 (from the loop's t = 1) and key = t: delta = c - r - 1
//   is in [0, 1] at (0, 1), (0, 2), (1, 2); keys c + 1 in [1, 4) keep every
//   column; kept values times 2: [[L, -2, 0], [L, L, 0]], L = -65504.
//   Y gathers slot s of bank i at Y[3 (i + 4 s)].
// X gathered back holds the 24 placed elements; the 8 no bank holds are 0.

// RUN: rm -rf %t && mkdir -p %t
// RUN: %python %S/Inputs/make-npy.py %t/x.npy --values 0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30,31 --shape 4,8 --dtype float32
// RUN: pilot-sim %s --input X=%t/x.npy --output X=%t/xo.npy --output M=%t/m.npy \
// RUN:   --output Y=%t/y.npy --stats-json=%t/exact.json 2>&1 | FileCheck %s
// RUN: %python %S/Inputs/print-npy.py %t/xo.npy | FileCheck %s --check-prefix=XBACK
// RUN: %python %S/Inputs/print-npy.py %t/m.npy | FileCheck %s --check-prefix=MAXIMA
// RUN: %python %S/Inputs/print-npy.py %t/y.npy | FileCheck %s --check-prefix=BLOCK
// RUN: FileCheck %s --check-prefix=STATS < %t/exact.json
// RUN: pilot-sim %s --mode=fast --stats-json=%t/fast.json > /dev/null
// RUN: %python %S/Inputs/compare-stats.py %t/exact.json %t/fast.json | FileCheck %s --check-prefix=AGREE

// CHECK: warning: --output X: 8 elements are held by no bank
// CHECK: pilot-sim: kernel @slots, exact mode, functional (FP16 values)
// XBACK: dtype float16 shape [32]
// XBACK: values [0.0, 0.0, 2.0, 0.0, 4.0, 5.0, 6.0, 7.0, 8.0, 0.0, 10.0, 0.0, 12.0, 13.0, 14.0, 15.0, 16.0, 0.0, 18.0, 0.0, 20.0, 21.0, 22.0, 23.0, 24.0, 0.0, 26.0, 0.0, 28.0, 29.0, 30.0, 31.0]
// MAXIMA: values [5.0, 7.0, 13.0, 15.0, 21.0, 23.0, 29.0, 31.0]
// BLOCK: dtype float16 shape [24]
// BLOCK: values [-65504.0, -2.0, 0.0, -65504.0, -2.0, 0.0, -65504.0, -2.0, 0.0, -65504.0, -2.0, 0.0, -65504.0, -65504.0, 0.0, -65504.0, -65504.0, 0.0, -65504.0, -65504.0, 0.0, -65504.0, -65504.0, 0.0]
// STATS:      "commands": {
// STATS:        "mask": 4,
// STATS-NEXT:   "sub": 4
// STATS:      "pim": {
// STATS:        "acc_adds": 16,
// STATS:        "mask": 24,
// STATS-NEXT:   "sub": 24
// STATS:      "bpm": {
// STATS:        "mask_cycles": 4,
// STATS-NEXT:   "sub_cycles": 4
// STATS:      "energy_breakdown_pj": {
// STATS:        "bpm_mask": 24.62{{[0-9]*}},
// STATS-NEXT:   "bpm_sub": 24.62{{[0-9]*}},
// AGREE: stats agree

pim.kernel @slots hw(#pim.hw<"pilot-hbm3">) {
  pim.bank_class @four banks(first = 0, count = 4, stride = 1) {
    %c0 = arith.constant 0 : index
    %c2 = arith.constant 2 : index
    %c4 = arith.constant 4 : index
    %c5 = arith.constant 5 : index
    %c6 = arith.constant 6 : index
    %c7 = arith.constant 7 : index
    %cm1 = arith.constant -1 : index
    pim.cfg "X" rows(0, 1) elements 3 offset 0 radices [2, 2] strides [2, 8] segments [0, 1, 4, 2] slots(2, index_base = 0, index_stride = 4, row_stride = 2)
    pim.cfg "Y" rows(4, 1) elements 3 offset 0 radices [4] strides [3] slots(2, index_base = 0, index_stride = 4, row_stride = 1)
    pim.cfg "M" rows(6, 1) elements 1 offset 0 radices [4] strides [1] slots(2, index_base = 0, index_stride = 4, row_stride = 1)
    pim.mov dram_to_buffer row %c0 col %c0 buf 0 bytes 6
    pim.mov dram_to_buffer row %c2 col %c0 buf 6 bytes 6
    pim.acc src 0 dst 64 rows 2 cols 3 max
    pim.out row %c6 col %c0 buf 64 bytes 2
    pim.out row %c7 col %c0 buf 66 bytes 2
    pim.sub src 0 vec 64 dst 0 rows 2 cols 3 lanes 16
    pim.loop %t = 1 to 2 {
      %diag = arith.muli %t, %cm1 : index
      pim.mask buf 0 rows 2 cols 3 diag %diag key %t band [0, 1] inside keys [1, 4] scale 2.0 lanes 16
    }
    pim.out row %c4 col %c0 buf 0 bytes 6
    pim.out row %c5 col %c0 buf 6 bytes 6
  }
}
