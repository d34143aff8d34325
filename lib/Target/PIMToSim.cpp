//===- PIMToSim.cpp - pim dialect to the simulator's program --------------===//
//
// Walks each bank class's body once: loops get consecutive indices, commands
// copy their attributes, and row / column operands are folded into
// `constant + sum coefficient * iv` from the arith ops that compute them.
//
//===----------------------------------------------------------------------===//

#include "pilot/Target/PIMToSim.h"
#include "pilot/Dialect/PIM/PIMOps.h"
#include "pilot/Dialect/SAttn/SAttnDialect.h"
#include "pilot/InitAll.h"
#include "pilot/Target/BinaryEncoding.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/IR/DialectRegistry.h"
#include "mlir/Parser/Parser.h"
#include "llvm/ADT/TypeSwitch.h"
#include "llvm/Support/CheckedArithmetic.h"
#include "llvm/Support/SourceMgr.h"

#include <cmath>

using namespace mlir;
using namespace pilot;

namespace {

/// "file:line:col" of \p loc, or its printed form.
std::string locationString(Location loc) {
  if (auto fileLoc = loc->findInstanceOf<FileLineColLoc>())
    return (fileLoc.getFilename().strref() + ":" +
            llvm::Twine(fileLoc.getLine()) + ":" +
            llvm::Twine(fileLoc.getColumn()))
        .str();
  std::string text;
  llvm::raw_string_ostream os(text);
  loc.print(os);
  return text;
}

/// Converts one bank class.
class ClassConverter {
public:
  ClassConverter(sim::BankClass &bankClass,
                 const std::optional<sim::AttentionProblem> &attention)
      : bankClass(bankClass), attention(attention) {}

  LogicalResult convertBlock(Block &block,
                             std::vector<sim::Statement> &statements) {
    for (Operation &op : block) {
      if (isa<arith::ConstantOp, arith::AddIOp, arith::MulIOp, pim::YieldOp>(
              op))
        continue; // Address arithmetic is folded where it is used.
      if (auto loop = dyn_cast<pim::LoopOp>(op)) {
        if (failed(convertLoop(loop, statements)))
          return failure();
        continue;
      }
      FailureOr<sim::Command> command = convertCommand(op);
      if (failed(command))
        return failure();
      command->location = locationString(op.getLoc());
      if (auto *cfg = std::get_if<sim::CfgCommand>(&command->body)) {
        cfg->placement.location = command->location;
        bankClass.placements.push_back(cfg->placement);
      }
      statements.emplace_back().value.emplace<sim::Command>(
          std::move(*command));
    }
    return success();
  }

private:
  LogicalResult convertLoop(pim::LoopOp loop,
                            std::vector<sim::Statement> &statements) {
    auto converted = std::make_unique<sim::Loop>();
    converted->index = bankClass.numLoops++;
    converted->lower = loop.getLower();
    converted->upper = loop.getUpper();
    converted->step = loop.getStep();
    converted->location = locationString(loop.getLoc());
    loopOfIv[loop.getInductionVar()] = converted->index;
    if (failed(convertBlock(loop.getBody().front(), converted->body)))
      return failure();
    statements.emplace_back().value = std::move(converted);
    return success();
  }

  FailureOr<sim::LinearAddress> linearize(Value value, Operation *user,
                                          StringRef operand) {
    if (auto iv = dyn_cast<BlockArgument>(value)) {
      auto found = loopOfIv.find(iv);
      if (found == loopOfIv.end())
        return user->emitOpError()
               << operand << " is a block argument that is no pim.loop "
               << "induction variable";
      return sim::LinearAddress{0, {{found->second, 1}}};
    }
    Operation *def = value.getDefiningOp();
    if (auto constant = dyn_cast_or_null<arith::ConstantOp>(def))
      if (auto integer = dyn_cast<IntegerAttr>(constant.getValue()))
        return sim::LinearAddress{integer.getInt(), {}};
    if (auto add = dyn_cast_or_null<arith::AddIOp>(def)) {
      FailureOr<sim::LinearAddress> lhs =
          linearize(add.getLhs(), user, operand);
      if (failed(lhs))
        return failure();
      FailureOr<sim::LinearAddress> rhs =
          linearize(add.getRhs(), user, operand);
      if (failed(rhs))
        return failure();
      return checked(sum(*lhs, *rhs), user, operand);
    }
    if (auto mul = dyn_cast_or_null<arith::MulIOp>(def)) {
      FailureOr<sim::LinearAddress> lhs =
          linearize(mul.getLhs(), user, operand);
      if (failed(lhs))
        return failure();
      FailureOr<sim::LinearAddress> rhs =
          linearize(mul.getRhs(), user, operand);
      if (failed(rhs))
        return failure();
      if (lhs->terms.empty())
        return checked(scaled(*rhs, lhs->constant), user, operand);
      if (rhs->terms.empty())
        return checked(scaled(*lhs, rhs->constant), user, operand);
      InFlightDiagnostic diag = user->emitOpError()
                                << operand << " is not linear in the loop "
                                << "induction variables";
      diag.attachNote(mul.getLoc())
          << "this arith.muli multiplies two values that both depend on "
             "them; pilot-sim evaluates constant + sum coefficient * iv";
      return diag;
    }
    InFlightDiagnostic diag = user->emitOpError()
                              << operand << " is computed by an operation "
                              << "pilot-sim does not evaluate";
    if (def)
      diag.attachNote(def->getLoc()) << "here";
    return diag;
  }

  /// a + b, or nothing when a coefficient overflows int64.
  static std::optional<sim::LinearAddress> sum(const sim::LinearAddress &a,
                                               const sim::LinearAddress &b) {
    std::optional<int64_t> constant = llvm::checkedAdd(a.constant, b.constant);
    if (!constant)
      return std::nullopt;
    sim::LinearAddress result{*constant, a.terms};
    for (const auto &[loop, coefficient] : b.terms) {
      int loopIndex = loop; // Bindings cannot be captured before C++20.
      auto same = llvm::find_if(
          result.terms, [&](auto &term) { return term.first == loopIndex; });
      if (same == result.terms.end()) {
        result.terms.emplace_back(loop, coefficient);
        continue;
      }
      std::optional<int64_t> total =
          llvm::checkedAdd(same->second, coefficient);
      if (!total)
        return std::nullopt;
      same->second = *total;
    }
    llvm::erase_if(result.terms, [](auto &term) { return term.second == 0; });
    return result;
  }

  /// a * factor, or nothing when a coefficient overflows int64.
  static std::optional<sim::LinearAddress> scaled(const sim::LinearAddress &a,
                                                  int64_t factor) {
    std::optional<int64_t> constant = llvm::checkedMul(a.constant, factor);
    if (!constant)
      return std::nullopt;
    sim::LinearAddress result{*constant, {}};
    if (factor != 0)
      for (auto [loop, coefficient] : a.terms) {
        std::optional<int64_t> product = llvm::checkedMul(coefficient, factor);
        if (!product)
          return std::nullopt;
        result.terms.emplace_back(loop, *product);
      }
    return result;
  }

  /// \p address, or an error at \p user when computing it overflowed.
  static FailureOr<sim::LinearAddress>
  checked(std::optional<sim::LinearAddress> address, Operation *user,
          StringRef operand) {
    if (address)
      return *address;
    return user->emitOpError()
           << operand << " has a coefficient that overflows int64";
  }

  FailureOr<sim::TransferCommand> transfer(Operation *op,
                                           sim::TransferKind kind, Value row,
                                           Value col, int64_t buf,
                                           int64_t bytes) {
    FailureOr<sim::LinearAddress> rowAddress = linearize(row, op, "row");
    if (failed(rowAddress))
      return failure();
    FailureOr<sim::LinearAddress> colAddress = linearize(col, op, "col");
    if (failed(colAddress))
      return failure();
    return sim::TransferCommand{kind, *rowAddress, *colAddress, buf, bytes};
  }

  /// `random_blocks [first, count]`: the segments of the random key blocks
  /// the kernel's pattern draws for query blocks [first, first + count).
  LogicalResult gatherRandomBlocks(pim::CfgOp cfg, int64_t first, int64_t count,
                                   sim::TensorPlacement &placement) {
    if (!attention)
      return cfg.emitOpError(
          "random_blocks needs the kernel's pilot.attention pattern");
    const sim::AttentionProblem &problem = *attention;
    pattern::SparsityPattern sparsity(
        problem.pattern,
        {problem.queryShape[2], problem.kvShape[2], problem.queryShape[1]});
    int64_t block = problem.pattern.blockSize, d = problem.kvShape[3];
    int64_t keys = problem.kvShape[2];
    for (int64_t q = first; q < first + count; ++q)
      for (int64_t key : sparsity.randomBlocks(q)) {
        int64_t length = std::min(block, keys - key * block);
        placement.segments.push_back(key * block * d);
        placement.segments.push_back(length * d);
      }
    return success();
  }

  FailureOr<sim::Command> convertCommand(Operation &op) {
    auto wrap = [](auto body) -> FailureOr<sim::Command> {
      if (failed(body))
        return failure();
      return sim::Command{*body, ""};
    };
    return llvm::TypeSwitch<Operation *, FailureOr<sim::Command>>(&op)
        .Case([&](pim::CfgOp cfg) -> FailureOr<sim::Command> {
          sim::TensorPlacement placement;
          placement.tensor = cfg.getTensor().str();
          placement.firstRow = cfg.getFirstRow();
          placement.numRows = cfg.getNumRows();
          placement.elements = cfg.getElements();
          placement.offset = cfg.getOffset();
          placement.radices.assign(cfg.getRadices().begin(),
                                   cfg.getRadices().end());
          placement.strides.assign(cfg.getStrides().begin(),
                                   cfg.getStrides().end());
          if (std::optional<ArrayRef<int64_t>> table = cfg.getDigitTable())
            placement.digitTable.assign(table->begin(), table->end());
          if (std::optional<ArrayRef<int64_t>> segments = cfg.getSegments())
            placement.segments.assign(segments->begin(), segments->end());
          placement.slots = cfg.getSlotCount();
          placement.indexBase = cfg.getSlotIndexBase();
          placement.indexStride = cfg.getSlotIndexStride();
          placement.rowStride = cfg.getSlotRowStride();
          if (std::optional<ArrayRef<int64_t>> select = cfg.getSelect()) {
            placement.selectModulus = (*select)[0];
            placement.selectValue = (*select)[1];
            if (select->size() > 2)
              placement.selectCount = (*select)[2];
          }
          if (std::optional<ArrayRef<int64_t>> random = cfg.getRandomBlocks())
            if (failed(gatherRandomBlocks(cfg, (*random)[0], (*random)[1],
                                          placement)))
              return failure();
          return sim::Command{sim::CfgCommand{placement}, ""};
        })
        .Case([&](pim::MovOp mov) {
          auto kind = mov.getDirection() == pim::Direction::DramToBuffer
                          ? sim::TransferKind::DramToBuffer
                          : sim::TransferKind::BufferToDram;
          return wrap(transfer(mov, kind, mov.getRow(), mov.getCol(),
                               mov.getBuf(), mov.getBytes()));
        })
        .Case([&](pim::OutOp out) {
          return wrap(transfer(out, sim::TransferKind::Output, out.getRow(),
                               out.getCol(), out.getBuf(), out.getBytes()));
        })
        .Case([&](pim::MacOp mac) -> FailureOr<sim::Command> {
          return sim::Command{
              sim::MacCommand{mac.getLhs(), mac.getRhs(), mac.getAcc(),
                              mac.getM(), mac.getN(), mac.getK(),
                              mac.getLanes(), mac.getTransposeRhs(),
                              mac.getAccumulate()},
              ""};
        })
        .Case([&](pim::ExpOp exp) -> FailureOr<sim::Command> {
          return sim::Command{sim::ExpCommand{exp.getSrc(), exp.getDst(),
                                              exp.getElements(),
                                              exp.getLanes()},
                              ""};
        })
        .Case([&](pim::AccOp acc) -> FailureOr<sim::Command> {
          return sim::Command{sim::AccCommand{acc.getSrc(), acc.getDst(),
                                              acc.getRows(), acc.getCols(),
                                              acc.getAccumulate(),
                                              acc.getBankGroup(), acc.getMax()},
                              ""};
        })
        .Case([&](pim::SfmOp sfm) -> FailureOr<sim::Command> {
          return sim::Command{sim::SfmCommand{sfm.getSrc(), sfm.getSums(),
                                              sfm.getDst(), sfm.getRows(),
                                              sfm.getCols(), sfm.getLanes()},
                              ""};
        })
        .Case([&](pim::MaskOp mask) -> FailureOr<sim::Command> {
          FailureOr<sim::LinearAddress> diag =
              linearize(mask.getDiag(), mask, "diag");
          if (failed(diag))
            return failure();
          FailureOr<sim::LinearAddress> key =
              linearize(mask.getKey(), mask, "key");
          if (failed(key))
            return failure();
          sim::MaskCommand command;
          command.diag = *diag;
          command.key = *key;
          command.buf = mask.getBuf();
          command.rows = mask.getRows();
          command.cols = mask.getCols();
          command.bandLo = mask.getBandLo();
          command.bandHi = mask.getBandHi();
          command.keysLo = mask.getKeysLo();
          command.keysHi = mask.getKeysHi();
          command.lanes = mask.getLanes();
          command.outside = mask.getOutside();
          command.uniform = mask.getUniform();
          command.scale = mask.getScale().convertToDouble();
          if (std::optional<ArrayRef<int64_t>> bank = mask.getBank()) {
            command.bankModulus = (*bank)[0];
            command.bankDiagStride = (*bank)[1];
            command.bankKeyStride = (*bank)[2];
          }
          return sim::Command{command, ""};
        })
        .Case([&](pim::SubOp sub) -> FailureOr<sim::Command> {
          return sim::Command{sim::SubCommand{sub.getSrc(), sub.getVec(),
                                              sub.getDst(), sub.getRows(),
                                              sub.getCols(), sub.getLanes()},
                              ""};
        })
        .Default([&](Operation *other) -> FailureOr<sim::Command> {
          return other->emitOpError()
                 << "is not a PILOT command pilot-sim can run (cfg, mov, "
                    "mac, exp, acc, sfm, mask, sub, out, loop)";
        });
  }

  sim::BankClass &bankClass;
  const std::optional<sim::AttentionProblem> &attention;
  llvm::DenseMap<Value, int> loopOfIv;
};

/// Reads the kernel's optional `pilot.attention` dictionary.
FailureOr<std::optional<sim::AttentionProblem>>
convertAttention(pim::KernelOp kernel) {
  Attribute attr = kernel->getAttr("pilot.attention");
  if (!attr)
    return std::optional<sim::AttentionProblem>();
  auto fail = [&](const Twine &message) {
    return kernel.emitError("pilot.attention: ") << message;
  };
  auto dict = dyn_cast<DictionaryAttr>(attr);
  if (!dict)
    return fail("must be a dictionary");
  sim::AttentionProblem problem;
  auto pattern = dict.getAs<sattn::PatternAttr>("pattern");
  if (!pattern)
    return fail("needs 'pattern = #sattn.pattern<...>'");
  problem.pattern = pattern.getSpec();
  for (auto [key, shape] : {std::pair{"query_shape", &problem.queryShape},
                            std::pair{"kv_shape", &problem.kvShape}}) {
    auto array = dict.getAs<DenseI64ArrayAttr>(key);
    if (!array || array.size() != 4)
      return fail(Twine("needs '") + key +
                  " = array<i64: B, heads, tokens, D>'");
    llvm::copy(array.asArrayRef(), shape->begin());
  }
  for (auto [key, name] :
       {std::pair{"query", &problem.query}, std::pair{"key", &problem.key},
        std::pair{"value", &problem.value},
        std::pair{"output", &problem.output}}) {
    if (Attribute value = dict.get(key)) {
      auto string = dyn_cast<StringAttr>(value);
      if (!string)
        return fail(Twine("'") + key + "' must be a tensor name string");
      *name = string.str();
    }
  }
  problem.scale = 1.0 / std::sqrt(double(problem.queryShape[3]));
  if (Attribute value = dict.get("scale")) {
    auto scale = dyn_cast<FloatAttr>(value);
    if (!scale)
      return fail("'scale' must be a float");
    problem.scale = scale.getValueAsDouble();
  }
  pattern::PatternShape shape{problem.queryShape[2], problem.kvShape[2],
                              problem.queryShape[1]};
  std::vector<std::string> errors =
      pattern::validateSpec(problem.pattern, shape);
  if (!errors.empty())
    return fail(errors.front());
  return std::optional<sim::AttentionProblem>(problem);
}

} // namespace

FailureOr<sim::Program> target::convertToSimProgram(ModuleOp module) {
  SmallVector<pim::KernelOp> kernels;
  module.walk([&](pim::KernelOp kernel) { kernels.push_back(kernel); });
  if (kernels.empty())
    return module.emitError("holds no pim.kernel; pilot-sim runs an "
                            "ISA-level pim.kernel");
  if (kernels.size() > 1) {
    InFlightDiagnostic diag =
        kernels[1].emitError()
        << "is one of " << kernels.size()
        << " pim.kernel ops in the input; pilot-sim runs one";
    diag.attachNote(kernels[0].getLoc()) << "the first";
    return diag;
  }
  pim::KernelOp kernel = kernels.front();
  sim::Program program;
  program.name = kernel.getSymName().str();
  program.hw = kernel.getDescription();
  FailureOr<std::optional<sim::AttentionProblem>> attention =
      convertAttention(kernel);
  if (failed(attention))
    return failure();
  program.attention = *attention;
  for (auto bankClassOp : kernel.getBody().front().getOps<pim::BankClassOp>()) {
    sim::BankClass bankClass;
    bankClass.name = bankClassOp.getSymName().str();
    bankClass.first = bankClassOp.getFirst();
    bankClass.count = bankClassOp.getCount();
    bankClass.stride = bankClassOp.getStride();
    bankClass.location = locationString(bankClassOp.getLoc());
    ClassConverter converter(bankClass, program.attention);
    if (failed(converter.convertBlock(bankClassOp.getBody().front(),
                                      bankClass.body)))
      return failure();
    program.classes.push_back(std::move(bankClass));
  }
  for (auto mergeOp : kernel.getBody().front().getOps<pim::MergeOp>()) {
    if (!program.attention)
      return mergeOp.emitOpError(
          "needs the output's shape: give the pim.kernel a pilot.attention "
          "attribute (docs/simulator.md)");
    sim::Merge merge;
    merge.output = mergeOp.getOutput().str();
    merge.partials = mergeOp.getPartials().str();
    merge.maxima = mergeOp.getMaxima().value_or("").str();
    merge.sums = mergeOp.getSums().str();
    merge.pieces = mergeOp.getPieces();
    merge.heads.assign(mergeOp.getHeads().begin(), mergeOp.getHeads().end());
    if (std::optional<ArrayRef<int64_t>> rows = mergeOp.getRows())
      merge.queries.assign(rows->begin(), rows->end());
    merge.location = locationString(mergeOp.getLoc());
    program.merges.push_back(std::move(merge));
  }
  return program;
}

FailureOr<sim::Program> target::loadSimProgram(llvm::SourceMgr &sourceMgr,
                                               MLIRContext &context) {
  DialectRegistry registry;
  registerAllDialects(registry);
  context.appendDialectRegistry(registry);
  context.loadAllAvailableDialects();
  const llvm::MemoryBuffer *buffer =
      sourceMgr.getMemoryBuffer(sourceMgr.getMainFileID());
  if (llvm::Error error =
          checkSeal(buffer->getMemBufferRef(), Seal::Required)) {
    emitError(UnknownLoc::get(&context)) << llvm::toString(std::move(error));
    return failure();
  }
  OwningOpRef<ModuleOp> module = parseSourceFile<ModuleOp>(sourceMgr, &context);
  if (!module)
    return failure();
  return convertToSimProgram(*module);
}
