// The binary encoding: pilot-translate encodes a pim program and decodes it
// back exactly; pilot-opt and pilot-sim read the encoding directly.
//
// RUN: rm -rf %t && mkdir -p %t
// RUN: pilot-translate --pim-to-binary %s -o %t/kernel.bin
// RUN: pilot-translate --binary-to-pim %t/kernel.bin | FileCheck %s
//
// Decoding gives what pilot-opt prints for the text, and encoding that again
// gives the same bytes.
// RUN: pilot-opt %s -o %t/kernel.txt
// RUN: pilot-translate --binary-to-pim %t/kernel.bin -o %t/decoded.txt
// RUN: diff -B %t/kernel.txt %t/decoded.txt
// RUN: pilot-translate --pim-to-binary %t/decoded.txt -o %t/again.bin
// RUN: cmp %t/kernel.bin %t/again.bin
// RUN: pilot-opt %t/kernel.bin | diff %t/kernel.txt -
//
// The simulator runs the encoding as it runs the text.
// RUN: pilot-sim %t/kernel.txt --stats-json=%t/text.json > /dev/null
// RUN: pilot-sim %t/kernel.bin --stats-json=%t/binary.json > /dev/null
// RUN: diff %t/text.json %t/binary.json
//
// It is smaller than the text it encodes.
// RUN: %python -c "import os, sys; print(os.path.getsize(sys.argv[1]) < os.path.getsize(sys.argv[2]))" %t/kernel.bin %t/kernel.txt | FileCheck %s --check-prefix=SMALLER
//
// Text is not an encoding to decode, and a damaged encoding is an error:
// the seal's checksum catches it before MLIR's bytecode reader, which can
// crash on damaged bytes, sees it.
// RUN: not pilot-translate --binary-to-pim %s 2>&1 | FileCheck %s --check-prefix=TEXT
// RUN: head -c 300 %t/kernel.bin > %t/truncated.bin
// RUN: not pilot-sim %t/truncated.bin 2>&1 | FileCheck %s --check-prefix=TRUNCATED
// RUN: not pilot-translate --binary-to-pim %t/truncated.bin 2>&1 | FileCheck %s --check-prefix=TRUNCATED
// RUN: not pilot-opt %t/truncated.bin 2>&1 | FileCheck %s --check-prefix=TRUNCATED
// RUN: %python -c "import sys; b = bytearray(open(sys.argv[1], 'rb').read()); b[200] ^= 1; open(sys.argv[2], 'wb').write(b)" %t/kernel.bin %t/flipped.bin
// RUN: not pilot-sim %t/flipped.bin 2>&1 | FileCheck %s --check-prefix=TRUNCATED
// RUN: not pilot-translate --binary-to-pim %t/flipped.bin 2>&1 | FileCheck %s --check-prefix=TRUNCATED
//
// Bytecode another producer wrote (pilot-opt --emit-bytecode) is read by
// pilot-opt as mlir-opt reads it; pilot's decoders take sealed programs only.
// RUN: pilot-opt %s --emit-bytecode -o %t/unsealed.bc
// RUN: pilot-opt %t/unsealed.bc | diff %t/kernel.txt -
// RUN: not pilot-sim %t/unsealed.bc 2>&1 | FileCheck %s --check-prefix=UNSEALED
// RUN: not pilot-translate --binary-to-pim %t/unsealed.bc 2>&1 | FileCheck %s --check-prefix=UNSEALED
// A program in binary format 1 (before pim.cfg's digit_table), sealed
// `pilot crc32=...`: refused with the reason, before the reader misreads it.
// RUN: not pilot-sim %S/Inputs/window-naive-format1.pimbin 2>&1 | FileCheck %s --check-prefix=FORMAT1
// RUN: not pilot-translate --binary-to-pim %S/Inputs/window-naive-format1.pimbin 2>&1 | FileCheck %s --check-prefix=FORMAT1
// FORMAT1: error: {{.*}}window-naive-format1.pimbin: a binary program in pilot's format 1, which this pilot no longer reads (pim.cfg has gained digit_table since)
// RUN: not pilot-translate %s 2>&1 | FileCheck %s --check-prefix=NOTRANSLATION
// RUN: not pilot-translate --pim-to-binary %t/absent.mlir 2>&1 | FileCheck %s --check-prefix=NOINPUT
//
// CHECK: pim.kernel @tiles hw(#pim.hw<"pilot-hbm3-jedec", bpm.buffer_bytes = 4096, timing.nFAW = 30>)
// CHECK: pim.bank_class @rows banks(first = 0, count = 64, stride = 1)
// CHECK: pim.cfg "Q" rows(0, 2) elements 1024 offset 0 radices [4, 16] strides [1024, 4096]
// CHECK: pim.loop %[[I:.+]] = 0 to 12 step 3 {
// CHECK: pim.mov dram_to_buffer row %{{.+}} col %{{.+}} buf 0 bytes 896
// CHECK: pim.mac lhs 0 rhs 896 acc 1792 shape [7, 7, 64] lanes 16 transpose_rhs
// CHECK: pim.exp src 1792 dst 1792 elements 49 lanes 16
// CHECK: pim.acc src 1792 dst 1890 rows 7 cols 7 accumulate bank_group
// CHECK: pim.sfm src 1792 sums 1890 dst 1792 rows 7 cols 7 lanes 16
// CHECK: pim.out row %{{.+}} col %{{.+}} buf 1792 bytes 98
// SMALLER: True
// TEXT: error: binary-to-pim: {{.*}}binary.mlir is not a binary program (no MLIR bytecode header); text programs need no decoding
// TRUNCATED: error: {{.*}}.bin: damaged binary program: its contents give checksum {{[0-9a-f]+}} but it was sealed with {{[0-9a-f]+}} (truncated or corrupted)
// UNSEALED: error: {{.*}}unsealed.bc: not a sealed pilot binary program (its producer is 'MLIR{{.*}}'): pilot reads binary programs that pilot-translate --pim-to-binary wrote
// NOTRANSLATION: Translations to perform option: must be specified at least once!
// NOINPUT: cannot open input file '{{.*}}absent.mlir': {{[Nn]}}o such file or directory
pim.kernel @tiles hw(#pim.hw<"pilot-hbm3-jedec", bpm.buffer_bytes = 4096, timing.nFAW = 30>) {
  pim.bank_class @rows banks(first = 0, count = 64, stride = 1) {
    %c0 = arith.constant 0 : index
    %c2 = arith.constant 2 : index
    pim.cfg "Q" rows(0, 2) elements 1024 offset 0 radices [4, 16] strides [1024, 4096]
    pim.loop %i = 0 to 12 step 3 {
      %row = arith.muli %i, %c2 : index
      pim.mov dram_to_buffer row %row col %c0 buf 0 bytes 896
      pim.mac lhs 0 rhs 896 acc 1792 shape [7, 7, 64] lanes 16 transpose_rhs
      pim.exp src 1792 dst 1792 elements 49 lanes 16
      pim.acc src 1792 dst 1890 rows 7 cols 7 accumulate bank_group
      pim.sfm src 1792 sums 1890 dst 1792 rows 7 cols 7 lanes 16
      pim.out row %row col %c0 buf 1792 bytes 98
    }
  }
}
