// What the pipeline says about inputs it cannot lower, from the command
// line: the hardware that is not there, a bank too small for the tensors, a
// buffer too small for one key a step, passes run out of order.

// RUN: rm -rf %t && mkdir -p %t
// RUN: not pilot-opt %s --pilot-compile="hw=%t/missing.json" 2>&1 | FileCheck %s --check-prefix=MISSING
// MISSING: error: pim-map: '{{.*}}missing.json' is neither a preset ("pilot-hbm3", "pilot-hbm3-jedec") nor a readable hardware file

// RUN: echo '{"org.rows": 4}' > %t/small-bank.json
// RUN: not pilot-opt %s --pilot-compile="hw=%t/small-bank.json" 2>&1 | FileCheck %s --check-prefix=BANK
// BANK: error: 'sattn.sddmm' op pim-lower-to-isa: the part needs {{[0-9]+}} rows of each bank (Q, K, V and O of 1 head instances and the scores of one), the bank has 4 (org.rows)

// RUN: not pilot-opt %s --sattn-decompose --pim-map --pim-tile --pim-schedule="buffer-bytes=256" 2>&1 | FileCheck %s --check-prefix=BUFFER
// BUFFER: error: 'sattn.sddmm' op pim-schedule: tiles of 8 rows need {{[0-9]+}} bytes of buffer with one key a step; the buffer has 256 (bpm.buffer_bytes)

// RUN: not pilot-opt %s --sattn-decompose --pim-map --pim-lower-to-isa 2>&1 | FileCheck %s --check-prefix=ORDER
// ORDER: error: 'sattn.sddmm' op has no pim.tiles; run --pim-tile first
// RUN: not pilot-opt %s --sattn-decompose --pim-map --pim-tile --pim-lower-to-isa 2>&1 | FileCheck %s --check-prefix=UNSCHEDULED
// UNSCHEDULED: error: 'sattn.sddmm' op has no pim.loop_nest; run --pim-schedule first

func.func @window(%q: tensor<1x1x64x16xf16>, %k: tensor<1x1x64x16xf16>, %v: tensor<1x1x64x16xf16>) -> tensor<1x1x64x16xf16> {
  %0 = sattn.attention %q, %k, %v {pattern = #sattn.pattern<window = [3, 2]>} : tensor<1x1x64x16xf16>, tensor<1x1x64x16xf16>, tensor<1x1x64x16xf16> -> tensor<1x1x64x16xf16>
  return %0 : tensor<1x1x64x16xf16>
}
