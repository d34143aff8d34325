//===- PIMAttrs.td - processing-in-memory attributes -------*- tablegen -*-===//

#ifndef PILOT_DIALECT_PIM_PIMATTRS_TD
#define PILOT_DIALECT_PIM_PIMATTRS_TD

include "pilot/Dialect/PIM/PIMDialect.td"
include "mlir/IR/AttrTypeBase.td"
include "mlir/IR/EnumAttr.td"

def PIM_HardwareAttr : AttrDef<PIM_Dialect, "Hardware"> {
  let mnemonic = "hw";
  let summary = "A PIM hardware description: a preset and overridden keys";
  let description = [{
    A named preset followed by the keys whose values differ from it. The
    printer writes back only the keys that differ, so
    `#pim.hw<"pilot-hbm3">` is the whole PILOT system of the paper.

    Presets (docs/hardware.md gives every number's source):
    - `pilot-hbm3`: PILOT Table I (4 HBM3 stacks x 8 dies x 8 pCH x 4 bank
      groups x 4 banks, 32K rows of 1 KB; BPM 666 MHz, 16 FP16 lanes, 2 KB
      buffer; BGPM 16 adders) with AttAcc's HBM3 5.2 Gb/s timing.
    - `pilot-hbm3-jedec`: the same organisation with Ramulator 2's HBM3 6400
      (JESD238-based) timing.

    Keys: `org.stacks`, `org.dies`, `org.pchs`, `org.bank_groups`,
    `org.banks`, `org.rows`, `org.row_bytes`, `org.column_bytes`,
    `bpm.clock_mhz`, `bpm.lanes`, `bpm.buffer_bytes`, `bpm.accumulate_bits`,
    `bpm.mac_latency`, `bpm.exp_cycles`, `bpm.acc_latency`,
    `bpm.recip_cycles`, `bgpm.clock_mhz`, `bgpm.adders`, `bgpm.latency`, the
    per-event energies `energy.act_fj_per_bit`, `energy.column_fj_per_bit`,
    `energy.external_fj_per_bit`, `energy.bgpm_fj_per_bit`,
    `energy.bpm_fj_per_cycle`, `energy.bgpm_fj_per_cycle`,
    `timing.tCK_ps`, and the DRAM timing in
    memory-clock cycles `timing.nBL`, `timing.nCL`, `timing.nCWL`,
    `timing.nRCDRD`, `timing.nRCDWR`, `timing.nRP`, `timing.nRAS`,
    `timing.nRC`, `timing.nWR`, `timing.nRTPS`, `timing.nRTPL`,
    `timing.nCCDS`, `timing.nCCDL`, `timing.nRRDS`, `timing.nRRDL`,
    `timing.nFAW`, `timing.nWTRS`, `timing.nWTRL`, `timing.nRTW`,
    `timing.nREFI`, `timing.nRFC`, `timing.nRFCSB`. Each has an allowed
    range; a value outside it is an error naming the key and the range.

    ```mlir
    #pim.hw<"pilot-hbm3">
    // The paper's Fig. 13 sweep point with a 32 KB buffer:
    #pim.hw<"pilot-hbm3", bpm.buffer_bytes = 32768>
    ```
  }];
  let parameters = (ins
    StringRefParameter<"the preset the description starts from">:$preset,
    ArrayRefParameter<"int64_t", "every field, in hw::fieldKeys() order">:$values
  );
  let hasCustomAssemblyFormat = 1;
  let genVerifyDecl = 1;
  let builders = [
    AttrBuilder<(ins "::llvm::StringRef":$preset,
                     "const ::pilot::hw::HardwareDescription &":$description)>
  ];
  let extraClassDeclaration = [{
    /// The plain C++ description the simulator and the I/O model share.
    ::pilot::hw::HardwareDescription getDescription() const;
  }];
}

def PIM_Direction : I32EnumAttr<"Direction", "PLT_MOV direction", [
    I32EnumAttrCase<"DramToBuffer", 0, "dram_to_buffer">,
    I32EnumAttrCase<"BufferToDram", 1, "buffer_to_dram">
  ]> {
  let cppNamespace = "::pilot::pim";
}

#endif // PILOT_DIALECT_PIM_PIMATTRS_TD
