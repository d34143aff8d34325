// A complete attention, window tiles as the paper's non-global rows: two
// heads on two bank groups, Q split by rows over the 4 banks of a group,
// each bank holding the K and V band its rows attend. Per tile of 2 query
// rows: Q.K^T against a 9-key band, exp, row sums, normalisation, P.V, out.
// The decode-shaped problem (16 new queries against 32 keys, causal window
// of 8) keeps every window whole, so one SPMD program serves all banks.
//
// Tolerance 1e-2 relative L2: every step rounds to FP16 (unit roundoff
// u = 2^-11 = 4.9e-4). A score is a 16-term dot product through 4 adder-tree
// levels (<= 5u relative to the sum of |products|), exp adds its 4.6e-4
// approximation and u, the 8-term row sum 4u, the reciprocal and the
// normalising multiply 2u, and P.V another 4 levels (4u): about 17u = 8e-3
// in the worst case, with errors of random sign adding far less in L2.
// The float64 reference uses the FP16-rounded inputs, so input quantisation
// is not counted. The Q inputs are unscaled (scale = 1.0): the ISA has no
// scaling command, so a host would fold 1/sqrt(D) into Q.

// RUN: rm -rf %t && mkdir -p %t
// RUN: %python %S/Inputs/make-npy.py %t/q.npy --shape 1,2,16,16 --seed 1 --scale 0.5
// RUN: %python %S/Inputs/make-npy.py %t/k.npy --shape 1,2,32,16 --seed 2 --scale 0.5
// RUN: %python %S/Inputs/make-npy.py %t/v.npy --shape 1,2,32,16 --seed 3
// RUN: pilot-sim %s --input Q=%t/q.npy --input K=%t/k.npy --input V=%t/v.npy \
// RUN:   --output O=%t/o.npy --check --stats-json=%t/exact.json | FileCheck %s
// RUN: %python %S/Inputs/check-attention.py %t/o.npy %t/q.npy %t/k.npy %t/v.npy \
// RUN:   --window 8 --tolerance 1e-2 | FileCheck %s --check-prefix=NUMPY
// RUN: %python %S/Inputs/print-npy.py %t/o.npy | FileCheck %s --check-prefix=OUT
// Accumulating in FP32 (bpm.accumulate_bits = 32) passes as well.
// RUN: echo '{"bpm.accumulate_bits": 32}' > %t/fp32.json
// RUN: pilot-sim %s --hw=%t/fp32.json --input Q=%t/q.npy --input K=%t/k.npy \
// RUN:   --input V=%t/v.npy --check | FileCheck %s --check-prefix=FP32
// RUN: pilot-sim %s --mode=fast --stats-json=%t/fast.json > /dev/null
// RUN: %python %S/Inputs/compare-stats.py %t/exact.json %t/fast.json | FileCheck %s --check-prefix=AGREE

// CHECK:      pilot-sim: kernel @window_attention, exact mode, functional (FP16 values)
// CHECK:      PIM      8,192 MACs, 256 exp, 0 BGPM adds
// CHECK:      check    max abs error {{.*}}, relative L2 error {{.*}} (tolerance 1.0e-02): PASS

// FP32: check    {{.*}}: PASS
// NUMPY: numpy reference: relative L2 error

// OUT: dtype float16 shape [1, 2, 16, 16]

// AGREE: stats agree

pim.kernel @window_attention hw(#pim.hw<"pilot-hbm3">) attributes {
  pilot.attention = {pattern = #sattn.pattern<causal = true, window = [7, 0]>,
                     scale = 1.0, query = "Q", key = "K", value = "V",
                     output = "O", query_shape = array<i64: 1, 2, 16, 16>,
                     kv_shape = array<i64: 1, 2, 32, 16>}} {
  pim.bank_class @rows banks(first = 0, count = 8, stride = 1) {
    %c0 = arith.constant 0 : index
    %c1 = arith.constant 1 : index
    %c2 = arith.constant 2 : index
    %c3 = arith.constant 3 : index
    // Bank j of head h: query rows 4j..4j+3 (positions 16 + 4j + r) and
    // keys 9 + 4j .. 19 + 4j, the union of their windows.
    pim.cfg "Q" rows(0, 1) elements 64 offset 0 radices [4, 2] strides [64, 256]
    pim.cfg "K" rows(1, 1) elements 176 offset 144 radices [4, 2] strides [64, 512]
    pim.cfg "V" rows(2, 1) elements 176 offset 144 radices [4, 2] strides [64, 512]
    pim.cfg "O" rows(3, 1) elements 64 offset 0 radices [4, 2] strides [64, 256]
    pim.loop %t = 0 to 2 {
      // Query rows 2t and 2t + 1: one 32-byte column each; their key band
      // starts at key 2t of the bank's slice and holds 9 keys.
      %col = arith.muli %t, %c2 : index
      pim.mov dram_to_buffer row %c0 col %col buf 0 bytes 64
      pim.mov dram_to_buffer row %c1 col %col buf 64 bytes 288
      pim.mac lhs 0 rhs 64 acc 1024 shape [1, 8, 16] lanes 16 transpose_rhs
      pim.mac lhs 32 rhs 96 acc 1040 shape [1, 8, 16] lanes 16 transpose_rhs
      pim.exp src 1024 dst 1024 elements 16 lanes 16
      pim.acc src 1024 dst 1056 rows 2 cols 8
      pim.sfm src 1024 sums 1056 dst 1024 rows 2 cols 8 lanes 16
      pim.mov dram_to_buffer row %c2 col %col buf 352 bytes 288
      pim.mac lhs 1024 rhs 352 acc 1088 shape [1, 16, 8] lanes 16
      pim.mac lhs 1040 rhs 384 acc 1120 shape [1, 16, 8] lanes 16
      pim.out row %c3 col %col buf 1088 bytes 64
    }
  }
}
