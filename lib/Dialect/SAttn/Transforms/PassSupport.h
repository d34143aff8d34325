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

/// The part of the problem a mapped SDDMM computes, for the I/O model: its
/// split, the bank groups an instance spans and how many heads share an
/// instance (`kv_group`).
pattern::AttentionProblem partOf(sattn::SddmmOp sddmm, Split split,
                                 int64_t groupsPerInstance = 1,
                                 int64_t sharedHeads = 1);
inline pattern::AttentionProblem partOf(sattn::SddmmOp sddmm,
                                        MappingAttr mapping) {
  return partOf(sddmm, mapping.getSplit(), mapping.getGroupsPerInstance(),
                mapping.getKvGroup());
}

/// `pim.predicted`: the busiest bank's internal bytes, their lower bound and
/// which bound binds, the predicted time, the system's internal bytes.
mlir::DictionaryAttr predictedAttr(mlir::MLIRContext *context,
                                   const analysis::Prediction &prediction);

/// The schedule a pass's `schedule` option names, checked: nothing for
/// `auto`, an error at `root` naming `pass` for a name that is no schedule.
mlir::FailureOr<std::optional<analysis::Schedule>>
scheduleOption(mlir::Operation *root, llvm::StringRef pass,
               llvm::StringRef schedule);

/// The schedule whose storage decides whether a problem fits the banks:
/// the one asked for, or under `auto` the fused schedule, which stores least
/// (no scores), so that `auto` refuses only what no schedule fits.
analysis::Schedule capacitySchedule(std::optional<analysis::Schedule> asked);

/// The prediction pim-tile and pim-schedule will realise for a part: the
/// best tiles of `space` for the schedule `asked`, or under `auto` the
/// shortest time over every schedule (the PILOT schedule's tiles searched in
/// both spaces; the naive schedule has none to choose, and the fused one
/// keeps the paper's class). pim-map weighs its mappings by it, so that the
/// mapping it picks is judged as it will run.
analysis::Prediction bestPrediction(const pattern::AttentionProblem &part,
                                    const hw::HardwareDescription &description,
                                    std::optional<analysis::Schedule> asked,
                                    analysis::TileSpace space);

/// The I/O model's schedule as the IR names it, and back.
Schedule toAttr(analysis::Schedule schedule);
analysis::Schedule fromAttr(Schedule schedule);

} // namespace pilot::pim

#endif // PILOT_LIB_DIALECT_SATTN_TRANSFORMS_PASSSUPPORT_H
