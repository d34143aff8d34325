//===- JsonOutput.cpp - the JSON documents passes write -------------------===//

#include "pilot/Dialect/PIM/JsonOutput.h"

#include "llvm/Support/FileSystem.h"
#include "llvm/Support/FormatVariadic.h"
#include "llvm/Support/raw_ostream.h"

using namespace mlir;

LogicalResult pilot::pim::writeJsonOutput(Operation *op, StringRef pass,
                                          StringRef path,
                                          const llvm::json::Value &document) {
  if (path.empty()) {
    llvm::errs() << llvm::formatv("{0:2}", document) << "\n";
    return success();
  }
  std::error_code error;
  llvm::raw_fd_ostream file(path, error, llvm::sys::fs::OF_Text);
  if (error)
    return op->emitError() << pass << ": cannot write '" << path
                           << "': " << error.message() << " (output)";
  file << llvm::formatv("{0:2}", document) << "\n";
  return success();
}
