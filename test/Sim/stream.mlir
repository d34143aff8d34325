// Timing of a streaming read: the 16 banks of pseudo-channel 0 read one
// open row, 1 KB per PLT_MOV, 32 times, into alternating buffer halves.
// By hand (pilot-hbm3): ACT at cycle 0, the first RD at nRCDRD = 19, then
// one column per nCCD_L = 4 for 1024 columns: the last at 19 + 1023 * 4 =
// 4111, its data in the buffer nCL + nBL = 21 later: 4132 tCK = 3177.508 ns
// = 2117 PIM cycles at 666 MHz. 32 KB per bank in that time is 10.31 GB/s,
// 0.9% under the 10.40 GB/s of 32 B per nCCD_L. The streaming bound takes
// those 32 KB as 32 fresh rows of 19 + 31 * 4 + 8 + 19 = 170 tCK: 5440 tCK
// = 4183.360 ns; re-reading one open row beats it (time / bound 0.760).
// The 16 banks are busy throughout, 16 of 4096: utilization 0.391%.

// RUN: rm -rf %t && mkdir -p %t
// RUN: pilot-sim %s --stats-json=%t/exact.json --trace=%t/trace.txt | FileCheck %s
// RUN: FileCheck %s --check-prefix=JSON < %t/exact.json
// RUN: FileCheck %s --check-prefix=TRACE < %t/trace.txt

// Fast mode agrees, having replayed most of the loop; the same run twice
// writes the same bytes.
// RUN: pilot-sim %s --mode=fast --stats-json=%t/fast.json --trace=%t/fast-trace.txt > /dev/null
// RUN: %python %S/Inputs/compare-stats.py %t/exact.json %t/fast.json | FileCheck %s --check-prefix=AGREE
// RUN: FileCheck %s --check-prefix=REPLAY < %t/fast-trace.txt
// RUN: pilot-sim %s --stats-json=%t/again.json > /dev/null
// RUN: diff %t/exact.json %t/again.json

// Other hardware: Ramulator 2's HBM3 timing (tCK 0.625 ns, nRCDRD 31,
// nCL 20): 31 + 1023 * 4 + 22 = 4145 tCK = 2590.625 ns. A file doubling the
// column to 64 B halves the columns: 19 + 511 * 4 + 21 = 2084 tCK.
// RUN: pilot-sim %s --hw=pilot-hbm3-jedec | FileCheck %s --check-prefix=JEDEC
// RUN: echo '{"org.column_bytes": 64}' > %t/wide.json
// RUN: pilot-sim %s --hw=%t/wide.json --stats-json=%t/wide-stats.json | FileCheck %s --check-prefix=WIDE
// RUN: FileCheck %s --check-prefix=WIDEHW < %t/wide-stats.json

// CHECK:      pilot-sim: kernel @stream, exact mode, timing only
// CHECK-NEXT:   time     3177.508 ns = 4,132 DRAM cycles (tCK 0.769 ns) = 2,117 PIM cycles (666 MHz)
// CHECK-NEXT:   bound    4183.360 ns streaming the busiest bank's 32,768 B as whole rows; time / bound 0.760
// CHECK-NEXT:   banks    16 of 4,096 busy, utilization 0.391%
// CHECK-NEXT:   I/O      external 0 B, internal read 524,288 B (0 B of K and V), internal write 0 B, BGPM 0 B
// CHECK-NEXT:   DRAM     16 ACT, 0 PRE, 16,384 RD, 0 WR, 0 REF (summed over banks); row hits 496 of 512 transfers; 1,025 bus commands
// CHECK-NEXT:   PIM      0 MACs, 0 exp, 0 BGPM adds
// CHECK-NEXT:   energy   {{[0-9.]+}} nJ
// CHECK-NEXT:   class @stream: 16 banks, 3177.508 ns (4,132 DRAM cycles)

// JSON:      "kernel": "stream",
// JSON-NEXT: "mode": "exact",
// JSON-NEXT: "functional": false,
// JSON-NEXT: "time_ns": 3177.5
// JSON-NEXT: "dram_cycles": 4132,
// JSON-NEXT: "pim_cycles": 2117,
// JSON-NEXT: "tck_ns": 0.769
// JSON-NEXT: "pim_clock_mhz": 666,
// JSON-NEXT: "io": {
// JSON-NEXT:   "external_bytes": 0,
// JSON-NEXT:   "internal_read_bytes": 524288,
// JSON-NEXT:   "internal_write_bytes": 0,
// JSON-NEXT:   "bgpm_bytes": 0,
// JSON-NEXT:   "key_value_read_bytes": 0
// JSON:      "dram": {
// JSON-NEXT:   "act": 16,
// JSON-NEXT:   "pre": 0,
// JSON-NEXT:   "rd": 16384,
// JSON-NEXT:   "wr": 0,
// JSON-NEXT:   "ref": 0,
// JSON-NEXT:   "row_hits": 496,
// JSON-NEXT:   "row_misses": 16
// JSON:      "pim": {
// JSON-NEXT:   "mac": 0,
// JSON-NEXT:   "exp": 0,
// JSON:      "energy_pj":
// JSON-NEXT: "energy_breakdown_pj": {
// JSON-NEXT:   "activation": 14417.92
// JSON-NEXT:   "column": 1845493.76
// JSON:      "classes": [
// JSON:          "name": "stream",
// JSON-NEXT:     "banks": 16,
// JSON-NEXT:     "time_ns": 3177.5
// JSON:      "hardware": {
// JSON-NEXT:   "org.stacks": 4,
// JSON:        "timing.tCK_ps": 769,
// JSON:        "energy.bpm_fj_per_cycle": 6156,

// TRACE:      # pseudo-channel 0 (and 0 more alike): @stream (16 banks)
// TRACE-NEXT:          0          0.000 pch0 banks 0-15 ACT row 0
// TRACE-NEXT:         19         14.611 pch0 banks 0-15 RD row 0 col 0
// TRACE-NEXT:         23         17.687 pch0 banks 0-15 RD row 0 col 1

// AGREE: stats agree
// REPLAY: # replayed {{[0-9]+}} iterations of the loop at {{.*}}stream.mlir:{{[0-9]+}}:{{[0-9]+}}: 256 tCK each

// JEDEC: time     2590.625 ns = 4,145 DRAM cycles (tCK 0.625 ns)
// WIDE:  time     1602.596 ns = 2,084 DRAM cycles (tCK 0.769 ns)
// WIDEHW: "org.column_bytes": 64,

pim.kernel @stream hw(#pim.hw<"pilot-hbm3">) {
  pim.bank_class @stream banks(first = 0, count = 16, stride = 1) {
    %c0 = arith.constant 0 : index
    pim.loop %i = 0 to 16 {
      pim.mov dram_to_buffer row %c0 col %c0 buf 0 bytes 1024
      pim.mov dram_to_buffer row %c0 col %c0 buf 1024 bytes 1024
    }
  }
}
