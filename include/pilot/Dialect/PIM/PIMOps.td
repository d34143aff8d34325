//===- PIMOps.td - processing-in-memory operations ---------*- tablegen -*-===//

#ifndef PILOT_DIALECT_PIM_PIMOPS_TD
#define PILOT_DIALECT_PIM_PIMOPS_TD

include "pilot/Dialect/PIM/PIMDialect.td"
include "pilot/Dialect/PIM/PIMAttrs.td"
include "mlir/IR/SymbolInterfaces.td"
include "mlir/IR/RegionKindInterface.td"
include "mlir/Interfaces/SideEffectInterfaces.td"

/// An i64 attribute read back as int64_t (I64Attr reads uint64_t), so bounds
/// arithmetic in the verifiers stays signed.
def PIM_I64Attr : TypedSignlessIntegerAttrBase<I64, "int64_t",
                                               "64-bit integer attribute"> {
  let convertFromStorage = "$_self.getValue().getSExtValue()";
}
def NonNegI64 : ConfinedAttr<PIM_I64Attr, [IntNonNegative]>;
def PosI64 : ConfinedAttr<PIM_I64Attr, [IntPositive]>;

//===----------------------------------------------------------------------===//
// Program structure
//===----------------------------------------------------------------------===//

def PIM_KernelOp : PIM_Op<"kernel", [
    Symbol, SymbolTable, IsolatedFromAbove, SingleBlock, NoTerminator]> {
  let summary = "The programs of every bank class, on one hardware description";
  let description = [{
    A PIM kernel: the hardware it targets and one `pim.bank_class` per class
    of banks that run identical programs (SPMD). Classes may not share a bank
    and every bank they name must exist.

    ```mlir
    pim.kernel @attention hw(#pim.hw<"pilot-hbm3">) {
      pim.bank_class @rows banks(first = 0, count = 4096, stride = 1) {
        ...
      }
    }
    ```
  }];
  let arguments = (ins SymbolNameAttr:$sym_name, PIM_HardwareAttr:$hw);
  let regions = (region SizedRegion<1>:$body);
  let assemblyFormat = [{
    $sym_name `hw` `(` qualified($hw) `)` attr-dict-with-keyword $body
  }];
  let hasRegionVerifier = 1;
  let extraClassDeclaration = [{
    ::pilot::hw::HardwareDescription getDescription() {
      return getHw().getDescription();
    }
  }];
}

def PIM_BankClassOp : PIM_Op<"bank_class", [
    Symbol, HasParent<"KernelOp">, IsolatedFromAbove, SingleBlock,
    NoTerminator]> {
  let summary = "One program run by a class of identical banks (SPMD)";
  let description = [{
    The banks `first + i * stride` for `i` in `[0, count)`, numbered flat
    over the whole system (bank within bank group fastest, then bank group,
    pseudo-channel, die, stack), all run the body on their own data. What
    differs between them, which slice of each tensor a bank holds, is said by
    the body's `pim.cfg` commands.

    ```mlir
    pim.bank_class @nonglobal banks(first = 0, count = 48, stride = 1) {
      pim.cfg "Q" rows(0, 16) elements 8192 offset 0 radices [4, 12] strides [8192, 262144]
      ...
    }
    ```
  }];
  let arguments = (ins SymbolNameAttr:$sym_name, NonNegI64:$first,
                   PosI64:$count, PosI64:$stride);
  let regions = (region SizedRegion<1>:$body);
  let assemblyFormat = [{
    $sym_name `banks` `(` `first` `=` $first `,` `count` `=` $count `,`
    `stride` `=` $stride `)` attr-dict-with-keyword $body
  }];
  let extraClassDeclaration = [{
    /// The flat id of the i-th bank of the class.
    int64_t getBank(int64_t i) { return getFirst() + i * getStride(); }
  }];
}

def PIM_MergeOp : PIM_Op<"merge", [HasParent<"KernelOp">]> {
  let summary = "The host merges the partials of keys cut over bank groups";
  let description = [{
    After every bank class has run, the host reads the partials of the
    query heads `heads` (of every batch entry and query) whose keys were cut
    over `pieces` bank groups (`#pim.mapping` `groups_per_instance`,
    docs/compiler.md) and writes their merged rows of `output`. Group `p`
    left, for each row `r` of `output` (flat over batch, heads and
    queries), its output normalised by its own sum at element
    `(p * rows + r) * D` of `partials`, its row maximum at `p * rows + r`
    of `maxima` and its row sum there in `sums`, where `rows` and `D` are
    the output's (the kernel's `pilot.attention` query shape). Without
    `maxima` every maximum is 0 (schedules that exponentiate unshifted
    scores). The merge (FP32): `m = max m_p`, `w_p = exp(m_p - m) l_p`,
    `O = sum w_p O_p / sum w_p`. With `rows [b0, e0, b1, e1, ...]` only the
    queries in those ascending, disjoint intervals are merged (prefill's
    global rows, whose keys alone were cut; the other rows' outputs are
    written whole); without, every query.

    ```mlir
    pim.merge "O" partials "O.part" maxima "M.part" sums "L.part" pieces 4 heads [0, 1]
    pim.merge "O" partials "O.part" sums "L.part" pieces 16 heads [0, 1] rows [0, 64, 640, 704]
    ```
  }];
  let arguments = (ins StrAttr:$output, StrAttr:$partials,
                   OptionalAttr<StrAttr>:$maxima, StrAttr:$sums,
                   ConfinedAttr<PIM_I64Attr, [IntMinValue<2>]>:$pieces,
                   DenseI64ArrayAttr:$heads,
                   OptionalAttr<DenseI64ArrayAttr>:$rows);
  let assemblyFormat = [{
    $output `partials` $partials (`maxima` $maxima^)? `sums` $sums
    `pieces` $pieces `heads` $heads (`rows` $rows^)? attr-dict
  }];
  let hasVerifier = 1;
}

def PIM_LoopOp : PIM_Op<"loop", [
    ParentOneOf<["BankClassOp", "LoopOp"]>,
    SingleBlockImplicitTerminator<"YieldOp">, RecursiveMemoryEffects]> {
  let summary = "A counted loop with a static trip count";
  let description = [{
    Runs its body for `%iv = lower, lower + step, ...` while `%iv < upper`.
    Bounds are constants, so the simulator can replay a steady-state
    iteration and the verifier can bound every address computed from `%iv`.

    ```mlir
    pim.loop %tile = 0 to 4096 step 7 {
      %row = arith.addi %tile, %c16 : index
      ...
    }
    ```
  }];
  let arguments = (ins NonNegI64:$lower, NonNegI64:$upper, PosI64:$step);
  let regions = (region SizedRegion<1>:$body);
  let hasCustomAssemblyFormat = 1;
  let hasVerifier = 1;
  let extraClassDeclaration = [{
    ::mlir::BlockArgument getInductionVar() {
      return getBody().front().getArgument(0);
    }
    /// Iterations the loop runs. Written so that no bounds overflow:
    /// 0 <= lower <= upper.
    int64_t getTripCount() {
      return getUpper() <= getLower()
                 ? 0 : (getUpper() - getLower() - 1) / getStep() + 1;
    }
    /// The value of the induction variable in the last iteration.
    int64_t getLastValue() {
      return getLower() + (getTripCount() - 1) * getStep();
    }
  }];
}

def PIM_YieldOp : PIM_Op<"yield", [Pure, Terminator, HasParent<"LoopOp">]> {
  let summary = "Ends a pim.loop body";
  let description = [{
    Implicit in the custom form of `pim.loop`.
  }];
  let assemblyFormat = "attr-dict";
}

//===----------------------------------------------------------------------===//
// PILOT commands
//===----------------------------------------------------------------------===//

class PIM_CommandOp<string mnemonic, list<Trait> traits = []>
    : PIM_Op<mnemonic, !listconcat(traits, [
        ParentOneOf<["BankClassOp", "LoopOp"]>])> {
  let hasVerifier = 1;
}

def PIM_CfgOp : PIM_CommandOp<"cfg"> {
  let summary = "PLT_CFG: where a tensor's slices live in each bank of the class";
  let description = [{
    Bank `i` of the enclosing class holds `elements` FP16 elements of the
    host tensor `tensor`, stored densely from DRAM row `first_row` over
    `num_rows` rows. They are the tensor's flat elements from
    `base = offset + sum_k digit_k(x) * strides[k]`, where `digit_k(x)` are
    the digits of `x = i` in the mixed radix `radices`, least significant
    first, the last digit taking the whole remaining quotient. This is the
    paper's partition and mapping metadata for Q, K and V: with radices
    `[4, 12]` the four banks of a bank group take consecutive row slices of
    one head and the 12 bank groups take 12 heads.

    `digit_table [k, t_0, t_1, ...]` looks digit `k` up instead of scaling
    it: the base gains entry `digit_k(x)` of the `t` rather than
    `digit_k(x) * strides[k]`, one entry per value of the digit (`radices[k]`
    of them; not the last, unbounded digit). A part whose heads are not one
    run (DuoAttention's scattered retrieval heads, query heads that share a
    key head across parts) finds each instance's head so.

    `segments [s0, l0, s1, l1, ...]` makes the slice the concatenation of
    the flat elements `[base + s_k, base + s_k + l_k)`, in order (a block of
    a row-major tensor that is not contiguous); the lengths add up to
    `elements`. Without it the slice is the one segment `[0, elements)`.

    `slots(N, index_base = B, index_stride = X, row_stride = R)` places `N`
    slices in each bank: slice `s` is stored from row `first_row + s * R`
    and takes its base from `x = B + i + s * X` (several heads per bank
    group, in turn). Without it there is one slice and `x = i`.

    `select [R, V]` restricts the placement to the banks of the class whose
    index `i` has `i mod R = V`, and `select [R, V, N]` to those with
    `V <= i mod R < V + N`: the banks of a bank group run one program but
    may hold slices of different shapes (the last rows of a sequence, the
    pieces of a row's keys, the full pieces beside a shorter last one).

    `random_blocks [Q, N]` gathers a block pattern's random keys: the slice
    is, for each query block `q` in `[Q, Q + N)`, the keys of the random
    blocks the kernel's `pilot.attention` pattern draws for `q` (sorted),
    each a whole block, in that order (its `segments`, computed from the
    pattern rather than listed). The host places them as it places K.

    ```mlir
    pim.cfg "Q" rows(0, 2) elements 1024 offset 0 radices [4, 12] strides [1024, 262144]
    pim.cfg "K" rows(2, 1) elements 128 offset 0 radices [4, 8] strides [0, 4096] segments [0, 64, 256, 64] slots(2, index_base = 0, index_stride = 4, row_stride = 1)
    ```
  }];
  let arguments = (ins StrAttr:$tensor, NonNegI64:$first_row,
                   PosI64:$num_rows, PosI64:$elements, NonNegI64:$offset,
                   DenseI64ArrayAttr:$radices, DenseI64ArrayAttr:$strides,
                   OptionalAttr<DenseI64ArrayAttr>:$digit_table,
                   OptionalAttr<DenseI64ArrayAttr>:$segments,
                   OptionalAttr<PIM_I64Attr>:$slots,
                   OptionalAttr<PIM_I64Attr>:$index_base,
                   OptionalAttr<PIM_I64Attr>:$index_stride,
                   OptionalAttr<PIM_I64Attr>:$row_stride,
                   OptionalAttr<DenseI64ArrayAttr>:$select,
                   OptionalAttr<DenseI64ArrayAttr>:$random_blocks);
  let assemblyFormat = [{
    $tensor `rows` `(` $first_row `,` $num_rows `)` `elements` $elements
    `offset` $offset `radices` $radices `strides` $strides
    (`digit_table` $digit_table^)? (`segments` $segments^)? ``
    custom<Slots>($slots, $index_base, $index_stride, $row_stride)
    (`select` $select^)? (`random_blocks` $random_blocks^)? attr-dict
  }];
  let extraClassDeclaration = [{
    /// Slices per bank, and how the s-th one finds its place: 1, 0, 0, 0
    /// without `slots`.
    int64_t getSlotCount() { return getSlots().value_or(1); }
    int64_t getSlotIndexBase() { return getIndexBase().value_or(0); }
    int64_t getSlotIndexStride() { return getIndexStride().value_or(0); }
    int64_t getSlotRowStride() { return getRowStride().value_or(0); }
  }];
}

def PIM_MovOp : PIM_CommandOp<"mov"> {
  let summary = "PLT_MOV: move bytes between the bank and the BPM buffer";
  let description = [{
    Moves `bytes` bytes between DRAM (bank-relative `row`, starting at column
    `col`, within that one row) and the buffer at byte offset `buf`, in
    `direction`. Rows and columns may be computed from loop induction
    variables with `arith.constant`, `arith.addi` and `arith.muli` on
    `index`; the verifier bounds them over the loops' ranges.

    ```mlir
    pim.mov dram_to_buffer row %r col %c0 buf 0 bytes 896
    ```
  }];
  let arguments = (ins PIM_Direction:$direction, Index:$row, Index:$col,
                   NonNegI64:$buf, PosI64:$bytes);
  let assemblyFormat = [{
    $direction `row` $row `col` $col `buf` $buf `bytes` $bytes attr-dict
  }];
}

def PIM_MacOp : PIM_CommandOp<"mac"> {
  let summary = "PLT_MAC: a small FP16 matrix product on buffer operands";
  let description = [{
    `acc[m x n] (+)= lhs[m x k] * rhs[k x n]` on row-major FP16 operands at
    buffer byte offsets `lhs`, `rhs` and `acc`; with `transpose_rhs` the rhs
    is stored `n x k` (rows of K for Q.K^T). Without `accumulate` the result
    overwrites `acc`. `lanes` multipliers work per BPM cycle (at most
    `bpm.lanes`). The result may not overlap an operand.

    ```mlir
    pim.mac lhs 0 rhs 896 acc 1792 shape [7, 7, 64] lanes 16 transpose_rhs
    ```
  }];
  let arguments = (ins NonNegI64:$lhs, NonNegI64:$rhs, NonNegI64:$acc,
                   PosI64:$m, PosI64:$n, PosI64:$k, PosI64:$lanes,
                   UnitAttr:$transpose_rhs, UnitAttr:$accumulate);
  let assemblyFormat = [{
    `lhs` $lhs `rhs` $rhs `acc` $acc `shape` ` ` `[` $m `,` $n `,` $k `]`
    `lanes` $lanes (`transpose_rhs` $transpose_rhs^)?
    (`accumulate` $accumulate^)? attr-dict
  }];
}

def PIM_ExpOp : PIM_CommandOp<"exp"> {
  let summary = "PLT_EXP: approximate exponential of buffer elements";
  let description = [{
    `dst[i] = exp(src[i])` for `elements` FP16 elements, with the paper's
    approximation (e^(Int+Frac) = 2^Int * e^Frac: the exponent shifted,
    e^Frac by a low-order Taylor series below 0.5 and a piecewise-linear table
    otherwise). In place when `src == dst`.

    ```mlir
    pim.exp src 1792 dst 1792 elements 49 lanes 16
    ```
  }];
  let arguments = (ins NonNegI64:$src, NonNegI64:$dst, PosI64:$elements,
                   PosI64:$lanes);
  let assemblyFormat = [{
    `src` $src `dst` $dst `elements` $elements `lanes` $lanes attr-dict
  }];
}

def PIM_AccOp : PIM_CommandOp<"acc"> {
  let summary = "PLT_ACC: row-wise sums or maxima, optionally across the bank group";
  let description = [{
    `dst[r] (+)= sum_c src[r x cols + c]` for `rows` rows of `cols` FP16
    elements. With `bank_group`, the bank-group module (BGPM) adds the
    partial sums of every bank of the group (global rows split by columns).
    With `max` the same adder tree compares instead of adding:
    `dst[r] = max_c src[r x cols + c]` (with `accumulate`, also over the old
    `dst[r]`), and the BGPM takes the maximum across the group: the running
    row maximum of an online softmax.

    ```mlir
    pim.acc src 1792 dst 1890 rows 7 cols 7 accumulate
    pim.acc src 1792 dst 1890 rows 7 cols 7 max accumulate bank_group
    ```
  }];
  let arguments = (ins NonNegI64:$src, NonNegI64:$dst, PosI64:$rows,
                   PosI64:$cols, UnitAttr:$accumulate, UnitAttr:$bank_group,
                   UnitAttr:$max);
  let assemblyFormat = [{
    `src` $src `dst` $dst `rows` $rows `cols` $cols (`max` $max^)?
    (`accumulate` $accumulate^)? (`bank_group` $bank_group^)? attr-dict
  }];
}

def PIM_SfmOp : PIM_CommandOp<"sfm"> {
  let summary = "PLT_SFM: divide each row by its sum (softmax normalisation)";
  let description = [{
    `dst[r x cols + c] = src[r x cols + c] / sums[r]` for `rows` rows of
    `cols` FP16 elements. `dst` may equal `src`; it may not overlap `sums`.

    ```mlir
    pim.sfm src 1792 sums 1890 dst 1792 rows 7 cols 7 lanes 16
    ```
  }];
  let arguments = (ins NonNegI64:$src, NonNegI64:$sums, NonNegI64:$dst,
                   PosI64:$rows, PosI64:$cols, PosI64:$lanes);
  let assemblyFormat = [{
    `src` $src `sums` $sums `dst` $dst `rows` $rows `cols` $cols
    `lanes` $lanes attr-dict
  }];
}

def PIM_MaskOp : PIM_CommandOp<"mask"> {
  let summary = "PLT_MASK: scale a block of scores and mask it to a band";
  let description = [{
    On the `rows x cols` FP16 block at buffer byte offset `buf` (row-major),
    in place: each element is multiplied by `scale` (rounded to FP16, an
    FP16 multiply), then element `(i, c)` is kept when
    `delta = c - i + diag` lies in the closed band `[band_lo, band_hi]`
    (`inside`) or outside it (`outside`), and `c + key` lies in
    `[keys_lo, keys_hi)`. Every other element becomes -65504, the lowest
    finite FP16: its exponential is 0, and a difference of two masked
    elements stays finite. `diag` (the block's first key position minus its
    first query position, so that `delta` is key minus query) and `key` (its
    first key position) are computed like `pim.mov`'s rows. This is the
    epilogue of a score tile under a causal or sliding-window pattern, and
    of a partial last tile of keys.

    With `uniform`, `delta = c + diag`: the band is the same for every row,
    as for a tile inside one block of a block pattern.

    `bank [R, D, K]` shifts both conditions per bank: bank `i` of the class
    adds `(i mod R) * D` to `diag` and `(i mod R) * K` to `key`, for banks
    of a group that hold different rows (the row split: `D = 0`, `K` rows
    per bank, as keys and queries move together) or different keys (the
    column split: `D = K`). Addresses stay the same for every bank.

    ```mlir
    pim.mask buf 1792 rows 7 cols 8 diag %d key %k band [0, 512] inside keys [0, 4096] scale 1.250000e-01 lanes 16
    ```
  }];
  let arguments = (ins Index:$diag, Index:$key, NonNegI64:$buf,
                   PosI64:$rows, PosI64:$cols, PIM_I64Attr:$band_lo,
                   PIM_I64Attr:$band_hi, PIM_I64Attr:$keys_lo,
                   PIM_I64Attr:$keys_hi, PosI64:$lanes, UnitAttr:$outside,
                   DefaultValuedAttr<F64Attr, "1.0">:$scale,
                   OptionalAttr<DenseI64ArrayAttr>:$bank, UnitAttr:$uniform);
  let assemblyFormat = [{
    `buf` $buf `rows` $rows `cols` $cols `diag` $diag `key` $key
    `band` ` ` `[` $band_lo `,` $band_hi `]` custom<BandSide>($outside)
    (`uniform` $uniform^)?
    `keys` ` ` `[` $keys_lo `,` $keys_hi `]` (`scale` $scale^)?
    (`bank` $bank^)? `lanes` $lanes attr-dict
  }];
  let builders = [
    OpBuilder<(ins "::mlir::Value":$diag, "::mlir::Value":$key,
                   "int64_t":$buf, "int64_t":$rows, "int64_t":$cols,
                   "int64_t":$band_lo, "int64_t":$band_hi,
                   "int64_t":$keys_lo, "int64_t":$keys_hi, "int64_t":$lanes,
                   CArg<"bool", "false">:$outside,
                   CArg<"double", "1.0">:$scale), [{
      build($_builder, $_state, diag, key, buf, rows, cols, band_lo, band_hi,
            keys_lo, keys_hi, lanes, outside, ::llvm::APFloat(scale),
            /*bank=*/nullptr, /*uniform=*/false);
    }]>
  ];
}

def PIM_SubOp : PIM_CommandOp<"sub"> {
  let summary = "PLT_SUB: subtract a value from each row (row broadcast)";
  let description = [{
    `dst[r x cols + c] = src[r x cols + c] - vec[r]` for `rows` rows of
    `cols` FP16 elements, each difference rounded to FP16: subtracting the
    row maximum before the exponential (online softmax). `dst` may equal
    `src`; it may not overlap `vec`.

    ```mlir
    pim.sub src 1792 vec 1904 dst 1792 rows 7 cols 8 lanes 16
    ```
  }];
  let arguments = (ins NonNegI64:$src, NonNegI64:$vec, NonNegI64:$dst,
                   PosI64:$rows, PosI64:$cols, PosI64:$lanes);
  let assemblyFormat = [{
    `src` $src `vec` $vec `dst` $dst `rows` $rows `cols` $cols
    `lanes` $lanes attr-dict
  }];
}

def PIM_OutOp : PIM_CommandOp<"out"> {
  let summary = "PLT_OUT: write results from the buffer to the bank";
  let description = [{
    Writes `bytes` result bytes from buffer offset `buf` to DRAM row `row`
    from column `col`, within that row. Unlike `pim.mov buffer_to_dram`
    (intermediates such as spilled scores), these bytes are the kernel's
    output and are what the host reads back.

    ```mlir
    pim.out row %r col %c0 buf 1792 bytes 896
    ```
  }];
  let arguments = (ins Index:$row, Index:$col, NonNegI64:$buf,
                   PosI64:$bytes);
  let assemblyFormat = [{
    `row` $row `col` $col `buf` $buf `bytes` $bytes attr-dict
  }];
}

#endif // PILOT_DIALECT_PIM_PIMOPS_TD
