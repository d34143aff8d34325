//===- PatternStats.h - the attended entries of a sattn op ------*- C++ -*-===//
//
// What `--sattn-pattern-stats` reports of each sattn op, as numbers: the
// remark prints them and `--pim-summary` writes them as JSON.
//
//===----------------------------------------------------------------------===//

#ifndef PILOT_DIALECT_SATTN_PATTERNSTATS_H
#define PILOT_DIALECT_SATTN_PATTERNSTATS_H

#include "pilot/Dialect/SAttn/SAttnOps.h"

#include <optional>
#include <string>

namespace pilot::sattn {

/// The problem of one sattn op and the entries its pattern attends.
struct PatternStatistics {
  int64_t batch = 0;
  int64_t heads = 0;
  int64_t denseHeads = 0;
  int64_t queries = 0;
  int64_t keys = 0;
  /// The part the op computes (all of both for an undecomposed attention).
  RowClass rows = RowClass::All;
  HeadClass headClass = HeadClass::All;
  /// `pattern::describe` of the op's pattern.
  std::string pattern;
  /// Whether the per-head figures below follow a dense head (a dense part)
  /// rather than a sparse one.
  bool perDenseHead = false;
  /// Of that head: attended (query, key) pairs over the part's rows, the
  /// pairs those rows hold, the rows and the global rows among them.
  int64_t headEntries = 0;
  int64_t headPairs = 0;
  int64_t selectedRows = 0;
  int64_t globalRows = 0;
  /// Attended pairs of every head of the part and every sequence.
  int64_t totalEntries = 0;
};

/// The statistics of a `sattn.attention`, `sattn.sddmm`, `sattn.softmax` or
/// `sattn.spmm`; nullopt for any other op.
std::optional<PatternStatistics> patternStatistics(mlir::Operation *op);

} // namespace pilot::sattn

#endif // PILOT_DIALECT_SATTN_PATTERNSTATS_H
