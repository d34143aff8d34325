//===- npy-fuzzer.cpp - fuzz the .npy reader ------------------------------===//
//
// Input: a .npy file (pilot-sim --input). A file the reader accepts must
// hold as many values as its shape says, and writing it as float16 and
// reading that back must give the same shape and the values rounded to
// half precision.
//
//===----------------------------------------------------------------------===//

#include "FuzzSupport.h"

#include "pilot/Sim/FP16.h"
#include "pilot/Sim/Tensor.h"

#include <cmath>

using namespace pilot;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  llvm::Expected<sim::HostTensor> tensor =
      sim::decodeNpy(fuzz::asText(data, size).str(), "input");
  if (!tensor) {
    fuzz::note("refused by the reader");
    llvm::consumeError(tensor.takeError());
    return 0;
  }
  fuzz::require(static_cast<int64_t>(tensor->values.size()) ==
                    tensor->elementCount(),
                "a decoded tensor holds as many values as its shape says");

  llvm::Expected<sim::HostTensor> half =
      sim::decodeNpy(sim::encodeNpyFloat16(*tensor), "written");
  fuzz::require(static_cast<bool>(half), "a written tensor decodes");
  fuzz::require(half->shape == tensor->shape, "writing keeps the shape");
  for (size_t i = 0; i < tensor->values.size(); ++i) {
    double expected =
        sim::fp16::toDouble(sim::fp16::fromDouble(tensor->values[i]));
    double actual = half->values[i];
    fuzz::require(actual == expected ||
                      (std::isnan(actual) && std::isnan(expected)),
                  "writing rounds each value to half precision");
  }
  fuzz::note("read, written back");
  return 0;
}
