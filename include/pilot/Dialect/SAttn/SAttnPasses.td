//===- SAttnPasses.td - sparse attention passes ------------*- tablegen -*-===//

#ifndef PILOT_DIALECT_SATTN_SATTNPASSES_TD
#define PILOT_DIALECT_SATTN_SATTNPASSES_TD

include "mlir/Pass/PassBase.td"
include "pilot/Dialect/PIM/PIMPassOptions.td"

def SAttnDecompose : Pass<"sattn-decompose"> {
  let summary = "Split attention into SDDMM, softmax and SpMM, part by part";
  let description = [{
    Rewrites every `sattn.attention` into `sattn.sddmm`, `sattn.softmax`
    and `sattn.spmm`, one chain per part of the problem, the way PILOT maps
    them (PAPER.md, Data mapping):

    - prefill with global tokens: the non-global rows (split by rows over a
      bank group) and the global rows (split by columns) are separate parts;
    - decoding (fewer queries than keys): one part, every row;
    - a pattern with `dense_heads` (DuoAttention): the sparse heads and the
      dense heads are separate parts; the dense heads' part is the path PILOT
      leaves on the GPU in prefill, and later passes decide where it runs.

    Each part's `sattn.spmm` writes its rows and heads into the previous
    part's result (`into`), starting from a `tensor.empty`, so the last one
    is the attention's result.

    Before:
    ```mlir
    %o = sattn.attention %q, %k, %v {pattern = #sattn.pattern<window = [256, 255], global_tokens = [0]>} : ...
    ```
    After:
    ```mlir
    %e = tensor.empty() : tensor<1x12x1024x64xf16>
    %s0 = sattn.sddmm %q, %k {pattern = ..., rows = #sattn.rows<non_global>, scale = 1.250000e-01 : f64} : ...
    %p0 = sattn.softmax %s0 {pattern = ..., rows = #sattn.rows<non_global>} : ...
    %o0 = sattn.spmm %p0, %v into %e {pattern = ..., rows = #sattn.rows<non_global>} : ...
    %s1 = sattn.sddmm %q, %k {pattern = ..., rows = #sattn.rows<global>, scale = 1.250000e-01 : f64} : ...
    %p1 = sattn.softmax %s1 {pattern = ..., rows = #sattn.rows<global>} : ...
    %o = sattn.spmm %p1, %v into %o0 {pattern = ..., rows = #sattn.rows<global>} : ...
    ```
  }];
  let dependentDialects = ["::mlir::tensor::TensorDialect"];
  let statistics = [
    Statistic<"numDecomposed", "attentions", "Attentions decomposed">,
    Statistic<"numParts", "parts", "Parts created">
  ];
}

def SAttnRaiseLinalg : Pass<"sattn-raise-linalg"> {
  let summary = "Raise attention written in linalg to sattn.attention";
  let description = [{
    Recognises attention as front ends lower it to linalg on tensors
    (docs/embedding.md, Raising from linalg), batch and heads folded into
    the leading dimension `[BH, N, D]`:

    ```mlir
    %kt = linalg.transpose ins(%k : tensor<BHxSxD>) outs(...) permutation = [0, 2, 1]
    %s  = linalg.batch_matmul ins(%q, %kt) outs(%zeros)      // Q K^T
    %s1 = linalg.mul ins(%s, %scale) outs(...)                // optional, a splat
    %s2 = linalg.add ins(%s1, %mask) outs(...)                // optional, a constant
    %p  = linalg.softmax dimension(2) ins(%s2) outs(...)
    %o  = linalg.batch_matmul ins(%p, %v) outs(%zeros)       // P V
    ```

    (or `linalg.matmul` on one sequence `[N, D]`, or `linalg.generic`
    contractions on `[B, H, N, D]`, K read transposed through its indexing
    map or a `linalg.transpose`; and the softmax possibly
    decomposed into `linalg.generic`s as `linalg.softmax` decomposes: row
    maximum, `exp(x - max)`, row sum, quotient), and rewrites it into
    `sattn.attention` on `[BH, 1, N, D]` views of Q, K and V, or on the
    `[B, H, N, D]` tensors they were collapsed from. A constant
    additive mask (0 where a query attends, -inf or at most -1e4 where it
    does not, the same for every sequence), or a `linalg.generic` selecting
    the score where a constant `i1` tensor holds and -inf elsewhere,
    becomes the pattern: dense, causal, a window, global tokens and sinks,
    checked
    element by element against the pattern's own definition. A chain with a
    mask it cannot express (an argument, other values, no such structure)
    is left unchanged with a remark saying why; a chain that is not
    attention is left alone.

    The chain is recognised by what it computes rather than by one
    spelling: elementwise work in one `linalg.generic` or several, named
    ops, broadcasts through indexing maps and precision casts; the softmax
    as `linalg.reduce` or reduction generics, divided or multiplied by the
    reciprocal of the row sum; the scale on the scores, Q or K; the mask a
    broadcast constant or a slice of one; K and V repeated for
    grouped-query attention raised back to `kv_heads`. The forms each front
    end emits are tabled in docs/embedding.md. A chain that looks like
    attention but breaks gets its remark at the op that broke the match,
    naming what was expected; `strict=true` makes it an error.
  }];
  let dependentDialects = ["::pilot::sattn::SAttnDialect",
                           "::mlir::tensor::TensorDialect"];
  let options = [
    Option<"strict", "strict", "bool", /*default=*/"false",
           "Fail, with an error at the op that broke the match, on a chain "
           "that looks like attention but is not raised (a remark "
           "otherwise)">
  ];
  let statistics = [
    Statistic<"numRaised", "attentions", "Attentions raised">
  ];
}

def SAttnPatternStats : Pass<"sattn-pattern-stats"> {
  let summary = "Report the size and density of every attention's pattern";
  let description = [{
    Emits one remark per `sattn.attention`, `sattn.sddmm`, `sattn.softmax`
    and `sattn.spmm`: the problem shape, the pattern, the entries a sparse
    head attends (and their share of all N x S query-key pairs), the mean
    entries per query row, the global rows, and the entries over all heads
    (dense heads included) and the batch. The IR is unchanged. The counts
    come from the pattern library the verifier and the compiler use.

    ```
    $ python3 -m pilot gen --workload longformer | pilot-opt --sattn-pattern-stats
    remark: sattn.attention: batch 512, 12 heads (0 dense), 4096 queries x
      4096 keys; pattern window [256, 255] + global_tokens 1; per sparse head
      2039295 of 16777216 entries (12.16%), 497.9 per query row, 1 global
      rows; all heads x batch: 12529428480 entries
    ```
  }];
  let statistics = [
    Statistic<"numAttentionOps", "attention-ops",
              "Number of sattn operations reported">
  ];
}

//===----------------------------------------------------------------------===//
// Planning for PIM: passes that annotate the decomposed parts with where and
// how they run (#pim.mapping, #pim.tiles, #pim.loop_nest, pim.predicted).
//===----------------------------------------------------------------------===//

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
    instances (K and V replicated), and the scores the schedule keeps in the
    bank, exceed a bank, the error names the schedule judged and each
    tensor's bytes and the bank's. `schedule` is the one pim-tile will be
    asked for (the pipeline passes its own); `auto` (the default) judges the
    fused schedule, which stores least.

    In decoding with grouped-query attention, the query heads of one
    key-value head and one kind (dense, or the sparse pattern) may be the
    rows of one head instance, which reads the key-value head once for all
    of them (`kv_group` in `#pim.mapping`): fewer bytes, but fewer instances
    to spread over the bank groups. `share-kv=auto` (the default) shares
    where the I/O model predicts a shorter time, `on` shares or says why
    it cannot, `off` never shares.

    Small batches leave bank groups idle: with `split = auto` (the default),
    the parts of one attention (its sddmms with the same query and key) are
    placed together, and where every head instance fits once, the row
    split's instances may each span `groups_per_instance` consecutive groups,
    their rows cut over all those banks (each bank keeping at least a query
    block): the column-split parts take one group per instance first, the
    row-split parts share the groups left, each in a range of its own from
    `first_group`. A part spans several groups only where the I/O model
    predicts it faster than one. Decoding (every part a column split of one
    query) instead cuts each instance's keys over `groups_per_instance`
    groups, each leaving a partial that the host merges (`pim.merge`): each
    part takes the number (the most that fit, halved while the predicted
    time falls) and, under `share-kv = auto`, the sharing that the I/O model
    predicts fastest with the merge, the parts in ranges of their own.
    `split = heads` keeps the paper's one group per instance.

    Every choice is timed one way, as pim-tile will tile the part: the best
    prediction over the schedules `schedule` allows (under `auto`, each
    schedule, the PILOT schedule's tiles in both of pim-tile's spaces).

    ```
    %s = sattn.sddmm ... {pattern = ..., rows = #sattn.rows<non_global>, scale = ...}
    // becomes
    %s = sattn.sddmm ... {pattern = ..., pim.mapping = #pim.mapping<split = rows, head_instances = 6144, heads_per_group = 6, bank_groups = 1024, banks_per_group = 4>, rows = #sattn.rows<non_global>, scale = ...}
    ```
  }];
  let options = [
    PIM_HardwareOption,
    PIM_DenseHeadsOnPIMOption,
    Option<"schedule", "schedule", "std::string", /*default=*/"\"auto\"",
           "naive, pilot, fused or auto: whose storage must fit">,
    Option<"shareKV", "share-kv", "std::string", /*default=*/"\"auto\"",
           "auto, on or off: decoding query heads of one key-value head as "
           "rows of one head instance">,
    Option<"split", "split", "std::string", /*default=*/"\"auto\"",
           "auto or heads: whether a row split's head instance may span "
           "several bank groups (auto) or keeps one (heads, the paper's)">,
  ];
  let dependentDialects = ["::pilot::pim::PIMDialect"];
  let statistics = [
    Statistic<"numMapped", "parts", "Parts placed on PIM">,
    Statistic<"numShared", "shared-parts",
              "Parts whose query heads share key-value head instances">,
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
    PIM_HardwareOption,
    PIM_BufferBytesOption,
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
    `convert-sattn-to-pim` builds and records it on the part's `sattn.sddmm`,
    `sattn.softmax` and `sattn.spmm` as `pim.loop_nest` (`#pim.loop_nest`,
    docs/compiler.md, Loop nests): the loop order, where the scores live,
    the rows per tile, the keys per step and the head dimension's passes.

    The order: `auto` (the default) walks the PILOT schedule's global rows
    key-stationary when they are more than a tile (PAPER.md, global rows),
    the fused schedule's column split in the order the I/O model predicts
    faster, everything else query-stationary; `query` and `key` force one
    (`key` only for the PILOT and fused schedules' column split), and the
    part's
    `pim.predicted` is recomputed for the forced order. The keys per step
    are the tiles' unless the program's buffers (docs/compiler.md) do not
    hold them beside the tile, which is an error naming both sizes.

    ```
    $ pilot-opt --sattn-decompose --pim-map --pim-tile --pim-schedule longformer.mlir
    %4 = sattn.sddmm ... {..., pim.loop_nest = #pim.loop_nest<order = key_stationary, scores = dram, rows = 1, keys = 14, passes = 1>, ...}
    ```
  }];
  let options = [
    PIM_HardwareOption,
    PIM_BufferBytesOption,
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
    unchanged. `output=FILE` also writes the report as JSON for scripts
    (docs/io-model.md, The report as JSON).

    ```
    $ pilot-opt --pim-io-report="buffer-bytes=4096" attention.mlir
    remark: pim-io-report: schedule=pilot tiles=15x15,1x31 bank_internal_bytes=... lower_bound_bytes=... bound=pebbling ratio=... macs_per_byte=... time_ns=... total_internal_bytes=... external_bytes=...
    ```
  }];
  let options = [
    PIM_HardwareOption,
    PIM_BufferBytesOption,
    PIM_DenseHeadsOnPIMOption,
    Option<"output", "output", "std::string", /*default=*/"\"\"",
           "Also write the report as JSON to this file (docs/io-model.md)">,
  ];
  let statistics = [
    Statistic<"numReported", "attention-ops", "Attentions reported">
  ];
}

#endif // PILOT_DIALECT_SATTN_SATTNPASSES_TD
