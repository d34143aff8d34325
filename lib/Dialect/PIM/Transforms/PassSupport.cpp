//===- PassSupport.cpp - what the pim passes share ------------------------===//

#include "PassSupport.h"

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

SmallVector<Operation *> pim::partOps(sattn::SddmmOp sddmm) {
  SmallVector<Operation *> ops = {sddmm};
  for (Operation *user : sddmm->getUsers())
    if (auto softmax = dyn_cast<sattn::SoftmaxOp>(user)) {
      ops.push_back(softmax);
      for (Operation *probsUser : softmax->getUsers())
        if (isa<sattn::SpmmOp>(probsUser))
          ops.push_back(probsUser);
    }
  return ops;
}
