//===- PassSupport.cpp - what the pim passes share ------------------------===//

#include "PassSupport.h"

using namespace mlir;
using namespace pilot;

FailureOr<hw::HardwareDescription> pim::hardwareOption(Operation *op,
                                                       StringRef pass,
                                                       StringRef preset,
                                                       int64_t bufferBytes) {
  std::optional<hw::HardwareDescription> description =
      hw::lookupPreset(std::string_view(preset));
  if (!description) {
    std::string presets;
    for (std::string_view name : hw::presetNames())
      presets += (presets.empty() ? "" : ", ") + std::string(name);
    return op->emitError() << pass << ": unknown hardware preset '" << preset
                           << "' (hw); presets are " << presets;
  }
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
