// pilot from C (include/pilot-c/Pilot.h): a C program compiles this module
// with pilotCompile, prints the kernel and simulates it with pilotSimulate;
// a bad mode, a bad schedule, options that do not parse and a module that
// does not parse come back through the error callback with pilot's
// diagnostics.

// RUN: pilot-capi-test %s "schedule=fused" 2> %t.err | FileCheck %s
// RUN: FileCheck %s --check-prefix=ERR < %t.err
// RUN: not pilot-capi-test %s "schedule=fast" 2>&1 | FileCheck %s --check-prefix=SCHEDULE
// RUN: not pilot-capi-test %s "bogus=1" 2>&1 | FileCheck %s --check-prefix=OPTIONS
// RUN: echo 'func.func @f(' > %t.bad.mlir
// RUN: not pilot-capi-test %t.bad.mlir "schedule=fused" 2>&1 | FileCheck %s --check-prefix=PARSE

// CHECK: pim.kernel @window_pim
// CHECK: pim.bank_class
// CHECK: stats {
// CHECK-NEXT: "kernel": "window_pim"
// CHECK-NEXT: "mode": "fast"
// ERR: error: mode must be "fast" or "exact", got "slow"
// SCHEDULE: error: --pilot-compile failed:
// SCHEDULE-NEXT: pim-map: unknown schedule 'fast' (schedule); schedules are naive, pilot, fused, auto
// OPTIONS: error: --pilot-compile options 'bogus=1' do not parse
// PARSE: error: the module does not parse:
// PARSE-NEXT: loc("-":1:14): expected non-function type

func.func @window(%q: tensor<1x2x64x16xf16>, %k: tensor<1x2x64x16xf16>, %v: tensor<1x2x64x16xf16>) -> tensor<1x2x64x16xf16> {
  %0 = sattn.attention %q, %k, %v {pattern = #sattn.pattern<window = [3, 2]>} : tensor<1x2x64x16xf16>, tensor<1x2x64x16xf16>, tensor<1x2x64x16xf16> -> tensor<1x2x64x16xf16>
  return %0 : tensor<1x2x64x16xf16>
}
