//===- HardwareOption.h - the hardware a pass targets -----------*- C++ -*-===//
//
// Resolves the `hw` and `buffer-bytes` options that every pass planning for
// or lowering to PIM takes (PIMPassOptions.td).
//
//===----------------------------------------------------------------------===//

#ifndef PILOT_DIALECT_PIM_HARDWAREOPTION_H
#define PILOT_DIALECT_PIM_HARDWAREOPTION_H

#include "pilot/Hardware/HardwareDescription.h"

#include "mlir/IR/Operation.h"

namespace pilot::pim {

/// The hardware a pass's `hw` option names (a preset or a JSON hardware
/// file, docs/hardware.md), with `bpm.buffer_bytes` replaced when
/// `bufferBytes` > 0; an error at `op` naming the pass and the option
/// otherwise.
mlir::FailureOr<hw::HardwareDescription>
hardwareOption(mlir::Operation *op, llvm::StringRef pass, llvm::StringRef spec,
               int64_t bufferBytes = 0);

} // namespace pilot::pim

#endif // PILOT_DIALECT_PIM_HARDWAREOPTION_H
