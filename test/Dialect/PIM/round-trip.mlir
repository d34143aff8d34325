// RUN: pilot-opt %s | pilot-opt | FileCheck %s
// RUN: pilot-opt %s --mlir-print-op-generic | pilot-opt | FileCheck %s

// The paper's hardware is the preset alone; overrides print only the keys that
// differ from the preset, in field order.
// CHECK-LABEL: pim.kernel @paper_hardware hw(#pim.hw<"pilot-hbm3">)
pim.kernel @paper_hardware hw(#pim.hw<"pilot-hbm3">) {
}

// CHECK-LABEL: pim.kernel @overrides hw(#pim.hw<"pilot-hbm3-jedec", org.stacks = 1, bpm.buffer_bytes = 32768>)
pim.kernel @overrides hw(#pim.hw<"pilot-hbm3-jedec", bpm.buffer_bytes = 32768, org.stacks = 1>) {
}

// Setting a key to the preset's own value is no override.
// CHECK-LABEL: pim.kernel @same_as_preset hw(#pim.hw<"pilot-hbm3">)
pim.kernel @same_as_preset hw(#pim.hw<"pilot-hbm3", bpm.lanes = 16>) {
}

// A window tile program: two bank classes (SPMD), a loop over Q tiles, every
// PILOT command.
// CHECK-LABEL: pim.kernel @window_tiles
// CHECK:      pim.bank_class @rows banks(first = 0, count = 48, stride = 1) {
// CHECK-DAG:    %[[C0:.+]] = arith.constant 0 : index
// CHECK-DAG:    %[[C2:.+]] = arith.constant 2 : index
// CHECK:        pim.cfg "Q" rows(0, 2) elements 1024 offset 0 radices [4, 12] strides [1024, 262144]
// CHECK:        pim.cfg "K" rows(2, 8) elements 4096 offset 0 radices [4, 12] strides [0, 262144]
// CHECK:        pim.loop %[[I:.+]] = 0 to 16 step 2 {
// CHECK:          %[[ROW:.+]] = arith.muli %[[I]], %[[C2]] : index
// CHECK:          pim.mov dram_to_buffer row %[[ROW]] col %[[C0]] buf 0 bytes 896
// CHECK:          pim.mac lhs 0 rhs 896 acc 1792 shape [1, 7, 64] lanes 16 transpose_rhs
// CHECK:          pim.exp src 1792 dst 1792 elements 7 lanes 16
// CHECK:          pim.acc src 1792 dst 1806 rows 1 cols 7 accumulate bank_group
// CHECK:          pim.sfm src 1792 sums 1806 dst 1792 rows 1 cols 7 lanes 16
// CHECK:          pim.mac lhs 1792 rhs 0 acc 1808 shape [1, 64, 7] lanes 16 accumulate
// CHECK:          pim.mov buffer_to_dram row %[[ROW]] col %[[C0]] buf 1792 bytes 14
// CHECK:          pim.out row %[[ROW]] col %[[C0]] buf 1808 bytes 128
// CHECK:        }
// CHECK:      pim.bank_class @global banks(first = 64, count = 4, stride = 16) {
// CHECK:        pim.loop %{{.+}} = 0 to 3 {
// CHECK:          pim.loop %{{.+}} = 1 to 5 {
pim.kernel @window_tiles hw(#pim.hw<"pilot-hbm3">) {
  pim.bank_class @rows banks(first = 0, count = 48, stride = 1) {
    %c0 = arith.constant 0 : index
    %c2 = arith.constant 2 : index
    pim.cfg "Q" rows(0, 2) elements 1024 offset 0 radices [4, 12] strides [1024, 262144]
    pim.cfg "K" rows(2, 8) elements 4096 offset 0 radices [4, 12] strides [0, 262144]
    pim.loop %i = 0 to 16 step 2 {
      %row = arith.muli %i, %c2 : index
      pim.mov dram_to_buffer row %row col %c0 buf 0 bytes 896
      pim.mac lhs 0 rhs 896 acc 1792 shape [1, 7, 64] lanes 16 transpose_rhs
      pim.exp src 1792 dst 1792 elements 7 lanes 16
      pim.acc src 1792 dst 1806 rows 1 cols 7 accumulate bank_group
      pim.sfm src 1792 sums 1806 dst 1792 rows 1 cols 7 lanes 16
      pim.mac lhs 1792 rhs 0 acc 1808 shape [1, 64, 7] lanes 16 accumulate
      pim.mov buffer_to_dram row %row col %c0 buf 1792 bytes 14
      pim.out row %row col %c0 buf 1808 bytes 128
    }
  }
  pim.bank_class @global banks(first = 64, count = 4, stride = 16) {
    %c1 = arith.constant 1 : index
    pim.loop %i = 0 to 3 step 1 {
      pim.loop %j = 1 to 5 {
        %row = arith.addi %i, %j : index
        pim.mov dram_to_buffer row %row col %c1 buf 0 bytes 64
      }
    }
  }
}

// Placement by segments and slots; radices need not multiply to the class's
// banks (the last digit is unbounded); the online-softmax epilogue: scale and
// mask the scores, row maxima, subtract them.
// CHECK-LABEL: pim.kernel @online_softmax
// CHECK:      pim.cfg "Q" rows(0, 1) elements 64 offset 0 radices [2, 3] strides [64, 4096]{{$}}
// CHECK:      pim.cfg "K" rows(2, 1) elements 128 offset 0 radices [4, 8] strides [0, 4096] segments [0, 64, 256, 64] slots(2, index_base = 1, index_stride = 4, row_stride = 1){{$}}
// CHECK:      pim.cfg "V" rows(4, 2) elements 512 offset 0 radices [4] strides [0] slots(2, index_base = 0, index_stride = 0, row_stride = 2){{$}}
// CHECK:      pim.cfg "O" rows(6, 1) elements 64 offset 0 radices [4, 2] strides [64, 256] select [4, 1]{{$}}
// CHECK:      pim.cfg "Q" rows(7, 1) elements 64 offset 0 radices [4, 3, 1] strides [0, 0, 4096] digit_table [1, 0, 1024, 3072] select [4, 0]{{$}}
// CHECK:      pim.loop %[[I:.+]] = 0 to 4 {
// CHECK:        %[[D:.+]] = arith.addi %[[I]], %[[CM3:.+]] : index
// CHECK:        pim.mask buf 1792 rows 7 cols 8 diag %[[D]] key %[[I]] band [0, 512] inside keys [0, 4096] scale 1.250000e-01 lanes 16{{$}}
// CHECK:        pim.mask buf 1792 rows 7 cols 8 diag %[[D]] key %[[I]] band [-4, 4] outside keys [-8, 64] lanes 8{{$}}
// CHECK:        pim.mask buf 1792 rows 7 cols 8 diag %[[D]] key %[[I]] band [-4, 4] inside keys [0, 64] bank [4, 0, 32] lanes 8{{$}}
// CHECK:        pim.acc src 1792 dst 1904 rows 7 cols 8 max{{$}}
// CHECK:        pim.acc src 1792 dst 1904 rows 7 cols 8 max accumulate bank_group{{$}}
// CHECK:        pim.sub src 1792 vec 1904 dst 1792 rows 7 cols 8 lanes 16{{$}}
pim.kernel @online_softmax hw(#pim.hw<"pilot-hbm3">) {
  pim.bank_class @rows banks(first = 0, count = 8, stride = 1) {
    %cm3 = arith.constant -3 : index
    pim.cfg "Q" rows(0, 1) elements 64 offset 0 radices [2, 3] strides [64, 4096]
    pim.cfg "K" rows(2, 1) elements 128 offset 0 radices [4, 8] strides [0, 4096] segments [0, 64, 256, 64] slots(2, index_base = 1, index_stride = 4, row_stride = 1)
    pim.cfg "V" rows(4, 2) elements 512 offset 0 radices [4] strides [0] slots(2, index_base = 0, index_stride = 0, row_stride = 2)
    pim.cfg "O" rows(6, 1) elements 64 offset 0 radices [4, 2] strides [64, 256] select [4, 1]
    pim.cfg "Q" rows(7, 1) elements 64 offset 0 radices [4, 3, 1] strides [0, 0, 4096] digit_table [1, 0, 1024, 3072] select [4, 0]
    pim.loop %i = 0 to 4 {
      %d = arith.addi %i, %cm3 : index
      pim.mask buf 1792 rows 7 cols 8 diag %d key %i band [0, 512] inside keys [0, 4096] scale 1.250000e-01 lanes 16
      pim.mask buf 1792 rows 7 cols 8 diag %d key %i band [-4, 4] outside keys [-8, 64] scale 1.0 lanes 8
      pim.mask buf 1792 rows 7 cols 8 diag %d key %i band [-4, 4] inside keys [0, 64] bank [4, 0, 32] lanes 8
      pim.acc src 1792 dst 1904 rows 7 cols 8 max
      pim.acc src 1792 dst 1904 rows 7 cols 8 max accumulate bank_group
      pim.sub src 1792 vec 1904 dst 1792 rows 7 cols 8 lanes 16
    }
  }
}

// What pim-map and pim-tile record on the decomposed ops.
// CHECK-LABEL: func.func @annotations
// CHECK-SAME: pim.mapping = #pim.mapping<split = columns, head_instances = 6144, heads_per_group = 6, bank_groups = 1024, banks_per_group = 4>
// CHECK-SAME: pim.tiles = #pim.tiles<schedule = pilot, rows = 21, keys = 1, head_dim_chunk = 32>
func.func @annotations() attributes {pim.mapping = #pim.mapping<split = columns, head_instances = 6144, heads_per_group = 6, bank_groups = 1024, banks_per_group = 4>, pim.tiles = #pim.tiles<schedule = pilot, rows = 21, keys = 1, head_dim_chunk = 32>} {
  return
}

// Query heads that share a key-value head's instance: kv_group is printed
// where it is not 1 (the default, elided above).
// CHECK-LABEL: func.func @shared_heads
// CHECK-SAME: pim.mapping = #pim.mapping<split = columns, head_instances = 8, heads_per_group = 1, bank_groups = 1024, banks_per_group = 4, kv_group = 4>
// CHECK-LABEL: func.func @unshared_heads
// CHECK-SAME: pim.mapping = #pim.mapping<split = columns, head_instances = 8, heads_per_group = 1, bank_groups = 1024, banks_per_group = 4>}
func.func @shared_heads() attributes {pim.mapping = #pim.mapping<split = columns, head_instances = 8, heads_per_group = 1, bank_groups = 1024, banks_per_group = 4, kv_group = 4>} {
  return
}
func.func @unshared_heads() attributes {pim.mapping = #pim.mapping<split = columns, head_instances = 8, heads_per_group = 1, bank_groups = 1024, banks_per_group = 4, kv_group = 1>} {
  return
}

// The host merges the partials of keys cut over bank groups after the
// classes; without maxima (the staged schedules) the clause is left out,
// and without rows every query is merged.
// CHECK-LABEL: pim.kernel @merge
// CHECK:      pim.merge "O" partials "O.part" maxima "M.part" sums "L.part" pieces 2 heads [0, 1]
// CHECK-NEXT: pim.merge "O" partials "O.part" sums "L.part" pieces 4 heads [3]
// CHECK-NEXT: pim.merge "O" partials "O.part" sums "L.part" pieces 2 heads [2] rows [0, 4, 60, 64]
pim.kernel @merge hw(#pim.hw<"pilot-hbm3">) {
  pim.bank_class @groups banks(first = 0, count = 8, stride = 1) {
    pim.cfg "O.part" rows(0, 1) elements 16 offset 0 radices [4, 2, 1] strides [0, 32, 16] select [4, 0]
    pim.cfg "M.part" rows(1, 1) elements 1 offset 0 radices [4, 2, 1] strides [0, 2, 1] select [4, 0]
    pim.cfg "L.part" rows(2, 1) elements 1 offset 0 radices [4, 2, 1] strides [0, 2, 1] select [4, 0]
  }
  pim.merge "O" partials "O.part" maxima "M.part" sums "L.part" pieces 2 heads [0, 1]
  pim.merge "O" partials "O.part" sums "L.part" pieces 4 heads [3]
  pim.merge "O" partials "O.part" sums "L.part" pieces 2 heads [2] rows [0, 4, 60, 64]
}
