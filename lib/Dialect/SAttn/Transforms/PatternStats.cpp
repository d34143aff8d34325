//===- PatternStats.cpp - report attention pattern sizes ------------------===//

#include "pilot/Dialect/SAttn/PatternStats.h"
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

/// The remark: the problem, the part, the pattern and its entries.
std::string describe(StringRef opName, const PatternStatistics &stats) {
  std::string part;
  if (stats.rows != RowClass::All || stats.headClass != HeadClass::All)
    part = fmt::format("part rows = {}, heads = {}; ",
                       stringifyRowClass(stats.rows).str(),
                       stringifyHeadClass(stats.headClass).str());
  return fmt::format(
      "{}: batch {}, {} heads ({} dense), {} queries x {} keys; {}pattern {}; "
      "per {} head {} of {} entries ({:.2f}%), {:.1f} per query row, {} "
      "global rows; all heads x batch: {} entries",
      opName.str(), stats.batch, stats.heads, stats.denseHeads, stats.queries,
      stats.keys, part, stats.pattern, stats.perDenseHead ? "dense" : "sparse",
      stats.headEntries, stats.headPairs,
      stats.headPairs
          ? 100.0 * double(stats.headEntries) / double(stats.headPairs)
          : 0.0,
      stats.selectedRows
          ? double(stats.headEntries) / double(stats.selectedRows)
          : 0.0,
      stats.globalRows, stats.totalEntries);
}

struct SAttnPatternStatsPass
    : public sattn::impl::SAttnPatternStatsBase<SAttnPatternStatsPass> {
  void runOnOperation() override {
    getOperation()->walk([&](Operation *op) {
      if (std::optional<PatternStatistics> stats = patternStatistics(op)) {
        op->emitRemark(describe(op->getName().getStringRef(), *stats));
        ++numAttentionOps;
      }
    });
    markAllAnalysesPreserved();
  }
};

} // namespace

std::optional<PatternStatistics> sattn::patternStatistics(Operation *op) {
  std::optional<Problem> problem = problemOf(op);
  if (!problem)
    return std::nullopt;
  pattern::SparsityPattern sparsity(
      problem->pattern.getSpec(),
      pattern::PatternShape{problem->queries, problem->keys, problem->heads});
  // The head the per-head figures follow, and how many heads of that kind
  // the part holds.
  const std::vector<int64_t> &denseHeads = sparsity.getSpec().denseHeads;
  PatternStatistics stats;
  stats.batch = problem->batch;
  stats.heads = problem->heads;
  stats.denseHeads = sparsity.numDenseHeads();
  stats.queries = problem->queries;
  stats.keys = problem->keys;
  stats.rows = problem->rows;
  stats.headClass = problem->headClass;
  stats.pattern = pattern::describe(sparsity.getSpec());
  stats.perDenseHead = problem->headClass == HeadClass::Dense;
  int64_t head = stats.perDenseHead ? denseHeads.front()
                                    : pattern::SparsityPattern::sparseHead;
  int64_t sparseCount = problem->heads - stats.denseHeads;

  int64_t denseRowEntries = 0;
  for (int64_t row = 0; row < problem->queries; ++row) {
    if (!rowSelected(sparsity, problem->rows, row))
      continue;
    ++stats.selectedRows;
    stats.globalRows += sparsity.isGlobalRow(row);
    stats.headEntries += sparsity.rowEntries(row, head);
    if (problem->headClass == HeadClass::All && !denseHeads.empty())
      denseRowEntries += sparsity.rowEntries(row, denseHeads.front());
  }
  int64_t partEntries =
      problem->headClass == HeadClass::Dense
          ? stats.headEntries * stats.denseHeads
      : problem->headClass == HeadClass::Sparse
          ? stats.headEntries * sparseCount
          : stats.headEntries * sparseCount +
                denseRowEntries * stats.denseHeads;
  stats.headPairs = stats.selectedRows * problem->keys;
  stats.totalEntries = partEntries * problem->batch;
  return stats;
}
