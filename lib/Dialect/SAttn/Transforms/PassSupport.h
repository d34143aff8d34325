//===- PassSupport.h - what the PIM planning passes share ----------------*- C++ -*-===//

#ifndef PILOT_LIB_DIALECT_SATTN_TRANSFORMS_PASSSUPPORT_H
#define PILOT_LIB_DIALECT_SATTN_TRANSFORMS_PASSSUPPORT_H

#include "pilot/Analysis/Prediction.h"
#include "pilot/Dialect/PIM/HardwareOption.h"
#include "pilot/Dialect/PIM/PIMDialect.h"
#include "pilot/Dialect/SAttn/SAttnOps.h"

#include "mlir/IR/Operation.h"

namespace pilot::pim {

/// Calls `onPart` for every `sattn.sddmm` under `root` that pim-map placed
/// on PIM and `onHost` (when given) for those it left on the host; an error
/// at an SDDMM without `pim.mapping`. Fails at the first failure.
mlir::LogicalResult forEachMappedPart(
    mlir::Operation *root,
    llvm::function_ref<mlir::LogicalResult(sattn::SddmmOp, MappingAttr)> onPart,
    llvm::function_ref<void(sattn::SddmmOp, MappingAttr)> onHost = nullptr);

/// The part of the problem a mapped SDDMM computes, for the I/O model.
pattern::AttentionProblem partOf(sattn::SddmmOp sddmm, Split split);

/// `pim.predicted`: the busiest bank's internal bytes, their lower bound and
/// which bound binds, the predicted time, the system's internal bytes.
mlir::DictionaryAttr predictedAttr(mlir::MLIRContext *context,
                                   const analysis::Prediction &prediction);

/// The I/O model's schedule as the IR names it, and back.
Schedule toAttr(analysis::Schedule schedule);
analysis::Schedule fromAttr(Schedule schedule);

} // namespace pilot::pim

#endif // PILOT_LIB_DIALECT_SATTN_TRANSFORMS_PASSSUPPORT_H
