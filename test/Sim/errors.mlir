// Every way pilot-sim refuses an input says what and where, and exits
// non-zero. One case per file of the split.

// RUN: rm -rf %t && split-file %s %t

// RUN: not pilot-sim %t/nonlinear.mlir 2>&1 | FileCheck %s --check-prefix=NONLINEAR
// NONLINEAR: nonlinear.mlir:6:7: error: 'pim.mov' op row is not linear in the loop induction variables
// NONLINEAR: nonlinear.mlir:5:14: note: this arith.muli multiplies two values that both depend on them

// RUN: not pilot-sim %t/no-kernel.mlir 2>&1 | FileCheck %s --check-prefix=NOKERNEL
// NOKERNEL: error: holds no pim.kernel; pilot-sim runs an ISA-level pim.kernel

// RUN: not pilot-sim %t/two-kernels.mlir 2>&1 | FileCheck %s --check-prefix=TWO
// TWO: two-kernels.mlir:3:1: error: is one of 2 pim.kernel ops in the input; pilot-sim runs one
// TWO: two-kernels.mlir:1:1: note: the first

// RUN: not pilot-sim %t/not-a-command.mlir 2>&1 | FileCheck %s --check-prefix=NOTCMD
// NOTCMD: not-a-command.mlir:4:10: error: 'arith.subi' op is not a PILOT command pilot-sim can run

// The pim dialect's verifier runs first: a row past the bank.
// RUN: not pilot-sim %t/past-bank.mlir 2>&1 | FileCheck %s --check-prefix=VERIFY
// VERIFY: past-bank.mlir:5:7: error: 'pim.mov' op row reaches [32766, 32769], past the bank's rows [0, 32767] (org.rows)

// RUN: not pilot-sim %t/syntax.mlir 2>&1 | FileCheck %s --check-prefix=SYNTAX
// SYNTAX: syntax.mlir:3:5: error: custom op 'pim.bogus' is unknown

// RUN: not pilot-sim %t/missing.mlir 2>&1 | FileCheck %s --check-prefix=MISSING
// MISSING: pilot-sim: error: cannot open input file '{{.*}}missing.mlir': No such file or directory

// Flags.
// RUN: not pilot-sim %t/ok.mlir --mode=slow 2>&1 | FileCheck %s --check-prefix=MODE
// MODE: Cannot find option named 'slow'
// RUN: not pilot-sim %t/ok.mlir --input Q 2>&1 | FileCheck %s --check-prefix=PAIR
// PAIR: pilot-sim: error: --input Q: expected NAME=FILE.npy
// RUN: not pilot-sim %t/ok.mlir --input X=%t/x.npy 2>&1 | FileCheck %s --check-prefix=UNPLACED
// UNPLACED: pilot-sim: error: --input X: no pim.cfg places a tensor named 'X'
// RUN: not pilot-sim %t/ok.mlir --stats-json 2>&1 | FileCheck %s --check-prefix=STATS
// STATS: pilot-sim: error: --stats-json needs a file: --stats-json=FILE

// Bad .npy inputs.
// RUN: not pilot-sim %t/ok.mlir --input A=%t/ok.mlir 2>&1 | FileCheck %s --check-prefix=NOTNPY
// NOTNPY: pilot-sim: error: {{.*}}ok.mlir: not a .npy file (no \x93NUMPY magic)
// RUN: %python %S/Inputs/make-npy.py %t/int.npy --values 1,2,3,4 --dtype int32
// RUN: not pilot-sim %t/ok.mlir --input A=%t/int.npy 2>&1 | FileCheck %s --check-prefix=DTYPE
// DTYPE: pilot-sim: error: {{.*}}int.npy: dtype '<i4' is not supported; pilot-sim reads little-endian float16, float32 or float64 ('<f2', '<f4', '<f8')
// RUN: %python %S/Inputs/make-npy.py %t/short.npy --values 1,2,3
// RUN: not pilot-sim %t/ok.mlir --input A=%t/short.npy 2>&1 | FileCheck %s --check-prefix=SHORT
// SHORT: pilot-sim: error: {{.*}}ok.mlir:3:5: pim.cfg "A" places elements [0, 4) in bank 0 of @c, past the 3 elements of the input (shape [3])
// RUN: %python %S/Inputs/make-npy.py %t/fortran.npy --values 1,2,3,4 --shape 2,2 --fortran
// RUN: not pilot-sim %t/ok.mlir --input A=%t/fortran.npy 2>&1 | FileCheck %s --check-prefix=FORTRAN
// FORTRAN: pilot-sim: error: {{.*}}fortran.npy: Fortran-order arrays are not supported
// RUN: %python %S/Inputs/make-npy.py %t/q.npy --values 1,2,3,4
// RUN: not pilot-sim %t/attention.mlir --input Q=%t/q.npy 2>&1 | FileCheck %s --check-prefix=SHAPE
// SHAPE: pilot-sim: error: input Q has shape [4] but the kernel's pilot.attention declares [1, 1, 2, 2]

// --check needs the problem and its inputs.
// RUN: not pilot-sim %t/ok.mlir --check 2>&1 | FileCheck %s --check-prefix=NOPROBLEM
// NOPROBLEM: pilot-sim: error: --check needs the problem the kernel computes: give the pim.kernel a pilot.attention attribute
// RUN: not pilot-sim %t/attention.mlir --check 2>&1 | FileCheck %s --check-prefix=NOINPUT
// NOINPUT: pilot-sim: error: --check needs --input Q=FILE.npy (the pilot.attention tensors Q, K and V)
// RUN: not pilot-sim %t/bad-attention.mlir 2>&1 | FileCheck %s --check-prefix=BADATTN
// BADATTN: bad-attention.mlir:1:1: error: pilot.attention: needs 'kv_shape = array<i64: B, heads, tokens, D>'

// --hw: presets, files, and programs the new hardware cannot hold.
// RUN: not pilot-sim %t/ok.mlir --hw=hbm9 2>&1 | FileCheck %s --check-prefix=HWNAME
// HWNAME: pilot-sim: error: 'hbm9' is neither a preset ("pilot-hbm3", "pilot-hbm3-jedec") nor a readable hardware file
// RUN: not pilot-sim %t/ok.mlir --hw=%t/unknown-key.json 2>&1 | FileCheck %s --check-prefix=HWKEY
// HWKEY: pilot-sim: error: {{.*}}unknown-key.json: unknown hardware key 'bpm.lane' (docs/hardware.md lists them)
// RUN: not pilot-sim %t/ok.mlir --hw=%t/invalid.json 2>&1 | FileCheck %s --check-prefix=HWINVALID
// HWINVALID: pilot-sim: error: {{.*}}invalid.json: invalid hardware description: bpm.lanes = 0 is out of range [1, 1024]
// RUN: not pilot-sim %t/ok.mlir --hw=%t/small-buffer.json 2>&1 | FileCheck %s --check-prefix=BUFFER
// BUFFER: pilot-sim: error: {{.*}}ok.mlir:6:5: pim.mov buffer range [0, 8) is past the 4-byte BPM buffer (bpm.buffer_bytes)
// RUN: not pilot-sim %t/ok.mlir --hw=%t/few-rows.json 2>&1 | FileCheck %s --check-prefix=ROWS
// ROWS: pilot-sim: error: {{.*}}ok.mlir:3:5: pim.cfg rows [40, 41) are past the bank's 32 rows (org.rows)

//--- nonlinear.mlir
pim.kernel @k hw(#pim.hw<"pilot-hbm3">) {
  pim.bank_class @c banks(first = 0, count = 1, stride = 1) {
    %c0 = arith.constant 0 : index
    pim.loop %i = 0 to 4 {
      %row = arith.muli %i, %i : index
      pim.mov dram_to_buffer row %row col %c0 buf 0 bytes 8
    }
  }
}
//--- no-kernel.mlir
func.func @f() {
  return
}
//--- two-kernels.mlir
pim.kernel @a hw(#pim.hw<"pilot-hbm3">) {
}
pim.kernel @b hw(#pim.hw<"pilot-hbm3">) {
}
//--- not-a-command.mlir
pim.kernel @k hw(#pim.hw<"pilot-hbm3">) {
  pim.bank_class @c banks(first = 0, count = 1, stride = 1) {
    %c0 = arith.constant 0 : index
    %d = arith.subi %c0, %c0 : index
  }
}
//--- past-bank.mlir
pim.kernel @k hw(#pim.hw<"pilot-hbm3">) {
  pim.bank_class @c banks(first = 0, count = 1, stride = 1) {
    %c0 = arith.constant 0 : index
    pim.loop %i = 32766 to 32770 {
      pim.mov dram_to_buffer row %i col %c0 buf 0 bytes 8
    }
  }
}
//--- syntax.mlir
pim.kernel @k hw(#pim.hw<"pilot-hbm3">) {
  pim.bank_class @c banks(first = 0, count = 1, stride = 1) {
    pim.bogus
  }
}
//--- ok.mlir
pim.kernel @k hw(#pim.hw<"pilot-hbm3">) {
  pim.bank_class @c banks(first = 0, count = 1, stride = 1) {
    pim.cfg "A" rows(40, 1) elements 4 offset 0 radices [1] strides [0]
    %c40 = arith.constant 40 : index
    %c0 = arith.constant 0 : index
    pim.mov dram_to_buffer row %c40 col %c0 buf 0 bytes 8
  }
}
//--- attention.mlir
pim.kernel @k hw(#pim.hw<"pilot-hbm3">) attributes {
  pilot.attention = {pattern = #sattn.pattern<window = [1, 0]>, scale = 1.0,
                     query_shape = array<i64: 1, 1, 2, 2>,
                     kv_shape = array<i64: 1, 1, 2, 2>}} {
  pim.bank_class @c banks(first = 0, count = 1, stride = 1) {
    pim.cfg "Q" rows(0, 1) elements 4 offset 0 radices [1] strides [0]
  }
}
//--- bad-attention.mlir
pim.kernel @k hw(#pim.hw<"pilot-hbm3">) attributes {
  pilot.attention = {pattern = #sattn.pattern<window = [1, 0]>,
                     query_shape = array<i64: 1, 1, 2, 2>}} {
}
//--- unknown-key.json
{"bpm.lane": 8}
//--- invalid.json
{"preset": "pilot-hbm3", "bpm.lanes": 0}
//--- small-buffer.json
{"bpm.buffer_bytes": 4}
//--- few-rows.json
{"org.rows": 32}
