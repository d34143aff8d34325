//===- SAttnToPIM.cpp - kernels, bank classes and the pass ----------------===//
//
// One pim.kernel per attention: bank groups that hold the same number of
// head instances of every part run one program (a pim.bank_class), and each
// part emits its placements and loops into it (PartLowering.cpp).
//
// The conversion adds kernels beside the sattn functions rather than
// rewriting them (the function is the host's description of the same
// computation), so it is a module pass that builds ops, not a dialect
// conversion that replaces them.
//
//===----------------------------------------------------------------------===//

#include "SAttnToPIMInternals.h"

#include "pilot/Conversion/Passes.h"
#include "pilot/Dialect/PIM/HardwareOption.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/BuiltinOps.h"

#include "llvm/ADT/MapVector.h"

#include <fmt/format.h>

namespace pilot {
#define GEN_PASS_DEF_CONVERTSATTNTOPIM
#include "pilot/Conversion/Passes.h.inc"
} // namespace pilot

using namespace mlir;
using namespace pilot;
using namespace pilot::pim;
using namespace pilot::sattn_to_pim;

namespace {

/// What `pilot-sim --check` compares the kernel's output with.
DictionaryAttr attentionAttr(OpBuilder &builder, const Part &first) {
  const pattern::AttentionProblem &problem = first.problem;
  return builder.getDictionaryAttr({
      builder.getNamedAttr("pattern", first.sddmm.getPatternAttr()),
      builder.getNamedAttr("scale", builder.getF64FloatAttr(first.scale)),
      builder.getNamedAttr(
          "query_shape",
          builder.getDenseI64ArrayAttr({problem.batch, problem.heads,
                                        problem.queries, problem.headDim})),
      builder.getNamedAttr("kv_shape", builder.getDenseI64ArrayAttr(
                                           {problem.batch, problem.kvHeads,
                                            problem.keys, problem.headDim})),
  });
}

/// The bank groups where some part's instance count changes: bank groups
/// between two bounds hold the same number of instances of every part.
SmallVector<int64_t> classBounds(ArrayRef<Part> parts, int64_t groups) {
  SmallVector<int64_t> bounds = {0, groups};
  for (const Part &part : parts)
    for (int64_t bound : {part.firstGroup, part.firstGroup + part.remainder,
                          part.firstGroup + part.bankGroups})
      if (bound > 0 && bound < groups)
        bounds.push_back(bound);
  llvm::sort(bounds);
  bounds.erase(std::unique(bounds.begin(), bounds.end()), bounds.end());
  return bounds;
}

/// A part whose instances span several bank groups needs its groups to
/// itself: masks and placements number a bank within its class, so no
/// other part's bound may cut an instance.
LogicalResult checkSpreadParts(ArrayRef<Part> parts) {
  for (const Part &spread : parts) {
    if (spread.groupsPerInstance == 1)
      continue;
    for (const Part &other : parts)
      if (&other != &spread &&
          other.firstGroup < spread.firstGroup + spread.bankGroups &&
          spread.firstGroup < other.firstGroup + other.bankGroups)
        return spread.sddmm.emitOpError()
               << "convert-sattn-to-pim: #pim.mapping groups_per_instance = "
               << spread.groupsPerInstance << " over bank groups ["
               << spread.firstGroup << ", "
               << spread.firstGroup + spread.bankGroups
               << ") shares bank groups with another part of the attention, "
                  "which must lie in groups of its own";
  }
  return success();
}

} // namespace

FailureOr<KernelOp> pilot::convertAttentionToKernel(
    OpBuilder &builder, ArrayRef<sattn::SddmmOp> sddmms,
    const hw::HardwareDescription &hw, StringRef name, StringRef preset,
    KernelStatistics &statistics) {
  SmallVector<Part, 2> parts;
  for (sattn::SddmmOp sddmm : sddmms) {
    FailureOr<std::optional<Part>> part = readPart(sddmm, hw);
    if (failed(part))
      return failure();
    if (*part)
      parts.push_back(**part);
  }
  if (parts.empty())
    return KernelOp();
  if (failed(checkSpreadParts(parts)))
    return failure();

  Location loc = sddmms.front()->getLoc();
  int64_t groups = hw.totalBankGroups(), banks = hw.org.banks;
  auto kernel = KernelOp::create(
      builder, loc, name, HardwareAttr::get(builder.getContext(), preset, hw));
  kernel->setAttr("pilot.attention", attentionAttr(builder, parts.front()));
  Block *kernelBody = new Block();
  kernel.getBody().push_back(kernelBody);
  OpBuilder::InsertionGuard guard(builder);
  builder.setInsertionPointToStart(kernelBody);

  SmallVector<int64_t> bounds = classBounds(parts, groups);
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
      if (slots > 0 && failed(emitPart(emit, builder, hw, part, firstGroup,
                                       slots, groups * banks, nextRow)))
        return failure();
    }
    statistics.commands += emit.commands();
    ++statistics.bankClasses;
  }
  // The host merges the partials of keys cut over bank groups, part by part
  // (each part's own heads, rows and pieces, in tensors all such parts
  // share): prefill's global rows alone, of every query.
  for (const Part &part : parts) {
    if (!part.partials())
      continue;
    DenseI64ArrayAttr rows;
    if (part.rows() != part.problem.queries) {
      SmallVector<int64_t> bounds;
      for (const pattern::Interval &run : part.rowRuns)
        bounds.append({run.begin, run.end});
      rows = builder.getDenseI64ArrayAttr(bounds);
    }
    MergeOp::create(builder, loc, builder.getStringAttr("O"),
                    builder.getStringAttr("O.part"),
                    part.schedule == Schedule::Fused
                        ? builder.getStringAttr("M.part")
                        : StringAttr(),
                    builder.getStringAttr("L.part"),
                    builder.getI64IntegerAttr(part.groupsPerInstance),
                    builder.getDenseI64ArrayAttr(part.headList), rows);
  }
  return kernel;
}

//===----------------------------------------------------------------------===//
// The pass
//===----------------------------------------------------------------------===//

namespace {

struct ConvertSAttnToPIMPass
    : public pilot::impl::ConvertSAttnToPIMBase<ConvertSAttnToPIMPass> {
  using ConvertSAttnToPIMBase::ConvertSAttnToPIMBase;

  void runOnOperation() override {
    ModuleOp module = getOperation();
    FailureOr<hw::HardwareDescription> description =
        hardwareOption(module, "convert-sattn-to-pim", hardware, bufferBytes);
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
    KernelStatistics statistics;
    for (auto &[operands, sddmms] : attentions) {
      auto function = sddmms.front()->getParentOfType<func::FuncOp>();
      // The kernel is the PIM side of the function that holds the attention.
      std::string name =
          (function ? function.getSymName().str() : "attention") + "_pim";
      if (attentions.size() > 1)
        name += "_" + std::to_string(numKernels);
      FailureOr<KernelOp> kernel = convertAttentionToKernel(
          builder, sddmms, *description, name, presetName(), statistics);
      if (failed(kernel))
        return signalPassFailure();
      if (*kernel)
        ++numKernels;
    }
    numClasses += statistics.bankClasses;
    numCommands += statistics.commands;
  }

private:
  /// The preset the kernel's #pim.hw starts from.
  StringRef presetName() {
    return hw::lookupPreset(std::string_view(hardware)) ? StringRef(hardware)
                                                        : "pilot-hbm3";
  }
};

} // namespace
