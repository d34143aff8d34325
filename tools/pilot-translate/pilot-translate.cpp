//===- pilot-translate.cpp - pilot's binary encoding of programs ----------===//
//
// Translates ISA-level pim programs to their binary encoding and back. The
// encoding is MLIR bytecode with the pim dialect's own attribute encodings,
// without source locations, sealed with a checksum (BinaryEncoding.h):
// compact, versioned, and read directly by pilot-opt and pilot-sim. Also
// prints the `#sattn.pattern` of a JSON description, so that generators
// write the dialect's own spelling of it.
//
//===----------------------------------------------------------------------===//

#include "pilot/API/API.h"
#include "pilot/InitAll.h"
#include "pilot/Target/BinaryEncoding.h"

#include "mlir/Bytecode/BytecodeReader.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/DialectRegistry.h"
#include "mlir/Parser/Parser.h"
#include "mlir/Tools/mlir-translate/MlirTranslateMain.h"
#include "mlir/Tools/mlir-translate/Translation.h"

#include "llvm/Support/SourceMgr.h"

using namespace mlir;

namespace {

void registerBinaryTranslations() {
  auto dialects = [](DialectRegistry &registry) {
    pilot::registerAllDialects(registry);
  };
  TranslateFromMLIRRegistration toBinary(
      "pim-to-binary", "encode a pim program in pilot's binary encoding",
      [](Operation *op, llvm::raw_ostream &os) {
        // Source locations are dropped, as an object file drops its debug
        // information: the encoding is then the program alone, and text
        // decoded from it encodes to the same bytes.
        Location unknown = UnknownLoc::get(op->getContext());
        op->walk([&](Operation *nested) {
          nested->setLoc(unknown);
          for (Region &region : nested->getRegions())
            for (Block &block : region)
              for (BlockArgument argument : block.getArguments())
                argument.setLoc(unknown);
        });
        FailureOr<std::string> bytes = pilot::target::encodeSealed(op);
        if (failed(bytes))
          return failure();
        os << *bytes;
        return success();
      },
      dialects);
  TranslateToMLIRRegistration fromBinary(
      "binary-to-pim", "decode a program in pilot's binary encoding",
      [](llvm::SourceMgr &sourceMgr,
         MLIRContext *context) -> OwningOpRef<Operation *> {
        const llvm::MemoryBuffer *buffer =
            sourceMgr.getMemoryBuffer(sourceMgr.getMainFileID());
        if (!isBytecode(*buffer)) {
          emitError(UnknownLoc::get(context))
              << "binary-to-pim: " << buffer->getBufferIdentifier()
              << " is not a binary program (no MLIR bytecode header); "
                 "text programs need no decoding";
          return nullptr;
        }
        if (llvm::Error error = pilot::target::checkSeal(
                buffer->getMemBufferRef(), pilot::target::Seal::Required)) {
          emitError(UnknownLoc::get(context))
              << "binary-to-pim: " << llvm::toString(std::move(error));
          return nullptr;
        }
        return parseSourceFile<ModuleOp>(sourceMgr, ParserConfig(context));
      },
      dialects);
}

/// A translation from a JSON request to text that `answer` computes: an
/// error at the input's first line when it fails.
void registerJsonTranslation(
    llvm::StringRef name, llvm::StringRef description,
    llvm::Expected<std::string> (*answer)(llvm::StringRef)) {
  TranslateRegistration(
      name, description,
      [answer](const std::shared_ptr<llvm::SourceMgr> &sourceMgr,
               llvm::raw_ostream &os, MLIRContext *context) {
        const llvm::MemoryBuffer *buffer =
            sourceMgr->getMemoryBuffer(sourceMgr->getMainFileID());
        llvm::Expected<std::string> text = answer(buffer->getBuffer());
        if (!text) {
          emitError(
              FileLineColLoc::get(context, buffer->getBufferIdentifier(), 1, 1))
              << llvm::toString(text.takeError());
          return failure();
        }
        os << *text << "\n";
        return success();
      });
}

/// `--pattern-from-json` and `--random-candidates-from-json`
/// (docs/summary.md).
void registerPatternTranslations() {
  registerJsonTranslation(
      "pattern-from-json",
      "print the #sattn.pattern of a JSON object of its parameters",
      pilot::api::patternAttribute);
  registerJsonTranslation(
      "random-candidates-from-json",
      "print where a pattern may draw random key blocks on a shape, as JSON",
      pilot::api::randomCandidates);
}

} // namespace

int main(int argc, char **argv) {
  registerBinaryTranslations();
  registerPatternTranslations();
  return failed(mlirTranslateMain(argc, argv, "pilot translation driver\n"));
}
