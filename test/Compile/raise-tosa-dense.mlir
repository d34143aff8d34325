// Dense attention written in TOSA as torch-mlir's TOSA path emits it: Q, K
// and V [B, H, N, D] reshaped to [B * H, N, D] for tosa.matmul, no mask, the
// scale a tensor<1x1x1xf16> constant, the softmax as reduce_max, exp,
// reduce_sum and reciprocal. Lowered by upstream tosa-to-linalg and raised
// by --pilot-from-tosa to sattn.attention on the [B, H, N, D] tensors;
// compiled, simulated and checked against the pattern's float64 attention
// and a numpy evaluation of the program's constants.

// RUN: rm -rf %t && mkdir -p %t
// RUN: %python %S/../Sim/Inputs/make-npy.py %t/q.npy --shape 1,2,32,16 --seed 4
// RUN: %python %S/../Sim/Inputs/make-npy.py %t/k.npy --shape 1,2,32,16 --seed 5
// RUN: %python %S/../Sim/Inputs/make-npy.py %t/v.npy --shape 1,2,32,16 --seed 6
// RUN: pilot-opt %s --pilot-from-tosa -o %t/raised.mlir
// RUN: FileCheck %s --check-prefix=RAISED --input-file=%t/raised.mlir
// RUN: pilot-opt %t/raised.mlir --pilot-compile -o %t/pim.mlir
// RUN: pilot-sim %t/pim.mlir --input Q=%t/q.npy --input K=%t/k.npy --input V=%t/v.npy \
// RUN:   --output O=%t/o.npy --check | FileCheck %s
// RUN: %python %S/Inputs/eval-front-end.py %s %t/o.npy %t/q.npy %t/k.npy %t/v.npy \
// RUN:   --scale scale --tolerance 1e-2 | FileCheck %s --check-prefix=NUMPY

// RAISED: sattn.attention %arg0, %arg1, %arg2 {pattern = #sattn.pattern<dense = true>, scale = 2.500000e-01 : f64} : tensor<1x2x32x16xf16>
// RAISED-NOT: linalg.
// CHECK: check {{.*}}: PASS
// NUMPY: numpy reference: relative L2 error

func.func @tosa_dense(%q: tensor<1x2x32x16xf16>, %k: tensor<1x2x32x16xf16>, %v: tensor<1x2x32x16xf16>) -> tensor<1x2x32x16xf16> {
  %zp = "tosa.const"() <{values = dense<0.0> : tensor<1xf16>}> : () -> tensor<1xf16>
  %shift = "tosa.const"() <{values = dense<0> : tensor<1xi8>}> : () -> tensor<1xi8>
  %folded = tosa.const_shape {values = dense<[2, 32, 16]> : tensor<3xindex>} : () -> !tosa.shape<3>
  %unfolded = tosa.const_shape {values = dense<[1, 2, 32, 16]> : tensor<4xindex>} : () -> !tosa.shape<4>
  %q3 = tosa.reshape %q, %folded : (tensor<1x2x32x16xf16>, !tosa.shape<3>) -> tensor<2x32x16xf16>
  %k3 = tosa.reshape %k, %folded : (tensor<1x2x32x16xf16>, !tosa.shape<3>) -> tensor<2x32x16xf16>
  %v3 = tosa.reshape %v, %folded : (tensor<1x2x32x16xf16>, !tosa.shape<3>) -> tensor<2x32x16xf16>
  %kt = tosa.transpose %k3 {perms = array<i32: 0, 2, 1>} : (tensor<2x32x16xf16>) -> tensor<2x16x32xf16>
  %s = tosa.matmul %q3, %kt, %zp, %zp : (tensor<2x32x16xf16>, tensor<2x16x32xf16>, tensor<1xf16>, tensor<1xf16>) -> tensor<2x32x32xf16>
  %scale = "tosa.const"() <{values = dense<0.25> : tensor<1x1x1xf16>}> : () -> tensor<1x1x1xf16>
  %s1 = tosa.mul %s, %scale, %shift : (tensor<2x32x32xf16>, tensor<1x1x1xf16>, tensor<1xi8>) -> tensor<2x32x32xf16>
  %max = tosa.reduce_max %s1 {axis = 2 : i32} : (tensor<2x32x32xf16>) -> tensor<2x32x1xf16>
  %shifted = tosa.sub %s1, %max : (tensor<2x32x32xf16>, tensor<2x32x1xf16>) -> tensor<2x32x32xf16>
  %e = tosa.exp %shifted : (tensor<2x32x32xf16>) -> tensor<2x32x32xf16>
  %sum = tosa.reduce_sum %e {axis = 2 : i32} : (tensor<2x32x32xf16>) -> tensor<2x32x1xf16>
  %inverse = tosa.reciprocal %sum : (tensor<2x32x1xf16>) -> tensor<2x32x1xf16>
  %p = tosa.mul %e, %inverse, %shift : (tensor<2x32x32xf16>, tensor<2x32x1xf16>, tensor<1xi8>) -> tensor<2x32x32xf16>
  %o3 = tosa.matmul %p, %v3, %zp, %zp : (tensor<2x32x32xf16>, tensor<2x32x16xf16>, tensor<1xf16>, tensor<1xf16>) -> tensor<2x32x16xf16>
  %o = tosa.reshape %o3, %unfolded : (tensor<2x32x16xf16>, !tosa.shape<4>) -> tensor<1x2x32x16xf16>
  return %o : tensor<1x2x32x16xf16>
}
