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
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Dialect/Tosa/IR/TosaOps.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/IR/DialectRegistry.h"

void pilot::registerAllDialects(mlir::DialectRegistry &registry) {
  // What front ends hand over: tosa for pilot-from-tosa; linalg, tensor,
  // arith and math for sattn-raise-linalg.
  registry.insert<sattn::SAttnDialect, pim::PIMDialect,
                  mlir::arith::ArithDialect, mlir::func::FuncDialect,
                  mlir::linalg::LinalgDialect, mlir::math::MathDialect,
                  mlir::tensor::TensorDialect, mlir::tosa::TosaDialect>();
}

void pilot::registerAllPasses() {
  sattn::registerSAttnPasses();
  pim::registerPIMPasses();
  registerConversionPasses();
  registerPipelines();
}
