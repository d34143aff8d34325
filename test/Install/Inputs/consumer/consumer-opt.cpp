//===- consumer-opt.cpp - an optimizer driver of a project using pilot ----===//
//
// A downstream compiler's driver: upstream MLIR's dialects and passes next
// to pilot's, from an installed pilot.
//
//===----------------------------------------------------------------------===//

#include "pilot/InitAll.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/IR/DialectRegistry.h"
#include "mlir/Tools/mlir-opt/MlirOptMain.h"
#include "mlir/Transforms/Passes.h"

int main(int argc, char **argv) {
  mlir::DialectRegistry registry;
  registry.insert<mlir::arith::ArithDialect, mlir::func::FuncDialect,
                  mlir::tensor::TensorDialect>();
  pilot::registerAllDialects(registry);
  pilot::registerAllPasses();
  mlir::registerCanonicalizerPass();
  mlir::registerCSEPass();
  return mlir::asMainReturnCode(
      mlir::MlirOptMain(argc, argv, "a downstream driver\n", registry));
}
