module {
  func.func @f(%arg0: tensor<1x2x1x16xf16>, %arg1: tensor<1x2x48x16xf16>, %arg2: tensor<1x2x48x16xf16>) -> tensor<1x2x1x16xf16> {
    %0 = sattn.sddmm %arg0, %arg1 {pattern = #sattn.pattern<causal = true, window = [5, 0], sinks = 2>, pim.loop_nest = #pim.loop_nest<order = query_stationary, scores = dram, rows = 1, keys = 59, passes = 1>, pim.mapping = #pim.mapping<split = columns, head_instances = 2, heads_per_group = 1, bank_groups = 1024, banks_per_group = 4>, pim.predicted = {bank_internal_bytes = 320 : i64, bound = "compulsory", lower_bound_bytes = 192 : i64, time_ns = 496.48201201201209 : f64, total_internal_bytes = 2560 : i64}, pim.tiles = #pim.tiles<schedule = pilot, rows = 1, keys = 59>, scale = 2.500000e-01 : f64} : tensor<1x2x1x16xf16>, tensor<1x2x48x16xf16> -> tensor<1x2x1x48xf16>
    %1 = sattn.softmax %0 {pattern = #sattn.pattern<causal = true, window = [5, 0], sinks = 2>, pim.loop_nest = #pim.loop_nest<order = query_stationary, scores = dram, rows = 1, keys = 59, passes = 1>, pim.mapping = #pim.mapping<split = columns, head_instances = 2, heads_per_group = 1, bank_groups = 1024, banks_per_group = 4>, pim.predicted = {bank_internal_bytes = 320 : i64, bound = "compulsory", lower_bound_bytes = 192 : i64, time_ns = 496.48201201201209 : f64, total_internal_bytes = 2560 : i64}, pim.tiles = #pim.tiles<schedule = pilot, rows = 1, keys = 59>} : tensor<1x2x1x48xf16>
    %2 = sattn.spmm %1, %arg2 {pattern = #sattn.pattern<causal = true, window = [5, 0], sinks = 2>, pim.loop_nest = #pim.loop_nest<order = query_stationary, scores = dram, rows = 1, keys = 59, passes = 1>, pim.mapping = #pim.mapping<split = columns, head_instances = 2, heads_per_group = 1, bank_groups = 1024, banks_per_group = 4>, pim.predicted = {bank_internal_bytes = 320 : i64, bound = "compulsory", lower_bound_bytes = 192 : i64, time_ns = 496.48201201201209 : f64, total_internal_bytes = 2560 : i64}, pim.tiles = #pim.tiles<schedule = pilot, rows = 1, keys = 59>} : tensor<1x2x1x48xf16>, tensor<1x2x48x16xf16> -> tensor<1x2x1x16xf16>
    return %2 : tensor<1x2x1x16xf16>
  }
  pim.kernel @f_pim hw(#pim.hw<"pilot-hbm3">) attributes {pilot.attention = {kv_shape = array<i64: 1, 2, 48, 16>, pattern = #sattn.pattern<causal = true, window = [5, 0], sinks = 2>, query_shape = array<i64: 1, 2, 1, 16>, scale = 2.500000e-01 : f64}} {
    pim.bank_class @groups_0_2 banks(first = 0, count = 8, stride = 1) {
      %c1 = arith.constant 1 : index
      %c3 = arith.constant 3 : index
      %c4 = arith.constant 4 : index
      %c2 = arith.constant 2 : index
      %c0 = arith.constant 0 : index
      pim.cfg "Q" rows(0, 1) elements 16 offset 0 radices [4, 2, 1] strides [0, 16, 32]
      pim.cfg "O" rows(1, 1) elements 16 offset 0 radices [4, 2, 1] strides [0, 16, 32] select [4, 0]
      pim.cfg "K" rows(2, 1) elements 32 offset 0 radices [4, 2, 1] strides [0, 768, 1536] select [4, 0]
      pim.cfg "K" rows(2, 1) elements 32 offset 672 radices [4, 2, 1] strides [0, 768, 1536] select [4, 1]
      pim.cfg "K" rows(2, 1) elements 32 offset 704 radices [4, 2, 1] strides [0, 768, 1536] select [4, 2]
      pim.cfg "K" rows(2, 1) elements 32 offset 736 radices [4, 2, 1] strides [0, 768, 1536] select [4, 3]
      pim.cfg "V" rows(3, 1) elements 32 offset 0 radices [4, 2, 1] strides [0, 768, 1536] select [4, 0]
      pim.cfg "V" rows(3, 1) elements 32 offset 672 radices [4, 2, 1] strides [0, 768, 1536] select [4, 1]
      pim.cfg "V" rows(3, 1) elements 32 offset 704 radices [4, 2, 1] strides [0, 768, 1536] select [4, 2]
      pim.cfg "V" rows(3, 1) elements 32 offset 736 radices [4, 2, 1] strides [0, 768, 1536] select [4, 3]
      pim.mov dram_to_buffer row %c0 col %c0 buf 4 bytes 32
      pim.mov dram_to_buffer row %c2 col %c0 buf 36 bytes 64
      pim.mac lhs 4 rhs 36 acc 1924 shape [1, 2, 16] lanes 16 transpose_rhs
      pim.mask buf 1924 rows 1 cols 2 diag %c0 key %c0 band [-354, 354] inside keys [0, 8] scale 2.500000e-01 bank [4, 2, 2] lanes 16
      pim.mov buffer_to_dram row %c4 col %c0 buf 1924 bytes 4
      pim.mov dram_to_buffer row %c4 col %c0 buf 4 bytes 4
      pim.exp src 4 dst 4 elements 2 lanes 16
      pim.acc src 4 dst 0 rows 1 cols 2
      pim.mov buffer_to_dram row %c4 col %c0 buf 4 bytes 4
      pim.acc src 0 dst 2 rows 1 cols 1 bank_group
      pim.mov dram_to_buffer row %c3 col %c0 buf 4 bytes 64
      pim.mov dram_to_buffer row %c4 col %c0 buf 1892 bytes 4
      pim.mac lhs 1892 rhs 4 acc 2010 shape [1, 16, 2] lanes 16
      pim.acc src 2010 dst 4 rows 16 cols 1 bank_group
      pim.sfm src 4 sums 2 dst 4 rows 1 cols 16 lanes 16
      pim.out row %c1 col %c0 buf 4 bytes 32
    }
  }
}

