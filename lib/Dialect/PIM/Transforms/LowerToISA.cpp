//===- LowerToISA.cpp - tiled attention parts to ISA-level PIM programs ---===//
//
// Builds one pim.kernel per attention from its decomposed, mapped and tiled
// parts (docs/compiler.md, Lowering to the ISA). All banks of a bank group
// run one program, since the bank-group module reduces across them; bank
// groups that hold the same number of head instances of every part share a
// class. What differs between banks (which head, which rows, which keys)
// is data: pim.cfg placements (`select`, `slots`) and PLT_MASK's per-bank
// shift of its key and diagonal operands.
//
// Addresses. The ISA addresses DRAM by row and column, a transfer stays in
// one row, and row and column operands are affine in the loops' induction
// variables. The lowering therefore walks every stream of data (Q rows, key
// steps, score blocks) with a loop whose body is unrolled until the stream's
// position within a DRAM row repeats: in the body, each copy's in-row
// offset is a constant and the loop variable only moves whole rows. A
// transfer that crosses a row in some copy is split there, statically.
//
//===----------------------------------------------------------------------===//

#include "PassSupport.h"

#include "pilot/Dialect/PIM/PIMDialect.h"
#include "pilot/Dialect/PIM/PIMOps.h"
#include "pilot/Dialect/PIM/PIMPasses.h"
#include "pilot/Dialect/SAttn/SAttnOps.h"
#include "pilot/Pattern/SparsityPattern.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/Builders.h"
#include "mlir/IR/BuiltinOps.h"

#include "llvm/ADT/MapVector.h"

#include <fmt/format.h>
#include <numeric>

namespace pilot::pim {
#define GEN_PASS_DEF_PIMLOWERTOISA
#include "pilot/Dialect/PIM/PIMPasses.h.inc"
} // namespace pilot::pim

using namespace mlir;
using namespace pilot;
using namespace pilot::pim;

namespace {

constexpr int64_t kElementBytes = 2;
/// A bound no key or position reaches: a mask condition that always holds
/// (emitted as the part's reach, which reads better).
constexpr int64_t kUnbounded = int64_t(1) << 40;

int64_t ceilDiv(int64_t a, int64_t b) { return (a + b - 1) / b; }
int64_t roundUp(int64_t a, int64_t b) { return ceilDiv(a, b) * b; }

//===----------------------------------------------------------------------===//
// Affine index arithmetic and DRAM addresses
//===----------------------------------------------------------------------===//

/// `constant + sum coefficient * iv`: what the ISA's address operands hold.
struct Affine {
  int64_t constant = 0;
  SmallVector<std::pair<Value, int64_t>> terms;

  Affine plus(int64_t value) const {
    Affine result = *this;
    result.constant += value;
    return result;
  }
  Affine plus(Value iv, int64_t coefficient) const {
    Affine result = *this;
    if (iv && coefficient != 0)
      result.terms.push_back({iv, coefficient});
    return result;
  }
  Affine plus(const Affine &other) const {
    Affine result = plus(other.constant);
    for (const auto &term : other.terms) {
      auto *same = llvm::find_if(
          result.terms, [&](auto &mine) { return mine.first == term.first; });
      if (same == result.terms.end())
        result.terms.push_back(term);
      else
        same->second += term.second;
    }
    llvm::erase_if(result.terms, [](auto &term) { return term.second == 0; });
    return result;
  }
  Affine minus(const Affine &other) const { return plus(other.scaled(-1)); }
  Affine scaled(int64_t factor) const {
    Affine result;
    result.constant = constant * factor;
    for (auto [iv, coefficient] : terms)
      result.terms.push_back({iv, coefficient * factor});
    return result;
  }
};

/// A bank-relative DRAM address: whole rows that may move with loops, plus
/// a constant byte offset.
struct Address {
  Affine rows;
  int64_t bytes = 0;

  Address plusBytes(int64_t offset) const { return {rows, bytes + offset}; }
};

/// One step of a walk: index `iv * unroll + copy`, `iv` null outside a loop.
struct Step {
  Value iv;
  int64_t unroll = 0;
  int64_t copy = 0;

  Affine index() const { return Affine{copy, {}}.plus(iv, unroll); }
  /// The address of this step in a stream that advances `stride` bytes a
  /// step from `base`; the walk chose `unroll` so that it moves whole rows.
  Address in(const Address &base, int64_t stride, int64_t rowBytes) const {
    Address result{base.rows, base.bytes + copy * stride};
    if (iv)
      result.rows = result.rows.plus(iv, unroll * stride / rowBytes);
    return result;
  }
};

//===----------------------------------------------------------------------===//
// The emitter: PILOT commands, loops and walks
//===----------------------------------------------------------------------===//

class Emitter {
public:
  Emitter(OpBuilder &builder, Location loc, const hw::HardwareDescription &hw,
          Block *classBody)
      : builder(builder), loc(loc), hw(hw), classBody(classBody) {}

  int64_t rowBytes() const { return hw.org.rowBytes; }
  int64_t lanes() const { return hw.bpm.lanes; }
  int64_t commands = 0;

  Value constant(int64_t value) {
    auto [it, inserted] = constants.try_emplace(value, nullptr);
    if (inserted) {
      OpBuilder::InsertionGuard guard(builder);
      builder.setInsertionPointToStart(classBody);
      it->second = arith::ConstantIndexOp::create(builder, loc, value);
    }
    return it->second;
  }

  Value index(const Affine &affine) {
    Value result = constant(affine.constant);
    for (auto [iv, coefficient] : affine.terms) {
      Value term =
          coefficient == 1
              ? iv
              : arith::MulIOp::create(builder, loc, iv, constant(coefficient))
                    .getResult();
      result =
          affine.constant == 0 && result == constant(0)
              ? term
              : arith::AddIOp::create(builder, loc, result, term).getResult();
    }
    return result;
  }

  /// PLT_MOV or PLT_OUT of `bytes` from `address`, split where it crosses a
  /// DRAM row. `address.bytes` is a whole number of columns.
  void transfer(std::optional<Direction> direction, const Address &address,
                int64_t buf, int64_t bytes) {
    int64_t offset = address.bytes;
    while (bytes > 0) {
      int64_t inRow = offset % rowBytes();
      int64_t piece = std::min(bytes, rowBytes() - inRow);
      assert(inRow % hw.org.columnBytes == 0 && "transfer off a column");
      Value row = index(address.rows.plus(offset / rowBytes()));
      Value col = constant(inRow / hw.org.columnBytes);
      if (direction)
        MovOp::create(builder, loc, *direction, row, col, buf, piece);
      else
        OutOp::create(builder, loc, row, col, buf, piece);
      ++commands;
      offset += piece;
      buf += piece;
      bytes -= piece;
    }
  }
  void load(const Address &address, int64_t buf, int64_t bytes) {
    transfer(Direction::DramToBuffer, address, buf, bytes);
  }
  void store(const Address &address, int64_t buf, int64_t bytes) {
    transfer(Direction::BufferToDram, address, buf, bytes);
  }
  void output(const Address &address, int64_t buf, int64_t bytes) {
    transfer(std::nullopt, address, buf, bytes);
  }

  void mac(int64_t lhs, int64_t rhs, int64_t acc, int64_t m, int64_t n,
           int64_t k, bool transposeRhs, bool accumulate) {
    MacOp::create(builder, loc, lhs, rhs, acc, m, n, k, lanes(), transposeRhs,
                  accumulate);
    ++commands;
  }
  void exp(int64_t buf, int64_t elements) {
    ExpOp::create(builder, loc, buf, buf, elements, lanes());
    ++commands;
  }
  void acc(int64_t src, int64_t dst, int64_t rows, int64_t cols,
           bool accumulate, bool bankGroup = false, bool max = false) {
    AccOp::create(builder, loc, src, dst, rows, cols, accumulate, bankGroup,
                  max);
    ++commands;
  }
  void sfm(int64_t src, int64_t sums, int64_t rows, int64_t cols) {
    SfmOp::create(builder, loc, src, sums, src, rows, cols, lanes());
    ++commands;
  }
  void sub(int64_t src, int64_t vec, int64_t dst, int64_t rows, int64_t cols) {
    SubOp::create(builder, loc, src, vec, dst, rows, cols, lanes());
    ++commands;
  }
  /// Scales a rows x cols score block and masks what the pattern leaves
  /// out (docs/pim.md, PLT_MASK). Bank `i` of the class adds
  /// `(i mod banks) * diagStride` to `diag` and `* keyStride` to `key`:
  /// the banks of a group hold different rows and keys.
  void mask(int64_t buf, int64_t rows, int64_t cols, const Affine &diag,
            int64_t lo, int64_t hi, bool outside, bool uniform,
            const Affine &key, int64_t keysLo, int64_t keysHi, double scale,
            std::array<int64_t, 3> bank) {
    auto op =
        MaskOp::create(builder, loc, index(diag), index(key), buf, rows, cols,
                       lo, hi, keysLo, keysHi, lanes(), outside, scale);
    op.setUniform(uniform);
    if (bank[1] != 0 || bank[2] != 0)
      op.setBankAttr(builder.getDenseI64ArrayAttr(bank));
    ++commands;
  }

  /// A counted loop of `trips` iterations of `body(iv)`.
  void loop(int64_t trips, function_ref<void(Value)> body) {
    auto loopOp = LoopOp::create(builder, loc, 0, trips, 1);
    Block *block = new Block();
    loopOp.getBody().push_back(block);
    Value iv = block->addArgument(builder.getIndexType(), loc);
    OpBuilder::InsertionGuard guard(builder);
    builder.setInsertionPointToStart(block);
    YieldOp::create(builder, loc);
    builder.setInsertionPoint(block->getTerminator());
    body(iv);
  }

  /// Steps `first` to `first + count - 1` of streams advancing `strides`
  /// bytes a step: a loop unrolled until every stream moves whole rows, then
  /// the remaining steps.
  void walk(int64_t first, int64_t count, ArrayRef<int64_t> strides,
            function_ref<void(const Step &)> body) {
    if (count <= 0)
      return;
    int64_t unroll = 1;
    for (int64_t stride : strides)
      if (stride % rowBytes() != 0)
        unroll = std::lcm(unroll, rowBytes() / std::gcd(stride, rowBytes()));
    int64_t trips = count / unroll;
    if (trips == 1)
      for (int64_t copy = 0; copy < unroll; ++copy)
        body(Step{nullptr, 0, first + copy});
    else if (trips > 1)
      loop(trips, [&](Value iv) {
        for (int64_t copy = 0; copy < unroll; ++copy)
          body(Step{iv, unroll, first + copy});
      });
    for (int64_t copy = trips * unroll; copy < count; ++copy)
      body(Step{nullptr, 0, first + copy});
  }

private:
  OpBuilder &builder;
  Location loc;
  const hw::HardwareDescription &hw;
  Block *classBody;
  llvm::DenseMap<int64_t, Value> constants;
};

/// Byte offsets in the BPM buffer, allocated without overlap. Copies share
/// the peak, so phases that reuse the buffer report the largest of them.
class BufferPlan {
public:
  explicit BufferPlan(int64_t &peak) : peak(&peak) {}

  int64_t allocate(int64_t elements) {
    int64_t offset = used;
    used += elements * kElementBytes;
    *peak = std::max(*peak, used);
    return offset;
  }

private:
  int64_t used = 0;
  int64_t *peak;
};

//===----------------------------------------------------------------------===//
// Parts
//===----------------------------------------------------------------------===//

/// A condition of PLT_MASK on `delta = key - origin - row` (`key - origin`
/// when `uniform`): kept when `lo <= delta <= hi`, or outside it.
struct Band {
  Band(int64_t lo = -kUnbounded, int64_t hi = kUnbounded, bool outside = false,
       bool uniform = false, std::optional<Affine> origin = std::nullopt)
      : lo(lo), hi(hi), outside(outside), uniform(uniform),
        origin(std::move(origin)) {}

  int64_t lo, hi;
  bool outside, uniform;
  /// What delta counts from: the tile's first position when absent.
  std::optional<Affine> origin;
};

/// A run of keys a tile walks in steps, and what its mask keeps.
struct KeyStream {
  /// Where the run's first key lies (its values `valueRows` rows later).
  Address start;
  /// The key index the mask sees for the run's first key: absolute, less
  /// the bank's share (`Layout::bank`).
  Affine firstKey;
  int64_t keys = 0;
  /// Every band must keep an element (one PLT_MASK each).
  SmallVector<Band, 2> bands;
  /// Kept when `keysLo <= key < keysHi`.
  int64_t keysLo = -kUnbounded, keysHi = kUnbounded;
  /// Bank `i` of a group sees key indices `i * keysPerBank` further on.
  int64_t keysPerBank = 0;
};

/// One part of an attention (docs/compiler.md, Why parts), as lowered.
struct Part {
  mutable sattn::SddmmOp sddmm;
  analysis::AttentionProblem problem;
  pattern::PatternSpec spec;
  bool columnSplit = false;
  bool denseHeads = false;
  Schedule schedule = Schedule::Pilot;
  int64_t tileRows = 1, stepKeys = 1;
  double scale = 1.0;
  /// Heads [firstHead, firstHead + heads) of every batch.
  int64_t firstHead = 0, heads = 1;
  /// Bank groups [0, remainder) hold `slots` instances, the rest one fewer.
  int64_t slots = 1, remainder = 0;
  /// Query positions of the part.
  int64_t rowBegin = 0, rowEnd = 0;
  /// Random key blocks every query block of the row split draws.
  int64_t randomBlocks = 0;
  /// The head dimension's elements a pass moves (all of it but for
  /// chunked tiles of the PILOT and fused schedules).
  int64_t headDimChunk = 0;
  /// A column split whose steps enclose its tiles (pim.loop_nest).
  bool keyStationary = false;

  int64_t headDim() const { return problem.headDim; }
  int64_t vectorBytes() const { return problem.headDim * kElementBytes; }
  int64_t slotsOf(int64_t group) const {
    return group < remainder ? slots : slots - 1;
  }
};

/// What a tile's body needs to know about where its data lies.
struct TileContext {
  Address query;   ///< The tile's first Q row.
  Address output;  ///< The tile's first O row.
  Address scores;  ///< The tile's score blocks (naive, pilot).
  Affine position; ///< The position of the tile's first row, less the bank's.
  int64_t rows = 1;
  SmallVector<KeyStream, 4> streams;
};

/// Where one bank's data of a part lies, and how it differs between the
/// banks of a group.
struct Layout {
  int64_t valueRows = 0;  ///< Values lie this many rows after their keys.
  int64_t scoreBlock = 0; ///< Bytes between score blocks (a power of two).
  int64_t tileScores = 0; ///< Bytes of one tile's score blocks.
  /// Bank `i` of a group computes the rows `i * rowsPerBank` after bank 0's.
  int64_t rowsPerBank = 0;
  /// K-stationary: bytes between the blocks (and the totals) of consecutive
  /// tiles, and between the steps' runs of blocks (whole DRAM rows).
  int64_t tileBlockStride = 0, stepBlockStride = 0;
};

struct KeyStep;

/// The lowering of the parts of one attention into one kernel.
class AttentionLowering {
public:
  AttentionLowering(const hw::HardwareDescription &hw) : hw(hw) {}

  LogicalResult addPart(sattn::SddmmOp sddmm);
  bool empty() const { return parts.empty(); }
  FailureOr<KernelOp> build(OpBuilder &builder, Location loc, StringRef name,
                            StringRef preset, int64_t &classes,
                            int64_t &commands);

private:
  LogicalResult emitPart(Emitter &emit, OpBuilder &builder, const Part &part,
                         int64_t firstGroup, int64_t slots, int64_t &nextRow);
  void emitTile(Emitter &emit, const Part &part, const Layout &layout,
                const TileContext &tile, BufferPlan buffers);
  void emitKeyStationary(Emitter &emit, const Part &part, const Layout &layout,
                         const TileContext &bank, int64_t rows,
                         BufferPlan buffers);
  void emitMask(Emitter &emit, const Part &part, const Layout &layout,
                const TileContext &tile, int64_t scores, const KeyStep &step);
  void placeTensor(OpBuilder &builder, Location loc, StringRef tensor,
                   int64_t firstRow, int64_t elements, int64_t offset,
                   ArrayRef<int64_t> radices, ArrayRef<int64_t> strides,
                   ArrayRef<int64_t> segments, int64_t slots,
                   int64_t firstGroup, int64_t slotRows,
                   std::optional<int64_t> position,
                   std::optional<std::array<int64_t, 2>> randomBlocks);

  const hw::HardwareDescription &hw;
  SmallVector<Part, 2> parts;
  int64_t cfgSlotsStride = 0;
};

LogicalResult AttentionLowering::addPart(sattn::SddmmOp sddmm) {
  auto mapping = sddmm->getAttrOfType<MappingAttr>("pim.mapping");
  auto tiles = sddmm->getAttrOfType<TilesAttr>("pim.tiles");
  if (!mapping)
    return sddmm.emitOpError("has no pim.mapping; run --pim-map first");
  if (mapping.getSplit() == Split::Host)
    return success();
  if (!tiles)
    return sddmm.emitOpError("has no pim.tiles; run --pim-tile first");
  auto loopNest = sddmm->getAttrOfType<LoopNestAttr>("pim.loop_nest");
  if (!loopNest)
    return sddmm.emitOpError("has no pim.loop_nest; run --pim-schedule first");
  bool hasSpmm = llvm::any_of(
      partOps(sddmm), [](Operation *op) { return isa<sattn::SpmmOp>(op); });
  if (!hasSpmm)
    return sddmm.emitOpError(
        "pim-lower-to-isa: needs the sattn.softmax and sattn.spmm of its "
        "scores, to lower the part whole");

  Part part;
  part.sddmm = sddmm;
  part.problem = sddmm.getProblem();
  part.spec = part.problem.pattern;
  part.columnSplit = mapping.getSplit() == Split::Columns;
  part.denseHeads = sddmm.getHeads() == sattn::HeadClass::Dense;
  part.schedule = tiles.getSchedule();
  part.scale = sddmm.getScale().convertToDouble();
  const analysis::AttentionProblem &problem = part.problem;
  const pattern::PatternSpec &spec = part.spec;

  auto unsupported = [&](const Twine &what) {
    return sddmm.emitOpError() << "pim-lower-to-isa: " << what;
  };
  Type element = sddmm.getQuery().getType().getElementType();
  if (!element.isF16())
    return sddmm.emitOpError()
           << "pim-lower-to-isa: the processing units compute in FP16; "
           << "convert the " << element << " attention to f16 first";
  part.headDimChunk = tiles.getHeadDimChunk() > 0
                          ? std::min(tiles.getHeadDimChunk(), problem.headDim)
                          : problem.headDim;
  if (part.headDimChunk < problem.headDim &&
      (part.headDimChunk * kElementBytes) % hw.org.columnBytes != 0)
    return unsupported(Twine("a head-dimension chunk of ") +
                       Twine(part.headDimChunk) +
                       " elements does not start every chunk on a DRAM "
                       "column (" +
                       Twine(hw.org.columnBytes) + " bytes, org.column_bytes)");
  int64_t rowBytes = hw.org.rowBytes;
  if (rowBytes % part.vectorBytes() != 0 ||
      part.vectorBytes() % hw.org.columnBytes != 0)
    return unsupported(Twine("a head dimension of ") + Twine(problem.headDim) +
                       " elements does not fill a DRAM row of " +
                       Twine(rowBytes) + " bytes in whole columns");

  // Heads: all, the dense ones or the others, each a contiguous range so
  // that an instance's slice is affine in its index.
  SmallVector<int64_t> dense(spec.denseHeads.begin(), spec.denseHeads.end());
  llvm::sort(dense);
  bool denseConsecutive = dense.empty() || dense.back() - dense.front() + 1 ==
                                               int64_t(dense.size());
  switch (sddmm.getHeads()) {
  case sattn::HeadClass::All:
    part.firstHead = 0;
    part.heads = problem.heads;
    break;
  case sattn::HeadClass::Dense:
    if (!denseConsecutive)
      return unsupported("dense heads must be consecutive to be lowered");
    part.firstHead = dense.front();
    part.heads = dense.size();
    break;
  case sattn::HeadClass::Sparse:
    if (!denseConsecutive ||
        (dense.front() != 0 && dense.back() != problem.heads - 1))
      return unsupported("dense heads must be the first or the last heads "
                         "to be lowered");
    part.firstHead = dense.front() == 0 ? int64_t(dense.size()) : 0;
    part.heads = problem.heads - dense.size();
    break;
  }
  int64_t group = problem.heads / problem.kvHeads;
  if (group > 1 && (part.firstHead % group != 0 || part.heads % group != 0))
    return unsupported("the part's heads do not cover whole groups of "
                       "grouped-query heads");

  // A hand-written #pim.mapping must describe this part on this hardware:
  // the lowering takes its counts as they are.
  int64_t instances = mapping.getHeadInstances();
  int64_t groups = mapping.getBankGroups();
  if (groups > hw.totalBankGroups())
    return unsupported(Twine("#pim.mapping bank_groups = ") + Twine(groups) +
                       " but the hardware has " +
                       Twine(hw.totalBankGroups()) + " bank groups");
  if (mapping.getBanksPerGroup() != hw.org.banks)
    return unsupported(Twine("#pim.mapping banks_per_group = ") +
                       Twine(mapping.getBanksPerGroup()) +
                       " but the hardware's bank groups have " +
                       Twine(hw.org.banks) + " banks (org.banks)");
  if (instances != problem.batch * part.heads)
    return unsupported(Twine("#pim.mapping head_instances = ") +
                       Twine(instances) + " but the part has " +
                       Twine(problem.batch) + " x " + Twine(part.heads) +
                       " (batch x heads)");
  part.slots = ceilDiv(instances, groups);
  part.remainder = instances - (part.slots - 1) * groups;

  // Rows: global rows must be a prefix, so that both parts are contiguous.
  SmallVector<int64_t> global(spec.globalTokens.begin(),
                              spec.globalTokens.end());
  llvm::sort(global);
  for (auto [i, token] : llvm::enumerate(global))
    if (token != int64_t(i))
      return unsupported("global tokens must be the first tokens of the "
                         "sequence to be lowered");
  std::tie(part.rowBegin, part.rowEnd) = partRows(sddmm);
  if (part.columnSplit && !problem.isPrefill() && problem.queries > 1)
    return unsupported("decoding more than one query row at a time is not "
                       "lowered yet");
  // Random keys in the row split: each query block's draw, gathered by the
  // host (pim.cfg random_blocks), the same number for every block.
  bool random = spec.randomPerRow > 0 || !spec.randomColumns.empty();
  if (random && !part.columnSplit && !part.denseHeads && !spec.dense) {
    if (spec.blockSize == 1)
      return unsupported("random keys are lowered for block patterns "
                         "(block > 1), where a tile's rows share them");
    if (problem.keys % spec.blockSize != 0)
      return unsupported("random keys need whole key blocks: the keys are "
                         "not a multiple of the block size");
    if (spec.causal && !spec.hasWindow)
      return unsupported("causal random keys without a window are not "
                         "lowered yet");
    pattern::SparsityPattern sparsity(spec, problem.shape());
    int64_t draws = -1;
    for (int64_t q = part.rowBegin / spec.blockSize;
         q < ceilDiv(part.rowEnd, spec.blockSize); ++q) {
      int64_t count = sparsity.randomBlocks(q).size();
      if (draws >= 0 && count != draws)
        return unsupported(Twine("query blocks draw different numbers of "
                                 "random blocks (") +
                           Twine(draws) + " and " + Twine(count) +
                           "): too few candidates for some");
      draws = count;
    }
    part.randomBlocks = std::max<int64_t>(draws, 0);
  }

  // Tiles and the order of their loops: pim-schedule's.
  part.tileRows = loopNest.getRows();
  part.stepKeys = loopNest.getKeys();
  part.keyStationary = loopNest.getOrder() == Order::KeyStationary;
  parts.push_back(part);
  return success();
}

/// The mixed radices and strides that take a slice index `x = instance *
/// banks + position` to the start of the instance's head in a [B, H, rows,
/// D] tensor (Q and O) or its key-value head in [B, Hkv, rows, D] (K, V).
void instanceRadices(const Part &part, int64_t banks, bool keyValue,
                     SmallVector<int64_t> &radices,
                     SmallVector<int64_t> &strides, int64_t &offset) {
  const analysis::AttentionProblem &problem = part.problem;
  int64_t d = problem.headDim;
  int64_t group = keyValue ? problem.heads / problem.kvHeads : 1;
  int64_t head = (keyValue ? problem.keys : problem.queries) * d;
  int64_t headsPerBatch = keyValue ? problem.kvHeads : problem.heads;
  radices = {banks};
  strides = {0};
  if (group > 1) {
    radices.push_back(group);
    strides.push_back(0);
  }
  radices.append({part.heads / group, 1});
  strides.append({head, headsPerBatch * head});
  offset = part.firstHead / group * head;
}

void AttentionLowering::placeTensor(
    OpBuilder &builder, Location loc, StringRef tensor, int64_t firstRow,
    int64_t elements, int64_t offset, ArrayRef<int64_t> radices,
    ArrayRef<int64_t> strides, ArrayRef<int64_t> segments, int64_t slots,
    int64_t firstGroup, int64_t slotRows, std::optional<int64_t> position,
    std::optional<std::array<int64_t, 2>> randomBlocks) {
  int64_t banks = hw.org.banks;
  int64_t rows =
      std::max<int64_t>(1, ceilDiv(elements * kElementBytes, hw.org.rowBytes));
  auto cfg = CfgOp::create(
      builder, loc, builder.getStringAttr(tensor),
      builder.getI64IntegerAttr(firstRow), builder.getI64IntegerAttr(rows),
      builder.getI64IntegerAttr(elements), builder.getI64IntegerAttr(offset),
      builder.getDenseI64ArrayAttr(radices),
      builder.getDenseI64ArrayAttr(strides),
      segments.empty() ? nullptr : builder.getDenseI64ArrayAttr(segments),
      nullptr, nullptr, nullptr, nullptr,
      position ? builder.getDenseI64ArrayAttr({banks, *position}) : nullptr,
      randomBlocks ? builder.getDenseI64ArrayAttr(*randomBlocks) : nullptr);
  if (slots > 1 || firstGroup > 0) {
    cfg->setAttr("slots", builder.getI64IntegerAttr(slots));
    cfg->setAttr("index_base", builder.getI64IntegerAttr(firstGroup * banks));
    cfg->setAttr("index_stride", builder.getI64IntegerAttr(cfgSlotsStride));
    cfg->setAttr("row_stride", builder.getI64IntegerAttr(slotRows));
  }
}

//===----------------------------------------------------------------------===//
// Tiles: the schedules' loop bodies
//===----------------------------------------------------------------------===//

/// One step of a tile: `keys` keys (the stream's step size, or fewer in its
/// last step) from `start`, the mask's key index of the first, its score
/// block, and whether it is the tile's first step (which starts the sums).
struct KeyStep {
  const KeyStream &stream;
  Address start;
  Affine firstKey;
  int64_t keys;
  Address block;
  bool first;
};

/// Calls `body` for every step of every stream of a tile, in order. A
/// stream's full steps walk in a loop; its last, shorter step follows, so
/// that a tile reads each of its keys once.
void forEachStep(Emitter &emit, const Part &part, const Layout &layout,
                 const TileContext &tile,
                 function_ref<void(const KeyStep &)> body) {
  int64_t kb = part.stepKeys;
  int64_t keyStride = kb * part.vectorBytes();
  int64_t blockBase = 0;
  bool first = true;
  for (const KeyStream &stream : tile.streams) {
    int64_t full = stream.keys / kb, rest = stream.keys % kb;
    SmallVector<int64_t, 2> strides = {keyStride};
    if (layout.scoreBlock > 0)
      strides.push_back(layout.scoreBlock);
    auto step = [&](const Step &at, int64_t keys) {
      Address block =
          at.in(tile.scores.plusBytes(blockBase * layout.scoreBlock),
                layout.scoreBlock, emit.rowBytes());
      body({stream, at.in(stream.start, keyStride, emit.rowBytes()),
            stream.firstKey.plus(at.index().scaled(kb)), keys, block, first});
      first = false;
    };
    // The tile's first step starts its sums: it is emitted on its own.
    int64_t begin = 0;
    if (first && full > 0) {
      step(Step{nullptr, 0, 0}, kb);
      begin = 1;
    }
    emit.walk(begin, full - begin, strides,
              [&](const Step &at) { step(at, kb); });
    if (rest > 0)
      step(Step{nullptr, 0, full}, rest);
    blockBase += full + (rest > 0);
  }
}

/// Scales and masks a tile's `a x n` block of scores at `scores`: one
/// PLT_MASK per band of the step's stream, the first also checking the key
/// range.
void AttentionLowering::emitMask(Emitter &emit, const Part &part,
                                 const Layout &layout, const TileContext &tile,
                                 int64_t scores, const KeyStep &step) {
  int64_t a = tile.rows, vb = part.vectorBytes();
  const KeyStream &stream = step.stream;
  std::array<int64_t, 3> shift = {hw.org.banks,
                                  stream.keysPerBank - layout.rowsPerBank,
                                  stream.keysPerBank};
  // No key index or distance reaches past the problem's keys and rows
  // with every bank's padding: unbounded conditions print as that reach.
  int64_t reach = 2 * (part.problem.keys + part.problem.queries +
                       hw.org.banks * hw.org.rowBytes / vb);
  auto clamp = [&](int64_t bound) {
    return std::clamp<int64_t>(bound, -reach, reach);
  };
  SmallVector<Band, 2> bands = stream.bands;
  if (bands.empty())
    bands.push_back(Band());
  for (auto [k, band] : llvm::enumerate(bands)) {
    // The first mask scales and checks the key range.
    bool first = k == 0;
    Affine origin = band.origin ? *band.origin : tile.position;
    emit.mask(scores, a, step.keys, step.firstKey.minus(origin), clamp(band.lo),
              clamp(band.hi), band.outside, band.uniform, step.firstKey,
              first ? clamp(stream.keysLo) : -reach,
              first ? clamp(stream.keysHi) : reach, first ? part.scale : 1.0,
              shift);
  }
}

void AttentionLowering::emitTile(Emitter &emit, const Part &part,
                                 const Layout &layout, const TileContext &tile,
                                 BufferPlan buffers) {
  int64_t A = part.tileRows, a = tile.rows, kb = part.stepKeys;
  int64_t d = part.headDim(), vb = part.vectorBytes();
  auto maskScores = [&](int64_t scores, const KeyStep &step) {
    emitMask(emit, part, layout, tile, scores, step);
  };
  auto valuesOf = [&](const Address &keys) {
    return Address{keys.rows.plus(layout.valueRows), keys.bytes};
  };

  // The head dimension in passes of `dc` elements (the whole of it unless
  // the tiles chunk it): each pass moves a chunk of every vector, one
  // transfer per vector.
  int64_t dc = part.headDimChunk;
  int64_t passes = ceilDiv(d, dc);
  auto chunkOf = [&](int64_t pass) { return std::min(dc, d - pass * dc); };
  // `count` vectors' chunk `pass` from `from` (vectors `vb` apart) into
  // the buffer at `buf`, or out of it.
  auto chunks = [&](std::optional<Direction> direction, const Address &from,
                    int64_t count, int64_t pass, int64_t buf) {
    int64_t c = chunkOf(pass);
    if (c == d) {
      emit.transfer(direction, from, buf, count * vb);
      return;
    }
    for (int64_t v = 0; v < count; ++v)
      emit.transfer(direction,
                    from.plusBytes(v * vb + pass * dc * kElementBytes),
                    buf + v * c * kElementBytes, c * kElementBytes);
  };

  if (part.schedule == Schedule::Fused) {
    // Q and O stay whole, chunk-major (chunk p of the tile's rows at
    // `p * A * dc` elements), and every step's keys and values come a chunk
    // at a time: the scores add up the chunks' products.
    int64_t query = buffers.allocate(A * d), out = buffers.allocate(A * d);
    int64_t keyValue = buffers.allocate(kb * dc);
    int64_t scores = buffers.allocate(A * kb);
    int64_t maxOld = buffers.allocate(A), maxNew = buffers.allocate(A);
    int64_t factor = buffers.allocate(A), sums = buffers.allocate(A);
    auto chunkAt = [&](int64_t buf, int64_t pass) {
      return buf + pass * A * dc * kElementBytes;
    };
    // Every chunk of each row of `buf` divided (SFM) by `vec`.
    auto scaleRows = [&](int64_t buf, int64_t vec) {
      for (int64_t pass = 0; pass < passes; ++pass)
        emit.sfm(chunkAt(buf, pass), vec, a, chunkOf(pass));
    };
    for (int64_t pass = 0; pass < passes; ++pass)
      chunks(Direction::DramToBuffer, tile.query, a, pass,
             chunkAt(query, pass));
    forEachStep(emit, part, layout, tile, [&](const KeyStep &step) {
      int64_t n = step.keys;
      for (int64_t pass = 0; pass < passes; ++pass) {
        chunks(Direction::DramToBuffer, step.start, n, pass, keyValue);
        emit.mac(chunkAt(query, pass), keyValue, scores, a, n, chunkOf(pass),
                 /*transposeRhs=*/true, /*accumulate=*/pass > 0);
      }
      maskScores(scores, step);
      if (step.first) {
        emit.acc(scores, maxOld, a, n, false, false, true);
      } else {
        // Online softmax: the new running maximum rescales what the
        // earlier steps summed by exp(old - new).
        emit.acc(scores, maxNew, a, n, false, false, true);
        emit.acc(maxOld, maxNew, a, 1, true, false, true);
        emit.sub(maxNew, maxOld, factor, a, 1);
        emit.exp(factor, a);
        scaleRows(out, factor);
        emit.sfm(sums, factor, a, 1);
        emit.acc(maxNew, maxOld, a, 1, false);
      }
      emit.sub(scores, maxOld, scores, a, n);
      emit.exp(scores, a * n);
      emit.acc(scores, sums, a, n, !step.first);
      for (int64_t pass = 0; pass < passes; ++pass) {
        chunks(Direction::DramToBuffer, valuesOf(step.start), n, pass,
               keyValue);
        emit.mac(scores, keyValue, chunkAt(out, pass), a, chunkOf(pass), n,
                 false, !step.first);
      }
    });
    int64_t result = out, total = sums;
    if (part.columnSplit) {
      // Every bank of the group holds a piece of each row: rescale to the
      // group's maximum, then add the sums and the outputs (into slots the
      // steps no longer need).
      int64_t maxAll = maxNew;
      result = query;
      total = maxOld;
      emit.acc(maxOld, maxAll, a, 1, false, true, true);
      emit.sub(maxAll, maxOld, factor, a, 1);
      emit.exp(factor, a);
      scaleRows(out, factor);
      emit.sfm(sums, factor, a, 1);
      emit.acc(sums, total, a, 1, false, true);
      for (int64_t pass = 0; pass < passes; ++pass)
        emit.acc(chunkAt(out, pass), chunkAt(result, pass), a * chunkOf(pass),
                 1, false, true);
    }
    scaleRows(result, total);
    for (int64_t pass = 0; pass < passes; ++pass)
      chunks(std::nullopt, tile.output, a, pass, chunkAt(result, pass));
    return;
  }

  // naive and pilot: SDDMM writes masked scores; softmax exponentiates them
  // in one pass and sums the rows; SpMM multiplies them with the values and
  // divides the output rows by the sums (the same quotient as normalising
  // the probabilities, for a row's d outputs instead of its entries).
  int64_t sums = buffers.allocate(A);
  int64_t totals = part.columnSplit ? buffers.allocate(A) : sums;
  auto blockBytes = [&](const KeyStep &step) {
    return a * step.keys * kElementBytes;
  };
  BufferPlan sddmmBuffers = buffers;
  int64_t query = sddmmBuffers.allocate(A * dc);
  int64_t keyBuf = sddmmBuffers.allocate(kb * dc);
  int64_t scores = sddmmBuffers.allocate(A * kb);
  for (int64_t pass = 0; pass < passes; ++pass) {
    bool last = pass + 1 == passes;
    chunks(Direction::DramToBuffer, tile.query, a, pass, query);
    forEachStep(emit, part, layout, tile, [&](const KeyStep &step) {
      chunks(Direction::DramToBuffer, step.start, step.keys, pass, keyBuf);
      if (pass > 0)
        emit.load(step.block, scores, blockBytes(step));
      emit.mac(query, keyBuf, scores, a, step.keys, chunkOf(pass), true,
               pass > 0);
      if (last)
        maskScores(scores, step);
      emit.store(step.block, scores, blockBytes(step));
    });
  }

  BufferPlan softmaxBuffers = buffers;
  int64_t probs = softmaxBuffers.allocate(A * kb);
  forEachStep(emit, part, layout, tile, [&](const KeyStep &step) {
    emit.load(step.block, probs, blockBytes(step));
    emit.exp(probs, a * step.keys);
    emit.acc(probs, sums, a, step.keys, !step.first);
    emit.store(step.block, probs, blockBytes(step));
  });
  if (part.columnSplit)
    emit.acc(sums, totals, a, 1, false, true);

  BufferPlan spmmBuffers = buffers;
  int64_t values = spmmBuffers.allocate(kb * dc);
  int64_t block = spmmBuffers.allocate(A * kb);
  int64_t out = spmmBuffers.allocate(A * dc);
  for (int64_t pass = 0; pass < passes; ++pass) {
    int64_t c = chunkOf(pass);
    forEachStep(emit, part, layout, tile, [&](const KeyStep &step) {
      chunks(Direction::DramToBuffer, valuesOf(step.start), step.keys, pass,
             values);
      emit.load(step.block, block, blockBytes(step));
      emit.mac(block, values, out, a, c, step.keys, false, !step.first);
    });
    int64_t result = out;
    if (part.columnSplit) {
      // The group's output, where the values were when they are large
      // enough.
      result = kb >= A ? values : spmmBuffers.allocate(A * d);
      emit.acc(out, result, a * c, 1, false, true);
    }
    emit.sfm(result, totals, a, c);
    chunks(std::nullopt, tile.output, a, pass, result);
  }
}

/// The PILOT schedule's column split with more rows than a tile (PAPER.md,
/// global rows): K-stationary. The SDDMM reads each step's keys once and
/// multiplies them with every tile's rows; the softmax walks a tile's blocks
/// and stores its rows' totals; the SpMM reads each step's values once and
/// adds every tile's product to its partial outputs, kept in the output rows
/// between steps. The last step reduces them across the group (in place)
/// and divides them by the totals. `bank` holds the first tile's addresses
/// and the bank's stream of keys.
void AttentionLowering::emitKeyStationary(Emitter &emit, const Part &part,
                                          const Layout &layout,
                                          const TileContext &bank, int64_t rows,
                                          BufferPlan buffers) {
  int64_t A = part.tileRows, kb = part.stepKeys;
  int64_t d = part.headDim(), vb = part.vectorBytes();
  const KeyStream &stream = bank.streams.front();
  int64_t full = stream.keys / kb, rest = stream.keys % kb;
  int64_t steps = full + (rest > 0);
  int64_t keyStride = kb * vb, tileStride = A * vb;
  Address totalsBase = bank.scores.plusBytes(steps * layout.stepBlockStride);
  auto valuesOf = [&](const Address &keys) {
    return Address{keys.rows.plus(layout.valueRows), keys.bytes};
  };

  // Steps in order: full ones in a walk, the shorter last one alone; with
  // `peel`, the first and the last alone (they start and finish sums).
  using StepBody = function_ref<void(const Step &, int64_t, bool, bool)>;
  auto overSteps = [&](ArrayRef<int64_t> strides, bool peel, StepBody body) {
    auto alone = [&](int64_t i) {
      body(Step{nullptr, 0, i}, i < full ? kb : rest, i == 0, i + 1 == steps);
    };
    int64_t begin = peel ? 1 : 0, end = peel ? steps - 1 : full;
    if (peel && steps > 0)
      alone(0);
    emit.walk(begin, end - begin, strides,
              [&](const Step &at) { body(at, kb, false, false); });
    for (int64_t i = std::max(begin, end); i < steps; ++i)
      alone(i);
  };
  auto overTiles = [&](function_ref<void(const Step &, int64_t)> body) {
    emit.walk(0, rows / A, {tileStride, layout.tileBlockStride},
              [&](const Step &at) { body(at, A); });
    if (rows % A != 0)
      body(Step{nullptr, 0, rows / A}, rows % A);
  };
  auto tileAt = [&](const Step &at, int64_t tileRows) {
    TileContext tile;
    tile.rows = tileRows;
    tile.query = at.in(bank.query, tileStride, emit.rowBytes());
    tile.output = at.in(bank.output, tileStride, emit.rowBytes());
    tile.position = bank.position.plus(at.index().scaled(A));
    return tile;
  };
  auto keyStep = [&](const Step &step, const Step &tile, int64_t keys,
                     bool first) {
    Address block =
        tile.in(step.in(bank.scores, layout.stepBlockStride, emit.rowBytes()),
                layout.tileBlockStride, emit.rowBytes());
    return KeyStep{stream,
                   step.in(stream.start, keyStride, emit.rowBytes()),
                   stream.firstKey.plus(step.index().scaled(kb)),
                   keys,
                   block,
                   first};
  };

  BufferPlan sddmmBuffers = buffers;
  int64_t keyBuf = sddmmBuffers.allocate(kb * d);
  int64_t query = sddmmBuffers.allocate(A * d);
  int64_t scores = sddmmBuffers.allocate(A * kb);
  overSteps({keyStride, layout.stepBlockStride}, /*peel=*/false,
            [&](const Step &at, int64_t n, bool, bool) {
              emit.load(at.in(stream.start, keyStride, emit.rowBytes()), keyBuf,
                        n * vb);
              overTiles([&](const Step &t, int64_t a) {
                TileContext tile = tileAt(t, a);
                KeyStep step = keyStep(at, t, n, false);
                emit.load(tile.query, query, a * vb);
                emit.mac(query, keyBuf, scores, a, n, d, true, false);
                emitMask(emit, part, layout, tile, scores, step);
                emit.store(step.block, scores, a * n * kElementBytes);
              });
            });

  BufferPlan softmaxBuffers = buffers;
  int64_t probs = softmaxBuffers.allocate(A * kb);
  int64_t sums = softmaxBuffers.allocate(A);
  int64_t totals = softmaxBuffers.allocate(A);
  overTiles([&](const Step &t, int64_t a) {
    overSteps({layout.stepBlockStride}, /*peel=*/true,
              [&](const Step &at, int64_t n, bool first, bool) {
                Address block = keyStep(at, t, n, first).block;
                emit.load(block, probs, a * n * kElementBytes);
                emit.exp(probs, a * n);
                emit.acc(probs, sums, a, n, !first);
                emit.store(block, probs, a * n * kElementBytes);
              });
    emit.acc(sums, totals, a, 1, false, true);
    emit.store(t.in(totalsBase, layout.tileBlockStride, emit.rowBytes()),
               totals, a * kElementBytes);
  });

  // The totals come back into the block's slot once its product is added.
  BufferPlan spmmBuffers = buffers;
  int64_t values = spmmBuffers.allocate(kb * d);
  int64_t block = spmmBuffers.allocate(A * kb);
  int64_t out = spmmBuffers.allocate(A * d);
  overSteps(
      {keyStride, layout.stepBlockStride}, /*peel=*/true,
      [&](const Step &at, int64_t n, bool first, bool last) {
        emit.load(valuesOf(at.in(stream.start, keyStride, emit.rowBytes())),
                  values, n * vb);
        overTiles([&](const Step &t, int64_t a) {
          TileContext tile = tileAt(t, a);
          emit.load(keyStep(at, t, n, first).block, block,
                    a * n * kElementBytes);
          if (!first)
            emit.load(tile.output, out, a * vb);
          emit.mac(block, values, out, a, d, n, false, !first);
          if (!last) {
            emit.store(tile.output, out, a * vb);
            return;
          }
          emit.acc(out, out, a * d, 1, false, true);
          emit.load(t.in(totalsBase, layout.tileBlockStride, emit.rowBytes()),
                    block, a * kElementBytes);
          emit.sfm(out, block, a, d);
          emit.output(tile.output, out, a * vb);
        });
      });
}

//===----------------------------------------------------------------------===//
// Parts: layouts, placements and the loops over slots and tiles
//===----------------------------------------------------------------------===//

namespace {
/// A pim.cfg to emit: `rows` is relative to the slot's first row.
struct Placement {
  Placement(StringRef tensor, int64_t row, int64_t elements, int64_t offset,
            bool keyValue, SmallVector<int64_t> segments = {},
            std::optional<int64_t> position = std::nullopt)
      : tensor(tensor), row(row), elements(elements), offset(offset),
        keyValue(keyValue), segments(std::move(segments)), position(position) {}

  StringRef tensor;
  int64_t row, elements, offset;
  bool keyValue;
  SmallVector<int64_t> segments;
  std::optional<int64_t> position;
  /// The random key blocks of query blocks [first, first + count).
  std::optional<std::array<int64_t, 2>> randomBlocks;
};

int64_t floorMod(int64_t a, int64_t b) { return ((a % b) + b) % b; }
} // namespace

LogicalResult AttentionLowering::emitPart(Emitter &emit, OpBuilder &builder,
                                          const Part &part, int64_t firstGroup,
                                          int64_t slots, int64_t &nextRow) {
  const analysis::AttentionProblem &problem = part.problem;
  const pattern::PatternSpec &spec = part.spec;
  Location loc = part.sddmm.getLoc();
  int64_t banks = hw.org.banks, rowBytes = hw.org.rowBytes;
  int64_t vb = part.vectorBytes(), d = problem.headDim;
  int64_t keysPerRow = rowBytes / vb, kb = part.stepKeys, A = part.tileRows;
  int64_t S = problem.keys;
  auto rowsFor = [&](int64_t keys) {
    return std::max<int64_t>(1, ceilDiv(keys, keysPerRow));
  };

  Layout layout;
  // A score block per step: a power of two of whole columns when it fits a
  // DRAM row (so that blocks never straddle one and the walk's unrolling
  // stays short), whole rows otherwise.
  if (part.schedule != Schedule::Fused) {
    int64_t blockBytes = roundUp(A * kb * kElementBytes, hw.org.columnBytes);
    layout.scoreBlock = blockBytes <= rowBytes
                            ? int64_t(llvm::PowerOf2Ceil(blockBytes))
                            : roundUp(blockBytes, rowBytes);
  }

  // Regions of one slot, in rows from the slot's first row.
  int64_t slotRows = 0;
  auto region = [&](int64_t rows) {
    int64_t first = slotRows;
    slotRows += rows;
    return first;
  };
  SmallVector<Placement> placements;
  int64_t rows = part.rowEnd - part.rowBegin;
  int64_t firstPosition = part.rowBegin;
  int64_t bankRows = 0, maxSteps = 0;
  // Rows walked as one group of tiles, and the other streams that advance
  // by the group (besides Q and O).
  int64_t groupRows = A;
  SmallVector<int64_t, 2> groupStrides;
  // Key streams of the tile `tileOffset` rows into the group at `at`, whose
  // first row is at `groupStart`; `slot` shifts the slot's regions.
  std::function<SmallVector<KeyStream, 4>(const Step &, const Affine &,
                                          const Affine &, int64_t, int64_t)>
      streamsOf;
  int64_t queryRow = 0, outputRow = 0;
  int64_t keyBegin = 0;

  if (!part.columnSplit) {
    // Row split: bank i of the group takes rows [i c, (i + 1) c) of the
    // part, c a whole number of DRAM rows of vectors (and of blocks) so that
    // every bank's data sits at the same offsets within its rows.
    bool dense = spec.dense || part.denseHeads;
    int64_t block = dense ? 1 : spec.blockSize;
    int64_t c = roundUp(ceilDiv(rows, banks), block);
    layout.rowsPerBank = c;
    bankRows = c;
    // A group of rows walks as one: a block (its tiles share their keys) or
    // a tile.
    groupRows = block > 1 ? block : A;
    queryRow = region(rowsFor(c));
    outputRow = region(rowsFor(c));
    for (int64_t i = 0; i < banks; ++i) {
      int64_t first = part.rowBegin + i * c;
      int64_t count = std::clamp<int64_t>(part.rowEnd - first, 0, c);
      if (count == 0)
        continue;
      placements.push_back({"Q", queryRow, count * d, first * d, false, {}, i});
      placements.push_back(
          {"O", outputRow, count * d, first * d, false, {}, i});
    }

    // The window, in keys: a tile's band runs from its first row's `left`
    // keys back to its last row's `right` keys on; a block's from `left`
    // before the block to `right` after its end.
    bool band = !dense && spec.hasWindow;
    int64_t left = spec.windowLeft * block;
    int64_t right = spec.causal ? 0 : spec.windowRight * block;
    keyBegin = slotRows;
    // The band region: bank i's keys from (its first row - left), less
    // `align` keys so that bank 0's key 0 starts a DRAM row, with zeros
    // where that reaches past the sequence.
    int64_t align = band ? floorMod(part.rowBegin - left, keysPerRow) : 0;
    int64_t bandKeys = band ? c + left + right + align : 0;
    int64_t bandRow = band ? region(rowsFor(bandKeys)) : 0;
    if (band)
      for (int64_t i = 0; i < banks && part.rowBegin + i * c < part.rowEnd;
           ++i) {
        int64_t keyLo = part.rowBegin + i * c - left - align;
        int64_t lo = std::max<int64_t>(0, keyLo);
        int64_t hi = std::min(S, keyLo + bandKeys);
        if (hi <= lo)
          continue;
        // Where the band starts before the sequence, key 0 lies `skip`
        // vectors into the region: the slice starts a DRAM row, so the
        // keys before it in that row are filler (copies of the band's
        // keys, repeated where the row holds more than the band has), which
        // the mask drops as keys below 0.
        int64_t skip = lo - keyLo, filler = skip % keysPerRow;
        Placement placement("K", bandRow + skip / keysPerRow,
                            (filler + hi - lo) * d, lo * d, true, {}, i);
        if (filler > 0) {
          for (int64_t copied = 0; copied < filler; copied += hi - lo)
            placement.segments.append(
                {0, std::min(hi - lo, filler - copied) * d});
          placement.segments.append({0, (hi - lo) * d});
        }
        placements.push_back(placement);
      }
    // Global columns and sinks: every row attends them.
    std::vector<pattern::Interval> fixed;
    if (!dense) {
      if (spec.sinks > 0)
        fixed.push_back({0, std::min(S, spec.sinks * block)});
      for (int64_t token : spec.globalTokens)
        fixed.push_back({token * block, std::min(S, (token + 1) * block)});
      pattern::mergeIntervals(fixed);
    }
    int64_t fixedKeys = fixed.empty() ? 0 : fixed.back().end;
    int64_t fixedRow = fixedKeys ? region(rowsFor(fixedKeys)) : 0;
    if (fixedKeys)
      placements.push_back({"K", fixedRow, fixedKeys * d, 0, true, {}, {}});
    int64_t denseRow = dense ? region(rowsFor(S)) : 0;
    if (dense)
      placements.push_back({"K", denseRow, S * d, 0, true, {}, {}});
    // Random blocks: each query block's draw, gathered by the host into a
    // run of its own.
    int64_t randomKeys = part.randomBlocks * block;
    int64_t randomRow =
        randomKeys ? region(rowsFor(c / block * randomKeys)) : 0;
    if (randomKeys)
      for (int64_t i = 0; i < banks && part.rowBegin + i * c < part.rowEnd;
           ++i) {
        int64_t firstBlock = (part.rowBegin + i * c) / block;
        int64_t blocks =
            std::min(c, part.rowEnd - (part.rowBegin + i * c)) / block;
        if (blocks > 0) {
          Placement random{"K", randomRow, blocks * randomKeys * d, 0, true};
          random.position = i;
          random.randomBlocks = {firstBlock, blocks};
          placements.push_back(random);
        }
      }
    if (randomKeys)
      groupStrides.push_back(randomKeys * vb);

    if (dense)
      maxSteps += ceilDiv(S, kb);
    if (band)
      maxSteps += ceilDiv((block > 1 ? block : A) + left + right, kb);
    for (const pattern::Interval &run : fixed)
      maxSteps += ceilDiv(run.size(), kb);
    maxSteps += ceilDiv(randomKeys, kb);

    streamsOf = [=, &part](const Step &at, const Affine &slot,
                           const Affine &groupStart, int64_t tileOffset,
                           int64_t tileRows) {
      SmallVector<KeyStream, 4> streams;
      bool causal = part.spec.causal;
      Affine position = groupStart.plus(tileOffset);
      Band causalBand{-kUnbounded, 0};
      if (dense) {
        KeyStream stream;
        stream.start = {slot.plus(denseRow), 0};
        stream.keys = S;
        stream.keysLo = 0;
        stream.keysHi = S;
        if (causal)
          stream.bands.push_back(causalBand);
        streams.push_back(stream);
      }
      if (band) {
        // A block's tiles read the block's band; a tile its own.
        int64_t from = block > 1 ? 0 : tileOffset;
        KeyStream stream;
        stream.start = at.in({slot.plus(bandRow), 0}, groupRows * vb, rowBytes)
                           .plusBytes((from + align) * vb);
        stream.firstKey = groupStart.plus(from - left);
        stream.keys = (block > 1 ? block : tileRows) + left + right;
        if (block == 1) {
          stream.bands.push_back({-left, right});
        } else {
          // Steps are whole: the last may reach past the block's band.
          stream.bands.push_back(
              {-left, block - 1 + right, false, true, groupStart});
          if (causal)
            stream.bands.push_back(causalBand);
        }
        stream.keysLo = 0;
        stream.keysHi = S;
        stream.keysPerBank = c;
        streams.push_back(stream);
      }
      for (const pattern::Interval &run : fixed) {
        KeyStream stream;
        stream.start = {slot.plus(fixedRow), run.begin * vb};
        stream.firstKey = Affine{run.begin, {}};
        stream.keys = run.size();
        stream.keysLo = run.begin;
        stream.keysHi = run.end;
        // Keys the band already covers are the band's: per row for a
        // token window, per block (every row alike) for a block window.
        if (band && block > 1) {
          stream.bands.push_back(
              {-left, block - 1 + right, true, true, groupStart});
          if (causal)
            stream.bands.push_back(causalBand);
        } else if (band && causal) {
          stream.bands.push_back({-kUnbounded, -left - 1});
        } else if (band) {
          stream.bands.push_back({-left, right, /*outside=*/true});
        } else if (causal) {
          stream.bands.push_back(causalBand);
        }
        streams.push_back(stream);
      }
      if (randomKeys) {
        // Local key indices: the draw excludes every other component and,
        // causally, the query's own block.
        KeyStream stream;
        stream.start =
            at.in({slot.plus(randomRow), 0}, randomKeys * vb, rowBytes);
        stream.keys = randomKeys;
        stream.keysLo = 0;
        stream.keysHi = randomKeys;
        streams.push_back(stream);
      }
      return streams;
    };
  } else {
    // Column split: every bank holds the rows; bank i takes keys
    // [i c, (i + 1) c) of the keys they attend, and the bank-group module
    // adds the banks' partial sums and outputs.
    bankRows = rows;
    queryRow = region(rowsFor(rows));
    outputRow = region(rowsFor(rows));
    placements.push_back(
        {"Q", queryRow, rows * d, part.rowBegin * d, false, {}, {}});
    placements.push_back(
        {"O", outputRow, rows * d, part.rowBegin * d, false, {}, 0});
    // The keys the rows attend: a decoding row's own; the global rows'
    // union, every key up to the last global row when causal (a global row
    // attends every key, so the union is one interval and an entry's index
    // is its key, which the causal mask compares with each row).
    pattern::SparsityPattern pattern(spec, problem.shape());
    std::vector<pattern::Interval> attended;
    for (int64_t row = part.rowBegin; row < part.rowEnd; ++row) {
      std::vector<pattern::Interval> columns = pattern.rowColumns(
          row, part.denseHeads ? part.firstHead
                               : pattern::SparsityPattern::sparseHead);
      attended.insert(attended.end(), columns.begin(), columns.end());
    }
    pattern::mergeIntervals(attended);
    assert((!problem.isPrefill() || attended.size() == 1) &&
           "global rows attend one interval of keys");
    // The last bank's piece may be shorter: the key range masks what lies
    // past the last entry.
    int64_t entries = pattern::totalSize(attended);
    int64_t c = ceilDiv(entries, banks);
    keyBegin = slotRows;
    int64_t keyRow = region(rowsFor(c));
    for (int64_t i = 0; i < banks; ++i) {
      // Bank i's entries [i c, (i + 1) c) of the attended intervals.
      SmallVector<int64_t> segments;
      int64_t skip = i * c, take = std::min(c, entries - i * c);
      for (const pattern::Interval &run : attended) {
        if (take <= 0)
          break;
        if (skip >= run.size()) {
          skip -= run.size();
          continue;
        }
        int64_t count = std::min(run.size() - skip, take);
        segments.append({(run.begin + skip) * d, count * d});
        take -= count;
        skip = 0;
      }
      if (segments.empty())
        continue;
      int64_t elements = 0;
      for (size_t k = 1; k < segments.size(); k += 2)
        elements += segments[k];
      int64_t offset = 0;
      if (segments.size() == 2) {
        offset = segments[0];
        segments.clear();
      }
      placements.push_back({"K", keyRow, elements, offset, true, segments, i});
    }
    maxSteps = ceilDiv(c, kb);
    bool causal = problem.isPrefill() && spec.causal;
    streamsOf = [=](const Step &, const Affine &slot, const Affine &, int64_t,
                    int64_t) {
      KeyStream stream;
      stream.start = {slot.plus(keyRow), 0};
      stream.keys = c;
      stream.keysLo = 0;
      stream.keysHi = entries;
      stream.keysPerBank = c;
      if (causal)
        stream.bands.push_back({-kUnbounded, 0});
      return SmallVector<KeyStream, 4>{stream};
    };
  }

  // Values mirror the keys' regions, right after them.
  layout.valueRows = slotRows - keyBegin;
  region(layout.valueRows);
  for (size_t i = 0, e = placements.size(); i < e; ++i)
    if (placements[i].keyValue) {
      Placement value = placements[i];
      value.tensor = "V";
      value.row += layout.valueRows;
      placements.push_back(value);
    }

  // Scores (naive, pilot): a tile's SDDMM, softmax and SpMM run before the
  // next tile's, so one tile's blocks are all the scores a bank holds. A
  // K-stationary part holds every tile's blocks, a step's run of them
  // starting a DRAM row, then the tiles' totals; a tile's blocks lie as far
  // apart as its Q rows (rounded to a power of two), so that walks over
  // tiles unroll no further for them.
  int64_t slotBase = nextRow;
  int64_t scoresRow = slotBase + slots * slotRows;
  if (part.keyStationary) {
    layout.tileBlockStride =
        std::max<int64_t>(layout.scoreBlock, llvm::PowerOf2Ceil(A * vb));
    int64_t tiles = ceilDiv(bankRows, A);
    layout.stepBlockStride = roundUp(tiles * layout.tileBlockStride, rowBytes);
    layout.tileScores = (maxSteps + 1) * layout.stepBlockStride;
  } else if (layout.scoreBlock > 0) {
    layout.tileScores = roundUp(maxSteps * layout.scoreBlock, rowBytes);
  }
  nextRow = scoresRow + layout.tileScores / rowBytes;
  if (nextRow > hw.org.rows)
    return part.sddmm.emitOpError()
           << "pim-lower-to-isa: the part needs " << nextRow
           << " rows of each bank (Q, K, V and O of " << slots
           << " head instances and the scores of one), the bank has "
           << hw.org.rows << " (org.rows)";

  SmallVector<int64_t> qRadices, qStrides, kvRadices, kvStrides;
  int64_t qOffset = 0, kvOffset = 0;
  instanceRadices(part, banks, false, qRadices, qStrides, qOffset);
  instanceRadices(part, banks, true, kvRadices, kvStrides, kvOffset);
  for (const Placement &placement : placements) {
    bool kv = placement.keyValue;
    placeTensor(builder, loc, placement.tensor, slotBase + placement.row,
                placement.elements,
                (kv ? kvOffset : qOffset) + placement.offset,
                kv ? kvRadices : qRadices, kv ? kvStrides : qStrides,
                placement.segments, slots, firstGroup, slotRows,
                placement.position, placement.randomBlocks);
  }

  int64_t peak = 0;
  auto emitSlot = [&](Value slotIv) {
    Affine slot = Affine{slotBase, {}}.plus(slotIv, slotRows);
    if (part.keyStationary) {
      TileContext bank;
      bank.query = {slot.plus(queryRow), 0};
      bank.output = {slot.plus(outputRow), 0};
      bank.scores = {Affine{scoresRow, {}}, 0};
      bank.position = Affine{firstPosition, {}};
      bank.streams = streamsOf(Step{}, slot, bank.position, 0, A);
      emitKeyStationary(emit, part, layout, bank, bankRows, BufferPlan(peak));
      return;
    }
    int64_t groupStride = groupRows * vb;
    SmallVector<int64_t, 3> strides = {groupStride};
    strides.append(groupStrides.begin(), groupStrides.end());
    auto groupAt = [&](const Step &at, int64_t rowsInGroup) {
      Affine groupStart = at.index().scaled(groupRows).plus(firstPosition);
      Address query = at.in({slot.plus(queryRow), 0}, groupStride, rowBytes);
      Address output = at.in({slot.plus(outputRow), 0}, groupStride, rowBytes);
      for (int64_t offset = 0; offset < rowsInGroup; offset += A) {
        TileContext tile;
        tile.rows = std::min(A, rowsInGroup - offset);
        tile.query = query.plusBytes(offset * vb);
        tile.output = output.plusBytes(offset * vb);
        tile.scores = {Affine{scoresRow, {}}, 0};
        tile.position = groupStart.plus(offset);
        tile.streams = streamsOf(at, slot, groupStart, offset, tile.rows);
        emitTile(emit, part, layout, tile, BufferPlan(peak));
      }
    };
    emit.walk(0, bankRows / groupRows, strides,
              [&](const Step &at) { groupAt(at, groupRows); });
    if (bankRows % groupRows != 0)
      groupAt(Step{nullptr, 0, bankRows / groupRows}, bankRows % groupRows);
  };
  if (slots > 1)
    emit.loop(slots, emitSlot);
  else
    emitSlot(nullptr);
  if (peak > hw.bpm.bufferBytes)
    return part.sddmm.emitOpError()
           << "pim-lower-to-isa: the schedule's buffers need " << peak
           << " bytes, the buffer has " << hw.bpm.bufferBytes
           << " (bpm.buffer_bytes)";
  return success();
}

FailureOr<KernelOp> AttentionLowering::build(OpBuilder &builder, Location loc,
                                             StringRef name, StringRef preset,
                                             int64_t &classes,
                                             int64_t &commands) {
  MLIRContext *context = builder.getContext();
  const Part &first = parts.front();
  const analysis::AttentionProblem &problem = first.problem;
  int64_t groups = hw.totalBankGroups(), banks = hw.org.banks;
  cfgSlotsStride = groups * banks;

  auto kernel = KernelOp::create(builder, loc, name,
                                 HardwareAttr::get(context, preset, hw));
  kernel->setAttr(
      "pilot.attention",
      builder.getDictionaryAttr({
          builder.getNamedAttr("pattern", first.sddmm.getPatternAttr()),
          builder.getNamedAttr("scale", builder.getF64FloatAttr(first.scale)),
          builder.getNamedAttr(
              "query_shape",
              builder.getDenseI64ArrayAttr({problem.batch, problem.heads,
                                            problem.queries, problem.headDim})),
          builder.getNamedAttr(
              "kv_shape",
              builder.getDenseI64ArrayAttr({problem.batch, problem.kvHeads,
                                            problem.keys, problem.headDim})),
      }));
  Block *kernelBody = new Block();
  kernel.getBody().push_back(kernelBody);
  OpBuilder::InsertionGuard guard(builder);
  builder.setInsertionPointToStart(kernelBody);

  // Bank groups that hold the same number of instances of every part run
  // the same program.
  SmallVector<int64_t> bounds = {0, groups};
  for (const Part &part : parts)
    if (part.remainder > 0 && part.remainder < groups)
      bounds.push_back(part.remainder);
  llvm::sort(bounds);
  bounds.erase(std::unique(bounds.begin(), bounds.end()), bounds.end());

  for (size_t k = 0; k + 1 < bounds.size(); ++k) {
    int64_t firstGroup = bounds[k], endGroup = bounds[k + 1];
    // Bank groups beyond the last head instance stay idle.
    if (llvm::none_of(parts, [&](const Part &part) {
          return part.slotsOf(firstGroup) > 0;
        }))
      continue;
    auto bankClass = BankClassOp::create(
        builder, loc, fmt::format("groups_{}_{}", firstGroup, endGroup),
        firstGroup * banks, (endGroup - firstGroup) * banks, 1);
    Block *body = new Block();
    bankClass.getBody().push_back(body);
    OpBuilder::InsertionGuard classGuard(builder);
    builder.setInsertionPointToStart(body);
    Emitter emit(builder, loc, hw, body);
    int64_t nextRow = 0;
    for (const Part &part : parts) {
      int64_t slots = part.slotsOf(firstGroup);
      if (slots > 0 &&
          failed(emitPart(emit, builder, part, firstGroup, slots, nextRow)))
        return failure();
    }
    commands += emit.commands;
    ++classes;
  }
  return kernel;
}

//===----------------------------------------------------------------------===//
// The pass
//===----------------------------------------------------------------------===//

struct PIMLowerToISAPass
    : public pim::impl::PIMLowerToISABase<PIMLowerToISAPass> {
  using PIMLowerToISABase::PIMLowerToISABase;

  void runOnOperation() override {
    ModuleOp module = getOperation();
    FailureOr<hw::HardwareDescription> description =
        hardwareOption(module, "pim-lower-to-isa", hardware, bufferBytes);
    if (failed(description))
      return signalPassFailure();

    // The parts of one attention share its query and key.
    llvm::MapVector<std::pair<Value, Value>, SmallVector<sattn::SddmmOp>>
        attentions;
    module.walk([&](sattn::SddmmOp sddmm) {
      attentions[{sddmm.getQuery(), sddmm.getKey()}].push_back(sddmm);
    });
    OpBuilder builder(&getContext());
    builder.setInsertionPointToEnd(module.getBody());
    int64_t classes = 0, commands = 0;
    for (auto &[operands, sddmms] : attentions) {
      AttentionLowering lowering(*description);
      for (sattn::SddmmOp sddmm : sddmms)
        if (failed(lowering.addPart(sddmm)))
          return signalPassFailure();
      if (lowering.empty())
        continue;
      auto function = sddmms.front()->getParentOfType<func::FuncOp>();
      // The kernel is the PIM side of the function that holds the attention.
      std::string name =
          (function ? function.getSymName().str() : "attention") + "_pim";
      if (attentions.size() > 1)
        name += "_" + std::to_string(numKernels);
      FailureOr<KernelOp> kernel =
          lowering.build(builder, sddmms.front().getLoc(), name, presetName(),
                         classes, commands);
      if (failed(kernel))
        return signalPassFailure();
      ++numKernels;
    }
    numClasses += classes;
    numCommands += commands;
  }

private:
  /// The preset the kernel's #pim.hw starts from.
  StringRef presetName() {
    return hw::lookupPreset(std::string_view(hardware)) ? StringRef(hardware)
                                                        : "pilot-hbm3";
  }
};

} // namespace
