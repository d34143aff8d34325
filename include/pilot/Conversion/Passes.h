//===- Passes.h - conversions between pilot's dialects ----------*- C++ -*-===//

#ifndef PILOT_CONVERSION_PASSES_H
#define PILOT_CONVERSION_PASSES_H

#include "pilot/Conversion/SAttnToPIM/SAttnToPIM.h"

#include "mlir/Pass/Pass.h"

namespace pilot {
#define GEN_PASS_DECL
#include "pilot/Conversion/Passes.h.inc"

#define GEN_PASS_REGISTRATION
#include "pilot/Conversion/Passes.h.inc"
} // namespace pilot

#endif // PILOT_CONVERSION_PASSES_H
