//===- InitAll.cpp - register every pilot dialect, pass and pipeline ------===//

#include "pilot/InitAll.h"
#include "pilot/Conversion/Passes.h"
#include "pilot/Dialect/PIM/PIMDialect.h"
#include "pilot/Dialect/PIM/PIMPasses.h"
#include "pilot/Dialect/SAttn/SAttnDialect.h"
#include "pilot/Dialect/SAttn/SAttnPasses.h"
#include "pilot/Pipelines/Pipelines.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/IR/DialectRegistry.h"

void pilot::registerAllDialects(mlir::DialectRegistry &registry) {
  // linalg: what sattn-raise-linalg reads.
  registry.insert<sattn::SAttnDialect, pim::PIMDialect,
                  mlir::arith::ArithDialect, mlir::func::FuncDialect,
                  mlir::linalg::LinalgDialect, mlir::tensor::TensorDialect>();
}

void pilot::registerAllPasses() {
  sattn::registerSAttnPasses();
  pim::registerPIMPasses();
  registerConversionPasses();
  registerPipelines();
}
