//===- PIMPasses.h - processing-in-memory passes ----------------*- C++ -*-===//

#ifndef PILOT_DIALECT_PIM_PIMPASSES_H
#define PILOT_DIALECT_PIM_PIMPASSES_H

#include "mlir/Pass/Pass.h"

namespace pilot::pim {
#define GEN_PASS_DECL
#include "pilot/Dialect/PIM/PIMPasses.h.inc"

#define GEN_PASS_REGISTRATION
#include "pilot/Dialect/PIM/PIMPasses.h.inc"
} // namespace pilot::pim

#endif // PILOT_DIALECT_PIM_PIMPASSES_H
