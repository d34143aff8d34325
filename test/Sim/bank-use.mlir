// Utilization, busy banks and the streaming bound, by hand (pilot-hbm3,
// tCK 769 ps, docs/simulator.md):
//
// @group is bank group 0 of pseudo-channel 0 (4 banks) reading 8 fresh
// 1 KB rows, alternating buffer halves. A row is ACT, its first RD nRCDRD
// = 19 later, 32 columns nCCDL = 4 apart (the last at 19 + 31 * 4 = 143),
// PRE nRTPL = 8 later and the next ACT nRP = 19 after that: 170 tCK a row.
// The last row's data arrives nCL + nBL = 21 after its last RD: 7 * 170 +
// 143 + 21 = 1354 tCK = 1041.226 ns, each transfer starting (PRE) before
// the previous one's data arrives, so the banks are busy all along.
//
// @single is one bank of pseudo-channel 1: a 64 B load (ACT at 0, RDs at
// 19 and 23, data at 23 + 21 = 44 tCK = 33836 ps), then a dot product
// of 16 elements on it, from cycle 44 for ceil(16 / 16) + 6 = 7 BPM cycles
// at 666 MHz = 10511 ps: busy 33836 + 10511 = 44347 ps.
//
// busy_banks = 4 + 1 = 5 of 4096. Bank-busy time 4 * 1041226 + 44347 =
// 4209251 ps over 4096 banks x 1041226 ps: utilization 9.8696e-4.
//
// The streaming bound is @group's: 256 columns per bank are 8 whole rows of
// 170 tCK (the ACTs of pseudo-channel 0, one per row, are far apart enough:
// 8 * max(nRRDS 2, nFAW 39 / 4) = 78 tCK), 1360 tCK = 1045.840 ns for
// 8192 B; time / bound = 1354 / 1360 = 0.9956. @single's one row is 170.
//
// RUN: rm -rf %t && mkdir -p %t
// RUN: pilot-sim %s --stats-json=%t/exact.json | FileCheck %s
// RUN: FileCheck %s --check-prefix=JSON < %t/exact.json
// RUN: pilot-sim %s --mode=fast --stats-json=%t/fast.json > /dev/null
// RUN: %python %S/Inputs/compare-stats.py %t/exact.json %t/fast.json | FileCheck %s --check-prefix=AGREE
//
// Under pilot-hbm3-pc @group drives its whole bank group, so its columns
// are nCCDAB = 6 apart: a row is 19 + 31 * 6 + 8 + 19 = 232 tCK, the bound
// 8 * 232 = 1856 tCK = 1427.264 ns, the time 7 * 232 + 19 + 186 + 21 =
// 1850 tCK; time / bound = 0.9968.
// RUN: pilot-sim %s --hw=pilot-hbm3-pc | FileCheck %s --check-prefix=PC

// CHECK:      time     1041.226 ns = 1,354 DRAM cycles
// CHECK-NEXT: bound    1045.840 ns streaming the busiest bank's 8,192 B as whole rows; time / bound 0.996
// CHECK-NEXT: banks    5 of 4,096 busy, utilization 0.099%

// JSON:      "utilization": 0.00098696
// JSON-NEXT: "busy_banks": 5,
// JSON-NEXT: "bound_ns": 1045.8{{[0-9]*}},
// JSON-NEXT: "bound_bytes": 8192,
// JSON-NEXT: "time_over_bound": 0.99558
// JSON:      "name": "group",
// JSON:      "bank": {
// JSON-NEXT:   "busy_ps": 4164904
// JSON:      "name": "single",
// JSON:      "bank": {
// JSON-NEXT:   "busy_ps": 44347

// AGREE: stats agree

// PC:      time     1422.650 ns = 1,850 DRAM cycles
// PC-NEXT: bound    1427.264 ns streaming the busiest bank's 8,192 B as whole rows; time / bound 0.997

pim.kernel @bank_use hw(#pim.hw<"pilot-hbm3">) {
  pim.bank_class @group banks(first = 0, count = 4, stride = 1) {
    %c0 = arith.constant 0 : index
    %c1 = arith.constant 1 : index
    %c2 = arith.constant 2 : index
    pim.loop %i = 0 to 4 {
      %even = arith.muli %i, %c2 : index
      %odd = arith.addi %even, %c1 : index
      pim.mov dram_to_buffer row %even col %c0 buf 0 bytes 1024
      pim.mov dram_to_buffer row %odd col %c0 buf 1024 bytes 1024
    }
  }
  pim.bank_class @single banks(first = 16, count = 1, stride = 1) {
    %c0 = arith.constant 0 : index
    pim.mov dram_to_buffer row %c0 col %c0 buf 0 bytes 64
    pim.mac lhs 0 rhs 32 acc 1024 shape [1, 1, 16] lanes 16 transpose_rhs
  }
}
