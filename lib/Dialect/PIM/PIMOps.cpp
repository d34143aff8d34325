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
/// elements.
LogicalResult verifyBufferRange(Operation *op, StringRef operand,
                                int64_t offset, int64_t bytes,
                                const hw::HardwareDescription &hw) {
  if (offset % kElementBytes != 0 || bytes % kElementBytes != 0)
    return op->emitOpError()
           << operand << " range [" << offset << ", " << offset + bytes
           << ") must start and end on FP16 element boundaries";
  if (offset + bytes > hw.bpm.bufferBytes)
    return op->emitOpError()
           << operand << " range [" << offset << ", " << offset + bytes
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
};

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
        return IndexRange{lhs->min + rhs->min, lhs->max + rhs->max};
      })
      .Case([](arith::MulIOp mul) -> std::optional<IndexRange> {
        std::optional<IndexRange> lhs = rangeOf(mul.getLhs());
        std::optional<IndexRange> rhs = rangeOf(mul.getRhs());
        if (!lhs || !rhs)
          return std::nullopt;
        int64_t corners[] = {lhs->min * rhs->min, lhs->min * rhs->max,
                             lhs->max * rhs->min, lhs->max * rhs->max};
        return IndexRange{
            *std::min_element(std::begin(corners), std::end(corners)),
            *std::max_element(std::begin(corners), std::end(corners))};
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
  int64_t end = cols->max * hw.org.columnBytes + bytes;
  if (end > hw.org.rowBytes)
    return op->emitOpError()
           << "moves " << bytes << " bytes from column " << cols->max
           << ", ending at byte " << end << " past the " << hw.org.rowBytes
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
    int64_t last = bankClass.getBank(bankClass.getCount() - 1);
    if (last >= totalBanks)
      return bankClass.emitOpError()
             << "names bank " << last << " but the hardware has " << totalBanks
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
  if (getFirstRow() + getNumRows() > hw->org.rows)
    return emitOpError() << "rows [" << getFirstRow() << ", "
                         << getFirstRow() + getNumRows()
                         << ") are past the bank's " << hw->org.rows
                         << " rows (org.rows)";
  int64_t capacity = getNumRows() * hw->org.rowBytes;
  if (getElements() * kElementBytes > capacity)
    return emitOpError() << getElements() << " FP16 elements ("
                         << getElements() * kElementBytes
                         << " bytes) do not fit in " << getNumRows()
                         << " rows of " << hw->org.rowBytes << " bytes";
  ArrayRef<int64_t> radices = getRadices(), strides = getStrides();
  if (radices.size() != strides.size())
    return emitOpError() << "has " << radices.size() << " radices but "
                         << strides.size() << " strides";
  int64_t product = 1;
  for (auto [radix, stride] : llvm::zip_equal(radices, strides)) {
    if (radix < 1 || stride < 0)
      return emitOpError("radices must be positive and strides non-negative");
    product *= radix;
  }
  auto bankClass = (*this)->getParentOfType<BankClassOp>();
  if (product != bankClass.getCount())
    return emitOpError() << "radices multiply to " << product
                         << " but the bank class has " << bankClass.getCount()
                         << " banks";
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
  int64_t lhsBytes = getM() * getK() * kElementBytes;
  int64_t rhsBytes = getK() * getN() * kElementBytes;
  int64_t accBytes = getM() * getN() * kElementBytes;
  if (failed(verifyLanes(*this, getLanes(), *hw)) ||
      failed(verifyBufferRange(*this, "lhs", getLhs(), lhsBytes, *hw)) ||
      failed(verifyBufferRange(*this, "rhs", getRhs(), rhsBytes, *hw)) ||
      failed(verifyBufferRange(*this, "acc", getAcc(), accBytes, *hw)))
    return failure();
  return success(succeeded(verifyNoOverlap(*this, "acc", getAcc(), accBytes,
                                           "lhs", getLhs(), lhsBytes)) &&
                 succeeded(verifyNoOverlap(*this, "acc", getAcc(), accBytes,
                                           "rhs", getRhs(), rhsBytes)));
}

LogicalResult ExpOp::verify() {
  FailureOr<hw::HardwareDescription> hw = hardwareOf(*this);
  if (failed(hw))
    return failure();
  int64_t bytes = getElements() * kElementBytes;
  if (failed(verifyLanes(*this, getLanes(), *hw)) ||
      failed(verifyBufferRange(*this, "src", getSrc(), bytes, *hw)) ||
      failed(verifyBufferRange(*this, "dst", getDst(), bytes, *hw)))
    return failure();
  // Elementwise: in place is fine, a shifted overlap would read results.
  if (getSrc() == getDst())
    return success();
  return verifyNoOverlap(*this, "dst", getDst(), bytes, "src", getSrc(), bytes);
}

LogicalResult AccOp::verify() {
  FailureOr<hw::HardwareDescription> hw = hardwareOf(*this);
  if (failed(hw))
    return failure();
  int64_t srcBytes = getRows() * getCols() * kElementBytes;
  int64_t dstBytes = getRows() * kElementBytes;
  if (failed(verifyBufferRange(*this, "src", getSrc(), srcBytes, *hw)) ||
      failed(verifyBufferRange(*this, "dst", getDst(), dstBytes, *hw)))
    return failure();
  return verifyNoOverlap(*this, "dst", getDst(), dstBytes, "src", getSrc(),
                         srcBytes);
}

LogicalResult SfmOp::verify() {
  FailureOr<hw::HardwareDescription> hw = hardwareOf(*this);
  if (failed(hw))
    return failure();
  int64_t dataBytes = getRows() * getCols() * kElementBytes;
  int64_t sumBytes = getRows() * kElementBytes;
  if (failed(verifyLanes(*this, getLanes(), *hw)) ||
      failed(verifyBufferRange(*this, "src", getSrc(), dataBytes, *hw)) ||
      failed(verifyBufferRange(*this, "sums", getSums(), sumBytes, *hw)) ||
      failed(verifyBufferRange(*this, "dst", getDst(), dataBytes, *hw)))
    return failure();
  if (getSrc() != getDst() &&
      failed(verifyNoOverlap(*this, "dst", getDst(), dataBytes, "src", getSrc(),
                             dataBytes)))
    return failure();
  return verifyNoOverlap(*this, "dst", getDst(), dataBytes, "sums", getSums(),
                         sumBytes);
}

#define GET_OP_CLASSES
#include "pilot/Dialect/PIM/PIMOps.cpp.inc"
