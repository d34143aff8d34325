//===- Summary.h - a module's kernels, parts and patterns as JSON -*- C++ -*-===//
//
// The document `--pim-summary` writes (docs/summary.md), for callers that
// hold the module in memory (the API and the Python extension).
//
//===----------------------------------------------------------------------===//

#ifndef PILOT_DIALECT_PIM_SUMMARY_H
#define PILOT_DIALECT_PIM_SUMMARY_H

#include "mlir/IR/Operation.h"
#include "llvm/Support/JSON.h"

namespace pilot::pim {

/// The kernels, parts and pattern statistics of everything under \p root.
llvm::json::Object summarize(mlir::Operation *root);

} // namespace pilot::pim

#endif // PILOT_DIALECT_PIM_SUMMARY_H
