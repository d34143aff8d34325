// The compiled kernel survives upstream cleanups: a bank class is isolated
// from above, so --canonicalize and --cse fold and share its index
// arithmetic inside it, and the cleaned program simulates exactly as the
// compiled one (every counter equal), with FP16 values checked against a
// float64 attention.

// RUN: rm -rf %t && mkdir -p %t
// RUN: %python %S/../Sim/Inputs/make-npy.py %t/q.npy --shape 1,2,64,16 --seed 1
// RUN: %python %S/../Sim/Inputs/make-npy.py %t/k.npy --shape 1,2,64,16 --seed 2
// RUN: %python %S/../Sim/Inputs/make-npy.py %t/v.npy --shape 1,2,64,16 --seed 3
// RUN: pilot-opt %s --pilot-compile -o %t/compiled.mlir
// RUN: pilot-opt %t/compiled.mlir --canonicalize --cse -o %t/clean.mlir
// RUN: FileCheck %s --check-prefix=IR --input-file=%t/clean.mlir
// RUN: pilot-sim %t/compiled.mlir --input Q=%t/q.npy --input K=%t/k.npy --input V=%t/v.npy --stats-json=%t/compiled.json > /dev/null
// RUN: pilot-sim %t/clean.mlir --input Q=%t/q.npy --input K=%t/k.npy --input V=%t/v.npy --check --stats-json=%t/clean.json | FileCheck %s
// RUN: %python %S/../Sim/Inputs/compare-stats.py %t/compiled.json %t/clean.json | FileCheck %s --check-prefix=AGREE

// Constants stay in the class that uses them.
// IR:      pim.kernel @global_pim
// IR-NEXT: pim.bank_class
// IR-NEXT: arith.constant
// CHECK: check {{.*}}: PASS
// AGREE: stats agree

func.func @global(%q: tensor<1x2x64x16xf16>, %k: tensor<1x2x64x16xf16>, %v: tensor<1x2x64x16xf16>) -> tensor<1x2x64x16xf16> {
  %0 = sattn.attention %q, %k, %v {pattern = #sattn.pattern<window = [2, 2], global_tokens = [0, 1]>} : tensor<1x2x64x16xf16>, tensor<1x2x64x16xf16>, tensor<1x2x64x16xf16> -> tensor<1x2x64x16xf16>
  return %0 : tensor<1x2x64x16xf16>
}
