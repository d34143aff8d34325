// --print-hw writes a complete hardware file to start from: every key, and
// reading it back gives the same description.
//
// RUN: rm -rf %t && mkdir -p %t
// RUN: pilot-sim --print-hw=pilot-hbm3-jedec > %t/jedec.json
// RUN: FileCheck %s < %t/jedec.json
// RUN: pilot-sim --print-hw=%t/jedec.json > %t/again.json
// RUN: diff %t/jedec.json %t/again.json
//
// A copy with a 4 KB buffer runs a program and shows in its stats.
// RUN: sed 's/"bpm.buffer_bytes": 2048/"bpm.buffer_bytes": 4096/' %t/jedec.json > %t/big.json
// RUN: pilot-sim %s --hw=%t/big.json --stats-json=%t/stats.json > /dev/null
// RUN: FileCheck %s --check-prefix=STATS < %t/stats.json
//
// RUN: not pilot-sim --print-hw=hbm9 2>&1 | FileCheck %s --check-prefix=BAD
//
// Ramulator 2's HBM3 6400 timing (tCK 0.625 ns, nRCDRD 31) on Table I.
// CHECK: "org.stacks": 4,
// CHECK: "bpm.buffer_bytes": 2048,
// CHECK: "timing.tCK_ps": 625,
// CHECK: "timing.nRCDRD": 31,
// CHECK: "energy.bgpm_fj_per_cycle":
// The host GPU that merges partials: AttAcc's A100 with HBM3 at 0.85.
// CHECK: "host.bandwidth_gbps": 3352,
// CHECK: "host.efficiency_pct": 85
// STATS: "bpm.buffer_bytes": 4096,
// STATS: "timing.tCK_ps": 625,
// BAD: 'hbm9' is neither a preset

pim.kernel @one_load hw(#pim.hw<"pilot-hbm3">) {
  pim.bank_class @all banks(first = 0, count = 1, stride = 1) {
    %c0 = arith.constant 0 : index
    pim.mov dram_to_buffer row %c0 col %c0 buf 0 bytes 32
  }
}
