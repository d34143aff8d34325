// pilot as a library: `cmake --install` the build, then configure and build
// a downstream project (Inputs/consumer) that does find_package(Pilot) and
// links Pilot::PilotInitAll into its own driver beside upstream MLIR's
// dialects and passes, and run pilot's pipeline with an upstream cleanup
// from that driver.

// RUN: rm -rf %t && mkdir -p %t
// RUN: %cmake --install %pilot_obj_root --prefix %t/prefix > %t/install.log
// RUN: %cmake_configure -S %S/Inputs/consumer -B %t/consumer -DCMAKE_BUILD_TYPE=Release -DCMAKE_PREFIX_PATH=%t/prefix > %t/configure.log
// RUN: %cmake --build %t/consumer > %t/build.log
// RUN: %t/consumer/consumer-opt %s --pilot-compile="schedule=fused" --canonicalize | FileCheck %s
// RUN: %t/prefix/bin/pilot-opt %s --pilot-compile | %t/prefix/bin/pilot-sim - --mode=fast | FileCheck %s --check-prefix=SIM

// CHECK: pim.kernel @window_pim
// CHECK: pim.bank_class
// CHECK: pim.mac
// SIM: pilot-sim: kernel @window_pim

func.func @window(%q: tensor<1x2x64x16xf16>, %k: tensor<1x2x64x16xf16>, %v: tensor<1x2x64x16xf16>) -> tensor<1x2x64x16xf16> {
  %0 = sattn.attention %q, %k, %v {pattern = #sattn.pattern<window = [3, 2]>} : tensor<1x2x64x16xf16>, tensor<1x2x64x16xf16>, tensor<1x2x64x16xf16> -> tensor<1x2x64x16xf16>
  return %0 : tensor<1x2x64x16xf16>
}
