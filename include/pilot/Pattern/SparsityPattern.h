//===- SparsityPattern.h - Sparse-attention pattern semantics ---*- C++ -*-===//
//
// What a sparse-attention pattern attends, in plain C++: the components of a
// pattern as the IR attribute spells them, their validation, and the exact
// (query row, key column) mask they define. The attribute verifier, the
// compiler and the tests share this one definition.
//
//===----------------------------------------------------------------------===//

#ifndef PILOT_PATTERN_SPARSITYPATTERN_H
#define PILOT_PATTERN_SPARSITYPATTERN_H

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace pilot::pattern {

/// Half-open interval [begin, end) of key columns.
struct Interval {
  int64_t begin = 0, end = 0;

  int64_t size() const { return end - begin; }
  bool operator==(const Interval &other) const;
};

/// Sorts \p intervals and merges those that overlap or touch, dropping empty
/// ones, so the result is sorted and no two intervals touch.
void mergeIntervals(std::vector<Interval> &intervals);

/// Sum of the sizes of \p intervals.
int64_t totalSize(const std::vector<Interval> &intervals);

/// The entries [\p from, \p to) of the sorted, disjoint \p intervals,
/// counted by position across them: the keys a run of gathered entries holds.
std::vector<Interval> sliceEntries(const std::vector<Interval> &intervals,
                                   int64_t from, int64_t to);

/// The components of a pattern, as written in the IR attribute.
///
/// Units: when blockSize > 1, every position-valued field (window extents,
/// global tokens, sinks, random counts and explicit random columns) counts key
/// *blocks* of blockSize tokens, BigBird-style; with blockSize == 1 they count
/// tokens.
struct PatternSpec {
  /// Every key (IR `dense`).
  bool dense = false;
  /// Keep only keys at positions <= the query's position, per token.
  bool causal = false;
  /// A sliding window is present (IR `window`).
  bool hasWindow = false;
  /// Query block q attends key blocks [q - windowLeft, q + windowRight].
  int64_t windowLeft = 0, windowRight = 0;
  /// Global in both roles: such a query attends every key and every query
  /// attends such a key (IR `global_tokens`).
  std::vector<int64_t> globalTokens;
  /// The first `sinks` key blocks, as columns only (StreamingLLM /
  /// DuoAttention streaming heads).
  int64_t sinks = 0;
  /// BigBird random keys: this many extra key blocks per query block, drawn
  /// with `seed` (IR `random`).
  int64_t randomPerRow = 0;
  uint64_t seed = 0;
  /// Explicit alternative to `randomPerRow`: entry p lists the random key
  /// blocks of query block position p; empty = unused (IR `random_cols`).
  std::vector<std::vector<int64_t>> randomColumns;
  /// Tokens per block (IR `block`).
  int64_t blockSize = 1;
  /// Heads that ignore the components and attend every key (DuoAttention
  /// retrieval heads); causal still applies (IR `dense_heads`).
  std::vector<int64_t> denseHeads;
};

/// Shape the pattern is applied to: numQueries query rows against numKeys
/// keys, numHeads heads. Query row i sits at token position
/// numKeys - numQueries + i (prefill: N == S so row i is position i; decode:
/// the N newest positions against an S-long KV cache).
struct PatternShape {
  int64_t numQueries = 0, numKeys = 0, numHeads = 1;
};

/// Checks the rules that need no shape. Returns every problem found, each a
/// self-contained sentence naming the IR field and its allowed range; empty
/// means valid.
std::vector<std::string> validateSpec(const PatternSpec &spec);

/// Checks every rule, the shape-free ones included, against \p shape.
std::vector<std::string> validateSpec(const PatternSpec &spec,
                                      const PatternShape &shape);

/// \p spec with its window's extents cut to the key blocks of \p shape
/// less one: wider extents attend no more keys, and the compiler's
/// arithmetic on them (bytes, rows of a bank) then stays within the
/// sequence. Every other field is kept.
PatternSpec clampToShape(PatternSpec spec, const PatternShape &shape);

/// A short human summary, e.g. "window [256, 255] + global_tokens 1 + sinks 4
/// + random 3 (seed 7), block 64, causal; dense heads 16".
std::string describe(const PatternSpec &spec);

/// A pattern applied to a shape: answers which key columns each query row of
/// each head attends, from intervals rather than by scanning columns.
class SparsityPattern {
public:
  /// "A head that follows the components": any head not in denseHeads.
  static constexpr int64_t sparseHead = -1;

  /// Precondition: validateSpec(spec, shape) is empty (asserted).
  SparsityPattern(PatternSpec spec, PatternShape shape);

  const PatternSpec &getSpec() const { return spec; }
  const PatternShape &getShape() const { return shape; }

  /// ceil(numKeys / blockSize).
  int64_t numKeyBlocks() const { return numBlocks; }
  /// Token position of query row \p row: numKeys - numQueries + row.
  int64_t queryPosition(int64_t row) const;
  /// Whether \p head is listed in denseHeads; false for sparseHead.
  bool isDenseHead(int64_t head) const;
  /// Whether the row's block is a global token (so it attends every key).
  bool isGlobalRow(int64_t row) const;
  /// Number of heads listed in denseHeads.
  int64_t numDenseHeads() const {
    return static_cast<int64_t>(sortedDenseHeads.size());
  }

  /// Sorted, disjoint intervals of the key columns that row \p row of head
  /// \p head attends; adjacent intervals are merged, so no two touch.
  std::vector<Interval> rowColumns(int64_t row,
                                   int64_t head = sparseHead) const;
  /// Whether row \p row of head \p head attends key column \p col.
  bool isAttended(int64_t row, int64_t col, int64_t head = sparseHead) const;
  /// Number of key columns row \p row of head \p head attends.
  int64_t rowEntries(int64_t row, int64_t head = sparseHead) const;
  /// rowEntries summed over the rows of head \p head.
  int64_t totalEntries(int64_t head = sparseHead) const;
  /// totalEntries summed over all heads; dense heads count their dense
  /// (causal-clipped) rows.
  int64_t totalEntriesAllHeads() const;

  /// The random key blocks of query block position \p blockPosition, sorted:
  /// the explicit list, or the deterministic draw. Either holds only blocks
  /// that no other component attends, below the causal limit (the query's
  /// own block), so that each adds keys the others do not.
  std::vector<int64_t> randomBlocks(int64_t blockPosition) const;
  /// The key blocks query block position \p blockPosition may draw random
  /// blocks from: below the causal limit (the query's own block) and
  /// attended by no other component; sorted, disjoint intervals.
  std::vector<Interval> randomCandidates(int64_t blockPosition) const;

private:
  /// Whether key block \p block is a global token.
  bool isGlobalBlock(int64_t block) const;
  /// Merged key-block intervals of the non-random components for block q.
  std::vector<Interval> componentBlocks(int64_t q) const;
  /// Whether a non-random component attends key block \p c from block \p q.
  bool componentAttends(int64_t q, int64_t c) const;
  /// randomBlocks without the cache: the explicit list or a fresh draw.
  std::vector<int64_t> computeRandomBlocks(int64_t q) const;
  /// Draws randomPerRow key blocks for block \p q (see the .cpp for how).
  std::vector<int64_t> drawRandomBlocks(int64_t q) const;
  /// The cached random blocks of block \p q as [first, last); none when q
  /// holds no query row or the pattern has no random component.
  std::optional<std::pair<const int64_t *, const int64_t *>>
  cachedRandom(int64_t q) const;
  /// Key columns of row \p row; \p denseHead ignores the components.
  std::vector<Interval> columnsOf(int64_t row, bool denseHead) const;
  int64_t totalEntriesOf(bool denseHead) const;

  PatternSpec spec;
  PatternShape shape;
  int64_t numBlocks = 0;
  std::vector<int64_t> sortedGlobals;
  /// sortedGlobals as merged block intervals, so runs of global tokens cost
  /// one interval per row.
  std::vector<Interval> globalIntervals;
  std::vector<int64_t> sortedDenseHeads;
  /// Random blocks of the query blocks [firstRandomBlock, firstRandomBlock +
  /// randomOffsets.size() - 1), flattened: block b owns
  /// randomValues[randomOffsets[b - first], randomOffsets[b - first + 1]).
  /// Computed once so that per-element queries need not redraw.
  int64_t firstRandomBlock = 0;
  std::vector<int64_t> randomOffsets;
  std::vector<int64_t> randomValues;
};

} // namespace pilot::pattern

#endif // PILOT_PATTERN_SPARSITYPATTERN_H
