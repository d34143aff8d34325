//===- PassSupport.cpp - what the pim passes share ------------------------===//

#include "PassSupport.h"

#include "mlir/IR/Builders.h"

using namespace mlir;
using namespace pilot;

LogicalResult pim::forEachMappedPart(
    Operation *root,
    function_ref<LogicalResult(sattn::SddmmOp, MappingAttr)> onPart,
    function_ref<void(sattn::SddmmOp, MappingAttr)> onHost) {
  WalkResult result = root->walk([&](sattn::SddmmOp sddmm) {
    auto mapping = sddmm->getAttrOfType<MappingAttr>(
        PIMDialect::MappingAttrHelper::getNameStr());
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

pattern::AttentionProblem pim::partOf(sattn::SddmmOp sddmm, Split split,
                                      int64_t groupsPerInstance,
                                      int64_t sharedHeads) {
  pattern::AttentionProblem part = sddmm.getProblem();
  part.groupsPerInstance = groupsPerInstance;
  part.sharedHeads = sharedHeads;
  part.rowSplit = split == Split::Rows;
  part.columnSplit = split == Split::Columns;
  switch (sddmm.getHeads()) {
  case sattn::HeadClass::All:
    part.headSelection = pattern::AttentionProblem::Heads::All;
    break;
  case sattn::HeadClass::Sparse:
    part.headSelection = pattern::AttentionProblem::Heads::Sparse;
    break;
  case sattn::HeadClass::Dense:
    // pim-map placed the dense heads on PIM.
    part.headSelection = pattern::AttentionProblem::Heads::Dense;
    part.denseHeadsOnPIM = true;
    break;
  }
  return part;
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

FailureOr<std::optional<analysis::Schedule>>
pim::scheduleOption(Operation *root, StringRef pass, StringRef schedule) {
  if (schedule == "auto")
    return std::optional<analysis::Schedule>();
  if (std::optional<analysis::Schedule> parsed =
          analysis::parseSchedule(schedule.str()))
    return parsed;
  root->emitError() << pass << ": unknown schedule '" << schedule
                    << "' (schedule); schedules are naive, pilot, fused, auto";
  return failure();
}

analysis::Schedule
pim::capacitySchedule(std::optional<analysis::Schedule> asked) {
  return asked.value_or(analysis::Schedule::Fused);
}

analysis::Prediction
pim::bestPrediction(const pattern::AttentionProblem &part,
                    const hw::HardwareDescription &description,
                    std::optional<analysis::Schedule> asked,
                    analysis::TileSpace space) {
  if (asked)
    return analysis::searchTiles(part, description, *asked, space);
  std::optional<analysis::Prediction> best;
  for (analysis::Schedule candidate : analysis::allSchedules())
    for (analysis::TileSpace candidateSpace :
         {analysis::TileSpace::Paper, analysis::TileSpace::Wide}) {
      // The fused schedule keeps the paper's class: the time model does
      // not charge the online softmax's rescaling a step, so a wider search
      // takes one key a step for a few more rows, which simulates slower.
      if (candidate != analysis::Schedule::Pilot &&
          candidateSpace == analysis::TileSpace::Wide)
        continue;
      analysis::Prediction prediction =
          analysis::searchTiles(part, description, candidate, candidateSpace);
      if (!best || prediction.timeNs < best->timeNs)
        best = prediction;
    }
  return *best;
}
