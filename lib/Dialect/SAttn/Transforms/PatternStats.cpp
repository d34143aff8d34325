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

/// What the report needs of an op: its pattern and problem shape.
struct Problem {
  PatternAttr pattern;
  int64_t batch;
  int64_t heads;
  int64_t queries;
  int64_t keys;
};

std::optional<Problem> problemOf(Operation *op) {
  auto fromTypes = [](PatternAttr pattern, Type rowsType,
                      int64_t keys) -> Problem {
    auto rows = cast<RankedTensorType>(rowsType);
    return {pattern, rows.getDimSize(0), rows.getDimSize(1), rows.getDimSize(2),
            keys};
  };
  auto dim = [](Value value, unsigned index) {
    return cast<RankedTensorType>(value.getType()).getDimSize(index);
  };
  return llvm::TypeSwitch<Operation *, std::optional<Problem>>(op)
      .Case([&](AttentionOp attention) {
        return fromTypes(attention.getPattern(), attention.getQuery().getType(),
                         dim(attention.getKey(), 2));
      })
      .Case([&](SddmmOp sddmm) {
        return fromTypes(sddmm.getPattern(), sddmm.getQuery().getType(),
                         dim(sddmm.getKey(), 2));
      })
      .Case([&](SoftmaxOp softmax) {
        return fromTypes(softmax.getPattern(), softmax.getScores().getType(),
                         dim(softmax.getScores(), 3));
      })
      .Case([&](SpmmOp spmm) {
        return fromTypes(spmm.getPattern(), spmm.getProbs().getType(),
                         dim(spmm.getProbs(), 3));
      })
      .Default([](Operation *) { return std::nullopt; });
}

std::string describeProblem(StringRef opName, const Problem &problem) {
  pattern::SparsityPattern sparsity(
      problem.pattern.getSpec(),
      pattern::PatternShape{problem.queries, problem.keys, problem.heads});
  int64_t entries = sparsity.totalEntries();
  int64_t denseEntries = problem.queries * problem.keys;
  int64_t globalRows = 0;
  for (int64_t row = 0; row < problem.queries; ++row)
    globalRows += sparsity.isGlobalRow(row);
  return fmt::format(
      "{}: batch {}, {} heads ({} dense), {} queries x {} keys; pattern {}; "
      "per sparse head {} of {} entries ({:.2f}%), {:.1f} per query row, {} "
      "global rows; all heads x batch: {} entries",
      opName.str(), problem.batch, problem.heads, sparsity.numDenseHeads(),
      problem.queries, problem.keys, pattern::describe(sparsity.getSpec()),
      entries, denseEntries, 100.0 * double(entries) / double(denseEntries),
      double(entries) / double(problem.queries), globalRows,
      sparsity.totalEntriesAllHeads() * problem.batch);
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
