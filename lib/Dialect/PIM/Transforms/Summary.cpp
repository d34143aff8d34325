//===- Summary.cpp - a module's kernels, parts and patterns as JSON -------===//
//
// `--pim-summary`: what scripts need of a module (docs/summary.md) as one
// JSON document, so that none of them reads the printed IR.
//
//===----------------------------------------------------------------------===//

#include "pilot/Dialect/PIM/Summary.h"

#include "pilot/Dialect/PIM/JsonOutput.h"
#include "pilot/Dialect/PIM/PIMOps.h"
#include "pilot/Dialect/PIM/PIMPasses.h"
#include "pilot/Dialect/SAttn/PatternStats.h"

#include "mlir/IR/BuiltinOps.h"

namespace pilot::pim {
#define GEN_PASS_DEF_PIMSUMMARY
#include "pilot/Dialect/PIM/PIMPasses.h.inc"
} // namespace pilot::pim

using namespace mlir;
using namespace pilot;
using namespace pilot::pim;
namespace json = llvm::json;

namespace {

/// The ISA's commands (docs/isa.md), each counted under its mnemonic.
bool isCommand(Operation *op) {
  return isa<CfgOp, MovOp, MacOp, ExpOp, AccOp, SfmOp, MaskOp, SubOp, OutOp>(
      op);
}

/// Every mnemonic with a count of zero.
json::Object noCommands() {
  json::Object counts;
  for (StringRef mnemonic :
       {"cfg", "mov", "mac", "exp", "acc", "sfm", "mask", "sub", "out"})
    counts[mnemonic] = 0;
  return counts;
}

/// Every mnemonic with its count in \p region's text, zeros included.
json::Object countCommands(Region &region) {
  json::Object counts = noCommands();
  region.walk([&](Operation *op) {
    if (isCommand(op)) {
      json::Value &count = counts[op->getName().stripDialect()];
      count = *count.getAsInteger() + 1;
    }
  });
  return counts;
}

/// Adds \p from's counts to \p into's.
void addCounts(json::Object &into, const json::Object &from) {
  for (const auto &[mnemonic, count] : from)
    into[mnemonic] = *into[mnemonic].getAsInteger() + *count.getAsInteger();
}

json::Object describeKernel(KernelOp kernel) {
  json::Array classes;
  json::Object total = noCommands();
  for (auto bankClass : kernel.getBody().getOps<BankClassOp>()) {
    json::Object commands = countCommands(bankClass.getBody());
    addCounts(total, commands);
    classes.push_back(json::Object{{"name", bankClass.getSymName()},
                                   {"first", bankClass.getFirst()},
                                   {"count", bankClass.getCount()},
                                   {"stride", bankClass.getStride()},
                                   {"commands", std::move(commands)}});
  }
  return json::Object{{"name", kernel.getSymName()},
                      {"hardware", kernel.getHw().getPreset()},
                      {"bank_classes", std::move(classes)},
                      {"commands", std::move(total)}};
}

/// `pim.predicted`'s entries: integers, floats and strings as they are.
json::Object describePrediction(DictionaryAttr predicted) {
  json::Object fields;
  for (NamedAttribute entry : predicted) {
    Attribute value = entry.getValue();
    if (auto integer = dyn_cast<IntegerAttr>(value))
      fields[entry.getName().strref()] = integer.getInt();
    else if (auto real = dyn_cast<FloatAttr>(value))
      fields[entry.getName().strref()] = real.getValueAsDouble();
    else if (auto text = dyn_cast<StringAttr>(value))
      fields[entry.getName().strref()] = text.getValue();
  }
  return fields;
}

/// A part: its rows and heads and whatever pim-map, pim-tile and
/// pim-schedule recorded on its SDDMM.
json::Object describePart(sattn::SddmmOp sddmm) {
  json::Object part{{"rows", sattn::stringifyRowClass(sddmm.getRows())},
                    {"heads", sattn::stringifyHeadClass(sddmm.getHeads())}};
  if (auto mapping = sddmm->getAttrOfType<MappingAttr>(
          PIMDialect::MappingAttrHelper::getNameStr()))
    part["mapping"] =
        json::Object{{"split", stringifySplit(mapping.getSplit())},
                     {"head_instances", mapping.getHeadInstances()},
                     {"heads_per_group", mapping.getHeadsPerGroup()},
                     {"bank_groups", mapping.getBankGroups()},
                     {"banks_per_group", mapping.getBanksPerGroup()},
                     {"kv_group", mapping.getKvGroup()},

                     {"groups_per_instance", mapping.getGroupsPerInstance()},
                     {"first_group", mapping.getFirstGroup()}};
  if (auto tiles = sddmm->getAttrOfType<TilesAttr>(
          PIMDialect::TilesAttrHelper::getNameStr()))
    part["tiles"] =
        json::Object{{"schedule", stringifySchedule(tiles.getSchedule())},
                     {"rows", tiles.getRows()},
                     {"keys", tiles.getKeys()},
                     {"head_dim_chunk", tiles.getHeadDimChunk()}};
  if (auto nest = sddmm->getAttrOfType<LoopNestAttr>(
          PIMDialect::LoopNestAttrHelper::getNameStr()))
    part["loop_nest"] =
        json::Object{{"order", stringifyOrder(nest.getOrder())},
                     {"scores", stringifyScoreHome(nest.getScores())},
                     {"rows", nest.getRows()},
                     {"keys", nest.getKeys()},
                     {"passes", nest.getPasses()}};
  if (auto predicted = sddmm->getAttrOfType<DictionaryAttr>(
          PIMDialect::PredictedAttrHelper::getNameStr()))
    part["predicted"] = describePrediction(predicted);
  return part;
}

json::Object describePattern(Operation *op,
                             const sattn::PatternStatistics &stats) {
  return json::Object{
      {"op", op->getName().getStringRef()},
      {"batch", stats.batch},
      {"heads", stats.heads},
      {"dense_heads", stats.denseHeads},
      {"queries", stats.queries},
      {"keys", stats.keys},
      {"rows", sattn::stringifyRowClass(stats.rows)},
      {"head_class", sattn::stringifyHeadClass(stats.headClass)},
      {"pattern", stats.pattern},
      {"per_head", stats.perDenseHead ? "dense" : "sparse"},
      {"head_entries", stats.headEntries},
      {"head_pairs", stats.headPairs},
      {"selected_rows", stats.selectedRows},
      {"global_rows", stats.globalRows},
      {"total_entries", stats.totalEntries}};
}

struct PIMSummaryPass : public pim::impl::PIMSummaryBase<PIMSummaryPass> {
  using PIMSummaryBase::PIMSummaryBase;

  void runOnOperation() override {
    json::Value document = summarize(getOperation());
    markAllAnalysesPreserved();
    if (failed(
            writeJsonOutput(getOperation(), "pim-summary", output, document)))
      signalPassFailure();
  }
};

} // namespace

json::Object pim::summarize(Operation *root) {
  json::Array kernels, parts, patterns;
  root->walk([&](Operation *op) {
    if (auto kernel = dyn_cast<KernelOp>(op))
      kernels.push_back(describeKernel(kernel));
    if (auto sddmm = dyn_cast<sattn::SddmmOp>(op))
      parts.push_back(describePart(sddmm));
    if (std::optional<sattn::PatternStatistics> stats =
            sattn::patternStatistics(op))
      patterns.push_back(describePattern(op, *stats));
  });
  return json::Object{{"kernels", std::move(kernels)},
                      {"parts", std::move(parts)},
                      {"patterns", std::move(patterns)}};
}
