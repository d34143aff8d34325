// The power constraint (timing.nCCDAB, docs/hardware.md): column commands
// that drive every bank of a bank group at once are nCCDAB apart. Here all
// 16 banks of pseudo-channel 0 read one open row, 8 KB each: 256 columns.
// pilot-hbm3: ACT at 0, the first RD at nRCDRD = 19, 255 gaps of nCCDL = 4,
// the data nCL + nBL = 21 after the last: 19 + 255 * 4 + 21 = 1060 tCK.
// pilot-hbm3-pc (nCCDAB = 6): 19 + 255 * 6 + 21 = 1570 tCK, the column
// stream 1.5 times as long (6 / 4), the whole 1570 / 1060 = 1.481 times.
//
// RUN: rm -rf %t && mkdir -p %t
// RUN: pilot-sim %s --stats-json=%t/plain.json | FileCheck %s --check-prefix=PLAIN
// RUN: pilot-sim %s --hw=pilot-hbm3-pc --stats-json=%t/pc.json | FileCheck %s --check-prefix=PC
// RUN: FileCheck %s --check-prefix=PCKEY < %t/pc.json
// RUN: pilot-sim %s --hw=pilot-hbm3-pc --mode=fast --stats-json=%t/pc-fast.json > /dev/null
// RUN: %python %S/Inputs/compare-stats.py %t/pc.json %t/pc-fast.json | FileCheck %s --check-prefix=AGREE
//
// nCCDAB equal to nCCDL (AttAcc's set without the power constraint) changes
// nothing: the stats are pilot-hbm3's but for the key itself.
// RUN: echo '{"preset": "pilot-hbm3", "timing.nCCDAB": 4}' > %t/npc.json
// RUN: pilot-sim %s --hw=%t/npc.json --stats-json=%t/npc.json.stats > /dev/null
// RUN: grep -v nCCDAB %t/plain.json > %t/plain.trimmed
// RUN: grep -v nCCDAB %t/npc.json.stats > %t/npc.trimmed
// RUN: diff %t/plain.trimmed %t/npc.trimmed
// RUN: FileCheck %s --check-prefix=NPCKEY < %t/npc.json.stats
//
// A spacing under nCCDL is refused, naming the key and its range.
// RUN: echo '{"preset": "pilot-hbm3", "timing.nCCDAB": 3}' > %t/short.json
// RUN: not pilot-sim %s --hw=%t/short.json 2>&1 | FileCheck %s --check-prefix=SHORT
// RUN: echo '{"timing.nCCDAB": 2000}' > %t/huge.json
// RUN: not pilot-sim %s --hw=%t/huge.json 2>&1 | FileCheck %s --check-prefix=HUGE

// PLAIN: time     815.140 ns = 1,060 DRAM cycles
// PC:    time     1207.330 ns = 1,570 DRAM cycles
// PCKEY: "timing.nCCDAB": 6,
// AGREE: stats agree
// NPCKEY: "timing.nCCDAB": 4,
// SHORT: timing.nCCDAB = 3 must be 0 (no power constraint) or at least timing.nCCDL = 4
// HUGE: timing.nCCDAB = 2000 is out of range [0, 1024]

pim.kernel @all_banks hw(#pim.hw<"pilot-hbm3">) {
  pim.bank_class @all banks(first = 0, count = 16, stride = 1) {
    %c0 = arith.constant 0 : index
    pim.loop %i = 0 to 4 {
      pim.mov dram_to_buffer row %c0 col %c0 buf 0 bytes 1024
      pim.mov dram_to_buffer row %c0 col %c0 buf 1024 bytes 1024
    }
  }
}
