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

def PIMSummary : Pass<"pim-summary", "::mlir::ModuleOp"> {
  let summary = "Write the module's kernels, parts and patterns as JSON";
  let description = [{
    Writes one JSON document (docs/summary.md defines every field) about
    the module, which it leaves unchanged: per `pim.kernel` its bank classes
    and their commands counted by mnemonic in the program text (a loop's
    body once); per `sattn.sddmm` (a part) its `rows` and `heads` and the
    `pim.mapping`, `pim.tiles`, `pim.loop_nest` and `pim.predicted` the
    passes recorded on it; per sattn op the statistics that
    `--sattn-pattern-stats` reports. Scripts read this rather than the
    printed IR.

    ```
    $ pilot-opt kernel.mlir --pim-summary="output=summary.json" -o /dev/null
    $ pilot-opt kernel.mlir --pim-summary -o /dev/null 2> summary.json
    {
      "kernels": [ { "name": "attention", "commands": { "acc": 4, ... }, ... } ],
      "parts": [ ... ],
      "patterns": [ ... ]
    }
    ```
  }];
  let options = [
    Option<"output", "output", "std::string", /*default=*/"\"\"",
           "File to write the JSON to (empty: standard error, as the IR "
           "goes to standard output)">,
  ];
}

#endif // PILOT_DIALECT_PIM_PIMPASSES_TD
