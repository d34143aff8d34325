//===- JsonOutput.h - the JSON documents passes write -----------*- C++ -*-===//
//
// Passes that report to scripts (`--pim-summary`, `--pim-io-report`) write
// one llvm::json document each, to a file their `output` option names.
//
//===----------------------------------------------------------------------===//

#ifndef PILOT_DIALECT_PIM_JSONOUTPUT_H
#define PILOT_DIALECT_PIM_JSONOUTPUT_H

#include "mlir/IR/Operation.h"
#include "llvm/Support/JSON.h"

namespace pilot::pim {

/// Writes `document`, indented, to the file `path`, or to standard error
/// when `path` is empty (standard output carries the IR). An error at `op`
/// naming the pass and its `output` option when the file cannot be written.
mlir::LogicalResult writeJsonOutput(mlir::Operation *op, llvm::StringRef pass,
                                    llvm::StringRef path,
                                    const llvm::json::Value &document);

} // namespace pilot::pim

#endif // PILOT_DIALECT_PIM_JSONOUTPUT_H
