module {
  func.func @f(%arg0: tensor<1x2x32x16xf16>, %arg1: tensor<1x1x32x16xf16>, %arg2: tensor<1x1x32x16xf16>) -> tensor<1x2x32x16xf16> {
    %0 = tensor.empty() : tensor<1x2x32x16xf16>
    %1 = sattn.sddmm %arg0, %arg1 {pattern = #sattn.pattern<window = [1, 1], global_tokens = [0], block = 4>, pim.loop_nest = #pim.loop_nest<order = query_stationary, scores = dram, rows = 19, keys = 19, passes = 1>, pim.mapping = #pim.mapping<split = rows, head_instances = 2, heads_per_group = 1, bank_groups = 1024, banks_per_group = 4>, pim.predicted = {bank_internal_bytes = 3584 : i64, bound = "compulsory", lower_bound_bytes = 1792 : i64, time_ns = 5096.5243963963967 : f64, total_internal_bytes = 25088 : i64}, pim.tiles = #pim.tiles<schedule = pilot, rows = 19, keys = 19>, rows = #sattn.rows<non_global>, scale = 2.500000e-01 : f64} : tensor<1x2x32x16xf16>, tensor<1x1x32x16xf16> -> tensor<1x2x32x32xf16>
    %2 = sattn.softmax %1 {pattern = #sattn.pattern<window = [1, 1], global_tokens = [0], block = 4>, pim.loop_nest = #pim.loop_nest<order = query_stationary, scores = dram, rows = 19, keys = 19, passes = 1>, pim.mapping = #pim.mapping<split = rows, head_instances = 2, heads_per_group = 1, bank_groups = 1024, banks_per_group = 4>, pim.predicted = {bank_internal_bytes = 3584 : i64, bound = "compulsory", lower_bound_bytes = 1792 : i64, time_ns = 5096.5243963963967 : f64, total_internal_bytes = 25088 : i64}, pim.tiles = #pim.tiles<schedule = pilot, rows = 19, keys = 19>, rows = #sattn.rows<non_global>} : tensor<1x2x32x32xf16>
    %3 = sattn.spmm %2, %arg2 into %0 {pattern = #sattn.pattern<window = [1, 1], global_tokens = [0], block = 4>, pim.loop_nest = #pim.loop_nest<order = query_stationary, scores = dram, rows = 19, keys = 19, passes = 1>, pim.mapping = #pim.mapping<split = rows, head_instances = 2, heads_per_group = 1, bank_groups = 1024, banks_per_group = 4>, pim.predicted = {bank_internal_bytes = 3584 : i64, bound = "compulsory", lower_bound_bytes = 1792 : i64, time_ns = 5096.5243963963967 : f64, total_internal_bytes = 25088 : i64}, pim.tiles = #pim.tiles<schedule = pilot, rows = 19, keys = 19>, rows = #sattn.rows<non_global>} : tensor<1x2x32x32xf16>, tensor<1x1x32x16xf16>, tensor<1x2x32x16xf16> -> tensor<1x2x32x16xf16>
    %4 = sattn.sddmm %arg0, %arg1 {pattern = #sattn.pattern<window = [1, 1], global_tokens = [0], block = 4>, pim.loop_nest = #pim.loop_nest<order = key_stationary, scores = dram, rows = 1, keys = 59, passes = 1>, pim.mapping = #pim.mapping<split = columns, head_instances = 2, heads_per_group = 1, bank_groups = 1024, banks_per_group = 4>, pim.predicted = {bank_internal_bytes = 1536 : i64, bound = "compulsory", lower_bound_bytes = 768 : i64, time_ns = 2438.0686126126129 : f64, total_internal_bytes = 12288 : i64}, pim.tiles = #pim.tiles<schedule = pilot, rows = 1, keys = 59>, rows = #sattn.rows<global>, scale = 2.500000e-01 : f64} : tensor<1x2x32x16xf16>, tensor<1x1x32x16xf16> -> tensor<1x2x32x32xf16>
    %5 = sattn.softmax %4 {pattern = #sattn.pattern<window = [1, 1], global_tokens = [0], block = 4>, pim.loop_nest = #pim.loop_nest<order = key_stationary, scores = dram, rows = 1, keys = 59, passes = 1>, pim.mapping = #pim.mapping<split = columns, head_instances = 2, heads_per_group = 1, bank_groups = 1024, banks_per_group = 4>, pim.predicted = {bank_internal_bytes = 1536 : i64, bound = "compulsory", lower_bound_bytes = 768 : i64, time_ns = 2438.0686126126129 : f64, total_internal_bytes = 12288 : i64}, pim.tiles = #pim.tiles<schedule = pilot, rows = 1, keys = 59>, rows = #sattn.rows<global>} : tensor<1x2x32x32xf16>
    %6 = sattn.spmm %5, %arg2 into %3 {pattern = #sattn.pattern<window = [1, 1], global_tokens = [0], block = 4>, pim.loop_nest = #pim.loop_nest<order = key_stationary, scores = dram, rows = 1, keys = 59, passes = 1>, pim.mapping = #pim.mapping<split = columns, head_instances = 2, heads_per_group = 1, bank_groups = 1024, banks_per_group = 4>, pim.predicted = {bank_internal_bytes = 1536 : i64, bound = "compulsory", lower_bound_bytes = 768 : i64, time_ns = 2438.0686126126129 : f64, total_internal_bytes = 12288 : i64}, pim.tiles = #pim.tiles<schedule = pilot, rows = 1, keys = 59>, rows = #sattn.rows<global>} : tensor<1x2x32x32xf16>, tensor<1x1x32x16xf16>, tensor<1x2x32x16xf16> -> tensor<1x2x32x16xf16>
    return %6 : tensor<1x2x32x16xf16>
  }
  pim.kernel @f_pim hw(#pim.hw<"pilot-hbm3">) attributes {pilot.attention = {kv_shape = array<i64: 1, 1, 32, 16>, pattern = #sattn.pattern<window = [1, 1], global_tokens = [0], block = 4>, query_shape = array<i64: 1, 2, 32, 16>, scale = 2.500000e-01 : f64}} {
    pim.bank_class @groups_0_2 banks(first = 0, count = 8, stride = 1) {
      %c9 = arith.constant 9 : index
      %c11 = arith.constant 11 : index
      %c13 = arith.constant 13 : index
      %c-3 = arith.constant -3 : index
      %c-2 = arith.constant -2 : index
      %c-1 = arith.constant -1 : index
      %c12 = arith.constant 12 : index
      %c8 = arith.constant 8 : index
      %c10 = arith.constant 10 : index
      %c-8 = arith.constant -8 : index
      %c1 = arith.constant 1 : index
      %c5 = arith.constant 5 : index
      %c4 = arith.constant 4 : index
      %c7 = arith.constant 7 : index
      %c3 = arith.constant 3 : index
      %c6 = arith.constant 6 : index
      %c-4 = arith.constant -4 : index
      %c2 = arith.constant 2 : index
      %c0 = arith.constant 0 : index
      pim.cfg "Q" rows(0, 1) elements 128 offset 64 radices [4, 2, 1] strides [0, 512, 1024] select [4, 0]
      pim.cfg "O" rows(1, 1) elements 128 offset 64 radices [4, 2, 1] strides [0, 512, 1024] select [4, 0]
      pim.cfg "Q" rows(0, 1) elements 128 offset 192 radices [4, 2, 1] strides [0, 512, 1024] select [4, 1]
      pim.cfg "O" rows(1, 1) elements 128 offset 192 radices [4, 2, 1] strides [0, 512, 1024] select [4, 1]
      pim.cfg "Q" rows(0, 1) elements 128 offset 320 radices [4, 2, 1] strides [0, 512, 1024] select [4, 2]
      pim.cfg "O" rows(1, 1) elements 128 offset 320 radices [4, 2, 1] strides [0, 512, 1024] select [4, 2]
      pim.cfg "Q" rows(0, 1) elements 64 offset 448 radices [4, 2, 1] strides [0, 512, 1024] select [4, 3]
      pim.cfg "O" rows(1, 1) elements 64 offset 448 radices [4, 2, 1] strides [0, 512, 1024] select [4, 3]
      pim.cfg "K" rows(2, 1) elements 256 offset 0 radices [4, 2, 1, 1] strides [0, 0, 512, 512] select [4, 0]
      pim.cfg "K" rows(2, 1) elements 256 offset 128 radices [4, 2, 1, 1] strides [0, 0, 512, 512] select [4, 1]
      pim.cfg "K" rows(2, 1) elements 256 offset 256 radices [4, 2, 1, 1] strides [0, 0, 512, 512] select [4, 2]
      pim.cfg "K" rows(2, 1) elements 128 offset 384 radices [4, 2, 1, 1] strides [0, 0, 512, 512] select [4, 3]
      pim.cfg "K" rows(3, 1) elements 64 offset 0 radices [4, 2, 1, 1] strides [0, 0, 512, 512]
      pim.cfg "V" rows(4, 1) elements 256 offset 0 radices [4, 2, 1, 1] strides [0, 0, 512, 512] select [4, 0]
      pim.cfg "V" rows(4, 1) elements 256 offset 128 radices [4, 2, 1, 1] strides [0, 0, 512, 512] select [4, 1]
      pim.cfg "V" rows(4, 1) elements 256 offset 256 radices [4, 2, 1, 1] strides [0, 0, 512, 512] select [4, 2]
      pim.cfg "V" rows(4, 1) elements 128 offset 384 radices [4, 2, 1, 1] strides [0, 0, 512, 512] select [4, 3]
      pim.cfg "V" rows(5, 1) elements 64 offset 0 radices [4, 2, 1, 1] strides [0, 0, 512, 512]
      pim.mov dram_to_buffer row %c0 col %c0 buf 38 bytes 128
      pim.mov dram_to_buffer row %c2 col %c0 buf 646 bytes 384
      pim.mac lhs 38 rhs 646 acc 1254 shape [4, 12, 16] lanes 16 transpose_rhs
      pim.mask buf 1254 rows 4 cols 12 diag %c-4 key %c0 band [-4, 7] inside uniform keys [0, 32] scale 2.500000e-01 bank [4, 0, 8] lanes 16
      pim.mov buffer_to_dram row %c6 col %c0 buf 1254 bytes 96
      pim.mov dram_to_buffer row %c3 col %c0 buf 646 bytes 128
      pim.mac lhs 38 rhs 646 acc 1254 shape [4, 4, 16] lanes 16 transpose_rhs
      pim.mask buf 1254 rows 4 cols 4 diag %c-4 key %c0 band [-4, 7] outside uniform keys [0, 4] scale 2.500000e-01 bank [4, -8, 0] lanes 16
      pim.mov buffer_to_dram row %c7 col %c0 buf 1254 bytes 32
      pim.mov dram_to_buffer row %c6 col %c0 buf 38 bytes 96
      pim.exp src 38 dst 38 elements 48 lanes 16
      pim.acc src 38 dst 0 rows 4 cols 12
      pim.mov buffer_to_dram row %c6 col %c0 buf 38 bytes 96
      pim.mov dram_to_buffer row %c7 col %c0 buf 38 bytes 32
      pim.exp src 38 dst 38 elements 16 lanes 16
      pim.acc src 38 dst 0 rows 4 cols 4 accumulate
      pim.mov buffer_to_dram row %c7 col %c0 buf 38 bytes 32
      pim.mov dram_to_buffer row %c4 col %c0 buf 38 bytes 384
      pim.mov dram_to_buffer row %c6 col %c0 buf 646 bytes 96
      pim.mac lhs 646 rhs 38 acc 1368 shape [4, 16, 12] lanes 16
      pim.mov dram_to_buffer row %c5 col %c0 buf 38 bytes 128
      pim.mov dram_to_buffer row %c7 col %c0 buf 646 bytes 32
      pim.mac lhs 646 rhs 38 acc 1368 shape [4, 16, 4] lanes 16 accumulate
      pim.sfm src 1368 sums 0 dst 1368 rows 4 cols 16 lanes 16
      pim.out row %c1 col %c0 buf 1368 bytes 128
      pim.mov dram_to_buffer row %c0 col %c4 buf 38 bytes 128
      pim.mov dram_to_buffer row %c2 col %c4 buf 646 bytes 384
      pim.mac lhs 38 rhs 646 acc 1254 shape [4, 12, 16] lanes 16 transpose_rhs
      pim.mask buf 1254 rows 4 cols 12 diag %c-4 key %c4 band [-4, 7] inside uniform keys [0, 32] scale 2.500000e-01 bank [4, 0, 8] lanes 16
      pim.mov buffer_to_dram row %c6 col %c0 buf 1254 bytes 96
      pim.mov dram_to_buffer row %c3 col %c0 buf 646 bytes 128
      pim.mac lhs 38 rhs 646 acc 1254 shape [4, 4, 16] lanes 16 transpose_rhs
      pim.mask buf 1254 rows 4 cols 4 diag %c-8 key %c0 band [-4, 7] outside uniform keys [0, 4] scale 2.500000e-01 bank [4, -8, 0] lanes 16
      pim.mov buffer_to_dram row %c7 col %c0 buf 1254 bytes 32
      pim.mov dram_to_buffer row %c6 col %c0 buf 38 bytes 96
      pim.exp src 38 dst 38 elements 48 lanes 16
      pim.acc src 38 dst 0 rows 4 cols 12
      pim.mov buffer_to_dram row %c6 col %c0 buf 38 bytes 96
      pim.mov dram_to_buffer row %c7 col %c0 buf 38 bytes 32
      pim.exp src 38 dst 38 elements 16 lanes 16
      pim.acc src 38 dst 0 rows 4 cols 4 accumulate
      pim.mov buffer_to_dram row %c7 col %c0 buf 38 bytes 32
      pim.mov dram_to_buffer row %c4 col %c4 buf 38 bytes 384
      pim.mov dram_to_buffer row %c6 col %c0 buf 646 bytes 96
      pim.mac lhs 646 rhs 38 acc 1368 shape [4, 16, 12] lanes 16
      pim.mov dram_to_buffer row %c5 col %c0 buf 38 bytes 128
      pim.mov dram_to_buffer row %c7 col %c0 buf 646 bytes 32
      pim.mac lhs 646 rhs 38 acc 1368 shape [4, 16, 4] lanes 16 accumulate
      pim.sfm src 1368 sums 0 dst 1368 rows 4 cols 16 lanes 16
      pim.out row %c1 col %c4 buf 1368 bytes 128
      pim.cfg "Q" rows(8, 1) elements 64 offset 0 radices [4, 2, 1] strides [0, 512, 1024]
      pim.cfg "O" rows(9, 1) elements 64 offset 0 radices [4, 2, 1] strides [0, 512, 1024] select [4, 0]
      pim.cfg "K" rows(10, 1) elements 128 offset 0 radices [4, 2, 1, 1] strides [0, 0, 512, 512] select [4, 0]
      pim.cfg "K" rows(10, 1) elements 128 offset 128 radices [4, 2, 1, 1] strides [0, 0, 512, 512] select [4, 1]
      pim.cfg "K" rows(10, 1) elements 128 offset 256 radices [4, 2, 1, 1] strides [0, 0, 512, 512] select [4, 2]
      pim.cfg "K" rows(10, 1) elements 128 offset 384 radices [4, 2, 1, 1] strides [0, 0, 512, 512] select [4, 3]
      pim.cfg "V" rows(11, 1) elements 128 offset 0 radices [4, 2, 1, 1] strides [0, 0, 512, 512] select [4, 0]
      pim.cfg "V" rows(11, 1) elements 128 offset 128 radices [4, 2, 1, 1] strides [0, 0, 512, 512] select [4, 1]
      pim.cfg "V" rows(11, 1) elements 128 offset 256 radices [4, 2, 1, 1] strides [0, 0, 512, 512] select [4, 2]
      pim.cfg "V" rows(11, 1) elements 128 offset 384 radices [4, 2, 1, 1] strides [0, 0, 512, 512] select [4, 3]
      pim.mov dram_to_buffer row %c10 col %c0 buf 0 bytes 256
      pim.mov dram_to_buffer row %c8 col %c0 buf 1888 bytes 32
      pim.mac lhs 1888 rhs 0 acc 1920 shape [1, 8, 16] lanes 16 transpose_rhs
      pim.mask buf 1920 rows 1 cols 8 diag %c0 key %c0 band [-384, 384] inside keys [0, 32] scale 2.500000e-01 bank [4, 8, 8] lanes 16
      pim.mov buffer_to_dram row %c12 col %c0 buf 1920 bytes 16
      pim.mov dram_to_buffer row %c8 col %c1 buf 1888 bytes 32
      pim.mac lhs 1888 rhs 0 acc 1920 shape [1, 8, 16] lanes 16 transpose_rhs
      pim.mask buf 1920 rows 1 cols 8 diag %c-1 key %c0 band [-384, 384] inside keys [0, 32] scale 2.500000e-01 bank [4, 8, 8] lanes 16
      pim.mov buffer_to_dram row %c12 col %c4 buf 1920 bytes 16
      pim.mov dram_to_buffer row %c8 col %c2 buf 1888 bytes 32
      pim.mac lhs 1888 rhs 0 acc 1920 shape [1, 8, 16] lanes 16 transpose_rhs
      pim.mask buf 1920 rows 1 cols 8 diag %c-2 key %c0 band [-384, 384] inside keys [0, 32] scale 2.500000e-01 bank [4, 8, 8] lanes 16
      pim.mov buffer_to_dram row %c12 col %c8 buf 1920 bytes 16
      pim.mov dram_to_buffer row %c8 col %c3 buf 1888 bytes 32
      pim.mac lhs 1888 rhs 0 acc 1920 shape [1, 8, 16] lanes 16 transpose_rhs
      pim.mask buf 1920 rows 1 cols 8 diag %c-3 key %c0 band [-384, 384] inside keys [0, 32] scale 2.500000e-01 bank [4, 8, 8] lanes 16
      pim.mov buffer_to_dram row %c12 col %c12 buf 1920 bytes 16
      pim.mov dram_to_buffer row %c12 col %c0 buf 0 bytes 16
      pim.exp src 0 dst 0 elements 8 lanes 16
      pim.acc src 0 dst 118 rows 1 cols 8
      pim.mov buffer_to_dram row %c12 col %c0 buf 0 bytes 16
      pim.acc src 118 dst 120 rows 1 cols 1 bank_group
      pim.mov buffer_to_dram row %c13 col %c0 buf 120 bytes 2
      pim.mov dram_to_buffer row %c12 col %c4 buf 0 bytes 16
      pim.exp src 0 dst 0 elements 8 lanes 16
      pim.acc src 0 dst 118 rows 1 cols 8
      pim.mov buffer_to_dram row %c12 col %c4 buf 0 bytes 16
      pim.acc src 118 dst 120 rows 1 cols 1 bank_group
      pim.mov buffer_to_dram row %c13 col %c4 buf 120 bytes 2
      pim.mov dram_to_buffer row %c12 col %c8 buf 0 bytes 16
      pim.exp src 0 dst 0 elements 8 lanes 16
      pim.acc src 0 dst 118 rows 1 cols 8
      pim.mov buffer_to_dram row %c12 col %c8 buf 0 bytes 16
      pim.acc src 118 dst 120 rows 1 cols 1 bank_group
      pim.mov buffer_to_dram row %c13 col %c8 buf 120 bytes 2
      pim.mov dram_to_buffer row %c12 col %c12 buf 0 bytes 16
      pim.exp src 0 dst 0 elements 8 lanes 16
      pim.acc src 0 dst 118 rows 1 cols 8
      pim.mov buffer_to_dram row %c12 col %c12 buf 0 bytes 16
      pim.acc src 118 dst 120 rows 1 cols 1 bank_group
      pim.mov buffer_to_dram row %c13 col %c12 buf 120 bytes 2
      pim.mov dram_to_buffer row %c11 col %c0 buf 0 bytes 256
      pim.mov dram_to_buffer row %c12 col %c0 buf 1888 bytes 16
      pim.mac lhs 1888 rhs 0 acc 2006 shape [1, 16, 8] lanes 16
      pim.acc src 2006 dst 2006 rows 16 cols 1 bank_group
      pim.mov dram_to_buffer row %c13 col %c0 buf 1888 bytes 2
      pim.sfm src 2006 sums 1888 dst 2006 rows 1 cols 16 lanes 16
      pim.out row %c9 col %c0 buf 2006 bytes 32
      pim.mov dram_to_buffer row %c12 col %c4 buf 1888 bytes 16
      pim.mac lhs 1888 rhs 0 acc 2006 shape [1, 16, 8] lanes 16
      pim.acc src 2006 dst 2006 rows 16 cols 1 bank_group
      pim.mov dram_to_buffer row %c13 col %c4 buf 1888 bytes 2
      pim.sfm src 2006 sums 1888 dst 2006 rows 1 cols 16 lanes 16
      pim.out row %c9 col %c1 buf 2006 bytes 32
      pim.mov dram_to_buffer row %c12 col %c8 buf 1888 bytes 16
      pim.mac lhs 1888 rhs 0 acc 2006 shape [1, 16, 8] lanes 16
      pim.acc src 2006 dst 2006 rows 16 cols 1 bank_group
      pim.mov dram_to_buffer row %c13 col %c8 buf 1888 bytes 2
      pim.sfm src 2006 sums 1888 dst 2006 rows 1 cols 16 lanes 16
      pim.out row %c9 col %c2 buf 2006 bytes 32
      pim.mov dram_to_buffer row %c12 col %c12 buf 1888 bytes 16
      pim.mac lhs 1888 rhs 0 acc 2006 shape [1, 16, 8] lanes 16
      pim.acc src 2006 dst 2006 rows 16 cols 1 bank_group
      pim.mov dram_to_buffer row %c13 col %c12 buf 1888 bytes 2
      pim.sfm src 2006 sums 1888 dst 2006 rows 1 cols 16 lanes 16
      pim.out row %c9 col %c3 buf 2006 bytes 32
    }
  }
}

