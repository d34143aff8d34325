// RUN: pilot-opt %s -split-input-file --sattn-raise-linalg | FileCheck %s
// RUN: pilot-opt %s -split-input-file --sattn-raise-linalg -o /dev/null 2>&1 | FileCheck %s --check-prefix=REMARK

// A window of one key each side and global token 0, scaled by 1/4: the
// mask becomes the pattern, the splat the scale; Q, K and V are viewed
// [BH, 1, N, D], the result collapsed back, the chain erased.
// CHECK-LABEL: func.func @window_global
// CHECK-DAG:   %[[Q:.*]] = tensor.expand_shape %arg0 {{\[}}[0, 1], [2], [3]] output_shape [2, 1, 8, 16]
// CHECK-DAG:   %[[K:.*]] = tensor.expand_shape %arg1
// CHECK-DAG:   %[[V:.*]] = tensor.expand_shape %arg2
// CHECK:       %[[A:.*]] = sattn.attention %[[Q]], %[[K]], %[[V]] {pattern = #sattn.pattern<window = [1, 1], global_tokens = [0]>, scale = 2.500000e-01 : f64}
// CHECK:       %[[O:.*]] = tensor.collapse_shape %[[A]] {{\[}}[0, 1], [2], [3]]
// CHECK-NEXT:  return %[[O]]
// CHECK-NOT:   linalg
func.func @window_global(%q: tensor<2x8x16xf32>, %k: tensor<2x8x16xf32>, %v: tensor<2x8x16xf32>) -> tensor<2x8x16xf32> {
  %zero = arith.constant 0.0 : f32
  %e0 = tensor.empty() : tensor<2x16x8xf32>
  %kt = linalg.transpose ins(%k : tensor<2x8x16xf32>) outs(%e0 : tensor<2x16x8xf32>) permutation = [0, 2, 1]
  %e1 = tensor.empty() : tensor<2x8x8xf32>
  %z1 = linalg.fill ins(%zero : f32) outs(%e1 : tensor<2x8x8xf32>) -> tensor<2x8x8xf32>
  %s = linalg.batch_matmul ins(%q, %kt : tensor<2x8x16xf32>, tensor<2x16x8xf32>) outs(%z1 : tensor<2x8x8xf32>) -> tensor<2x8x8xf32>
  %c = arith.constant dense<0.25> : tensor<2x8x8xf32>
  %s1 = linalg.mul ins(%s, %c : tensor<2x8x8xf32>, tensor<2x8x8xf32>) outs(%e1 : tensor<2x8x8xf32>) -> tensor<2x8x8xf32>
  %mask = arith.constant dense<[[[0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0], [0.0, 0.0, 0.0, -1.000000e+09, -1.000000e+09, -1.000000e+09, -1.000000e+09, -1.000000e+09], [0.0, 0.0, 0.0, 0.0, -1.000000e+09, -1.000000e+09, -1.000000e+09, -1.000000e+09], [0.0, -1.000000e+09, 0.0, 0.0, 0.0, -1.000000e+09, -1.000000e+09, -1.000000e+09], [0.0, -1.000000e+09, -1.000000e+09, 0.0, 0.0, 0.0, -1.000000e+09, -1.000000e+09], [0.0, -1.000000e+09, -1.000000e+09, -1.000000e+09, 0.0, 0.0, 0.0, -1.000000e+09], [0.0, -1.000000e+09, -1.000000e+09, -1.000000e+09, -1.000000e+09, 0.0, 0.0, 0.0], [0.0, -1.000000e+09, -1.000000e+09, -1.000000e+09, -1.000000e+09, -1.000000e+09, 0.0, 0.0]], [[0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0], [0.0, 0.0, 0.0, -1.000000e+09, -1.000000e+09, -1.000000e+09, -1.000000e+09, -1.000000e+09], [0.0, 0.0, 0.0, 0.0, -1.000000e+09, -1.000000e+09, -1.000000e+09, -1.000000e+09], [0.0, -1.000000e+09, 0.0, 0.0, 0.0, -1.000000e+09, -1.000000e+09, -1.000000e+09], [0.0, -1.000000e+09, -1.000000e+09, 0.0, 0.0, 0.0, -1.000000e+09, -1.000000e+09], [0.0, -1.000000e+09, -1.000000e+09, -1.000000e+09, 0.0, 0.0, 0.0, -1.000000e+09], [0.0, -1.000000e+09, -1.000000e+09, -1.000000e+09, -1.000000e+09, 0.0, 0.0, 0.0], [0.0, -1.000000e+09, -1.000000e+09, -1.000000e+09, -1.000000e+09, -1.000000e+09, 0.0, 0.0]]]> : tensor<2x8x8xf32>
  %s2 = linalg.add ins(%s1, %mask : tensor<2x8x8xf32>, tensor<2x8x8xf32>) outs(%e1 : tensor<2x8x8xf32>) -> tensor<2x8x8xf32>
  %p = linalg.softmax dimension(2) ins(%s2 : tensor<2x8x8xf32>) outs(%e1 : tensor<2x8x8xf32>) -> tensor<2x8x8xf32>
  %e2 = tensor.empty() : tensor<2x8x16xf32>
  %z2 = linalg.fill ins(%zero : f32) outs(%e2 : tensor<2x8x16xf32>) -> tensor<2x8x16xf32>
  %o = linalg.batch_matmul ins(%p, %v : tensor<2x8x8xf32>, tensor<2x8x16xf32>) outs(%z2 : tensor<2x8x16xf32>) -> tensor<2x8x16xf32>
  return %o : tensor<2x8x16xf32>
}

// -----

// A streaming head (DuoAttention): causal, one sink, a window of two
// earlier keys.
// CHECK-LABEL: func.func @streaming
// CHECK:       sattn.attention {{.*}} {pattern = #sattn.pattern<causal = true, window = [2, 0], sinks = 1>, scale = 1.000000e+00 : f64}
func.func @streaming(%q: tensor<1x8x16xf32>, %k: tensor<1x8x16xf32>, %v: tensor<1x8x16xf32>) -> tensor<1x8x16xf32> {
  %zero = arith.constant 0.0 : f32
  %e0 = tensor.empty() : tensor<1x16x8xf32>
  %kt = linalg.transpose ins(%k : tensor<1x8x16xf32>) outs(%e0 : tensor<1x16x8xf32>) permutation = [0, 2, 1]
  %e1 = tensor.empty() : tensor<1x8x8xf32>
  %z1 = linalg.fill ins(%zero : f32) outs(%e1 : tensor<1x8x8xf32>) -> tensor<1x8x8xf32>
  %s = linalg.batch_matmul ins(%q, %kt : tensor<1x8x16xf32>, tensor<1x16x8xf32>) outs(%z1 : tensor<1x8x8xf32>) -> tensor<1x8x8xf32>
  %mask = arith.constant dense<[[[0.0, -1.000000e+09, -1.000000e+09, -1.000000e+09, -1.000000e+09, -1.000000e+09, -1.000000e+09, -1.000000e+09], [0.0, 0.0, -1.000000e+09, -1.000000e+09, -1.000000e+09, -1.000000e+09, -1.000000e+09, -1.000000e+09], [0.0, 0.0, 0.0, -1.000000e+09, -1.000000e+09, -1.000000e+09, -1.000000e+09, -1.000000e+09], [0.0, 0.0, 0.0, 0.0, -1.000000e+09, -1.000000e+09, -1.000000e+09, -1.000000e+09], [0.0, -1.000000e+09, 0.0, 0.0, 0.0, -1.000000e+09, -1.000000e+09, -1.000000e+09], [0.0, -1.000000e+09, -1.000000e+09, 0.0, 0.0, 0.0, -1.000000e+09, -1.000000e+09], [0.0, -1.000000e+09, -1.000000e+09, -1.000000e+09, 0.0, 0.0, 0.0, -1.000000e+09], [0.0, -1.000000e+09, -1.000000e+09, -1.000000e+09, -1.000000e+09, 0.0, 0.0, 0.0]]]> : tensor<1x8x8xf32>
  %s2 = linalg.add ins(%s, %mask : tensor<1x8x8xf32>, tensor<1x8x8xf32>) outs(%e1 : tensor<1x8x8xf32>) -> tensor<1x8x8xf32>
  %p = linalg.softmax dimension(2) ins(%s2 : tensor<1x8x8xf32>) outs(%e1 : tensor<1x8x8xf32>) -> tensor<1x8x8xf32>
  %e2 = tensor.empty() : tensor<1x8x16xf32>
  %z2 = linalg.fill ins(%zero : f32) outs(%e2 : tensor<1x8x16xf32>) -> tensor<1x8x16xf32>
  %o = linalg.batch_matmul ins(%p, %v : tensor<1x8x8xf32>, tensor<1x8x16xf32>) outs(%z2 : tensor<1x8x16xf32>) -> tensor<1x8x16xf32>
  return %o : tensor<1x8x16xf32>
}

// -----

// Causal attention with no other structure, -inf as the mask: dense and
// causal.
// CHECK-LABEL: func.func @causal
// CHECK:       sattn.attention {{.*}} {pattern = #sattn.pattern<dense = true, causal = true>
func.func @causal(%q: tensor<1x8x16xf32>, %k: tensor<1x8x16xf32>, %v: tensor<1x8x16xf32>) -> tensor<1x8x16xf32> {
  %zero = arith.constant 0.0 : f32
  %e0 = tensor.empty() : tensor<1x16x8xf32>
  %kt = linalg.transpose ins(%k : tensor<1x8x16xf32>) outs(%e0 : tensor<1x16x8xf32>) permutation = [0, 2, 1]
  %e1 = tensor.empty() : tensor<1x8x8xf32>
  %z1 = linalg.fill ins(%zero : f32) outs(%e1 : tensor<1x8x8xf32>) -> tensor<1x8x8xf32>
  %s = linalg.batch_matmul ins(%q, %kt : tensor<1x8x16xf32>, tensor<1x16x8xf32>) outs(%z1 : tensor<1x8x8xf32>) -> tensor<1x8x8xf32>
  %mask = arith.constant dense<[[[0.0, 0xFF800000, 0xFF800000, 0xFF800000, 0xFF800000, 0xFF800000, 0xFF800000, 0xFF800000], [0.0, 0.0, 0xFF800000, 0xFF800000, 0xFF800000, 0xFF800000, 0xFF800000, 0xFF800000], [0.0, 0.0, 0.0, 0xFF800000, 0xFF800000, 0xFF800000, 0xFF800000, 0xFF800000], [0.0, 0.0, 0.0, 0.0, 0xFF800000, 0xFF800000, 0xFF800000, 0xFF800000], [0.0, 0.0, 0.0, 0.0, 0.0, 0xFF800000, 0xFF800000, 0xFF800000], [0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0xFF800000, 0xFF800000], [0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0xFF800000], [0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0]]]> : tensor<1x8x8xf32>
  %s2 = linalg.add ins(%s, %mask : tensor<1x8x8xf32>, tensor<1x8x8xf32>) outs(%e1 : tensor<1x8x8xf32>) -> tensor<1x8x8xf32>
  %p = linalg.softmax dimension(2) ins(%s2 : tensor<1x8x8xf32>) outs(%e1 : tensor<1x8x8xf32>) -> tensor<1x8x8xf32>
  %e2 = tensor.empty() : tensor<1x8x16xf32>
  %z2 = linalg.fill ins(%zero : f32) outs(%e2 : tensor<1x8x16xf32>) -> tensor<1x8x16xf32>
  %o = linalg.batch_matmul ins(%p, %v : tensor<1x8x8xf32>, tensor<1x8x16xf32>) outs(%z2 : tensor<1x8x16xf32>) -> tensor<1x8x16xf32>
  return %o : tensor<1x8x16xf32>
}

// -----

// No mask, no scale: dense.
// CHECK-LABEL: func.func @dense
// CHECK:       sattn.attention {{.*}} {pattern = #sattn.pattern<dense = true>, scale = 1.000000e+00 : f64}
func.func @dense(%q: tensor<1x8x16xf32>, %k: tensor<1x8x16xf32>, %v: tensor<1x8x16xf32>) -> tensor<1x8x16xf32> {
  %zero = arith.constant 0.0 : f32
  %e0 = tensor.empty() : tensor<1x16x8xf32>
  %kt = linalg.transpose ins(%k : tensor<1x8x16xf32>) outs(%e0 : tensor<1x16x8xf32>) permutation = [0, 2, 1]
  %e1 = tensor.empty() : tensor<1x8x8xf32>
  %z1 = linalg.fill ins(%zero : f32) outs(%e1 : tensor<1x8x8xf32>) -> tensor<1x8x8xf32>
  %s = linalg.batch_matmul ins(%q, %kt : tensor<1x8x16xf32>, tensor<1x16x8xf32>) outs(%z1 : tensor<1x8x8xf32>) -> tensor<1x8x8xf32>
  %p = linalg.softmax dimension(2) ins(%s : tensor<1x8x8xf32>) outs(%e1 : tensor<1x8x8xf32>) -> tensor<1x8x8xf32>
  %e2 = tensor.empty() : tensor<1x8x16xf32>
  %z2 = linalg.fill ins(%zero : f32) outs(%e2 : tensor<1x8x16xf32>) -> tensor<1x8x16xf32>
  %o = linalg.batch_matmul ins(%p, %v : tensor<1x8x8xf32>, tensor<1x8x16xf32>) outs(%z2 : tensor<1x8x16xf32>) -> tensor<1x8x16xf32>
  return %o : tensor<1x8x16xf32>
}

// -----

// A mask with no pattern structure stays, with a remark.
// CHECK-LABEL: func.func @scattered
// CHECK:       linalg.softmax
// CHECK-NOT:   sattn.attention
// REMARK: remark: sattn-raise-linalg: not raised: the mask is not a dense, causal, window, global-token or sink pattern
func.func @scattered(%q: tensor<1x8x16xf32>, %k: tensor<1x8x16xf32>, %v: tensor<1x8x16xf32>) -> tensor<1x8x16xf32> {
  %zero = arith.constant 0.0 : f32
  %e0 = tensor.empty() : tensor<1x16x8xf32>
  %kt = linalg.transpose ins(%k : tensor<1x8x16xf32>) outs(%e0 : tensor<1x16x8xf32>) permutation = [0, 2, 1]
  %e1 = tensor.empty() : tensor<1x8x8xf32>
  %z1 = linalg.fill ins(%zero : f32) outs(%e1 : tensor<1x8x8xf32>) -> tensor<1x8x8xf32>
  %s = linalg.batch_matmul ins(%q, %kt : tensor<1x8x16xf32>, tensor<1x16x8xf32>) outs(%z1 : tensor<1x8x8xf32>) -> tensor<1x8x8xf32>
  %mask = arith.constant dense<[[[0.0, 0.0, -1.000000e+09, -1.000000e+09, 0.0, 0.0, 0.0, 0.0], [-1.000000e+09, 0.0, 0.0, -1.000000e+09, 0.0, -1.000000e+09, -1.000000e+09, -1.000000e+09], [0.0, -1.000000e+09, 0.0, 0.0, 0.0, -1.000000e+09, 0.0, 0.0], [-1.000000e+09, -1.000000e+09, 0.0, 0.0, 0.0, -1.000000e+09, 0.0, 0.0], [-1.000000e+09, -1.000000e+09, 0.0, -1.000000e+09, 0.0, -1.000000e+09, -1.000000e+09, 0.0], [-1.000000e+09, -1.000000e+09, -1.000000e+09, -1.000000e+09, 0.0, 0.0, -1.000000e+09, 0.0], [-1.000000e+09, 0.0, 0.0, 0.0, -1.000000e+09, 0.0, 0.0, 0.0], [-1.000000e+09, 0.0, -1.000000e+09, 0.0, 0.0, -1.000000e+09, -1.000000e+09, 0.0]]]> : tensor<1x8x8xf32>
  %s2 = linalg.add ins(%s, %mask : tensor<1x8x8xf32>, tensor<1x8x8xf32>) outs(%e1 : tensor<1x8x8xf32>) -> tensor<1x8x8xf32>
  %p = linalg.softmax dimension(2) ins(%s2 : tensor<1x8x8xf32>) outs(%e1 : tensor<1x8x8xf32>) -> tensor<1x8x8xf32>
  %e2 = tensor.empty() : tensor<1x8x16xf32>
  %z2 = linalg.fill ins(%zero : f32) outs(%e2 : tensor<1x8x16xf32>) -> tensor<1x8x16xf32>
  %o = linalg.batch_matmul ins(%p, %v : tensor<1x8x8xf32>, tensor<1x8x16xf32>) outs(%z2 : tensor<1x8x16xf32>) -> tensor<1x8x16xf32>
  return %o : tensor<1x8x16xf32>
}

// -----

// A mask passed in: unknown at compile time.
// CHECK-LABEL: func.func @mask_argument
// CHECK-NOT:   sattn.attention
// REMARK: remark: sattn-raise-linalg: not raised: the mask is not a constant (an argument or computed): its pattern cannot be known at compile time
func.func @mask_argument(%q: tensor<1x8x16xf32>, %k: tensor<1x8x16xf32>, %v: tensor<1x8x16xf32>, %mask: tensor<1x8x8xf32>) -> tensor<1x8x16xf32> {
  %zero = arith.constant 0.0 : f32
  %e0 = tensor.empty() : tensor<1x16x8xf32>
  %kt = linalg.transpose ins(%k : tensor<1x8x16xf32>) outs(%e0 : tensor<1x16x8xf32>) permutation = [0, 2, 1]
  %e1 = tensor.empty() : tensor<1x8x8xf32>
  %z1 = linalg.fill ins(%zero : f32) outs(%e1 : tensor<1x8x8xf32>) -> tensor<1x8x8xf32>
  %s = linalg.batch_matmul ins(%q, %kt : tensor<1x8x16xf32>, tensor<1x16x8xf32>) outs(%z1 : tensor<1x8x8xf32>) -> tensor<1x8x8xf32>
  %s2 = linalg.add ins(%s, %mask : tensor<1x8x8xf32>, tensor<1x8x8xf32>) outs(%e1 : tensor<1x8x8xf32>) -> tensor<1x8x8xf32>
  %p = linalg.softmax dimension(2) ins(%s2 : tensor<1x8x8xf32>) outs(%e1 : tensor<1x8x8xf32>) -> tensor<1x8x8xf32>
  %e2 = tensor.empty() : tensor<1x8x16xf32>
  %z2 = linalg.fill ins(%zero : f32) outs(%e2 : tensor<1x8x16xf32>) -> tensor<1x8x16xf32>
  %o = linalg.batch_matmul ins(%p, %v : tensor<1x8x8xf32>, tensor<1x8x16xf32>) outs(%z2 : tensor<1x8x16xf32>) -> tensor<1x8x16xf32>
  return %o : tensor<1x8x16xf32>
}

// -----

// Mask values other than 0 and -inf weight the scores: not a pattern.
// CHECK-LABEL: func.func @soft_mask
// CHECK-NOT:   sattn.attention
// REMARK: remark: sattn-raise-linalg: not raised: the mask holds -0.500000: only 0 (attended) and -inf or at most -1e4 (not) are patterns
func.func @soft_mask(%q: tensor<1x8x16xf32>, %k: tensor<1x8x16xf32>, %v: tensor<1x8x16xf32>) -> tensor<1x8x16xf32> {
  %zero = arith.constant 0.0 : f32
  %e0 = tensor.empty() : tensor<1x16x8xf32>
  %kt = linalg.transpose ins(%k : tensor<1x8x16xf32>) outs(%e0 : tensor<1x16x8xf32>) permutation = [0, 2, 1]
  %e1 = tensor.empty() : tensor<1x8x8xf32>
  %z1 = linalg.fill ins(%zero : f32) outs(%e1 : tensor<1x8x8xf32>) -> tensor<1x8x8xf32>
  %s = linalg.batch_matmul ins(%q, %kt : tensor<1x8x16xf32>, tensor<1x16x8xf32>) outs(%z1 : tensor<1x8x8xf32>) -> tensor<1x8x8xf32>
  %mask = arith.constant dense<[[[0.0, 0.0, -5.000000e-01, -5.000000e-01, -5.000000e-01, -5.000000e-01, -5.000000e-01, -5.000000e-01], [0.0, 0.0, 0.0, -5.000000e-01, -5.000000e-01, -5.000000e-01, -5.000000e-01, -5.000000e-01], [-5.000000e-01, 0.0, 0.0, 0.0, -5.000000e-01, -5.000000e-01, -5.000000e-01, -5.000000e-01], [-5.000000e-01, -5.000000e-01, 0.0, 0.0, 0.0, -5.000000e-01, -5.000000e-01, -5.000000e-01], [-5.000000e-01, -5.000000e-01, -5.000000e-01, 0.0, 0.0, 0.0, -5.000000e-01, -5.000000e-01], [-5.000000e-01, -5.000000e-01, -5.000000e-01, -5.000000e-01, 0.0, 0.0, 0.0, -5.000000e-01], [-5.000000e-01, -5.000000e-01, -5.000000e-01, -5.000000e-01, -5.000000e-01, 0.0, 0.0, 0.0], [-5.000000e-01, -5.000000e-01, -5.000000e-01, -5.000000e-01, -5.000000e-01, -5.000000e-01, 0.0, 0.0]]]> : tensor<1x8x8xf32>
  %s2 = linalg.add ins(%s, %mask : tensor<1x8x8xf32>, tensor<1x8x8xf32>) outs(%e1 : tensor<1x8x8xf32>) -> tensor<1x8x8xf32>
  %p = linalg.softmax dimension(2) ins(%s2 : tensor<1x8x8xf32>) outs(%e1 : tensor<1x8x8xf32>) -> tensor<1x8x8xf32>
  %e2 = tensor.empty() : tensor<1x8x16xf32>
  %z2 = linalg.fill ins(%zero : f32) outs(%e2 : tensor<1x8x16xf32>) -> tensor<1x8x16xf32>
  %o = linalg.batch_matmul ins(%p, %v : tensor<1x8x8xf32>, tensor<1x8x16xf32>) outs(%z2 : tensor<1x8x16xf32>) -> tensor<1x8x16xf32>
  return %o : tensor<1x8x16xf32>
}

// -----

// Two products without a softmax between them are not attention: left
// alone, without a remark.
// CHECK-LABEL: func.func @not_attention
// CHECK-COUNT-2: linalg.batch_matmul
// CHECK-NOT:   sattn.attention
func.func @not_attention(%a: tensor<1x8x8xf32>, %b: tensor<1x8x8xf32>) -> tensor<1x8x8xf32> {
  %zero = arith.constant 0.0 : f32
  %e = tensor.empty() : tensor<1x8x8xf32>
  %z = linalg.fill ins(%zero : f32) outs(%e : tensor<1x8x8xf32>) -> tensor<1x8x8xf32>
  %ab = linalg.batch_matmul ins(%a, %b : tensor<1x8x8xf32>, tensor<1x8x8xf32>) outs(%z : tensor<1x8x8xf32>) -> tensor<1x8x8xf32>
  %abb = linalg.batch_matmul ins(%ab, %b : tensor<1x8x8xf32>, tensor<1x8x8xf32>) outs(%z : tensor<1x8x8xf32>) -> tensor<1x8x8xf32>
  return %abb : tensor<1x8x8xf32>
}

// -----

// The softmax decomposed as linalg.softmax decomposes: the row maximum,
// exp(x - max), the row sum and the quotient, as linalg.generic; a causal
// mask.
// CHECK-LABEL: func.func @decomposed_softmax
// CHECK:       sattn.attention {{.*}} {pattern = #sattn.pattern<dense = true, causal = true>, scale = 1.000000e+00 : f64}
// CHECK-NOT:   linalg.generic
#id = affine_map<(d0, d1, d2) -> (d0, d1, d2)>
#row = affine_map<(d0, d1, d2) -> (d0, d1)>
func.func @decomposed_softmax(%q: tensor<1x4x16xf32>, %k: tensor<1x4x16xf32>, %v: tensor<1x4x16xf32>) -> tensor<1x4x16xf32> {
  %zero = arith.constant 0.0 : f32
  %lowest = arith.constant 0xFF800000 : f32
  %e0 = tensor.empty() : tensor<1x16x4xf32>
  %kt = linalg.transpose ins(%k : tensor<1x4x16xf32>) outs(%e0 : tensor<1x16x4xf32>) permutation = [0, 2, 1]
  %e1 = tensor.empty() : tensor<1x4x4xf32>
  %z1 = linalg.fill ins(%zero : f32) outs(%e1 : tensor<1x4x4xf32>) -> tensor<1x4x4xf32>
  %s = linalg.batch_matmul ins(%q, %kt : tensor<1x4x16xf32>, tensor<1x16x4xf32>) outs(%z1 : tensor<1x4x4xf32>) -> tensor<1x4x4xf32>
  %mask = arith.constant dense<[[[0.0, 0xFF800000, 0xFF800000, 0xFF800000], [0.0, 0.0, 0xFF800000, 0xFF800000], [0.0, 0.0, 0.0, 0xFF800000], [0.0, 0.0, 0.0, 0.0]]]> : tensor<1x4x4xf32>
  %x = linalg.add ins(%s, %mask : tensor<1x4x4xf32>, tensor<1x4x4xf32>) outs(%e1 : tensor<1x4x4xf32>) -> tensor<1x4x4xf32>
  %r = tensor.empty() : tensor<1x4xf32>
  %minus = linalg.fill ins(%lowest : f32) outs(%r : tensor<1x4xf32>) -> tensor<1x4xf32>
  %max = linalg.generic {indexing_maps = [#id, #row], iterator_types = ["parallel", "parallel", "reduction"]} ins(%x : tensor<1x4x4xf32>) outs(%minus : tensor<1x4xf32>) {
  ^bb0(%in: f32, %out: f32):
    %m = arith.maxnumf %in, %out : f32
    linalg.yield %m : f32
  } -> tensor<1x4xf32>
  %exps = linalg.generic {indexing_maps = [#id, #row, #id], iterator_types = ["parallel", "parallel", "parallel"]} ins(%x, %max : tensor<1x4x4xf32>, tensor<1x4xf32>) outs(%e1 : tensor<1x4x4xf32>) {
  ^bb0(%in: f32, %in_max: f32, %out: f32):
    %d = arith.subf %in, %in_max : f32
    %e = math.exp %d : f32
    linalg.yield %e : f32
  } -> tensor<1x4x4xf32>
  %zeros = linalg.fill ins(%zero : f32) outs(%r : tensor<1x4xf32>) -> tensor<1x4xf32>
  %sum = linalg.generic {indexing_maps = [#id, #row], iterator_types = ["parallel", "parallel", "reduction"]} ins(%exps : tensor<1x4x4xf32>) outs(%zeros : tensor<1x4xf32>) {
  ^bb0(%in: f32, %out: f32):
    %a = arith.addf %in, %out : f32
    linalg.yield %a : f32
  } -> tensor<1x4xf32>
  %p = linalg.generic {indexing_maps = [#id, #row, #id], iterator_types = ["parallel", "parallel", "parallel"]} ins(%exps, %sum : tensor<1x4x4xf32>, tensor<1x4xf32>) outs(%e1 : tensor<1x4x4xf32>) {
  ^bb0(%in: f32, %in_sum: f32, %out: f32):
    %quotient = arith.divf %in, %in_sum : f32
    linalg.yield %quotient : f32
  } -> tensor<1x4x4xf32>
  %e2 = tensor.empty() : tensor<1x4x16xf32>
  %z2 = linalg.fill ins(%zero : f32) outs(%e2 : tensor<1x4x16xf32>) -> tensor<1x4x16xf32>
  %o = linalg.batch_matmul ins(%p, %v : tensor<1x4x4xf32>, tensor<1x4x16xf32>) outs(%z2 : tensor<1x4x16xf32>) -> tensor<1x4x16xf32>
  return %o : tensor<1x4x16xf32>
}

// -----

// One sequence and head: linalg.matmul on [N, D], a [N, S] mask; viewed as
// [1, 1, N, D].
// CHECK-LABEL: func.func @one_sequence
// CHECK:       tensor.expand_shape %arg0 {{\[}}[0, 1, 2], [3]] output_shape [1, 1, 8, 16]
// CHECK:       sattn.attention {{.*}} {pattern = #sattn.pattern<window = [1, 1], global_tokens = [0]>, scale = 1.000000e+00 : f64}
// CHECK:       tensor.collapse_shape {{.*}} {{\[}}[0, 1, 2], [3]] : tensor<1x1x8x16xf32> into tensor<8x16xf32>
func.func @one_sequence(%q: tensor<8x16xf32>, %k: tensor<8x16xf32>, %v: tensor<8x16xf32>) -> tensor<8x16xf32> {
  %zero = arith.constant 0.0 : f32
  %e0 = tensor.empty() : tensor<16x8xf32>
  %kt = linalg.transpose ins(%k : tensor<8x16xf32>) outs(%e0 : tensor<16x8xf32>) permutation = [1, 0]
  %e1 = tensor.empty() : tensor<8x8xf32>
  %z1 = linalg.fill ins(%zero : f32) outs(%e1 : tensor<8x8xf32>) -> tensor<8x8xf32>
  %s = linalg.matmul ins(%q, %kt : tensor<8x16xf32>, tensor<16x8xf32>) outs(%z1 : tensor<8x8xf32>) -> tensor<8x8xf32>
  %mask = arith.constant dense<[[0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0], [0.0, 0.0, 0.0, -1.000000e+09, -1.000000e+09, -1.000000e+09, -1.000000e+09, -1.000000e+09], [0.0, 0.0, 0.0, 0.0, -1.000000e+09, -1.000000e+09, -1.000000e+09, -1.000000e+09], [0.0, -1.000000e+09, 0.0, 0.0, 0.0, -1.000000e+09, -1.000000e+09, -1.000000e+09], [0.0, -1.000000e+09, -1.000000e+09, 0.0, 0.0, 0.0, -1.000000e+09, -1.000000e+09], [0.0, -1.000000e+09, -1.000000e+09, -1.000000e+09, 0.0, 0.0, 0.0, -1.000000e+09], [0.0, -1.000000e+09, -1.000000e+09, -1.000000e+09, -1.000000e+09, 0.0, 0.0, 0.0], [0.0, -1.000000e+09, -1.000000e+09, -1.000000e+09, -1.000000e+09, -1.000000e+09, 0.0, 0.0]]> : tensor<8x8xf32>
  %x = linalg.add ins(%s, %mask : tensor<8x8xf32>, tensor<8x8xf32>) outs(%e1 : tensor<8x8xf32>) -> tensor<8x8xf32>
  %p = linalg.softmax dimension(1) ins(%x : tensor<8x8xf32>) outs(%e1 : tensor<8x8xf32>) -> tensor<8x8xf32>
  %e2 = tensor.empty() : tensor<8x16xf32>
  %z2 = linalg.fill ins(%zero : f32) outs(%e2 : tensor<8x16xf32>) -> tensor<8x16xf32>
  %o = linalg.matmul ins(%p, %v : tensor<8x8xf32>, tensor<8x16xf32>) outs(%z2 : tensor<8x16xf32>) -> tensor<8x16xf32>
  return %o : tensor<8x16xf32>
}

// -----

// The mask as a select: a constant i1 tensor picks the score or -inf
// (causal, a window of two earlier keys).
// CHECK-LABEL: func.func @select_mask
// CHECK:       sattn.attention {{.*}} {pattern = #sattn.pattern<causal = true, window = [2, 0]>, scale = 1.000000e+00 : f64}
// CHECK-NOT:   linalg.generic
#id = affine_map<(d0, d1, d2) -> (d0, d1, d2)>
func.func @select_mask(%q: tensor<1x8x16xf32>, %k: tensor<1x8x16xf32>, %v: tensor<1x8x16xf32>) -> tensor<1x8x16xf32> {
  %zero = arith.constant 0.0 : f32
  %lowest = arith.constant 0xFF800000 : f32
  %e0 = tensor.empty() : tensor<1x16x8xf32>
  %kt = linalg.transpose ins(%k : tensor<1x8x16xf32>) outs(%e0 : tensor<1x16x8xf32>) permutation = [0, 2, 1]
  %e1 = tensor.empty() : tensor<1x8x8xf32>
  %z1 = linalg.fill ins(%zero : f32) outs(%e1 : tensor<1x8x8xf32>) -> tensor<1x8x8xf32>
  %s = linalg.batch_matmul ins(%q, %kt : tensor<1x8x16xf32>, tensor<1x16x8xf32>) outs(%z1 : tensor<1x8x8xf32>) -> tensor<1x8x8xf32>
  %keep = arith.constant dense<[[[true, false, false, false, false, false, false, false], [true, true, false, false, false, false, false, false], [true, true, true, false, false, false, false, false], [false, true, true, true, false, false, false, false], [false, false, true, true, true, false, false, false], [false, false, false, true, true, true, false, false], [false, false, false, false, true, true, true, false], [false, false, false, false, false, true, true, true]]]> : tensor<1x8x8xi1>
  %x = linalg.generic {indexing_maps = [#id, #id, #id], iterator_types = ["parallel", "parallel", "parallel"]} ins(%s, %keep : tensor<1x8x8xf32>, tensor<1x8x8xi1>) outs(%e1 : tensor<1x8x8xf32>) {
  ^bb0(%score: f32, %attend: i1, %out: f32):
    %chosen = arith.select %attend, %score, %lowest : f32
    linalg.yield %chosen : f32
  } -> tensor<1x8x8xf32>
  %p = linalg.softmax dimension(2) ins(%x : tensor<1x8x8xf32>) outs(%e1 : tensor<1x8x8xf32>) -> tensor<1x8x8xf32>
  %e2 = tensor.empty() : tensor<1x8x16xf32>
  %z2 = linalg.fill ins(%zero : f32) outs(%e2 : tensor<1x8x16xf32>) -> tensor<1x8x16xf32>
  %o = linalg.batch_matmul ins(%p, %v : tensor<1x8x8xf32>, tensor<1x8x16xf32>) outs(%z2 : tensor<1x8x16xf32>) -> tensor<1x8x16xf32>
  return %o : tensor<1x8x16xf32>
}

// -----

// Batch and heads as torch-mlir lays them out: [B, H, N, D] collapsed to
// [B * H, N, D] for the products and the result expanded back. The
// attention takes the 4-D tensors and their heads directly.
// CHECK-LABEL: func.func @batch_and_heads
// CHECK:       %[[A:.*]] = sattn.attention %arg0, %arg1, %arg2 {pattern = #sattn.pattern<window = [1, 1], global_tokens = [0]>, scale = 2.500000e-01 : f64} : tensor<2x3x8x16xf32>, tensor<2x3x8x16xf32>, tensor<2x3x8x16xf32> -> tensor<2x3x8x16xf32>
// CHECK:       %[[C:.*]] = tensor.collapse_shape %[[A]]
// CHECK:       tensor.expand_shape %[[C]]
func.func @batch_and_heads(%q4: tensor<2x3x8x16xf32>, %k4: tensor<2x3x8x16xf32>, %v4: tensor<2x3x8x16xf32>) -> tensor<2x3x8x16xf32> {
  %q = tensor.collapse_shape %q4 [[0, 1], [2], [3]] : tensor<2x3x8x16xf32> into tensor<6x8x16xf32>
  %k = tensor.collapse_shape %k4 [[0, 1], [2], [3]] : tensor<2x3x8x16xf32> into tensor<6x8x16xf32>
  %v = tensor.collapse_shape %v4 [[0, 1], [2], [3]] : tensor<2x3x8x16xf32> into tensor<6x8x16xf32>
  %zero = arith.constant 0.0 : f32
  %e0 = tensor.empty() : tensor<6x16x8xf32>
  %kt = linalg.transpose ins(%k : tensor<6x8x16xf32>) outs(%e0 : tensor<6x16x8xf32>) permutation = [0, 2, 1]
  %e1 = tensor.empty() : tensor<6x8x8xf32>
  %z1 = linalg.fill ins(%zero : f32) outs(%e1 : tensor<6x8x8xf32>) -> tensor<6x8x8xf32>
  %s = linalg.batch_matmul ins(%q, %kt : tensor<6x8x16xf32>, tensor<6x16x8xf32>) outs(%z1 : tensor<6x8x8xf32>) -> tensor<6x8x8xf32>
  %c = arith.constant dense<0.25> : tensor<6x8x8xf32>
  %s1 = linalg.mul ins(%s, %c : tensor<6x8x8xf32>, tensor<6x8x8xf32>) outs(%e1 : tensor<6x8x8xf32>) -> tensor<6x8x8xf32>
  %mask = arith.constant dense<[[[0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0], [0.0, 0.0, 0.0, -1.000000e+09, -1.000000e+09, -1.000000e+09, -1.000000e+09, -1.000000e+09], [0.0, 0.0, 0.0, 0.0, -1.000000e+09, -1.000000e+09, -1.000000e+09, -1.000000e+09], [0.0, -1.000000e+09, 0.0, 0.0, 0.0, -1.000000e+09, -1.000000e+09, -1.000000e+09], [0.0, -1.000000e+09, -1.000000e+09, 0.0, 0.0, 0.0, -1.000000e+09, -1.000000e+09], [0.0, -1.000000e+09, -1.000000e+09, -1.000000e+09, 0.0, 0.0, 0.0, -1.000000e+09], [0.0, -1.000000e+09, -1.000000e+09, -1.000000e+09, -1.000000e+09, 0.0, 0.0, 0.0], [0.0, -1.000000e+09, -1.000000e+09, -1.000000e+09, -1.000000e+09, -1.000000e+09, 0.0, 0.0]], [[0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0], [0.0, 0.0, 0.0, -1.000000e+09, -1.000000e+09, -1.000000e+09, -1.000000e+09, -1.000000e+09], [0.0, 0.0, 0.0, 0.0, -1.000000e+09, -1.000000e+09, -1.000000e+09, -1.000000e+09], [0.0, -1.000000e+09, 0.0, 0.0, 0.0, -1.000000e+09, -1.000000e+09, -1.000000e+09], [0.0, -1.000000e+09, -1.000000e+09, 0.0, 0.0, 0.0, -1.000000e+09, -1.000000e+09], [0.0, -1.000000e+09, -1.000000e+09, -1.000000e+09, 0.0, 0.0, 0.0, -1.000000e+09], [0.0, -1.000000e+09, -1.000000e+09, -1.000000e+09, -1.000000e+09, 0.0, 0.0, 0.0], [0.0, -1.000000e+09, -1.000000e+09, -1.000000e+09, -1.000000e+09, -1.000000e+09, 0.0, 0.0]], [[0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0], [0.0, 0.0, 0.0, -1.000000e+09, -1.000000e+09, -1.000000e+09, -1.000000e+09, -1.000000e+09], [0.0, 0.0, 0.0, 0.0, -1.000000e+09, -1.000000e+09, -1.000000e+09, -1.000000e+09], [0.0, -1.000000e+09, 0.0, 0.0, 0.0, -1.000000e+09, -1.000000e+09, -1.000000e+09], [0.0, -1.000000e+09, -1.000000e+09, 0.0, 0.0, 0.0, -1.000000e+09, -1.000000e+09], [0.0, -1.000000e+09, -1.000000e+09, -1.000000e+09, 0.0, 0.0, 0.0, -1.000000e+09], [0.0, -1.000000e+09, -1.000000e+09, -1.000000e+09, -1.000000e+09, 0.0, 0.0, 0.0], [0.0, -1.000000e+09, -1.000000e+09, -1.000000e+09, -1.000000e+09, -1.000000e+09, 0.0, 0.0]], [[0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0], [0.0, 0.0, 0.0, -1.000000e+09, -1.000000e+09, -1.000000e+09, -1.000000e+09, -1.000000e+09], [0.0, 0.0, 0.0, 0.0, -1.000000e+09, -1.000000e+09, -1.000000e+09, -1.000000e+09], [0.0, -1.000000e+09, 0.0, 0.0, 0.0, -1.000000e+09, -1.000000e+09, -1.000000e+09], [0.0, -1.000000e+09, -1.000000e+09, 0.0, 0.0, 0.0, -1.000000e+09, -1.000000e+09], [0.0, -1.000000e+09, -1.000000e+09, -1.000000e+09, 0.0, 0.0, 0.0, -1.000000e+09], [0.0, -1.000000e+09, -1.000000e+09, -1.000000e+09, -1.000000e+09, 0.0, 0.0, 0.0], [0.0, -1.000000e+09, -1.000000e+09, -1.000000e+09, -1.000000e+09, -1.000000e+09, 0.0, 0.0]], [[0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0], [0.0, 0.0, 0.0, -1.000000e+09, -1.000000e+09, -1.000000e+09, -1.000000e+09, -1.000000e+09], [0.0, 0.0, 0.0, 0.0, -1.000000e+09, -1.000000e+09, -1.000000e+09, -1.000000e+09], [0.0, -1.000000e+09, 0.0, 0.0, 0.0, -1.000000e+09, -1.000000e+09, -1.000000e+09], [0.0, -1.000000e+09, -1.000000e+09, 0.0, 0.0, 0.0, -1.000000e+09, -1.000000e+09], [0.0, -1.000000e+09, -1.000000e+09, -1.000000e+09, 0.0, 0.0, 0.0, -1.000000e+09], [0.0, -1.000000e+09, -1.000000e+09, -1.000000e+09, -1.000000e+09, 0.0, 0.0, 0.0], [0.0, -1.000000e+09, -1.000000e+09, -1.000000e+09, -1.000000e+09, -1.000000e+09, 0.0, 0.0]], [[0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0], [0.0, 0.0, 0.0, -1.000000e+09, -1.000000e+09, -1.000000e+09, -1.000000e+09, -1.000000e+09], [0.0, 0.0, 0.0, 0.0, -1.000000e+09, -1.000000e+09, -1.000000e+09, -1.000000e+09], [0.0, -1.000000e+09, 0.0, 0.0, 0.0, -1.000000e+09, -1.000000e+09, -1.000000e+09], [0.0, -1.000000e+09, -1.000000e+09, 0.0, 0.0, 0.0, -1.000000e+09, -1.000000e+09], [0.0, -1.000000e+09, -1.000000e+09, -1.000000e+09, 0.0, 0.0, 0.0, -1.000000e+09], [0.0, -1.000000e+09, -1.000000e+09, -1.000000e+09, -1.000000e+09, 0.0, 0.0, 0.0], [0.0, -1.000000e+09, -1.000000e+09, -1.000000e+09, -1.000000e+09, -1.000000e+09, 0.0, 0.0]]]> : tensor<6x8x8xf32>
  %x = linalg.add ins(%s1, %mask : tensor<6x8x8xf32>, tensor<6x8x8xf32>) outs(%e1 : tensor<6x8x8xf32>) -> tensor<6x8x8xf32>
  %p = linalg.softmax dimension(2) ins(%x : tensor<6x8x8xf32>) outs(%e1 : tensor<6x8x8xf32>) -> tensor<6x8x8xf32>
  %e2 = tensor.empty() : tensor<6x8x16xf32>
  %z2 = linalg.fill ins(%zero : f32) outs(%e2 : tensor<6x8x16xf32>) -> tensor<6x8x16xf32>
  %o = linalg.batch_matmul ins(%p, %v : tensor<6x8x8xf32>, tensor<6x8x16xf32>) outs(%z2 : tensor<6x8x16xf32>) -> tensor<6x8x16xf32>
  %o4 = tensor.expand_shape %o [[0, 1], [2], [3]] output_shape [2, 3, 8, 16] : tensor<6x8x16xf32> into tensor<2x3x8x16xf32>
  return %o4 : tensor<2x3x8x16xf32>
}

// -----

// [B, H, N, D] throughout, the products written as linalg.generic
// contractions (Q K^T reading K transposed through its indexing map), the
// mask 4-D: the attention takes the tensors as they are.
// CHECK-LABEL: func.func @contractions
// CHECK-NEXT:  %[[A:.*]] = sattn.attention %arg0, %arg1, %arg2 {pattern = #sattn.pattern<causal = true, window = [2, 0], sinks = 1>, scale = 1.000000e+00 : f64} : tensor<1x2x8x16xf32>, tensor<1x2x8x16xf32>, tensor<1x2x8x16xf32> -> tensor<1x2x8x16xf32>
// CHECK-NEXT:  return %[[A]]
#q = affine_map<(b, h, i, j, k) -> (b, h, i, k)>
#kt = affine_map<(b, h, i, j, k) -> (b, h, j, k)>
#v = affine_map<(b, h, i, j, k) -> (b, h, k, j)>
#o = affine_map<(b, h, i, j, k) -> (b, h, i, j)>
func.func @contractions(%q: tensor<1x2x8x16xf32>, %k: tensor<1x2x8x16xf32>, %v: tensor<1x2x8x16xf32>) -> tensor<1x2x8x16xf32> {
  %zero = arith.constant 0.0 : f32
  %e1 = tensor.empty() : tensor<1x2x8x8xf32>
  %z1 = linalg.fill ins(%zero : f32) outs(%e1 : tensor<1x2x8x8xf32>) -> tensor<1x2x8x8xf32>
  %s = linalg.generic {indexing_maps = [#q, #kt, #o], iterator_types = ["parallel", "parallel", "parallel", "parallel", "reduction"]} ins(%q, %k : tensor<1x2x8x16xf32>, tensor<1x2x8x16xf32>) outs(%z1 : tensor<1x2x8x8xf32>) {
  ^bb0(%a: f32, %b: f32, %acc: f32):
    %m = arith.mulf %a, %b : f32
    %sum = arith.addf %acc, %m : f32
    linalg.yield %sum : f32
  } -> tensor<1x2x8x8xf32>
  %mask = arith.constant dense<[[[[0.0, -1.000000e+09, -1.000000e+09, -1.000000e+09, -1.000000e+09, -1.000000e+09, -1.000000e+09, -1.000000e+09], [0.0, 0.0, -1.000000e+09, -1.000000e+09, -1.000000e+09, -1.000000e+09, -1.000000e+09, -1.000000e+09], [0.0, 0.0, 0.0, -1.000000e+09, -1.000000e+09, -1.000000e+09, -1.000000e+09, -1.000000e+09], [0.0, 0.0, 0.0, 0.0, -1.000000e+09, -1.000000e+09, -1.000000e+09, -1.000000e+09], [0.0, -1.000000e+09, 0.0, 0.0, 0.0, -1.000000e+09, -1.000000e+09, -1.000000e+09], [0.0, -1.000000e+09, -1.000000e+09, 0.0, 0.0, 0.0, -1.000000e+09, -1.000000e+09], [0.0, -1.000000e+09, -1.000000e+09, -1.000000e+09, 0.0, 0.0, 0.0, -1.000000e+09], [0.0, -1.000000e+09, -1.000000e+09, -1.000000e+09, -1.000000e+09, 0.0, 0.0, 0.0]], [[0.0, -1.000000e+09, -1.000000e+09, -1.000000e+09, -1.000000e+09, -1.000000e+09, -1.000000e+09, -1.000000e+09], [0.0, 0.0, -1.000000e+09, -1.000000e+09, -1.000000e+09, -1.000000e+09, -1.000000e+09, -1.000000e+09], [0.0, 0.0, 0.0, -1.000000e+09, -1.000000e+09, -1.000000e+09, -1.000000e+09, -1.000000e+09], [0.0, 0.0, 0.0, 0.0, -1.000000e+09, -1.000000e+09, -1.000000e+09, -1.000000e+09], [0.0, -1.000000e+09, 0.0, 0.0, 0.0, -1.000000e+09, -1.000000e+09, -1.000000e+09], [0.0, -1.000000e+09, -1.000000e+09, 0.0, 0.0, 0.0, -1.000000e+09, -1.000000e+09], [0.0, -1.000000e+09, -1.000000e+09, -1.000000e+09, 0.0, 0.0, 0.0, -1.000000e+09], [0.0, -1.000000e+09, -1.000000e+09, -1.000000e+09, -1.000000e+09, 0.0, 0.0, 0.0]]]]> : tensor<1x2x8x8xf32>
  %x = linalg.add ins(%s, %mask : tensor<1x2x8x8xf32>, tensor<1x2x8x8xf32>) outs(%e1 : tensor<1x2x8x8xf32>) -> tensor<1x2x8x8xf32>
  %p = linalg.softmax dimension(3) ins(%x : tensor<1x2x8x8xf32>) outs(%e1 : tensor<1x2x8x8xf32>) -> tensor<1x2x8x8xf32>
  %e2 = tensor.empty() : tensor<1x2x8x16xf32>
  %z2 = linalg.fill ins(%zero : f32) outs(%e2 : tensor<1x2x8x16xf32>) -> tensor<1x2x8x16xf32>
  %o = linalg.generic {indexing_maps = [#q, #v, #o], iterator_types = ["parallel", "parallel", "parallel", "parallel", "reduction"]} ins(%p, %v : tensor<1x2x8x8xf32>, tensor<1x2x8x16xf32>) outs(%z2 : tensor<1x2x8x16xf32>) {
  ^bb0(%a: f32, %b: f32, %acc: f32):
    %m = arith.mulf %a, %b : f32
    %sum = arith.addf %m, %acc : f32
    linalg.yield %sum : f32
  } -> tensor<1x2x8x16xf32>
  return %o : tensor<1x2x8x16xf32>
}
