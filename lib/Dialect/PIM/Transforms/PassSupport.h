//===- PassSupport.h - what the pim passes share ----------------*- C++ -*-===//

#ifndef PILOT_LIB_DIALECT_PIM_TRANSFORMS_PASSSUPPORT_H
#define PILOT_LIB_DIALECT_PIM_TRANSFORMS_PASSSUPPORT_H

#include "pilot/Analysis/IOModel.h"
#include "pilot/Dialect/PIM/PIMDialect.h"
#include "pilot/Dialect/SAttn/SAttnOps.h"

#include "mlir/IR/Operation.h"

namespace pilot::pim {

/// The hardware a pass's `hw` option names (a preset or a JSON hardware
/// file, docs/hardware.md), with `bpm.buffer_bytes` replaced when
/// `bufferBytes` > 0; an error at `op` naming the pass and the option
/// otherwise.
mlir::FailureOr<hw::HardwareDescription>
hardwareOption(mlir::Operation *op, llvm::StringRef pass, llvm::StringRef spec,
               int64_t bufferBytes = 0);

/// The operations of a part: its SDDMM and the softmax and SpMM that use
/// its result (those present).
llvm::SmallVector<mlir::Operation *> partOps(sattn::SddmmOp sddmm);

/// Calls `onPart` for every `sattn.sddmm` under `root` that pim-map placed
/// on PIM and `onHost` (when given) for those it left on the host; an error
/// at an SDDMM without `pim.mapping`. Fails at the first failure.
mlir::LogicalResult forEachMappedPart(
    mlir::Operation *root,
    llvm::function_ref<mlir::LogicalResult(sattn::SddmmOp, MappingAttr)> onPart,
    llvm::function_ref<void(sattn::SddmmOp, MappingAttr)> onHost = nullptr);

/// The part of the problem a mapped SDDMM computes, for the I/O model.
analysis::AttentionProblem partOf(sattn::SddmmOp sddmm, Split split);

/// The query rows [begin, end) of a part: prefill's global rows (the first
/// rows, as many as the global tokens' blocks hold), the others, or every
/// row.
std::pair<int64_t, int64_t> partRows(sattn::SddmmOp sddmm);

/// `pim.predicted`: the busiest bank's internal bytes, their lower bound and
/// which bound binds, the predicted time, the system's internal bytes.
mlir::DictionaryAttr predictedAttr(mlir::MLIRContext *context,
                                   const analysis::Prediction &prediction);

/// The I/O model's schedule as the IR names it, and back.
Schedule toAttr(analysis::Schedule schedule);
analysis::Schedule fromAttr(Schedule schedule);

} // namespace pilot::pim

#endif // PILOT_LIB_DIALECT_PIM_TRANSFORMS_PASSSUPPORT_H
