//===- hardware-json-fuzzer.cpp - fuzz the hardware-file loader -----------===//
//
// Input: a hardware file (docs/hardware.md). Whatever the loader accepts must
// write back to a file that loads to the same description, and a small
// compiled kernel given that hardware (pilot-sim --hw) must either be refused
// by checkProgram or simulate with fast and exact mode agreeing.
//
//===----------------------------------------------------------------------===//

#include "FuzzSupport.h"

#include "pilot/API/API.h"
#include "pilot/Hardware/HardwareFile.h"
#include "pilot/Sim/Timing.h"
#include "pilot/Target/PIMToSim.h"

#include "llvm/Support/SourceMgr.h"

using namespace pilot;

namespace {

/// A windowed causal attention small enough to simulate per input.
constexpr llvm::StringLiteral kAttention = R"mlir(
func.func @f(%q: tensor<1x1x32x16xf16>, %k: tensor<1x1x32x16xf16>,
             %v: tensor<1x1x32x16xf16>) -> tensor<1x1x32x16xf16> {
  %0 = sattn.attention %q, %k, %v
      {pattern = #sattn.pattern<causal = true, window = [3, 0]>}
      : tensor<1x1x32x16xf16>, tensor<1x1x32x16xf16>, tensor<1x1x32x16xf16>
      -> tensor<1x1x32x16xf16>
  return %0 : tensor<1x1x32x16xf16>
}
)mlir";

/// The kernel compiled for the default hardware, loaded once; each input
/// replaces its hardware. It keeps to one bank group (split=heads, the
/// paper's mapping), which small organisations still have.
sim::Program &compiledKernel() {
  static sim::Program program = [] {
    llvm::Expected<std::string> kernel =
        api::compile(kAttention, "schedule=pilot split=heads");
    fuzz::require(static_cast<bool>(kernel), "the seed kernel compiles");
    fuzz::QuietContext context;
    llvm::SourceMgr sourceMgr;
    sourceMgr.AddNewSourceBuffer(
        llvm::MemoryBuffer::getMemBufferCopy(*kernel, "kernel"), llvm::SMLoc());
    mlir::FailureOr<sim::Program> loaded =
        target::loadSimProgram(sourceMgr, *context.get());
    fuzz::require(mlir::succeeded(loaded), "the seed kernel loads");
    return std::move(*loaded);
  }();
  return program;
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  sim::Program &kernel = compiledKernel();
  // Keys the file leaves out keep the compiled kernel's values, as with
  // pilot-sim --hw.
  static const hw::HardwareDescription compiledHardware = kernel.hw;
  llvm::Expected<hw::HardwareDescription> hardware = hw::parseHardwareJson(
      fuzz::asText(data, size), "input", compiledHardware);
  if (!hardware) {
    fuzz::note("refused by the loader");
    llvm::consumeError(hardware.takeError());
    return 0;
  }

  std::string written;
  llvm::raw_string_ostream os(written);
  hw::writeHardwareJson(os, *hardware);
  llvm::Expected<hw::HardwareDescription> reread =
      hw::parseHardwareJson(written, "written", hw::HardwareDescription());
  fuzz::require(reread && *reread == *hardware,
                "a written hardware file loads back to the same description");

  kernel.hw = *hardware;
  if (llvm::Error error = sim::checkProgram(kernel)) {
    fuzz::note("loaded; the kernel does not fit it");
    llvm::consumeError(std::move(error));
    return 0;
  }
  sim::TimingResult exact = sim::simulateTiming(kernel, {sim::Mode::Exact});
  sim::TimingResult fast = sim::simulateTiming(kernel, {sim::Mode::Fast});
  fuzz::require(exact.total == fast.total,
                "fast mode counts what exact mode counts");
  fuzz::note("loaded, simulated");
  return 0;
}
