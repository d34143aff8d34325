//===- PassSupport.h - what the pim passes share ----------------*- C++ -*-===//

#ifndef PILOT_LIB_DIALECT_PIM_TRANSFORMS_PASSSUPPORT_H
#define PILOT_LIB_DIALECT_PIM_TRANSFORMS_PASSSUPPORT_H

#include "pilot/Analysis/IOModel.h"
#include "pilot/Dialect/SAttn/SAttnOps.h"

#include "mlir/IR/Operation.h"

namespace pilot::pim {

/// The hardware a pass's `hw` option names (a preset or a JSON hardware
/// file, docs/hardware.md), with `bpm.buffer_bytes` replaced when
/// `bufferBytes` > 0; an error at `op` naming the pass and the option
/// otherwise.
mlir::FailureOr<hw::HardwareDescription>
hardwareOption(mlir::Operation *op, llvm::StringRef pass,
               llvm::StringRef spec, int64_t bufferBytes = 0);

/// The operations of a part: its SDDMM and the softmax and SpMM that use
/// its result (those present).
llvm::SmallVector<mlir::Operation *> partOps(sattn::SddmmOp sddmm);

} // namespace pilot::pim

#endif // PILOT_LIB_DIALECT_PIM_TRANSFORMS_PASSSUPPORT_H
