//===- SparsityPatternTest.cpp - Tests of the pattern semantics -----------===//
//
// Checks SparsityPattern against a brute-force mask that decides every
// (row, column) straight from the definition with its own simple code, on the
// paper's workload patterns (reduced, full length and decode), on small cases
// with hand-derived numbers, on the random draw, and on every validation rule.
//
//===----------------------------------------------------------------------===//

#include "pilot/Pattern/SparsityPattern.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdint>
#include <cstdlib>
#include <ostream>
#include <set>
#include <string>
#include <vector>

using namespace pilot::pattern;

namespace {

//===----------------------------------------------------------------------===//
// Brute-force reference
//===----------------------------------------------------------------------===//

/// Decides each element from the definition: block membership component by
/// component over every key block, then the per-token causal cut. Only the
/// random draw is taken from the pattern, since the generator defines it.
class Reference {
public:
  explicit Reference(const SparsityPattern &pattern)
      : pattern(pattern), spec(pattern.getSpec()), shape(pattern.getShape()),
        numBlocks((shape.numKeys + spec.blockSize - 1) / spec.blockSize),
        isGlobal(numBlocks, false) {
    for (int64_t block : spec.globalTokens)
      isGlobal[block] = true;
  }

  /// Fills \p mask with the columns row \p row attends.
  void row(int64_t row, bool denseHead, std::vector<char> &mask) const {
    int64_t position = shape.numKeys - shape.numQueries + row;
    int64_t q = position / spec.blockSize;
    std::vector<char> blockOn(numBlocks, 0);
    for (int64_t c = 0; c < numBlocks; ++c) {
      bool inWindow =
          spec.hasWindow &&
          std::abs(c - q) <= (c < q ? spec.windowLeft : spec.windowRight);
      blockOn[c] = denseHead || spec.dense || isGlobal[q] || isGlobal[c] ||
                   c < spec.sinks || inWindow;
    }
    if (!denseHead)
      for (int64_t c : pattern.randomBlocks(q))
        blockOn[c] = 1;
    mask.assign(shape.numKeys, 0);
    for (int64_t j = 0; j < shape.numKeys; ++j)
      mask[j] = blockOn[j / spec.blockSize] && (!spec.causal || j <= position);
  }

private:
  const SparsityPattern &pattern;
  const PatternSpec &spec;
  const PatternShape &shape;
  int64_t numBlocks;
  std::vector<bool> isGlobal;
};

/// Which rows get the per-element isAttended check; rowColumns and rowEntries
/// are always checked on every row.
enum class ElementRows { All, Sample };

/// The documented sample for patterns too large to check element by element:
/// the first and last 64 rows, every 97th row, and the rows around the left
/// window edge, where the window stops touching column 0 (and the sinks
/// start to matter).
bool inSample(const SparsityPattern &pattern, int64_t row) {
  int64_t numRows = pattern.getShape().numQueries;
  int64_t edge = pattern.getSpec().windowLeft * pattern.getSpec().blockSize;
  int64_t position = pattern.queryPosition(row);
  return row < 64 || row >= numRows - 64 || row % 97 == 0 ||
         std::abs(position - edge) <= 2;
}

/// Checks every row of one head kind; returns the reference total.
int64_t checkHead(const SparsityPattern &pattern, int64_t head,
                  ElementRows elementRows) {
  const PatternShape &shape = pattern.getShape();
  Reference reference(pattern);
  bool denseHead = pattern.isDenseHead(head);
  std::vector<char> want, got;
  int64_t total = 0;
  for (int64_t row = 0; row < shape.numQueries; ++row) {
    reference.row(row, denseHead, want);
    int64_t count = std::count(want.begin(), want.end(), 1);
    total += count;
    if (pattern.rowEntries(row, head) != count) {
      ADD_FAILURE() << "head " << head << " row " << row << ": rowEntries "
                    << pattern.rowEntries(row, head) << ", reference " << count;
      return total;
    }

    // Sorted, disjoint, non-touching, non-empty, inside [0, numKeys), and
    // covering exactly the reference columns.
    got.assign(shape.numKeys, 0);
    int64_t previousEnd = -1;
    for (const Interval &interval : pattern.rowColumns(row, head)) {
      if (interval.size() <= 0 || interval.begin <= previousEnd ||
          interval.begin < 0 || interval.end > shape.numKeys) {
        ADD_FAILURE() << "head " << head << " row " << row << ": bad interval ["
                      << interval.begin << ", " << interval.end
                      << ") after end " << previousEnd;
        return total;
      }
      std::fill(got.begin() + interval.begin, got.begin() + interval.end, 1);
      previousEnd = interval.end;
    }
    if (got != want) {
      ADD_FAILURE() << "head " << head << " row " << row
                    << ": rowColumns differ from the reference";
      return total;
    }

    if (elementRows == ElementRows::Sample && !inSample(pattern, row))
      continue;
    for (int64_t col = 0; col < shape.numKeys; ++col)
      if (pattern.isAttended(row, col, head) != bool(want[col])) {
        ADD_FAILURE() << "head " << head << " row " << row << " col " << col
                      << ": isAttended " << !want[col] << ", reference "
                      << bool(want[col]);
        return total;
      }
  }
  EXPECT_EQ(pattern.totalEntries(head), total) << "head " << head;
  return total;
}

/// Checks the sparse heads and, if any, the dense heads, and the all-heads
/// total.
void checkAgainstReference(const SparsityPattern &pattern,
                           ElementRows elementRows) {
  const PatternSpec &spec = pattern.getSpec();
  int64_t numHeads = pattern.getShape().numHeads;
  int64_t numDense = static_cast<int64_t>(spec.denseHeads.size());
  ASSERT_EQ(pattern.numDenseHeads(), numDense);
  int64_t expected = 0;
  if (numDense > 0)
    expected +=
        numDense * checkHead(pattern, spec.denseHeads.front(), elementRows);
  if (numDense < numHeads) {
    int64_t sparseTotal =
        checkHead(pattern, SparsityPattern::sparseHead, elementRows);
    expected += (numHeads - numDense) * sparseTotal;
    // A concrete head outside denseHeads follows the components too.
    for (int64_t head = 0; head < numHeads; ++head)
      if (!pattern.isDenseHead(head)) {
        EXPECT_EQ(pattern.totalEntries(head), sparseTotal);
        break;
      }
  }
  EXPECT_EQ(pattern.totalEntriesAllHeads(), expected);
}

//===----------------------------------------------------------------------===//
// Workloads
//===----------------------------------------------------------------------===//

struct Workload {
  const char *name;
  int64_t fullLength;
  PatternSpec spec;
  int64_t numHeads;
};

std::vector<int64_t> range(int64_t end) {
  std::vector<int64_t> values(end);
  for (int64_t i = 0; i < end; ++i)
    values[i] = i;
  return values;
}

PatternSpec windowSpec(int64_t left, int64_t right, bool causal) {
  PatternSpec spec;
  spec.hasWindow = true;
  spec.windowLeft = left;
  spec.windowRight = right;
  spec.causal = causal;
  return spec;
}

/// The workload patterns of the paper.
std::vector<Workload> workloads() {
  PatternSpec bigBird = windowSpec(1, 1, false);
  bigBird.blockSize = 64;
  bigBird.globalTokens = {0};
  bigBird.randomPerRow = 1;
  bigBird.seed = 1;

  PatternSpec longformer = windowSpec(256, 255, false);
  longformer.globalTokens = {0};

  PatternSpec led = windowSpec(512, 511, false);
  led.globalTokens = {0};

  auto streaming = [](int64_t left, int64_t sinks, int64_t numDense) {
    PatternSpec spec = windowSpec(left, 0, true);
    spec.sinks = sinks;
    spec.denseHeads = range(numDense);
    return spec;
  };
  return {{"BigBird", 4096, bigBird, 12},
          {"Longformer", 4096, longformer, 12},
          {"LedLarge", 16384, led, 16},
          {"Llama2_7B", 4096, streaming(2043, 4, 16), 32},
          {"Pythia12B", 2048, streaming(1021, 2, 20), 40},
          {"Mistral7B", 8192, streaming(4087, 8, 16), 32}};
}

/// A workload at \p length keys and \p numQueries rows. Token-level windows
/// shrink in proportion, so a reduced pattern stays sparse; block-level
/// extents (BigBird) stay as they are.
SparsityPattern instantiate(const Workload &workload, int64_t length,
                            int64_t numQueries) {
  PatternSpec spec = workload.spec;
  if (spec.blockSize == 1) {
    spec.windowLeft = spec.windowLeft * length / workload.fullLength;
    spec.windowRight = spec.windowRight * length / workload.fullLength;
  }
  PatternShape shape{numQueries, length, workload.numHeads};
  EXPECT_TRUE(validateSpec(spec, shape).empty());
  return SparsityPattern(spec, shape);
}

struct WorkloadCase {
  size_t workload;
  /// 0 = the workload's full length.
  int64_t length;
  /// 0 = prefill (as many queries as keys).
  int64_t numQueries;
};

void PrintTo(const WorkloadCase &c, std::ostream *os) {
  *os << workloads()[c.workload].name << " length " << c.length << " queries "
      << c.numQueries;
}

class WorkloadTest : public ::testing::TestWithParam<WorkloadCase> {};

TEST_P(WorkloadTest, MatchesBruteForce) {
  const WorkloadCase &param = GetParam();
  Workload workload = workloads()[param.workload];
  int64_t length = param.length ? param.length : workload.fullLength;
  int64_t numQueries = param.numQueries ? param.numQueries : length;
  SparsityPattern pattern = instantiate(workload, length, numQueries);
  // Beyond 4096 x 4096 elements the per-element check uses the sample.
  checkAgainstReference(pattern, numQueries * length <= 4096 * 4096
                                     ? ElementRows::All
                                     : ElementRows::Sample);
}

std::vector<WorkloadCase> workloadCases() {
  std::vector<WorkloadCase> cases;
  for (size_t i = 0; i < workloads().size(); ++i) {
    cases.push_back({i, 1024, 0});
    cases.push_back({i, 0, 0});
    cases.push_back({i, 0, 1});
    cases.push_back({i, 0, 4});
  }
  return cases;
}

INSTANTIATE_TEST_SUITE_P(
    Paper, WorkloadTest, ::testing::ValuesIn(workloadCases()),
    [](const ::testing::TestParamInfo<WorkloadCase> &info) {
      const WorkloadCase &c = info.param;
      std::string name = workloads()[c.workload].name;
      name += c.length ? "_S" + std::to_string(c.length) : "_Full";
      if (c.numQueries)
        name += "_Decode" + std::to_string(c.numQueries);
      return name;
    });

//===----------------------------------------------------------------------===//
// Hand-computed cases
//===----------------------------------------------------------------------===//

SparsityPattern make(const PatternSpec &spec, int64_t numKeys,
                     int64_t numQueries = 0, int64_t numHeads = 1) {
  PatternShape shape{numQueries ? numQueries : numKeys, numKeys, numHeads};
  EXPECT_TRUE(validateSpec(spec, shape).empty());
  return SparsityPattern(spec, shape);
}

std::vector<int64_t> allRowEntries(const SparsityPattern &pattern,
                                   int64_t head = SparsityPattern::sparseHead) {
  std::vector<int64_t> entries;
  for (int64_t row = 0; row < pattern.getShape().numQueries; ++row)
    entries.push_back(pattern.rowEntries(row, head));
  return entries;
}

using Intervals = std::vector<Interval>;

TEST(SparsityPatternHand, SymmetricWindow) {
  // S = 8, window [1, 1]: row i attends [i-1, i+1] clipped to [0, 8); rows 0
  // and 7 lose one neighbour: 2 + 6 * 3 + 2 = 22.
  SparsityPattern pattern = make(windowSpec(1, 1, false), 8);
  EXPECT_EQ(allRowEntries(pattern),
            (std::vector<int64_t>{2, 3, 3, 3, 3, 3, 3, 2}));
  EXPECT_EQ(pattern.totalEntries(), 22);
  EXPECT_EQ(pattern.rowColumns(0), (Intervals{{0, 2}}));
  EXPECT_EQ(pattern.rowColumns(4), (Intervals{{3, 6}}));
  EXPECT_EQ(pattern.numKeyBlocks(), 8);
  checkAgainstReference(pattern, ElementRows::All);
}

TEST(SparsityPatternHand, CausalWindow) {
  // S = 8, causal window [2, 0]: row i attends [max(0, i-2), i]:
  // 1 + 2 + 6 * 3 = 21.
  SparsityPattern pattern = make(windowSpec(2, 0, true), 8);
  EXPECT_EQ(allRowEntries(pattern),
            (std::vector<int64_t>{1, 2, 3, 3, 3, 3, 3, 3}));
  EXPECT_EQ(pattern.totalEntries(), 21);
  EXPECT_EQ(pattern.rowColumns(5), (Intervals{{3, 6}}));
  checkAgainstReference(pattern, ElementRows::All);
}

TEST(SparsityPatternHand, CausalCutsRightWindowExtent) {
  // Causal window [1, 1] behaves as [1, 0]: the right extent reaches only
  // future keys. S = 8: 1 + 7 * 2 = 15.
  SparsityPattern pattern = make(windowSpec(1, 1, true), 8);
  EXPECT_EQ(pattern.totalEntries(), 15);
  checkAgainstReference(pattern, ElementRows::All);
}

TEST(SparsityPatternHand, DenseAndCausalDense) {
  PatternSpec spec;
  spec.dense = true;
  EXPECT_EQ(make(spec, 8).totalEntries(), 64);
  // Causal: row i attends i + 1 keys, 1 + ... + 8 = 36.
  spec.causal = true;
  SparsityPattern pattern = make(spec, 8);
  EXPECT_EQ(pattern.totalEntries(), 36);
  checkAgainstReference(pattern, ElementRows::All);
}

TEST(SparsityPatternHand, GlobalTokenBothRoles) {
  // S = 8, window [0, 0], global_tokens [0]: row 0 attends all 8 keys; rows
  // 1..7 attend {0, i}: 8 + 7 * 2 = 22.
  PatternSpec spec = windowSpec(0, 0, false);
  spec.globalTokens = {0};
  SparsityPattern pattern = make(spec, 8);
  EXPECT_EQ(allRowEntries(pattern),
            (std::vector<int64_t>{8, 2, 2, 2, 2, 2, 2, 2}));
  EXPECT_EQ(pattern.totalEntries(), 22);
  EXPECT_TRUE(pattern.isGlobalRow(0));
  EXPECT_FALSE(pattern.isGlobalRow(1));
  EXPECT_EQ(pattern.rowColumns(3), (Intervals{{0, 1}, {3, 4}}));
  EXPECT_EQ(pattern.rowColumns(1), (Intervals{{0, 2}}));
  checkAgainstReference(pattern, ElementRows::All);

  // Causal: the global row sees only itself; rows 1..7 still {0, i}:
  // 1 + 7 * 2 = 15.
  spec.causal = true;
  SparsityPattern causal = make(spec, 8);
  EXPECT_EQ(causal.totalEntries(), 15);
  checkAgainstReference(causal, ElementRows::All);
}

TEST(SparsityPatternHand, GlobalTokensAnywhere) {
  // S = 12, window [1, 1], global_tokens [7, 0, 11] (unsorted, the last
  // token among them): rows 0, 7 and 11 attend all 12 keys; row 5 attends
  // {0, 4, 5, 6, 7, 11}, row 8 {0, 7, 8, 9, 11} (7 in its window counts
  // once).
  PatternSpec spec = windowSpec(1, 1, false);
  spec.globalTokens = {7, 0, 11};
  SparsityPattern pattern = make(spec, 12);
  EXPECT_TRUE(pattern.isGlobalRow(7));
  EXPECT_TRUE(pattern.isGlobalRow(11));
  EXPECT_FALSE(pattern.isGlobalRow(6));
  EXPECT_EQ(pattern.rowColumns(7), (Intervals{{0, 12}}));
  EXPECT_EQ(pattern.rowColumns(5), (Intervals{{0, 1}, {4, 8}, {11, 12}}));
  EXPECT_EQ(pattern.rowColumns(8), (Intervals{{0, 1}, {7, 10}, {11, 12}}));
  checkAgainstReference(pattern, ElementRows::All);

  // Causal: global row 7 attends keys 0..7; row 5 no longer sees 7 or 11,
  // row 8 sees 0 and 7..8 but not 11.
  spec.causal = true;
  spec.windowRight = 0;
  SparsityPattern causal = make(spec, 12);
  EXPECT_EQ(causal.rowColumns(7), (Intervals{{0, 8}}));
  EXPECT_EQ(causal.rowColumns(5), (Intervals{{0, 1}, {4, 6}}));
  EXPECT_EQ(causal.rowColumns(8), (Intervals{{0, 1}, {7, 9}}));
  checkAgainstReference(causal, ElementRows::All);

  // Blocks of 4, global block 1 in the middle: its rows 4..7 attend every
  // key, every row attends keys 4..7.
  PatternSpec blocks = windowSpec(0, 0, false);
  blocks.blockSize = 4;
  blocks.globalTokens = {1};
  SparsityPattern blocked = make(blocks, 12);
  EXPECT_EQ(blocked.rowColumns(5), (Intervals{{0, 12}}));
  EXPECT_EQ(blocked.rowColumns(9), (Intervals{{4, 12}}));
  checkAgainstReference(blocked, ElementRows::All);
}

TEST(SparsityPatternHand, PartialLastBlock) {
  // S = 10, block 4: key blocks [0, 4), [4, 8), [8, 10), so numKeyBlocks 3.
  // Window [0, 0]: rows 0-7 attend their own full block (4), rows 8-9 the
  // partial one (2): 8 * 4 + 2 * 2 = 36.
  PatternSpec spec = windowSpec(0, 0, false);
  spec.blockSize = 4;
  SparsityPattern pattern = make(spec, 10);
  EXPECT_EQ(pattern.numKeyBlocks(), 3);
  EXPECT_EQ(pattern.totalEntries(), 36);
  EXPECT_EQ(pattern.rowColumns(9), (Intervals{{8, 10}}));
  checkAgainstReference(pattern, ElementRows::All);

  // Causal is applied per token inside the block: row i attends from its
  // block start to i: (1+2+3+4) * 2 + 1 + 2 = 23.
  spec.causal = true;
  SparsityPattern causal = make(spec, 10);
  EXPECT_EQ(allRowEntries(causal),
            (std::vector<int64_t>{1, 2, 3, 4, 1, 2, 3, 4, 1, 2}));
  EXPECT_EQ(causal.totalEntries(), 23);
  checkAgainstReference(causal, ElementRows::All);

  // Global block 2 (the partial one): rows 8-9 attend all 10 keys; rows 0-7
  // their block plus keys 8-9: 8 * 6 + 2 * 10 = 68. For rows 4-7 block 1
  // touches block 2, so the two merge into one interval.
  spec.causal = false;
  spec.globalTokens = {2};
  SparsityPattern global = make(spec, 10);
  EXPECT_EQ(global.totalEntries(), 68);
  EXPECT_EQ(global.rowColumns(0), (Intervals{{0, 4}, {8, 10}}));
  EXPECT_EQ(global.rowColumns(5), (Intervals{{4, 10}}));
  EXPECT_TRUE(global.isGlobalRow(8));
  EXPECT_FALSE(global.isGlobalRow(7));
  checkAgainstReference(global, ElementRows::All);
}

PatternSpec streamingSpec() {
  // Causal window [1, 0] + sinks 2: the DuoAttention streaming-head shape.
  PatternSpec spec = windowSpec(1, 0, true);
  spec.sinks = 2;
  return spec;
}

TEST(SparsityPatternHand, Sinks) {
  // S = 8: row i attends ({0, 1} u {i-1, i}) n [0, i]: rows 0..3 attend
  // 1, 2, 3, 4; rows 4..7 attend 4 each: 10 + 16 = 26.
  SparsityPattern pattern = make(streamingSpec(), 8);
  EXPECT_EQ(allRowEntries(pattern),
            (std::vector<int64_t>{1, 2, 3, 4, 4, 4, 4, 4}));
  EXPECT_EQ(pattern.totalEntries(), 26);
  EXPECT_EQ(pattern.rowColumns(5), (Intervals{{0, 2}, {4, 6}}));
  EXPECT_EQ(pattern.rowColumns(2), (Intervals{{0, 3}}));
  checkAgainstReference(pattern, ElementRows::All);
}

TEST(SparsityPatternHand, DenseHeadsCount) {
  // The Sinks pattern with 4 heads, heads 1 and 3 dense: a dense head keeps
  // causal, so its rows attend 1 + ... + 8 = 36 keys; all heads:
  // 2 * 26 + 2 * 36 = 124.
  PatternSpec spec = streamingSpec();
  spec.denseHeads = {3, 1};
  SparsityPattern pattern = make(spec, 8, 8, 4);
  EXPECT_EQ(pattern.numDenseHeads(), 2);
  EXPECT_TRUE(pattern.isDenseHead(1));
  EXPECT_TRUE(pattern.isDenseHead(3));
  EXPECT_FALSE(pattern.isDenseHead(0));
  EXPECT_FALSE(pattern.isDenseHead(SparsityPattern::sparseHead));
  EXPECT_EQ(pattern.totalEntries(), 26);
  EXPECT_EQ(pattern.totalEntries(0), 26);
  EXPECT_EQ(pattern.totalEntries(1), 36);
  EXPECT_EQ(pattern.totalEntriesAllHeads(), 124);
  EXPECT_EQ(pattern.rowColumns(5, 3), (Intervals{{0, 6}}));
  checkAgainstReference(pattern, ElementRows::All);

  // Every head dense is allowed: 4 * 36.
  spec.denseHeads = range(4);
  SparsityPattern allDense = make(spec, 8, 8, 4);
  EXPECT_EQ(allDense.totalEntriesAllHeads(), 144);
}

TEST(SparsityPatternHand, ExplicitRandomColumns) {
  // S = 8, block 2 (4 key blocks), window [0, 0], random_cols
  // {{3}, {0, 0}, {}, {1}} (the repeat collapses):
  //   rows 0-1 (block 0): blocks {0, 3} -> 4 keys each
  //   rows 2-3 (block 1): blocks {0, 1} -> 4
  //   rows 4-5 (block 2): block {2}     -> 2
  //   rows 6-7 (block 3): blocks {1, 3} -> 4;  total 8 + 8 + 4 + 8 = 28.
  PatternSpec spec = windowSpec(0, 0, false);
  spec.blockSize = 2;
  spec.randomColumns = {{3}, {0, 0}, {}, {1}};
  SparsityPattern pattern = make(spec, 8);
  EXPECT_EQ(pattern.randomBlocks(1), (std::vector<int64_t>{0}));
  EXPECT_EQ(allRowEntries(pattern),
            (std::vector<int64_t>{4, 4, 4, 4, 2, 2, 4, 4}));
  EXPECT_EQ(pattern.totalEntries(), 28);
  EXPECT_EQ(pattern.rowColumns(0), (Intervals{{0, 2}, {6, 8}}));
  EXPECT_EQ(pattern.rowColumns(2), (Intervals{{0, 4}}));
  checkAgainstReference(pattern, ElementRows::All);

  // Causal cuts the random keys after the query too: row 0 keeps {0}, row 1
  // {0, 1}; rows 2-3 keep 3 and 4; rows 4-5 1 and 2; row 6 keys 2, 3, 6
  // and row 7 keys 2, 3, 6, 7: 1 + 2 + 3 + 4 + 1 + 2 + 3 + 4 = 20.
  spec.causal = true;
  SparsityPattern causal = make(spec, 8);
  EXPECT_EQ(causal.totalEntries(), 20);
  checkAgainstReference(causal, ElementRows::All);
  // The random blocks are those the list adds: block 3 lies after block 0,
  // and block 3 attends its own block through the window.
  EXPECT_EQ(causal.randomBlocks(0), (std::vector<int64_t>{}));
  EXPECT_EQ(causal.randomBlocks(3), (std::vector<int64_t>{1}));
}

TEST(SparsityPatternHand, RandomColumnsOverlapOtherComponents) {
  // S = 8, block 2, window [1, 0], sinks 1: listed blocks the window or the
  // sink attends add nothing, so randomBlocks leaves them out and the union
  // (and every count) is the pattern without them.
  PatternSpec spec = windowSpec(1, 0, false);
  spec.blockSize = 2;
  spec.sinks = 1;
  spec.randomColumns = {{0, 1}, {0, 1, 3}, {0, 2}, {2, 3}};
  SparsityPattern pattern = make(spec, 8);
  EXPECT_EQ(pattern.randomBlocks(0), (std::vector<int64_t>{1}));
  EXPECT_EQ(pattern.randomBlocks(1), (std::vector<int64_t>{3}));
  EXPECT_EQ(pattern.randomBlocks(2), (std::vector<int64_t>{}));
  EXPECT_EQ(pattern.randomBlocks(3), (std::vector<int64_t>{}));
  checkAgainstReference(pattern, ElementRows::All);
}

TEST(SparsityPatternHand, RandomCandidates) {
  // S = 16, block 2 (8 key blocks), window [1, 0], sinks 1, global token 5:
  // block 3 attends blocks 0 (sink), 2-3 (window) and 5 (global), so it may
  // draw 1, 4, 6 and 7; causally only 1 (below its own block).
  PatternSpec spec = windowSpec(1, 0, false);
  spec.blockSize = 2;
  spec.sinks = 1;
  spec.globalTokens = {5};
  spec.randomPerRow = 1;
  SparsityPattern pattern = make(spec, 16);
  EXPECT_EQ(pattern.randomCandidates(3), (Intervals{{1, 2}, {4, 5}, {6, 8}}));
  // A global block attends every key: nothing is left to draw.
  EXPECT_EQ(pattern.randomCandidates(5), (Intervals{}));
  spec.causal = true;
  EXPECT_EQ(make(spec, 16).randomCandidates(3), (Intervals{{1, 2}}));
  // Every block's draw comes from its candidates.
  for (int64_t q = 0; q < 8; ++q)
    for (int64_t c : pattern.randomBlocks(q)) {
      Intervals candidates = pattern.randomCandidates(q);
      EXPECT_TRUE(std::any_of(candidates.begin(), candidates.end(),
                              [&](const Interval &interval) {
                                return interval.begin <= c && c < interval.end;
                              }))
          << "block " << q << " drew " << c;
    }
}

TEST(SparsityPatternHand, Decode) {
  // Two queries at positions 6 and 7 against S = 8, causal window [2, 0]:
  // 3 keys each.
  SparsityPattern pattern = make(windowSpec(2, 0, true), 8, 2);
  EXPECT_EQ(pattern.queryPosition(0), 6);
  EXPECT_EQ(pattern.queryPosition(1), 7);
  EXPECT_EQ(pattern.rowColumns(0), (Intervals{{4, 7}}));
  EXPECT_EQ(pattern.totalEntries(), 6);
  checkAgainstReference(pattern, ElementRows::All);

  // One decode query of the streaming pattern at position 7: sinks {0, 1}
  // and window {6, 7}.
  SparsityPattern streaming = make(streamingSpec(), 8, 1);
  EXPECT_EQ(streaming.rowColumns(0), (Intervals{{0, 2}, {6, 8}}));
}

TEST(SparsityPatternHand, HugeWindowExtentsClip) {
  // Extents far past the sequence clip to it instead of overflowing.
  PatternSpec spec = windowSpec(INT64_MAX, INT64_MAX, false);
  SparsityPattern pattern = make(spec, 8);
  EXPECT_EQ(pattern.totalEntries(), 64);
}

//===----------------------------------------------------------------------===//
// Random draw
//===----------------------------------------------------------------------===//

/// The generator as the definition states it, to pin the draw exactly.
struct TestSplitMix64 {
  uint64_t state;
  uint64_t next() {
    state += 0x9E3779B97F4A7C15ULL;
    uint64_t z = state;
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31);
  }
};

TestSplitMix64 generatorFor(uint64_t seed, int64_t q) {
  return {seed ^ (uint64_t(q) * 0x9E3779B97F4A7C15ULL)};
}

/// Window [1, 1] + global_tokens {0, 5} + sinks 2 + random 3 over 128 key
/// blocks of 16 tokens.
PatternSpec bigBirdLike(uint64_t seed) {
  PatternSpec spec = windowSpec(1, 1, false);
  spec.blockSize = 16;
  spec.globalTokens = {0, 5};
  spec.sinks = 2;
  spec.randomPerRow = 3;
  spec.seed = seed;
  return spec;
}

TEST(SparsityPatternRandom, GeneratorMatchesPublishedSplitMix64) {
  // The reference outputs of SplitMix64 from state 0.
  TestSplitMix64 rng{0};
  EXPECT_EQ(rng.next(), 0xE220A8397B1DCDAFULL);
  EXPECT_EQ(rng.next(), 0x6E789E6AA1B965F4ULL);
}

TEST(SparsityPatternRandom, DistinctSortedAndAvoidingOtherComponents) {
  SparsityPattern pattern = make(bigBirdLike(7), 2048);
  ASSERT_EQ(pattern.numKeyBlocks(), 128);
  for (int64_t q = 0; q < 128; ++q) {
    std::vector<int64_t> blocks = pattern.randomBlocks(q);
    if (q == 0 || q == 5) {
      // Global rows attend everything: nothing is left to draw.
      EXPECT_TRUE(blocks.empty()) << q;
      continue;
    }
    ASSERT_EQ(blocks.size(), 3u) << q;
    EXPECT_TRUE(std::is_sorted(blocks.begin(), blocks.end())) << q;
    EXPECT_EQ(std::set<int64_t>(blocks.begin(), blocks.end()).size(), 3u);
    for (int64_t c : blocks) {
      EXPECT_TRUE(c >= 0 && c < 128) << q;
      EXPECT_GT(std::abs(c - q), 1) << "window " << q << " " << c;
      EXPECT_TRUE(c != 0 && c != 5) << "global " << q << " " << c;
      EXPECT_GE(c, 2) << "sink " << q << " " << c;
    }
  }
  checkAgainstReference(pattern, ElementRows::All);
}

TEST(SparsityPatternRandom, Deterministic) {
  SparsityPattern first = make(bigBirdLike(7), 2048);
  SparsityPattern second = make(bigBirdLike(7), 2048);
  // A decode shape caches only the last block; the draw must not depend on
  // the shape's query count or on the cache.
  SparsityPattern decode = make(bigBirdLike(7), 2048, 1);
  for (int64_t q = 0; q < 128; ++q) {
    EXPECT_EQ(first.randomBlocks(q), second.randomBlocks(q)) << q;
    EXPECT_EQ(first.randomBlocks(q), first.randomBlocks(q)) << q;
    EXPECT_EQ(first.randomBlocks(q), decode.randomBlocks(q)) << q;
  }
}

TEST(SparsityPatternRandom, SeedsDiffer) {
  SparsityPattern one = make(bigBirdLike(1), 2048);
  SparsityPattern two = make(bigBirdLike(2), 2048);
  int differing = 0;
  for (int64_t q = 0; q < 128; ++q)
    differing += one.randomBlocks(q) != two.randomBlocks(q);
  // 126 rows draw 3 of ~120 blocks; nearly all should differ.
  EXPECT_GT(differing, 100);
}

/// Causal, window [0, 0], random 3 at token level: block q has the q
/// candidates [0, q).
PatternSpec fewCandidates() {
  PatternSpec spec = windowSpec(0, 0, true);
  spec.randomPerRow = 3;
  spec.seed = 11;
  return spec;
}

TEST(SparsityPatternRandom, TakesAllCandidatesWhenTooFew) {
  SparsityPattern pattern = make(fewCandidates(), 64);
  EXPECT_EQ(pattern.randomBlocks(0), (std::vector<int64_t>{}));
  EXPECT_EQ(pattern.randomBlocks(1), (std::vector<int64_t>{0}));
  EXPECT_EQ(pattern.randomBlocks(2), (std::vector<int64_t>{0, 1}));
  EXPECT_EQ(pattern.randomBlocks(3), (std::vector<int64_t>{0, 1, 2}));
  for (int64_t q = 4; q < 64; ++q)
    EXPECT_EQ(pattern.randomBlocks(q).size(), 3u) << q;
  checkAgainstReference(pattern, ElementRows::All);
}

TEST(SparsityPatternRandom, PartialFisherYatesWhenFewCandidates) {
  // Block 5 has candidates {0..4}: more than 3, at most 6, so the draw
  // shuffles a prefix of the listed candidates.
  SparsityPattern pattern = make(fewCandidates(), 64);
  std::vector<int64_t> candidates = {0, 1, 2, 3, 4};
  TestSplitMix64 rng = generatorFor(11, 5);
  for (size_t k = 0; k < 3; ++k)
    std::swap(candidates[k],
              candidates[k + rng.next() % (candidates.size() - k)]);
  candidates.resize(3);
  std::sort(candidates.begin(), candidates.end());
  EXPECT_EQ(pattern.randomBlocks(5), candidates);
}

TEST(SparsityPatternRandom, RejectionSamplingWhenManyCandidates) {
  // Block 40 draws below the causal limit 41; its own block is the window's,
  // so 40 candidates remain, more than 6: draws are next() % 41, rejected
  // when they hit block 40 or repeat.
  SparsityPattern pattern = make(fewCandidates(), 64);
  std::vector<int64_t> chosen;
  TestSplitMix64 rng = generatorFor(11, 40);
  while (chosen.size() < 3) {
    int64_t block = int64_t(rng.next() % 41);
    if (block != 40 &&
        std::find(chosen.begin(), chosen.end(), block) == chosen.end())
      chosen.push_back(block);
  }
  std::sort(chosen.begin(), chosen.end());
  EXPECT_EQ(pattern.randomBlocks(40), chosen);
}

TEST(SparsityPatternRandom, ScalesToLongSequences) {
  // 131072 token rows with 3 random keys each: the draw must cost O(random)
  // per row, not O(keys). Rows are checked on a sample against the reference.
  PatternSpec spec = windowSpec(64, 64, true);
  spec.globalTokens = {0};
  spec.sinks = 4;
  spec.randomPerRow = 3;
  spec.seed = 5;
  SparsityPattern pattern = make(spec, 131072);
  Reference reference(pattern);
  std::vector<char> mask;
  for (int64_t row : {0, 1, 5, 70, 1000, 65536, 131071}) {
    reference.row(row, false, mask);
    EXPECT_EQ(pattern.rowEntries(row), std::count(mask.begin(), mask.end(), 1))
        << row;
  }
  // Every row past the window's reach has 3 random keys on top of its
  // window, sinks and global token.
  int64_t total = pattern.totalEntries();
  int64_t tail = 0;
  for (int64_t row = 1000; row < 131072; ++row)
    tail += pattern.rowEntries(row);
  EXPECT_EQ(tail, (131072 - 1000) * (65 + 4 + 3));
  EXPECT_GT(total, tail);
}

//===----------------------------------------------------------------------===//
// Validation
//===----------------------------------------------------------------------===//

PatternShape shapeOf(int64_t numKeys, int64_t numHeads = 1) {
  return {numKeys, numKeys, numHeads};
}

/// Expects exactly one problem, whose text contains each of \p fragments.
void expectOneError(const std::vector<std::string> &errors,
                    std::initializer_list<const char *> fragments) {
  ASSERT_EQ(errors.size(), 1u) << (errors.empty() ? "" : errors.front());
  for (const char *fragment : fragments)
    EXPECT_NE(errors.front().find(fragment), std::string::npos)
        << "'" << errors.front() << "' lacks '" << fragment << "'";
}

TEST(SparsityPatternValidate, WorkloadsAreValid) {
  for (const Workload &workload : workloads())
    EXPECT_TRUE(validateSpec(workload.spec,
                             shapeOf(workload.fullLength, workload.numHeads))
                    .empty())
        << workload.name;
  PatternSpec spec;
  spec.dense = true;
  spec.causal = true;
  EXPECT_TRUE(validateSpec(spec, shapeOf(8)).empty());
}

TEST(SparsityPatternValidate, Block) {
  PatternSpec spec = windowSpec(1, 1, false);
  spec.blockSize = 0;
  expectOneError(validateSpec(spec), {"block", ">= 1"});
  expectOneError(validateSpec(spec, shapeOf(8)), {"block", ">= 1"});
}

TEST(SparsityPatternValidate, WindowExtents) {
  expectOneError(validateSpec(windowSpec(-1, 0, false)), {"window", "left"});
  expectOneError(validateSpec(windowSpec(0, -2, false)), {"window", "right"});
  // Without hasWindow the extents are unused.
  PatternSpec spec = windowSpec(-1, -1, false);
  spec.hasWindow = false;
  spec.sinks = 1;
  EXPECT_TRUE(validateSpec(spec).empty());
}

TEST(SparsityPatternValidate, NegativeSinks) {
  PatternSpec spec = windowSpec(1, 1, false);
  spec.sinks = -1;
  expectOneError(validateSpec(spec), {"sinks", ">= 0"});
}

TEST(SparsityPatternValidate, NegativeRandom) {
  PatternSpec spec = windowSpec(1, 1, false);
  spec.randomPerRow = -1;
  expectOneError(validateSpec(spec), {"random", ">= 0"});
}

TEST(SparsityPatternValidate, NegativeGlobalToken) {
  PatternSpec spec = windowSpec(1, 1, false);
  spec.globalTokens = {0, -3};
  expectOneError(validateSpec(spec), {"global_tokens[1] = -3", ">= 0"});
}

TEST(SparsityPatternValidate, DuplicateGlobalToken) {
  PatternSpec spec = windowSpec(1, 1, false);
  spec.globalTokens = {5, 1, 5};
  expectOneError(validateSpec(spec), {"global_tokens[2]", "global_tokens[0]"});
}

TEST(SparsityPatternValidate, NegativeDenseHead) {
  PatternSpec spec = windowSpec(1, 1, false);
  spec.denseHeads = {-1};
  expectOneError(validateSpec(spec), {"dense_heads[0] = -1", ">= 0"});
}

TEST(SparsityPatternValidate, DuplicateDenseHead) {
  PatternSpec spec = windowSpec(1, 1, false);
  spec.denseHeads = {2, 2};
  expectOneError(validateSpec(spec), {"dense_heads[1]", "dense_heads[0]"});
}

TEST(SparsityPatternValidate, NegativeRandomColumn) {
  PatternSpec spec = windowSpec(1, 1, false);
  spec.randomColumns = {{0}, {1, -1}};
  expectOneError(validateSpec(spec), {"random_cols[1][1] = -1", ">= 0"});
}

TEST(SparsityPatternValidate, RandomAndRandomColumns) {
  PatternSpec spec = windowSpec(1, 1, false);
  spec.randomPerRow = 1;
  spec.randomColumns = {{0}};
  expectOneError(validateSpec(spec), {"random = 1", "random_cols"});
}

TEST(SparsityPatternValidate, AttendsNothing) {
  PatternSpec spec;
  spec.causal = true;
  spec.denseHeads = {0};
  expectOneError(validateSpec(spec),
                 {"pattern attends no key: give dense, window, global_tokens, "
                  "sinks, random or random_cols"});
}

TEST(SparsityPatternValidate, DenseMakesComponentsRedundant) {
  struct Case {
    const char *field;
    void (*give)(PatternSpec &);
  };
  const Case cases[] = {
      {"window", [](PatternSpec &s) { s.hasWindow = true; }},
      {"global_tokens", [](PatternSpec &s) { s.globalTokens = {0}; }},
      {"sinks", [](PatternSpec &s) { s.sinks = 1; }},
      {"random", [](PatternSpec &s) { s.randomPerRow = 1; }},
      {"random_cols", [](PatternSpec &s) { s.randomColumns = {{0}}; }}};
  for (const Case &c : cases) {
    PatternSpec spec;
    spec.dense = true;
    c.give(spec);
    SCOPED_TRACE(c.field);
    expectOneError(validateSpec(spec), {"dense", c.field, "redundant"});
  }
}

TEST(SparsityPatternValidate, ShapeCounts) {
  PatternSpec spec = windowSpec(1, 1, false);
  expectOneError(validateSpec(spec, {0, 8, 1}), {"numQueries", ">= 1"});
  expectOneError(validateSpec(spec, {1, 0, 1}), {"numKeys", ">= 1"});
  expectOneError(validateSpec(spec, {9, 8, 1}), {"numQueries", "<= numKeys"});
  expectOneError(validateSpec(spec, {8, 8, 0}), {"numHeads", ">= 1"});
}

TEST(SparsityPatternValidate, GlobalTokenOutOfRange) {
  PatternSpec spec = windowSpec(1, 1, false);
  spec.blockSize = 64;
  spec.globalTokens = {0, 70};
  // Shape-free, the index cannot be judged.
  EXPECT_TRUE(validateSpec(spec).empty());
  std::vector<std::string> errors = validateSpec(spec, shapeOf(4096));
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_EQ(errors.front(),
            "global_tokens[1] = 70 is out of range [0, 64) key blocks");
  // At token level the unit is keys.
  spec.blockSize = 1;
  expectOneError(validateSpec(spec, shapeOf(64)), {"[0, 64) keys"});
}

TEST(SparsityPatternValidate, SinksOutOfRange) {
  PatternSpec spec = windowSpec(1, 1, false);
  spec.sinks = 9;
  expectOneError(validateSpec(spec, shapeOf(8)), {"sinks = 9", "[0, 8]"});
  spec.sinks = 8;
  EXPECT_TRUE(validateSpec(spec, shapeOf(8)).empty());
}

TEST(SparsityPatternValidate, RandomOutOfRange) {
  PatternSpec spec = windowSpec(1, 1, false);
  spec.blockSize = 4;
  spec.randomPerRow = 3;
  // 10 keys in blocks of 4: 3 key blocks, so 3 is the most.
  EXPECT_TRUE(validateSpec(spec, shapeOf(10)).empty());
  spec.randomPerRow = 4;
  expectOneError(validateSpec(spec, shapeOf(10)),
                 {"random = 4", "[0, 3] key blocks"});
}

TEST(SparsityPatternValidate, RandomColumnsCount) {
  PatternSpec spec = windowSpec(1, 1, false);
  spec.randomColumns = {{0}, {1}};
  expectOneError(validateSpec(spec, shapeOf(4)), {"random_cols", "2", "4"});
}

TEST(SparsityPatternValidate, RandomColumnOutOfRange) {
  PatternSpec spec = windowSpec(1, 1, false);
  spec.randomColumns = {{0}, {1}, {}, {3, 4}};
  expectOneError(validateSpec(spec, shapeOf(4)),
                 {"random_cols[3][1] = 4", "[0, 4) keys"});
}

TEST(SparsityPatternValidate, DenseHeadOutOfRange) {
  PatternSpec spec = windowSpec(1, 1, false);
  spec.denseHeads = {0, 32};
  expectOneError(validateSpec(spec, shapeOf(8, 32)),
                 {"dense_heads[1] = 32", "[0, 32) heads"});
  // Every head dense is fine.
  spec.denseHeads = range(32);
  EXPECT_TRUE(validateSpec(spec, shapeOf(8, 32)).empty());
}

TEST(SparsityPatternValidate, ReportsEveryProblem) {
  PatternSpec spec = windowSpec(-1, 1, false);
  spec.sinks = -1;
  spec.globalTokens = {9};
  EXPECT_EQ(validateSpec(spec, shapeOf(8)).size(), 3u);
}

//===----------------------------------------------------------------------===//
// describe
//===----------------------------------------------------------------------===//

TEST(SparsityPatternDescribe, Summaries) {
  PatternSpec spec = windowSpec(256, 255, true);
  spec.globalTokens = {0};
  spec.sinks = 4;
  spec.randomPerRow = 3;
  spec.seed = 7;
  spec.blockSize = 64;
  spec.denseHeads = range(16);
  EXPECT_EQ(describe(spec), "window [256, 255] + global_tokens 1 + sinks 4 + "
                            "random 3 (seed 7), block 64, causal; dense heads "
                            "16");

  PatternSpec dense;
  dense.dense = true;
  dense.causal = true;
  EXPECT_EQ(describe(dense), "dense, causal");

  PatternSpec explicitRandom = windowSpec(0, 0, false);
  explicitRandom.randomColumns = {{0}};
  EXPECT_EQ(describe(explicitRandom), "window [0, 0] + random_cols");
}

// Window extents past the sequence attend nothing more: cutting them to the
// key blocks less one keeps every row's columns, random blocks included,
// for prefill and decoding, in tokens and in blocks.
TEST(ClampToShape, CutsWideWindowsWithoutChangingAnyRow) {
  PatternSpec spec = windowSpec(INT64_MAX, 1000, false);
  spec.randomPerRow = 1;
  spec.seed = 5;
  spec.blockSize = 4;
  for (PatternShape shape : {PatternShape{40, 40, 1}, PatternShape{1, 37, 1}}) {
    PatternSpec clamped = clampToShape(spec, shape);
    int64_t widest = (shape.numKeys + 3) / 4 - 1;
    EXPECT_EQ(clamped.windowLeft, widest);
    EXPECT_EQ(clamped.windowRight, widest);
    SparsityPattern wide(spec, shape), cut(clamped, shape);
    for (int64_t row = 0; row < shape.numQueries; ++row)
      EXPECT_EQ(wide.rowColumns(row), cut.rowColumns(row)) << "row " << row;
  }
  // Narrow extents are kept.
  PatternSpec narrow = windowSpec(2, 1, true);
  PatternSpec kept = clampToShape(narrow, PatternShape{16, 16, 1});
  EXPECT_EQ(kept.windowLeft, 2);
  EXPECT_EQ(kept.windowRight, 1);
}

} // namespace
