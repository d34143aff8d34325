//===- SAttnPasses.h - sparse attention passes ------------------*- C++ -*-===//

#ifndef PILOT_DIALECT_SATTN_SATTNPASSES_H
#define PILOT_DIALECT_SATTN_SATTNPASSES_H

#include "mlir/Pass/Pass.h"

namespace pilot::sattn {
#define GEN_PASS_DECL
#include "pilot/Dialect/SAttn/SAttnPasses.h.inc"

#define GEN_PASS_REGISTRATION
#include "pilot/Dialect/SAttn/SAttnPasses.h.inc"
} // namespace pilot::sattn

#endif // PILOT_DIALECT_SATTN_SATTNPASSES_H
