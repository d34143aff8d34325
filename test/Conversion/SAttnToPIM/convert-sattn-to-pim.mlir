// RUN: pilot-opt %s -split-input-file --convert-sattn-to-pim | FileCheck %s
// RUN: pilot-opt %s -split-input-file --pim-tile="schedule=fused" --pim-schedule --convert-sattn-to-pim | FileCheck %s --check-prefix=FUSED
// The former name of the conversion runs it as a pipeline.
// RUN: pilot-opt %s -split-input-file --pim-lower-to-isa | FileCheck %s

// Row split: two heads on two bank groups, one class of their 8 banks. Each
// bank of a group holds its 16 rows of Q and O (`select`) and the band its
// rows attend, from 3 keys before them, less 29 so that bank 0's key 0
// starts a DRAM row (32 keys of d = 16); bank 1's band starts before the
// sequence too, 16 keys into its first row, which filler keys fill.
// A tile of 8 rows reads its band of 8 + 3 + 2 = 13 keys once: a step of
// 8 keys, then one of 5, each MAC and MASK (scale 1/sqrt(16), window
// [-3, 2], keys [0, 64), 16 more keys and rows per bank), the second
// step's keys moved into a second slot before the first step's MAC; the
// two steps' scores make one block, one round trip through DRAM, and the
// output rows are divided by the sums.
// CHECK-LABEL: pim.kernel @window_pim hw(#pim.hw<"pilot-hbm3">)
// CHECK-SAME:    pilot.attention = {kv_shape = array<i64: 1, 2, 64, 16>, pattern = #sattn.pattern<window = [3, 2]>, query_shape = array<i64: 1, 2, 64, 16>, scale = 2.500000e-01 : f64}
// CHECK:       pim.bank_class @groups_0_2 banks(first = 0, count = 8, stride = 1)
// CHECK:         pim.cfg "Q" rows(0, 1) elements 256 offset 0 radices [4, 2, 1] strides [0, 1024, 2048] select [4, 0]
// CHECK:         pim.cfg "Q" rows(0, 1) elements 256 offset 256 radices [4, 2, 1] strides [0, 1024, 2048] select [4, 1]
// CHECK:         pim.cfg "K" rows(3, 1) elements 288 offset 0 {{.*}} select [4, 0]
// CHECK-NEXT:    pim.cfg "K" rows(2, 2) elements 800 offset 0 {{.*}} segments [0, 256, 0, 544] select [4, 1]
// CHECK-NEXT:    pim.cfg "K" rows(2, 2) elements 800 offset 0 {{.*}} select [4, 2]
// CHECK-NEXT:    pim.cfg "K" rows(2, 2) elements 768 offset 256 {{.*}} select [4, 3]
// CHECK:         pim.mov dram_to_buffer row %{{.*}} col %{{.*}} buf [[Q:[0-9]+]] bytes 256
// CHECK-NEXT:    pim.mov dram_to_buffer {{.*}} buf [[K:[0-9]+]] bytes 96
// CHECK-NEXT:    pim.mov dram_to_buffer {{.*}} bytes 160
// CHECK-NEXT:    pim.mov dram_to_buffer {{.*}} buf [[K2:[0-9]+]] bytes 160
// CHECK-NEXT:    pim.mac lhs [[Q]] rhs [[K]] acc [[S:[0-9]+]] shape [8, 8, 16] lanes 16 transpose_rhs
// CHECK-NEXT:    pim.mask buf [[S]] rows 8 cols 8 diag %{{.*}} key %{{.*}} band [-3, 2] inside keys [0, 64] scale 2.500000e-01 bank [4, 0, 16] lanes 16
// CHECK-NEXT:    pim.mac lhs [[Q]] rhs [[K2]] acc [[S2:[0-9]+]] shape [8, 5, 16] lanes 16 transpose_rhs
// CHECK-NEXT:    pim.mask buf [[S2]] rows 8 cols 5
// CHECK-NEXT:    pim.mov buffer_to_dram {{.*}} buf [[S]] bytes 208
// CHECK-NEXT:    pim.mov dram_to_buffer {{.*}} buf [[P:[0-9]+]] bytes 208
// CHECK-NEXT:    pim.exp src [[P]] dst [[P]] elements 104
// CHECK-NEXT:    pim.acc src [[P]] dst [[SUMS:[0-9]+]] rows 8 cols 8{{$}}
// CHECK-NEXT:    pim.acc src {{[0-9]+}} dst [[SUMS]] rows 8 cols 5 accumulate
// CHECK-NEXT:    pim.mov buffer_to_dram {{.*}} buf [[P]] bytes 208
// CHECK:         pim.mac {{.*}} acc [[O:[0-9]+]] shape [8, 16, 8] lanes 16{{$}}
// CHECK:         pim.mac {{.*}} acc [[O]] shape [8, 16, 5] lanes 16 accumulate
// CHECK-NEXT:    pim.sfm src [[O]] sums [[SUMS]] dst [[O]] rows 8 cols 16
// CHECK-NEXT:    pim.out {{.*}} buf [[O]] bytes 256
// The fused schedule: the running maximum, the sums and the output stay in
// the buffer; the first step starts them, later ones rescale by the new
// maximum; the values overwrite the keys' slot.
// FUSED-LABEL: pim.kernel @window_pim
// FUSED:         pim.mac lhs [[Q:[0-9]+]] rhs [[KV:[0-9]+]] acc [[S:[0-9]+]] shape [15, 15, 16] lanes 16 transpose_rhs
// FUSED-NEXT:    pim.mask buf [[S]]
// FUSED-NEXT:    pim.acc src [[S]] dst [[MOLD:[0-9]+]] rows 15 cols 15 max{{$}}
// FUSED-NEXT:    pim.sub src [[S]] vec [[MOLD]] dst [[S]] rows 15 cols 15
// FUSED-NEXT:    pim.exp src [[S]] dst [[S]] elements 225
// FUSED-NEXT:    pim.acc src [[S]] dst [[L:[0-9]+]] rows 15 cols 15{{$}}
// FUSED-NEXT:    pim.mov dram_to_buffer {{.*}} buf [[KV]] bytes 96
// FUSED-NEXT:    pim.mov dram_to_buffer {{.*}} bytes 384
// FUSED-NEXT:    pim.mac lhs [[S]] rhs [[KV]] acc [[O:[0-9]+]] shape [15, 16, 15] lanes 16{{$}}
// A later step, the last 5 keys of the band, rescales by the new maximum.
// FUSED:         pim.acc src [[S]] dst [[MNEW:[0-9]+]] rows 15 cols 5 max{{$}}
// FUSED-NEXT:    pim.acc src [[MOLD]] dst [[MNEW]] rows 15 cols 1 max accumulate
// FUSED-NEXT:    pim.sub src [[MNEW]] vec [[MOLD]] dst [[X:[0-9]+]] rows 15 cols 1
// FUSED-NEXT:    pim.exp src [[X]] dst [[X]] elements 15
// FUSED-NEXT:    pim.sfm src [[O]] sums [[X]] dst [[O]] rows 15 cols 16
// FUSED-NEXT:    pim.sfm src [[L]] sums [[X]] dst [[L]] rows 15 cols 1
// FUSED-NEXT:    pim.acc src [[MNEW]] dst [[MOLD]] rows 15 cols 1{{$}}
// FUSED:         pim.sfm src [[O]] sums [[L]] dst [[O]] rows 15 cols 16
// FUSED-NEXT:    pim.out
func.func @window(%arg0: tensor<1x2x64x16xf16>, %arg1: tensor<1x2x64x16xf16>, %arg2: tensor<1x2x64x16xf16>) -> tensor<1x2x64x16xf16> {
  %0 = sattn.sddmm %arg0, %arg1 {pattern = #sattn.pattern<window = [3, 2]>, pim.loop_nest = #pim.loop_nest<order = query_stationary, scores = dram, rows = 8, keys = 8, passes = 1>, pim.mapping = #pim.mapping<split = rows, head_instances = 2, heads_per_group = 1, bank_groups = 1024, banks_per_group = 4>, pim.predicted = {bank_internal_bytes = 4480 : i64, bound = "compulsory", lower_bound_bytes = 2368 : i64, time_ns = 5265.0372972972982 : f64, total_internal_bytes = 35840 : i64}, pim.tiles = #pim.tiles<schedule = pilot, rows = 8, keys = 8>, scale = 2.500000e-01 : f64} : tensor<1x2x64x16xf16>, tensor<1x2x64x16xf16> -> tensor<1x2x64x64xf16>
  %1 = sattn.softmax %0 {pattern = #sattn.pattern<window = [3, 2]>, pim.loop_nest = #pim.loop_nest<order = query_stationary, scores = dram, rows = 8, keys = 8, passes = 1>, pim.mapping = #pim.mapping<split = rows, head_instances = 2, heads_per_group = 1, bank_groups = 1024, banks_per_group = 4>, pim.predicted = {bank_internal_bytes = 4480 : i64, bound = "compulsory", lower_bound_bytes = 2368 : i64, time_ns = 5265.0372972972982 : f64, total_internal_bytes = 35840 : i64}, pim.tiles = #pim.tiles<schedule = pilot, rows = 8, keys = 8>} : tensor<1x2x64x64xf16>
  %2 = sattn.spmm %1, %arg2 {pattern = #sattn.pattern<window = [3, 2]>, pim.loop_nest = #pim.loop_nest<order = query_stationary, scores = dram, rows = 8, keys = 8, passes = 1>, pim.mapping = #pim.mapping<split = rows, head_instances = 2, heads_per_group = 1, bank_groups = 1024, banks_per_group = 4>, pim.predicted = {bank_internal_bytes = 4480 : i64, bound = "compulsory", lower_bound_bytes = 2368 : i64, time_ns = 5265.0372972972982 : f64, total_internal_bytes = 35840 : i64}, pim.tiles = #pim.tiles<schedule = pilot, rows = 8, keys = 8>} : tensor<1x2x64x64xf16>, tensor<1x2x64x16xf16> -> tensor<1x2x64x16xf16>
  return %2 : tensor<1x2x64x16xf16>
}

// -----

// A longer sequence: the tiles of a bank are a pim.loop, not unrolled.
// d = 64 holds 8 keys a DRAM row; tiles of 7 rows repeat their position in
// a row every 8 tiles, so the loop body holds 8 tiles.
// CHECK-LABEL: pim.kernel @long_pim
// CHECK:         pim.loop %[[TILES:.+]] = 0 to 36 {
// CHECK:           arith.muli %[[TILES]], %{{.*}} : index
// CHECK:           pim.loop
func.func @long(%arg0: tensor<1x1x8192x64xf16>, %arg1: tensor<1x1x8192x64xf16>, %arg2: tensor<1x1x8192x64xf16>) -> tensor<1x1x8192x64xf16> {
  %0 = sattn.sddmm %arg0, %arg1 {pattern = #sattn.pattern<window = [64, 63]>, pim.loop_nest = #pim.loop_nest<order = query_stationary, scores = dram, rows = 7, keys = 7, passes = 1>, pim.mapping = #pim.mapping<split = rows, head_instances = 1, heads_per_group = 1, bank_groups = 1024, banks_per_group = 4>, pim.predicted = {bank_internal_bytes = 13457408 : i64, bound = "compulsory", lower_bound_bytes = 1081088 : i64, time_ns = 9278665.3714774773 : f64, total_internal_bytes = 53829632 : i64}, pim.tiles = #pim.tiles<schedule = pilot, rows = 7, keys = 7>, scale = 1.250000e-01 : f64} : tensor<1x1x8192x64xf16>, tensor<1x1x8192x64xf16> -> tensor<1x1x8192x8192xf16>
  %1 = sattn.softmax %0 {pattern = #sattn.pattern<window = [64, 63]>, pim.loop_nest = #pim.loop_nest<order = query_stationary, scores = dram, rows = 7, keys = 7, passes = 1>, pim.mapping = #pim.mapping<split = rows, head_instances = 1, heads_per_group = 1, bank_groups = 1024, banks_per_group = 4>, pim.predicted = {bank_internal_bytes = 13457408 : i64, bound = "compulsory", lower_bound_bytes = 1081088 : i64, time_ns = 9278665.3714774773 : f64, total_internal_bytes = 53829632 : i64}, pim.tiles = #pim.tiles<schedule = pilot, rows = 7, keys = 7>} : tensor<1x1x8192x8192xf16>
  %2 = sattn.spmm %1, %arg2 {pattern = #sattn.pattern<window = [64, 63]>, pim.loop_nest = #pim.loop_nest<order = query_stationary, scores = dram, rows = 7, keys = 7, passes = 1>, pim.mapping = #pim.mapping<split = rows, head_instances = 1, heads_per_group = 1, bank_groups = 1024, banks_per_group = 4>, pim.predicted = {bank_internal_bytes = 13457408 : i64, bound = "compulsory", lower_bound_bytes = 1081088 : i64, time_ns = 9278665.3714774773 : f64, total_internal_bytes = 53829632 : i64}, pim.tiles = #pim.tiles<schedule = pilot, rows = 7, keys = 7>} : tensor<1x1x8192x8192xf16>, tensor<1x1x8192x64xf16> -> tensor<1x1x8192x64xf16>
  return %2 : tensor<1x1x8192x64xf16>
}

// -----

// Global tokens and sinks: the global rows take the column split (keys cut
// over the group's banks, sums and outputs added by the bank-group
// module); the other rows read the global column and the sinks as one run
// of fixed keys, kept only before the causal band.
// CHECK-LABEL: pim.kernel @global_pim
// CHECK:         pim.mask {{.*}} band [-5, 0] inside keys [0, 64]
// CHECK:         pim.mask {{.*}} band [-512, -6] inside keys [0, 3] scale 2.500000e-01 bank [4, -16, 0]
// CHECK:         pim.acc {{.*}} rows 1 cols 1 bank_group
// CHECK:         pim.acc {{.*}} rows 16 cols 1 bank_group
// CHECK:         pim.out
// FUSED-LABEL: pim.kernel @global_pim
// FUSED:         pim.acc {{.*}} rows 1 cols 1 max bank_group
func.func @global(%arg0: tensor<1x1x64x16xf16>, %arg1: tensor<1x1x64x16xf16>, %arg2: tensor<1x1x64x16xf16>) -> tensor<1x1x64x16xf16> {
  %0 = tensor.empty() : tensor<1x1x64x16xf16>
  %1 = sattn.sddmm %arg0, %arg1 {pattern = #sattn.pattern<causal = true, window = [5, 0], global_tokens = [0], sinks = 3>, pim.loop_nest = #pim.loop_nest<order = query_stationary, scores = dram, rows = 8, keys = 8, passes = 1>, pim.mapping = #pim.mapping<split = rows, head_instances = 1, heads_per_group = 1, bank_groups = 1024, banks_per_group = 4>, pim.predicted = {bank_internal_bytes = 5376 : i64, bound = "compulsory", lower_bound_bytes = 2560 : i64, time_ns = 6407.2339459459463 : f64, total_internal_bytes = 21248 : i64}, pim.tiles = #pim.tiles<schedule = pilot, rows = 8, keys = 8>, rows = #sattn.rows<non_global>, scale = 2.500000e-01 : f64} : tensor<1x1x64x16xf16>, tensor<1x1x64x16xf16> -> tensor<1x1x64x64xf16>
  %2 = sattn.softmax %1 {pattern = #sattn.pattern<causal = true, window = [5, 0], global_tokens = [0], sinks = 3>, pim.loop_nest = #pim.loop_nest<order = query_stationary, scores = dram, rows = 8, keys = 8, passes = 1>, pim.mapping = #pim.mapping<split = rows, head_instances = 1, heads_per_group = 1, bank_groups = 1024, banks_per_group = 4>, pim.predicted = {bank_internal_bytes = 5376 : i64, bound = "compulsory", lower_bound_bytes = 2560 : i64, time_ns = 6407.2339459459463 : f64, total_internal_bytes = 21248 : i64}, pim.tiles = #pim.tiles<schedule = pilot, rows = 8, keys = 8>, rows = #sattn.rows<non_global>} : tensor<1x1x64x64xf16>
  %3 = sattn.spmm %2, %arg2 into %0 {pattern = #sattn.pattern<causal = true, window = [5, 0], global_tokens = [0], sinks = 3>, pim.loop_nest = #pim.loop_nest<order = query_stationary, scores = dram, rows = 8, keys = 8, passes = 1>, pim.mapping = #pim.mapping<split = rows, head_instances = 1, heads_per_group = 1, bank_groups = 1024, banks_per_group = 4>, pim.predicted = {bank_internal_bytes = 5376 : i64, bound = "compulsory", lower_bound_bytes = 2560 : i64, time_ns = 6407.2339459459463 : f64, total_internal_bytes = 21248 : i64}, pim.tiles = #pim.tiles<schedule = pilot, rows = 8, keys = 8>, rows = #sattn.rows<non_global>} : tensor<1x1x64x64xf16>, tensor<1x1x64x16xf16>, tensor<1x1x64x16xf16> -> tensor<1x1x64x16xf16>
  %4 = sattn.sddmm %arg0, %arg1 {pattern = #sattn.pattern<causal = true, window = [5, 0], global_tokens = [0], sinks = 3>, pim.loop_nest = #pim.loop_nest<order = query_stationary, scores = dram, rows = 1, keys = 59, passes = 1>, pim.mapping = #pim.mapping<split = columns, head_instances = 1, heads_per_group = 1, bank_groups = 1024, banks_per_group = 4>, pim.predicted = {bank_internal_bytes = 256 : i64, bound = "compulsory", lower_bound_bytes = 128 : i64, time_ns = 396.58500900900901 : f64, total_internal_bytes = 448 : i64}, pim.tiles = #pim.tiles<schedule = pilot, rows = 1, keys = 59>, rows = #sattn.rows<global>, scale = 2.500000e-01 : f64} : tensor<1x1x64x16xf16>, tensor<1x1x64x16xf16> -> tensor<1x1x64x64xf16>
  %5 = sattn.softmax %4 {pattern = #sattn.pattern<causal = true, window = [5, 0], global_tokens = [0], sinks = 3>, pim.loop_nest = #pim.loop_nest<order = query_stationary, scores = dram, rows = 1, keys = 59, passes = 1>, pim.mapping = #pim.mapping<split = columns, head_instances = 1, heads_per_group = 1, bank_groups = 1024, banks_per_group = 4>, pim.predicted = {bank_internal_bytes = 256 : i64, bound = "compulsory", lower_bound_bytes = 128 : i64, time_ns = 396.58500900900901 : f64, total_internal_bytes = 448 : i64}, pim.tiles = #pim.tiles<schedule = pilot, rows = 1, keys = 59>, rows = #sattn.rows<global>} : tensor<1x1x64x64xf16>
  %6 = sattn.spmm %5, %arg2 into %3 {pattern = #sattn.pattern<causal = true, window = [5, 0], global_tokens = [0], sinks = 3>, pim.loop_nest = #pim.loop_nest<order = query_stationary, scores = dram, rows = 1, keys = 59, passes = 1>, pim.mapping = #pim.mapping<split = columns, head_instances = 1, heads_per_group = 1, bank_groups = 1024, banks_per_group = 4>, pim.predicted = {bank_internal_bytes = 256 : i64, bound = "compulsory", lower_bound_bytes = 128 : i64, time_ns = 396.58500900900901 : f64, total_internal_bytes = 448 : i64}, pim.tiles = #pim.tiles<schedule = pilot, rows = 1, keys = 59>, rows = #sattn.rows<global>} : tensor<1x1x64x64xf16>, tensor<1x1x64x16xf16>, tensor<1x1x64x16xf16> -> tensor<1x1x64x16xf16>
  return %6 : tensor<1x1x64x16xf16>
}

// -----

// Decoding: the row's 12 attended keys (2 sinks and 10 window keys), 3 a
// bank, gathered by segments; bank i sees key indices 3 i on.
// CHECK-LABEL: pim.kernel @decode_pim
// CHECK:         pim.cfg "K" rows(2, 1) elements 48 offset 0 radices [4, 2, 1] strides [0, 1024, 2048] segments [0, 32, 864, 16] select [4, 0]
// CHECK-NEXT:    pim.cfg "K" rows(2, 1) elements 48 offset 880 radices [4, 2, 1] strides [0, 1024, 2048] select [4, 1]
// CHECK:         pim.mask {{.*}} rows 1 cols 3 {{.*}} keys [0, 12] scale 2.500000e-01 bank [4, 3, 3]
func.func @decode(%arg0: tensor<2x2x1x16xf16>, %arg1: tensor<2x2x64x16xf16>, %arg2: tensor<2x2x64x16xf16>) -> tensor<2x2x1x16xf16> {
  %0 = sattn.sddmm %arg0, %arg1 {pattern = #sattn.pattern<causal = true, window = [9, 0], sinks = 2>, pim.loop_nest = #pim.loop_nest<order = query_stationary, scores = dram, rows = 1, keys = 59, passes = 1>, pim.mapping = #pim.mapping<split = columns, head_instances = 4, heads_per_group = 1, bank_groups = 1024, banks_per_group = 4>, pim.predicted = {bank_internal_bytes = 384 : i64, bound = "compulsory", lower_bound_bytes = 256 : i64, time_ns = 596.37901501501506 : f64, total_internal_bytes = 6144 : i64}, pim.tiles = #pim.tiles<schedule = pilot, rows = 1, keys = 59>, scale = 2.500000e-01 : f64} : tensor<2x2x1x16xf16>, tensor<2x2x64x16xf16> -> tensor<2x2x1x64xf16>
  %1 = sattn.softmax %0 {pattern = #sattn.pattern<causal = true, window = [9, 0], sinks = 2>, pim.loop_nest = #pim.loop_nest<order = query_stationary, scores = dram, rows = 1, keys = 59, passes = 1>, pim.mapping = #pim.mapping<split = columns, head_instances = 4, heads_per_group = 1, bank_groups = 1024, banks_per_group = 4>, pim.predicted = {bank_internal_bytes = 384 : i64, bound = "compulsory", lower_bound_bytes = 256 : i64, time_ns = 596.37901501501506 : f64, total_internal_bytes = 6144 : i64}, pim.tiles = #pim.tiles<schedule = pilot, rows = 1, keys = 59>} : tensor<2x2x1x64xf16>
  %2 = sattn.spmm %1, %arg2 {pattern = #sattn.pattern<causal = true, window = [9, 0], sinks = 2>, pim.loop_nest = #pim.loop_nest<order = query_stationary, scores = dram, rows = 1, keys = 59, passes = 1>, pim.mapping = #pim.mapping<split = columns, head_instances = 4, heads_per_group = 1, bank_groups = 1024, banks_per_group = 4>, pim.predicted = {bank_internal_bytes = 384 : i64, bound = "compulsory", lower_bound_bytes = 256 : i64, time_ns = 596.37901501501506 : f64, total_internal_bytes = 6144 : i64}, pim.tiles = #pim.tiles<schedule = pilot, rows = 1, keys = 59>} : tensor<2x2x1x64xf16>, tensor<2x2x64x16xf16> -> tensor<2x2x1x16xf16>
  return %2 : tensor<2x2x1x16xf16>
}
