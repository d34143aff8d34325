//===- PIMDialect.td - processing-in-memory dialect --------*- tablegen -*-===//

#ifndef PILOT_DIALECT_PIM_PIMDIALECT_TD
#define PILOT_DIALECT_PIM_PIMDIALECT_TD

include "mlir/IR/OpBase.td"

def PIM_Dialect : Dialect {
  let name = "pim";
  let cppNamespace = "::pilot::pim";
  let summary = "Bank-level processing in HBM: hardware and PILOT instructions";
  let description = [{
    The `pim` dialect describes a PILOT-style HBM-PIM system and the programs
    its processing units run.

    - `#pim.hw` is the hardware description: organisation (stacks, dies,
      pseudo-channels, bank groups, banks, rows), the bank processing module
      (BPM: clock, FP16 lanes, SRAM buffer), the bank-group module (BGPM) and
      the DRAM timing. It starts from a named preset and overrides keys.
    - `pim.kernel` holds one program per class of identical banks
      (`pim.bank_class`, SPMD): every bank of a class runs the same commands
      on its own data, at bank-relative DRAM addresses.
    - The PILOT commands: `pim.cfg` (PLT_CFG), `pim.mov` (PLT_MOV),
      `pim.mac` (PLT_MAC), `pim.exp` (PLT_EXP), `pim.acc` (PLT_ACC),
      `pim.sfm` (PLT_SFM), `pim.out` (PLT_OUT), in structured `pim.loop`s.

    Units: DRAM rows and columns index a bank (a column is one burst of
    `org.column_bytes`); buffer offsets and lengths are bytes of the BPM's
    buffer; element counts are FP16 elements. Verifiers reject what the
    hardware cannot do: a range past the buffer, a row or column past the
    bank, more lanes than the BPM has.
  }];
  let useDefaultAttributePrinterParser = 1;
  // What the planning passes record on the sattn ops of each part
  // (docs/compiler.md); the dialect verifies each where it appears.
  let discardableAttrs = (ins
    "::pilot::pim::MappingAttr":$mapping,
    "::pilot::pim::TilesAttr":$tiles,
    "::pilot::pim::LoopNestAttr":$loop_nest,
    "::mlir::DictionaryAttr":$predicted
  );
  let hasOperationAttrVerify = 1;
}

class PIM_Op<string mnemonic, list<Trait> traits = []>
    : Op<PIM_Dialect, mnemonic, traits>;

#endif // PILOT_DIALECT_PIM_PIMDIALECT_TD
