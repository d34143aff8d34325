module {
  func.func @decode(%arg0: tensor<1x2x1x16xf16>, %arg1: tensor<1x2x256x16xf16>, %arg2: tensor<1x2x256x16xf16>) -> tensor<1x2x1x16xf16> {
    %0 = sattn.sddmm %arg0, %arg1 {pattern = #sattn.pattern<dense = true, causal = true>, pim.loop_nest = #pim.loop_nest<order = query_stationary, scores = buffer, rows = 1, keys = 58, passes = 1>, pim.mapping = #pim.mapping<split = columns, head_instances = 2, heads_per_group = 1, bank_groups = 128, banks_per_group = 4, groups_per_instance = 64>, pim.predicted = {bank_internal_bytes = 192 : i64, bound = "compulsory", lower_bound_bytes = 128 : i64, time_ns = 301.33076753771883 : f64, total_internal_bytes = 98304 : i64}, pim.tiles = #pim.tiles<schedule = fused, rows = 1, keys = 58>, scale = 2.500000e-01 : f64} : tensor<1x2x1x16xf16>, tensor<1x2x256x16xf16> -> tensor<1x2x1x256xf16>
    %1 = sattn.softmax %0 {pattern = #sattn.pattern<dense = true, causal = true>, pim.loop_nest = #pim.loop_nest<order = query_stationary, scores = buffer, rows = 1, keys = 58, passes = 1>, pim.mapping = #pim.mapping<split = columns, head_instances = 2, heads_per_group = 1, bank_groups = 128, banks_per_group = 4, groups_per_instance = 64>, pim.predicted = {bank_internal_bytes = 192 : i64, bound = "compulsory", lower_bound_bytes = 128 : i64, time_ns = 301.33076753771883 : f64, total_internal_bytes = 98304 : i64}, pim.tiles = #pim.tiles<schedule = fused, rows = 1, keys = 58>} : tensor<1x2x1x256xf16>
    %2 = sattn.spmm %1, %arg2 {pattern = #sattn.pattern<dense = true, causal = true>, pim.loop_nest = #pim.loop_nest<order = query_stationary, scores = buffer, rows = 1, keys = 58, passes = 1>, pim.mapping = #pim.mapping<split = columns, head_instances = 2, heads_per_group = 1, bank_groups = 128, banks_per_group = 4, groups_per_instance = 64>, pim.predicted = {bank_internal_bytes = 192 : i64, bound = "compulsory", lower_bound_bytes = 128 : i64, time_ns = 301.33076753771883 : f64, total_internal_bytes = 98304 : i64}, pim.tiles = #pim.tiles<schedule = fused, rows = 1, keys = 58>} : tensor<1x2x1x256xf16>, tensor<1x2x256x16xf16> -> tensor<1x2x1x16xf16>
    return %2 : tensor<1x2x1x16xf16>
  }
  pim.kernel @decode_pim hw(#pim.hw<"pilot-hbm3">) attributes {pilot.attention = {kv_shape = array<i64: 1, 2, 256, 16>, pattern = #sattn.pattern<dense = true, causal = true>, query_shape = array<i64: 1, 2, 1, 16>, scale = 2.500000e-01 : f64}} {
    pim.bank_class @groups_0_128 banks(first = 0, count = 512, stride = 1) {
      %c2 = arith.constant 2 : index
      %c3 = arith.constant 3 : index
      %c1 = arith.constant 1 : index
      %c5 = arith.constant 5 : index
      %c4 = arith.constant 4 : index
      %c0 = arith.constant 0 : index
      pim.cfg "Q" rows(0, 1) elements 16 offset 0 radices [256, 2, 1] strides [0, 16, 32]
      pim.cfg "O.part" rows(1, 1) elements 16 offset 0 radices [4, 64, 2, 1] strides [0, 32, 16, 32] select [4, 0]
      pim.cfg "M.part" rows(2, 1) elements 1 offset 0 radices [4, 64, 2, 1] strides [0, 2, 1, 2] select [4, 0]
      pim.cfg "L.part" rows(3, 1) elements 1 offset 0 radices [4, 64, 2, 1] strides [0, 2, 1, 2] select [4, 0]
      pim.cfg "K" rows(4, 1) elements 16 offset 0 radices [256, 2, 1] strides [16, 4096, 8192]
      pim.cfg "V" rows(5, 1) elements 16 offset 0 radices [256, 2, 1] strides [16, 4096, 8192]
      pim.mov dram_to_buffer row %c0 col %c0 buf 0 bytes 32
      pim.mov dram_to_buffer row %c4 col %c0 buf 64 bytes 32
      pim.mac lhs 0 rhs 64 acc 1920 shape [1, 1, 16] lanes 16 transpose_rhs
      pim.mask buf 1920 rows 1 cols 1 diag %c0 key %c0 band [-16898, 16898] inside keys [0, 256] scale 2.500000e-01 bank [256, 1, 1] lanes 16
      pim.acc src 1920 dst 2036 rows 1 cols 1 max
      pim.sub src 1920 vec 2036 dst 1920 rows 1 cols 1 lanes 16
      pim.exp src 1920 dst 1920 elements 1 lanes 16
      pim.acc src 1920 dst 2042 rows 1 cols 1
      pim.mov dram_to_buffer row %c5 col %c0 buf 64 bytes 32
      pim.mac lhs 1920 rhs 64 acc 32 shape [1, 16, 1] lanes 16
      pim.acc src 2036 dst 2038 rows 1 cols 1 max bank_group
      pim.sub src 2038 vec 2036 dst 2040 rows 1 cols 1 lanes 16
      pim.exp src 2040 dst 2040 elements 1 lanes 16
      pim.sfm src 32 sums 2040 dst 32 rows 1 cols 16 lanes 16
      pim.sfm src 2042 sums 2040 dst 2042 rows 1 cols 1 lanes 16
      pim.acc src 2042 dst 2036 rows 1 cols 1 bank_group
      pim.acc src 32 dst 0 rows 16 cols 1 bank_group
      pim.sfm src 0 sums 2036 dst 0 rows 1 cols 16 lanes 16
      pim.out row %c1 col %c0 buf 0 bytes 32
      pim.out row %c3 col %c0 buf 2036 bytes 2
      pim.out row %c2 col %c0 buf 2038 bytes 2
    }
    pim.merge "O" partials "O.part" maxima "M.part" sums "L.part" pieces 64 heads [0, 1]
  }
}

