// Functional golden check through the command line: .npy in, commands,
// .npy out, against values worked out by hand.
//
// A = [[1, 2, 3], [4, 5, 6]], B = [[1, 1], [1, 0], [0, 1]] (k x n):
//   C = A.B = [[3, 4], [9, 10]]            (exact in FP16)
//   S = row sums of C = [7, 19]
//   P = C / S through the FP16 reciprocal and an FP16 multiply:
//     1/7  -> 1170 * 2^-13 = 0.142822265625; x3 = 0.428466796875 and
//             x4 = 0.5712890625, both exact;
//     1/19 -> 1725 * 2^-15 = 0.052642822265625; x9 = 1940.625 * 2^-12,
//             rounded to 1941 * 2^-12 = 0.473876953125; x10 = 1078.125 *
//             2^-11, rounded to 1078 * 2^-11 = 0.5263671875.
// A float32 input is rounded to FP16 on the way in (1.0001 -> 1.0).

// RUN: rm -rf %t && mkdir -p %t
// RUN: %python %S/Inputs/make-npy.py %t/a.npy --values 1.0001,2,3,4,5,6 --shape 2,3 --dtype float32
// RUN: %python %S/Inputs/make-npy.py %t/b.npy --values 1,1,1,0,0,1 --shape 3,2 --dtype float64
// RUN: pilot-sim %s --input A=%t/a.npy --input B=%t/b.npy --output C=%t/c.npy \
// RUN:   --output S=%t/s.npy --output P=%t/p.npy --stats-json=%t/exact.json | FileCheck %s
// RUN: %python %S/Inputs/print-npy.py %t/c.npy | FileCheck %s --check-prefix=C
// RUN: %python %S/Inputs/print-npy.py %t/s.npy | FileCheck %s --check-prefix=S
// RUN: %python %S/Inputs/print-npy.py %t/p.npy | FileCheck %s --check-prefix=P
// RUN: pilot-sim %s --mode=fast --stats-json=%t/fast.json > /dev/null
// RUN: %python %S/Inputs/compare-stats.py %t/exact.json %t/fast.json | FileCheck %s --check-prefix=AGREE

// CHECK: pilot-sim: kernel @golden, exact mode, functional (FP16 values)
// CHECK: PIM      12 MACs, 0 exp, 0 BGPM adds
// C: dtype float16 shape [4]
// C: values [3.0, 4.0, 9.0, 10.0]
// S: values [7.0, 19.0]
// P: values [0.428466796875, 0.5712890625, 0.473876953125, 0.5263671875]
// AGREE: stats agree

pim.kernel @golden hw(#pim.hw<"pilot-hbm3">) {
  pim.bank_class @one banks(first = 5, count = 1, stride = 1) {
    %c0 = arith.constant 0 : index
    %c1 = arith.constant 1 : index
    %c2 = arith.constant 2 : index
    %c3 = arith.constant 3 : index
    %c4 = arith.constant 4 : index
    pim.cfg "A" rows(0, 1) elements 6 offset 0 radices [1] strides [0]
    pim.cfg "B" rows(1, 1) elements 6 offset 0 radices [1] strides [0]
    pim.cfg "C" rows(2, 1) elements 4 offset 0 radices [1] strides [0]
    pim.cfg "S" rows(3, 1) elements 2 offset 0 radices [1] strides [0]
    pim.cfg "P" rows(4, 1) elements 4 offset 0 radices [1] strides [0]
    pim.mov dram_to_buffer row %c0 col %c0 buf 0 bytes 12
    pim.mov dram_to_buffer row %c1 col %c0 buf 16 bytes 12
    pim.mac lhs 0 rhs 16 acc 32 shape [2, 2, 3] lanes 16
    pim.out row %c2 col %c0 buf 32 bytes 8
    pim.acc src 32 dst 48 rows 2 cols 2
    pim.out row %c3 col %c0 buf 48 bytes 4
    pim.sfm src 32 sums 48 dst 64 rows 2 cols 2 lanes 16
    pim.out row %c4 col %c0 buf 64 bytes 8
  }
}
