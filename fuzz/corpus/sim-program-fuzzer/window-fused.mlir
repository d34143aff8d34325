module {
  func.func @f(%arg0: tensor<1x1x32x16xf16>, %arg1: tensor<1x1x32x16xf16>, %arg2: tensor<1x1x32x16xf16>) -> tensor<1x1x32x16xf16> {
    %0 = sattn.sddmm %arg0, %arg1 {pattern = #sattn.pattern<window = [2, 1]>, pim.loop_nest = #pim.loop_nest<order = query_stationary, scores = buffer, rows = 15, keys = 15, passes = 1>, pim.mapping = #pim.mapping<split = rows, head_instances = 1, heads_per_group = 1, bank_groups = 1024, banks_per_group = 4>, pim.predicted = {bank_internal_bytes = 1216 : i64, bound = "compulsory", lower_bound_bytes = 1216 : i64, time_ns = 1943.0881021021023 : f64, total_internal_bytes = 4864 : i64}, pim.tiles = #pim.tiles<schedule = fused, rows = 15, keys = 15>, scale = 2.500000e-01 : f64} : tensor<1x1x32x16xf16>, tensor<1x1x32x16xf16> -> tensor<1x1x32x32xf16>
    %1 = sattn.softmax %0 {pattern = #sattn.pattern<window = [2, 1]>, pim.loop_nest = #pim.loop_nest<order = query_stationary, scores = buffer, rows = 15, keys = 15, passes = 1>, pim.mapping = #pim.mapping<split = rows, head_instances = 1, heads_per_group = 1, bank_groups = 1024, banks_per_group = 4>, pim.predicted = {bank_internal_bytes = 1216 : i64, bound = "compulsory", lower_bound_bytes = 1216 : i64, time_ns = 1943.0881021021023 : f64, total_internal_bytes = 4864 : i64}, pim.tiles = #pim.tiles<schedule = fused, rows = 15, keys = 15>} : tensor<1x1x32x32xf16>
    %2 = sattn.spmm %1, %arg2 {pattern = #sattn.pattern<window = [2, 1]>, pim.loop_nest = #pim.loop_nest<order = query_stationary, scores = buffer, rows = 15, keys = 15, passes = 1>, pim.mapping = #pim.mapping<split = rows, head_instances = 1, heads_per_group = 1, bank_groups = 1024, banks_per_group = 4>, pim.predicted = {bank_internal_bytes = 1216 : i64, bound = "compulsory", lower_bound_bytes = 1216 : i64, time_ns = 1943.0881021021023 : f64, total_internal_bytes = 4864 : i64}, pim.tiles = #pim.tiles<schedule = fused, rows = 15, keys = 15>} : tensor<1x1x32x32xf16>, tensor<1x1x32x16xf16> -> tensor<1x1x32x16xf16>
    return %2 : tensor<1x1x32x16xf16>
  }
  pim.kernel @f_pim hw(#pim.hw<"pilot-hbm3">) attributes {pilot.attention = {kv_shape = array<i64: 1, 1, 32, 16>, pattern = #sattn.pattern<window = [2, 1]>, query_shape = array<i64: 1, 1, 32, 16>, scale = 2.500000e-01 : f64}} {
    pim.bank_class @groups_0_1 banks(first = 0, count = 4, stride = 1) {
      %c1 = arith.constant 1 : index
      %c5 = arith.constant 5 : index
      %c4 = arith.constant 4 : index
      %c-2 = arith.constant -2 : index
      %c3 = arith.constant 3 : index
      %c30 = arith.constant 30 : index
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
      pim.cfg "K" rows(3, 1) elements 144 offset 0 radices [4, 1, 1] strides [0, 512, 512] select [4, 0]
      pim.cfg "K" rows(2, 2) elements 656 offset 0 radices [4, 1, 1] strides [0, 512, 512] segments [0, 384, 0, 272] select [4, 1]
      pim.cfg "K" rows(2, 2) elements 656 offset 0 radices [4, 1, 1] strides [0, 512, 512] segments [0, 256, 0, 400] select [4, 2]
      pim.cfg "K" rows(2, 2) elements 640 offset 0 radices [4, 1, 1] strides [0, 512, 512] segments [0, 128, 0, 512] select [4, 3]
      pim.cfg "V" rows(5, 1) elements 144 offset 0 radices [4, 1, 1] strides [0, 512, 512] select [4, 0]
      pim.cfg "V" rows(4, 2) elements 656 offset 0 radices [4, 1, 1] strides [0, 512, 512] segments [0, 384, 0, 272] select [4, 1]
      pim.cfg "V" rows(4, 2) elements 656 offset 0 radices [4, 1, 1] strides [0, 512, 512] segments [0, 256, 0, 400] select [4, 2]
      pim.cfg "V" rows(4, 2) elements 640 offset 0 radices [4, 1, 1] strides [0, 512, 512] segments [0, 128, 0, 512] select [4, 3]
      pim.mov dram_to_buffer row %c0 col %c0 buf 0 bytes 256
      pim.mov dram_to_buffer row %c2 col %c30 buf 960 bytes 64
      pim.mov dram_to_buffer row %c3 col %c0 buf 1024 bytes 288
      pim.mac lhs 0 rhs 960 acc 1440 shape [8, 11, 16] lanes 16 transpose_rhs
      pim.mask buf 1440 rows 8 cols 11 diag %c-2 key %c-2 band [-2, 1] inside keys [0, 32] scale 2.500000e-01 bank [4, 0, 8] lanes 16
      pim.acc src 1440 dst 1890 rows 8 cols 11 max
      pim.sub src 1440 vec 1890 dst 1440 rows 8 cols 11 lanes 16
      pim.exp src 1440 dst 1440 elements 88 lanes 16
      pim.acc src 1440 dst 1980 rows 8 cols 11
      pim.mov dram_to_buffer row %c4 col %c30 buf 960 bytes 64
      pim.mov dram_to_buffer row %c5 col %c0 buf 1024 bytes 288
      pim.mac lhs 1440 rhs 960 acc 480 shape [8, 16, 11] lanes 16
      pim.sfm src 480 sums 1980 dst 480 rows 8 cols 16 lanes 16
      pim.out row %c1 col %c0 buf 480 bytes 256
    }
  }
}

