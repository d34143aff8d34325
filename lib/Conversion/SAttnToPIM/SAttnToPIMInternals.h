//===- SAttnToPIMInternals.h - what the sattn-to-pim files share -*- C++
//-*-===//
//
// The conversion builds one pim.kernel per attention from its decomposed,
// mapped, tiled and scheduled parts (docs/compiler.md, Lowering to the
// ISA). Its files follow its seams:
//
//   Emitter.cpp       affine addresses, PILOT commands, loops and walks
//   Parts.cpp         a part as the conversion reads it from its annotations
//   RowSplit.cpp      the row split's regions, placements and key streams
//   ColumnSplit.cpp   the column split's
//   TileBodies.cpp    a tile's steps, masks and schedules (query-stationary)
//   KeyStationary.cpp the PILOT and fused schedules' key-stationary walks
//   PartLowering.cpp  one part in one bank class: placements, slots, tiles
//   SAttnToPIM.cpp    kernels, bank classes and the pass
//
// All banks of a bank group run one program, since the bank-group module
// reduces across them; bank groups that hold the same number of head
// instances of every part share a class. What differs between banks
// (which head, which rows, which keys) is data: pim.cfg placements
// (`select`, `slots`) and PLT_MASK's per-bank shift of its key and diagonal
// operands.
//
// Addresses. The ISA addresses DRAM by row and column, a transfer stays in
// one row, and row and column operands are affine in the loops' induction
// variables. The conversion therefore walks every stream of data (Q rows,
// key steps, score blocks) with a loop whose body is unrolled until the
// stream's position within a DRAM row repeats: in the body, each copy's
// in-row offset is a constant and the loop variable only moves whole rows.
// A transfer that crosses a row in some copy is split there, statically.
//
//===----------------------------------------------------------------------===//

#ifndef PILOT_LIB_CONVERSION_SATTNTOPIM_SATTNTOPIMINTERNALS_H
#define PILOT_LIB_CONVERSION_SATTNTOPIM_SATTNTOPIMINTERNALS_H

#include "pilot/Dialect/PIM/PIMDialect.h"
#include "pilot/Dialect/PIM/PIMOps.h"
#include "pilot/Dialect/SAttn/SAttnOps.h"
#include "pilot/Hardware/HardwareDescription.h"
#include "pilot/Pattern/AttentionProblem.h"
#include "pilot/Pattern/SparsityPattern.h"

#include "mlir/IR/Builders.h"
#include "llvm/Support/MathExtras.h"

#include <array>
#include <memory>
#include <numeric>
#include <optional>

namespace pilot::sattn_to_pim {

using mlir::ArrayRef;
using mlir::Block;
using mlir::function_ref;
using mlir::Location;
using mlir::LogicalResult;
using mlir::OpBuilder;
using mlir::SmallVector;
using mlir::StringRef;
using mlir::Value;

constexpr int64_t kElementBytes = hw::kFP16Bytes;
/// A bound no key or position reaches: a mask condition that always holds
/// (emitted as the part's reach, which reads better).
constexpr int64_t kUnbounded = int64_t(1) << 40;

//===----------------------------------------------------------------------===//
// Affine index arithmetic and DRAM addresses (Emitter.cpp)
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
  Affine plus(const Affine &other) const;
  Affine minus(const Affine &other) const { return plus(other.scaled(-1)); }
  Affine scaled(int64_t factor) const;
};

/// A bank-relative DRAM address: whole rows that may move with loops, plus
/// a constant byte offset.
struct Address {
  Affine rows;
  int64_t bytes = 0;

  Address plusBytes(int64_t offset) const { return {rows, bytes + offset}; }
  /// The same place in the region `rowsAfter` rows further on.
  Address plusRows(int64_t rowsAfter) const {
    return {rows.plus(rowsAfter), bytes};
  }
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
// The emitter: PILOT commands, loops and walks (Emitter.cpp)
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

/// One PLT_MASK: scale a block of scores and drop what the pattern leaves
/// out (docs/pim.md, PLT_MASK).
struct MaskSpec {
  /// `first key - origin`: the delta of the block's first row and key.
  Affine diagonal;
  /// The band on delta, its bounds clamped to the part's reach.
  Band band;
  /// The block's first key index, and the key range it keeps.
  Affine firstKey;
  int64_t keysLo = -kUnbounded, keysHi = kUnbounded;
  double scale = 1.0;
  /// Bank `i` of the class adds `(i mod banks) * diagonalShift` to the
  /// delta and `* keyShift` to the key: the banks of a group hold different
  /// rows and keys.
  int64_t banks = 1, diagonalShift = 0, keyShift = 0;
};

class Emitter {
public:
  Emitter(OpBuilder &builder, Location loc, const hw::HardwareDescription &hw,
          Block *classBody)
      : builder(builder), loc(loc), hw(hw), classBody(classBody) {}

  int64_t rowBytes() const { return hw.org.rowBytes; }
  int64_t lanes() const { return hw.bpm.lanes; }
  /// PILOT commands emitted so far.
  int64_t commands() const { return emitted; }

  /// An index constant, emitted once at the start of the class.
  Value constant(int64_t value);
  /// The index value of `affine`, in arith ops.
  Value index(const Affine &affine);

  /// PLT_MOV or PLT_OUT (`direction` absent) of `bytes` at `address`, split
  /// where it crosses a DRAM row. `address.bytes` is a whole number of
  /// columns.
  void transfer(std::optional<pim::Direction> direction, const Address &address,
                int64_t buf, int64_t bytes);
  void load(const Address &address, int64_t buf, int64_t bytes) {
    transfer(pim::Direction::DramToBuffer, address, buf, bytes);
  }
  void store(const Address &address, int64_t buf, int64_t bytes) {
    transfer(pim::Direction::BufferToDram, address, buf, bytes);
  }
  void output(const Address &address, int64_t buf, int64_t bytes) {
    transfer(std::nullopt, address, buf, bytes);
  }

  /// PLT_MAC of scores: `rows x keys` products of query rows with key
  /// vectors (`dims` elements each, the keys stored as rows).
  void scoreProducts(int64_t queries, int64_t keys, int64_t scores,
                     int64_t rows, int64_t keyCount, int64_t dims,
                     bool accumulate);
  /// PLT_MAC of outputs: `rows x dims` sums of probabilities times values.
  void valueProducts(int64_t probs, int64_t values, int64_t outputs,
                     int64_t rows, int64_t dims, int64_t keyCount,
                     bool accumulate);
  /// PLT_EXP of `elements` in place.
  void exp(int64_t buf, int64_t elements);
  /// PLT_ACC within the bank: each row's sum, or its maximum, into `dst`
  /// (one column of `cols` is a copy).
  void rowSums(int64_t src, int64_t dst, int64_t rows, int64_t cols,
               bool accumulate);
  void rowMaxima(int64_t src, int64_t dst, int64_t rows, int64_t cols,
                 bool accumulate);
  /// `elements` FP16 ones at `buf`. The ISA has no fill: PLT_MASK with an
  /// empty range of keys makes each element the lowest FP16, whose
  /// exponential is 0, whose exponential is 1 (two PLT_EXP).
  void ones(int64_t buf, int64_t elements);
  /// Each row's sum of a block stored key by key (`keys x rows`), into
  /// `dst`: one PLT_MAC of a row of `keys` ones at `ones` with the block,
  /// where PLT_ACC would take a command, and `rows` cycles, a key.
  void keyMajorRowSums(int64_t ones, int64_t block, int64_t dst, int64_t rows,
                       int64_t keys, bool accumulate);
  /// PLT_ACC across the bank group (the BGPM): every bank's `rows` values
  /// of one column added, or their maximum taken, into `dst` of each bank.
  void groupSums(int64_t src, int64_t dst, int64_t rows);
  void groupMaxima(int64_t src, int64_t dst, int64_t rows);
  /// PLT_SFM: each row of `src` divided by its entry of `divisors`.
  void divideRows(int64_t src, int64_t divisors, int64_t rows, int64_t cols);
  /// Each row of `src` less its entry of `vec`, into `dst`.
  void subtractRows(int64_t src, int64_t vec, int64_t dst, int64_t rows,
                    int64_t cols);
  /// PLT_MASK of a `rows x cols` block of scores.
  void mask(int64_t buf, int64_t rows, int64_t cols, const MaskSpec &spec);

  /// A counted loop of `trips` iterations of `body(iv)`.
  void loop(int64_t trips, function_ref<void(Value)> body);

  /// Steps `first` to `first + count - 1` of streams advancing `strides`
  /// bytes a step: a loop unrolled until every stream moves whole rows, then
  /// the remaining steps.
  void walk(int64_t first, int64_t count, ArrayRef<int64_t> strides,
            function_ref<void(const Step &)> body);

private:
  OpBuilder &builder;
  Location loc;
  const hw::HardwareDescription &hw;
  Block *classBody;
  llvm::DenseMap<int64_t, Value> constants;
  int64_t emitted = 0;
};

/// Byte offsets in the BPM buffer, allocated without overlap. Copies share
/// the peak, so phases that reuse the buffer report the largest of them.
class BufferPlan {
public:
  explicit BufferPlan(int64_t &peak) : peak(&peak) {}

  int64_t bytesUsed() const { return used; }
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
// Parts (Parts.cpp)
//===----------------------------------------------------------------------===//

/// A run of keys a tile walks in steps, and what its mask keeps.
struct KeyStream {
  /// Where the run's first key lies (its values `valueRows` rows later).
  Address start;
  /// The key index the mask sees for the run's first key: absolute, less
  /// the bank's share (`TileLayout::rowsPerBank`).
  Affine firstKey;
  int64_t keys = 0;
  /// Every band must keep an element (one PLT_MASK each).
  SmallVector<Band, 2> bands;
  /// Kept when `keysLo <= key < keysHi`.
  int64_t keysLo = -kUnbounded, keysHi = kUnbounded;
  /// Bank `i` of a group sees key indices `i * keysPerBank` further on.
  int64_t keysPerBank = 0;
};

/// A run of the column split's keys (analysis::columnSplitRuns): its keys,
/// the mask's key index of its first entry (so that a key's index less a
/// row's index is the key's position less the row's), and the band of key positions less its own that each row
/// keeps, where the rows attend different keys.
struct ColumnRun {
  std::vector<pattern::Interval> keys;
  int64_t firstKey = 0;
  std::optional<Band> rowBand;
};

/// One part of an attention (docs/compiler.md, Why parts), as lowered.
struct Part {
  mutable sattn::SddmmOp sddmm;
  pattern::AttentionProblem problem;
  bool columnSplit = false;
  bool denseHeads = false;
  pim::Schedule schedule = pim::Schedule::Pilot;
  /// pim-schedule's loop nest: query rows per tile, keys per step, and
  /// whether a column split's steps enclose its tiles.
  int64_t tileRows = 1, stepKeys = 1;
  bool keyStationary = false;
  /// Query-stationary staged tiles: slots of keys or values (two overlap a
  /// step's transfer with the previous step's MACs) and steps a block of
  /// scores holds (analysis::buffering).
  int64_t keySlots = 1, blockSteps = 1;
  double scale = 1.0;
  /// The part's heads of every batch, ascending: instance `b * heads + j`
  /// is head `headList[j]` of batch entry `b`. `firstHead` is the first.
  SmallVector<int64_t> headList;
  int64_t firstHead = 0, heads = 1;
  /// Query heads per instance (`#pim.mapping`'s kv_group): instance
  /// `b * heads / sharedHeads + j` holds heads `headList[j * sharedHeads]`
  /// on, consecutive and of one key-value head, as rows one after another.
  int64_t sharedHeads = 1;
  /// Instances per batch entry.
  int64_t instances() const { return heads / sharedHeads; }
  /// The part's bank groups are [firstGroup, firstGroup + bankGroups); of
  /// these, [firstGroup, firstGroup + remainder) hold `slots` instances, the
  /// rest one fewer. A row split's instance may span `groupsPerInstance`
  /// consecutive groups (one slot each), its rows cut over all their banks.
  int64_t slots = 1, remainder = 0;
  int64_t firstGroup = 0, bankGroups = 1, groupsPerInstance = 1;
  /// Query positions of the part, as ascending runs (global rows and the
  /// rows between them lie anywhere); `rowBegin` and `rowEnd` bound them.
  /// emitPart lays out and walks each run apart, but for the rows of a
  /// non-causal column split, which the host gathers into one.
  std::vector<pattern::Interval> rowRuns;
  int64_t rowBegin = 0, rowEnd = 0;
  /// Random key blocks every query block of the row split draws.
  int64_t randomBlocks = 0;
  /// The column split's runs of keys, each cut into the banks' pieces on
  /// its own.
  SmallVector<ColumnRun, 2> columnRuns;
  /// The head dimension's elements a pass moves (all of it but for
  /// chunked tiles of the PILOT and fused schedules).
  int64_t headDimChunk = 0;

  const pattern::PatternSpec &spec() const { return problem.pattern; }
  int64_t headDim() const { return problem.headDim; }
  int64_t vectorBytes() const { return problem.headDim * kElementBytes; }
  int64_t rows() const { return pattern::totalSize(rowRuns); }
  /// The query rows of an instance: every shared head's rows.
  int64_t instanceRows() const { return rows() * sharedHeads; }
  /// The DRAM rows `vectors` of the part's vectors take, at least one; a
  /// vector may straddle two rows.
  int64_t dramRowsFor(int64_t vectors, int64_t rowBytes) const {
    return std::max<int64_t>(
        1, llvm::divideCeilSigned(vectors * vectorBytes(), rowBytes));
  }
  /// The fewest vectors that end exactly on a DRAM row: where the vectors'
  /// offsets within their rows repeat.
  int64_t vectorsPerRowPeriod(int64_t rowBytes) const {
    return rowBytes / std::gcd(rowBytes, vectorBytes());
  }
  /// Whether the heads are one run [firstHead, firstHead + heads).
  bool headsAreOneRun() const {
    return headList.back() - headList.front() + 1 == heads;
  }
  /// The instances bank group `group` (of the system) holds.
  int64_t slotsOf(int64_t group) const {
    if (group < firstGroup || group >= firstGroup + bankGroups)
      return 0;
    return group - firstGroup < remainder ? slots : slots - 1;
  }
  /// Whether an instance's keys are cut over several bank groups, each
  /// writing a partial that the host merges (pim.merge).
  bool partials() const { return columnSplit && groupsPerInstance > 1; }
  /// The banks one head instance's rows are cut over.
  int64_t instanceBanks(const hw::HardwareDescription &hw) const {
    return hw.org.banks * groupsPerInstance;
  }
};

/// Reads a part from its SDDMM's annotations, or reports why the part
/// cannot be lowered. Parts that pim-map left on the host yield nothing.
mlir::FailureOr<std::optional<Part>>
readPart(sattn::SddmmOp sddmm, const hw::HardwareDescription &hw);

/// The column split's runs of keys of `part`'s rows, and what each row
/// keeps of them (none for the row split); an error where a band cannot
/// describe a row's keys. Each walked run of rows reads its own.
LogicalResult readColumnRuns(Part &part);

//===----------------------------------------------------------------------===//
// Layouts: where one slot's data lies (RowSplit.cpp, ColumnSplit.cpp)
//===----------------------------------------------------------------------===//

/// What a tile's body needs to know about where its data lies.
struct TileContext {
  Address query;   ///< The tile's first Q row.
  Address output;  ///< The tile's first O row.
  /// Keys cut over bank groups: the tile's first row maximum and row sum of
  /// the group's partial.
  Address maxima, sums;
  Address scores;  ///< The tile's score blocks (naive, pilot).
  Affine position; ///< The position of the tile's first row, less the bank's.
  int64_t rows = 1;
  SmallVector<KeyStream, 4> streams;
};

/// Where one bank's scores and values lie, and how the banks of a group
/// differ: what the tile bodies address.
struct TileLayout {
  int64_t valueRows = 0;  ///< Values lie this many rows after their keys.
  /// Bytes between blocks of scores (a power of two), each of
  /// `Part::blockSteps` steps.
  int64_t scoreBlock = 0;
  int64_t tileScores = 0; ///< Bytes of one tile's score blocks.
  /// Bank `i` of a group computes the rows `i * rowsPerBank` after bank 0's.
  int64_t rowsPerBank = 0;
  /// K-stationary: bytes between the blocks (and the totals) of consecutive
  /// tiles, and between the steps' runs of blocks (whole DRAM rows).
  int64_t tileBlockStride = 0, stepBlockStride = 0;

  Address valuesOf(const Address &keys) const {
    return keys.plusRows(valueRows);
  }
};

/// A pim.cfg to emit: `row` is relative to the slot's first row.
struct Placement {
  Placement(StringRef tensor, int64_t row, int64_t elements, int64_t offset,
            bool keyValue, SmallVector<int64_t> segments = {},
            std::optional<int64_t> position = std::nullopt)
      : tensor(tensor), row(row), elements(elements), offset(offset),
        keyValue(keyValue), segments(std::move(segments)), position(position) {}

  StringRef tensor;
  int64_t row, elements, offset;
  /// K or V: placed by key-value head rather than by query head.
  bool keyValue;
  SmallVector<int64_t> segments;
  /// The bank of the instance (`select`), absent for every bank; with
  /// `positions` the first of that many consecutive banks.
  std::optional<int64_t> position;
  int64_t positions = 1;
  /// Elements between the slices of consecutive banks of an instance (0:
  /// each holds the same slice, or `position` picks one).
  int64_t bankStride = 0;
  /// A partial of keys cut over bank groups: elements between the slices of
  /// consecutive groups of an instance, each group's `position` bank
  /// holding one.
  int64_t pieceStride = 0;
  /// One value per query row (a partial's maxima or sums), not a vector.
  bool perRow = false;
  /// The random key blocks of query blocks [first, first + count).
  std::optional<std::array<int64_t, 2>> randomBlocks;
};

/// Regions of one slot, in DRAM rows from the slot's first row, handed out
/// in order.
struct SlotRegions {
  int64_t rows = 0;
  int64_t take(int64_t count) {
    int64_t first = rows;
    rows += count;
    return first;
  }
};

/// How the tiles of a part find their keys: the streams of the tile
/// `tileOffset` rows into the group of rows at `group` (first row
/// `groupStart`), in the slot whose first row is `slot`.
class KeyStreamSource {
public:
  virtual ~KeyStreamSource() = default;
  virtual SmallVector<KeyStream, 4>
  streams(const Step &group, const Affine &slot, const Affine &groupStart,
          int64_t tileOffset, int64_t tileRows) const = 0;
};

/// One slot of a part: its regions and placements, the rows a bank walks
/// and how its tiles find their keys.
struct SlotLayout {
  TileLayout tiles;
  SlotRegions regions;
  SmallVector<Placement> placements;
  int64_t queryRow = 0, outputRow = 0;
  /// Keys cut over bank groups: the regions of the partial's row maxima
  /// and row sums.
  int64_t maximaRow = 0, sumsRow = 0;
  /// The first row of the keys' regions (the values mirror them).
  int64_t keyBegin = 0;
  /// Query rows a bank computes, walked in groups of `groupRows`; streams
  /// other than Q and O that advance by a group advance `groupStrides`.
  int64_t bankRows = 0, groupRows = 1;
  SmallVector<int64_t, 2> groupStrides;
  /// The most steps of keys a tile takes, and the most blocks of their
  /// scores (which size the tile's scores).
  int64_t maxSteps = 0, maxBlocks = 0;
  std::unique_ptr<KeyStreamSource> keys;
};

/// The row split (non-global rows, dense heads on PIM): bank `i` of a group
/// takes rows `[i c, (i + 1) c)` with their keys beside them.
SlotLayout layOutRowSplit(const Part &part, const hw::HardwareDescription &hw);
/// The column split (global rows, decoding): every bank holds the rows,
/// bank `i` the keys `[i c, (i + 1) c)` of those they attend.
SlotLayout layOutColumnSplit(const Part &part,
                             const hw::HardwareDescription &hw);

//===----------------------------------------------------------------------===//
// Tile bodies (TileBodies.cpp, KeyStationary.cpp)
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

/// The fused schedule's buffers of a tile: its Q, its partial outputs,
/// a step's scores, and per row the running maximum, its next value, the
/// rescale factor and the running sum.
struct FusedBuffers {
  int64_t query = 0, out = 0, scores = 0;
  int64_t maxOld = 0, maxNew = 0, factor = 0, sums = 0;
};

/// What every tile body of a part shares.
struct TileEmitter {
  Emitter &emit;
  const hw::HardwareDescription &hw;
  const Part &part;
  const TileLayout &layout;

  /// Scales and masks a tile's block of scores at `scores` for `step`.
  void maskScores(const TileContext &tile, int64_t scores,
                  const KeyStep &step) const;
  /// A query-stationary tile: every step of its streams, under the part's
  /// schedule.
  void emitTile(const TileContext &tile, BufferPlan buffers) const;
  /// The PILOT or fused schedule's column split, key-stationary: steps of
  /// keys enclose the `rows` rows' tiles. `bank` holds the first tile's
  /// addresses and the bank's stream of keys.
  void emitKeyStationary(const TileContext &bank, int64_t rows,
                         BufferPlan buffers) const;

private:
  void emitStagedKeyStationary(const TileContext &bank, int64_t rows,
                               BufferPlan buffers) const;
  void emitFusedKeyStationary(const TileContext &bank, int64_t rows,
                              BufferPlan buffers) const;
  void emitFusedTile(const TileContext &tile, BufferPlan buffers) const;
  /// Steps of one key leave a staged tile's block of several rows key by
  /// key (`keys x rows`): the ones its row sums take as one PLT_MAC a block
  /// (Emitter::keyMajorRowSums) where that takes fewer BPM cycles than a
  /// PLT_ACC a key, its longest block's; else 0.
  int64_t rowSumOnes(const TileContext &tile, int64_t blockSteps) const;
  /// The fused schedule's step once its scores are in `at.scores`: mask,
  /// new maxima (rescaling what the rows summed so far), probabilities and
  /// their sums.
  void fusedSoftmaxStep(const TileContext &tile, const KeyStep &step,
                        const FusedBuffers &at) const;
  /// The fused schedule's end of a tile after its last step: the group's
  /// reduction (column split), the division by the sums and the output.
  void finishFusedTile(const TileContext &tile, const FusedBuffers &at) const;
  /// The running maxima move to `maxAll`; what the rows summed so far is
  /// rescaled by exp(old - new).
  void rescaleFused(const TileContext &tile, const FusedBuffers &at,
                    int64_t maxAll) const;
  /// Every chunk of each row of `buf` divided (SFM) by `divisors`.
  void scaleFusedRows(const TileContext &tile, int64_t buf,
                      int64_t divisors) const;
  void emitStagedTile(const TileContext &tile, BufferPlan buffers) const;
  /// Keys cut over bank groups: the group's row sums and, where the scores
  /// were shifted by them, its row maxima, beside its partial output.
  void writeStatistics(const TileContext &tile, std::optional<int64_t> maxima,
                       int64_t sums) const;
};

//===----------------------------------------------------------------------===//
// Parts in bank classes (PartLowering.cpp)
//===----------------------------------------------------------------------===//

/// Emits a part's placements and programs for `slots` head instances per
/// bank group, starting at bank group `firstGroup`, its regions from DRAM
/// row `nextRow` on (advanced past them). `cfgSlotsStride` is the index
/// distance between slots (every bank of the system). Each run of the
/// part's rows that is walked apart has its own regions, one after another.
LogicalResult emitPart(Emitter &emit, OpBuilder &builder,
                       const hw::HardwareDescription &hw, const Part &part,
                       int64_t firstGroup, int64_t slots,
                       int64_t cfgSlotsStride, int64_t &nextRow);

} // namespace pilot::sattn_to_pim

#endif // PILOT_LIB_CONVERSION_SATTNTOPIM_SATTNTOPIMINTERNALS_H
