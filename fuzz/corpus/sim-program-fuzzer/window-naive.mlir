module {
  func.func @f(%arg0: tensor<1x1x32x16xf16>, %arg1: tensor<1x1x32x16xf16>, %arg2: tensor<1x1x32x16xf16>) -> tensor<1x1x32x16xf16> {
    %0 = sattn.sddmm %arg0, %arg1 {pattern = #sattn.pattern<causal = true, window = [3, 0]>, pim.loop_nest = #pim.loop_nest<order = query_stationary, scores = dram, rows = 1, keys = 32, passes = 1>, pim.mapping = #pim.mapping<split = rows, head_instances = 1, heads_per_group = 1, bank_groups = 1024, banks_per_group = 4>, pim.predicted = {bank_internal_bytes = 3584 : i64, bound = "compulsory", lower_bound_bytes = 1216 : i64, time_ns = 5525.1630990990998 : f64, total_internal_bytes = 14336 : i64}, pim.tiles = #pim.tiles<schedule = naive, rows = 1, keys = 1>, scale = 2.500000e-01 : f64} : tensor<1x1x32x16xf16>, tensor<1x1x32x16xf16> -> tensor<1x1x32x32xf16>
    %1 = sattn.softmax %0 {pattern = #sattn.pattern<causal = true, window = [3, 0]>, pim.loop_nest = #pim.loop_nest<order = query_stationary, scores = dram, rows = 1, keys = 32, passes = 1>, pim.mapping = #pim.mapping<split = rows, head_instances = 1, heads_per_group = 1, bank_groups = 1024, banks_per_group = 4>, pim.predicted = {bank_internal_bytes = 3584 : i64, bound = "compulsory", lower_bound_bytes = 1216 : i64, time_ns = 5525.1630990990998 : f64, total_internal_bytes = 14336 : i64}, pim.tiles = #pim.tiles<schedule = naive, rows = 1, keys = 1>} : tensor<1x1x32x32xf16>
    %2 = sattn.spmm %1, %arg2 {pattern = #sattn.pattern<causal = true, window = [3, 0]>, pim.loop_nest = #pim.loop_nest<order = query_stationary, scores = dram, rows = 1, keys = 32, passes = 1>, pim.mapping = #pim.mapping<split = rows, head_instances = 1, heads_per_group = 1, bank_groups = 1024, banks_per_group = 4>, pim.predicted = {bank_internal_bytes = 3584 : i64, bound = "compulsory", lower_bound_bytes = 1216 : i64, time_ns = 5525.1630990990998 : f64, total_internal_bytes = 14336 : i64}, pim.tiles = #pim.tiles<schedule = naive, rows = 1, keys = 1>} : tensor<1x1x32x32xf16>, tensor<1x1x32x16xf16> -> tensor<1x1x32x16xf16>
    return %2 : tensor<1x1x32x16xf16>
  }
  pim.kernel @f_pim hw(#pim.hw<"pilot-hbm3">) attributes {pilot.attention = {kv_shape = array<i64: 1, 1, 32, 16>, pattern = #sattn.pattern<causal = true, window = [3, 0]>, query_shape = array<i64: 1, 1, 32, 16>, scale = 2.500000e-01 : f64}} {
    pim.bank_class @groups_0_1 banks(first = 0, count = 4, stride = 1) {
      %c7 = arith.constant 7 : index
      %c-1 = arith.constant -1 : index
      %c31 = arith.constant 31 : index
      %c-2 = arith.constant -2 : index
      %c30 = arith.constant 30 : index
      %c1 = arith.constant 1 : index
      %c5 = arith.constant 5 : index
      %c4 = arith.constant 4 : index
      %c6 = arith.constant 6 : index
      %c-3 = arith.constant -3 : index
      %c3 = arith.constant 3 : index
      %c29 = arith.constant 29 : index
      %c2 = arith.constant 2 : index
      %c0 = arith.constant 0 : index
      pim.cfg "Q" rows(0, 1) elements 128 offset 0 radices [4, 1, 1] strides [0, 512, 512] select [4, 0]
      pim.cfg "O" rows(1, 1) elements 128 offset 0 radices [4, 1, 1] strides [0, 512, 512] select [4, 0]
      pim.cfg "Q" rows(0, 1) elements 128 offset 128 radices [4, 1, 1] strides [0, 512, 512] select [4, 1]
      pim.cfg "O" rows(1, 1) elements 128 offset 128 radices [4, 1, 1] strides [0, 512, 512] select [4, 1]
      pim.cfg "Q" rows(0, 1) elements 128 offset 256 radices [4, 1, 1] strides [0, 512, 512] select [4, 2]
      pim.cfg "O" rows(1, 1) elements 128 offset 256 radices [4, 1, 1] strides [0, 512, 512] select [4, 2]
      pim.cfg "Q" rows(0, 1) elements 128 offset 384 radices [4, 1, 1] strides [0, 512, 512] select [4, 3]
      pim.cfg "O" rows(1, 1) elements 128 offset 384 radices [4, 1, 1] strides [0, 512, 512] select [4, 3]
      pim.cfg "K" rows(3, 1) elements 128 offset 0 radices [4, 1, 1] strides [0, 512, 512] select [4, 0]
      pim.cfg "K" rows(2, 2) elements 640 offset 0 radices [4, 1, 1] strides [0, 512, 512] segments [0, 384, 0, 256] select [4, 1]
      pim.cfg "K" rows(2, 2) elements 640 offset 0 radices [4, 1, 1] strides [0, 512, 512] segments [0, 256, 0, 384] select [4, 2]
      pim.cfg "K" rows(2, 2) elements 640 offset 0 radices [4, 1, 1] strides [0, 512, 512] segments [0, 128, 0, 512] select [4, 3]
      pim.cfg "V" rows(5, 1) elements 128 offset 0 radices [4, 1, 1] strides [0, 512, 512] select [4, 0]
      pim.cfg "V" rows(4, 2) elements 640 offset 0 radices [4, 1, 1] strides [0, 512, 512] segments [0, 384, 0, 256] select [4, 1]
      pim.cfg "V" rows(4, 2) elements 640 offset 0 radices [4, 1, 1] strides [0, 512, 512] segments [0, 256, 0, 384] select [4, 2]
      pim.cfg "V" rows(4, 2) elements 640 offset 0 radices [4, 1, 1] strides [0, 512, 512] segments [0, 128, 0, 512] select [4, 3]
      pim.mov dram_to_buffer row %c0 col %c0 buf 2 bytes 32
      pim.mov dram_to_buffer row %c2 col %c29 buf 34 bytes 96
      pim.mov dram_to_buffer row %c3 col %c0 buf 130 bytes 32
      pim.mac lhs 2 rhs 34 acc 1058 shape [1, 4, 16] lanes 16 transpose_rhs
      pim.mask buf 1058 rows 1 cols 4 diag %c-3 key %c-3 band [-3, 0] inside keys [0, 32] scale 2.500000e-01 bank [4, 0, 8] lanes 16
      pim.mov buffer_to_dram row %c6 col %c0 buf 1058 bytes 8
      pim.mov dram_to_buffer row %c6 col %c0 buf 2 bytes 8
      pim.exp src 2 dst 2 elements 4 lanes 16
      pim.acc src 2 dst 0 rows 1 cols 4
      pim.mov buffer_to_dram row %c6 col %c0 buf 2 bytes 8
      pim.mov dram_to_buffer row %c4 col %c29 buf 2 bytes 96
      pim.mov dram_to_buffer row %c5 col %c0 buf 98 bytes 32
      pim.mov dram_to_buffer row %c6 col %c0 buf 1026 bytes 8
      pim.mac lhs 1026 rhs 2 acc 1090 shape [1, 16, 4] lanes 16
      pim.sfm src 1090 sums 0 dst 1090 rows 1 cols 16 lanes 16
      pim.out row %c1 col %c0 buf 1090 bytes 32
      pim.mov dram_to_buffer row %c0 col %c1 buf 2 bytes 32
      pim.mov dram_to_buffer row %c2 col %c30 buf 34 bytes 64
      pim.mov dram_to_buffer row %c3 col %c0 buf 98 bytes 64
      pim.mac lhs 2 rhs 34 acc 1058 shape [1, 4, 16] lanes 16 transpose_rhs
      pim.mask buf 1058 rows 1 cols 4 diag %c-3 key %c-2 band [-3, 0] inside keys [0, 32] scale 2.500000e-01 bank [4, 0, 8] lanes 16
      pim.mov buffer_to_dram row %c6 col %c0 buf 1058 bytes 8
      pim.mov dram_to_buffer row %c6 col %c0 buf 2 bytes 8
      pim.exp src 2 dst 2 elements 4 lanes 16
      pim.acc src 2 dst 0 rows 1 cols 4
      pim.mov buffer_to_dram row %c6 col %c0 buf 2 bytes 8
      pim.mov dram_to_buffer row %c4 col %c30 buf 2 bytes 64
      pim.mov dram_to_buffer row %c5 col %c0 buf 66 bytes 64
      pim.mov dram_to_buffer row %c6 col %c0 buf 1026 bytes 8
      pim.mac lhs 1026 rhs 2 acc 1090 shape [1, 16, 4] lanes 16
      pim.sfm src 1090 sums 0 dst 1090 rows 1 cols 16 lanes 16
      pim.out row %c1 col %c1 buf 1090 bytes 32
      pim.mov dram_to_buffer row %c0 col %c2 buf 2 bytes 32
      pim.mov dram_to_buffer row %c2 col %c31 buf 34 bytes 32
      pim.mov dram_to_buffer row %c3 col %c0 buf 66 bytes 96
      pim.mac lhs 2 rhs 34 acc 1058 shape [1, 4, 16] lanes 16 transpose_rhs
      pim.mask buf 1058 rows 1 cols 4 diag %c-3 key %c-1 band [-3, 0] inside keys [0, 32] scale 2.500000e-01 bank [4, 0, 8] lanes 16
      pim.mov buffer_to_dram row %c6 col %c0 buf 1058 bytes 8
      pim.mov dram_to_buffer row %c6 col %c0 buf 2 bytes 8
      pim.exp src 2 dst 2 elements 4 lanes 16
      pim.acc src 2 dst 0 rows 1 cols 4
      pim.mov buffer_to_dram row %c6 col %c0 buf 2 bytes 8
      pim.mov dram_to_buffer row %c4 col %c31 buf 2 bytes 32
      pim.mov dram_to_buffer row %c5 col %c0 buf 34 bytes 96
      pim.mov dram_to_buffer row %c6 col %c0 buf 1026 bytes 8
      pim.mac lhs 1026 rhs 2 acc 1090 shape [1, 16, 4] lanes 16
      pim.sfm src 1090 sums 0 dst 1090 rows 1 cols 16 lanes 16
      pim.out row %c1 col %c2 buf 1090 bytes 32
      pim.mov dram_to_buffer row %c0 col %c3 buf 2 bytes 32
      pim.mov dram_to_buffer row %c3 col %c0 buf 34 bytes 128
      pim.mac lhs 2 rhs 34 acc 1058 shape [1, 4, 16] lanes 16 transpose_rhs
      pim.mask buf 1058 rows 1 cols 4 diag %c-3 key %c0 band [-3, 0] inside keys [0, 32] scale 2.500000e-01 bank [4, 0, 8] lanes 16
      pim.mov buffer_to_dram row %c6 col %c0 buf 1058 bytes 8
      pim.mov dram_to_buffer row %c6 col %c0 buf 2 bytes 8
      pim.exp src 2 dst 2 elements 4 lanes 16
      pim.acc src 2 dst 0 rows 1 cols 4
      pim.mov buffer_to_dram row %c6 col %c0 buf 2 bytes 8
      pim.mov dram_to_buffer row %c5 col %c0 buf 2 bytes 128
      pim.mov dram_to_buffer row %c6 col %c0 buf 1026 bytes 8
      pim.mac lhs 1026 rhs 2 acc 1090 shape [1, 16, 4] lanes 16
      pim.sfm src 1090 sums 0 dst 1090 rows 1 cols 16 lanes 16
      pim.out row %c1 col %c3 buf 1090 bytes 32
      pim.mov dram_to_buffer row %c0 col %c4 buf 2 bytes 32
      pim.mov dram_to_buffer row %c3 col %c1 buf 34 bytes 128
      pim.mac lhs 2 rhs 34 acc 1058 shape [1, 4, 16] lanes 16 transpose_rhs
      pim.mask buf 1058 rows 1 cols 4 diag %c-3 key %c1 band [-3, 0] inside keys [0, 32] scale 2.500000e-01 bank [4, 0, 8] lanes 16
      pim.mov buffer_to_dram row %c6 col %c0 buf 1058 bytes 8
      pim.mov dram_to_buffer row %c6 col %c0 buf 2 bytes 8
      pim.exp src 2 dst 2 elements 4 lanes 16
      pim.acc src 2 dst 0 rows 1 cols 4
      pim.mov buffer_to_dram row %c6 col %c0 buf 2 bytes 8
      pim.mov dram_to_buffer row %c5 col %c1 buf 2 bytes 128
      pim.mov dram_to_buffer row %c6 col %c0 buf 1026 bytes 8
      pim.mac lhs 1026 rhs 2 acc 1090 shape [1, 16, 4] lanes 16
      pim.sfm src 1090 sums 0 dst 1090 rows 1 cols 16 lanes 16
      pim.out row %c1 col %c4 buf 1090 bytes 32
      pim.mov dram_to_buffer row %c0 col %c5 buf 2 bytes 32
      pim.mov dram_to_buffer row %c3 col %c2 buf 34 bytes 128
      pim.mac lhs 2 rhs 34 acc 1058 shape [1, 4, 16] lanes 16 transpose_rhs
      pim.mask buf 1058 rows 1 cols 4 diag %c-3 key %c2 band [-3, 0] inside keys [0, 32] scale 2.500000e-01 bank [4, 0, 8] lanes 16
      pim.mov buffer_to_dram row %c6 col %c0 buf 1058 bytes 8
      pim.mov dram_to_buffer row %c6 col %c0 buf 2 bytes 8
      pim.exp src 2 dst 2 elements 4 lanes 16
      pim.acc src 2 dst 0 rows 1 cols 4
      pim.mov buffer_to_dram row %c6 col %c0 buf 2 bytes 8
      pim.mov dram_to_buffer row %c5 col %c2 buf 2 bytes 128
      pim.mov dram_to_buffer row %c6 col %c0 buf 1026 bytes 8
      pim.mac lhs 1026 rhs 2 acc 1090 shape [1, 16, 4] lanes 16
      pim.sfm src 1090 sums 0 dst 1090 rows 1 cols 16 lanes 16
      pim.out row %c1 col %c5 buf 1090 bytes 32
      pim.mov dram_to_buffer row %c0 col %c6 buf 2 bytes 32
      pim.mov dram_to_buffer row %c3 col %c3 buf 34 bytes 128
      pim.mac lhs 2 rhs 34 acc 1058 shape [1, 4, 16] lanes 16 transpose_rhs
      pim.mask buf 1058 rows 1 cols 4 diag %c-3 key %c3 band [-3, 0] inside keys [0, 32] scale 2.500000e-01 bank [4, 0, 8] lanes 16
      pim.mov buffer_to_dram row %c6 col %c0 buf 1058 bytes 8
      pim.mov dram_to_buffer row %c6 col %c0 buf 2 bytes 8
      pim.exp src 2 dst 2 elements 4 lanes 16
      pim.acc src 2 dst 0 rows 1 cols 4
      pim.mov buffer_to_dram row %c6 col %c0 buf 2 bytes 8
      pim.mov dram_to_buffer row %c5 col %c3 buf 2 bytes 128
      pim.mov dram_to_buffer row %c6 col %c0 buf 1026 bytes 8
      pim.mac lhs 1026 rhs 2 acc 1090 shape [1, 16, 4] lanes 16
      pim.sfm src 1090 sums 0 dst 1090 rows 1 cols 16 lanes 16
      pim.out row %c1 col %c6 buf 1090 bytes 32
      pim.mov dram_to_buffer row %c0 col %c7 buf 2 bytes 32
      pim.mov dram_to_buffer row %c3 col %c4 buf 34 bytes 128
      pim.mac lhs 2 rhs 34 acc 1058 shape [1, 4, 16] lanes 16 transpose_rhs
      pim.mask buf 1058 rows 1 cols 4 diag %c-3 key %c4 band [-3, 0] inside keys [0, 32] scale 2.500000e-01 bank [4, 0, 8] lanes 16
      pim.mov buffer_to_dram row %c6 col %c0 buf 1058 bytes 8
      pim.mov dram_to_buffer row %c6 col %c0 buf 2 bytes 8
      pim.exp src 2 dst 2 elements 4 lanes 16
      pim.acc src 2 dst 0 rows 1 cols 4
      pim.mov buffer_to_dram row %c6 col %c0 buf 2 bytes 8
      pim.mov dram_to_buffer row %c5 col %c4 buf 2 bytes 128
      pim.mov dram_to_buffer row %c6 col %c0 buf 1026 bytes 8
      pim.mac lhs 1026 rhs 2 acc 1090 shape [1, 16, 4] lanes 16
      pim.sfm src 1090 sums 0 dst 1090 rows 1 cols 16 lanes 16
      pim.out row %c1 col %c7 buf 1090 bytes 32
    }
  }
}

