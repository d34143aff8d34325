//===- pilot-opt.cpp - pilot's optimizer driver ---------------------------===//
//
// Parses, verifies, transforms and prints sattn / pim IR: the tool users run
// pass pipelines and lit tests with.
//
//===----------------------------------------------------------------------===//

#include "pilot/InitAll.h"

#include "mlir/IR/DialectRegistry.h"
#include "mlir/Tools/mlir-opt/MlirOptMain.h"
#include "mlir/Transforms/Passes.h"

int main(int argc, char **argv) {
  mlir::DialectRegistry registry;
  pilot::registerAllDialects(registry);
  pilot::registerAllPasses();
  // The generic cleanups users put around pilot's passes.
  mlir::registerCanonicalizerPass();
  mlir::registerCSEPass();
  mlir::registerSymbolDCEPass();
  return mlir::asMainReturnCode(
      mlir::MlirOptMain(argc, argv, "pilot optimizer driver\n", registry));
}
