// Decoding as the paper maps global rows: one query against 32 keys split
// by columns over the 4 banks of a bank group, Q replicated. Each bank
// exponentiates its 8 scores; the BGPM sums the partial row sums so every
// bank normalises by the global sum; each bank's P.V is a partial output
// vector, and a second bank-group PLT_ACC with cols = 1 adds the 16 partial
// outputs across the banks. Every bank then holds the whole output, so the
// four replicas of "O" agree. Tolerance as in attention.mlir (1e-2).

// RUN: rm -rf %t && mkdir -p %t
// RUN: %python %S/Inputs/make-npy.py %t/q.npy --shape 1,1,1,16 --seed 4 --scale 0.5
// RUN: %python %S/Inputs/make-npy.py %t/k.npy --shape 1,1,32,16 --seed 5 --scale 0.5
// RUN: %python %S/Inputs/make-npy.py %t/v.npy --shape 1,1,32,16 --seed 6
// RUN: pilot-sim %s --input Q=%t/q.npy --input K=%t/k.npy --input V=%t/v.npy \
// RUN:   --output O=%t/o.npy --check --stats-json=%t/exact.json 2>&1 | FileCheck %s
// RUN: %python %S/Inputs/check-attention.py %t/o.npy %t/q.npy %t/k.npy %t/v.npy \
// RUN:   --window 32 --tolerance 1e-2 | FileCheck %s --check-prefix=NUMPY
// RUN: pilot-sim %s --mode=fast --stats-json=%t/fast.json > /dev/null
// RUN: %python %S/Inputs/compare-stats.py %t/exact.json %t/fast.json | FileCheck %s --check-prefix=AGREE

// Each bank reads its 8 keys and 8 values (256 B each) and the query
// (32 B): 2,048 B of K and V of the 2,176 read by the 4 banks.
// Two bank-group sums: 1 row and 16 rows, 3 additions per row, each bank
// sending its partials and receiving the totals (2 bytes each way).
// CHECK-NOT:  warning
// CHECK:      I/O      external 128 B, internal read 2,176 B (2,048 B of K and V), internal write 128 B, BGPM 272 B
// CHECK:      PIM      1,024 MACs, 32 exp, 51 BGPM adds
// CHECK:      check    {{.*}}: PASS
// NUMPY: numpy reference: relative L2 error
// AGREE: stats agree

pim.kernel @decode hw(#pim.hw<"pilot-hbm3">) attributes {
  pilot.attention = {pattern = #sattn.pattern<dense = true>, scale = 1.0,
                     query_shape = array<i64: 1, 1, 1, 16>,
                     kv_shape = array<i64: 1, 1, 32, 16>}} {
  pim.bank_class @global banks(first = 0, count = 4, stride = 1) {
    %c0 = arith.constant 0 : index
    %c1 = arith.constant 1 : index
    %c2 = arith.constant 2 : index
    %c3 = arith.constant 3 : index
    pim.cfg "Q" rows(0, 1) elements 16 offset 0 radices [4] strides [0]
    pim.cfg "K" rows(1, 1) elements 128 offset 0 radices [4] strides [128]
    pim.cfg "V" rows(2, 1) elements 128 offset 0 radices [4] strides [128]
    pim.cfg "O" rows(3, 1) elements 16 offset 0 radices [4] strides [0]
    pim.mov dram_to_buffer row %c0 col %c0 buf 0 bytes 32
    pim.mov dram_to_buffer row %c1 col %c0 buf 32 bytes 256
    pim.mac lhs 0 rhs 32 acc 1024 shape [1, 8, 16] lanes 16 transpose_rhs
    pim.exp src 1024 dst 1024 elements 8 lanes 16
    pim.acc src 1024 dst 1040 rows 1 cols 8 bank_group
    pim.sfm src 1024 sums 1040 dst 1024 rows 1 cols 8 lanes 16
    pim.mov dram_to_buffer row %c2 col %c0 buf 288 bytes 256
    pim.mac lhs 1024 rhs 288 acc 1056 shape [1, 16, 8] lanes 16
    pim.acc src 1056 dst 1088 rows 16 cols 1 bank_group
    pim.out row %c3 col %c0 buf 1088 bytes 32
  }
}
