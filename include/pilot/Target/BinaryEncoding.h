//===- BinaryEncoding.h - pilot's sealed binary programs --------*- C++ -*-===//
//
// pilot's binary encoding of a program is MLIR bytecode whose producer
// string carries the format's version and a CRC-32 of everything after it:
// "pilot/2 crc32=XXXXXXXX".
// Any MLIR tool still reads it; pilot's tools check the seal first, because
// MLIR's bytecode reader can crash on damaged bytes (found by fuzzing,
// docs/testing.md), so a truncated or corrupted program is an error that
// names the file instead.
//
//===----------------------------------------------------------------------===//

#ifndef PILOT_TARGET_BINARYENCODING_H
#define PILOT_TARGET_BINARYENCODING_H

#include "mlir/IR/Operation.h"
#include "llvm/Support/Error.h"
#include "llvm/Support/MemoryBufferRef.h"

#include <string>

namespace pilot::target {

/// Encodes \p op as sealed bytecode (locations as they are).
mlir::FailureOr<std::string> encodeSealed(mlir::Operation *op);

/// Whether a bytecode buffer must carry pilot's seal to be read.
enum class Seal {
  Required, ///< pilot-translate --binary-to-pim, pilot-sim: pilot's programs.
  IfClaimed ///< pilot-opt: other producers' bytecode is MLIR's business.
};

/// Checks the seal of \p buffer when it is bytecode (text passes): an error
/// naming the buffer when the seal is missing (and \p seal requires it), the
/// header is cut short, or the contents no longer match their checksum.
llvm::Error checkSeal(llvm::MemoryBufferRef buffer, Seal seal);

} // namespace pilot::target

#endif // PILOT_TARGET_BINARYENCODING_H
