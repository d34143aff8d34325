//===- PassSupport.cpp - what the pim passes share ------------------------===//

#include "PassSupport.h"

#include "pilot/Hardware/HardwareFile.h"

#include "mlir/IR/Builders.h"

using namespace mlir;
using namespace pilot;

FailureOr<hw::HardwareDescription> pim::hardwareOption(Operation *op,
                                                       StringRef pass,
                                                       StringRef spec,
                                                       int64_t bufferBytes) {
  llvm::Expected<hw::HardwareDescription> description =
      hw::resolveHardware(spec.str(), *hw::lookupPreset("pilot-hbm3"));
  if (!description)
    return op->emitError() << pass << ": "
                           << llvm::toString(description.takeError())
                           << " (hw)";
  if (bufferBytes != 0)
    description->bpm.bufferBytes = bufferBytes;
  std::vector<std::string> errors = hw::validate(*description);
  if (!errors.empty())
    return op->emitError() << pass << ": " << errors.front();
  return *description;
}

SmallVector<Operation *> pim::partOps(sattn::SddmmOp sddmm) {
  SmallVector<Operation *> ops = {sddmm};
  for (Operation *user : sddmm->getUsers())
    if (auto softmax = dyn_cast<sattn::SoftmaxOp>(user)) {
      ops.push_back(softmax);
      for (Operation *probsUser : softmax->getUsers())
        if (isa<sattn::SpmmOp>(probsUser))
          ops.push_back(probsUser);
    }
  return ops;
}

LogicalResult pim::forEachMappedPart(
    Operation *root,
    function_ref<LogicalResult(sattn::SddmmOp, MappingAttr)> onPart,
    function_ref<void(sattn::SddmmOp, MappingAttr)> onHost) {
  WalkResult result = root->walk([&](sattn::SddmmOp sddmm) {
    auto mapping = sddmm->getAttrOfType<MappingAttr>("pim.mapping");
    if (!mapping) {
      sddmm.emitOpError("has no pim.mapping; run --pim-map first");
      return WalkResult::interrupt();
    }
    if (mapping.getSplit() == Split::Host) {
      if (onHost)
        onHost(sddmm, mapping);
      return WalkResult::advance();
    }
    return failed(onPart(sddmm, mapping)) ? WalkResult::interrupt()
                                          : WalkResult::advance();
  });
  return failure(result.wasInterrupted());
}

analysis::AttentionProblem pim::partOf(sattn::SddmmOp sddmm, Split split) {
  analysis::AttentionProblem part = sddmm.getProblem();
  part.rowSplit = split == Split::Rows;
  part.columnSplit = split == Split::Columns;
  switch (sddmm.getHeads()) {
  case sattn::HeadClass::All:
    part.headSelection = analysis::AttentionProblem::Heads::All;
    break;
  case sattn::HeadClass::Sparse:
    part.headSelection = analysis::AttentionProblem::Heads::Sparse;
    break;
  case sattn::HeadClass::Dense:
    // pim-map placed the dense heads on PIM.
    part.headSelection = analysis::AttentionProblem::Heads::Dense;
    part.denseHeadsOnPIM = true;
    break;
  }
  return part;
}

std::pair<int64_t, int64_t> pim::partRows(sattn::SddmmOp sddmm) {
  analysis::AttentionProblem problem = sddmm.getProblem();
  const pattern::PatternSpec &spec = problem.pattern;
  int64_t globalRows =
      problem.isPrefill()
          ? std::min(problem.queries,
                     int64_t(spec.globalTokens.size()) * spec.blockSize)
          : 0;
  switch (sddmm.getRows()) {
  case sattn::RowClass::All:
    break;
  case sattn::RowClass::NonGlobal:
    return {globalRows, problem.queries};
  case sattn::RowClass::Global:
    return {0, globalRows};
  }
  return {0, problem.queries};
}

DictionaryAttr pim::predictedAttr(MLIRContext *context,
                                  const analysis::Prediction &prediction) {
  Builder builder(context);
  const analysis::LowerBound &bound = prediction.busiestBankBound;
  return builder.getDictionaryAttr({
      builder.getNamedAttr("bank_internal_bytes",
                           builder.getI64IntegerAttr(
                               prediction.busiestBank.total().internalBytes())),
      builder.getNamedAttr("lower_bound_bytes",
                           builder.getI64IntegerAttr(bound.bytes())),
      builder.getNamedAttr("bound", builder.getStringAttr(bound.binding())),
      builder.getNamedAttr("time_ns",
                           builder.getF64FloatAttr(prediction.timeNs)),
      builder.getNamedAttr(
          "total_internal_bytes",
          builder.getI64IntegerAttr(prediction.total.internalBytes())),
  });
}

pim::Schedule pim::toAttr(analysis::Schedule schedule) {
  switch (schedule) {
  case analysis::Schedule::Naive:
    return Schedule::Naive;
  case analysis::Schedule::Pilot:
    return Schedule::Pilot;
  case analysis::Schedule::Fused:
    return Schedule::Fused;
  }
  return Schedule::Pilot;
}

analysis::Schedule pim::fromAttr(Schedule schedule) {
  switch (schedule) {
  case Schedule::Naive:
    return analysis::Schedule::Naive;
  case Schedule::Pilot:
    return analysis::Schedule::Pilot;
  case Schedule::Fused:
    return analysis::Schedule::Fused;
  }
  return analysis::Schedule::Pilot;
}
