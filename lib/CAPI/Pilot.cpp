//===- Pilot.cpp - pilot's C API ------------------------------------------===//

#include "pilot-c/Pilot.h"

#include "pilot/API/API.h"
#include "pilot/Dialect/PIM/PIMDialect.h"
#include "pilot/Dialect/SAttn/SAttnDialect.h"
#include "pilot/InitAll.h"

#include "mlir/CAPI/IR.h"
#include "mlir/CAPI/Registration.h"
#include "mlir/CAPI/Support.h"

using namespace pilot;

MLIR_DEFINE_CAPI_DIALECT_REGISTRATION(SAttn, sattn, sattn::SAttnDialect)
MLIR_DEFINE_CAPI_DIALECT_REGISTRATION(PIM, pim, pim::PIMDialect)

void pilotRegisterAllDialects(MlirDialectRegistry registry) {
  registerAllDialects(*unwrap(registry));
}

void pilotRegisterAllPasses(void) { registerAllPasses(); }

namespace {

/// Hands an Expected string to the matching callback.
MlirLogicalResult deliver(llvm::Expected<std::string> text,
                          MlirStringCallback onValue,
                          MlirStringCallback onError, void *userData) {
  if (!text) {
    std::string message = llvm::toString(text.takeError());
    if (onError)
      onError(mlirStringRefCreate(message.data(), message.size()), userData);
    return mlirLogicalResultFailure();
  }
  if (onValue)
    onValue(mlirStringRefCreate(text->data(), text->size()), userData);
  return mlirLogicalResultSuccess();
}

} // namespace

MlirLogicalResult pilotCompile(MlirStringRef module, MlirStringRef options,
                               MlirStringCallback onResult,
                               MlirStringCallback onError, void *userData) {
  return deliver(api::compile(unwrap(module), unwrap(options)), onResult,
                 onError, userData);
}

MlirLogicalResult pilotSimulate(MlirStringRef kernel, MlirStringRef mode,
                                MlirStringRef hardware,
                                MlirStringCallback onStats,
                                MlirStringCallback onError, void *userData) {
  api::SimulationRequest request;
  llvm::StringRef modeName = unwrap(mode);
  if (modeName != "fast" && modeName != "exact")
    return deliver(llvm::createStringError("mode must be \"fast\" or "
                                           "\"exact\", got \"" +
                                           modeName + "\""),
                   onStats, onError, userData);
  request.mode = modeName == "fast" ? sim::Mode::Fast : sim::Mode::Exact;
  request.hardware = unwrap(hardware).str();
  llvm::Expected<api::SimulationResult> result =
      api::simulateKernel(unwrap(kernel), request);
  if (!result)
    return deliver(result.takeError(), onStats, onError, userData);
  return deliver(std::move(result->statsJson), onStats, onError, userData);
}
