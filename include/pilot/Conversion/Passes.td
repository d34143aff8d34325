//===- Passes.td - conversions between pilot's dialects -----*- tablegen -*-===//

#ifndef PILOT_CONVERSION_PASSES_TD
#define PILOT_CONVERSION_PASSES_TD

include "mlir/Pass/PassBase.td"
include "pilot/Dialect/PIM/PIMPassOptions.td"

def ConvertSAttnToPIM : Pass<"convert-sattn-to-pim", "::mlir::ModuleOp"> {
  let summary = "Convert tiled sattn attention parts to ISA-level pim kernels";
  let description = [{
    The conversion from the sattn dialect to the pim dialect (formerly
    `pim-lower-to-isa`, still accepted as a pipeline of that name).
    Turns every attention whose parts `pim-map` and `pim-tile` placed and
    tiled into one `pim.kernel`: one `pim.bank_class` per bank position
    within a bank group and per range of bank groups that hold the same
    number of head instances (SPMD), `pim.cfg` placements of Q, K, V and O
    with each bank's slice, and per part the loop nest of its schedule
    (docs/compiler.md, Lowering): `naive` and `pilot` write masked scores
    to DRAM, normalise them in two passes and multiply them with V;
    `fused` keeps them in the buffer with an online softmax. Loops run
    over head-instance slots, groups of tiles and steps of keys, so the
    program's size does not grow with the sequence length or the batch.

    The kernel carries `pilot.attention` so that `pilot-sim --check`
    compares its output with a float64 attention. The sattn function is
    left as it is: it is the host's description of the same computation.
  }];
  let options = [
    PIM_HardwareOption,
    PIM_BufferBytesOption,
  ];
  let dependentDialects = ["::pilot::pim::PIMDialect",
                           "::mlir::arith::ArithDialect"];
  let statistics = [
    Statistic<"numKernels", "kernels", "Kernels built">,
    Statistic<"numClasses", "bank-classes", "Bank classes built">,
    Statistic<"numCommands", "commands", "PILOT commands emitted">
  ];
}

#endif // PILOT_CONVERSION_PASSES_TD
