//===- pilot-opt.cpp - pilot's optimizer driver ---------------------------===//
//
// Parses, verifies, transforms and prints sattn / pim IR: the tool users run
// pass pipelines and lit tests with.
//
//===----------------------------------------------------------------------===//

#include "pilot/InitAll.h"
#include "pilot/Target/BinaryEncoding.h"

#include "mlir/IR/DialectRegistry.h"
#include "mlir/Pass/PassRegistry.h"
#include "mlir/Support/FileUtilities.h"
#include "mlir/Tools/mlir-opt/MlirOptMain.h"
#include "mlir/Transforms/Passes.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/ToolOutputFile.h"
#include "llvm/Support/WithColor.h"

int main(int argc, char **argv) {
  mlir::DialectRegistry registry;
  pilot::registerAllDialects(registry);
  pilot::registerAllPasses();
  // The generic cleanups users put around pilot's passes.
  mlir::registerCanonicalizerPass();
  mlir::registerCSEPass();
  mlir::registerSymbolDCEPass();
  auto [input, output] = mlir::registerAndParseCLIOptions(
      argc, argv, "pilot optimizer driver\n", registry);
  mlir::MlirOptMainConfig config =
      mlir::MlirOptMainConfig::createFromCLOptions();
  if (config.shouldShowDialects()) {
    llvm::outs() << "Available Dialects: "
                 << llvm::join(registry.getDialectNames(), ", ") << "\n";
    return 0;
  }
  if (config.shouldListPasses()) {
    mlir::printRegisteredPasses();
    return 0;
  }
  std::string error;
  std::unique_ptr<llvm::MemoryBuffer> file = mlir::openInputFile(input, &error);
  if (!file) {
    llvm::errs() << error << "\n";
    return 1;
  }
  // A damaged binary program pilot sealed is refused before MLIR's bytecode
  // reader sees it; other producers' bytecode is read as mlir-opt reads it.
  if (llvm::Error sealError = pilot::target::checkSeal(
          file->getMemBufferRef(), pilot::target::Seal::IfClaimed)) {
    llvm::WithColor::error(llvm::errs(), "pilot-opt")
        << llvm::toString(std::move(sealError)) << "\n";
    return 1;
  }
  std::unique_ptr<llvm::ToolOutputFile> outputFile =
      mlir::openOutputFile(output, &error);
  if (!outputFile) {
    llvm::errs() << error << "\n";
    return 1;
  }
  if (mlir::failed(mlir::MlirOptMain(outputFile->os(), std::move(file),
                                     registry, config)))
    return 1;
  outputFile->keep();
  return 0;
}
