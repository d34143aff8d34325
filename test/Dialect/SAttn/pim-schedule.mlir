// RUN: pilot-opt %s -split-input-file --pim-schedule | FileCheck %s
// RUN: pilot-opt %s -split-input-file --pim-schedule="order=query" | FileCheck %s --check-prefix=QUERY
// RUN: pilot-opt %s -split-input-file --pim-tile="schedule=fused" --pim-schedule | FileCheck %s --check-prefix=FUSED
// RUN: pilot-opt %s -split-input-file --pim-tile="schedule=naive" --pim-schedule | FileCheck %s --check-prefix=NAIVE
// RUN: not pilot-opt %s -split-input-file --pim-schedule="order=key" 2>&1 | FileCheck %s --check-prefix=KEY
// RUN: not pilot-opt %s -split-input-file --pim-schedule="order=diagonal" 2>&1 | FileCheck %s --check-prefix=UNKNOWN

// Eight global rows of d = 64 at 2 KB: the paper's tiles walk the
// non-global rows query-stationary (7 rows, 7 keys a step) and the global
// rows key-stationary (one row a tile, 14 keys a step, each step's keys read
// once for all eight). `order=query` walks the global rows a tile at a
// time, and the prediction follows. Each bank holds 64 of the 256 keys
// (128 B vectors, 32 B columns), in 5 steps (4 of 14 keys, one of 8), each
// step's block of one row one column:
// - key-stationary: keys 64 x 128 and values 64 x 128 once; per row and
//   step q (128), its block written, read and written by the softmax and
//   read by the SpMM (4 x 32), its partial output read and written after
//   and before the middle steps (4 x 2 x 128); per row its total written
//   and read (2 x 32) and its output (128): 16384 + 8 x 2496 = 36352.
// - query-stationary: per row q, the 64 keys and values, its 5 blocks 4
//   times, its output: 128 + 16384 + 640 + 128 = 17280, 8 rows = 138240.
// CHECK-LABEL: func.func @global_rows
// CHECK:       sattn.sddmm {{.*}}pim.loop_nest = #pim.loop_nest<order = query_stationary, scores = dram, rows = 7, keys = 7, passes = 1>
// CHECK:       sattn.sddmm {{.*}}pim.loop_nest = #pim.loop_nest<order = key_stationary, scores = dram, rows = 1, keys = 14, passes = 1>{{.*}}pim.predicted = {bank_internal_bytes = 36352 : i64
// QUERY-LABEL: func.func @global_rows
// QUERY:       sattn.sddmm {{.*}}pim.loop_nest = #pim.loop_nest<order = query_stationary, scores = dram, rows = 7, keys = 7, passes = 1>
// QUERY:       sattn.sddmm {{.*}}pim.loop_nest = #pim.loop_nest<order = query_stationary, scores = dram, rows = 1, keys = 14, passes = 1>{{.*}}pim.predicted = {bank_internal_bytes = 138240 : i64
// The fused schedule keeps the scores in the buffer, and splits the head
// dimension into halves where that moves fewer bytes: 6 rows instead of 5.
// FUSED-LABEL: func.func @global_rows
// FUSED:       sattn.sddmm {{.*}}pim.loop_nest = #pim.loop_nest<order = query_stationary, scores = buffer, rows = 6, keys = 6, passes = 2>
// FUSED:       sattn.softmax {{.*}}pim.loop_nest = #pim.loop_nest<order = query_stationary, scores = buffer, rows = 6, keys = 6, passes = 2>
// FUSED:       sattn.spmm {{.*}}pim.loop_nest = #pim.loop_nest<order = query_stationary, scores = buffer, rows = 6, keys = 6, passes = 2>
// The naive schedule: one row at a time, a DRAM row of keys (1024 / 128) a
// step.
// NAIVE-LABEL: func.func @global_rows
// NAIVE:       sattn.sddmm {{.*}}pim.loop_nest = #pim.loop_nest<order = query_stationary, scores = dram, rows = 1, keys = 8, passes = 1>
// KEY: error: 'sattn.sddmm' op pim-schedule: order=key needs the pilot or fused schedule's column split; this part is the pilot schedule's rows split
// UNKNOWN: error: pim-schedule: unknown order 'diagonal' (order); orders are auto, query, key
func.func @global_rows(%arg0: tensor<1x1x256x64xf16>, %arg1: tensor<1x1x256x64xf16>, %arg2: tensor<1x1x256x64xf16>) -> tensor<1x1x256x64xf16> {
  %0 = tensor.empty() : tensor<1x1x256x64xf16>
  %1 = sattn.sddmm %arg0, %arg1 {pattern = #sattn.pattern<window = [16, 16], global_tokens = [0, 1, 2, 3, 4, 5, 6, 7]>, pim.mapping = #pim.mapping<split = rows, head_instances = 1, heads_per_group = 1, bank_groups = 1024, banks_per_group = 4>, pim.predicted = {bank_internal_bytes = 154240 : i64, bound = "compulsory", lower_bound_bytes = 41984 : i64, time_ns = 102585.56927327329 : f64, total_internal_bytes = 616960 : i64}, pim.tiles = #pim.tiles<schedule = pilot, rows = 7, keys = 7>, rows = #sattn.rows<non_global>, scale = 1.250000e-01 : f64} : tensor<1x1x256x64xf16>, tensor<1x1x256x64xf16> -> tensor<1x1x256x256xf16>
  %2 = sattn.softmax %1 {pattern = #sattn.pattern<window = [16, 16], global_tokens = [0, 1, 2, 3, 4, 5, 6, 7]>, pim.mapping = #pim.mapping<split = rows, head_instances = 1, heads_per_group = 1, bank_groups = 1024, banks_per_group = 4>, pim.predicted = {bank_internal_bytes = 154240 : i64, bound = "compulsory", lower_bound_bytes = 41984 : i64, time_ns = 102585.56927327329 : f64, total_internal_bytes = 616960 : i64}, pim.tiles = #pim.tiles<schedule = pilot, rows = 7, keys = 7>, rows = #sattn.rows<non_global>} : tensor<1x1x256x256xf16>
  %3 = sattn.spmm %2, %arg2 into %0 {pattern = #sattn.pattern<window = [16, 16], global_tokens = [0, 1, 2, 3, 4, 5, 6, 7]>, pim.mapping = #pim.mapping<split = rows, head_instances = 1, heads_per_group = 1, bank_groups = 1024, banks_per_group = 4>, pim.predicted = {bank_internal_bytes = 154240 : i64, bound = "compulsory", lower_bound_bytes = 41984 : i64, time_ns = 102585.56927327329 : f64, total_internal_bytes = 616960 : i64}, pim.tiles = #pim.tiles<schedule = pilot, rows = 7, keys = 7>, rows = #sattn.rows<non_global>} : tensor<1x1x256x256xf16>, tensor<1x1x256x64xf16>, tensor<1x1x256x64xf16> -> tensor<1x1x256x64xf16>
  %4 = sattn.sddmm %arg0, %arg1 {pattern = #sattn.pattern<window = [16, 16], global_tokens = [0, 1, 2, 3, 4, 5, 6, 7]>, pim.mapping = #pim.mapping<split = columns, head_instances = 1, heads_per_group = 1, bank_groups = 1024, banks_per_group = 4>, pim.predicted = {bank_internal_bytes = 36352 : i64, bound = "compulsory", lower_bound_bytes = 18432 : i64, time_ns = 28664.467795795797 : f64, total_internal_bytes = 145408 : i64}, pim.tiles = #pim.tiles<schedule = pilot, rows = 1, keys = 14>, rows = #sattn.rows<global>, scale = 1.250000e-01 : f64} : tensor<1x1x256x64xf16>, tensor<1x1x256x64xf16> -> tensor<1x1x256x256xf16>
  %5 = sattn.softmax %4 {pattern = #sattn.pattern<window = [16, 16], global_tokens = [0, 1, 2, 3, 4, 5, 6, 7]>, pim.mapping = #pim.mapping<split = columns, head_instances = 1, heads_per_group = 1, bank_groups = 1024, banks_per_group = 4>, pim.predicted = {bank_internal_bytes = 36352 : i64, bound = "compulsory", lower_bound_bytes = 18432 : i64, time_ns = 28664.467795795797 : f64, total_internal_bytes = 145408 : i64}, pim.tiles = #pim.tiles<schedule = pilot, rows = 1, keys = 14>, rows = #sattn.rows<global>} : tensor<1x1x256x256xf16>
  %6 = sattn.spmm %5, %arg2 into %3 {pattern = #sattn.pattern<window = [16, 16], global_tokens = [0, 1, 2, 3, 4, 5, 6, 7]>, pim.mapping = #pim.mapping<split = columns, head_instances = 1, heads_per_group = 1, bank_groups = 1024, banks_per_group = 4>, pim.predicted = {bank_internal_bytes = 36352 : i64, bound = "compulsory", lower_bound_bytes = 18432 : i64, time_ns = 28664.467795795797 : f64, total_internal_bytes = 145408 : i64}, pim.tiles = #pim.tiles<schedule = pilot, rows = 1, keys = 14>, rows = #sattn.rows<global>} : tensor<1x1x256x256xf16>, tensor<1x1x256x64xf16>, tensor<1x1x256x64xf16> -> tensor<1x1x256x64xf16>
  return %6 : tensor<1x1x256x64xf16>
}

// -----

// Decoding: one row, which a tile holds; the auto order keeps it
// query-stationary (its q read once).
// CHECK-LABEL: func.func @decode
// CHECK:       sattn.sddmm {{.*}}pim.loop_nest = #pim.loop_nest<order = query_stationary, scores = dram, rows = 1, keys = 14, passes = 1>
func.func @decode(%arg0: tensor<1x1x1x64xf16>, %arg1: tensor<1x1x256x64xf16>, %arg2: tensor<1x1x256x64xf16>) -> tensor<1x1x1x64xf16> {
  %0 = sattn.sddmm %arg0, %arg1 {pattern = #sattn.pattern<dense = true>, pim.mapping = #pim.mapping<split = columns, head_instances = 1, heads_per_group = 1, bank_groups = 1024, banks_per_group = 4>, pim.predicted = {bank_internal_bytes = 17280 : i64, bound = "compulsory", lower_bound_bytes = 16640 : i64, time_ns = 9254.9782882882901 : f64, total_internal_bytes = 69120 : i64}, pim.tiles = #pim.tiles<schedule = pilot, rows = 1, keys = 14>, scale = 1.250000e-01 : f64} : tensor<1x1x1x64xf16>, tensor<1x1x256x64xf16> -> tensor<1x1x1x256xf16>
  %1 = sattn.softmax %0 {pattern = #sattn.pattern<dense = true>, pim.mapping = #pim.mapping<split = columns, head_instances = 1, heads_per_group = 1, bank_groups = 1024, banks_per_group = 4>, pim.predicted = {bank_internal_bytes = 17280 : i64, bound = "compulsory", lower_bound_bytes = 16640 : i64, time_ns = 9254.9782882882901 : f64, total_internal_bytes = 69120 : i64}, pim.tiles = #pim.tiles<schedule = pilot, rows = 1, keys = 14>} : tensor<1x1x1x256xf16>
  %2 = sattn.spmm %1, %arg2 {pattern = #sattn.pattern<dense = true>, pim.mapping = #pim.mapping<split = columns, head_instances = 1, heads_per_group = 1, bank_groups = 1024, banks_per_group = 4>, pim.predicted = {bank_internal_bytes = 17280 : i64, bound = "compulsory", lower_bound_bytes = 16640 : i64, time_ns = 9254.9782882882901 : f64, total_internal_bytes = 69120 : i64}, pim.tiles = #pim.tiles<schedule = pilot, rows = 1, keys = 14>} : tensor<1x1x1x256xf16>, tensor<1x1x256x64xf16> -> tensor<1x1x1x64xf16>
  return %2 : tensor<1x1x1x64xf16>
}
