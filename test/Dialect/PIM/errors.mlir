// RUN: pilot-opt %s -split-input-file -verify-diagnostics

// One broken rule per chunk: the hardware description, the kernel's bank
// classes, loops, then each PILOT command against the hardware.

// expected-error @+1 {{unknown hardware preset "hbm9"; presets are "pilot-hbm3", "pilot-hbm3-pc", "pilot-hbm3-jedec", "pilot-hbm3e", "pilot-hbm4"}}
pim.kernel @k hw(#pim.hw<"hbm9">) {
}

// -----

// expected-error @+1 {{unknown hardware key 'bpm.lane'}}
pim.kernel @k hw(#pim.hw<"pilot-hbm3", bpm.lane = 8>) {
}

// -----

// expected-error @+1 {{hardware key 'bpm.lanes' given twice}}
pim.kernel @k hw(#pim.hw<"pilot-hbm3", bpm.lanes = 8, bpm.lanes = 4>) {
}

// -----

// expected-error @+1 {{invalid hardware description: bpm.lanes = 0 is out of range [1, 1024]}}
pim.kernel @k hw(#pim.hw<"pilot-hbm3", bpm.lanes = 0>) {
}

// -----

// expected-error @+1 {{invalid hardware description: org.row_bytes = 1000 must be a multiple of org.column_bytes = 32}}
pim.kernel @k hw(#pim.hw<"pilot-hbm3", org.row_bytes = 1000>) {
}

// -----

// expected-error @+1 {{expected integer value}}
pim.kernel @k hw(#pim.hw<"pilot-hbm3", bpm.lanes = "8">) {
}

// -----

// expected-error @+1 {{expected string}}
pim.kernel @k hw(#pim.hw<>) {
}

// -----

pim.kernel @k hw(#pim.hw<"pilot-hbm3">) {
  // expected-error @+1 {{names bank 4096 but the hardware has 4096 banks}}
  pim.bank_class @c banks(first = 4095, count = 2, stride = 1) {
  }
}

// -----

pim.kernel @k hw(#pim.hw<"pilot-hbm3", org.stacks = 1>) {
  // expected-error @+1 {{names bank 1027 but the hardware has 1024 banks}}
  pim.bank_class @c banks(first = 3, count = 2, stride = 1024) {
  }
}

// -----

pim.kernel @k hw(#pim.hw<"pilot-hbm3">) {
  // expected-note @+1 {{the other class}}
  pim.bank_class @a banks(first = 0, count = 8, stride = 2) {
  }
  // expected-error @+1 {{shares bank 6 with @a}}
  pim.bank_class @b banks(first = 6, count = 2, stride = 1) {
  }
}

// -----

pim.kernel @k hw(#pim.hw<"pilot-hbm3">) {
  // expected-error @+1 {{is not a pim.bank_class or pim.merge; a pim.kernel holds only those}}
  %c0 = arith.constant 0 : index
}

// -----

func.func @f() {
  // expected-error @+1 {{'pim.bank_class' op expects parent op 'pim.kernel'}}
  pim.bank_class @c banks(first = 0, count = 1, stride = 1) {
  }
  return
}

// -----

pim.kernel @k hw(#pim.hw<"pilot-hbm3">) {
  // expected-error @+1 {{'pim.exp' op expects parent op to be one of 'pim.bank_class, pim.loop'}}
  pim.exp src 0 dst 0 elements 4 lanes 16
}

// -----

pim.kernel @k hw(#pim.hw<"pilot-hbm3">) {
  // expected-error @+1 {{'pim.bank_class' op attribute 'count' failed to satisfy constraint: 64-bit integer attribute whose value is positive}}
  pim.bank_class @c banks(first = 0, count = 0, stride = 1) {
  }
}

// -----

pim.kernel @k hw(#pim.hw<"pilot-hbm3">) {
  pim.bank_class @c banks(first = 0, count = 4, stride = 1) {
    %c0 = arith.constant 0 : index
    // expected-error @+1 {{upper bound 4 is below lower bound 8}}
    pim.loop %i = 8 to 4 {
    }
  }
}

// -----

pim.kernel @k hw(#pim.hw<"pilot-hbm3">) {
  pim.bank_class @c banks(first = 0, count = 4, stride = 1) {
    %c0 = arith.constant 0 : index
    // expected-error @+1 {{attribute 'step' failed to satisfy constraint: 64-bit integer attribute whose value is positive}}
    pim.loop %i = 0 to 4 step 0 {
    }
  }
}

// -----

pim.kernel @k hw(#pim.hw<"pilot-hbm3">) {
  pim.bank_class @c banks(first = 0, count = 4, stride = 1) {
    %c0 = arith.constant 0 : index
    // expected-error @+1 {{rows [32760, 32776) are past the bank's 32768 rows (org.rows)}}
    pim.cfg "Q" rows(32760, 16) elements 16 offset 0 radices [4] strides [16]
  }
}

// -----

pim.kernel @k hw(#pim.hw<"pilot-hbm3">) {
  pim.bank_class @c banks(first = 0, count = 4, stride = 1) {
    %c0 = arith.constant 0 : index
    // expected-error @+1 {{1024 FP16 elements (2048 bytes) do not fit in 1 rows of 1024 bytes}}
    pim.cfg "Q" rows(0, 1) elements 1024 offset 0 radices [4] strides [1024]
  }
}

// -----

pim.kernel @k hw(#pim.hw<"pilot-hbm3">) {
  pim.bank_class @c banks(first = 0, count = 4, stride = 1) {
    %c0 = arith.constant 0 : index
    // expected-error @+1 {{has 1 radices but 2 strides}}
    pim.cfg "Q" rows(0, 1) elements 16 offset 0 radices [4] strides [16, 64]
  }
}

// -----

pim.kernel @k hw(#pim.hw<"pilot-hbm3">) {
  pim.bank_class @c banks(first = 0, count = 4, stride = 1) {
    %c0 = arith.constant 0 : index
    // expected-error @+1 {{segments hold 12 elements but the slice has 16}}
    pim.cfg "Q" rows(0, 1) elements 16 offset 0 radices [4] strides [16] segments [0, 8, 32, 4]
  }
}

// -----

pim.kernel @k hw(#pim.hw<"pilot-hbm3">) {
  pim.bank_class @c banks(first = 0, count = 4, stride = 1) {
    %c0 = arith.constant 0 : index
    // expected-error @+1 {{segments hold 3 values, not (start, length) pairs}}
    pim.cfg "Q" rows(0, 1) elements 16 offset 0 radices [4] strides [16] segments [0, 8, 32]
  }
}

// -----

pim.kernel @k hw(#pim.hw<"pilot-hbm3">) {
  pim.bank_class @c banks(first = 0, count = 4, stride = 1) {
    %c0 = arith.constant 0 : index
    // expected-error @+1 {{segment 1 [32, 0] needs a non-negative start and a positive length}}
    pim.cfg "Q" rows(0, 1) elements 16 offset 0 radices [4] strides [16] segments [0, 16, 32, 0]
  }
}

// -----

pim.kernel @k hw(#pim.hw<"pilot-hbm3">) {
  pim.bank_class @c banks(first = 0, count = 4, stride = 1) {
    %c0 = arith.constant 0 : index
    // expected-error @+1 {{slot 2 takes rows [32768, 32772), past the bank's 32768 rows (org.rows)}}
    pim.cfg "Q" rows(32760, 4) elements 16 offset 0 radices [4] strides [16] slots(3, index_base = 0, index_stride = 4, row_stride = 4)
  }
}

// -----

pim.kernel @k hw(#pim.hw<"pilot-hbm3">) {
  pim.bank_class @c banks(first = 0, count = 4, stride = 1) {
    %c0 = arith.constant 0 : index
    // expected-error @+1 {{slots are 1 rows apart but each takes 2 rows; row_stride must be at least num_rows}}
    pim.cfg "Q" rows(0, 2) elements 16 offset 0 radices [4] strides [16] slots(2, index_base = 0, index_stride = 4, row_stride = 1)
  }
}

// -----

pim.kernel @k hw(#pim.hw<"pilot-hbm3">) {
  pim.bank_class @c banks(first = 0, count = 4, stride = 1) {
    %c0 = arith.constant 0 : index
    // expected-error @+1 {{slots(0, index_base = 0, index_stride = 4, row_stride = 1) needs at least one slot and no negative value}}
    pim.cfg "Q" rows(0, 1) elements 16 offset 0 radices [4] strides [16] slots(0, index_base = 0, index_stride = 4, row_stride = 1)
  }
}

// -----

pim.kernel @k hw(#pim.hw<"pilot-hbm3">) {
  pim.bank_class @c banks(first = 0, count = 4, stride = 1) {
    %c0 = arith.constant 0 : index
    // expected-error @+1 {{needs a tensor name}}
    pim.cfg "" rows(0, 1) elements 16 offset 0 radices [4] strides [16]
  }
}

// -----

pim.kernel @k hw(#pim.hw<"pilot-hbm3">) {
  pim.bank_class @c banks(first = 0, count = 4, stride = 1) {
    %c0 = arith.constant 0 : index
    // expected-error @+1 {{buffer range [2000, 2064) is past the 2048-byte BPM buffer (bpm.buffer_bytes)}}
    pim.mov dram_to_buffer row %c0 col %c0 buf 2000 bytes 64
  }
}

// -----

pim.kernel @k hw(#pim.hw<"pilot-hbm3">) {
  pim.bank_class @c banks(first = 0, count = 4, stride = 1) {
    %c0 = arith.constant 0 : index
    // expected-error @+1 {{buffer range [1, 65) must start and end on FP16 element boundaries}}
    pim.mov dram_to_buffer row %c0 col %c0 buf 1 bytes 64
  }
}

// -----

pim.kernel @k hw(#pim.hw<"pilot-hbm3">) {
  pim.bank_class @c banks(first = 0, count = 4, stride = 1) {
    %c0 = arith.constant 0 : index
    %r = arith.constant 32768 : index
    // expected-error @+1 {{row reaches [32768, 32768], past the bank's rows [0, 32767] (org.rows)}}
    pim.mov dram_to_buffer row %r col %c0 buf 0 bytes 64
  }
}

// -----

pim.kernel @k hw(#pim.hw<"pilot-hbm3">) {
  pim.bank_class @c banks(first = 0, count = 4, stride = 1) {
    %c0 = arith.constant 0 : index
    %c4 = arith.constant 4 : index
    pim.loop %i = 0 to 8193 {
      %r = arith.muli %i, %c4 : index
      // expected-error @+1 {{row reaches [0, 32768], past the bank's rows [0, 32767] (org.rows)}}
      pim.mov dram_to_buffer row %r col %c0 buf 0 bytes 64
    }
  }
}

// -----

pim.kernel @k hw(#pim.hw<"pilot-hbm3">) {
  pim.bank_class @c banks(first = 0, count = 4, stride = 1) {
    %c0 = arith.constant 0 : index
    %c32 = arith.constant 32 : index
    // expected-error @+1 {{col reaches [32, 32], past the row's columns [0, 31]}}
    pim.mov dram_to_buffer row %c0 col %c32 buf 0 bytes 64
  }
}

// -----

pim.kernel @k hw(#pim.hw<"pilot-hbm3">) {
  pim.bank_class @c banks(first = 0, count = 4, stride = 1) {
    %c0 = arith.constant 0 : index
    %c31 = arith.constant 31 : index
    // expected-error @+1 {{moves 64 bytes from column 31, ending at byte 1056 past the 1024-byte row (org.row_bytes); split the transfer by row}}
    pim.mov dram_to_buffer row %c0 col %c31 buf 0 bytes 64
  }
}

// -----

pim.kernel @k hw(#pim.hw<"pilot-hbm3">) {
  pim.bank_class @c banks(first = 0, count = 4, stride = 1) {
    %c0 = arith.constant 0 : index
    %r = arith.subi %c0, %c0 : index
    // expected-error @+1 {{row must be computed from arith.constant, arith.addi, arith.muli and pim.loop induction variables}}
    pim.mov dram_to_buffer row %r col %c0 buf 0 bytes 64
  }
}

// -----

pim.kernel @k hw(#pim.hw<"pilot-hbm3">) {
  pim.bank_class @c banks(first = 0, count = 4, stride = 1) {
    %c0 = arith.constant 0 : index
    %c16 = arith.constant 16 : index
    // expected-error @+1 {{moves 1024 bytes from column 16, ending at byte 1536 past the 1024-byte row}}
    pim.out row %c0 col %c16 buf 0 bytes 1024
  }
}

// -----

pim.kernel @k hw(#pim.hw<"pilot-hbm3">) {
  pim.bank_class @c banks(first = 0, count = 4, stride = 1) {
    %c0 = arith.constant 0 : index
    // expected-error @+1 {{uses 32 lanes but the BPM has 16 (bpm.lanes)}}
    pim.mac lhs 0 rhs 128 acc 256 shape [1, 1, 64] lanes 32
  }
}

// -----

pim.kernel @k hw(#pim.hw<"pilot-hbm3", bpm.lanes = 8>) {
  pim.bank_class @c banks(first = 0, count = 4, stride = 1) {
    %c0 = arith.constant 0 : index
    // expected-error @+1 {{uses 16 lanes but the BPM has 8 (bpm.lanes)}}
    pim.exp src 0 dst 0 elements 4 lanes 16
  }
}

// -----

pim.kernel @k hw(#pim.hw<"pilot-hbm3">) {
  pim.bank_class @c banks(first = 0, count = 4, stride = 1) {
    %c0 = arith.constant 0 : index
    // expected-error @+1 {{acc range [64, 66) overlaps lhs range [0, 128)}}
    pim.mac lhs 0 rhs 128 acc 64 shape [1, 1, 64] lanes 16
  }
}

// -----

pim.kernel @k hw(#pim.hw<"pilot-hbm3">) {
  pim.bank_class @c banks(first = 0, count = 4, stride = 1) {
    %c0 = arith.constant 0 : index
    // expected-error @+1 {{acc range [0, 2) overlaps lhs range [0, 128)}}
    pim.mac lhs 0 rhs 1024 acc 0 shape [1, 1, 64] lanes 16 accumulate
  }
}

// -----

pim.kernel @k hw(#pim.hw<"pilot-hbm3">) {
  pim.bank_class @c banks(first = 0, count = 4, stride = 1) {
    %c0 = arith.constant 0 : index
    // expected-error @+1 {{acc range [2000, 2128) is past the 2048-byte BPM buffer}}
    pim.mac lhs 0 rhs 1024 acc 2000 shape [8, 8, 64] lanes 16
  }
}

// -----

pim.kernel @k hw(#pim.hw<"pilot-hbm3">) {
  pim.bank_class @c banks(first = 0, count = 4, stride = 1) {
    %c0 = arith.constant 0 : index
    // expected-error @+1 {{rhs range [1536, 2560) is past the 2048-byte BPM buffer}}
    pim.mac lhs 0 rhs 1536 acc 1024 shape [1, 8, 64] lanes 16 transpose_rhs
  }
}

// -----

pim.kernel @k hw(#pim.hw<"pilot-hbm3">) {
  pim.bank_class @c banks(first = 0, count = 4, stride = 1) {
    %c0 = arith.constant 0 : index
    // expected-error @+1 {{dst range [4, 20) overlaps src range [0, 16)}}
    pim.exp src 0 dst 4 elements 8 lanes 16
  }
}

// -----

pim.kernel @k hw(#pim.hw<"pilot-hbm3">) {
  pim.bank_class @c banks(first = 0, count = 4, stride = 1) {
    %c0 = arith.constant 0 : index
    // expected-error @+1 {{src range [2040, 2056) is past the 2048-byte BPM buffer}}
    pim.exp src 2040 dst 0 elements 8 lanes 16
  }
}

// -----

pim.kernel @k hw(#pim.hw<"pilot-hbm3">) {
  pim.bank_class @c banks(first = 0, count = 4, stride = 1) {
    %c0 = arith.constant 0 : index
    // expected-error @+1 {{dst range [8, 12) overlaps src range [0, 16)}}
    pim.acc src 0 dst 8 rows 2 cols 4 accumulate
  }
}

// -----

// In place needs one column a row: with more, a row's result would replace
// the next row's inputs.
pim.kernel @k hw(#pim.hw<"pilot-hbm3">) {
  pim.bank_class @c banks(first = 0, count = 4, stride = 1) {
    %c0 = arith.constant 0 : index
    // expected-error @+1 {{dst range [0, 4) overlaps src range [0, 16)}}
    pim.acc src 0 dst 0 rows 2 cols 4 bank_group
  }
}

// -----

pim.kernel @k hw(#pim.hw<"pilot-hbm3">) {
  pim.bank_class @c banks(first = 0, count = 4, stride = 1) {
    %c0 = arith.constant 0 : index
    // expected-error @+1 {{dst range [0, 16) overlaps sums range [2, 6)}}
    pim.sfm src 0 sums 2 dst 0 rows 2 cols 4 lanes 16
  }
}

// -----

pim.kernel @k hw(#pim.hw<"pilot-hbm3">) {
  pim.bank_class @c banks(first = 0, count = 4, stride = 1) {
    %c0 = arith.constant 0 : index
    // expected-error @+1 {{dst range [8, 24) overlaps src range [0, 16)}}
    pim.sfm src 0 sums 64 dst 8 rows 2 cols 4 lanes 16
  }
}

// -----

pim.kernel @k hw(#pim.hw<"pilot-hbm3">) {
  pim.bank_class @c banks(first = 0, count = 4, stride = 1) {
    %c0 = arith.constant 0 : index
    // expected-error @+1 {{block range [2000, 2064) is past the 2048-byte BPM buffer (bpm.buffer_bytes)}}
    pim.mask buf 2000 rows 4 cols 8 diag %c0 key %c0 band [0, 0] inside keys [0, 8] lanes 16
  }
}

// -----

pim.kernel @k hw(#pim.hw<"pilot-hbm3">) {
  pim.bank_class @c banks(first = 0, count = 4, stride = 1) {
    %c0 = arith.constant 0 : index
    // expected-error @+1 {{uses 32 lanes but the BPM has 16 (bpm.lanes)}}
    pim.mask buf 0 rows 4 cols 8 diag %c0 key %c0 band [0, 0] inside keys [0, 8] lanes 32
  }
}

// -----

pim.kernel @k hw(#pim.hw<"pilot-hbm3">) {
  pim.bank_class @c banks(first = 0, count = 4, stride = 1) {
    %c0 = arith.constant 0 : index
    // expected-error @+1 {{band [4, 2] is empty; band_lo must not exceed band_hi}}
    pim.mask buf 0 rows 4 cols 8 diag %c0 key %c0 band [4, 2] outside keys [0, 8] lanes 16
  }
}

// -----

pim.kernel @k hw(#pim.hw<"pilot-hbm3">) {
  pim.bank_class @c banks(first = 0, count = 4, stride = 1) {
    %c0 = arith.constant 0 : index
    // expected-error @+1 {{keys [8, 0) end before they start}}
    pim.mask buf 0 rows 4 cols 8 diag %c0 key %c0 band [0, 2] inside keys [8, 0] lanes 16
  }
}

// -----

pim.kernel @k hw(#pim.hw<"pilot-hbm3">) {
  pim.bank_class @c banks(first = 0, count = 4, stride = 1) {
    %c0 = arith.constant 0 : index
    // expected-error @+1 {{scale 7.000000e+04 is not a finite FP16 value}}
    pim.mask buf 0 rows 4 cols 8 diag %c0 key %c0 band [0, 2] inside keys [0, 8] scale 7.0e+04 lanes 16
  }
}

// -----

pim.kernel @k hw(#pim.hw<"pilot-hbm3">) {
  pim.bank_class @c banks(first = 0, count = 4, stride = 1) {
    %c0 = arith.constant 0 : index
    %c1 = arith.constant 1 : index
    %d = arith.subi %c0, %c1 : index
    // expected-error @+1 {{diag must be computed from arith.constant, arith.addi, arith.muli and pim.loop induction variables}}
    pim.mask buf 0 rows 4 cols 8 diag %d key %c0 band [0, 2] inside keys [0, 8] lanes 16
  }
}

// -----

pim.kernel @k hw(#pim.hw<"pilot-hbm3">) {
  pim.bank_class @c banks(first = 0, count = 4, stride = 1) {
    %c0 = arith.constant 0 : index
    // expected-error @+1 {{expected 'inside' or 'outside' (the band)}}
    pim.mask buf 0 rows 4 cols 8 diag %c0 key %c0 band [0, 2] across keys [0, 8] lanes 16
  }
}

// -----

pim.kernel @k hw(#pim.hw<"pilot-hbm3">) {
  pim.bank_class @c banks(first = 0, count = 4, stride = 1) {
    %c0 = arith.constant 0 : index
    // expected-error @+1 {{dst range [0, 32) overlaps vec range [16, 20)}}
    pim.sub src 0 vec 16 dst 0 rows 2 cols 8 lanes 16
  }
}

// -----

pim.kernel @k hw(#pim.hw<"pilot-hbm3">) {
  pim.bank_class @c banks(first = 0, count = 4, stride = 1) {
    %c0 = arith.constant 0 : index
    // expected-error @+1 {{dst range [8, 24) overlaps src range [0, 16)}}
    pim.sub src 0 vec 64 dst 8 rows 2 cols 4 lanes 16
  }
}

// -----

pim.kernel @k hw(#pim.hw<"pilot-hbm3">) {
  pim.bank_class @c banks(first = 0, count = 4, stride = 1) {
    %c0 = arith.constant 0 : index
    // expected-error @+1 {{vec range [2046, 2050) is past the 2048-byte BPM buffer}}
    pim.sub src 0 vec 2046 dst 0 rows 2 cols 4 lanes 16
  }
}

// -----

pim.kernel @k hw(#pim.hw<"pilot-hbm3", bpm.lanes = 8>) {
  pim.bank_class @c banks(first = 0, count = 4, stride = 1) {
    %c0 = arith.constant 0 : index
    // expected-error @+1 {{uses 16 lanes but the BPM has 8 (bpm.lanes)}}
    pim.sub src 0 vec 64 dst 0 rows 2 cols 4 lanes 16
  }
}

// -----

pim.kernel @k hw(#pim.hw<"pilot-hbm3">) {
  pim.bank_class @c banks(first = 0, count = 4, stride = 1) {
    // expected-error @+1 {{select must be [R, V] or [R, V, N] with R >= 1, V >= 0, N >= 1 and V + N <= R}}
    pim.cfg "Q" rows(0, 1) elements 16 offset 0 radices [4] strides [16] select [4, 4]
  }
}

// -----

pim.kernel @k hw(#pim.hw<"pilot-hbm3">) {
  pim.bank_class @c banks(first = 0, count = 4, stride = 1) {
    // expected-error @+1 {{select must be [R, V] or [R, V, N] with R >= 1, V >= 0, N >= 1 and V + N <= R}}
    pim.cfg "Q" rows(0, 1) elements 16 offset 0 radices [4] strides [16] select [4, 1, 4]
  }
}

// -----

pim.kernel @k hw(#pim.hw<"pilot-hbm3">) {
  pim.bank_class @c banks(first = 0, count = 4, stride = 1) {
    // expected-error @+1 {{select must be [R, V] or [R, V, N] with R >= 1, V >= 0, N >= 1 and V + N <= R}}
    pim.cfg "Q" rows(0, 1) elements 16 offset 0 radices [4] strides [16] select [4, 1, 2, 1]
  }
}

// -----

pim.kernel @k hw(#pim.hw<"pilot-hbm3">) {
  pim.bank_class @c banks(first = 0, count = 4, stride = 1) {
    %c0 = arith.constant 0 : index
    // expected-error @+1 {{bank must be [R, D, K] with R >= 1}}
    pim.mask buf 0 rows 4 cols 8 diag %c0 key %c0 band [0, 0] inside keys [0, 8] bank [0, 1, 1] lanes 16
  }
}

// -----

pim.kernel @k hw(#pim.hw<"pilot-hbm3">) {
  pim.bank_class @c banks(first = 0, count = 4, stride = 1) {
    // expected-error @+1 {{random_blocks must be [first, count] with first >= 0 and count >= 1}}
    pim.cfg "K" rows(0, 1) elements 16 offset 0 radices [1] strides [0] random_blocks [0, 0]
  }
}

// -----

pim.kernel @k hw(#pim.hw<"pilot-hbm3">) {
  pim.bank_class @c banks(first = 0, count = 4, stride = 1) {
    // expected-error @+1 {{random_blocks and segments both give the slice's segments; use one}}
    pim.cfg "K" rows(0, 1) elements 16 offset 0 radices [1] strides [0] segments [0, 16] random_blocks [0, 1]
  }
}

// -----

pim.kernel @k hw(#pim.hw<"pilot-hbm3">) {
  pim.bank_class @c banks(first = 0, count = 4, stride = 1) {
    // expected-error @+1 {{radices must be positive and strides non-negative}}
    pim.cfg "K" rows(0, 1) elements 16 offset 0 radices [2] strides [-1]
  }
}

// -----

// The generic form can give a loop body two arguments.
pim.kernel @k hw(#pim.hw<"pilot-hbm3">) {
  pim.bank_class @c banks(first = 0, count = 4, stride = 1) {
    // expected-error @+1 {{body must take one index induction variable}}
    "pim.loop"() <{lower = 0 : i64, upper = 4 : i64, step = 1 : i64}> ({
    ^bb0(%a: index, %b: index):
      pim.yield
    }) : () -> ()
  }
}

// -----

// Buffer offsets and lane counts are constrained in ODS.
pim.kernel @k hw(#pim.hw<"pilot-hbm3">) {
  pim.bank_class @c banks(first = 0, count = 4, stride = 1) {
    // expected-error @+1 {{'pim.exp' op attribute 'src' failed to satisfy constraint: 64-bit integer attribute whose value is non-negative}}
    pim.exp src -2 dst 64 elements 4 lanes 16
  }
}

// -----

pim.kernel @k hw(#pim.hw<"pilot-hbm3">) {
  pim.bank_class @c banks(first = 0, count = 4, stride = 1) {
    // expected-error @+1 {{'pim.exp' op attribute 'lanes' failed to satisfy constraint: 64-bit integer attribute whose value is positive}}
    pim.exp src 0 dst 64 elements 4 lanes 0
  }
}

// -----

pim.kernel @k hw(#pim.hw<"pilot-hbm3">) {
  pim.bank_class @c banks(first = 0, count = 4, stride = 1) {
    %c0 = arith.constant 0 : index
    // expected-error @+1 {{buffer range [0, 7) must start and end on FP16 element boundaries}}
    pim.mov dram_to_buffer row %c0 col %c0 buf 0 bytes 7
  }
}

// -----

// The compiler's attributes: an unknown enumerant.
func.func @f(%q: tensor<1x1x8x4xf16>, %k: tensor<1x1x8x4xf16>) -> tensor<1x1x8x8xf16> {
  // expected-error @+2 {{expected ::pilot::pim::Split to be one of: rows, columns, host}}
  // expected-error @+1 {{failed to parse PIM_MappingAttr parameter 'split' which is to be a `::pilot::pim::Split`}}
  %0 = sattn.sddmm %q, %k {pattern = #sattn.pattern<window = [1, 1]>, scale = 0.5 : f64, pim.mapping = #pim.mapping<split = diagonal, head_instances = 1, heads_per_group = 1, bank_groups = 1, banks_per_group = 4>} : tensor<1x1x8x4xf16>, tensor<1x1x8x4xf16> -> tensor<1x1x8x8xf16>
  return %0 : tensor<1x1x8x8xf16>
}

// -----

// Overflow: the range's end is past int64, not a negative number that
// passes the buffer check.
pim.kernel @k hw(#pim.hw<"pilot-hbm3">) {
  pim.bank_class @c banks(first = 0, count = 4, stride = 1) {
    // expected-error @+1 {{'pim.exp' op src range from byte 9223372036854775800 overflows int64, past the 2048-byte BPM buffer (bpm.buffer_bytes)}}
    pim.exp src 9223372036854775800 dst 64 elements 4 lanes 16
  }
}

// -----

pim.kernel @k hw(#pim.hw<"pilot-hbm3">) {
  pim.bank_class @c banks(first = 0, count = 4, stride = 1) {
    // expected-error @+1 {{'pim.mac' op lhs range from byte 0 overflows int64, past the 2048-byte BPM buffer (bpm.buffer_bytes)}}
    pim.mac lhs 0 rhs 128 acc 256 shape [4611686018427387904, 4, 4] lanes 16
  }
}

// -----

pim.kernel @k hw(#pim.hw<"pilot-hbm3">) {
  pim.bank_class @c banks(first = 0, count = 4, stride = 1) {
    %big = arith.constant 4611686018427387904 : index
    %row = arith.muli %big, %big : index
    %c0 = arith.constant 0 : index
    // expected-error @+1 {{'pim.mov' op row overflows int64 over its loops' ranges, past the bank's rows [0, 32767] (org.rows)}}
    pim.mov dram_to_buffer row %row col %c0 buf 0 bytes 16
  }
}

// -----

// The trip count of a step near INT64_MAX does not overflow: the row
// reaches the second iteration's value.
pim.kernel @k hw(#pim.hw<"pilot-hbm3">) {
  pim.bank_class @c banks(first = 0, count = 4, stride = 1) {
    pim.loop %i = 0 to 9223372036854775807 step 4611686018427387904 {
      %c0 = arith.constant 0 : index
      // expected-error @+1 {{'pim.mov' op row reaches [0, 4611686018427387904], past the bank's rows [0, 32767] (org.rows)}}
      pim.mov dram_to_buffer row %i col %c0 buf 0 bytes 16
    }
  }
}

// -----

pim.kernel @k hw(#pim.hw<"pilot-hbm3">) {
  pim.bank_class @c banks(first = 0, count = 4, stride = 1) {
    // expected-error @+1 {{'pim.cfg' op slots reach rows past int64, past the bank's 32768 rows (org.rows)}}
    pim.cfg "A" rows(0, 1) elements 4 offset 0 radices [1] strides [0] slots(3, index_base = 0, index_stride = 1, row_stride = 4611686018427387904)
  }
}

// -----

// The compiler's attributes: counts must be positive.
func.func @f(%q: tensor<1x1x8x4xf16>, %k: tensor<1x1x8x4xf16>) -> tensor<1x1x8x8xf16> {
  // expected-error @+1 {{#pim.mapping bank_groups = 0 must be at least 1}}
  %0 = sattn.sddmm %q, %k {pattern = #sattn.pattern<window = [1, 1]>, scale = 0.5 : f64, pim.mapping = #pim.mapping<split = rows, head_instances = 1, heads_per_group = 1, bank_groups = 0, banks_per_group = 4>} : tensor<1x1x8x4xf16>, tensor<1x1x8x4xf16> -> tensor<1x1x8x8xf16>
  return %0 : tensor<1x1x8x8xf16>
}

// -----

func.func @f(%q: tensor<1x1x8x4xf16>, %k: tensor<1x1x8x4xf16>) -> tensor<1x1x8x8xf16> {
  // expected-error @+1 {{#pim.mapping kv_group = 0 must be at least 1}}
  %0 = sattn.sddmm %q, %k {pattern = #sattn.pattern<window = [1, 1]>, scale = 0.5 : f64, pim.mapping = #pim.mapping<split = columns, head_instances = 1, heads_per_group = 1, bank_groups = 1024, banks_per_group = 4, kv_group = 0>} : tensor<1x1x8x4xf16>, tensor<1x1x8x4xf16> -> tensor<1x1x8x8xf16>
  return %0 : tensor<1x1x8x8xf16>
}

// -----

func.func @f(%q: tensor<1x1x8x4xf16>, %k: tensor<1x1x8x4xf16>) -> tensor<1x1x8x8xf16> {
  // expected-error @+1 {{#pim.mapping head_instances = 0 must be at least 1}}
  %0 = sattn.sddmm %q, %k {pattern = #sattn.pattern<window = [1, 1]>, scale = 0.5 : f64, pim.mapping = #pim.mapping<split = rows, head_instances = 0, heads_per_group = 1, bank_groups = 1024, banks_per_group = 4>} : tensor<1x1x8x4xf16>, tensor<1x1x8x4xf16> -> tensor<1x1x8x8xf16>
  return %0 : tensor<1x1x8x8xf16>
}

// -----

func.func @f(%q: tensor<1x1x8x4xf16>, %k: tensor<1x1x8x4xf16>) -> tensor<1x1x8x8xf16> {
  // expected-error @+1 {{#pim.mapping heads_per_group = 1 but 2048 head instances over 1024 bank groups put 2 on the busiest}}
  %0 = sattn.sddmm %q, %k {pattern = #sattn.pattern<window = [1, 1]>, scale = 0.5 : f64, pim.mapping = #pim.mapping<split = rows, head_instances = 2048, heads_per_group = 1, bank_groups = 1024, banks_per_group = 4>} : tensor<1x1x8x4xf16>, tensor<1x1x8x4xf16> -> tensor<1x1x8x8xf16>
  return %0 : tensor<1x1x8x8xf16>
}

// -----

// The host has no bank groups to spread an instance over.
func.func @f(%q: tensor<1x1x8x4xf16>, %k: tensor<1x1x8x4xf16>) -> tensor<1x1x8x8xf16> {
  // expected-error @+1 {{#pim.mapping groups_per_instance = 4 spreads an instance over several bank groups, which only split = rows and split = columns do}}
  %0 = sattn.sddmm %q, %k {pattern = #sattn.pattern<window = [1, 1]>, scale = 0.5 : f64, pim.mapping = #pim.mapping<split = host, head_instances = 1, heads_per_group = 1, bank_groups = 4, banks_per_group = 4, groups_per_instance = 4>} : tensor<1x1x8x4xf16>, tensor<1x1x8x4xf16> -> tensor<1x1x8x8xf16>
  return %0 : tensor<1x1x8x8xf16>
}

// -----

// Instances that span several bank groups take exactly their groups.
func.func @f(%q: tensor<1x1x8x4xf16>, %k: tensor<1x1x8x4xf16>) -> tensor<1x1x8x8xf16> {
  // expected-error @+1 {{#pim.mapping bank_groups = 16 but 2 head instances of 4 bank groups each take 8}}
  %0 = sattn.sddmm %q, %k {pattern = #sattn.pattern<window = [1, 1]>, scale = 0.5 : f64, pim.mapping = #pim.mapping<split = rows, head_instances = 2, heads_per_group = 1, bank_groups = 16, banks_per_group = 4, groups_per_instance = 4>} : tensor<1x1x8x4xf16>, tensor<1x1x8x4xf16> -> tensor<1x1x8x8xf16>
  return %0 : tensor<1x1x8x8xf16>
}

// -----

func.func @f(%q: tensor<1x1x8x4xf16>, %k: tensor<1x1x8x4xf16>) -> tensor<1x1x8x8xf16> {
  // expected-error @+1 {{#pim.loop_nest rows = -8 must be at least 1}}
  %0 = sattn.sddmm %q, %k {pattern = #sattn.pattern<window = [1, 1]>, scale = 0.5 : f64, pim.loop_nest = #pim.loop_nest<order = query_stationary, scores = dram, rows = -8, keys = 8, passes = 1>} : tensor<1x1x8x4xf16>, tensor<1x1x8x4xf16> -> tensor<1x1x8x8xf16>
  return %0 : tensor<1x1x8x8xf16>
}

// -----

func.func @f(%q: tensor<1x1x8x4xf16>, %k: tensor<1x1x8x4xf16>) -> tensor<1x1x8x8xf16> {
  // expected-error @+1 {{#pim.loop_nest keys = 0 must be at least 1}}
  %0 = sattn.sddmm %q, %k {pattern = #sattn.pattern<window = [1, 1]>, scale = 0.5 : f64, pim.loop_nest = #pim.loop_nest<order = query_stationary, scores = dram, rows = 8, keys = 0, passes = 1>} : tensor<1x1x8x4xf16>, tensor<1x1x8x4xf16> -> tensor<1x1x8x8xf16>
  return %0 : tensor<1x1x8x8xf16>
}

// -----

func.func @f(%q: tensor<1x1x8x4xf16>, %k: tensor<1x1x8x4xf16>) -> tensor<1x1x8x8xf16> {
  // expected-error @+1 {{#pim.tiles rows = 0 must be at least 1}}
  %0 = sattn.sddmm %q, %k {pattern = #sattn.pattern<window = [1, 1]>, scale = 0.5 : f64, pim.tiles = #pim.tiles<schedule = pilot, rows = 0, keys = 8>} : tensor<1x1x8x4xf16>, tensor<1x1x8x4xf16> -> tensor<1x1x8x8xf16>
  return %0 : tensor<1x1x8x8xf16>
}

// -----

// The planning passes' annotations hold their own attribute kinds.
func.func @f(%q: tensor<1x1x8x4xf16>, %k: tensor<1x1x8x4xf16>) -> tensor<1x1x8x8xf16> {
  // expected-error @+1 {{'sattn.sddmm' op 'pim.mapping' must be a #pim.mapping, got #pim.tiles<schedule = pilot, rows = 8, keys = 8>}}
  %0 = sattn.sddmm %q, %k {pattern = #sattn.pattern<window = [1, 1]>, scale = 0.5 : f64, pim.mapping = #pim.tiles<schedule = pilot, rows = 8, keys = 8>} : tensor<1x1x8x4xf16>, tensor<1x1x8x4xf16> -> tensor<1x1x8x8xf16>
  return %0 : tensor<1x1x8x8xf16>
}

// -----

func.func @f(%q: tensor<1x1x8x4xf16>, %k: tensor<1x1x8x4xf16>) -> tensor<1x1x8x8xf16> {
  // expected-error @+1 {{'sattn.sddmm' op 'pim.tiles' must be a #pim.tiles, got 7 : i64}}
  %0 = sattn.sddmm %q, %k {pattern = #sattn.pattern<window = [1, 1]>, scale = 0.5 : f64, pim.tiles = 7} : tensor<1x1x8x4xf16>, tensor<1x1x8x4xf16> -> tensor<1x1x8x8xf16>
  return %0 : tensor<1x1x8x8xf16>
}

// -----

func.func @f(%q: tensor<1x1x8x4xf16>, %k: tensor<1x1x8x4xf16>) -> tensor<1x1x8x8xf16> {
  // expected-error @+1 {{'sattn.sddmm' op 'pim.loop_nest' must be a #pim.loop_nest, got "key"}}
  %0 = sattn.sddmm %q, %k {pattern = #sattn.pattern<window = [1, 1]>, scale = 0.5 : f64, pim.loop_nest = "key"} : tensor<1x1x8x4xf16>, tensor<1x1x8x4xf16> -> tensor<1x1x8x8xf16>
  return %0 : tensor<1x1x8x8xf16>
}

// -----

func.func @f(%q: tensor<1x1x8x4xf16>, %k: tensor<1x1x8x4xf16>) -> tensor<1x1x8x8xf16> {
  // expected-error @+1 {{'sattn.sddmm' op 'pim.predicted' must be a dictionary of the I/O model's prediction, got 3.000000e+00 : f64}}
  %0 = sattn.sddmm %q, %k {pattern = #sattn.pattern<window = [1, 1]>, scale = 0.5 : f64, pim.predicted = 3.0 : f64} : tensor<1x1x8x4xf16>, tensor<1x1x8x4xf16> -> tensor<1x1x8x8xf16>
  return %0 : tensor<1x1x8x8xf16>
}

// -----

// pim.predicted: byte counts are non-negative i64, the time a non-negative
// f64 in ns, the bound one of two, and nothing else.
func.func @f(%q: tensor<1x1x8x4xf16>, %k: tensor<1x1x8x4xf16>) -> tensor<1x1x8x8xf16> {
  // expected-error @+1 {{'sattn.sddmm' op 'pim.predicted' bank_internal_bytes must be a byte count (i64, at least 0), got -4 : i64}}
  %0 = sattn.sddmm %q, %k {pattern = #sattn.pattern<window = [1, 1]>, scale = 0.5 : f64, pim.predicted = {bank_internal_bytes = -4 : i64}} : tensor<1x1x8x4xf16>, tensor<1x1x8x4xf16> -> tensor<1x1x8x8xf16>
  return %0 : tensor<1x1x8x8xf16>
}

// -----

func.func @f(%q: tensor<1x1x8x4xf16>, %k: tensor<1x1x8x4xf16>) -> tensor<1x1x8x8xf16> {
  // expected-error @+1 {{'sattn.sddmm' op 'pim.predicted' total_internal_bytes must be a byte count (i64, at least 0), got 4.000000e+00 : f64}}
  %0 = sattn.sddmm %q, %k {pattern = #sattn.pattern<window = [1, 1]>, scale = 0.5 : f64, pim.predicted = {total_internal_bytes = 4.0 : f64}} : tensor<1x1x8x4xf16>, tensor<1x1x8x4xf16> -> tensor<1x1x8x8xf16>
  return %0 : tensor<1x1x8x8xf16>
}

// -----

func.func @f(%q: tensor<1x1x8x4xf16>, %k: tensor<1x1x8x4xf16>) -> tensor<1x1x8x8xf16> {
  // expected-error @+1 {{'sattn.sddmm' op 'pim.predicted' time_ns must be a time in ns (f64, at least 0), got 12 : i64}}
  %0 = sattn.sddmm %q, %k {pattern = #sattn.pattern<window = [1, 1]>, scale = 0.5 : f64, pim.predicted = {time_ns = 12 : i64}} : tensor<1x1x8x4xf16>, tensor<1x1x8x4xf16> -> tensor<1x1x8x8xf16>
  return %0 : tensor<1x1x8x8xf16>
}

// -----

func.func @f(%q: tensor<1x1x8x4xf16>, %k: tensor<1x1x8x4xf16>) -> tensor<1x1x8x8xf16> {
  // expected-error @+1 {{'sattn.sddmm' op 'pim.predicted' bound must be "compulsory" or "pebbling", got "guessed"}}
  %0 = sattn.sddmm %q, %k {pattern = #sattn.pattern<window = [1, 1]>, scale = 0.5 : f64, pim.predicted = {bound = "guessed"}} : tensor<1x1x8x4xf16>, tensor<1x1x8x4xf16> -> tensor<1x1x8x8xf16>
  return %0 : tensor<1x1x8x8xf16>
}

// -----

func.func @f(%q: tensor<1x1x8x4xf16>, %k: tensor<1x1x8x4xf16>) -> tensor<1x1x8x8xf16> {
  // expected-error @+1 {{'sattn.sddmm' op 'pim.predicted' has no field 'energy_pj' (it holds bank_internal_bytes, lower_bound_bytes, bound, time_ns and total_internal_bytes)}}
  %0 = sattn.sddmm %q, %k {pattern = #sattn.pattern<window = [1, 1]>, scale = 0.5 : f64, pim.predicted = {energy_pj = 1.0 : f64}} : tensor<1x1x8x4xf16>, tensor<1x1x8x4xf16> -> tensor<1x1x8x8xf16>
  return %0 : tensor<1x1x8x8xf16>
}

// -----

// No other pim annotation exists.
func.func @f(%q: tensor<1x1x8x4xf16>, %k: tensor<1x1x8x4xf16>) -> tensor<1x1x8x8xf16> {
  // expected-error @+1 {{'sattn.sddmm' op has an unknown pim annotation 'pim.mapping_hint' (the pim dialect's are pim.mapping, pim.tiles, pim.loop_nest and pim.predicted)}}
  %0 = sattn.sddmm %q, %k {pattern = #sattn.pattern<window = [1, 1]>, scale = 0.5 : f64, pim.mapping_hint = 1 : i64} : tensor<1x1x8x4xf16>, tensor<1x1x8x4xf16> -> tensor<1x1x8x8xf16>
  return %0 : tensor<1x1x8x8xf16>
}

// -----

// digit_table looks up one bounded digit, one entry for each of its values.
pim.kernel @k hw(#pim.hw<"pilot-hbm3">) {
  pim.bank_class @c banks(first = 0, count = 4, stride = 1) {
    // expected-error @+1 {{digit_table looks up digit 2, but only digits 0 to 1 of the 3 radices are bounded}}
    pim.cfg "Q" rows(0, 1) elements 16 offset 0 radices [4, 3, 1] strides [0, 0, 4096] digit_table [2, 0]
  }
}

// -----

pim.kernel @k hw(#pim.hw<"pilot-hbm3">) {
  pim.bank_class @c banks(first = 0, count = 4, stride = 1) {
    // expected-error @+1 {{digit_table holds 2 entries for digit 1 of radix 3}}
    pim.cfg "Q" rows(0, 1) elements 16 offset 0 radices [4, 3, 1] strides [0, 0, 4096] digit_table [1, 0, 1024]
  }
}

// -----

pim.kernel @k hw(#pim.hw<"pilot-hbm3">) {
  pim.bank_class @c banks(first = 0, count = 4, stride = 1) {
    // expected-error @+1 {{digit_table entries must be non-negative}}
    pim.cfg "Q" rows(0, 1) elements 16 offset 0 radices [4, 3, 1] strides [0, 0, 4096] digit_table [1, 0, -1024, 3072]
  }
}

// -----

// The output, partials and sums are tensors of their own.
pim.kernel @k hw(#pim.hw<"pilot-hbm3">) {
  pim.bank_class @a banks(first = 0, count = 4, stride = 1) {
    pim.cfg "L.part" rows(0, 1) elements 1 offset 0 radices [4] strides [0]
  }
  // expected-error @+1 {{names tensor "L.part" twice; the output, partials, maxima and sums are tensors of their own}}
  pim.merge "O" partials "L.part" sums "L.part" pieces 2 heads [0]
}

// -----

pim.kernel @k hw(#pim.hw<"pilot-hbm3">) {
  pim.bank_class @a banks(first = 0, count = 4, stride = 1) {
    pim.cfg "O.part" rows(0, 1) elements 1 offset 0 radices [4] strides [0]
    pim.cfg "L.part" rows(1, 1) elements 1 offset 0 radices [4] strides [0]
  }
  pim.merge "O" partials "O.part" sums "L.part" pieces 2 heads [0]
  // expected-error @+1 {{follows a pim.merge; the host merges after every bank class has run}}
  pim.bank_class @b banks(first = 4, count = 4, stride = 1) {
  }
}

// -----

pim.kernel @k hw(#pim.hw<"pilot-hbm3">) {
  pim.bank_class @a banks(first = 0, count = 4, stride = 1) {
    pim.cfg "O.part" rows(0, 1) elements 1 offset 0 radices [4] strides [0]
    pim.cfg "L.part" rows(1, 1) elements 1 offset 0 radices [4] strides [0]
  }
  // expected-error @+1 {{'pim.merge' op attribute 'pieces' failed to satisfy constraint}}
  pim.merge "O" partials "O.part" sums "L.part" pieces 1 heads [0]
}

// -----

pim.kernel @k hw(#pim.hw<"pilot-hbm3">) {
  pim.bank_class @a banks(first = 0, count = 4, stride = 1) {
    pim.cfg "O.part" rows(0, 1) elements 1 offset 0 radices [4] strides [0]
  }
  // expected-error @+1 {{reads tensor "L.part", which no pim.cfg of the kernel places}}
  pim.merge "O" partials "O.part" sums "L.part" pieces 2 heads [0]
}

// -----

pim.kernel @k hw(#pim.hw<"pilot-hbm3">) {
  pim.bank_class @a banks(first = 0, count = 4, stride = 1) {
    pim.cfg "O.part" rows(0, 1) elements 1 offset 0 radices [4] strides [0]
    pim.cfg "L.part" rows(1, 1) elements 1 offset 0 radices [4] strides [0]
  }
  // expected-error @+1 {{heads must be ascending and non-negative, but head 1 is 0}}
  pim.merge "O" partials "O.part" sums "L.part" pieces 2 heads [1, 0]
}

// -----

pim.kernel @k hw(#pim.hw<"pilot-hbm3">) attributes {pilot.attention = {kv_shape = array<i64: 1, 2, 64, 16>, pattern = #sattn.pattern<dense = true>, query_shape = array<i64: 1, 2, 1, 16>}} {
  pim.bank_class @a banks(first = 0, count = 4, stride = 1) {
    pim.cfg "O.part" rows(0, 1) elements 1 offset 0 radices [4] strides [0]
    pim.cfg "L.part" rows(1, 1) elements 1 offset 0 radices [4] strides [0]
  }
  // expected-error @+1 {{merges head 2 but the kernel's pilot.attention query has 2 heads}}
  pim.merge "O" partials "O.part" sums "L.part" pieces 2 heads [0, 2]
}

// -----

pim.kernel @k hw(#pim.hw<"pilot-hbm3">) attributes {pilot.attention = {kv_shape = array<i64: 1, 2, 64, 16>, pattern = #sattn.pattern<dense = true>, query_shape = array<i64: 1, 2, 64, 16>}} {
  pim.bank_class @a banks(first = 0, count = 4, stride = 1) {
    pim.cfg "O.part" rows(0, 1) elements 1 offset 0 radices [4] strides [0]
    pim.cfg "L.part" rows(1, 1) elements 1 offset 0 radices [4] strides [0]
  }
  // expected-error @+1 {{merges rows up to 65 but the kernel's pilot.attention query has 64 queries a head}}
  pim.merge "O" partials "O.part" sums "L.part" pieces 2 heads [0] rows [0, 4, 60, 65]
}

// -----

pim.kernel @k hw(#pim.hw<"pilot-hbm3">) {
  pim.bank_class @a banks(first = 0, count = 4, stride = 1) {
    pim.cfg "O.part" rows(0, 1) elements 1 offset 0 radices [4] strides [0]
    pim.cfg "L.part" rows(1, 1) elements 1 offset 0 radices [4] strides [0]
  }
  // expected-error @+1 {{rows must be ascending, disjoint, non-empty intervals of queries, but interval 1 is [2, 8)}}
  pim.merge "O" partials "O.part" sums "L.part" pieces 2 heads [0] rows [0, 4, 2, 8]
}

// -----

pim.kernel @k hw(#pim.hw<"pilot-hbm3">) {
  pim.bank_class @a banks(first = 0, count = 4, stride = 1) {
    pim.cfg "O.part" rows(0, 1) elements 1 offset 0 radices [4] strides [0]
    pim.cfg "L.part" rows(1, 1) elements 1 offset 0 radices [4] strides [0]
  }
  // expected-error @+1 {{rows must be intervals [begin, end, ...], a non-empty even count of bounds}}
  pim.merge "O" partials "O.part" sums "L.part" pieces 2 heads [0] rows [0, 4, 6]
}
