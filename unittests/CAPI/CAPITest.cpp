//===- CAPITest.cpp - pilot's C API dialect handles and registration ------===//
//
// What a C client reaches through MLIR's C API library (mlirDialectHandle*,
// mlirDialectRegistry*), which Debian does not ship: here the handles'
// hooks and the registry are called through MLIR's C API headers directly.
//
//===----------------------------------------------------------------------===//

#include "pilot-c/Pilot.h"

#include "mlir/CAPI/IR.h"
#include "mlir/CAPI/Registration.h"
#include "mlir/IR/DialectRegistry.h"
#include "mlir/IR/MLIRContext.h"

#include <gtest/gtest.h>

namespace {

const MlirDialectRegistrationHooks &hooks(MlirDialectHandle handle) {
  return *static_cast<const MlirDialectRegistrationHooks *>(handle.ptr);
}

TEST(PilotCAPITest, DialectHandlesNameInsertAndLoadTheirDialects) {
  for (auto [handle, name] :
       {std::pair{mlirGetDialectHandle__sattn__(), "sattn"},
        std::pair{mlirGetDialectHandle__pim__(), "pim"}}) {
    EXPECT_EQ(unwrap(hooks(handle).getNamespaceHook()), name);
    mlir::DialectRegistry registry;
    hooks(handle).insertHook(wrap(&registry));
    mlir::MLIRContext context(registry);
    EXPECT_EQ(context.getLoadedDialect(name), nullptr);
    MlirDialect loaded = hooks(handle).loadHook(wrap(&context));
    ASSERT_NE(loaded.ptr, nullptr);
    EXPECT_EQ(unwrap(loaded)->getNamespace(), name);
  }
}

TEST(PilotCAPITest, RegisterAllDialectsCoversWhatPilotIRUses) {
  mlir::DialectRegistry registry;
  pilotRegisterAllDialects(wrap(&registry));
  std::vector<llvm::StringRef> names(registry.getDialectNames().begin(),
                                     registry.getDialectNames().end());
  for (llvm::StringRef name : {"sattn", "pim", "func", "arith"})
    EXPECT_NE(std::find(names.begin(), names.end(), name), names.end())
        << name.str();
}

} // namespace
