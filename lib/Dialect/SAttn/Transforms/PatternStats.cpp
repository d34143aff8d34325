//===- PatternStats.cpp - report attention pattern sizes ------------------===//

#include "pilot/Dialect/SAttn/SAttnOps.h"
#include "pilot/Dialect/SAttn/SAttnPasses.h"

#include "llvm/ADT/TypeSwitch.h"

#include <fmt/format.h>

namespace pilot::sattn {
#define GEN_PASS_DEF_SATTNPATTERNSTATS
#include "pilot/Dialect/SAttn/SAttnPasses.h.inc"
} // namespace pilot::sattn

using namespace mlir;
using namespace pilot;
using namespace pilot::sattn;

namespace {

/// What the report needs of an op: its pattern, problem shape and part.
struct Problem {
  PatternAttr pattern;
  int64_t batch;
  int64_t heads;
  int64_t queries;
  int64_t keys;
  RowClass rows = RowClass::All;
  HeadClass headClass = HeadClass::All;
};

std::optional<Problem> problemOf(Operation *op) {
  auto fromTypes = [](PatternAttr pattern, Type rowsType, int64_t keys,
                      RowClass rows, HeadClass heads) -> Problem {
    auto type = cast<RankedTensorType>(rowsType);
    return {pattern,
            type.getDimSize(0),
            type.getDimSize(1),
            type.getDimSize(2),
            keys,
            rows,
            heads};
  };
  auto dim = [](Value value, unsigned index) {
    return cast<RankedTensorType>(value.getType()).getDimSize(index);
  };
  return llvm::TypeSwitch<Operation *, std::optional<Problem>>(op)
      .Case([&](AttentionOp attention) {
        return fromTypes(attention.getPattern(), attention.getQuery().getType(),
                         dim(attention.getKey(), 2), RowClass::All,
                         HeadClass::All);
      })
      .Case([&](SddmmOp sddmm) {
        return fromTypes(sddmm.getPattern(), sddmm.getQuery().getType(),
                         dim(sddmm.getKey(), 2), sddmm.getRows(),
                         sddmm.getHeads());
      })
      .Case([&](SoftmaxOp softmax) {
        return fromTypes(softmax.getPattern(), softmax.getScores().getType(),
                         dim(softmax.getScores(), 3), softmax.getRows(),
                         softmax.getHeads());
      })
      .Case([&](SpmmOp spmm) {
        return fromTypes(spmm.getPattern(), spmm.getProbs().getType(),
                         dim(spmm.getProbs(), 3), spmm.getRows(),
                         spmm.getHeads());
      })
      .Default([](Operation *) { return std::nullopt; });
}

bool rowSelected(const pattern::SparsityPattern &sparsity, RowClass rows,
                 int64_t row) {
  switch (rows) {
  case RowClass::All:
    return true;
  case RowClass::NonGlobal:
    return !sparsity.isGlobalRow(row);
  case RowClass::Global:
    return sparsity.isGlobalRow(row);
  }
  return false;
}

std::string describeProblem(StringRef opName, const Problem &problem) {
  pattern::SparsityPattern sparsity(
      problem.pattern.getSpec(),
      pattern::PatternShape{problem.queries, problem.keys, problem.heads});
  // The head the per-head figures follow, and how many heads of that kind
  // the part holds.
  const std::vector<int64_t> &denseHeads = sparsity.getSpec().denseHeads;
  bool dense = problem.headClass == HeadClass::Dense;
  int64_t head =
      dense ? denseHeads.front() : pattern::SparsityPattern::sparseHead;
  int64_t sparseCount = problem.heads - sparsity.numDenseHeads();

  int64_t entries = 0, rows = 0, globalRows = 0, denseRowEntries = 0;
  for (int64_t row = 0; row < problem.queries; ++row) {
    if (!rowSelected(sparsity, problem.rows, row))
      continue;
    ++rows;
    globalRows += sparsity.isGlobalRow(row);
    entries += sparsity.rowEntries(row, head);
    if (problem.headClass == HeadClass::All && !denseHeads.empty())
      denseRowEntries += sparsity.rowEntries(row, denseHeads.front());
  }
  int64_t partEntries =
      problem.headClass == HeadClass::Dense ? entries * sparsity.numDenseHeads()
      : problem.headClass == HeadClass::Sparse
          ? entries * sparseCount
          : entries * sparseCount + denseRowEntries * sparsity.numDenseHeads();
  std::string part;
  if (problem.rows != RowClass::All || problem.headClass != HeadClass::All)
    part = fmt::format("part rows = {}, heads = {}; ",
                       stringifyRowClass(problem.rows).str(),
                       stringifyHeadClass(problem.headClass).str());
  int64_t pairs = rows * problem.keys;
  return fmt::format(
      "{}: batch {}, {} heads ({} dense), {} queries x {} keys; {}pattern {}; "
      "per {} head {} of {} entries ({:.2f}%), {:.1f} per query row, {} "
      "global rows; all heads x batch: {} entries",
      opName.str(), problem.batch, problem.heads, sparsity.numDenseHeads(),
      problem.queries, problem.keys, part,
      pattern::describe(sparsity.getSpec()), dense ? "dense" : "sparse",
      entries, pairs, pairs ? 100.0 * double(entries) / double(pairs) : 0.0,
      rows ? double(entries) / double(rows) : 0.0, globalRows,
      partEntries * problem.batch);
}

struct SAttnPatternStatsPass
    : public sattn::impl::SAttnPatternStatsBase<SAttnPatternStatsPass> {
  void runOnOperation() override {
    getOperation()->walk([&](Operation *op) {
      if (std::optional<Problem> problem = problemOf(op)) {
        op->emitRemark(describeProblem(op->getName().getStringRef(), *problem));
        ++numAttentionOps;
      }
    });
    markAllAnalysesPreserved();
  }
};

} // namespace
