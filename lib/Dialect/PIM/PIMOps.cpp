//===- PIMOps.cpp - processing-in-memory operations -----------------------===//
//
// Verifiers check every command against the hardware of the enclosing
// pim.kernel with the rule book (pilot/Hardware/ProgramRules.h), which the
// simulator's program check calls too: buffer ranges, DRAM rows and columns
// (bounded over the loops they are computed in), lane counts, placements.
// What stays here is the IR's own shape: nesting, and addresses built from
// the arithmetic the simulator evaluates.
//
//===----------------------------------------------------------------------===//

#include "pilot/Dialect/PIM/PIMOps.h"

#include "pilot/Hardware/ProgramRules.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "llvm/ADT/TypeSwitch.h"

using namespace mlir;
using namespace pilot;
using namespace pilot::pim;

//===----------------------------------------------------------------------===//
// Shared command checks
//===----------------------------------------------------------------------===//

namespace {

/// The hardware of the kernel `op` is nested in.
FailureOr<hw::HardwareDescription> hardwareOf(Operation *op) {
  if (auto kernel = op->getParentOfType<KernelOp>())
    return kernel.getDescription();
  return op->emitOpError("must be nested in a pim.kernel, which carries the "
                         "hardware description");
}

/// Reports the rule book's \p violation on \p op, if any.
LogicalResult report(Operation *op, const rules::Violation &violation) {
  if (violation)
    return op->emitOpError(*violation);
  return success();
}

/// The closed range an index value takes, for values computed from
/// constants and pim.loop induction variables by additions and
/// multiplications: the address arithmetic the simulator evaluates.
std::optional<rules::IndexRange> rangeOf(Value value) {
  if (auto iv = dyn_cast<BlockArgument>(value)) {
    auto loop = dyn_cast<LoopOp>(iv.getOwner()->getParentOp());
    if (!loop)
      return std::nullopt;
    if (loop.getTripCount() == 0)
      return rules::IndexRange::point(loop.getLower());
    return rules::IndexRange{loop.getLower(), loop.getLastValue()};
  }
  Operation *def = value.getDefiningOp();
  if (!def)
    return std::nullopt;
  auto combine = [](Value lhs, Value rhs,
                    auto rule) -> std::optional<rules::IndexRange> {
    std::optional<rules::IndexRange> lhsRange = rangeOf(lhs);
    std::optional<rules::IndexRange> rhsRange = rangeOf(rhs);
    if (!lhsRange || !rhsRange)
      return std::nullopt;
    return rule(*lhsRange, *rhsRange);
  };
  return llvm::TypeSwitch<Operation *, std::optional<rules::IndexRange>>(def)
      .Case([](arith::ConstantIndexOp constant) {
        return std::optional(rules::IndexRange::point(constant.value()));
      })
      .Case([&](arith::AddIOp add) {
        return combine(add.getLhs(), add.getRhs(), rules::addRanges);
      })
      .Case([&](arith::MulIOp mul) {
        return combine(mul.getLhs(), mul.getRhs(), rules::mulRanges);
      })
      .Default([](Operation *) { return std::nullopt; });
}

FailureOr<rules::IndexRange> addressRange(Operation *op, StringRef operand,
                                          Value value) {
  if (std::optional<rules::IndexRange> range = rangeOf(value))
    return *range;
  return op->emitOpError()
         << operand << " must be computed from arith.constant, arith.addi, "
         << "arith.muli and pim.loop induction variables";
}

/// A DRAM <-> buffer transfer: both ends in range.
LogicalResult verifyTransfer(Operation *op, Value row, Value col,
                             int64_t buffer, int64_t bytes) {
  FailureOr<hw::HardwareDescription> hw = hardwareOf(op);
  if (failed(hw))
    return failure();
  FailureOr<rules::IndexRange> rows = addressRange(op, "row", row);
  FailureOr<rules::IndexRange> cols = addressRange(op, "col", col);
  if (failed(rows) || failed(cols))
    return failure();
  return report(op, rules::checkTransfer({*rows, *cols, buffer, bytes}, *hw));
}

} // namespace

//===----------------------------------------------------------------------===//
// KernelOp
//===----------------------------------------------------------------------===//

LogicalResult KernelOp::verifyRegions() {
  SmallVector<BankClassOp> classes;
  SmallVector<rules::BankClassBanks> banks;
  bool merged = false;
  for (Operation &op : getBody().front()) {
    if (isa<MergeOp>(op)) {
      merged = true;
      continue;
    }
    auto bankClass = dyn_cast<BankClassOp>(op);
    if (!bankClass)
      return op.emitOpError("is not a pim.bank_class or pim.merge; a "
                            "pim.kernel holds only those");
    if (merged)
      return op.emitOpError("follows a pim.merge; the host merges after "
                            "every bank class has run");
    classes.push_back(bankClass);
    banks.push_back({bankClass.getSymName(), bankClass.getFirst(),
                     bankClass.getCount(), bankClass.getStride()});
  }
  std::optional<rules::BankClassViolation> violation =
      rules::checkBankClasses(banks, getDescription());
  if (!violation)
    return success();
  InFlightDiagnostic diag =
      classes[violation->index].emitOpError(violation->message);
  if (violation->other)
    diag.attachNote(classes[*violation->other].getLoc()) << "the other class";
  return diag;
}

//===----------------------------------------------------------------------===//
// MergeOp
//===----------------------------------------------------------------------===//

LogicalResult MergeOp::verify() {
  SmallVector<StringRef, 4> names = {getOutput(), getPartials(), getSums()};
  if (getMaxima())
    names.push_back(*getMaxima());
  for (auto [i, name] : llvm::enumerate(names)) {
    if (name.empty())
      return emitOpError("names a tensor with an empty name");
    for (StringRef earlier : ArrayRef(names).take_front(i))
      if (earlier == name)
        return emitOpError() << "names tensor \"" << name
                             << "\" twice; the output, partials, maxima and "
                                "sums are tensors of their own";
  }
  ArrayRef<int64_t> heads = getHeads();
  if (heads.empty())
    return emitOpError("merges no heads");
  for (size_t i = 0; i < heads.size(); ++i)
    if (heads[i] < 0 || (i > 0 && heads[i] <= heads[i - 1]))
      return emitOpError() << "heads must be ascending and non-negative, "
                              "but head "
                           << i << " is " << heads[i];
  auto kernel = (*this)->getParentOfType<KernelOp>();
  // The merged heads and rows are those of the kernel's query.
  std::optional<int64_t> queries;
  if (auto attention =
          kernel->getAttrOfType<DictionaryAttr>("pilot.attention"))
    if (auto shape = attention.getAs<DenseI64ArrayAttr>("query_shape");
        shape && shape.size() == 4) {
      if (heads.back() >= shape[1])
        return emitOpError()
               << "merges head " << heads.back() << " but the "
               << "kernel's pilot.attention query has " << shape[1] << " heads";
      queries = shape[2];
    }
  if (std::optional<ArrayRef<int64_t>> rows = getRows())
    if (rules::Violation violation = rules::checkMergeRows(*rows, queries))
      return emitOpError() << *violation;
  // The partials are placed in the banks, where the groups write them.
  for (StringRef name : ArrayRef(names).drop_front()) {
    bool placed = false;
    kernel.walk([&](CfgOp cfg) {
      placed |= cfg.getTensor() == name;
      return placed ? WalkResult::interrupt() : WalkResult::advance();
    });
    if (!placed)
      return emitOpError() << "reads tensor \"" << name
                           << "\", which no pim.cfg of the kernel places";
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
  return report(*this, rules::checkLoop(getLower(), getUpper(), getStep()));
}

//===----------------------------------------------------------------------===//
// Commands
//===----------------------------------------------------------------------===//

LogicalResult CfgOp::verify() {
  FailureOr<hw::HardwareDescription> hw = hardwareOf(*this);
  if (failed(hw))
    return failure();
  rules::Placement placement;
  placement.tensor = getTensor();
  placement.firstRow = getFirstRow();
  placement.numRows = getNumRows();
  placement.elements = getElements();
  placement.offset = getOffset();
  placement.radices = getRadices();
  placement.strides = getStrides();
  placement.digitTable = getDigitTable();
  placement.segments = getSegments();
  placement.slots = getSlotCount();
  placement.indexBase = getSlotIndexBase();
  placement.indexStride = getSlotIndexStride();
  placement.rowStride = getSlotRowStride();
  placement.select = getSelect();
  placement.randomBlocks = getRandomBlocks();
  return report(*this, rules::checkPlacement(placement, *hw));
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
  return report(*this, rules::checkMac({getLhs(), getRhs(), getAcc(), getM(),
                                        getN(), getK(), getLanes()},
                                       *hw));
}

LogicalResult ExpOp::verify() {
  FailureOr<hw::HardwareDescription> hw = hardwareOf(*this);
  if (failed(hw))
    return failure();
  return report(
      *this,
      rules::checkExp({getSrc(), getDst(), getElements(), getLanes()}, *hw));
}

LogicalResult AccOp::verify() {
  FailureOr<hw::HardwareDescription> hw = hardwareOf(*this);
  if (failed(hw))
    return failure();
  return report(
      *this, rules::checkAcc({getSrc(), getDst(), getRows(), getCols()}, *hw));
}

/// PLT_SFM and PLT_SUB: `rows x cols` elements from `src` to `dst` with one
/// value per row from a vector named \p vectorName.
static LogicalResult verifyRowBroadcast(Operation *op, int64_t src,
                                        StringRef vectorName, int64_t vector,
                                        int64_t dst, int64_t rows, int64_t cols,
                                        int64_t lanes) {
  FailureOr<hw::HardwareDescription> hw = hardwareOf(op);
  if (failed(hw))
    return failure();
  return report(op,
                rules::checkRowBroadcast(
                    {src, vectorName, vector, dst, rows, cols, lanes}, *hw));
}

LogicalResult SfmOp::verify() {
  return verifyRowBroadcast(*this, getSrc(), "sums", getSums(), getDst(),
                            getRows(), getCols(), getLanes());
}

LogicalResult MaskOp::verify() {
  FailureOr<hw::HardwareDescription> hw = hardwareOf(*this);
  if (failed(hw))
    return failure();
  rules::MaskOperands mask{
      getBuf(),    getRows(),   getCols(),
      getLanes(),  getBandLo(), getBandHi(),
      getKeysLo(), getKeysHi(), getScale().convertToDouble(),
      getBank()};
  if (failed(report(*this, rules::checkMask(mask, *hw))) ||
      failed(addressRange(*this, "diag", getDiag())) ||
      failed(addressRange(*this, "key", getKey())))
    return failure();
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
