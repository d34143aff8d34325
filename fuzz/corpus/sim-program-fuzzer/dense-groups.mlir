module {
  func.func @f(%arg0: tensor<2x2x16x16xf16>, %arg1: tensor<2x1x16x16xf16>, %arg2: tensor<2x1x16x16xf16>) -> tensor<2x2x16x16xf16> {
    %0 = sattn.sddmm %arg0, %arg1 {pattern = #sattn.pattern<dense = true, causal = true>, pim.loop_nest = #pim.loop_nest<order = query_stationary, scores = dram, rows = 16, keys = 31, passes = 1>, pim.mapping = #pim.mapping<split = rows, head_instances = 4, heads_per_group = 2, bank_groups = 2, banks_per_group = 4>, pim.predicted = {bank_internal_bytes = 3584 : i64, bound = "compulsory", lower_bound_bytes = 2560 : i64, time_ns = 4697.5203603603604 : f64, total_internal_bytes = 28672 : i64}, pim.tiles = #pim.tiles<schedule = pilot, rows = 31, keys = 31>, scale = 2.500000e-01 : f64} : tensor<2x2x16x16xf16>, tensor<2x1x16x16xf16> -> tensor<2x2x16x16xf16>
    %1 = sattn.softmax %0 {pattern = #sattn.pattern<dense = true, causal = true>, pim.loop_nest = #pim.loop_nest<order = query_stationary, scores = dram, rows = 16, keys = 31, passes = 1>, pim.mapping = #pim.mapping<split = rows, head_instances = 4, heads_per_group = 2, bank_groups = 2, banks_per_group = 4>, pim.predicted = {bank_internal_bytes = 3584 : i64, bound = "compulsory", lower_bound_bytes = 2560 : i64, time_ns = 4697.5203603603604 : f64, total_internal_bytes = 28672 : i64}, pim.tiles = #pim.tiles<schedule = pilot, rows = 31, keys = 31>} : tensor<2x2x16x16xf16>
    %2 = sattn.spmm %1, %arg2 {pattern = #sattn.pattern<dense = true, causal = true>, pim.loop_nest = #pim.loop_nest<order = query_stationary, scores = dram, rows = 16, keys = 31, passes = 1>, pim.mapping = #pim.mapping<split = rows, head_instances = 4, heads_per_group = 2, bank_groups = 2, banks_per_group = 4>, pim.predicted = {bank_internal_bytes = 3584 : i64, bound = "compulsory", lower_bound_bytes = 2560 : i64, time_ns = 4697.5203603603604 : f64, total_internal_bytes = 28672 : i64}, pim.tiles = #pim.tiles<schedule = pilot, rows = 31, keys = 31>} : tensor<2x2x16x16xf16>, tensor<2x1x16x16xf16> -> tensor<2x2x16x16xf16>
    return %2 : tensor<2x2x16x16xf16>
  }
  pim.kernel @f_pim hw(#pim.hw<"pilot-hbm3", org.stacks = 1, org.dies = 1, org.pchs = 1, org.bank_groups = 2, bpm.buffer_bytes = 4096>) attributes {pilot.attention = {kv_shape = array<i64: 2, 1, 16, 16>, pattern = #sattn.pattern<dense = true, causal = true>, query_shape = array<i64: 2, 2, 16, 16>, scale = 2.500000e-01 : f64}} {
    pim.bank_class @groups_0_2 banks(first = 0, count = 8, stride = 1) {
      %c1 = arith.constant 1 : index
      %c3 = arith.constant 3 : index
      %c8 = arith.constant 8 : index
      %c2 = arith.constant 2 : index
      %c4 = arith.constant 4 : index
      %c0 = arith.constant 0 : index
      pim.cfg "Q" rows(0, 1) elements 64 offset 0 radices [4, 2, 1] strides [0, 256, 512] slots(2, index_base = 0, index_stride = 8, row_stride = 4) select [4, 0]
      pim.cfg "O" rows(1, 1) elements 64 offset 0 radices [4, 2, 1] strides [0, 256, 512] slots(2, index_base = 0, index_stride = 8, row_stride = 4) select [4, 0]
      pim.cfg "Q" rows(0, 1) elements 64 offset 64 radices [4, 2, 1] strides [0, 256, 512] slots(2, index_base = 0, index_stride = 8, row_stride = 4) select [4, 1]
      pim.cfg "O" rows(1, 1) elements 64 offset 64 radices [4, 2, 1] strides [0, 256, 512] slots(2, index_base = 0, index_stride = 8, row_stride = 4) select [4, 1]
      pim.cfg "Q" rows(0, 1) elements 64 offset 128 radices [4, 2, 1] strides [0, 256, 512] slots(2, index_base = 0, index_stride = 8, row_stride = 4) select [4, 2]
      pim.cfg "O" rows(1, 1) elements 64 offset 128 radices [4, 2, 1] strides [0, 256, 512] slots(2, index_base = 0, index_stride = 8, row_stride = 4) select [4, 2]
      pim.cfg "Q" rows(0, 1) elements 64 offset 192 radices [4, 2, 1] strides [0, 256, 512] slots(2, index_base = 0, index_stride = 8, row_stride = 4) select [4, 3]
      pim.cfg "O" rows(1, 1) elements 64 offset 192 radices [4, 2, 1] strides [0, 256, 512] slots(2, index_base = 0, index_stride = 8, row_stride = 4) select [4, 3]
      pim.cfg "K" rows(2, 1) elements 256 offset 0 radices [4, 2, 1, 1] strides [0, 0, 256, 256] slots(2, index_base = 0, index_stride = 8, row_stride = 4)
      pim.cfg "V" rows(3, 1) elements 256 offset 0 radices [4, 2, 1, 1] strides [0, 0, 256, 256] slots(2, index_base = 0, index_stride = 8, row_stride = 4)
      pim.loop %arg0 = 0 to 2 {
        %0 = arith.muli %arg0, %c4 : index
        pim.mov dram_to_buffer row %0 col %c0 buf 32 bytes 128
        %1 = arith.muli %arg0, %c4 : index
        %2 = arith.addi %c2, %1 : index
        pim.mov dram_to_buffer row %2 col %c0 buf 544 bytes 512
        pim.mac lhs 32 rhs 544 acc 1536 shape [4, 16, 16] lanes 16 transpose_rhs
        pim.mask buf 1536 rows 4 cols 16 diag %c0 key %c0 band [-320, 0] inside keys [0, 16] scale 2.500000e-01 bank [4, -4, 0] lanes 16
        pim.mov buffer_to_dram row %c8 col %c0 buf 1536 bytes 128
        pim.mov dram_to_buffer row %c8 col %c0 buf 32 bytes 128
        pim.exp src 32 dst 32 elements 64 lanes 16
        pim.acc src 32 dst 0 rows 4 cols 16
        pim.mov buffer_to_dram row %c8 col %c0 buf 32 bytes 128
        %3 = arith.muli %arg0, %c4 : index
        %4 = arith.addi %c3, %3 : index
        pim.mov dram_to_buffer row %4 col %c0 buf 32 bytes 512
        pim.mov dram_to_buffer row %c8 col %c0 buf 1024 bytes 128
        pim.mac lhs 1024 rhs 32 acc 2016 shape [4, 16, 16] lanes 16
        pim.sfm src 2016 sums 0 dst 2016 rows 4 cols 16 lanes 16
        %5 = arith.muli %arg0, %c4 : index
        %6 = arith.addi %c1, %5 : index
        pim.out row %6 col %c0 buf 2016 bytes 128
      }
    }
  }
}

