//===- SAttnToPIM.h - sattn attention parts to pim kernels ------*- C++ -*-===//
//
// The conversion from the sattn dialect to ISA-level pim programs
// (docs/compiler.md, Lowering to the ISA), for embedding compilers that
// build kernels without running the pass.
//
//===----------------------------------------------------------------------===//

#ifndef PILOT_CONVERSION_SATTNTOPIM_SATTNTOPIM_H
#define PILOT_CONVERSION_SATTNTOPIM_SATTNTOPIM_H

#include "pilot/Dialect/PIM/PIMOps.h"
#include "pilot/Dialect/SAttn/SAttnOps.h"
#include "pilot/Hardware/HardwareDescription.h"

namespace pilot {

/// What a conversion built.
struct KernelStatistics {
  int64_t bankClasses = 0;
  int64_t commands = 0;
};

/// Builds at `builder`'s insertion point the pim.kernel `name` of one
/// attention from its parts: the sattn.sddmm ops (with their softmax and
/// SpMM) that the planning passes mapped, tiled and scheduled. `preset`
/// names the preset the kernel's #pim.hw starts from. Returns a null
/// kernel when every part runs on the host; fails, with an error at the
/// part, when a part cannot be lowered.
mlir::FailureOr<pim::KernelOp> convertAttentionToKernel(
    mlir::OpBuilder &builder, llvm::ArrayRef<sattn::SddmmOp> parts,
    const hw::HardwareDescription &hardware, llvm::StringRef name,
    llvm::StringRef preset, KernelStatistics &statistics);

} // namespace pilot

#endif // PILOT_CONVERSION_SATTNTOPIM_SATTNTOPIM_H
