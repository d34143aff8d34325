//===- SAttnAttrs.td - sparse attention attributes ---------*- tablegen -*-===//

#ifndef PILOT_DIALECT_SATTN_SATTNATTRS_TD
#define PILOT_DIALECT_SATTN_SATTNATTRS_TD

include "pilot/Dialect/SAttn/SAttnDialect.td"
include "mlir/IR/AttrTypeBase.td"
include "mlir/IR/EnumAttr.td"

/// A `true` / `false` keyword, `false` when absent.
def SAttn_FlagParameter : DefaultValuedParameter<"bool", "false"> {
  let parser = [{ ::pilot::sattn::parseFlag($_parser) }];
  let printer = [{ $_printer << ($_self ? "true" : "false") }];
}

/// `[a, b, ...]`, empty when absent.
class SAttn_IndexListParameter<string desc>
    : OptionalArrayRefParameter<"int64_t", desc> {
  let parser = [{ ::pilot::sattn::parseIndexList($_parser) }];
  let printer = [{ ::pilot::sattn::printIndexList($_printer, $_self) }];
}

/// `[[a, b], [c], []]`: one index list per query block.
def SAttn_RandomColumnsParameter : OptionalParameter<"::mlir::ArrayAttr",
    "explicit random key blocks of every query block"> {
  let parser = [{ ::pilot::sattn::parseIndexLists($_parser) }];
  let printer = [{ ::pilot::sattn::printIndexLists($_printer, $_self) }];
}

def SAttn_PatternAttr : AttrDef<SAttn_Dialect, "Pattern"> {
  let mnemonic = "pattern";
  let summary = "Which (query, key) pairs an attention attends";
  let description = [{
    The union of the components given, optionally restricted to causal
    (key position <= query position). Omitted components are absent.

    | key | meaning |
    | --- | --- |
    | `dense = true` | every key |
    | `causal = true` | keep only keys at or before the query's position |
    | `window = [L, R]` | sliding window: query block q attends key blocks q-L .. q+R |
    | `global_tokens = [i, ...]` | global in both roles (Longformer, BigBird): such a query attends every key and every query attends such a key |
    | `sinks = k` | the first k key blocks, columns only (StreamingLLM / DuoAttention streaming heads) |
    | `random = r`, `seed = s` | r extra key blocks per query block drawn with seed s (BigBird), from keys no other component attends |
    | `random_cols = [[...], ...]` | the random key blocks spelled out, one list per query block |
    | `block = b` | block granularity: every position above counts blocks of b tokens (BigBird); default 1 |
    | `dense_heads = [h, ...]` | heads that attend every key (DuoAttention retrieval heads); causal still applies |

    The semantics live in `pilot/Pattern/SparsityPattern.h`, shared by the
    verifier, the compiler and the tests.

    Examples:

    ```mlir
    // Longformer: 512-token window, token 0 global.
    #sattn.pattern<window = [256, 255], global_tokens = [0]>
    // BigBird ITC, 64-token blocks: 3 window blocks, 1 global, 1 random.
    #sattn.pattern<window = [1, 1], global_tokens = [0], random = 1, seed = 1, block = 64>
    // DuoAttention: streaming heads keep 4 sinks and 2044 recent tokens;
    // heads 0 and 1 stay dense.
    #sattn.pattern<causal = true, window = [2043, 0], sinks = 4, dense_heads = [0, 1]>
    ```
  }];
  let parameters = (ins
    SAttn_FlagParameter:$dense,
    SAttn_FlagParameter:$causal,
    SAttn_IndexListParameter<"window extents [left, right]">:$window,
    SAttn_IndexListParameter<"global tokens">:$global_tokens,
    DefaultValuedParameter<"int64_t", "0">:$sinks,
    DefaultValuedParameter<"int64_t", "0">:$random,
    DefaultValuedParameter<"uint64_t", "0">:$seed,
    SAttn_RandomColumnsParameter:$random_cols,
    DefaultValuedParameter<"int64_t", "1">:$block,
    SAttn_IndexListParameter<"dense heads">:$dense_heads
  );
  let assemblyFormat = "`<` struct(params) `>`";
  let genVerifyDecl = 1;
  let extraClassDeclaration = [{
    /// The plain C++ form the pattern library works on.
    ::pilot::pattern::PatternSpec getSpec() const;
    /// The attribute of \p spec (which validateSpec accepts).
    static PatternAttr fromSpec(::mlir::MLIRContext *context,
                                const ::pilot::pattern::PatternSpec &spec);
  }];
}

def SAttn_RowClass : I32EnumAttr<"RowClass",
    "which query rows a decomposed op computes", [
    I32EnumAttrCase<"All", 0, "all">,
    I32EnumAttrCase<"NonGlobal", 1, "non_global">,
    I32EnumAttrCase<"Global", 2, "global">
  ]> {
  let cppNamespace = "::pilot::sattn";
  let genSpecializedAttr = 0;
}
def SAttn_RowClassAttr : EnumAttr<SAttn_Dialect, SAttn_RowClass, "rows"> {
  let assemblyFormat = "`<` $value `>`";
}

def SAttn_HeadClass : I32EnumAttr<"HeadClass",
    "which heads a decomposed op computes", [
    I32EnumAttrCase<"All", 0, "all">,
    I32EnumAttrCase<"Sparse", 1, "sparse">,
    I32EnumAttrCase<"Dense", 2, "dense">
  ]> {
  let cppNamespace = "::pilot::sattn";
  let genSpecializedAttr = 0;
}
def SAttn_HeadClassAttr : EnumAttr<SAttn_Dialect, SAttn_HeadClass, "heads"> {
  let assemblyFormat = "`<` $value `>`";
}

#endif // PILOT_DIALECT_SATTN_SATTNATTRS_TD
