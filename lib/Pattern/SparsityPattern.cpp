//===- SparsityPattern.cpp - Sparse-attention pattern semantics -----------===//
//
// Validation, the summary string, and the row mask. Rows are answered from
// key-block intervals (a handful per row) scaled to tokens, so the cost of a
// row does not grow with the number of keys.
//
//===----------------------------------------------------------------------===//

#include "pilot/Pattern/SparsityPattern.h"

#include "llvm/Support/MathExtras.h"

#include <algorithm>
#include <cassert>
#include <sstream>
#include <unordered_map>

using namespace pilot::pattern;

namespace {

/// Concatenates the stream renderings of \p parts.
template <typename... Ts> std::string cat(const Ts &...parts) {
  std::ostringstream os;
  (os << ... << parts);
  return os.str();
}

/// What the position-valued fields count, for messages.
const char *unitOf(const PatternSpec &spec) {
  return spec.blockSize > 1 ? "key blocks" : "keys";
}

/// Whether \p x lies in one of the sorted, disjoint \p intervals.
bool containsPoint(const std::vector<Interval> &intervals, int64_t x) {
  auto it = std::upper_bound(
      intervals.begin(), intervals.end(), x,
      [](int64_t value, const Interval &iv) { return value < iv.begin; });
  return it != intervals.begin() && x < std::prev(it)->end;
}

/// SplitMix64 (Steele, Lea, Flood 2014): fixed 64-bit arithmetic, so the
/// random draw is the same on every platform and standard library.
class SplitMix64 {
public:
  explicit SplitMix64(uint64_t state) : state(state) {}

  uint64_t next() {
    state += 0x9E3779B97F4A7C15ULL;
    uint64_t z = state;
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31);
  }

private:
  uint64_t state;
};

/// Reports negative and repeated entries of the list field \p field.
void checkDistinctNonNegative(const char *field,
                              const std::vector<int64_t> &values,
                              std::vector<std::string> &errors) {
  std::unordered_map<int64_t, size_t> firstIndex;
  for (size_t i = 0; i < values.size(); ++i) {
    if (values[i] < 0) {
      errors.push_back(cat(field, "[", i, "] = ", values[i], " must be >= 0"));
      continue;
    }
    auto [it, inserted] = firstIndex.emplace(values[i], i);
    if (!inserted)
      errors.push_back(cat(field, "[", i, "] = ", values[i], " repeats ", field,
                           "[", it->second, "]; entries must be distinct"));
  }
}

/// Reports entries of \p field at or above \p bound (negatives are left to
/// the shape-free rules, which already name them).
void checkBelow(const std::string &field, const std::vector<int64_t> &values,
                int64_t bound, const char *unit,
                std::vector<std::string> &errors) {
  for (size_t i = 0; i < values.size(); ++i)
    if (values[i] >= bound)
      errors.push_back(cat(field, "[", i, "] = ", values[i],
                           " is out of range [0, ", bound, ") ", unit));
}

/// Reports a count field above \p bound (the range includes the bound).
void checkAtMost(const char *field, int64_t value, int64_t bound,
                 const char *unit, std::vector<std::string> &errors) {
  if (value > bound)
    errors.push_back(
        cat(field, " = ", value, " is out of range [0, ", bound, "] ", unit));
}

/// The components other than `dense`, with their IR spelling and whether
/// \p spec gives them.
std::vector<std::pair<const char *, bool>>
givenComponents(const PatternSpec &spec) {
  return {{"window", spec.hasWindow},
          {"global_tokens", !spec.globalTokens.empty()},
          {"sinks", spec.sinks > 0},
          {"random", spec.randomPerRow > 0},
          {"random_cols", !spec.randomColumns.empty()}};
}

} // namespace

void pilot::pattern::mergeIntervals(std::vector<Interval> &intervals) {
  std::sort(
      intervals.begin(), intervals.end(),
      [](const Interval &a, const Interval &b) { return a.begin < b.begin; });
  size_t out = 0;
  for (const Interval &interval : intervals) {
    if (interval.size() <= 0)
      continue;
    if (out > 0 && interval.begin <= intervals[out - 1].end)
      intervals[out - 1].end = std::max(intervals[out - 1].end, interval.end);
    else
      intervals[out++] = interval;
  }
  intervals.resize(out);
}

int64_t pilot::pattern::totalSize(const std::vector<Interval> &intervals) {
  int64_t size = 0;
  for (const Interval &interval : intervals)
    size += interval.size();
  return size;
}

std::vector<Interval>
pilot::pattern::sliceEntries(const std::vector<Interval> &intervals,
                             int64_t from, int64_t to) {
  std::vector<Interval> slice;
  int64_t position = 0;
  for (const Interval &interval : intervals) {
    int64_t begin = std::max(from, position);
    int64_t end = std::min(to, position + interval.size());
    if (begin < end)
      slice.push_back({interval.begin + (begin - position),
                       interval.begin + (end - position)});
    position += interval.size();
  }
  return slice;
}

bool Interval::operator==(const Interval &other) const {
  return begin == other.begin && end == other.end;
}

//===----------------------------------------------------------------------===//
// Validation
//===----------------------------------------------------------------------===//

std::vector<std::string> pilot::pattern::validateSpec(const PatternSpec &spec) {
  std::vector<std::string> errors;
  if (spec.blockSize < 1)
    errors.push_back(cat("block = ", spec.blockSize,
                         " must be >= 1 (tokens per key block)"));
  if (spec.hasWindow) {
    if (spec.windowLeft < 0)
      errors.push_back(
          cat("window left extent = ", spec.windowLeft, " must be >= 0"));
    if (spec.windowRight < 0)
      errors.push_back(
          cat("window right extent = ", spec.windowRight, " must be >= 0"));
  }
  if (spec.sinks < 0)
    errors.push_back(cat("sinks = ", spec.sinks, " must be >= 0"));
  if (spec.randomPerRow < 0)
    errors.push_back(cat("random = ", spec.randomPerRow, " must be >= 0"));
  checkDistinctNonNegative("global_tokens", spec.globalTokens, errors);
  checkDistinctNonNegative("dense_heads", spec.denseHeads, errors);
  for (size_t p = 0; p < spec.randomColumns.size(); ++p)
    for (size_t k = 0; k < spec.randomColumns[p].size(); ++k)
      if (spec.randomColumns[p][k] < 0)
        errors.push_back(cat("random_cols[", p, "][", k, "] = ",
                             spec.randomColumns[p][k], " must be >= 0"));
  if (spec.randomPerRow > 0 && !spec.randomColumns.empty())
    errors.push_back(cat("random = ", spec.randomPerRow,
                         " and random_cols are both given; give one of them"));

  bool anyComponent = spec.dense;
  for (auto [field, given] : givenComponents(spec)) {
    anyComponent |= given;
    if (spec.dense && given)
      errors.push_back(cat("dense already attends every key, so ", field,
                           " is redundant; drop one of them"));
  }
  if (!anyComponent)
    errors.push_back("pattern attends no key: give dense, window, "
                     "global_tokens, sinks, random or random_cols");
  return errors;
}

std::vector<std::string>
pilot::pattern::validateSpec(const PatternSpec &spec,
                             const PatternShape &shape) {
  std::vector<std::string> errors = validateSpec(spec);
  if (shape.numQueries < 1)
    errors.push_back(cat("shape has ", shape.numQueries,
                         " query rows; numQueries must be >= 1"));
  if (shape.numKeys < 1)
    errors.push_back(
        cat("shape has ", shape.numKeys, " keys; numKeys must be >= 1"));
  else if (shape.numQueries > shape.numKeys)
    errors.push_back(cat("shape has ", shape.numQueries, " query rows but ",
                         shape.numKeys,
                         " keys; numQueries must be <= numKeys"));
  if (shape.numHeads < 1)
    errors.push_back(
        cat("shape has ", shape.numHeads, " heads; numHeads must be >= 1"));
  else
    checkBelow("dense_heads", spec.denseHeads, shape.numHeads, "heads", errors);

  // The block-valued bounds need a key-block count.
  if (spec.blockSize < 1 || shape.numKeys < 1)
    return errors;
  int64_t numBlocks = llvm::divideCeilSigned(shape.numKeys, spec.blockSize);
  const char *unit = unitOf(spec);
  checkBelow("global_tokens", spec.globalTokens, numBlocks, unit, errors);
  checkAtMost("sinks", spec.sinks, numBlocks, unit, errors);
  checkAtMost("random", spec.randomPerRow, numBlocks, unit, errors);
  if (spec.randomColumns.empty())
    return errors;
  if (static_cast<int64_t>(spec.randomColumns.size()) != numBlocks)
    errors.push_back(cat("random_cols has ", spec.randomColumns.size(),
                         " entries but needs one per query block position, ",
                         numBlocks));
  for (size_t p = 0; p < spec.randomColumns.size(); ++p)
    checkBelow(cat("random_cols[", p, "]"), spec.randomColumns[p], numBlocks,
               unit, errors);
  return errors;
}

PatternSpec pilot::pattern::clampToShape(PatternSpec spec,
                                         const PatternShape &shape) {
  if (!spec.hasWindow || spec.blockSize < 1 || shape.numKeys < 1)
    return spec;
  int64_t widest = llvm::divideCeilSigned(shape.numKeys, spec.blockSize) - 1;
  spec.windowLeft = std::min(spec.windowLeft, widest);
  spec.windowRight = std::min(spec.windowRight, widest);
  return spec;
}

std::string pilot::pattern::describe(const PatternSpec &spec) {
  std::vector<std::string> parts;
  if (spec.dense)
    parts.push_back("dense");
  if (spec.hasWindow)
    parts.push_back(
        cat("window [", spec.windowLeft, ", ", spec.windowRight, "]"));
  if (!spec.globalTokens.empty())
    parts.push_back(cat("global_tokens ", spec.globalTokens.size()));
  if (spec.sinks > 0)
    parts.push_back(cat("sinks ", spec.sinks));
  if (spec.randomPerRow > 0)
    parts.push_back(
        cat("random ", spec.randomPerRow, " (seed ", spec.seed, ")"));
  if (!spec.randomColumns.empty())
    parts.push_back("random_cols");

  std::string text = parts.empty() ? "empty" : parts.front();
  for (size_t i = 1; i < parts.size(); ++i)
    text += " + " + parts[i];
  if (spec.blockSize > 1)
    text += cat(", block ", spec.blockSize);
  if (spec.causal)
    text += ", causal";
  if (!spec.denseHeads.empty())
    text += cat("; dense heads ", spec.denseHeads.size());
  return text;
}

//===----------------------------------------------------------------------===//
// SparsityPattern
//===----------------------------------------------------------------------===//

SparsityPattern::SparsityPattern(PatternSpec specIn, PatternShape shapeIn)
    : spec(std::move(specIn)), shape(shapeIn) {
  assert(validateSpec(spec, shape).empty() &&
         "invalid pattern: check validateSpec(spec, shape) first");
  numBlocks = llvm::divideCeilSigned(shape.numKeys, spec.blockSize);
  sortedGlobals = spec.globalTokens;
  std::sort(sortedGlobals.begin(), sortedGlobals.end());
  for (int64_t block : sortedGlobals)
    globalIntervals.push_back({block, block + 1});
  mergeIntervals(globalIntervals);
  sortedDenseHeads = spec.denseHeads;
  std::sort(sortedDenseHeads.begin(), sortedDenseHeads.end());

  if (spec.randomPerRow == 0 && spec.randomColumns.empty())
    return;
  // Only the blocks that query rows occupy are cached; randomBlocks computes
  // any other on demand.
  firstRandomBlock = queryPosition(0) / spec.blockSize;
  int64_t lastBlock = (shape.numKeys - 1) / spec.blockSize;
  randomOffsets.push_back(0);
  for (int64_t q = firstRandomBlock; q <= lastBlock; ++q) {
    std::vector<int64_t> blocks = computeRandomBlocks(q);
    randomValues.insert(randomValues.end(), blocks.begin(), blocks.end());
    randomOffsets.push_back(static_cast<int64_t>(randomValues.size()));
  }
}

int64_t SparsityPattern::queryPosition(int64_t row) const {
  assert(row >= 0 && row < shape.numQueries && "query row out of range");
  return shape.numKeys - shape.numQueries + row;
}

bool SparsityPattern::isDenseHead(int64_t head) const {
  assert((head == sparseHead || (head >= 0 && head < shape.numHeads)) &&
         "head out of range");
  return std::binary_search(sortedDenseHeads.begin(), sortedDenseHeads.end(),
                            head);
}

bool SparsityPattern::isGlobalRow(int64_t row) const {
  return isGlobalBlock(queryPosition(row) / spec.blockSize);
}

bool SparsityPattern::isGlobalBlock(int64_t block) const {
  return std::binary_search(sortedGlobals.begin(), sortedGlobals.end(), block);
}

std::vector<Interval> SparsityPattern::componentBlocks(int64_t q) const {
  if (spec.dense || isGlobalBlock(q))
    return {{0, numBlocks}};
  std::vector<Interval> blocks = globalIntervals;
  if (spec.hasWindow) {
    // Compare before adding: the right extent may be near INT64_MAX.
    int64_t end = spec.windowRight >= numBlocks - q ? numBlocks
                                                    : q + spec.windowRight + 1;
    blocks.push_back({std::max<int64_t>(0, q - spec.windowLeft), end});
  }
  if (spec.sinks > 0)
    blocks.push_back({0, std::min(spec.sinks, numBlocks)});
  mergeIntervals(blocks);
  return blocks;
}

bool SparsityPattern::componentAttends(int64_t q, int64_t c) const {
  if (spec.dense || isGlobalBlock(q))
    return true;
  if (spec.hasWindow && c >= q - spec.windowLeft && c - q <= spec.windowRight)
    return true;
  return c < spec.sinks || isGlobalBlock(c);
}

std::vector<int64_t> SparsityPattern::computeRandomBlocks(int64_t q) const {
  if (spec.randomColumns.empty())
    return spec.randomPerRow > 0 ? drawRandomBlocks(q) : std::vector<int64_t>();
  // Like a draw, an explicit list adds only the blocks no other component
  // attends, below the causal limit: the union is the same, and every reader
  // of the random blocks (the lowering's gathered run, the I/O model) counts
  // each key once.
  int64_t limit = spec.causal ? q + 1 : numBlocks;
  std::vector<int64_t> blocks;
  for (int64_t c : spec.randomColumns[q])
    if (c < limit && !componentAttends(q, c))
      blocks.push_back(c);
  std::sort(blocks.begin(), blocks.end());
  blocks.erase(std::unique(blocks.begin(), blocks.end()), blocks.end());
  return blocks;
}

std::vector<Interval>
SparsityPattern::randomCandidates(int64_t blockPosition) const {
  int64_t limit = spec.causal ? blockPosition + 1 : numBlocks;
  std::vector<Interval> candidates;
  int64_t from = 0;
  auto addGap = [&](int64_t to) {
    if (std::min(to, limit) > from)
      candidates.push_back({from, std::min(to, limit)});
  };
  for (const Interval &interval : componentBlocks(blockPosition)) {
    addGap(interval.begin);
    from = std::max(from, interval.end);
  }
  addGap(limit);
  return candidates;
}

/// The candidates are the key blocks below `limit` (causal: up to the query's
/// own block) that no other component attends. With plenty of candidates,
/// rejection sampling finds the few wanted ones without listing the rest, so a
/// row costs O(randomPerRow) draws, not O(numBlocks); each draw succeeds with
/// probability over 1/2. With few, listing them and shuffling a prefix
/// (partial Fisher-Yates) bounds the work instead.
std::vector<int64_t> SparsityPattern::drawRandomBlocks(int64_t q) const {
  const auto wanted = static_cast<size_t>(spec.randomPerRow);
  int64_t limit = spec.causal ? q + 1 : numBlocks;
  std::vector<Interval> candidates = randomCandidates(q);
  int64_t numCandidates = totalSize(candidates);
  // Decorrelate neighbouring blocks that share one seed.
  SplitMix64 rng(spec.seed ^
                 (static_cast<uint64_t>(q) * 0x9E3779B97F4A7C15ULL));

  std::vector<int64_t> chosen;
  if (numCandidates > 2 * spec.randomPerRow) {
    while (chosen.size() < wanted) {
      auto block =
          static_cast<int64_t>(rng.next() % static_cast<uint64_t>(limit));
      if (!containsPoint(candidates, block))
        continue;
      auto it = std::lower_bound(chosen.begin(), chosen.end(), block);
      if (it == chosen.end() || *it != block)
        chosen.insert(it, block);
    }
    return chosen;
  }

  for (const Interval &interval : candidates)
    for (int64_t block = interval.begin; block < interval.end; ++block)
      chosen.push_back(block);
  if (chosen.size() <= wanted)
    return chosen;
  for (size_t k = 0; k < wanted; ++k) {
    size_t pick = k + static_cast<size_t>(rng.next() % (chosen.size() - k));
    std::swap(chosen[k], chosen[pick]);
  }
  chosen.resize(wanted);
  std::sort(chosen.begin(), chosen.end());
  return chosen;
}

std::optional<std::pair<const int64_t *, const int64_t *>>
SparsityPattern::cachedRandom(int64_t q) const {
  int64_t index = q - firstRandomBlock;
  if (index < 0 || index + 1 >= static_cast<int64_t>(randomOffsets.size()))
    return std::nullopt;
  const int64_t *base = randomValues.data();
  return std::make_pair(base + randomOffsets[index],
                        base + randomOffsets[index + 1]);
}

std::vector<int64_t>
SparsityPattern::randomBlocks(int64_t blockPosition) const {
  assert(blockPosition >= 0 && blockPosition < numBlocks &&
         "block position out of range");
  if (auto cached = cachedRandom(blockPosition))
    return {cached->first, cached->second};
  return computeRandomBlocks(blockPosition);
}

std::vector<Interval> SparsityPattern::columnsOf(int64_t row,
                                                 bool denseHead) const {
  int64_t position = queryPosition(row);
  int64_t q = position / spec.blockSize;
  std::vector<Interval> blocks;
  if (denseHead) {
    blocks.push_back({0, numBlocks});
  } else {
    blocks = componentBlocks(q);
    auto random = cachedRandom(q);
    if (random && random->first != random->second) {
      for (const int64_t *block = random->first; block != random->second;
           ++block)
        blocks.push_back({*block, *block + 1});
      mergeIntervals(blocks);
    }
  }

  // Blocks to tokens; causal clipping only shortens the tail, so the
  // intervals stay sorted and non-touching.
  int64_t limit = spec.causal ? position + 1 : shape.numKeys;
  std::vector<Interval> columns;
  columns.reserve(blocks.size());
  for (const Interval &block : blocks) {
    int64_t begin = block.begin * spec.blockSize;
    if (begin >= limit)
      break;
    columns.push_back({begin, std::min(block.end * spec.blockSize, limit)});
  }
  return columns;
}

std::vector<Interval> SparsityPattern::rowColumns(int64_t row,
                                                  int64_t head) const {
  return columnsOf(row, isDenseHead(head));
}

bool SparsityPattern::isAttended(int64_t row, int64_t col, int64_t head) const {
  assert(col >= 0 && col < shape.numKeys && "key column out of range");
  int64_t position = queryPosition(row);
  if (spec.causal && col > position)
    return false;
  if (isDenseHead(head))
    return true;
  int64_t q = position / spec.blockSize;
  int64_t c = col / spec.blockSize;
  if (componentAttends(q, c))
    return true;
  auto random = cachedRandom(q);
  return random && std::binary_search(random->first, random->second, c);
}

int64_t SparsityPattern::rowEntries(int64_t row, int64_t head) const {
  return totalSize(rowColumns(row, head));
}

int64_t SparsityPattern::totalEntriesOf(bool denseHead) const {
  int64_t total = 0;
  for (int64_t row = 0; row < shape.numQueries; ++row)
    total += totalSize(columnsOf(row, denseHead));
  return total;
}

int64_t SparsityPattern::totalEntries(int64_t head) const {
  return totalEntriesOf(isDenseHead(head));
}

int64_t SparsityPattern::totalEntriesAllHeads() const {
  int64_t denseHeads = numDenseHeads();
  int64_t sparseHeads = shape.numHeads - denseHeads;
  int64_t total = 0;
  if (denseHeads > 0)
    total += denseHeads * totalEntriesOf(/*denseHead=*/true);
  if (sparseHeads > 0)
    total += sparseHeads * totalEntriesOf(/*denseHead=*/false);
  return total;
}
