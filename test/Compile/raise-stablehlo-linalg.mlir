// Causal attention as StableHLO's linalg lowering writes a JAX model's: Q, K
// and V in JAX's [B, N, H, D] layout, each dot_general a linalg.generic
// contraction reading its operands with the batch dimensions elsewhere
// ([B, H] out of [B, N, H, D]), the scale a splat, the mask a select of an
// i1 [N, S] constant broadcast through its map, the softmax's reductions as
// linalg.reduce broadcast back by linalg.broadcast (broadcast_in_dim), the
// output transposed back to [B, N, H, D]. Raised with Q, K and V transposed
// to [B, H, N, D], compiled, simulated and checked against the pattern's
// float64 attention and a numpy evaluation of the program's constants.

// RUN: rm -rf %t && mkdir -p %t
// RUN: %python %S/../Sim/Inputs/make-npy.py %t/q.npy --shape 1,2,32,16 --seed 19
// RUN: %python %S/../Sim/Inputs/make-npy.py %t/k.npy --shape 1,2,32,16 --seed 20
// RUN: %python %S/../Sim/Inputs/make-npy.py %t/v.npy --shape 1,2,32,16 --seed 21
// RUN: pilot-opt %s --sattn-raise-linalg -o %t/raised.mlir
// RUN: FileCheck %s --check-prefix=RAISED --input-file=%t/raised.mlir
// RUN: pilot-opt %t/raised.mlir --pilot-compile -o %t/pim.mlir
// RUN: pilot-sim %t/pim.mlir --input Q=%t/q.npy --input K=%t/k.npy --input V=%t/v.npy \
// RUN:   --output O=%t/o.npy --check | FileCheck %s
// RUN: %python %S/Inputs/eval-front-end.py %s %t/o.npy %t/q.npy %t/k.npy %t/v.npy \
// RUN:   --select-mask causal --scale scale --tolerance 1e-2 | FileCheck %s --check-prefix=NUMPY

// RAISED-COUNT-3: linalg.transpose {{.*}} permutation = [0, 2, 1, 3]
// RAISED: sattn.attention {{.*}} {pattern = #sattn.pattern<dense = true, causal = true>, scale = 2.500000e-01 : f64} : tensor<1x2x32x16xf16>
// RAISED: linalg.transpose {{.*}} permutation = [0, 2, 1, 3]
// RAISED-NOT: linalg.generic
// CHECK: check {{.*}}: PASS
// NUMPY: numpy reference: relative L2 error

#q = affine_map<(d0, d1, d2, d3, d4) -> (d0, d2, d1, d4)>
#k = affine_map<(d0, d1, d2, d3, d4) -> (d0, d3, d1, d4)>
#v = affine_map<(d0, d1, d2, d3, d4) -> (d0, d4, d1, d3)>
#p = affine_map<(d0, d1, d2, d3, d4) -> (d0, d1, d2, d4)>
#out = affine_map<(d0, d1, d2, d3, d4) -> (d0, d1, d2, d3)>
#id = affine_map<(d0, d1, d2, d3) -> (d0, d1, d2, d3)>
#keys = affine_map<(d0, d1, d2, d3) -> (d2, d3)>
func.func @stablehlo_causal(%q: tensor<1x32x2x16xf16>, %k: tensor<1x32x2x16xf16>, %v: tensor<1x32x2x16xf16>) -> tensor<1x32x2x16xf16> {
  %zero = arith.constant 0.0 : f16
  %lowest = arith.constant 0xFC00 : f16
  %e1 = tensor.empty() : tensor<1x2x32x32xf16>
  %z1 = linalg.fill ins(%zero : f16) outs(%e1 : tensor<1x2x32x32xf16>) -> tensor<1x2x32x32xf16>
  %s = linalg.generic {indexing_maps = [#q, #k, #out], iterator_types = ["parallel", "parallel", "parallel", "parallel", "reduction"]} ins(%q, %k : tensor<1x32x2x16xf16>, tensor<1x32x2x16xf16>) outs(%z1 : tensor<1x2x32x32xf16>) {
  ^bb0(%a: f16, %b: f16, %acc: f16):
    %m = arith.mulf %a, %b : f16
    %r = arith.addf %acc, %m : f16
    linalg.yield %r : f16
  } -> tensor<1x2x32x32xf16>
  %scale = arith.constant dense<0.25> : tensor<1x2x32x32xf16>
  %s1 = linalg.generic {indexing_maps = [#id, #id, #id], iterator_types = ["parallel", "parallel", "parallel", "parallel"]} ins(%s, %scale : tensor<1x2x32x32xf16>, tensor<1x2x32x32xf16>) outs(%e1 : tensor<1x2x32x32xf16>) {
  ^bb0(%x: f16, %c: f16, %out: f16):
    %m = arith.mulf %x, %c : f16
    linalg.yield %m : f16
  } -> tensor<1x2x32x32xf16>
  %causal = arith.constant dense<[[true, false, false, false, false, false, false, false, false, false, false, false, false, false, false, false, false, false, false, false, false, false, false, false, false, false, false, false, false, false, false, false], [true, true, false, false, false, false, false, false, false, false, false, false, false, false, false, false, false, false, false, false, false, false, false, false, false, false, false, false, false, false, false, false], [true, true, true, false, false, false, false, false, false, false, false, false, false, false, false, false, false, false, false, false, false, false, false, false, false, false, false, false, false, false, false, false], [true, true, true, true, false, false, false, false, false, false, false, false, false, false, false, false, false, false, false, false, false, false, false, false, false, false, false, false, false, false, false, false], [true, true, true, true, true, false, false, false, false, false, false, false, false, false, false, false, false, false, false, false, false, false, false, false, false, false, false, false, false, false, false, false], [true, true, true, true, true, true, false, false, false, false, false, false, false, false, false, false, false, false, false, false, false, false, false, false, false, false, false, false, false, false, false, false], [true, true, true, true, true, true, true, false, false, false, false, false, false, false, false, false, false, false, false, false, false, false, false, false, false, false, false, false, false, false, false, false], [true, true, true, true, true, true, true, true, false, false, false, false, false, false, false, false, false, false, false, false, false, false, false, false, false, false, false, false, false, false, false, false], [true, true, true, true, true, true, true, true, true, false, false, false, false, false, false, false, false, false, false, false, false, false, false, false, false, false, false, false, false, false, false, false], [true, true, true, true, true, true, true, true, true, true, false, false, false, false, false, false, false, false, false, false, false, false, false, false, false, false, false, false, false, false, false, false], [true, true, true, true, true, true, true, true, true, true, true, false, false, false, false, false, false, false, false, false, false, false, false, false, false, false, false, false, false, false, false, false], [true, true, true, true, true, true, true, true, true, true, true, true, false, false, false, false, false, false, false, false, false, false, false, false, false, false, false, false, false, false, false, false], [true, true, true, true, true, true, true, true, true, true, true, true, true, false, false, false, false, false, false, false, false, false, false, false, false, false, false, false, false, false, false, false], [true, true, true, true, true, true, true, true, true, true, true, true, true, true, false, false, false, false, false, false, false, false, false, false, false, false, false, false, false, false, false, false], [true, true, true, true, true, true, true, true, true, true, true, true, true, true, true, false, false, false, false, false, false, false, false, false, false, false, false, false, false, false, false, false], [true, true, true, true, true, true, true, true, true, true, true, true, true, true, true, true, false, false, false, false, false, false, false, false, false, false, false, false, false, false, false, false], [true, true, true, true, true, true, true, true, true, true, true, true, true, true, true, true, true, false, false, false, false, false, false, false, false, false, false, false, false, false, false, false], [true, true, true, true, true, true, true, true, true, true, true, true, true, true, true, true, true, true, false, false, false, false, false, false, false, false, false, false, false, false, false, false], [true, true, true, true, true, true, true, true, true, true, true, true, true, true, true, true, true, true, true, false, false, false, false, false, false, false, false, false, false, false, false, false], [true, true, true, true, true, true, true, true, true, true, true, true, true, true, true, true, true, true, true, true, false, false, false, false, false, false, false, false, false, false, false, false], [true, true, true, true, true, true, true, true, true, true, true, true, true, true, true, true, true, true, true, true, true, false, false, false, false, false, false, false, false, false, false, false], [true, true, true, true, true, true, true, true, true, true, true, true, true, true, true, true, true, true, true, true, true, true, false, false, false, false, false, false, false, false, false, false], [true, true, true, true, true, true, true, true, true, true, true, true, true, true, true, true, true, true, true, true, true, true, true, false, false, false, false, false, false, false, false, false], [true, true, true, true, true, true, true, true, true, true, true, true, true, true, true, true, true, true, true, true, true, true, true, true, false, false, false, false, false, false, false, false], [true, true, true, true, true, true, true, true, true, true, true, true, true, true, true, true, true, true, true, true, true, true, true, true, true, false, false, false, false, false, false, false], [true, true, true, true, true, true, true, true, true, true, true, true, true, true, true, true, true, true, true, true, true, true, true, true, true, true, false, false, false, false, false, false], [true, true, true, true, true, true, true, true, true, true, true, true, true, true, true, true, true, true, true, true, true, true, true, true, true, true, true, false, false, false, false, false], [true, true, true, true, true, true, true, true, true, true, true, true, true, true, true, true, true, true, true, true, true, true, true, true, true, true, true, true, false, false, false, false], [true, true, true, true, true, true, true, true, true, true, true, true, true, true, true, true, true, true, true, true, true, true, true, true, true, true, true, true, true, false, false, false], [true, true, true, true, true, true, true, true, true, true, true, true, true, true, true, true, true, true, true, true, true, true, true, true, true, true, true, true, true, true, false, false], [true, true, true, true, true, true, true, true, true, true, true, true, true, true, true, true, true, true, true, true, true, true, true, true, true, true, true, true, true, true, true, false], [true, true, true, true, true, true, true, true, true, true, true, true, true, true, true, true, true, true, true, true, true, true, true, true, true, true, true, true, true, true, true, true]]> : tensor<32x32xi1>
  %s2 = linalg.generic {indexing_maps = [#keys, #id, #id], iterator_types = ["parallel", "parallel", "parallel", "parallel"]} ins(%causal, %s1 : tensor<32x32xi1>, tensor<1x2x32x32xf16>) outs(%e1 : tensor<1x2x32x32xf16>) {
  ^bb0(%c: i1, %x: f16, %out: f16):
    %y = arith.select %c, %x, %lowest : f16
    linalg.yield %y : f16
  } -> tensor<1x2x32x32xf16>
  %rows = tensor.empty() : tensor<1x2x32xf16>
  %minus = linalg.fill ins(%lowest : f16) outs(%rows : tensor<1x2x32xf16>) -> tensor<1x2x32xf16>
  %max = linalg.reduce ins(%s2 : tensor<1x2x32x32xf16>) outs(%minus : tensor<1x2x32xf16>) dimensions = [3]
    (%in: f16, %acc: f16) { %m = arith.maximumf %in, %acc : f16
                            linalg.yield %m : f16 }
  %maxb = linalg.broadcast ins(%max : tensor<1x2x32xf16>) outs(%e1 : tensor<1x2x32x32xf16>) dimensions = [3]
  %exps = linalg.generic {indexing_maps = [#id, #id, #id], iterator_types = ["parallel", "parallel", "parallel", "parallel"]} ins(%s2, %maxb : tensor<1x2x32x32xf16>, tensor<1x2x32x32xf16>) outs(%e1 : tensor<1x2x32x32xf16>) {
  ^bb0(%x: f16, %m: f16, %out: f16):
    %d = arith.subf %x, %m : f16
    %e = math.exp %d : f16
    linalg.yield %e : f16
  } -> tensor<1x2x32x32xf16>
  %zeros = linalg.fill ins(%zero : f16) outs(%rows : tensor<1x2x32xf16>) -> tensor<1x2x32xf16>
  %sum = linalg.reduce ins(%exps : tensor<1x2x32x32xf16>) outs(%zeros : tensor<1x2x32xf16>) dimensions = [3]
    (%in: f16, %acc: f16) { %a = arith.addf %in, %acc : f16
                            linalg.yield %a : f16 }
  %sumb = linalg.broadcast ins(%sum : tensor<1x2x32xf16>) outs(%e1 : tensor<1x2x32x32xf16>) dimensions = [3]
  %probs = linalg.generic {indexing_maps = [#id, #id, #id], iterator_types = ["parallel", "parallel", "parallel", "parallel"]} ins(%exps, %sumb : tensor<1x2x32x32xf16>, tensor<1x2x32x32xf16>) outs(%e1 : tensor<1x2x32x32xf16>) {
  ^bb0(%e: f16, %t: f16, %out: f16):
    %y = arith.divf %e, %t : f16
    linalg.yield %y : f16
  } -> tensor<1x2x32x32xf16>
  %e2 = tensor.empty() : tensor<1x2x32x16xf16>
  %z2 = linalg.fill ins(%zero : f16) outs(%e2 : tensor<1x2x32x16xf16>) -> tensor<1x2x32x16xf16>
  %o = linalg.generic {indexing_maps = [#p, #v, #out], iterator_types = ["parallel", "parallel", "parallel", "parallel", "reduction"]} ins(%probs, %v : tensor<1x2x32x32xf16>, tensor<1x32x2x16xf16>) outs(%z2 : tensor<1x2x32x16xf16>) {
  ^bb0(%a: f16, %b: f16, %acc: f16):
    %m = arith.mulf %a, %b : f16
    %r = arith.addf %acc, %m : f16
    linalg.yield %r : f16
  } -> tensor<1x2x32x16xf16>
  %e3 = tensor.empty() : tensor<1x32x2x16xf16>
  %ot = linalg.transpose ins(%o : tensor<1x2x32x16xf16>) outs(%e3 : tensor<1x32x2x16xf16>) permutation = [0, 2, 1, 3]
  return %ot : tensor<1x32x2x16xf16>
}
