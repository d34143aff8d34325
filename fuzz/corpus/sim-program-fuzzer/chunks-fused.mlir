module {
  func.func @f(%arg0: tensor<1x1x16x64xf16>, %arg1: tensor<1x1x16x64xf16>, %arg2: tensor<1x1x16x64xf16>) -> tensor<1x1x16x64xf16> {
    %0 = sattn.sddmm %arg0, %arg1 {pattern = #sattn.pattern<window = [2, 2]>, pim.loop_nest = #pim.loop_nest<order = query_stationary, scores = buffer, rows = 5, keys = 5, passes = 2>, pim.mapping = #pim.mapping<split = rows, head_instances = 1, heads_per_group = 1, bank_groups = 1024, banks_per_group = 4>, pim.predicted = {bank_internal_bytes = 3072 : i64, bound = "compulsory", lower_bound_bytes = 3072 : i64, time_ns = 2717.8487447447451 : f64, total_internal_bytes = 12288 : i64}, pim.tiles = #pim.tiles<schedule = fused, rows = 5, keys = 5, head_dim_chunk = 32>, scale = 1.250000e-01 : f64} : tensor<1x1x16x64xf16>, tensor<1x1x16x64xf16> -> tensor<1x1x16x16xf16>
    %1 = sattn.softmax %0 {pattern = #sattn.pattern<window = [2, 2]>, pim.loop_nest = #pim.loop_nest<order = query_stationary, scores = buffer, rows = 5, keys = 5, passes = 2>, pim.mapping = #pim.mapping<split = rows, head_instances = 1, heads_per_group = 1, bank_groups = 1024, banks_per_group = 4>, pim.predicted = {bank_internal_bytes = 3072 : i64, bound = "compulsory", lower_bound_bytes = 3072 : i64, time_ns = 2717.8487447447451 : f64, total_internal_bytes = 12288 : i64}, pim.tiles = #pim.tiles<schedule = fused, rows = 5, keys = 5, head_dim_chunk = 32>} : tensor<1x1x16x16xf16>
    %2 = sattn.spmm %1, %arg2 {pattern = #sattn.pattern<window = [2, 2]>, pim.loop_nest = #pim.loop_nest<order = query_stationary, scores = buffer, rows = 5, keys = 5, passes = 2>, pim.mapping = #pim.mapping<split = rows, head_instances = 1, heads_per_group = 1, bank_groups = 1024, banks_per_group = 4>, pim.predicted = {bank_internal_bytes = 3072 : i64, bound = "compulsory", lower_bound_bytes = 3072 : i64, time_ns = 2717.8487447447451 : f64, total_internal_bytes = 12288 : i64}, pim.tiles = #pim.tiles<schedule = fused, rows = 5, keys = 5, head_dim_chunk = 32>} : tensor<1x1x16x16xf16>, tensor<1x1x16x64xf16> -> tensor<1x1x16x64xf16>
    return %2 : tensor<1x1x16x64xf16>
  }
  pim.kernel @f_pim hw(#pim.hw<"pilot-hbm3">) attributes {pilot.attention = {kv_shape = array<i64: 1, 1, 16, 64>, pattern = #sattn.pattern<window = [2, 2]>, query_shape = array<i64: 1, 1, 16, 64>, scale = 1.250000e-01 : f64}} {
    pim.bank_class @groups_0_1 banks(first = 0, count = 4, stride = 1) {
      %c1 = arith.constant 1 : index
      %c22 = arith.constant 22 : index
      %c18 = arith.constant 18 : index
      %c20 = arith.constant 20 : index
      %c16 = arith.constant 16 : index
      %c5 = arith.constant 5 : index
      %c-2 = arith.constant -2 : index
      %c30 = arith.constant 30 : index
      %c26 = arith.constant 26 : index
      %c3 = arith.constant 3 : index
      %c28 = arith.constant 28 : index
      %c24 = arith.constant 24 : index
      %c14 = arith.constant 14 : index
      %c10 = arith.constant 10 : index
      %c6 = arith.constant 6 : index
      %c2 = arith.constant 2 : index
      %c12 = arith.constant 12 : index
      %c8 = arith.constant 8 : index
      %c4 = arith.constant 4 : index
      %c0 = arith.constant 0 : index
      pim.cfg "Q" rows(0, 1) elements 256 offset 0 radices [4, 1, 1] strides [0, 1024, 1024] select [4, 0]
      pim.cfg "O" rows(1, 1) elements 256 offset 0 radices [4, 1, 1] strides [0, 1024, 1024] select [4, 0]
      pim.cfg "Q" rows(0, 1) elements 256 offset 256 radices [4, 1, 1] strides [0, 1024, 1024] select [4, 1]
      pim.cfg "O" rows(1, 1) elements 256 offset 256 radices [4, 1, 1] strides [0, 1024, 1024] select [4, 1]
      pim.cfg "Q" rows(0, 1) elements 256 offset 512 radices [4, 1, 1] strides [0, 1024, 1024] select [4, 2]
      pim.cfg "O" rows(1, 1) elements 256 offset 512 radices [4, 1, 1] strides [0, 1024, 1024] select [4, 2]
      pim.cfg "Q" rows(0, 1) elements 256 offset 768 radices [4, 1, 1] strides [0, 1024, 1024] select [4, 3]
      pim.cfg "O" rows(1, 1) elements 256 offset 768 radices [4, 1, 1] strides [0, 1024, 1024] select [4, 3]
      pim.cfg "K" rows(3, 1) elements 384 offset 0 radices [4, 1, 1] strides [0, 1024, 1024] select [4, 0]
      pim.cfg "K" rows(2, 2) elements 896 offset 0 radices [4, 1, 1] strides [0, 1024, 1024] segments [0, 256, 0, 640] select [4, 1]
      pim.cfg "K" rows(2, 2) elements 896 offset 0 radices [4, 1, 1] strides [0, 1024, 1024] select [4, 2]
      pim.cfg "K" rows(2, 2) elements 768 offset 256 radices [4, 1, 1] strides [0, 1024, 1024] select [4, 3]
      pim.cfg "V" rows(5, 1) elements 384 offset 0 radices [4, 1, 1] strides [0, 1024, 1024] select [4, 0]
      pim.cfg "V" rows(4, 2) elements 896 offset 0 radices [4, 1, 1] strides [0, 1024, 1024] segments [0, 256, 0, 640] select [4, 1]
      pim.cfg "V" rows(4, 2) elements 896 offset 0 radices [4, 1, 1] strides [0, 1024, 1024] select [4, 2]
      pim.cfg "V" rows(4, 2) elements 768 offset 256 radices [4, 1, 1] strides [0, 1024, 1024] select [4, 3]
      pim.mov dram_to_buffer row %c0 col %c0 buf 0 bytes 64
      pim.mov dram_to_buffer row %c0 col %c4 buf 64 bytes 64
      pim.mov dram_to_buffer row %c0 col %c8 buf 128 bytes 64
      pim.mov dram_to_buffer row %c0 col %c12 buf 192 bytes 64
      pim.mov dram_to_buffer row %c0 col %c2 buf 320 bytes 64
      pim.mov dram_to_buffer row %c0 col %c6 buf 384 bytes 64
      pim.mov dram_to_buffer row %c0 col %c10 buf 448 bytes 64
      pim.mov dram_to_buffer row %c0 col %c14 buf 512 bytes 64
      pim.mov dram_to_buffer row %c2 col %c24 buf 1280 bytes 64
      pim.mov dram_to_buffer row %c2 col %c28 buf 1344 bytes 64
      pim.mov dram_to_buffer row %c3 col %c0 buf 1408 bytes 64
      pim.mov dram_to_buffer row %c3 col %c4 buf 1472 bytes 64
      pim.mov dram_to_buffer row %c3 col %c8 buf 1536 bytes 64
      pim.mac lhs 0 rhs 1280 acc 1600 shape [4, 5, 32] lanes 16 transpose_rhs
      pim.mov dram_to_buffer row %c2 col %c26 buf 1280 bytes 64
      pim.mov dram_to_buffer row %c2 col %c30 buf 1344 bytes 64
      pim.mov dram_to_buffer row %c3 col %c2 buf 1408 bytes 64
      pim.mov dram_to_buffer row %c3 col %c6 buf 1472 bytes 64
      pim.mov dram_to_buffer row %c3 col %c10 buf 1536 bytes 64
      pim.mac lhs 320 rhs 1280 acc 1600 shape [4, 5, 32] lanes 16 transpose_rhs accumulate
      pim.mask buf 1600 rows 4 cols 5 diag %c-2 key %c-2 band [-2, 2] inside keys [0, 16] scale 1.250000e-01 bank [4, 0, 4] lanes 16
      pim.acc src 1600 dst 1650 rows 4 cols 5 max
      pim.sub src 1600 vec 1650 dst 1600 rows 4 cols 5 lanes 16
      pim.exp src 1600 dst 1600 elements 20 lanes 16
      pim.acc src 1600 dst 1680 rows 4 cols 5
      pim.mov dram_to_buffer row %c4 col %c24 buf 1280 bytes 64
      pim.mov dram_to_buffer row %c4 col %c28 buf 1344 bytes 64
      pim.mov dram_to_buffer row %c5 col %c0 buf 1408 bytes 64
      pim.mov dram_to_buffer row %c5 col %c4 buf 1472 bytes 64
      pim.mov dram_to_buffer row %c5 col %c8 buf 1536 bytes 64
      pim.mac lhs 1600 rhs 1280 acc 640 shape [4, 32, 5] lanes 16
      pim.mov dram_to_buffer row %c4 col %c26 buf 1280 bytes 64
      pim.mov dram_to_buffer row %c4 col %c30 buf 1344 bytes 64
      pim.mov dram_to_buffer row %c5 col %c2 buf 1408 bytes 64
      pim.mov dram_to_buffer row %c5 col %c6 buf 1472 bytes 64
      pim.mov dram_to_buffer row %c5 col %c10 buf 1536 bytes 64
      pim.mac lhs 1600 rhs 1280 acc 960 shape [4, 32, 5] lanes 16
      pim.mov dram_to_buffer row %c3 col %c12 buf 1280 bytes 64
      pim.mov dram_to_buffer row %c3 col %c16 buf 1344 bytes 64
      pim.mov dram_to_buffer row %c3 col %c20 buf 1408 bytes 64
      pim.mac lhs 0 rhs 1280 acc 1600 shape [4, 3, 32] lanes 16 transpose_rhs
      pim.mov dram_to_buffer row %c3 col %c14 buf 1280 bytes 64
      pim.mov dram_to_buffer row %c3 col %c18 buf 1344 bytes 64
      pim.mov dram_to_buffer row %c3 col %c22 buf 1408 bytes 64
      pim.mac lhs 320 rhs 1280 acc 1600 shape [4, 3, 32] lanes 16 transpose_rhs accumulate
      pim.mask buf 1600 rows 4 cols 3 diag %c3 key %c3 band [-2, 2] inside keys [0, 16] scale 1.250000e-01 bank [4, 0, 4] lanes 16
      pim.acc src 1600 dst 1660 rows 4 cols 3 max
      pim.acc src 1650 dst 1660 rows 4 cols 1 max accumulate
      pim.sub src 1660 vec 1650 dst 1670 rows 4 cols 1 lanes 16
      pim.exp src 1670 dst 1670 elements 4 lanes 16
      pim.sfm src 640 sums 1670 dst 640 rows 4 cols 32 lanes 16
      pim.sfm src 960 sums 1670 dst 960 rows 4 cols 32 lanes 16
      pim.sfm src 1680 sums 1670 dst 1680 rows 4 cols 1 lanes 16
      pim.acc src 1660 dst 1650 rows 4 cols 1
      pim.sub src 1600 vec 1650 dst 1600 rows 4 cols 3 lanes 16
      pim.exp src 1600 dst 1600 elements 12 lanes 16
      pim.acc src 1600 dst 1680 rows 4 cols 3 accumulate
      pim.mov dram_to_buffer row %c5 col %c12 buf 1280 bytes 64
      pim.mov dram_to_buffer row %c5 col %c16 buf 1344 bytes 64
      pim.mov dram_to_buffer row %c5 col %c20 buf 1408 bytes 64
      pim.mac lhs 1600 rhs 1280 acc 640 shape [4, 32, 3] lanes 16 accumulate
      pim.mov dram_to_buffer row %c5 col %c14 buf 1280 bytes 64
      pim.mov dram_to_buffer row %c5 col %c18 buf 1344 bytes 64
      pim.mov dram_to_buffer row %c5 col %c22 buf 1408 bytes 64
      pim.mac lhs 1600 rhs 1280 acc 960 shape [4, 32, 3] lanes 16 accumulate
      pim.sfm src 640 sums 1680 dst 640 rows 4 cols 32 lanes 16
      pim.sfm src 960 sums 1680 dst 960 rows 4 cols 32 lanes 16
      pim.out row %c1 col %c0 buf 640 bytes 64
      pim.out row %c1 col %c4 buf 704 bytes 64
      pim.out row %c1 col %c8 buf 768 bytes 64
      pim.out row %c1 col %c12 buf 832 bytes 64
      pim.out row %c1 col %c2 buf 960 bytes 64
      pim.out row %c1 col %c6 buf 1024 bytes 64
      pim.out row %c1 col %c10 buf 1088 bytes 64
      pim.out row %c1 col %c14 buf 1152 bytes 64
    }
  }
}

