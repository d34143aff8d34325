// Every way pilot-sim refuses an input says what and where, and exits
// non-zero. One case per file of the split.

// RUN: rm -rf %t && split-file %s %t

// RUN: not pilot-sim %t/nonlinear.mlir 2>&1 | FileCheck %s --check-prefix=NONLINEAR
// NONLINEAR: nonlinear.mlir:6:7: error: 'pim.mov' op row is not linear in the loop induction variables
// NONLINEAR: nonlinear.mlir:5:14: note: this arith.muli multiplies two values that both depend on them

// A coefficient that overflows int64 where the loop's range keeps the row
// itself in the bank (the loop runs once).
// RUN: not pilot-sim %t/coefficient-overflow.mlir 2>&1 | FileCheck %s --check-prefix=COEFFICIENT
// COEFFICIENT: coefficient-overflow.mlir:8:7: error: 'pim.mov' op row has a coefficient that overflows int64

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
// RUN: not pilot-sim %t/ok.mlir --bogus 2>&1 | FileCheck %s --check-prefix=UNKNOWNFLAG
// UNKNOWNFLAG: pilot-sim: Unknown command line argument '--bogus'.
// RUN: not pilot-sim %t/ok.mlir %t/ok.mlir 2>&1 | FileCheck %s --check-prefix=POSITIONAL
// POSITIONAL: pilot-sim: Too many positional arguments specified!
// RUN: not pilot-sim %t/ok.mlir --check-tolerance=small 2>&1 | FileCheck %s --check-prefix=TOLERANCE
// TOLERANCE: pilot-sim: for the --check-tolerance option: 'small' value invalid for floating point argument!
// RUN: %python %S/Inputs/make-npy.py %t/a.npy --values 1,2,3,4
// RUN: not pilot-sim %t/ok.mlir --input A=%t/a.npy --input A=%t/a.npy 2>&1 | FileCheck %s --check-prefix=TWICE
// TWICE: pilot-sim: error: --input names A twice
// RUN: not pilot-sim %t/ok.mlir --output B=%t/b.npy 2>&1 | FileCheck %s --check-prefix=UNPLACEDOUT
// UNPLACEDOUT: pilot-sim: error: --output B: no pim.cfg places a tensor named 'B'
// RUN: not pilot-sim %t/ok.mlir --output =%t/b.npy 2>&1 | FileCheck %s --check-prefix=OUTPAIR
// OUTPAIR: pilot-sim: error: --output =
// OUTPAIR-SAME: : expected NAME=FILE.npy
// Files that cannot be written: a directory that is not there.
// RUN: not pilot-sim %t/ok.mlir --input A=%t/a.npy --output A=%t/absent/a.npy 2>&1 | FileCheck %s --check-prefix=NOWRITE
// NOWRITE: pilot-sim: error: {{.*}}absent{{/|\\}}a.npy: cannot write: {{[Nn]}}o such file or directory
// RUN: not pilot-sim %t/ok.mlir --trace=%t/absent/trace.txt 2>&1 | FileCheck %s --check-prefix=NOTRACE
// NOTRACE: pilot-sim: error: --trace={{.*}}absent{{/|\\}}trace.txt: {{[Nn]}}o such file or directory
// RUN: not pilot-sim %t/ok.mlir --stats-json=%t/absent/stats.json 2>&1 | FileCheck %s --check-prefix=NOSTATS
// NOSTATS: pilot-sim: error: --stats-json={{.*}}absent{{/|\\}}stats.json: {{[Nn]}}o such file or directory

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
// RUN: not pilot-sim %t/ok.mlir --input A=%t/absent.npy 2>&1 | FileCheck %s --check-prefix=NONPY
// NONPY: pilot-sim: error: {{.*}}absent.npy: cannot read: {{[Nn]}}o such file or directory
// Damaged copies of a good file (Inputs/damage-npy.py).
// RUN: %python %S/Inputs/damage-npy.py %t/a.npy %t/version.npy --version 9
// RUN: not pilot-sim %t/ok.mlir --input A=%t/version.npy 2>&1 | FileCheck %s --check-prefix=NPYVERSION
// NPYVERSION: pilot-sim: error: {{.*}}version.npy: unsupported .npy format version 9
// RUN: %python %S/Inputs/damage-npy.py %t/a.npy %t/header.npy --keep 20
// RUN: not pilot-sim %t/ok.mlir --input A=%t/header.npy 2>&1 | FileCheck %s --check-prefix=NPYHEADER
// NPYHEADER: pilot-sim: error: {{.*}}header.npy: truncated .npy header
// RUN: %python %S/Inputs/damage-npy.py %t/a.npy %t/data.npy --drop 2
// RUN: not pilot-sim %t/ok.mlir --input A=%t/data.npy 2>&1 | FileCheck %s --check-prefix=NPYDATA
// NPYDATA: pilot-sim: error: {{.*}}data.npy: holds 3 elements but its shape [4] needs 4
// RUN: %python %S/Inputs/damage-npy.py %t/a.npy %t/keys.npy --header "'shape'" "'size'"
// RUN: not pilot-sim %t/ok.mlir --input A=%t/keys.npy 2>&1 | FileCheck %s --check-prefix=NPYKEYS
// NPYKEYS: pilot-sim: error: {{.*}}keys.npy: malformed .npy header '{'descr': '<f2', 'fortran_order': False, 'size': (4,), }'
// RUN: %python %S/Inputs/damage-npy.py %t/a.npy %t/dims.npy --header "(4,)" "(four,)"
// RUN: not pilot-sim %t/ok.mlir --input A=%t/dims.npy 2>&1 | FileCheck %s --check-prefix=NPYDIMS
// NPYDIMS: pilot-sim: error: {{.*}}dims.npy: malformed shape '(four,)'
// Shapes far larger than the data: the byte count (2^61 x 8) and the
// element count (2^64) overflow 64 bits.
// RUN: %python %S/Inputs/make-npy.py %t/f8.npy --values 1,2,3,4 --dtype float64
// RUN: %python %S/Inputs/damage-npy.py %t/f8.npy %t/huge.npy --header "(4,)" "(2305843009213693952,)"
// RUN: not pilot-sim %t/ok.mlir --input A=%t/huge.npy 2>&1 | FileCheck %s --check-prefix=NPYHUGE
// NPYHUGE: pilot-sim: error: {{.*}}huge.npy: holds 4 elements but its shape [2305843009213693952] needs 2305843009213693952
// RUN: %python %S/Inputs/damage-npy.py %t/a.npy %t/product.npy --header "(4,)" "(4294967296, 4294967296)"
// RUN: not pilot-sim %t/ok.mlir --input A=%t/product.npy 2>&1 | FileCheck %s --check-prefix=NPYPRODUCT
// NPYPRODUCT: pilot-sim: error: {{.*}}product.npy: holds 4 elements but its shape [4294967296, 4294967296] needs more than 2^64
// RUN: %python %S/Inputs/make-npy.py %t/big-endian.npy --values 1,2,3,4 --dtype '>f4'
// RUN: not pilot-sim %t/ok.mlir --input A=%t/big-endian.npy 2>&1 | FileCheck %s --check-prefix=ENDIAN
// ENDIAN: pilot-sim: error: {{.*}}big-endian.npy: dtype '>f4' is not supported

// --check needs the problem and its inputs.
// RUN: not pilot-sim %t/ok.mlir --check 2>&1 | FileCheck %s --check-prefix=NOPROBLEM
// NOPROBLEM: pilot-sim: error: --check needs the problem the kernel computes: give the pim.kernel a pilot.attention attribute
// RUN: not pilot-sim %t/attention.mlir --check 2>&1 | FileCheck %s --check-prefix=NOINPUT
// NOINPUT: pilot-sim: error: --check needs --input Q=FILE.npy (the pilot.attention tensors Q, K and V)
// RUN: not pilot-sim %t/bad-attention.mlir 2>&1 | FileCheck %s --check-prefix=BADATTN
// BADATTN: bad-attention.mlir:1:1: error: pilot.attention: needs 'kv_shape = array<i64: B, heads, tokens, D>'
// RUN: not pilot-sim %t/attention-not-dict.mlir 2>&1 | FileCheck %s --check-prefix=ATTNDICT
// ATTNDICT: attention-not-dict.mlir:1:1: error: pilot.attention: must be a dictionary
// RUN: not pilot-sim %t/attention-no-pattern.mlir 2>&1 | FileCheck %s --check-prefix=ATTNPATTERN
// ATTNPATTERN: attention-no-pattern.mlir:1:1: error: pilot.attention: needs 'pattern = #sattn.pattern<...>'
// RUN: not pilot-sim %t/attention-name.mlir 2>&1 | FileCheck %s --check-prefix=ATTNNAME
// ATTNNAME: attention-name.mlir:1:1: error: pilot.attention: 'query' must be a tensor name string
// RUN: not pilot-sim %t/attention-scale.mlir 2>&1 | FileCheck %s --check-prefix=ATTNSCALE
// ATTNSCALE: attention-scale.mlir:1:1: error: pilot.attention: 'scale' must be a float
// RUN: not pilot-sim %t/attention-fit.mlir 2>&1 | FileCheck %s --check-prefix=ATTNFIT
// ATTNFIT: attention-fit.mlir:1:1: error: pilot.attention: sinks = 5 is out of range [0, 2] keys
// RUN: not pilot-sim %t/random-blocks.mlir 2>&1 | FileCheck %s --check-prefix=RANDOMBLOCKS
// RANDOMBLOCKS: random-blocks.mlir:3:5: error: 'pim.cfg' op random_blocks needs the kernel's pilot.attention pattern
// A kernel that computes nothing: its output stays 0, far from the reference.
// RUN: %python %S/Inputs/make-npy.py %t/qkv.npy --values 1,2,3,4 --shape 1,1,2,2
// RUN: not pilot-sim %t/no-commands.mlir --input Q=%t/qkv.npy --input K=%t/qkv.npy --input V=%t/qkv.npy --check 2>&1 | FileCheck %s --check-prefix=TOLERANCEFAIL
// TOLERANCEFAIL-DAG: check    max abs error 4.000e+00, relative L2 error 1.000e+00 (tolerance 1.0e-02): FAIL
// TOLERANCEFAIL-DAG: pilot-sim: error: --check: relative L2 error 1.000e+00 exceeds the tolerance 1.0e-02
// RUN: %python %S/Inputs/make-npy.py %t/kv2.npy --values 1,2,3,4,5,6,7,8 --shape 2,1,2,2
// RUN: not pilot-sim %t/kv-batch.mlir --input Q=%t/qkv.npy --input K=%t/kv2.npy --input V=%t/kv2.npy --check 2>&1 | FileCheck %s --check-prefix=KVSHAPE
// KVSHAPE: pilot-sim: error: --check: reference: key/value shape does not fit the query's

// --hw: presets, files, and programs the new hardware cannot hold.
// RUN: not pilot-sim %t/ok.mlir --hw=hbm9 2>&1 | FileCheck %s --check-prefix=HWNAME
// HWNAME: pilot-sim: error: 'hbm9' is neither a preset ("pilot-hbm3", "pilot-hbm3-pc", "pilot-hbm3-jedec", "pilot-hbm3e", "pilot-hbm4") nor a readable hardware file
// RUN: not pilot-sim %t/ok.mlir --hw=%t/unknown-key.json 2>&1 | FileCheck %s --check-prefix=HWKEY
// HWKEY: pilot-sim: error: {{.*}}unknown-key.json: unknown hardware key 'bpm.lane' (docs/hardware.md lists them)
// RUN: not pilot-sim %t/ok.mlir --hw=%t/invalid.json 2>&1 | FileCheck %s --check-prefix=HWINVALID
// HWINVALID: pilot-sim: error: {{.*}}invalid.json: invalid hardware description: bpm.lanes = 0 is out of range [1, 1024]
// RUN: not pilot-sim %t/ok.mlir --hw=%t/host-efficiency.json 2>&1 | FileCheck %s --check-prefix=HOSTEFF
// HOSTEFF: pilot-sim: error: {{.*}}host-efficiency.json: invalid hardware description: host.efficiency_pct = 120 is out of range [1, 100]
// RUN: not pilot-sim %t/ok.mlir --hw=%t/host-bandwidth.json 2>&1 | FileCheck %s --check-prefix=HOSTBW
// HOSTBW: pilot-sim: error: {{.*}}host-bandwidth.json: invalid hardware description: host.bandwidth_gbps = 0 is out of range [1, 1000000]
// RUN: not pilot-sim %t/ok.mlir --hw=%t/small-buffer.json 2>&1 | FileCheck %s --check-prefix=BUFFER
// BUFFER: pilot-sim: error: {{.*}}ok.mlir:6:5: pim.mov buffer range [0, 8) is past the 4-byte BPM buffer (bpm.buffer_bytes)
// RUN: not pilot-sim %t/ok.mlir --hw=%t/few-rows.json 2>&1 | FileCheck %s --check-prefix=ROWS
// ROWS: pilot-sim: error: {{.*}}ok.mlir:3:5: pim.cfg rows [40, 41) are past the bank's 32 rows (org.rows)
// RUN: not pilot-sim %t/exp.mlir --hw=%t/few-lanes.json 2>&1 | FileCheck %s --check-prefix=LANES
// LANES: pilot-sim: error: {{.*}}exp.mlir:3:5: pim.exp uses 16 lanes but the BPM has 8 (bpm.lanes)
// RUN: not pilot-sim %t/exp.mlir --hw=%t/one-group.json 2>&1 | FileCheck %s --check-prefix=BANKS
// BANKS: pilot-sim: error: {{.*}}exp.mlir:2:3: bank class @c names bank 63 but the hardware has 4 banks
// RUN: not pilot-sim %t/ok.mlir --hw=%t/absent.json 2>&1 | FileCheck %s --check-prefix=HWMISSING
// HWMISSING: pilot-sim: error: '{{.*}}absent.json' is neither a preset ("pilot-hbm3", "pilot-hbm3-pc", "pilot-hbm3-jedec", "pilot-hbm3e", "pilot-hbm4") nor a readable hardware file: {{[Nn]}}o such file or directory
// RUN: not pilot-sim %t/ok.mlir --hw=%t/not-json.json 2>&1 | FileCheck %s --check-prefix=HWJSON
// HWJSON: pilot-sim: error: {{.*}}not-json.json: not JSON: [1:1, byte=1]: Invalid JSON value
// RUN: not pilot-sim %t/ok.mlir --hw=%t/array.json 2>&1 | FileCheck %s --check-prefix=HWOBJECT
// HWOBJECT: pilot-sim: error: {{.*}}array.json: a hardware file holds a JSON object
// RUN: not pilot-sim %t/ok.mlir --hw=%t/string-value.json 2>&1 | FileCheck %s --check-prefix=HWTYPE
// HWTYPE: pilot-sim: error: {{.*}}string-value.json: hardware key 'bpm.lanes' needs an integer
// RUN: not pilot-sim %t/ok.mlir --hw=%t/fraction.json 2>&1 | FileCheck %s --check-prefix=HWFRACTION
// HWFRACTION: pilot-sim: error: {{.*}}fraction.json: hardware key 'bpm.lanes' needs an integer
// RUN: not pilot-sim %t/ok.mlir --hw=%t/bad-preset.json 2>&1 | FileCheck %s --check-prefix=HWPRESET
// HWPRESET: pilot-sim: error: {{.*}}bad-preset.json: unknown preset in "preset"
// RUN: not pilot-sim %t/ok.mlir --hw=%t/odd-buffer.json 2>&1 | FileCheck %s --check-prefix=HWODD
// HWODD: pilot-sim: error: {{.*}}odd-buffer.json: invalid hardware description: bpm.buffer_bytes = 2047 must be even (it holds FP16 elements)
// RUN: not pilot-sim %t/ok.mlir --hw=%t/short-ccdl.json 2>&1 | FileCheck %s --check-prefix=HWTIMING
// HWTIMING: pilot-sim: error: {{.*}}short-ccdl.json: invalid hardware description: timing.nCCDL = 1 must be at least timing.nCCDS = 2
// RUN: not pilot-sim --print-hw=%t/not-json.json 2>&1 | FileCheck %s --check-prefix=HWJSON

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
//--- coefficient-overflow.mlir
pim.kernel @k hw(#pim.hw<"pilot-hbm3">) {
  pim.bank_class @c banks(first = 0, count = 1, stride = 1) {
    %c0 = arith.constant 0 : index
    %big = arith.constant 4611686018427387904 : index
    pim.loop %i = 0 to 1 {
      %scaled = arith.muli %i, %big : index
      %row = arith.muli %scaled, %big : index
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
//--- host-efficiency.json
{"preset": "pilot-hbm3", "host.efficiency_pct": 120}
//--- host-bandwidth.json
{"host.bandwidth_gbps": 0}
//--- small-buffer.json
{"bpm.buffer_bytes": 4}
//--- few-rows.json
{"org.rows": 32}
//--- few-lanes.json
{"bpm.lanes": 8}
//--- one-group.json
{"org.stacks": 1, "org.dies": 1, "org.pchs": 1, "org.bank_groups": 1}
//--- exp.mlir
pim.kernel @k hw(#pim.hw<"pilot-hbm3">) {
  pim.bank_class @c banks(first = 0, count = 64, stride = 1) {
    pim.exp src 0 dst 64 elements 4 lanes 16
  }
}
//--- not-json.json
bpm.lanes = 8
//--- array.json
[{"bpm.lanes": 8}]
//--- string-value.json
{"bpm.lanes": "8"}
//--- fraction.json
{"bpm.lanes": 8.5}
//--- bad-preset.json
{"preset": "hbm9"}
//--- odd-buffer.json
{"bpm.buffer_bytes": 2047}
//--- short-ccdl.json
{"timing.nCCDL": 1}
//--- attention-not-dict.mlir
pim.kernel @k hw(#pim.hw<"pilot-hbm3">) attributes {pilot.attention = 3 : i64} {
}
//--- attention-no-pattern.mlir
pim.kernel @k hw(#pim.hw<"pilot-hbm3">) attributes {
  pilot.attention = {query_shape = array<i64: 1, 1, 2, 2>, kv_shape = array<i64: 1, 1, 2, 2>}} {
}
//--- attention-name.mlir
pim.kernel @k hw(#pim.hw<"pilot-hbm3">) attributes {
  pilot.attention = {pattern = #sattn.pattern<window = [1, 0]>, query = 3,
                     query_shape = array<i64: 1, 1, 2, 2>, kv_shape = array<i64: 1, 1, 2, 2>}} {
}
//--- attention-scale.mlir
pim.kernel @k hw(#pim.hw<"pilot-hbm3">) attributes {
  pilot.attention = {pattern = #sattn.pattern<window = [1, 0]>, scale = "1/sqrt(2)",
                     query_shape = array<i64: 1, 1, 2, 2>, kv_shape = array<i64: 1, 1, 2, 2>}} {
}
//--- attention-fit.mlir
pim.kernel @k hw(#pim.hw<"pilot-hbm3">) attributes {
  pilot.attention = {pattern = #sattn.pattern<sinks = 5>,
                     query_shape = array<i64: 1, 1, 2, 2>, kv_shape = array<i64: 1, 1, 2, 2>}} {
}
//--- random-blocks.mlir
pim.kernel @k hw(#pim.hw<"pilot-hbm3">) {
  pim.bank_class @c banks(first = 0, count = 1, stride = 1) {
    pim.cfg "K" rows(0, 1) elements 16 offset 0 radices [1] strides [0] random_blocks [0, 1]
  }
}
//--- no-commands.mlir
pim.kernel @k hw(#pim.hw<"pilot-hbm3">) attributes {
  pilot.attention = {pattern = #sattn.pattern<window = [1, 0]>, scale = 1.0,
                     query_shape = array<i64: 1, 1, 2, 2>,
                     kv_shape = array<i64: 1, 1, 2, 2>}} {
  pim.bank_class @c banks(first = 0, count = 1, stride = 1) {
    pim.cfg "Q" rows(0, 1) elements 4 offset 0 radices [1] strides [0]
    pim.cfg "K" rows(1, 1) elements 4 offset 0 radices [1] strides [0]
    pim.cfg "V" rows(2, 1) elements 4 offset 0 radices [1] strides [0]
    pim.cfg "O" rows(3, 1) elements 4 offset 0 radices [1] strides [0]
  }
}
//--- kv-batch.mlir
pim.kernel @k hw(#pim.hw<"pilot-hbm3">) attributes {
  pilot.attention = {pattern = #sattn.pattern<window = [1, 0]>, scale = 1.0,
                     query_shape = array<i64: 1, 1, 2, 2>,
                     kv_shape = array<i64: 2, 1, 2, 2>}} {
  pim.bank_class @c banks(first = 0, count = 1, stride = 1) {
    pim.cfg "Q" rows(0, 1) elements 4 offset 0 radices [1] strides [0]
    pim.cfg "K" rows(1, 1) elements 8 offset 0 radices [1] strides [0]
    pim.cfg "V" rows(2, 1) elements 8 offset 0 radices [1] strides [0]
    pim.cfg "O" rows(3, 1) elements 4 offset 0 radices [1] strides [0]
  }
}
