//===- binary-program-fuzzer.cpp - fuzz the binary program decoder --------===//
//
// Input: a program in pilot's binary encoding (pilot-translate
// --binary-to-pim), or a text program. Bytes go through the decoder as the
// tools run it, seal check first: damaged programs must be refused, never
// crash. A program that loads, from either form, must encode to a sealed
// program that decodes to the same module, encoding must be a fixed point
// after one round, and the simulator's front end must load it or refuse it
// cleanly.
//
//===----------------------------------------------------------------------===//

#include "FuzzSupport.h"

#include "pilot/Sim/Program.h"
#include "pilot/Target/BinaryEncoding.h"
#include "pilot/Target/PIMToSim.h"

#include "mlir/IR/BuiltinOps.h"
#include "mlir/Parser/Parser.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/SourceMgr.h"

using namespace pilot;

namespace {

/// Reads \p bytes as pilot-translate --binary-to-pim and pilot-sim do (a
/// seal check, then MLIR's reader and the verifier); text is parsed as text.
/// Null when they are refused.
mlir::OwningOpRef<mlir::ModuleOp> load(llvm::StringRef bytes,
                                       mlir::MLIRContext *context) {
  auto buffer = llvm::MemoryBuffer::getMemBufferCopy(bytes, "input");
  if (llvm::Error error = target::checkSeal(buffer->getMemBufferRef(),
                                            target::Seal::Required)) {
    llvm::consumeError(std::move(error));
    return nullptr;
  }
  llvm::SourceMgr sourceMgr;
  sourceMgr.AddNewSourceBuffer(std::move(buffer), llvm::SMLoc());
  return mlir::parseSourceFile<mlir::ModuleOp>(sourceMgr,
                                               mlir::ParserConfig(context));
}

std::string encode(mlir::ModuleOp module) {
  mlir::FailureOr<std::string> bytes = target::encodeSealed(module);
  fuzz::require(mlir::succeeded(bytes), "a verified module encodes");
  return *bytes;
}

std::string printed(mlir::ModuleOp module) {
  std::string text;
  llvm::raw_string_ostream os(text);
  module.print(os, mlir::OpPrintingFlags().enableDebugInfo());
  return text;
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  static fuzz::RenewedContext contexts(/*period=*/10000);
  mlir::MLIRContext *context = contexts.next();
  mlir::OwningOpRef<mlir::ModuleOp> module =
      load(fuzz::asText(data, size), context);
  if (!module) {
    fuzz::note("refused by the seal, the reader or the verifier");
    return 0;
  }

  std::string once = encode(*module);
  mlir::OwningOpRef<mlir::ModuleOp> again = load(once, context);
  fuzz::require(static_cast<bool>(again), "an encoded program decodes");
  fuzz::require(printed(*again) == printed(*module),
                "decoding an encoded program gives the same module");
  fuzz::require(encode(*again) == once, "encoding is a fixed point");

  mlir::FailureOr<sim::Program> program = target::convertToSimProgram(*module);
  if (failed(program)) {
    fuzz::note("decoded; refused by the simulator's front end");
    return 0;
  }
  llvm::Error checked = sim::checkProgram(*program);
  fuzz::note(checked ? "decoded; refused by checkProgram" : "decoded, loaded");
  llvm::consumeError(std::move(checked));
  return 0;
}
