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
    `energy.bpm_fj_per_cycle`, `energy.bgpm_fj_per_cycle`, the host GPU
    that merges partial results `host.bandwidth_gbps`,
    `host.efficiency_pct`, `timing.tCK_ps`, and the DRAM timing in
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

def PIM_Split : I32EnumAttr<"Split", "how a part of an attention is spread", [
    I32EnumAttrCase<"Rows", 0, "rows">,
    I32EnumAttrCase<"Columns", 1, "columns">,
    I32EnumAttrCase<"Host", 2, "host">
  ]> {
  let cppNamespace = "::pilot::pim";
  let genSpecializedAttr = 0;
}

def PIM_MappingAttr : AttrDef<PIM_Dialect, "Mapping"> {
  let mnemonic = "mapping";
  let summary = "Where a part of an attention runs, as pim-map placed it";
  let description = [{
    `split = rows`: each head instance on one bank group, its rows split
    over the group's banks with K and V in every bank (the non-global rows
    of prefill). `split = columns`: the rows in every bank, each row's keys
    split over the banks and the bank-group module reducing (global rows;
    decoding). `split = host`: left on the GPU (DuoAttention's dense heads in
    prefill). `head_instances` (batch x heads of the part) are dealt over
    `bank_groups` groups of `banks_per_group` banks, `heads_per_group` on the
    busiest. `kv_group` (decoding, printed where it is not 1): that many
    consecutive query heads of one key-value head are the rows of one head
    instance, which reads the key-value head once for all of them
    (`head_instances` is then batch x heads / kv_group).

    A row split may spread each head instance over `groups_per_instance`
    consecutive bank groups (small batches, docs/compiler.md): its rows are
    cut over all their banks, each instance's groups its own, the part's
    `bank_groups` groups starting at group `first_group` (the other parts of
    the attention lie in groups of their own). A column split may cut each
    instance's keys over `groups_per_instance` consecutive groups (small
    batches of decoding): every run of its keys is cut into
    `groups_per_instance x banks_per_group` pieces, one per bank; each group
    reduces its banks as on one group and writes a partial (its rows' output
    normalised by the group's sum, and the group's row maxima and sums),
    which the host merges after the banks (`pim.merge`). Both are elided at
    their defaults (1 and 0), the paper's mapping.

    ```mlir
    #pim.mapping<split = rows, head_instances = 6144, heads_per_group = 6, bank_groups = 1024, banks_per_group = 4>
    #pim.mapping<split = columns, head_instances = 8, heads_per_group = 1, bank_groups = 1024, banks_per_group = 4, kv_group = 4>
    #pim.mapping<split = rows, head_instances = 12, heads_per_group = 1, bank_groups = 1008, banks_per_group = 4, groups_per_instance = 84, first_group = 12>
    #pim.mapping<split = columns, head_instances = 8, heads_per_group = 1, bank_groups = 512, banks_per_group = 4, kv_group = 4, groups_per_instance = 64>
    ```
  }];
  let parameters = (ins EnumParameter<PIM_Split>:$split,
                        "int64_t":$head_instances,
                        "int64_t":$heads_per_group,
                        "int64_t":$bank_groups,
                        "int64_t":$banks_per_group,
                        DefaultValuedParameter<"int64_t", "1">:$kv_group,
                        DefaultValuedParameter<"int64_t", "1">:$groups_per_instance,
                        DefaultValuedParameter<"int64_t", "0">:$first_group);
  let assemblyFormat = "`<` struct(params) `>`";
  // Every count positive; convert-sattn-to-pim checks them against the
  // hardware and the part.
  let genVerifyDecl = 1;
}

def PIM_Schedule : I32EnumAttr<"Schedule", "a bank's loop order", [
    I32EnumAttrCase<"Naive", 0, "naive">,
    I32EnumAttrCase<"Pilot", 1, "pilot">,
    I32EnumAttrCase<"Fused", 2, "fused">
  ]> {
  let cppNamespace = "::pilot::pim";
  let genSpecializedAttr = 0;
}

def PIM_Order : I32EnumAttr<"Order", "which loop of a part encloses the other", [
    I32EnumAttrCase<"QueryStationary", 0, "query_stationary">,
    I32EnumAttrCase<"KeyStationary", 1, "key_stationary">
  ]> {
  let cppNamespace = "::pilot::pim";
  let genSpecializedAttr = 0;
}

def PIM_ScoreHome : I32EnumAttr<"ScoreHome", "where a part's scores live", [
    I32EnumAttrCase<"Dram", 0, "dram">,
    I32EnumAttrCase<"Buffer", 1, "buffer">
  ]> {
  let cppNamespace = "::pilot::pim";
  let genSpecializedAttr = 0;
}

def PIM_LoopNestAttr : AttrDef<PIM_Dialect, "LoopNest"> {
  let mnemonic = "loop_nest";
  let summary = "A part's loop nest, as pim-schedule chose it";
  let description = [{
    What `convert-sattn-to-pim` builds for a part (docs/compiler.md, Loop
    nests), per bank and head instance:
    - `order = query_stationary`: a loop over tiles of `rows` query rows
      encloses the steps of `keys` keys of each tile's key streams;
      `key_stationary`: the steps of the bank's keys enclose the tiles, so
      each step's keys and values are read once for every tile (the PILOT
      schedule's global rows).
    - `scores = dram`: each step's block of scores goes to DRAM; a softmax
      pass over a tile's blocks; the SpMM reads them back. `buffer`: an
      online softmax keeps them in the buffer (the fused schedule).
    - `passes`: the head dimension's chunks (the PILOT schedule walks the
      steps once per chunk; the fused schedule moves each vector a chunk at
      a time); 1 when whole.

    ```mlir
    #pim.loop_nest<order = key_stationary, scores = dram, rows = 1, keys = 14, passes = 1>
    ```
  }];
  let parameters = (ins EnumParameter<PIM_Order>:$order,
                        EnumParameter<PIM_ScoreHome>:$scores,
                        "int64_t":$rows, "int64_t":$keys, "int64_t":$passes);
  let assemblyFormat = "`<` struct(params) `>`";
  let genVerifyDecl = 1;
}

def PIM_TilesAttr : AttrDef<PIM_Dialect, "Tiles"> {
  let mnemonic = "tiles";
  let summary = "A part's schedule and tiles, as pim-tile chose them";
  let description = [{
    `rows` query rows per tile and `keys` keys resident per step of the
    part's split (docs/io-model.md); `head_dim_chunk` splits the head
    dimension of the PILOT schedule's row split or of the fused schedule
    (0: whole). The PILOT schedule's column split walks its rows
    K-stationary when they are more than `rows`.

    ```mlir
    #pim.tiles<schedule = pilot, rows = 7, keys = 7>
    ```
  }];
  let parameters = (ins EnumParameter<PIM_Schedule>:$schedule,
                        "int64_t":$rows, "int64_t":$keys,
                        DefaultValuedParameter<"int64_t", "0">:$head_dim_chunk);
  let assemblyFormat = "`<` struct(params) `>`";
  let genVerifyDecl = 1;
}

#endif // PILOT_DIALECT_PIM_PIMATTRS_TD
