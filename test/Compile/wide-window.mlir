// A window written wider than the sequence is the same attention as the
// widest one that fits: it compiles to the same I/O under every schedule and
// computes the same attention. Extents near 2^63 once overflowed the I/O
// model into a program that never read K; [1000000, 1000000] was refused as
// too large for a bank.

// RUN: rm -rf %t && mkdir -p %t
// RUN: %python %S/../Sim/Inputs/make-npy.py %t/q.npy --shape 1,1,64,16 --seed 1 --scale 0.5
// RUN: %python %S/../Sim/Inputs/make-npy.py %t/k.npy --shape 1,1,64,16 --seed 2 --scale 0.5
// RUN: %python %S/../Sim/Inputs/make-npy.py %t/v.npy --shape 1,1,64,16 --seed 3
// RUN: for w in "63, 63" "1000000, 1000000" "9223372036854775807, 9223372036854775807"; do \
// RUN:   for s in naive pilot fused; do \
// RUN:     sed "s/WINDOW/$w/" %s | pilot-opt --pilot-compile="schedule=$s" -o %t/k.mlir && \
// RUN:     pilot-sim %t/k.mlir --input Q=%t/q.npy --input K=%t/k.npy --input V=%t/v.npy --check \
// RUN:       | grep -E "internal read|check" | sed "s/^/$s /"; \
// RUN:   done; \
// RUN: done > %t/report.txt
// RUN: FileCheck %s --input-file=%t/report.txt

// Each schedule's bytes are those of [63, 63], and every check passes.
// CHECK:      naive {{ *}}I/O external [[NAIVE:.*]]
// CHECK-NEXT: naive {{ *}}check {{.*}}: PASS
// CHECK-NEXT: pilot {{ *}}I/O external [[PILOT:.*]]
// CHECK-NEXT: pilot {{ *}}check {{.*}}: PASS
// CHECK-NEXT: fused {{ *}}I/O external [[FUSED:.*]]
// CHECK-NEXT: fused {{ *}}check {{.*}}: PASS
// CHECK-NEXT: naive {{ *}}I/O external [[NAIVE]]
// CHECK-NEXT: naive {{ *}}check {{.*}}: PASS
// CHECK-NEXT: pilot {{ *}}I/O external [[PILOT]]
// CHECK-NEXT: pilot {{ *}}check {{.*}}: PASS
// CHECK-NEXT: fused {{ *}}I/O external [[FUSED]]
// CHECK-NEXT: fused {{ *}}check {{.*}}: PASS
// CHECK-NEXT: naive {{ *}}I/O external [[NAIVE]]
// CHECK-NEXT: naive {{ *}}check {{.*}}: PASS
// CHECK-NEXT: pilot {{ *}}I/O external [[PILOT]]
// CHECK-NEXT: pilot {{ *}}check {{.*}}: PASS
// CHECK-NEXT: fused {{ *}}I/O external [[FUSED]]
// CHECK-NEXT: fused {{ *}}check {{.*}}: PASS

func.func @f(%q: tensor<1x1x64x16xf16>, %k: tensor<1x1x64x16xf16>, %v: tensor<1x1x64x16xf16>) -> tensor<1x1x64x16xf16> {
  %0 = sattn.attention %q, %k, %v {pattern = #sattn.pattern<window = [WINDOW]>} : tensor<1x1x64x16xf16>, tensor<1x1x64x16xf16>, tensor<1x1x64x16xf16> -> tensor<1x1x64x16xf16>
  return %0 : tensor<1x1x64x16xf16>
}
