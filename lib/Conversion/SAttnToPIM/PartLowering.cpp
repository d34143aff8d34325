//===- PartLowering.cpp - one part in one bank class ----------------------===//
//
// A part's slot layout (RowSplit.cpp or ColumnSplit.cpp) becomes its pim.cfg
// placements, repeated over head-instance slots, and its programs: a loop
// over slots, walks over groups of tiles, each tile's body (TileBodies.cpp)
// or the key-stationary nest (KeyStationary.cpp).
//
//===----------------------------------------------------------------------===//

#include "SAttnToPIMInternals.h"

#include "pilot/Analysis/Prediction.h"

using namespace mlir;
using namespace pilot;
using namespace pilot::pim;
using namespace pilot::sattn_to_pim;

namespace {

/// The mixed radices and strides that take a slice index `x = instance *
/// banks + position` to the start of the instance's first head in a [B, H,
/// rows, D] tensor (Q and O) or its key-value head in [B, Hkv, rows, D] (K,
/// V). A part's heads that are one run of whole key-value groups are affine
/// in the instance; others are looked up (pim.cfg digit_table). An instance
/// of shared heads starts at its first head and holds the next ones' rows.
struct InstanceIndexing {
  SmallVector<int64_t> radices, strides, digitTable;
  int64_t offset = 0;
};

InstanceIndexing instanceIndexing(const Part &part, int64_t banks,
                                  bool keyValue) {
  const pattern::AttentionProblem &problem = part.problem;
  int64_t headDim = problem.headDim;
  int64_t kvGroup = problem.heads / problem.kvHeads;
  // Query heads per addressed head, instances per addressed head, and the
  // addressed heads one instance moves on by.
  int64_t perHead = keyValue ? kvGroup : 1;
  int64_t group = keyValue ? kvGroup / part.sharedHeads : 1;
  int64_t headStep = keyValue ? 1 : part.sharedHeads;
  int64_t head = (keyValue ? problem.keys : problem.queries) * headDim;
  int64_t headsPerBatch = keyValue ? problem.kvHeads : problem.heads;
  InstanceIndexing indexing;
  if (!part.headsAreOneRun() || part.firstHead % perHead != 0 ||
      part.heads % perHead != 0) {
    indexing.radices = {banks, part.instances(), 1};
    indexing.strides = {0, 0, headsPerBatch * head};
    indexing.digitTable = {1};
    for (int64_t j = 0; j < part.instances(); ++j)
      indexing.digitTable.push_back(part.headList[j * part.sharedHeads] /
                                    perHead * head);
    return indexing;
  }
  indexing.radices = {banks};
  indexing.strides = {0};
  if (group > 1) {
    indexing.radices.push_back(group);
    indexing.strides.push_back(0);
  }
  indexing.radices.append({part.instances() / group, 1});
  indexing.strides.append({headStep * head, headsPerBatch * head});
  indexing.offset = part.firstHead / perHead * head;
  return indexing;
}

/// The indexing of a tensor of one value per query row: the query's, a
/// vector's elements counted as one.
InstanceIndexing perRowIndexing(InstanceIndexing indexing, int64_t headDim) {
  indexing.offset /= headDim;
  for (int64_t &stride : indexing.strides)
    stride /= headDim;
  // digit_table [k, t_0, t_1, ...]: the digit, then its offsets.
  for (size_t i = 1; i < indexing.digitTable.size(); ++i)
    indexing.digitTable[i] /= headDim;
  return indexing;
}

/// Where the slots of a part lie in its bank class: `indexBase` is the
/// class's first bank counted from the part's first.
struct SlotPlacement {
  int64_t slots, indexBase, slotBase, slotRows, cfgSlotsStride;
};

/// One pim.cfg: `placement` in every slot, each bank's slice of the
/// instance the slot holds.
void emitPlacement(OpBuilder &builder, Location loc,
                   const hw::HardwareDescription &hw,
                   const Placement &placement, InstanceIndexing indexing,
                   const SlotPlacement &at, int64_t banks) {
  indexing.strides.front() = placement.bankStride;
  std::optional<SmallVector<int64_t, 3>> select;
  if (placement.position) {
    select = SmallVector<int64_t, 3>{banks, *placement.position};
    if (placement.positions > 1)
      select->push_back(placement.positions);
  }
  if (placement.pieceStride > 0) {
    // Bank `position` of each of the instance's groups holds its group's
    // piece: the bank digit splits into the bank within the group and the
    // group within the instance.
    int64_t groupBanks = hw.org.banks;
    indexing.radices.front() = groupBanks;
    indexing.radices.insert(indexing.radices.begin() + 1, banks / groupBanks);
    indexing.strides.insert(indexing.strides.begin() + 1,
                            placement.pieceStride);
    if (!indexing.digitTable.empty())
      ++indexing.digitTable.front();
    select = SmallVector<int64_t, 3>{groupBanks,
                                     placement.position.value_or(0)};
  }
  int64_t rows = std::max<int64_t>(
      1, llvm::divideCeilSigned(placement.elements * kElementBytes,
                                hw.org.rowBytes));
  auto attr = [&](ArrayRef<int64_t> values) {
    return builder.getDenseI64ArrayAttr(values);
  };
  auto cfg = CfgOp::create(
      builder, loc, builder.getStringAttr(placement.tensor),
      builder.getI64IntegerAttr(at.slotBase + placement.row),
      builder.getI64IntegerAttr(rows),
      builder.getI64IntegerAttr(placement.elements),
      builder.getI64IntegerAttr(indexing.offset + placement.offset),
      attr(indexing.radices), attr(indexing.strides),
      indexing.digitTable.empty() ? nullptr : attr(indexing.digitTable),
      placement.segments.empty() ? nullptr : attr(placement.segments), nullptr,
      nullptr, nullptr, nullptr,
      select ? attr(*select) : nullptr,
      placement.randomBlocks ? attr(*placement.randomBlocks) : nullptr);
  if (at.slots > 1 || at.indexBase > 0) {
    cfg->setAttr("slots", builder.getI64IntegerAttr(at.slots));
    cfg->setAttr("index_base", builder.getI64IntegerAttr(at.indexBase));
    cfg->setAttr("index_stride", builder.getI64IntegerAttr(at.cfgSlotsStride));
    cfg->setAttr("row_stride", builder.getI64IntegerAttr(at.slotRows));
  }
}

/// A score block per block of steps (analysis::scoreBlockBytes); the fused
/// schedule has none.
int64_t scoreBlockBytes(const Part &part, const hw::HardwareDescription &hw) {
  if (part.schedule == Schedule::Fused)
    return 0;
  return analysis::scoreBlockBytes(part.tileRows,
                                   part.stepKeys * part.blockSteps, hw);
}

/// Values mirror the keys' regions, right after them.
void mirrorValues(SlotLayout &slot) {
  slot.tiles.valueRows = slot.regions.rows - slot.keyBegin;
  slot.regions.take(slot.tiles.valueRows);
  for (size_t i = 0, e = slot.placements.size(); i < e; ++i)
    if (slot.placements[i].keyValue) {
      Placement value = slot.placements[i];
      value.tensor = "V";
      value.row += slot.tiles.valueRows;
      slot.placements.push_back(value);
    }
}

/// Scores (naive, pilot): a tile's SDDMM, softmax and SpMM run before the
/// next tile's, so one tile's blocks are all the scores a bank holds. A
/// K-stationary part holds every tile's blocks and totals
/// (analysis::keyStationaryScores), or under the fused schedule every
/// tile's running state (analysis::keyStationaryState) where the totals
/// would be.
void sizeScores(SlotLayout &slot, const Part &part,
                const hw::HardwareDescription &hw) {
  int64_t rowBytes = hw.org.rowBytes;
  TileLayout &tiles = slot.tiles;
  if (part.keyStationary && part.schedule == Schedule::Fused) {
    analysis::KeyStationaryState state = analysis::keyStationaryState(
        analysis::Tiles{part.tileRows, part.stepKeys}, slot.bankRows,
        part.headDim(), hw);
    tiles.tileBlockStride = state.tileStride;
    tiles.stepBlockStride = 0;
    tiles.tileScores = state.bytes;
  } else if (part.keyStationary) {
    analysis::KeyStationaryScores scores = analysis::keyStationaryScores(
        analysis::Tiles{part.tileRows, part.stepKeys}, slot.bankRows,
        slot.maxSteps, part.headDim(), hw);
    tiles.tileBlockStride = scores.tileBlockStride;
    tiles.stepBlockStride = scores.stepBlockStride;
    tiles.tileScores = scores.bytes;
  } else if (tiles.scoreBlock > 0) {
    tiles.tileScores =
        int64_t(llvm::alignTo(slot.maxBlocks * tiles.scoreBlock, rowBytes));
  }
}

/// The programs of one slot (`slotIv` null when the class holds one).
void emitSlot(const TileEmitter &tiles, const SlotLayout &slot,
              int64_t slotBase, int64_t scoresRow, Value slotIv,
              int64_t &peak) {
  const Part &part = tiles.part;
  Emitter &emit = tiles.emit;
  int64_t vb = part.vectorBytes(), rowBytes = emit.rowBytes();
  Affine slotStart = Affine{slotBase, {}}.plus(slotIv, slot.regions.rows);
  Affine firstPosition{part.rowBegin, {}};
  if (part.keyStationary) {
    TileContext bank;
    bank.query = {slotStart.plus(slot.queryRow), 0};
    bank.output = {slotStart.plus(slot.outputRow), 0};
    bank.scores = {Affine{scoresRow, {}}, 0};
    bank.position = firstPosition;
    bank.streams =
        slot.keys->streams(Step{}, slotStart, bank.position, 0, part.tileRows);
    tiles.emitKeyStationary(bank, slot.bankRows, BufferPlan(peak));
    return;
  }
  int64_t groupStride = slot.groupRows * vb;
  // A partial's maxima and sums: a DRAM row per tile (of a group's rows).
  int64_t statisticStride = rowBytes;
  SmallVector<int64_t, 4> strides = {groupStride};
  strides.append(slot.groupStrides.begin(), slot.groupStrides.end());
  if (part.partials())
    strides.push_back(statisticStride);
  auto groupAt = [&](const Step &at, int64_t rowsInGroup) {
    Affine groupStart = at.index().scaled(slot.groupRows).plus(firstPosition);
    Address query =
        at.in({slotStart.plus(slot.queryRow), 0}, groupStride, rowBytes);
    Address output =
        at.in({slotStart.plus(slot.outputRow), 0}, groupStride, rowBytes);
    Address maxima = at.in({slotStart.plus(slot.maximaRow), 0},
                           statisticStride, rowBytes);
    Address sums =
        at.in({slotStart.plus(slot.sumsRow), 0}, statisticStride, rowBytes);
    for (int64_t offset = 0; offset < rowsInGroup; offset += part.tileRows) {
      TileContext tile;
      tile.rows = std::min(part.tileRows, rowsInGroup - offset);
      tile.query = query.plusBytes(offset * vb);
      tile.output = output.plusBytes(offset * vb);
      tile.maxima = maxima.plusRows(offset / part.tileRows);
      tile.sums = sums.plusRows(offset / part.tileRows);
      tile.scores = {Affine{scoresRow, {}}, 0};
      tile.position = groupStart.plus(offset);
      tile.streams =
          slot.keys->streams(at, slotStart, groupStart, offset, tile.rows);
      tiles.emitTile(tile, BufferPlan(peak));
    }
  };
  emit.walk(0, slot.bankRows / slot.groupRows, strides,
            [&](const Step &at) { groupAt(at, slot.groupRows); });
  if (slot.bankRows % slot.groupRows != 0)
    groupAt(Step{nullptr, 0, slot.bankRows / slot.groupRows},
            slot.bankRows % slot.groupRows);
}

/// One run of a part's rows (or its gathered rows): its regions from
/// `nextRow` on, its placements and its programs.
LogicalResult emitRun(Emitter &emit, OpBuilder &builder,
                      const hw::HardwareDescription &hw, const Part &part,
                      int64_t firstGroup, int64_t slots, int64_t cfgSlotsStride,
                      int64_t &nextRow) {
  SlotLayout slot =
      part.columnSplit ? layOutColumnSplit(part, hw) : layOutRowSplit(part, hw);
  slot.tiles.scoreBlock = scoreBlockBytes(part, hw);
  mirrorValues(slot);
  sizeScores(slot, part, hw);

  int64_t slotBase = nextRow;
  int64_t scoresRow = slotBase + slots * slot.regions.rows;
  nextRow = scoresRow + slot.tiles.tileScores / hw.org.rowBytes;
  if (nextRow > hw.org.rows)
    return part.sddmm.emitOpError()
           << "convert-sattn-to-pim: the part needs " << nextRow
           << " rows of each bank (Q, K, V and O of " << slots
           << " head instances and the scores of one), the bank has "
           << hw.org.rows << " (org.rows)";

  Location loc = part.sddmm.getLoc();
  int64_t banks = part.instanceBanks(hw);
  InstanceIndexing queries = instanceIndexing(part, banks, false);
  InstanceIndexing keyValues = instanceIndexing(part, banks, true);
  SlotPlacement at{slots, (firstGroup - part.firstGroup) * hw.org.banks,
                   slotBase, slot.regions.rows, cfgSlotsStride};
  InstanceIndexing rowValues = perRowIndexing(queries, part.headDim());
  for (const Placement &placement : slot.placements)
    emitPlacement(builder, loc, hw, placement,
                  placement.keyValue  ? keyValues
                  : placement.perRow ? rowValues
                                     : queries,
                  at, banks);

  int64_t peak = 0;
  TileEmitter tiles{emit, hw, part, slot.tiles};
  auto emitOneSlot = [&](Value slotIv) {
    emitSlot(tiles, slot, slotBase, scoresRow, slotIv, peak);
  };
  if (slots > 1)
    emit.loop(slots, emitOneSlot);
  else
    emitOneSlot(nullptr);
  if (peak > hw.bpm.bufferBytes)
    return part.sddmm.emitOpError()
           << "convert-sattn-to-pim: the schedule's buffers need " << peak
           << " bytes, the buffer has " << hw.bpm.bufferBytes
           << " (bpm.buffer_bytes)";
  return success();
}

/// The rows of a part that are laid out and walked as one, each with its
/// column split's runs of keys. A walk's positions are affine in its steps,
/// so each run of rows goes apart (its band, its causal mask); a non-causal
/// column split's rows (global rows, each attending every key) need no
/// position, so the host gathers them into one and the keys are read once
/// for all of them.
FailureOr<SmallVector<Part, 1>> walkedRuns(const Part &part) {
  SmallVector<Part, 1> runs;
  if (part.columnSplit && !part.spec().causal) {
    runs.push_back(part);
  } else {
    for (const pattern::Interval &run : part.rowRuns) {
      Part piece = part;
      piece.rowRuns = {run};
      piece.rowBegin = run.begin;
      piece.rowEnd = run.end;
      runs.push_back(std::move(piece));
    }
  }
  for (Part &run : runs)
    if (failed(readColumnRuns(run)))
      return failure();
  return runs;
}

} // namespace

LogicalResult sattn_to_pim::emitPart(Emitter &emit, OpBuilder &builder,
                                     const hw::HardwareDescription &hw,
                                     const Part &part, int64_t firstGroup,
                                     int64_t slots, int64_t cfgSlotsStride,
                                     int64_t &nextRow) {
  FailureOr<SmallVector<Part, 1>> runs = walkedRuns(part);
  if (failed(runs))
    return failure();
  for (const Part &run : *runs)
    if (failed(emitRun(emit, builder, hw, run, firstGroup, slots,
                       cfgSlotsStride, nextRow)))
      return failure();
  return success();
}
