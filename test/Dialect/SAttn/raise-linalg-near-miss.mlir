// Chains that look like attention (Q K^T feeding a softmax feeding P V) but
// break somewhere: each left unchanged with a remark at the op that broke
// the match, naming what was expected; strict=true (of the pass, or of the
// --pilot-from-tosa pipeline) makes it an error.

// RUN: pilot-opt %s -split-input-file --sattn-raise-linalg 2>/dev/null | FileCheck %s
// RUN: pilot-opt %s -split-input-file --sattn-raise-linalg -o /dev/null 2>&1 \
// RUN:   | FileCheck %s --check-prefix=REMARK
// RUN: not pilot-opt %s -split-input-file --sattn-raise-linalg="strict=true" -o /dev/null 2>&1 \
// RUN:   | FileCheck %s --check-prefix=STRICT
// RUN: not pilot-opt %s -split-input-file --pilot-from-tosa="strict=true" -o /dev/null 2>&1 \
// RUN:   | FileCheck %s --check-prefix=STRICT

#id = affine_map<(d0, d1, d2) -> (d0, d1, d2)>
#row = affine_map<(d0, d1, d2) -> (d0, d1, 0)>
#all = affine_map<(d0, d1, d2) -> (0, 0, 0)>

// The row sum adds the scores instead of their exponentials: not a softmax.
// CHECK-LABEL: func.func @sums_the_scores
// CHECK-NOT:   sattn.attention
func.func @sums_the_scores(%q: tensor<1x4x8xf32>, %k: tensor<1x4x8xf32>, %v: tensor<1x4x8xf32>) -> tensor<1x4x8xf32> {
  %zero = arith.constant 0.0 : f32
  %lowest = arith.constant -3.40282347E+38 : f32
  %e0 = tensor.empty() : tensor<1x8x4xf32>
  %kt = linalg.transpose ins(%k : tensor<1x4x8xf32>) outs(%e0 : tensor<1x8x4xf32>) permutation = [0, 2, 1]
  %e1 = tensor.empty() : tensor<1x4x4xf32>
  %z1 = linalg.fill ins(%zero : f32) outs(%e1 : tensor<1x4x4xf32>) -> tensor<1x4x4xf32>
  %s = linalg.batch_matmul ins(%q, %kt : tensor<1x4x8xf32>, tensor<1x8x4xf32>) outs(%z1 : tensor<1x4x4xf32>) -> tensor<1x4x4xf32>
  %r = tensor.empty() : tensor<1x4xf32>
  %minus = linalg.fill ins(%lowest : f32) outs(%r : tensor<1x4xf32>) -> tensor<1x4xf32>
  %max = linalg.reduce ins(%s : tensor<1x4x4xf32>) outs(%minus : tensor<1x4xf32>) dimensions = [2]
    (%in: f32, %acc: f32) { %m = arith.maximumf %in, %acc : f32
                            linalg.yield %m : f32 }
  %max1 = tensor.expand_shape %max [[0], [1, 2]] output_shape [1, 4, 1] : tensor<1x4xf32> into tensor<1x4x1xf32>
  %exps = linalg.generic {indexing_maps = [#id, #row, #id], iterator_types = ["parallel", "parallel", "parallel"]} ins(%s, %max1 : tensor<1x4x4xf32>, tensor<1x4x1xf32>) outs(%e1 : tensor<1x4x4xf32>) {
  ^bb0(%x: f32, %m: f32, %out: f32):
    %d = arith.subf %x, %m : f32
    %e = math.exp %d : f32
    linalg.yield %e : f32
  } -> tensor<1x4x4xf32>
  %zeros = linalg.fill ins(%zero : f32) outs(%r : tensor<1x4xf32>) -> tensor<1x4xf32>
  // REMARK: near-miss.mlir:[[@LINE+2]]:{{[0-9]+}}: remark: sattn-raise-linalg: not raised: expected the row sum of the same exp(x - max), from zero, over the last dimension (linalg.reduce or a reduction linalg.generic)
  // STRICT: near-miss.mlir:[[@LINE+1]]:{{[0-9]+}}: error: sattn-raise-linalg: not raised: expected the row sum
  %sum = linalg.reduce ins(%s : tensor<1x4x4xf32>) outs(%zeros : tensor<1x4xf32>) dimensions = [2]
    (%in: f32, %acc: f32) { %a = arith.addf %in, %acc : f32
                            linalg.yield %a : f32 }
  %sum1 = tensor.expand_shape %sum [[0], [1, 2]] output_shape [1, 4, 1] : tensor<1x4xf32> into tensor<1x4x1xf32>
  %p = linalg.generic {indexing_maps = [#id, #row, #id], iterator_types = ["parallel", "parallel", "parallel"]} ins(%exps, %sum1 : tensor<1x4x4xf32>, tensor<1x4x1xf32>) outs(%e1 : tensor<1x4x4xf32>) {
  ^bb0(%e: f32, %t: f32, %out: f32):
    %y = arith.divf %e, %t : f32
    linalg.yield %y : f32
  } -> tensor<1x4x4xf32>
  %e2 = tensor.empty() : tensor<1x4x8xf32>
  %z2 = linalg.fill ins(%zero : f32) outs(%e2 : tensor<1x4x8xf32>) -> tensor<1x4x8xf32>
  %o = linalg.batch_matmul ins(%p, %v : tensor<1x4x4xf32>, tensor<1x4x8xf32>) outs(%z2 : tensor<1x4x8xf32>) -> tensor<1x4x8xf32>
  return %o : tensor<1x4x8xf32>
}

// -----

#id = affine_map<(d0, d1, d2) -> (d0, d1, d2)>

// The scores are multiplied by a tensor passed in, not a constant: the
// remark is at the multiplication.
// CHECK-LABEL: func.func @scaled_by_an_argument
// CHECK-NOT:   sattn.attention
func.func @scaled_by_an_argument(%q: tensor<1x4x8xf32>, %k: tensor<1x4x8xf32>, %v: tensor<1x4x8xf32>, %c: tensor<1x4x4xf32>) -> tensor<1x4x8xf32> {
  %zero = arith.constant 0.0 : f32
  %e0 = tensor.empty() : tensor<1x8x4xf32>
  %kt = linalg.transpose ins(%k : tensor<1x4x8xf32>) outs(%e0 : tensor<1x8x4xf32>) permutation = [0, 2, 1]
  %e1 = tensor.empty() : tensor<1x4x4xf32>
  %z1 = linalg.fill ins(%zero : f32) outs(%e1 : tensor<1x4x4xf32>) -> tensor<1x4x4xf32>
  %s = linalg.batch_matmul ins(%q, %kt : tensor<1x4x8xf32>, tensor<1x8x4xf32>) outs(%z1 : tensor<1x4x4xf32>) -> tensor<1x4x4xf32>
  // REMARK: near-miss.mlir:[[@LINE+2]]:{{[0-9]+}}: remark: sattn-raise-linalg: not raised: expected the softmax's input to be Q K^T (a linalg.batch_matmul, linalg.matmul or contraction), optionally scaled by a constant and masked by a constant
  // STRICT: near-miss.mlir:[[@LINE+1]]:{{[0-9]+}}: error: sattn-raise-linalg: not raised: expected the softmax's input to be Q K^T
  %s1 = linalg.generic {indexing_maps = [#id, #id, #id], iterator_types = ["parallel", "parallel", "parallel"]} ins(%s, %c : tensor<1x4x4xf32>, tensor<1x4x4xf32>) outs(%e1 : tensor<1x4x4xf32>) {
  ^bb0(%x: f32, %y: f32, %out: f32):
    %m = arith.mulf %x, %y : f32
    linalg.yield %m : f32
  } -> tensor<1x4x4xf32>
  %p = linalg.softmax dimension(2) ins(%s1 : tensor<1x4x4xf32>) outs(%e1 : tensor<1x4x4xf32>) -> tensor<1x4x4xf32>
  %e2 = tensor.empty() : tensor<1x4x8xf32>
  %z2 = linalg.fill ins(%zero : f32) outs(%e2 : tensor<1x4x8xf32>) -> tensor<1x4x8xf32>
  %o = linalg.batch_matmul ins(%p, %v : tensor<1x4x4xf32>, tensor<1x4x8xf32>) outs(%z2 : tensor<1x4x8xf32>) -> tensor<1x4x8xf32>
  return %o : tensor<1x4x8xf32>
}

// -----

// Q K^T accumulates into a tensor passed in: it adds to the scores.
// CHECK-LABEL: func.func @accumulates_into_an_argument
// CHECK-NOT:   sattn.attention
func.func @accumulates_into_an_argument(%q: tensor<1x4x8xf32>, %k: tensor<1x4x8xf32>, %v: tensor<1x4x8xf32>, %bias: tensor<1x4x4xf32>) -> tensor<1x4x8xf32> {
  %zero = arith.constant 0.0 : f32
  %e0 = tensor.empty() : tensor<1x8x4xf32>
  %kt = linalg.transpose ins(%k : tensor<1x4x8xf32>) outs(%e0 : tensor<1x8x4xf32>) permutation = [0, 2, 1]
  // REMARK: near-miss.mlir:[[@LINE+2]]:{{[0-9]+}}: remark: sattn-raise-linalg: not raised: expected the product to accumulate into zeros (linalg.fill of 0)
  // STRICT: near-miss.mlir:[[@LINE+1]]:{{[0-9]+}}: error: sattn-raise-linalg: not raised: expected the product to accumulate into zeros
  %s = linalg.batch_matmul ins(%q, %kt : tensor<1x4x8xf32>, tensor<1x8x4xf32>) outs(%bias : tensor<1x4x4xf32>) -> tensor<1x4x4xf32>
  %e1 = tensor.empty() : tensor<1x4x4xf32>
  %p = linalg.softmax dimension(2) ins(%s : tensor<1x4x4xf32>) outs(%e1 : tensor<1x4x4xf32>) -> tensor<1x4x4xf32>
  %e2 = tensor.empty() : tensor<1x4x8xf32>
  %z2 = linalg.fill ins(%zero : f32) outs(%e2 : tensor<1x4x8xf32>) -> tensor<1x4x8xf32>
  %o = linalg.batch_matmul ins(%p, %v : tensor<1x4x4xf32>, tensor<1x4x8xf32>) outs(%z2 : tensor<1x4x8xf32>) -> tensor<1x4x8xf32>
  return %o : tensor<1x4x8xf32>
}

// -----

#lhs = affine_map<(d0, d1, d2, d3) -> (d0, d1, d3)>
#rhs = affine_map<(d0, d1, d2, d3) -> (d0, d3, d2)>
#out = affine_map<(d0, d1, d2, d3) -> (d0, d1, d2)>

// P V widens f16 to accumulate in f32: sattn.attention has one element type.
// CHECK-LABEL: func.func @widening_pv
// CHECK-NOT:   sattn.attention
func.func @widening_pv(%q: tensor<1x4x8xf16>, %k: tensor<1x4x8xf16>, %v: tensor<1x4x8xf16>) -> tensor<1x4x8xf32> {
  %zero = arith.constant 0.0 : f16
  %zero32 = arith.constant 0.0 : f32
  %e0 = tensor.empty() : tensor<1x8x4xf16>
  %kt = linalg.transpose ins(%k : tensor<1x4x8xf16>) outs(%e0 : tensor<1x8x4xf16>) permutation = [0, 2, 1]
  %e1 = tensor.empty() : tensor<1x4x4xf16>
  %z1 = linalg.fill ins(%zero : f16) outs(%e1 : tensor<1x4x4xf16>) -> tensor<1x4x4xf16>
  %s = linalg.batch_matmul ins(%q, %kt : tensor<1x4x8xf16>, tensor<1x8x4xf16>) outs(%z1 : tensor<1x4x4xf16>) -> tensor<1x4x4xf16>
  %p = linalg.softmax dimension(2) ins(%s : tensor<1x4x4xf16>) outs(%e1 : tensor<1x4x4xf16>) -> tensor<1x4x4xf16>
  %e2 = tensor.empty() : tensor<1x4x8xf32>
  %z2 = linalg.fill ins(%zero32 : f32) outs(%e2 : tensor<1x4x8xf32>) -> tensor<1x4x8xf32>
  // REMARK: near-miss.mlir:[[@LINE+2]]:{{[0-9]+}}: remark: sattn-raise-linalg: not raised: expected Q, K, V and P V of one element type
  // STRICT: near-miss.mlir:[[@LINE+1]]:{{[0-9]+}}: error: sattn-raise-linalg: not raised: expected Q, K, V and P V of one element type
  %o = linalg.generic {indexing_maps = [#lhs, #rhs, #out], iterator_types = ["parallel", "parallel", "parallel", "reduction"]} ins(%p, %v : tensor<1x4x4xf16>, tensor<1x4x8xf16>) outs(%z2 : tensor<1x4x8xf32>) {
  ^bb0(%a: f16, %b: f16, %acc: f32):
    %a32 = arith.extf %a : f16 to f32
    %b32 = arith.extf %b : f16 to f32
    %m = arith.mulf %a32, %b32 : f32
    %r = arith.addf %acc, %m : f32
    linalg.yield %r : f32
  } -> tensor<1x4x8xf32>
  return %o : tensor<1x4x8xf32>
}
