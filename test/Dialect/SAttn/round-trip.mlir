// RUN: pilot-opt %s | pilot-opt | FileCheck %s
// RUN: pilot-opt %s --mlir-print-op-generic | pilot-opt | FileCheck %s

// CHECK-LABEL: func.func @longformer_window_global
// CHECK: sattn.attention %{{.*}}, %{{.*}}, %{{.*}} {pattern = #sattn.pattern<window = [256, 255], global_tokens = [0]>}
// CHECK-SAME: : tensor<2x12x1024x64xf16>, tensor<2x12x1024x64xf16>, tensor<2x12x1024x64xf16> -> tensor<2x12x1024x64xf16>
func.func @longformer_window_global(%q: tensor<2x12x1024x64xf16>, %k: tensor<2x12x1024x64xf16>, %v: tensor<2x12x1024x64xf16>) -> tensor<2x12x1024x64xf16> {
  %0 = sattn.attention %q, %k, %v {pattern = #sattn.pattern<window = [256, 255], global_tokens = [0]>} : tensor<2x12x1024x64xf16>, tensor<2x12x1024x64xf16>, tensor<2x12x1024x64xf16> -> tensor<2x12x1024x64xf16>
  return %0 : tensor<2x12x1024x64xf16>
}

// Defaults are elided when printing: `dense = false`, `seed = 0`, `block = 1`.
// CHECK-LABEL: func.func @defaults_elided
// CHECK: {pattern = #sattn.pattern<window = [4, 4]>, scale = 5.000000e-01 : f64}
func.func @defaults_elided(%q: tensor<1x1x64x16xf16>, %k: tensor<1x1x64x16xf16>, %v: tensor<1x1x64x16xf16>) -> tensor<1x1x64x16xf16> {
  %0 = sattn.attention %q, %k, %v {pattern = #sattn.pattern<dense = false, window = [4, 4], seed = 0, block = 1>, scale = 0.5 : f64} : tensor<1x1x64x16xf16>, tensor<1x1x64x16xf16>, tensor<1x1x64x16xf16> -> tensor<1x1x64x16xf16>
  return %0 : tensor<1x1x64x16xf16>
}

// CHECK-LABEL: func.func @causal_dense_f32
// CHECK: #sattn.pattern<dense = true, causal = true>
// CHECK-SAME: tensor<1x4x32x8xf32>
func.func @causal_dense_f32(%q: tensor<1x4x32x8xf32>, %k: tensor<1x4x32x8xf32>, %v: tensor<1x4x32x8xf32>) -> tensor<1x4x32x8xf32> {
  %0 = sattn.attention %q, %k, %v {pattern = #sattn.pattern<dense = true, causal = true>} : tensor<1x4x32x8xf32>, tensor<1x4x32x8xf32>, tensor<1x4x32x8xf32> -> tensor<1x4x32x8xf32>
  return %0 : tensor<1x4x32x8xf32>
}

// BigBird: blocks of 16 tokens, window, global block, random blocks with a seed.
// CHECK-LABEL: func.func @bigbird_blocks
// CHECK: #sattn.pattern<window = [1, 1], global_tokens = [0, 3], random = 2, seed = 42, block = 16>
func.func @bigbird_blocks(%q: tensor<1x2x128x32xf16>, %k: tensor<1x2x128x32xf16>, %v: tensor<1x2x128x32xf16>) -> tensor<1x2x128x32xf16> {
  %0 = sattn.attention %q, %k, %v {pattern = #sattn.pattern<window = [1, 1], global_tokens = [0, 3], random = 2, seed = 42, block = 16>} : tensor<1x2x128x32xf16>, tensor<1x2x128x32xf16>, tensor<1x2x128x32xf16> -> tensor<1x2x128x32xf16>
  return %0 : tensor<1x2x128x32xf16>
}

// Random keys spelled out, one list per query (block 2: 4 query blocks).
// CHECK-LABEL: func.func @explicit_random
// CHECK: #sattn.pattern<window = [0, 0], random_cols = {{\[}}[3], [], [0, 3], [1]], block = 2>
func.func @explicit_random(%q: tensor<1x1x8x4xf16>, %k: tensor<1x1x8x4xf16>, %v: tensor<1x1x8x4xf16>) -> tensor<1x1x8x4xf16> {
  %0 = sattn.attention %q, %k, %v {pattern = #sattn.pattern<window = [0, 0], random_cols = [[3], [], [0, 3], [1]], block = 2>} : tensor<1x1x8x4xf16>, tensor<1x1x8x4xf16>, tensor<1x1x8x4xf16> -> tensor<1x1x8x4xf16>
  return %0 : tensor<1x1x8x4xf16>
}

// DuoAttention decode: streaming heads keep sinks and a recent window, heads
// 0 and 2 stay dense; one query against a 256-long KV cache; GQA 8 -> 4.
// CHECK-LABEL: func.func @duo_decode_gqa
// CHECK: #sattn.pattern<causal = true, window = [63, 0], sinks = 4, dense_heads = [0, 2]>
// CHECK-SAME: tensor<3x8x1x128xf16>, tensor<3x4x256x128xf16>, tensor<3x4x256x128xf16> -> tensor<3x8x1x128xf16>
func.func @duo_decode_gqa(%q: tensor<3x8x1x128xf16>, %k: tensor<3x4x256x128xf16>, %v: tensor<3x4x256x128xf16>) -> tensor<3x8x1x128xf16> {
  %0 = sattn.attention %q, %k, %v {pattern = #sattn.pattern<causal = true, window = [63, 0], sinks = 4, dense_heads = [0, 2]>} : tensor<3x8x1x128xf16>, tensor<3x4x256x128xf16>, tensor<3x4x256x128xf16> -> tensor<3x8x1x128xf16>
  return %0 : tensor<3x8x1x128xf16>
}

// The decomposed form.
// CHECK-LABEL: func.func @decomposed
// CHECK: %[[S:.+]] = sattn.sddmm %{{.*}}, %{{.*}} {pattern = #sattn.pattern<window = [2, 2]>, scale = 1.250000e-01 : f64} : tensor<1x2x16x64xf16>, tensor<1x1x16x64xf16> -> tensor<1x2x16x16xf16>
// CHECK: %[[P:.+]] = sattn.softmax %[[S]] {pattern = #sattn.pattern<window = [2, 2]>} : tensor<1x2x16x16xf16>
// CHECK: sattn.spmm %[[P]], %{{.*}} {pattern = #sattn.pattern<window = [2, 2]>} : tensor<1x2x16x16xf16>, tensor<1x1x16x64xf16> -> tensor<1x2x16x64xf16>
func.func @decomposed(%q: tensor<1x2x16x64xf16>, %k: tensor<1x1x16x64xf16>, %v: tensor<1x1x16x64xf16>) -> tensor<1x2x16x64xf16> {
  %s = sattn.sddmm %q, %k {pattern = #sattn.pattern<window = [2, 2]>, scale = 0.125 : f64} : tensor<1x2x16x64xf16>, tensor<1x1x16x64xf16> -> tensor<1x2x16x16xf16>
  %p = sattn.softmax %s {pattern = #sattn.pattern<window = [2, 2]>} : tensor<1x2x16x16xf16>
  %o = sattn.spmm %p, %v {pattern = #sattn.pattern<window = [2, 2]>} : tensor<1x2x16x16xf16>, tensor<1x1x16x64xf16> -> tensor<1x2x16x64xf16>
  return %o : tensor<1x2x16x64xf16>
}

// Parts of a decomposed attention: rows and heads selectors, and the SpMM
// writing into the other parts' result.
// CHECK-LABEL: func.func @parts
// CHECK: sattn.sddmm %{{.*}}, %{{.*}} {heads = #sattn.heads<sparse>, pattern = #sattn.pattern<window = [1, 1], global_tokens = [0], dense_heads = [1]>, rows = #sattn.rows<global>, scale = 5.000000e-01 : f64}
// CHECK: sattn.softmax %{{.*}} {heads = #sattn.heads<sparse>, pattern = #sattn.pattern<window = [1, 1], global_tokens = [0], dense_heads = [1]>, rows = #sattn.rows<global>} : tensor<1x2x8x8xf16>
// CHECK: sattn.spmm %{{.*}}, %{{.*}} into %{{.*}} {heads = #sattn.heads<sparse>, pattern = #sattn.pattern<window = [1, 1], global_tokens = [0], dense_heads = [1]>, rows = #sattn.rows<global>} : tensor<1x2x8x8xf16>, tensor<1x2x8x4xf16>, tensor<1x2x8x4xf16> -> tensor<1x2x8x4xf16>
func.func @parts(%q: tensor<1x2x8x4xf16>, %k: tensor<1x2x8x4xf16>, %v: tensor<1x2x8x4xf16>, %init: tensor<1x2x8x4xf16>) -> tensor<1x2x8x4xf16> {
  %s = sattn.sddmm %q, %k {pattern = #sattn.pattern<window = [1, 1], global_tokens = [0], dense_heads = [1]>, rows = #sattn.rows<global>, heads = #sattn.heads<sparse>, scale = 0.5 : f64} : tensor<1x2x8x4xf16>, tensor<1x2x8x4xf16> -> tensor<1x2x8x8xf16>
  %p = sattn.softmax %s {pattern = #sattn.pattern<window = [1, 1], global_tokens = [0], dense_heads = [1]>, rows = #sattn.rows<global>, heads = #sattn.heads<sparse>} : tensor<1x2x8x8xf16>
  %o = sattn.spmm %p, %v into %init {pattern = #sattn.pattern<window = [1, 1], global_tokens = [0], dense_heads = [1]>, rows = #sattn.rows<global>, heads = #sattn.heads<sparse>} : tensor<1x2x8x8xf16>, tensor<1x2x8x4xf16>, tensor<1x2x8x4xf16> -> tensor<1x2x8x4xf16>
  return %o : tensor<1x2x8x4xf16>
}
