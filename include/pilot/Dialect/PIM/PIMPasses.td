//===- PIMPasses.td - processing-in-memory passes ----------*- tablegen -*-===//

#ifndef PILOT_DIALECT_PIM_PIMPASSES_TD
#define PILOT_DIALECT_PIM_PIMPASSES_TD

include "mlir/Pass/PassBase.td"

def PIMIOReport : Pass<"pim-io-report"> {
  let summary = "Report the I/O model's prediction for every attention";
  let description = [{
    For each `sattn.attention`, emits one remark per schedule with the I/O
    model's prediction (docs/io-model.md) on the given hardware: the tiles,
    the busiest bank's internal bytes (DRAM <-> buffer), the lower bound on
    them and which bound binds, their ratio, MACs per byte, the predicted
    time, the whole system's internal bytes and the external (GPU <-> HBM)
    bytes. The schedules are `naive` (the paper's PIM baseline), `pilot` with
    the best tiles of the paper's class (at 2 KB its closed form: 7 and 14
    rows for d = 64), `pilot-wide` (the PILOT schedule with the best tiles of
    the wider space) and `fused`; a last remark names the fastest. The IR is
    unchanged.

    ```
    $ pilot-opt --pim-io-report="buffer-bytes=4096" attention.mlir
    remark: pim-io-report: schedule=pilot tiles=15x15,1x31 bank_internal_bytes=... lower_bound_bytes=... bound=pebbling ratio=... macs_per_byte=... time_ns=... total_internal_bytes=... external_bytes=...
    ```
  }];
  let options = [
    Option<"hardware", "hw", "std::string", /*default=*/"\"pilot-hbm3\"",
           "Hardware preset (pilot-hbm3, pilot-hbm3-jedec)">,
    Option<"bufferBytes", "buffer-bytes", "int64_t", /*default=*/"0",
           "Override bpm.buffer_bytes (0 keeps the preset's)">,
    Option<"denseHeadsOnPIM", "dense-heads-on-pim", "bool",
           /*default=*/"false",
           "In prefill, also run the pattern's dense heads on PIM">,
  ];
  let statistics = [
    Statistic<"numReported", "attention-ops", "Attentions reported">
  ];
}

#endif // PILOT_DIALECT_PIM_PIMPASSES_TD
