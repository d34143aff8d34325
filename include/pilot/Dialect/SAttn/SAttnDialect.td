//===- SAttnDialect.td - sparse attention dialect ----------*- tablegen -*-===//

#ifndef PILOT_DIALECT_SATTN_SATTNDIALECT_TD
#define PILOT_DIALECT_SATTN_SATTNDIALECT_TD

include "mlir/IR/OpBase.td"

def SAttn_Dialect : Dialect {
  let name = "sattn";
  let cppNamespace = "::pilot::sattn";
  let summary = "Sparse attention on tensors";
  let description = [{
    The `sattn` dialect holds attention as ML front ends hand it to pilot:
    `sattn.attention` on ranked tensors `Q [B, H, N, D]`, `K, V [B, Hkv, S, D]`
    with a `#sattn.pattern` attribute saying which (query, key) pairs are
    attended, and the decomposed `sattn.sddmm`, `sattn.softmax` and
    `sattn.spmm` that the lowering to the `pim` dialect works on.

    Query row `i` sits at token position `S - N + i`: prefill has `N = S`,
    decoding has a few new queries (usually one) against an `S`-long KV cache.
    Grouped-query attention is `Hkv` dividing `H`: query head `h` reads key and
    value head `h / (H / Hkv)`.
  }];
  let useDefaultAttributePrinterParser = 1;
}

class SAttn_Op<string mnemonic, list<Trait> traits = []>
    : Op<SAttn_Dialect, mnemonic, traits>;

#endif // PILOT_DIALECT_SATTN_SATTNDIALECT_TD
