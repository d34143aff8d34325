// RUN: pilot-opt %s --pim-io-report --mlir-print-op-on-diagnostic=false -o /dev/null 2>&1 | FileCheck %s
// RUN: not pilot-opt %s --pim-io-report="hw=hbm9" -o /dev/null 2>&1 | FileCheck %s --check-prefix=PRESET
// RUN: not pilot-opt %s --pim-io-report="buffer-bytes=3" -o /dev/null 2>&1 | FileCheck %s --check-prefix=BUFFER
// RUN: pilot-opt %s --pim-io-report="output=%t.json" -o /dev/null 2>/dev/null
// RUN: FileCheck %s --check-prefix=JSON < %t.json
// RUN: not pilot-opt %s --pim-io-report="output=%t.absent/report.json" -o /dev/null 2>&1 | FileCheck %s --check-prefix=UNWRITABLE

// Worked by hand from docs/io-model.md. One head, 8 queries x 8 keys,
// d = 16 (a vector is 32 B: one column access), window [1, 1]: rows 0 and 7
// attend 2 keys, rows 1..6 attend 3. pilot-hbm3: 4 banks per bank group, so
// the row split gives bank j rows 2j and 2j+1. A tile reads its band whole
// (zeros past the sequence's ends too), so every bank moves the same
// bytes; the model reports, of the banks that tie, one with the most MACs:
// bank 1 or 2 (3 + 3 entries).
//
// naive, every bank: q 2 x 32, a band of 3 keys per row, 6 x 32, scores
// 2 x 32 written (one piece per row); softmax reads and writes 2 x 32;
// v 6 x 32, probabilities 2 x 32 read, o 2 x 32 written: 576 read + 192
// written = 768 B, 3072 B in all. Lower bound for bank 1: q, o and k, v of
// the 4 columns its rows attend, 12 vectors = 384 B (compulsory; the
// pebbling bound is negative at this size). MACs 2 x 6 x 16 = 192 over
// 768 B.
// CHECK: pim-io-report: schedule=naive tiles=1x1,1x1 bank_internal_bytes=768 lower_bound_bytes=384 bound=compulsory ratio=2.000 macs_per_byte=0.250
// CHECK-SAME: total_internal_bytes=3072 external_bytes=1024
//
// pilot, the paper's class (as many keys a step as rows), fewest bytes:
// any a >= 4 walks a bank's band of 4 keys in one step, a 2 x 4 block of
// scores (16 B, one 32 B column); the search starts from the largest square
// tile that fits beside its block, a = 19 (19 x (16 + 16 + 19 + 1) = 988 of
// 1024), and keeps it. Every bank: q 64, the 4 keys (128), the block
// written (32); softmax 32 + 32; the 4 values (128), the block (32), o 64:
// 512 B, 2048 B in all.
// CHECK: pim-io-report: schedule=pilot tiles=19x19,1x59 bank_internal_bytes=512 lower_bound_bytes=384 bound=compulsory
// CHECK-SAME: total_internal_bytes=2048
// CHECK: pim-io-report: schedule=pilot-wide
// CHECK: pim-io-report: schedule=fused
// CHECK: pim-io-report: fastest=

// The host writes q, k, v once and reads o once: 4 x 8 x 16 x 2 B = 1024 B.

// The same hand-worked numbers in the JSON document, fields in order.
// JSON:      "bank_internal_bytes": 768,
// JSON-NEXT: "bound": "compulsory",
// JSON-NEXT: "external_bytes": 1024,
// JSON-NEXT: "lower_bound_bytes": 384,
// JSON-NEXT: "macs_per_byte": 0.25,
// JSON-NEXT: "ratio": 2,
// JSON-NEXT: "schedule": "naive",
// JSON-NEXT: "tiles": "1x1,1x1",
// JSON-NEXT: "time_ns":
// JSON-NEXT: "total_internal_bytes": 3072
// JSON:      "bank_internal_bytes": 512,
// JSON:      "schedule": "pilot",
// JSON-NEXT: "tiles": "19x19,1x59",
// JSON-NEXT: "time_ns":
// JSON-NEXT: "total_internal_bytes": 2048
// JSON:      "schedule": "pilot-wide",
// JSON:      "schedule": "fused",
// UNWRITABLE: error: pim-io-report: cannot write '{{.*}}report.json': {{.*}} (output)

// PRESET: error: pim-io-report: 'hbm9' is neither a preset ("pilot-hbm3", "pilot-hbm3-pc", "pilot-hbm3-jedec", "pilot-hbm3e", "pilot-hbm4") nor a readable hardware file: {{.*}} (hw)
// BUFFER: error: pim-io-report: bpm.buffer_bytes = 3 must be even
func.func @window(%q: tensor<1x1x8x16xf16>, %k: tensor<1x1x8x16xf16>, %v: tensor<1x1x8x16xf16>) -> tensor<1x1x8x16xf16> {
  %0 = sattn.attention %q, %k, %v {pattern = #sattn.pattern<window = [1, 1]>} : tensor<1x1x8x16xf16>, tensor<1x1x8x16xf16>, tensor<1x1x8x16xf16> -> tensor<1x1x8x16xf16>
  return %0 : tensor<1x1x8x16xf16>
}
