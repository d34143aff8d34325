//===- PIMToSim.h - pim dialect to the simulator's program ------*- C++ -*-===//
//
// The front end of pilot-sim: an ISA-level pim.kernel, parsed and verified
// with pilot's dialects, becomes a sim::Program. Row and column operands
// become linear expressions over the loops' induction variables; anything
// else (a product of two induction variables, an op the simulator does not
// evaluate) is an error at the op.
//
//===----------------------------------------------------------------------===//

#ifndef PILOT_TARGET_PIMTOSIM_H
#define PILOT_TARGET_PIMTOSIM_H

#include "pilot/Sim/Program.h"

#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/MLIRContext.h"
#include "mlir/Support/LLVM.h"

namespace llvm {
class SourceMgr;
} // namespace llvm

namespace pilot::target {

/// Converts the one pim.kernel in \p module (an error if there is none or
/// several). Diagnostics go to \p module's context.
mlir::FailureOr<sim::Program> convertToSimProgram(mlir::ModuleOp module);

/// Parses the main buffer of \p sourceMgr with pilot's dialects, verifies
/// it and converts it.
mlir::FailureOr<sim::Program> loadSimProgram(llvm::SourceMgr &sourceMgr,
                                             mlir::MLIRContext &context);

} // namespace pilot::target

#endif // PILOT_TARGET_PIMTOSIM_H
