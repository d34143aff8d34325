// RUN: pilot-opt %s --sattn-pattern-stats --mlir-print-op-on-diagnostic=false -verify-diagnostics -split-input-file | FileCheck %s

// Counts worked by hand from the pattern definitions.

// Window [1, 1] over 8 keys: rows 0 and 7 see 2 keys, rows 1..6 see 3:
// 2 + 6 * 3 + 2 = 22 of 64 entries, 2.75 per row; 2 heads x 1 batch = 44.
// CHECK-LABEL: func.func @window
// CHECK: sattn.attention
func.func @window(%q: tensor<1x2x8x4xf16>, %k: tensor<1x2x8x4xf16>, %v: tensor<1x2x8x4xf16>) -> tensor<1x2x8x4xf16> {
  // expected-remark @+1 {{sattn.attention: batch 1, 2 heads (0 dense), 8 queries x 8 keys; pattern window [1, 1]; per sparse head 22 of 64 entries (34.38%), 2.8 per query row, 0 global rows; all heads x batch: 44 entries}}
  %0 = sattn.attention %q, %k, %v {pattern = #sattn.pattern<window = [1, 1]>} : tensor<1x2x8x4xf16>, tensor<1x2x8x4xf16>, tensor<1x2x8x4xf16> -> tensor<1x2x8x4xf16>
  return %0 : tensor<1x2x8x4xf16>
}

// -----

// Causal window [2, 0]: rows 0, 1 see 1, 2 keys; rows 2..7 see 3: 21.
// The dense head 1 is causal-dense: 1 + 2 + ... + 8 = 36. Batch 3:
// (21 + 36) * 3 = 171.
func.func @causal_dense_head(%q: tensor<3x2x8x4xf16>, %k: tensor<3x2x8x4xf16>, %v: tensor<3x2x8x4xf16>) -> tensor<3x2x8x4xf16> {
  // expected-remark @+1 {{per sparse head 21 of 64 entries (32.81%), 2.6 per query row, 0 global rows; all heads x batch: 171 entries}}
  %0 = sattn.attention %q, %k, %v {pattern = #sattn.pattern<causal = true, window = [2, 0], dense_heads = [1]>} : tensor<3x2x8x4xf16>, tensor<3x2x8x4xf16>, tensor<3x2x8x4xf16> -> tensor<3x2x8x4xf16>
  return %0 : tensor<3x2x8x4xf16>
}

// -----

// Global token 0 with a diagonal window: row 0 sees all 8 keys, rows 1..7
// see themselves and key 0: 8 + 7 * 2 = 22, one global row.
func.func @global_token(%q: tensor<1x1x8x4xf16>, %k: tensor<1x1x8x4xf16>, %v: tensor<1x1x8x4xf16>) -> tensor<1x1x8x4xf16> {
  // expected-remark @+1 {{per sparse head 22 of 64 entries (34.38%), 2.8 per query row, 1 global rows}}
  %0 = sattn.attention %q, %k, %v {pattern = #sattn.pattern<window = [0, 0], global_tokens = [0]>} : tensor<1x1x8x4xf16>, tensor<1x1x8x4xf16>, tensor<1x1x8x4xf16> -> tensor<1x1x8x4xf16>
  return %0 : tensor<1x1x8x4xf16>
}

// -----

// Decoding: the one query sits at position 7 and sees keys 5, 6, 7 and the
// sink 0: 4 of 8.
func.func @decode(%q: tensor<1x1x1x4xf16>, %k: tensor<1x1x8x4xf16>, %v: tensor<1x1x8x4xf16>) -> tensor<1x1x1x4xf16> {
  // expected-remark @+1 {{1 queries x 8 keys; pattern window [2, 0] + sinks 1, causal; per sparse head 4 of 8 entries (50.00%), 4.0 per query row}}
  %0 = sattn.attention %q, %k, %v {pattern = #sattn.pattern<causal = true, window = [2, 0], sinks = 1>} : tensor<1x1x1x4xf16>, tensor<1x1x8x4xf16>, tensor<1x1x8x4xf16> -> tensor<1x1x1x4xf16>
  return %0 : tensor<1x1x1x4xf16>
}

// -----

// The decomposed ops report the same problem.
func.func @decomposed(%q: tensor<1x1x8x4xf16>, %k: tensor<1x1x8x4xf16>, %v: tensor<1x1x8x4xf16>) -> tensor<1x1x8x4xf16> {
  // expected-remark @+1 {{sattn.sddmm: batch 1, 1 heads (0 dense), 8 queries x 8 keys; pattern window [1, 1]; per sparse head 22 of 64}}
  %s = sattn.sddmm %q, %k {pattern = #sattn.pattern<window = [1, 1]>, scale = 0.5 : f64} : tensor<1x1x8x4xf16>, tensor<1x1x8x4xf16> -> tensor<1x1x8x8xf16>
  // expected-remark @+1 {{sattn.softmax: batch 1, 1 heads (0 dense), 8 queries x 8 keys; pattern window [1, 1]; per sparse head 22 of 64}}
  %p = sattn.softmax %s {pattern = #sattn.pattern<window = [1, 1]>} : tensor<1x1x8x8xf16>
  // expected-remark @+1 {{sattn.spmm: batch 1, 1 heads (0 dense), 8 queries x 8 keys; pattern window [1, 1]; per sparse head 22 of 64}}
  %o = sattn.spmm %p, %v {pattern = #sattn.pattern<window = [1, 1]>} : tensor<1x1x8x8xf16>, tensor<1x1x8x4xf16> -> tensor<1x1x8x4xf16>
  return %o : tensor<1x1x8x4xf16>
}

// -----

// Parts count only their rows: with a diagonal window and global token 0 on
// 8 keys, rows 1..7 see themselves and key 0 (2 each: 14 of 7 x 8 = 56
// pairs), row 0 sees all 8.
func.func @parts(%q: tensor<1x1x8x4xf16>, %k: tensor<1x1x8x4xf16>) -> (tensor<1x1x8x8xf16>, tensor<1x1x8x8xf16>) {
  // expected-remark @+1 {{part rows = non_global, heads = all; pattern window [0, 0] + global_tokens 1; per sparse head 14 of 56 entries (25.00%), 2.0 per query row, 0 global rows; all heads x batch: 14 entries}}
  %0 = sattn.sddmm %q, %k {pattern = #sattn.pattern<window = [0, 0], global_tokens = [0]>, rows = #sattn.rows<non_global>, scale = 0.5 : f64} : tensor<1x1x8x4xf16>, tensor<1x1x8x4xf16> -> tensor<1x1x8x8xf16>
  // expected-remark @+1 {{part rows = global, heads = all; pattern window [0, 0] + global_tokens 1; per sparse head 8 of 8 entries (100.00%), 8.0 per query row, 1 global rows; all heads x batch: 8 entries}}
  %1 = sattn.sddmm %q, %k {pattern = #sattn.pattern<window = [0, 0], global_tokens = [0]>, rows = #sattn.rows<global>, scale = 0.5 : f64} : tensor<1x1x8x4xf16>, tensor<1x1x8x4xf16> -> tensor<1x1x8x8xf16>
  return %0, %1 : tensor<1x1x8x8xf16>, tensor<1x1x8x8xf16>
}

// -----

// The dense heads' part: causal dense rows, 1 + 2 + ... + 4 = 10 of 16, on
// both dense heads of three.
func.func @dense_part(%s: tensor<2x3x4x4xf16>) -> tensor<2x3x4x4xf16> {
  // expected-remark @+1 {{part rows = all, heads = dense; pattern window [0, 0], causal; dense heads 2; per dense head 10 of 16 entries (62.50%), 2.5 per query row, 0 global rows; all heads x batch: 40 entries}}
  %0 = sattn.softmax %s {pattern = #sattn.pattern<causal = true, window = [0, 0], dense_heads = [0, 2]>, heads = #sattn.heads<dense>} : tensor<2x3x4x4xf16>
  return %0 : tensor<2x3x4x4xf16>
}
