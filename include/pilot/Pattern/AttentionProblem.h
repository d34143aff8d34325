//===- AttentionProblem.h - an attention's shape and pattern ----*- C++ -*-===//
//
// What one sparse attention computes, in plain C++: its tensor shapes, its
// pattern, and which part of it (rows, heads) a piece of the compiler
// handles. The sattn ops describe themselves with it and the I/O model
// counts it; neither depends on the other.
//
//===----------------------------------------------------------------------===//

#ifndef PILOT_PATTERN_ATTENTIONPROBLEM_H
#define PILOT_PATTERN_ATTENTIONPROBLEM_H

#include "pilot/Pattern/SparsityPattern.h"

#include <cstdint>

namespace pilot::pattern {

/// An attention as the compiler sees it: query [B, H, N, D] against key and
/// value [B, Hkv, S, D], FP16, restricted to a pattern.
struct AttentionProblem {
  int64_t batch = 1;
  int64_t heads = 1;
  int64_t kvHeads = 1;
  int64_t queries = 1;
  int64_t keys = 1;
  int64_t headDim = 64;
  PatternSpec pattern;
  /// Prefill only: also run the pattern's dense heads on PIM (the paper keeps
  /// them on the GPU). Decoding always runs every head on PIM.
  bool denseHeadsOnPIM = false;
  /// Decoding: this many consecutive query heads of one key-value head and
  /// one kind (dense, or the sparse pattern) are the rows of one head
  /// instance, which reads their keys and values once (docs/io-model.md,
  /// Shared key-value heads). 1: every query head is an instance of its own.
  int64_t sharedHeads = 1;

  /// The part of the problem to count, as sattn-decompose splits it: the
  /// row split (non-global rows in prefill), the column split (global rows;
  /// every row in decoding), and which heads. All of it by default.
  enum class Heads { All, Sparse, Dense };
  bool rowSplit = true;
  bool columnSplit = true;
  Heads headSelection = Heads::All;
  /// Row split only: the bank groups each head instance spans (pim-map's
  /// `groups_per_instance`), its rows cut over all their banks.
  int64_t groupsPerInstance = 1;

  /// Prefill has a query per key; decoding has fewer queries than keys.
  bool isPrefill() const { return queries == keys; }
  PatternShape shape() const { return {queries, keys, heads}; }
};

} // namespace pilot::pattern

#endif // PILOT_PATTERN_ATTENTIONPROBLEM_H
