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

def PIMMap : Pass<"pim-map"> {
  let summary = "Place each part of a decomposed attention on bank groups";
  let description = [{
    Attaches `pim.mapping` (`#pim.mapping`) to every `sattn.sddmm`,
    `sattn.softmax` and `sattn.spmm` (run `--sattn-decompose` first): the
    paper's mapping (PAPER.md, Data mapping). Each head instance (batch x
    head) goes to one bank group, dealt evenly over every group of every
    stack; non-global rows split by rows over the group's banks with K and V
    replicated; global rows and decoding split by columns with a bank-group
    reduction; the dense heads of a DuoAttention prefill stay on the host
    unless `dense-heads-on-pim`.

    The attention must fit: if Q, K, V and O of the busiest bank's head
    instances (K and V replicated) exceed a bank, the error names each
    tensor's bytes and the bank's.

    ```
    %s = sattn.sddmm ... {pattern = ..., rows = #sattn.rows<non_global>, scale = ...}
    // becomes
    %s = sattn.sddmm ... {pattern = ..., pim.mapping = #pim.mapping<split = rows, head_instances = 6144, heads_per_group = 6, bank_groups = 1024, banks_per_group = 4>, rows = #sattn.rows<non_global>, scale = ...}
    ```
  }];
  let options = [
    Option<"hardware", "hw", "std::string", /*default=*/"\"pilot-hbm3\"",
           "Hardware preset (pilot-hbm3, pilot-hbm3-jedec)">,
    Option<"denseHeadsOnPIM", "dense-heads-on-pim", "bool",
           /*default=*/"false",
           "In prefill, place the pattern's dense heads on PIM too">,
  ];
  let dependentDialects = ["::pilot::pim::PIMDialect"];
  let statistics = [
    Statistic<"numMapped", "parts", "Parts placed on PIM">,
    Statistic<"numHost", "host-parts", "Parts left on the host">
  ];
}

def PIMTile : Pass<"pim-tile"> {
  let summary = "Choose each part's schedule and tiles with the I/O model";
  let description = [{
    For every `sattn.sddmm` that `pim-map` placed on PIM, chooses tiles with
    the I/O model (docs/io-model.md) and records them, with the prediction,
    on the part's `sattn.sddmm`, `sattn.softmax` and `sattn.spmm`:
    `pim.tiles` (`#pim.tiles`) and `pim.predicted` (the busiest bank's
    internal bytes, the lower bound and which bound binds, the predicted
    time, the system's internal bytes).

    `schedule=pilot` (the default) takes the best tiles of the paper's class,
    which at 2 KB are its closed form: a = b = floor(M / (2d + 1)) for the
    row split, a = 1, b = floor((M - d) / (d + 1)) for the column split (7
    and 14 for d = 64, 3 and 6 for d = 128). `wide` searches any tiles and
    head-dimension chunks; `fused` keeps scores in the buffer; `naive` is the
    paper's baseline; `auto` takes the lowest predicted time among naive,
    pilot (either tile space) and fused (the paper's class). `rows`, `keys` and
    `head-dim-chunk` override the tiles: tiles that do not fit the buffer are
    an error, never clamped. `report` also emits each prediction as a remark.
  }];
  let options = [
    Option<"hardware", "hw", "std::string", /*default=*/"\"pilot-hbm3\"",
           "Hardware preset (pilot-hbm3, pilot-hbm3-jedec)">,
    Option<"bufferBytes", "buffer-bytes", "int64_t", /*default=*/"0",
           "Override bpm.buffer_bytes (0 keeps the preset's)">,
    Option<"schedule", "schedule", "std::string", /*default=*/"\"pilot\"",
           "naive, pilot, fused or auto">,
    Option<"wide", "wide", "bool", /*default=*/"false",
           "Search any tiles, not the paper's class">,
    Option<"rows", "rows", "int64_t", /*default=*/"0",
           "Query rows per tile (0: chosen by the I/O model)">,
    Option<"keys", "keys", "int64_t", /*default=*/"0",
           "Keys resident per step (0: chosen by the I/O model)">,
    Option<"headDimChunk", "head-dim-chunk", "int64_t", /*default=*/"0",
           "Head-dimension chunk (pilot row split, fused; 0: whole)">,
    Option<"report", "report", "bool", /*default=*/"false",
           "Emit each part's prediction as a remark">,
  ];
  let dependentDialects = ["::pilot::pim::PIMDialect"];
  let statistics = [
    Statistic<"numTiled", "parts", "Parts tiled">
  ];
}

def PIMSchedule : Pass<"pim-schedule"> {
  let summary = "Choose each tiled part's loop nest";
  let description = [{
    For every part that `pim-tile` tiled, chooses the loop nest that
    `pim-lower-to-isa` builds and records it on the part's `sattn.sddmm`,
    `sattn.softmax` and `sattn.spmm` as `pim.loop_nest` (`#pim.loop_nest`,
    docs/compiler.md, Loop nests): the loop order, where the scores live,
    the rows per tile, the keys per step and the head dimension's passes.

    The order: `auto` (the default) walks the PILOT schedule's global rows
    key-stationary when they are more than a tile (PAPER.md, global rows),
    everything else query-stationary; `query` and `key` force one (`key`
    only for the PILOT schedule's column split), and the part's
    `pim.predicted` is recomputed for the forced order. The keys per step
    are the tiles' unless the program's buffers (docs/compiler.md) do not
    hold them beside the tile, which is an error naming both sizes.

    ```
    $ pilot-opt --sattn-decompose --pim-map --pim-tile --pim-schedule longformer.mlir
    %4 = sattn.sddmm ... {..., pim.loop_nest = #pim.loop_nest<order = key_stationary, scores = dram, rows = 1, keys = 14, passes = 1>, ...}
    ```
  }];
  let options = [
    Option<"hardware", "hw", "std::string", /*default=*/"\"pilot-hbm3\"",
           "Hardware preset (pilot-hbm3, pilot-hbm3-jedec) or JSON file">,
    Option<"bufferBytes", "buffer-bytes", "int64_t", /*default=*/"0",
           "Override bpm.buffer_bytes (0 keeps the preset's)">,
    Option<"order", "order", "std::string", /*default=*/"\"auto\"",
           "Loop order of the column split: auto, query or key">,
  ];
  let dependentDialects = ["::pilot::pim::PIMDialect"];
  let statistics = [
    Statistic<"numScheduled", "parts", "Parts scheduled">,
    Statistic<"numKeyStationary", "key-stationary-parts",
              "Parts walked key-stationary">
  ];
}

def PIMLowerToISA : Pass<"pim-lower-to-isa", "::mlir::ModuleOp"> {
  let summary = "Lower tiled attention parts to ISA-level PIM programs";
  let description = [{
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
    Option<"hardware", "hw", "std::string", /*default=*/"\"pilot-hbm3\"",
           "Hardware preset (pilot-hbm3, pilot-hbm3-jedec) or JSON file">,
    Option<"bufferBytes", "buffer-bytes", "int64_t", /*default=*/"0",
           "Override bpm.buffer_bytes (0 keeps the preset's)">,
  ];
  let dependentDialects = ["::pilot::pim::PIMDialect",
                           "::mlir::arith::ArithDialect"];
  let statistics = [
    Statistic<"numKernels", "kernels", "Kernels built">,
    Statistic<"numClasses", "bank-classes", "Bank classes built">,
    Statistic<"numCommands", "commands", "PILOT commands emitted">
  ];
}

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
