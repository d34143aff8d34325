//===- HardwareOption.cpp - the hardware a pass targets -------------------===//

#include "pilot/Dialect/PIM/HardwareOption.h"

#include "pilot/Hardware/HardwareFile.h"

using namespace mlir;
using namespace pilot;

FailureOr<hw::HardwareDescription> pim::hardwareOption(Operation *op,
                                                       StringRef pass,
                                                       StringRef spec,
                                                       int64_t bufferBytes) {
  llvm::Expected<hw::HardwareDescription> description =
      hw::resolveHardware(spec.str(), *hw::lookupPreset("pilot-hbm3"));
  if (!description)
    return op->emitError() << pass << ": "
                           << llvm::toString(description.takeError())
                           << " (hw)";
  if (bufferBytes != 0)
    description->bpm.bufferBytes = bufferBytes;
  std::vector<std::string> errors = hw::validate(*description);
  if (!errors.empty())
    return op->emitError() << pass << ": " << errors.front();
  return *description;
}
