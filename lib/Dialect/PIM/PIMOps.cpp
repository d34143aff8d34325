//===- PIMOps.cpp - processing-in-memory operations -----------------------===//
//
// Verifiers check every command against the hardware of the enclosing
// pim.kernel: buffer ranges, DRAM rows and columns (bounded over the loops
// they are computed in), lane counts.
//
//===----------------------------------------------------------------------===//

#include "pilot/Dialect/PIM/PIMOps.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "llvm/ADT/BitVector.h"
#include "llvm/ADT/TypeSwitch.h"
#include "llvm/Support/CheckedArithmetic.h"

#include <cmath>

using namespace mlir;
using namespace pilot;
using namespace pilot::pim;

//===----------------------------------------------------------------------===//
// Shared command checks
//===----------------------------------------------------------------------===//

namespace {

constexpr int64_t kElementBytes = 2; // FP16

/// The hardware of the kernel `op` is nested in.
FailureOr<hw::HardwareDescription> hardwareOf(Operation *op) {
  if (auto kernel = op->getParentOfType<KernelOp>())
    return kernel.getDescription();
  return op->emitOpError("must be nested in a pim.kernel, which carries the "
                         "hardware description");
}

/// [offset, offset + bytes) must lie in the buffer and hold whole FP16
/// elements. `bytes` is nothing when its size overflowed int64.
LogicalResult verifyBufferRange(Operation *op, StringRef operand,
                                int64_t offset, std::optional<int64_t> bytes,
                                const hw::HardwareDescription &hw) {
  std::optional<int64_t> end =
      bytes ? llvm::checkedAdd(offset, *bytes) : std::nullopt;
  if (!end)
    return op->emitOpError()
           << operand << " range from byte " << offset
           << " overflows int64, past the " << hw.bpm.bufferBytes
           << "-byte BPM buffer (bpm.buffer_bytes)";
  if (offset % kElementBytes != 0 || *bytes % kElementBytes != 0)
    return op->emitOpError()
           << operand << " range [" << offset << ", " << *end
           << ") must start and end on FP16 element boundaries";
  if (*end > hw.bpm.bufferBytes)
    return op->emitOpError() << operand << " range [" << offset << ", " << *end
                             << ") bytes is past the " << hw.bpm.bufferBytes
                             << "-byte BPM buffer (bpm.buffer_bytes)";
  return success();
}

LogicalResult verifyNoOverlap(Operation *op, StringRef first,
                              int64_t firstOffset, int64_t firstBytes,
                              StringRef second, int64_t secondOffset,
                              int64_t secondBytes) {
  if (firstOffset + firstBytes <= secondOffset ||
      secondOffset + secondBytes <= firstOffset)
    return success();
  return op->emitOpError() << first << " range [" << firstOffset << ", "
                           << firstOffset + firstBytes << ") overlaps "
                           << second << " range [" << secondOffset << ", "
                           << secondOffset + secondBytes << ")";
}

LogicalResult verifyLanes(Operation *op, int64_t lanes,
                          const hw::HardwareDescription &hw) {
  if (lanes <= hw.bpm.lanes)
    return success();
  return op->emitOpError() << "uses " << lanes << " lanes but the BPM has "
                           << hw.bpm.lanes << " (bpm.lanes)";
}

/// The closed range an index value takes, for values computed from
/// constants and pim.loop induction variables by additions and
/// multiplications: the address arithmetic the simulator evaluates.
struct IndexRange {
  int64_t min;
  int64_t max;
  /// Some value in the range does not fit in int64 (min and max are then
  /// meaningless).
  bool overflows = false;
};

/// The range of a sum or product of two ranges, checked for overflow.
IndexRange combine(const IndexRange &lhs, const IndexRange &rhs, bool mul) {
  if (lhs.overflows || rhs.overflows)
    return {0, 0, /*overflows=*/true};
  auto apply = [&](int64_t a, int64_t b) {
    return mul ? llvm::checkedMul(a, b) : llvm::checkedAdd(a, b);
  };
  std::optional<int64_t> corners[] = {
      apply(lhs.min, rhs.min), apply(lhs.min, rhs.max), apply(lhs.max, rhs.min),
      apply(lhs.max, rhs.max)};
  IndexRange range{INT64_MAX, INT64_MIN};
  for (std::optional<int64_t> corner : corners) {
    if (!corner)
      return {0, 0, /*overflows=*/true};
    range.min = std::min(range.min, *corner);
    range.max = std::max(range.max, *corner);
  }
  return range;
}

std::optional<IndexRange> rangeOf(Value value) {
  if (auto iv = dyn_cast<BlockArgument>(value)) {
    auto loop = dyn_cast<LoopOp>(iv.getOwner()->getParentOp());
    if (!loop)
      return std::nullopt;
    if (loop.getTripCount() == 0)
      return IndexRange{loop.getLower(), loop.getLower()};
    return IndexRange{loop.getLower(), loop.getLastValue()};
  }
  Operation *def = value.getDefiningOp();
  if (!def)
    return std::nullopt;
  return llvm::TypeSwitch<Operation *, std::optional<IndexRange>>(def)
      .Case([](arith::ConstantIndexOp constant) -> std::optional<IndexRange> {
        return IndexRange{constant.value(), constant.value()};
      })
      .Case([](arith::AddIOp add) -> std::optional<IndexRange> {
        std::optional<IndexRange> lhs = rangeOf(add.getLhs());
        std::optional<IndexRange> rhs = rangeOf(add.getRhs());
        if (!lhs || !rhs)
          return std::nullopt;
        return combine(*lhs, *rhs, /*mul=*/false);
      })
      .Case([](arith::MulIOp mul) -> std::optional<IndexRange> {
        std::optional<IndexRange> lhs = rangeOf(mul.getLhs());
        std::optional<IndexRange> rhs = rangeOf(mul.getRhs());
        if (!lhs || !rhs)
          return std::nullopt;
        return combine(*lhs, *rhs, /*mul=*/true);
      })
      .Default([](Operation *) { return std::nullopt; });
}

FailureOr<IndexRange> addressRange(Operation *op, StringRef operand,
                                   Value value) {
  if (std::optional<IndexRange> range = rangeOf(value))
    return *range;
  return op->emitOpError()
         << operand << " must be computed from arith.constant, arith.addi, "
         << "arith.muli and pim.loop induction variables";
}

/// `bytes` bytes from (row, col) must stay inside one row of the bank.
LogicalResult verifyDramRange(Operation *op, Value row, Value col,
                              int64_t bytes,
                              const hw::HardwareDescription &hw) {
  FailureOr<IndexRange> rows = addressRange(op, "row", row);
  FailureOr<IndexRange> cols = addressRange(op, "col", col);
  if (failed(rows) || failed(cols))
    return failure();
  if (rows->overflows)
    return op->emitOpError()
           << "row overflows int64 over its loops' ranges, "
           << "past the bank's rows [0, " << hw.org.rows - 1 << "] (org.rows)";
  if (cols->overflows)
    return op->emitOpError()
           << "col overflows int64 over its loops' ranges, past the row's "
           << "columns [0, " << hw.columnsPerRow() - 1 << "]";
  if (rows->min < 0 || rows->max >= hw.org.rows)
    return op->emitOpError() << "row reaches [" << rows->min << ", "
                             << rows->max << "], past the bank's rows [0, "
                             << hw.org.rows - 1 << "] (org.rows)";
  if (cols->min < 0 || cols->max >= hw.columnsPerRow())
    return op->emitOpError()
           << "col reaches [" << cols->min << ", " << cols->max
           << "], past the row's columns [0, " << hw.columnsPerRow() - 1 << "]";
  if (bytes % kElementBytes != 0)
    return op->emitOpError() << "moves " << bytes
                             << " bytes, not a whole number of FP16 elements";
  // cols->max is a column of the row, so only `bytes` can overflow the end.
  std::optional<int64_t> end =
      llvm::checkedAdd(cols->max * hw.org.columnBytes, bytes);
  if (!end)
    return op->emitOpError() << "moves " << bytes << " bytes from column "
                             << cols->max << ", ending past int64, past the "
                             << hw.org.rowBytes << "-byte row (org.row_bytes)";
  if (*end > hw.org.rowBytes)
    return op->emitOpError()
           << "moves " << bytes << " bytes from column " << cols->max
           << ", ending at byte " << *end << " past the " << hw.org.rowBytes
           << "-byte row (org.row_bytes); split the transfer by row";
  return success();
}

/// A DRAM <-> buffer transfer: both ends in range.
LogicalResult verifyTransfer(Operation *op, Value row, Value col,
                             int64_t buffer, int64_t bytes) {
  FailureOr<hw::HardwareDescription> hw = hardwareOf(op);
  if (failed(hw) || failed(verifyBufferRange(op, "buffer", buffer, bytes, *hw)))
    return failure();
  return verifyDramRange(op, row, col, bytes, *hw);
}

} // namespace

//===----------------------------------------------------------------------===//
// KernelOp
//===----------------------------------------------------------------------===//

LogicalResult KernelOp::verifyRegions() {
  hw::HardwareDescription hw = getDescription();
  int64_t totalBanks = hw.totalBanks();
  llvm::BitVector owned(totalBanks);
  llvm::DenseMap<int64_t, BankClassOp> ownerOf;
  for (Operation &op : getBody().front()) {
    auto bankClass = dyn_cast<BankClassOp>(op);
    if (!bankClass)
      return op.emitOpError("is not a pim.bank_class; a pim.kernel holds only "
                            "bank classes");
    std::optional<int64_t> last = llvm::checkedMulAdd(
        bankClass.getCount() - 1, bankClass.getStride(), bankClass.getFirst());
    if (!last)
      return bankClass.emitOpError()
             << "names banks past int64 but the hardware has " << totalBanks
             << " banks";
    if (*last >= totalBanks)
      return bankClass.emitOpError()
             << "names bank " << *last << " but the hardware has " << totalBanks
             << " banks";
    for (int64_t i = 0; i < bankClass.getCount(); ++i) {
      int64_t bank = bankClass.getBank(i);
      if (owned.test(bank)) {
        InFlightDiagnostic diag = bankClass.emitOpError()
                                  << "shares bank " << bank
                                  << " with another class";
        diag.attachNote(ownerOf[bank].getLoc()) << "the other class";
        return diag;
      }
      owned.set(bank);
      ownerOf[bank] = bankClass;
    }
  }
  return success();
}

//===----------------------------------------------------------------------===//
// LoopOp
//===----------------------------------------------------------------------===//

ParseResult LoopOp::parse(OpAsmParser &parser, OperationState &result) {
  OpAsmParser::Argument inductionVar;
  int64_t lower, upper, step = 1;
  if (parser.parseArgument(inductionVar) || parser.parseEqual() ||
      parser.parseInteger(lower) || parser.parseKeyword("to") ||
      parser.parseInteger(upper))
    return failure();
  if (succeeded(parser.parseOptionalKeyword("step")) &&
      parser.parseInteger(step))
    return failure();
  Builder &builder = parser.getBuilder();
  inductionVar.type = builder.getIndexType();
  result.addAttribute("lower", builder.getI64IntegerAttr(lower));
  result.addAttribute("upper", builder.getI64IntegerAttr(upper));
  result.addAttribute("step", builder.getI64IntegerAttr(step));
  Region *body = result.addRegion();
  if (parser.parseRegion(*body, inductionVar) ||
      parser.parseOptionalAttrDict(result.attributes))
    return failure();
  LoopOp::ensureTerminator(*body, builder, result.location);
  return success();
}

void LoopOp::print(OpAsmPrinter &printer) {
  printer << ' ' << getInductionVar() << " = " << getLower() << " to "
          << getUpper();
  if (getStep() != 1)
    printer << " step " << getStep();
  printer << ' ';
  printer.printRegion(getBody(), /*printEntryBlockArgs=*/false,
                      /*printBlockTerminators=*/false);
  printer.printOptionalAttrDict((*this)->getAttrs(),
                                {"lower", "upper", "step"});
}

LogicalResult LoopOp::verify() {
  Block &body = getBody().front();
  if (body.getNumArguments() != 1 || !body.getArgument(0).getType().isIndex())
    return emitOpError("body must take one index induction variable");
  if (getUpper() < getLower())
    return emitOpError() << "upper bound " << getUpper()
                         << " is below lower bound " << getLower();
  return success();
}

//===----------------------------------------------------------------------===//
// Commands
//===----------------------------------------------------------------------===//

LogicalResult CfgOp::verify() {
  FailureOr<hw::HardwareDescription> hw = hardwareOf(*this);
  if (failed(hw))
    return failure();
  if (getTensor().empty())
    return emitOpError("needs a tensor name");
  if (std::optional<ArrayRef<int64_t>> select = getSelect())
    if (select->size() != 2 || (*select)[0] < 1 || (*select)[1] < 0 ||
        (*select)[1] >= (*select)[0])
      return emitOpError("select must be [R, V] with R >= 1 and 0 <= V < R");
  if (std::optional<ArrayRef<int64_t>> random = getRandomBlocks()) {
    if (random->size() != 2 || (*random)[0] < 0 || (*random)[1] < 1)
      return emitOpError("random_blocks must be [first, count] with first "
                         ">= 0 and count >= 1");
    if (getSegments())
      return emitOpError("random_blocks and segments both give the slice's "
                         "segments; use one");
  }
  int64_t slots = getSlotCount(), rowStride = getSlotRowStride();
  if (slots < 1 || getSlotIndexBase() < 0 || getSlotIndexStride() < 0 ||
      rowStride < 0)
    return emitOpError() << "slots(" << slots
                         << ", index_base = " << getSlotIndexBase()
                         << ", index_stride = " << getSlotIndexStride()
                         << ", row_stride = " << rowStride
                         << ") needs at least one slot and no negative value";
  if (slots > 1 && rowStride < getNumRows())
    return emitOpError() << "slots are " << rowStride
                         << " rows apart but each takes " << getNumRows()
                         << " rows; row_stride must be at least num_rows";
  std::optional<int64_t> lastRow =
      llvm::checkedMulAdd(slots - 1, rowStride, getFirstRow());
  std::optional<int64_t> end =
      lastRow ? llvm::checkedAdd(*lastRow, getNumRows()) : std::nullopt;
  if (!end)
    return emitOpError() << "slots reach rows past int64, past the bank's "
                         << hw->org.rows << " rows (org.rows)";
  if (*end > hw->org.rows) {
    if (slots == 1)
      return emitOpError() << "rows [" << getFirstRow() << ", "
                           << getFirstRow() + getNumRows()
                           << ") are past the bank's " << hw->org.rows
                           << " rows (org.rows)";
    return emitOpError() << "slot " << slots - 1 << " takes rows [" << *lastRow
                         << ", " << *end << "), past the bank's "
                         << hw->org.rows << " rows (org.rows)";
  }
  // num_rows is at most org.rows here, so the capacity fits.
  int64_t capacity = getNumRows() * hw->org.rowBytes;
  std::optional<int64_t> bytes = hw::fp16Bytes({getElements()});
  if (!bytes)
    return emitOpError() << getElements()
                         << " FP16 elements overflow int64 bytes and do not "
                            "fit in "
                         << getNumRows() << " rows of " << hw->org.rowBytes
                         << " bytes";
  if (*bytes > capacity)
    return emitOpError() << getElements() << " FP16 elements (" << *bytes
                         << " bytes) do not fit in " << getNumRows()
                         << " rows of " << hw->org.rowBytes << " bytes";
  ArrayRef<int64_t> radices = getRadices(), strides = getStrides();
  if (radices.size() != strides.size())
    return emitOpError() << "has " << radices.size() << " radices but "
                         << strides.size() << " strides";
  for (auto [radix, stride] : llvm::zip_equal(radices, strides))
    if (radix < 1 || stride < 0)
      return emitOpError("radices must be positive and strides non-negative");
  if (std::optional<ArrayRef<int64_t>> segments = getSegments()) {
    if (segments->size() % 2 != 0)
      return emitOpError() << "segments hold " << segments->size()
                           << " values, not (start, length) pairs";
    int64_t total = 0;
    for (size_t k = 0; k < segments->size(); k += 2) {
      int64_t start = (*segments)[k], length = (*segments)[k + 1];
      if (start < 0 || length < 1)
        return emitOpError()
               << "segment " << k / 2 << " [" << start << ", " << length
               << "] needs a non-negative start and a "
                  "positive length";
      // A total past int64 is past the elements, which the rows bound.
      std::optional<int64_t> sum = llvm::checkedAdd(total, length);
      if (!sum)
        return emitOpError() << "segments hold more than " << INT64_MAX
                             << " elements but the slice has " << getElements();
      total = *sum;
    }
    if (total != getElements())
      return emitOpError() << "segments hold " << total
                           << " elements but the slice has " << getElements();
  }
  return success();
}

LogicalResult MovOp::verify() {
  return verifyTransfer(*this, getRow(), getCol(), getBuf(), getBytes());
}

LogicalResult OutOp::verify() {
  return verifyTransfer(*this, getRow(), getCol(), getBuf(), getBytes());
}

LogicalResult MacOp::verify() {
  FailureOr<hw::HardwareDescription> hw = hardwareOf(*this);
  if (failed(hw))
    return failure();
  std::optional<int64_t> lhsBytes = hw::fp16Bytes({getM(), getK()});
  std::optional<int64_t> rhsBytes = hw::fp16Bytes({getK(), getN()});
  std::optional<int64_t> accBytes = hw::fp16Bytes({getM(), getN()});
  if (failed(verifyLanes(*this, getLanes(), *hw)) ||
      failed(verifyBufferRange(*this, "lhs", getLhs(), lhsBytes, *hw)) ||
      failed(verifyBufferRange(*this, "rhs", getRhs(), rhsBytes, *hw)) ||
      failed(verifyBufferRange(*this, "acc", getAcc(), accBytes, *hw)))
    return failure();
  return success(succeeded(verifyNoOverlap(*this, "acc", getAcc(), *accBytes,
                                           "lhs", getLhs(), *lhsBytes)) &&
                 succeeded(verifyNoOverlap(*this, "acc", getAcc(), *accBytes,
                                           "rhs", getRhs(), *rhsBytes)));
}

LogicalResult ExpOp::verify() {
  FailureOr<hw::HardwareDescription> hw = hardwareOf(*this);
  if (failed(hw))
    return failure();
  std::optional<int64_t> bytes = hw::fp16Bytes({getElements()});
  if (failed(verifyLanes(*this, getLanes(), *hw)) ||
      failed(verifyBufferRange(*this, "src", getSrc(), bytes, *hw)) ||
      failed(verifyBufferRange(*this, "dst", getDst(), bytes, *hw)))
    return failure();
  // Elementwise: in place is fine, a shifted overlap would read results.
  if (getSrc() == getDst())
    return success();
  return verifyNoOverlap(*this, "dst", getDst(), *bytes, "src", getSrc(),
                         *bytes);
}

LogicalResult AccOp::verify() {
  FailureOr<hw::HardwareDescription> hw = hardwareOf(*this);
  if (failed(hw))
    return failure();
  std::optional<int64_t> srcBytes = hw::fp16Bytes({getRows(), getCols()});
  std::optional<int64_t> dstBytes = hw::fp16Bytes({getRows()});
  if (failed(verifyBufferRange(*this, "src", getSrc(), srcBytes, *hw)) ||
      failed(verifyBufferRange(*this, "dst", getDst(), dstBytes, *hw)))
    return failure();
  // One column a row is elementwise: each row's value is read before its
  // result is written, so in place is fine (a group's reduced outputs
  // replace its banks' partials).
  if (getCols() == 1 && getSrc() == getDst())
    return success();
  return verifyNoOverlap(*this, "dst", getDst(), *dstBytes, "src", getSrc(),
                         *srcBytes);
}

/// PLT_SFM and PLT_SUB: `rows x cols` elements from `src` to `dst` (in
/// place or apart) with one value per row from `vector`, which `dst` may
/// not overlap.
static LogicalResult verifyRowBroadcast(Operation *op, int64_t src,
                                        StringRef vecName, int64_t vec,
                                        int64_t dst, int64_t rows, int64_t cols,
                                        int64_t lanes) {
  FailureOr<hw::HardwareDescription> hw = hardwareOf(op);
  if (failed(hw))
    return failure();
  std::optional<int64_t> dataBytes = hw::fp16Bytes({rows, cols});
  std::optional<int64_t> vecBytes = hw::fp16Bytes({rows});
  if (failed(verifyLanes(op, lanes, *hw)) ||
      failed(verifyBufferRange(op, "src", src, dataBytes, *hw)) ||
      failed(verifyBufferRange(op, vecName, vec, vecBytes, *hw)) ||
      failed(verifyBufferRange(op, "dst", dst, dataBytes, *hw)))
    return failure();
  if (src != dst && failed(verifyNoOverlap(op, "dst", dst, *dataBytes, "src",
                                           src, *dataBytes)))
    return failure();
  return verifyNoOverlap(op, "dst", dst, *dataBytes, vecName, vec, *vecBytes);
}

LogicalResult SfmOp::verify() {
  return verifyRowBroadcast(*this, getSrc(), "sums", getSums(), getDst(),
                            getRows(), getCols(), getLanes());
}

LogicalResult MaskOp::verify() {
  FailureOr<hw::HardwareDescription> hw = hardwareOf(*this);
  if (failed(hw))
    return failure();
  std::optional<int64_t> bytes = hw::fp16Bytes({getRows(), getCols()});
  if (std::optional<ArrayRef<int64_t>> bank = getBank())
    if (bank->size() != 3 || (*bank)[0] < 1)
      return emitOpError("bank must be [R, D, K] with R >= 1");
  if (failed(verifyLanes(*this, getLanes(), *hw)) ||
      failed(verifyBufferRange(*this, "block", getBuf(), bytes, *hw)) ||
      failed(addressRange(*this, "diag", getDiag())) ||
      failed(addressRange(*this, "key", getKey())))
    return failure();
  if (getBandLo() > getBandHi())
    return emitOpError() << "band [" << getBandLo() << ", " << getBandHi()
                         << "] is empty; band_lo must not exceed band_hi";
  if (getKeysLo() > getKeysHi())
    return emitOpError() << "keys [" << getKeysLo() << ", " << getKeysHi()
                         << ") end before they start";
  // FP16 rounds magnitudes from 65520 up to infinity.
  double scale = getScale().convertToDouble();
  if (!(std::fabs(scale) < 65520.0))
    return emitOpError() << "scale " << scale << " is not a finite FP16 value";
  return success();
}

LogicalResult SubOp::verify() {
  return verifyRowBroadcast(*this, getSrc(), "vec", getVec(), getDst(),
                            getRows(), getCols(), getLanes());
}

//===----------------------------------------------------------------------===//
// Custom directives
//===----------------------------------------------------------------------===//

/// `slots(N, index_base = B, index_stride = X, row_stride = R)`, or nothing.
static ParseResult parseSlots(OpAsmParser &parser, IntegerAttr &slots,
                              IntegerAttr &indexBase, IntegerAttr &indexStride,
                              IntegerAttr &rowStride) {
  if (failed(parser.parseOptionalKeyword("slots")))
    return success();
  int64_t count, base, stride, rows;
  if (parser.parseLParen() || parser.parseInteger(count) ||
      parser.parseComma() || parser.parseKeyword("index_base") ||
      parser.parseEqual() || parser.parseInteger(base) || parser.parseComma() ||
      parser.parseKeyword("index_stride") || parser.parseEqual() ||
      parser.parseInteger(stride) || parser.parseComma() ||
      parser.parseKeyword("row_stride") || parser.parseEqual() ||
      parser.parseInteger(rows) || parser.parseRParen())
    return failure();
  Builder &builder = parser.getBuilder();
  slots = builder.getI64IntegerAttr(count);
  indexBase = builder.getI64IntegerAttr(base);
  indexStride = builder.getI64IntegerAttr(stride);
  rowStride = builder.getI64IntegerAttr(rows);
  return success();
}

static void printSlots(OpAsmPrinter &printer, CfgOp op, IntegerAttr slots,
                       IntegerAttr indexBase, IntegerAttr indexStride,
                       IntegerAttr rowStride) {
  if (!slots && !indexBase && !indexStride && !rowStride)
    return;
  // The format leaves out the space before the directive, so that nothing
  // trails an op without slots.
  printer << " slots(" << op.getSlotCount()
          << ", index_base = " << op.getSlotIndexBase()
          << ", index_stride = " << op.getSlotIndexStride()
          << ", row_stride = " << op.getSlotRowStride() << ")";
}

/// `inside` or `outside` the band.
static ParseResult parseBandSide(OpAsmParser &parser, UnitAttr &outside) {
  if (succeeded(parser.parseOptionalKeyword("outside"))) {
    outside = parser.getBuilder().getUnitAttr();
    return success();
  }
  if (succeeded(parser.parseOptionalKeyword("inside")))
    return success();
  return parser.emitError(parser.getCurrentLocation(),
                          "expected 'inside' or 'outside' (the band)");
}

static void printBandSide(OpAsmPrinter &printer, MaskOp, UnitAttr outside) {
  printer << (outside ? "outside" : "inside");
}

#define GET_OP_CLASSES
#include "pilot/Dialect/PIM/PIMOps.cpp.inc"
