// SPMD: classes are simulated once per distinct pseudo-channel occupancy.
// @even and @odd share pseudo-channel 0 and every one of its bank groups,
// so their column commands contend (nCCD_L) and they are simulated
// together; @rest fills pseudo-channels 1-255 alike and is simulated once
// for all 4080 of its banks. Alone, a 16 KB open-row stream takes
// 19 + 511 * 4 + 21 = 2084 tCK = 1602.596 ns. The pair's columns alternate
// (ties go round-robin), one per class per 8 tCK: @even's last at
// 19 + 1022 * 4 = 4107 (+21 = 4128), @odd's 4 later (4132).

// RUN: rm -rf %t && mkdir -p %t
// RUN: pilot-sim %s --stats-json=%t/exact.json --trace=%t/trace.txt | FileCheck %s
// RUN: FileCheck %s --check-prefix=JSON < %t/exact.json
// RUN: FileCheck %s --check-prefix=TRACE < %t/trace.txt
// RUN: pilot-sim %s --mode=fast --stats-json=%t/fast.json > /dev/null
// RUN: %python %S/Inputs/compare-stats.py %t/exact.json %t/fast.json | FileCheck %s --check-prefix=AGREE

// CHECK: class @even: 8 banks, 3174.432 ns (4,128 DRAM cycles)
// CHECK: class @odd: 8 banks, 3177.508 ns (4,132 DRAM cycles)
// CHECK: class @rest: 4080 banks, 1602.596 ns (2,084 DRAM cycles)

// JSON:      "name": "rest",
// JSON-NEXT: "banks": 4080,
// JSON:      "rd": 2088960,
// JSON:      "situations": 2,

// TRACE: # pseudo-channel 0 (and 0 more alike): @even (8 banks) @odd (8 banks)
// TRACE: pch0 banks 0,2,4,6,8,10,12,14 ACT row 0
// TRACE: pch0 banks 1,3,5,7,9,11,13,15 ACT row 0
// TRACE: # pseudo-channel 1 (and 254 more alike): @rest (16 banks)
// TRACE: pch1 banks 16-31 ACT row 0

// AGREE: stats agree

pim.kernel @classes hw(#pim.hw<"pilot-hbm3">) {
  pim.bank_class @even banks(first = 0, count = 8, stride = 2) {
    %c0 = arith.constant 0 : index
    pim.loop %i = 0 to 8 {
      pim.mov dram_to_buffer row %c0 col %c0 buf 0 bytes 1024
      pim.mov dram_to_buffer row %c0 col %c0 buf 1024 bytes 1024
    }
  }
  pim.bank_class @odd banks(first = 1, count = 8, stride = 2) {
    %c0 = arith.constant 0 : index
    pim.loop %i = 0 to 8 {
      pim.mov dram_to_buffer row %c0 col %c0 buf 0 bytes 1024
      pim.mov dram_to_buffer row %c0 col %c0 buf 1024 bytes 1024
    }
  }
  pim.bank_class @rest banks(first = 16, count = 4080, stride = 1) {
    %c0 = arith.constant 0 : index
    pim.loop %i = 0 to 8 {
      pim.mov dram_to_buffer row %c0 col %c0 buf 0 bytes 1024
      pim.mov dram_to_buffer row %c0 col %c0 buf 1024 bytes 1024
    }
  }
}
