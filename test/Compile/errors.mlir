// What the pipeline says about inputs it cannot lower, from the command
// line: the hardware that is not there or not a hardware file, option values
// it refuses, tiles and buffers that do not fit, a bank too small for the
// tensors, passes run out of order.

// RUN: rm -rf %t && mkdir -p %t
// RUN: not pilot-opt %s --pilot-compile="hw=%t/missing.json" 2>&1 | FileCheck %s --check-prefix=MISSING
// MISSING: error: pim-map: '{{.*}}missing.json' is neither a preset ("pilot-hbm3", "pilot-hbm3-pc", "pilot-hbm3-jedec", "pilot-hbm3e", "pilot-hbm4") nor a readable hardware file

// RUN: echo 'org.rows = 4' > %t/not-json.json
// RUN: not pilot-opt %s --pilot-compile="hw=%t/not-json.json" 2>&1 | FileCheck %s --check-prefix=NOTJSON
// NOTJSON: error: pim-map: {{.*}}not-json.json: not JSON: [1:1, byte=1]: Invalid JSON value
// RUN: echo '{"bpm.lane": 8}' > %t/unknown-key.json
// RUN: not pilot-opt %s --pilot-compile="hw=%t/unknown-key.json" 2>&1 | FileCheck %s --check-prefix=HWKEY
// HWKEY: error: pim-map: {{.*}}unknown-key.json: unknown hardware key 'bpm.lane' (docs/hardware.md lists them) (hw)

// Pipeline options: values the passes refuse, and values that do not parse.
// RUN: not pilot-opt %s --pilot-compile="schedule=bogus" 2>&1 | FileCheck %s --check-prefix=SCHEDULE
// SCHEDULE: error: pim-map: unknown schedule 'bogus' (schedule); schedules are naive, pilot, fused, auto
// RUN: not pilot-opt %s --pilot-compile="order=diagonal" 2>&1 | FileCheck %s --check-prefix=ORDEROPT
// ORDEROPT: error: pim-schedule: unknown order 'diagonal' (order); orders are auto, query, key
// RUN: not pilot-opt %s --pilot-compile="rows=-1 split=heads" 2>&1 | FileCheck %s --check-prefix=ROWS
// ROWS: error: 'sattn.sddmm' op pim-tile: tiles need at least one row and one key, got rows = -1, keys = {{[0-9]+}} (rows, keys, head-dim-chunk)
// RUN: not pilot-opt %s --pilot-compile="head-dim-chunk=-2" 2>&1 | FileCheck %s --check-prefix=CHUNK
// CHUNK: error: 'sattn.sddmm' op pim-tile: a head-dimension chunk must be positive, got -2 (rows, keys, head-dim-chunk)
// RUN: not pilot-opt %s --pilot-compile="head-dim-chunk=4" 2>&1 | FileCheck %s --check-prefix=CHUNKCOLUMN
// CHUNKCOLUMN: error: 'sattn.sddmm' op convert-sattn-to-pim: a head-dimension chunk of 4 elements does not start every chunk on a DRAM column (32 bytes, org.column_bytes)
// RUN: not pilot-opt %s --pilot-compile="schedule=auto rows=3" 2>&1 | FileCheck %s --check-prefix=AUTO
// AUTO: error: 'sattn.sddmm' op pim-tile: tile overrides need a schedule, not schedule=auto
// RUN: not pilot-opt %s --pilot-compile="buffer-bytes=-8" 2>&1 | FileCheck %s --check-prefix=NEGBUFFER
// NEGBUFFER: error: pim-tile: bpm.buffer_bytes = -8 is out of range [2, 16777216]
// RUN: not pilot-opt %s --pilot-compile="buffer-bytes=3" 2>&1 | FileCheck %s --check-prefix=ODDBUFFER
// ODDBUFFER: error: pim-tile: bpm.buffer_bytes = 3 must be even (it holds FP16 elements)
// RUN: not pilot-opt %s --pilot-compile="wide=maybe" 2>&1 | FileCheck %s --check-prefix=BOOL
// BOOL: pilot-opt: for the --wide option: 'maybe' is invalid value for boolean argument! Try 0 or 1
// RUN: not pilot-opt %s --pilot-compile="rows=abc" 2>&1 | FileCheck %s --check-prefix=INTEGER
// INTEGER: pilot-opt: for the --rows option: 'abc' value invalid for long argument!
// RUN: not pilot-opt %s --pilot-compile="bogus=1" 2>&1 | FileCheck %s --check-prefix=NOOPTION
// NOOPTION: <Pass-Options-Parser>: no such option bogus
// RUN: not pilot-opt %s --pilot-compile --bogus-flag 2>&1 | FileCheck %s --check-prefix=FLAG
// FLAG: pilot-opt: Unknown command line argument '--bogus-flag'.
// RUN: not pilot-opt %t/absent.mlir 2>&1 | FileCheck %s --check-prefix=NOINPUT
// NOINPUT: cannot open input file '{{.*}}absent.mlir': {{[Nn]}}o such file or directory

// Capacity: tiles larger than the buffer, a buffer too small for one row.
// RUN: not pilot-opt %s --pilot-compile="rows=64 keys=64" 2>&1 | FileCheck %s --check-prefix=TILE
// TILE: error: 'sattn.sddmm' op pim-tile: pilot tiles of 64 rows x 64 keys need 6208 FP16 elements of buffer, but the buffer holds 1024 (rows, keys, head-dim-chunk)
// RUN: not pilot-opt %s --pilot-compile="buffer-bytes=64" 2>&1 | FileCheck %s --check-prefix=ONEROW
// ONEROW: error: 'sattn.sddmm' op pim-schedule: tiles of 1 rows need 68 bytes of buffer with one key a step; the buffer has 64 (bpm.buffer_bytes)

// RUN: echo '{"org.rows": 4}' > %t/small-bank.json
// RUN: not pilot-opt %s --pilot-compile="hw=%t/small-bank.json" 2>&1 | FileCheck %s --check-prefix=BANK
// BANK: error: 'sattn.sddmm' op convert-sattn-to-pim: the part needs {{[0-9]+}} rows of each bank (Q, K, V and O of 1 head instances and the scores of one), the bank has 4 (org.rows)

// A bank of one row holds none of it: the error names the schedule asked
// for, whose storage was judged (auto judges the fused one, which stores
// least).
// RUN: echo '{"org.rows": 1}' > %t/one-row.json
// RUN: not pilot-opt %s --pilot-compile="hw=%t/one-row.json" 2>&1 | FileCheck %s --check-prefix=FITPILOT
// FITPILOT: error: 'sattn.sddmm' op does not fit in the banks under the pilot schedule: 1 head instances per bank group need
// RUN: not pilot-opt %s --pilot-compile="hw=%t/one-row.json schedule=naive" 2>&1 | FileCheck %s --check-prefix=FITNAIVE
// FITNAIVE: error: 'sattn.sddmm' op does not fit in the banks under the naive schedule:
// RUN: not pilot-opt %s --pilot-compile="hw=%t/one-row.json schedule=auto" 2>&1 | FileCheck %s --check-prefix=FITAUTO
// FITAUTO: error: 'sattn.sddmm' op does not fit in the banks under the fused schedule:

// RUN: not pilot-opt %s --sattn-decompose --pim-map="split=heads" --pim-tile --pim-schedule="buffer-bytes=256" 2>&1 | FileCheck %s --check-prefix=BUFFER
// BUFFER: error: 'sattn.sddmm' op pim-schedule: tiles of {{[0-9]+}} rows need {{[0-9]+}} bytes of buffer with one key a step; the buffer has 256 (bpm.buffer_bytes)

// RUN: not pilot-opt %s --sattn-decompose --pim-map --convert-sattn-to-pim 2>&1 | FileCheck %s --check-prefix=ORDER
// ORDER: error: 'sattn.sddmm' op has no pim.tiles; run --pim-tile first
// RUN: not pilot-opt %s --sattn-decompose --pim-map --pim-tile --convert-sattn-to-pim 2>&1 | FileCheck %s --check-prefix=UNSCHEDULED
// UNSCHEDULED: error: 'sattn.sddmm' op has no pim.loop_nest; run --pim-schedule first

func.func @window(%q: tensor<1x1x64x16xf16>, %k: tensor<1x1x64x16xf16>, %v: tensor<1x1x64x16xf16>) -> tensor<1x1x64x16xf16> {
  %0 = sattn.attention %q, %k, %v {pattern = #sattn.pattern<window = [3, 2]>} : tensor<1x1x64x16xf16>, tensor<1x1x64x16xf16>, tensor<1x1x64x16xf16> -> tensor<1x1x64x16xf16>
  return %0 : tensor<1x1x64x16xf16>
}
