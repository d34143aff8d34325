// The simulator against the I/O model, on a program written by the model's
// naive rules (docs/io-model.md, row split) for bank 1 of
// Inputs/window-8x8.mlir: rows 2 and 3, each attending its key, the one
// before and the one after (d = 16: a vector is one 32 B column).
//
// RUN: rm -rf %t && mkdir -p %t
// RUN: pilot-sim %s --stats-json=%t/stats.json | FileCheck %s
// RUN: pilot-opt %S/Inputs/window-8x8.mlir --pim-io-report -o /dev/null 2> %t/report.txt
// RUN: %python %S/Inputs/compare-io-model.py %t/stats.json %t/report.txt naive | FileCheck %s --check-prefix=MODEL
//
// By the rules: reads q x 2, k x 6, scores x 2 (softmax), probabilities x 2,
// v x 6 = 18 columns; writes scores x 2, probabilities x 2, o x 2 = 6. The
// bytes asked for are 2 x 32 + 6 x 32 + 2 x 6 + 2 x 6 + 6 x 32 = 472 read and
// 2 x 6 + 2 x 6 + 2 x 32 = 88 written; the model counts whole columns.
// No pim.cfg places K or V here, so none of the reads counts as theirs.
// CHECK: internal read 472 B (0 B of K and V), internal write 88 B
// CHECK: 18 RD, 6 WR
// CHECK: 192 MACs, 6 exp
// MODEL: bytes: simulated 768, model 768
// MODEL: macs: simulated 192, model 192
// MODEL: agree
//
// Layout, bank-relative rows: Q in row 0 (q_r at column r), K in row 1, V in
// row 2, the scores and then the probabilities of row r in row 3 at column
// r, O in row 4. Buffer: q at 0, a key or value at 32, the row's 3 scores at
// 64, their sum at 72, o at 96. The loop counts %first = r - 1, the row's
// first key; the key loop is unrolled because buffer offsets are static.
pim.kernel @naive_bank1 hw(#pim.hw<"pilot-hbm3">) {
  pim.bank_class @bank1 banks(first = 1, count = 1, stride = 1) {
    %c0 = arith.constant 0 : index
    %c1 = arith.constant 1 : index
    %c2 = arith.constant 2 : index
    %c3 = arith.constant 3 : index
    %c4 = arith.constant 4 : index
    // SDDMM: one row at a time, its keys fetched for it.
    pim.loop %first = 1 to 3 {
      %row = arith.addi %first, %c1 : index
      %last = arith.addi %first, %c2 : index
      pim.mov dram_to_buffer row %c0 col %row buf 0 bytes 32
      pim.mov dram_to_buffer row %c1 col %first buf 32 bytes 32
      pim.mac lhs 0 rhs 32 acc 64 shape [1, 1, 16] lanes 16 transpose_rhs
      pim.mov dram_to_buffer row %c1 col %row buf 32 bytes 32
      pim.mac lhs 0 rhs 32 acc 66 shape [1, 1, 16] lanes 16 transpose_rhs
      pim.mov dram_to_buffer row %c1 col %last buf 32 bytes 32
      pim.mac lhs 0 rhs 32 acc 68 shape [1, 1, 16] lanes 16 transpose_rhs
      pim.mov buffer_to_dram row %c3 col %row buf 64 bytes 6
    }
    // Softmax: each row fits the buffer, one pass.
    pim.loop %row = 2 to 4 {
      pim.mov dram_to_buffer row %c3 col %row buf 64 bytes 6
      pim.exp src 64 dst 64 elements 3 lanes 16
      pim.acc src 64 dst 72 rows 1 cols 3
      pim.sfm src 64 sums 72 dst 64 rows 1 cols 3 lanes 16
      pim.mov buffer_to_dram row %c3 col %row buf 64 bytes 6
    }
    // SpMM: the row's probabilities, then its values fetched for it.
    pim.loop %first = 1 to 3 {
      %row = arith.addi %first, %c1 : index
      %last = arith.addi %first, %c2 : index
      pim.mov dram_to_buffer row %c3 col %row buf 64 bytes 6
      pim.mov dram_to_buffer row %c2 col %first buf 32 bytes 32
      pim.mac lhs 64 rhs 32 acc 96 shape [1, 16, 1] lanes 16
      pim.mov dram_to_buffer row %c2 col %row buf 32 bytes 32
      pim.mac lhs 66 rhs 32 acc 96 shape [1, 16, 1] lanes 16 accumulate
      pim.mov dram_to_buffer row %c2 col %last buf 32 bytes 32
      pim.mac lhs 68 rhs 32 acc 96 shape [1, 16, 1] lanes 16 accumulate
      pim.out row %c4 col %row buf 96 bytes 32
    }
  }
}
