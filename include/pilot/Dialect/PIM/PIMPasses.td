//===- PIMPasses.td - passes on pim programs ----------------*- tablegen -*-===//
//
// Passes that transform or read ISA-level pim programs. The passes that plan
// for PIM annotate sattn ops and live with sattn (SAttnPasses.td); the
// lowering between the two is a conversion (pilot/Conversion/Passes.td).
//
//===----------------------------------------------------------------------===//

#ifndef PILOT_DIALECT_PIM_PIMPASSES_TD
#define PILOT_DIALECT_PIM_PIMPASSES_TD

include "mlir/Pass/PassBase.td"
include "pilot/Dialect/PIM/PIMPassOptions.td"

#endif // PILOT_DIALECT_PIM_PIMPASSES_TD
