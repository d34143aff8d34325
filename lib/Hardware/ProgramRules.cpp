//===- ProgramRules.cpp - what a pim program may do on its hardware -------===//
//
// Every count is overflow-checked: the simulator reaches these rules with
// programs the verifier never saw (another --hw), so a wrapped range must not
// pass for one inside the buffer or the bank.
//
//===----------------------------------------------------------------------===//

#include "pilot/Hardware/ProgramRules.h"

#include "llvm/ADT/STLExtras.h"
#include "llvm/Support/CheckedArithmetic.h"
#include "llvm/Support/raw_ostream.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <initializer_list>
#include <utility>
#include <vector>

using namespace pilot;
using namespace pilot::rules;

namespace {

/// The first of \p violations, in order.
Violation firstOf(std::initializer_list<Violation> violations) {
  for (const Violation &violation : violations)
    if (violation)
      return violation;
  return std::nullopt;
}

/// The range of `lhs op rhs` from its four corners, which hold its extremes
/// for both addition and multiplication.
template <typename Op>
IndexRange combineRanges(const IndexRange &lhs, const IndexRange &rhs, Op op) {
  constexpr IndexRange overflowed{0, 0, /*overflows=*/true};
  if (lhs.overflows || rhs.overflows)
    return overflowed;
  std::optional<int64_t> corners[] = {
      op(lhs.min, rhs.min), op(lhs.min, rhs.max), op(lhs.max, rhs.min),
      op(lhs.max, rhs.max)};
  IndexRange range{INT64_MAX, INT64_MIN};
  for (std::optional<int64_t> corner : corners) {
    if (!corner)
      return overflowed;
    range.min = std::min(range.min, *corner);
    range.max = std::max(range.max, *corner);
  }
  return range;
}

} // namespace

IndexRange rules::addRanges(const IndexRange &lhs, const IndexRange &rhs) {
  return combineRanges(
      lhs, rhs, [](int64_t a, int64_t b) { return llvm::checkedAdd(a, b); });
}

IndexRange rules::mulRanges(const IndexRange &lhs, const IndexRange &rhs) {
  return combineRanges(
      lhs, rhs, [](int64_t a, int64_t b) { return llvm::checkedMul(a, b); });
}

//===----------------------------------------------------------------------===//
// The BPM buffer and lanes
//===----------------------------------------------------------------------===//

Violation rules::checkBufferRange(std::string_view operand, int64_t offset,
                                  std::optional<int64_t> bytes,
                                  const hw::HardwareDescription &hw) {
  std::optional<int64_t> end =
      bytes ? llvm::checkedAdd(offset, *bytes) : std::nullopt;
  if (!end)
    return fmt::format("{} range from byte {} overflows int64, past the "
                       "{}-byte BPM buffer (bpm.buffer_bytes)",
                       operand, offset, hw.bpm.bufferBytes);
  if (offset < 0 || *bytes < 0 || offset % 2 != 0 || *bytes % 2 != 0)
    return fmt::format("{} range [{}, {}) must start and end on FP16 element "
                       "boundaries",
                       operand, offset, *end);
  if (*end > hw.bpm.bufferBytes)
    return fmt::format("{} range [{}, {}) is past the {}-byte BPM buffer "
                       "(bpm.buffer_bytes)",
                       operand, offset, *end, hw.bpm.bufferBytes);
  return std::nullopt;
}

Violation rules::checkNoOverlap(const BufferOperand &written,
                                const BufferOperand &read) {
  // Both ranges lie in the buffer, so their ends fit.
  int64_t writtenEnd = written.offset + written.bytes;
  int64_t readEnd = read.offset + read.bytes;
  if (writtenEnd <= read.offset || readEnd <= written.offset)
    return std::nullopt;
  return fmt::format("{} range [{}, {}) overlaps {} range [{}, {})",
                     written.name, written.offset, writtenEnd, read.name,
                     read.offset, readEnd);
}

Violation rules::checkLanes(int64_t lanes, const hw::HardwareDescription &hw) {
  if (lanes >= 1 && lanes <= hw.bpm.lanes)
    return std::nullopt;
  return fmt::format("uses {} lanes but the BPM has {} (bpm.lanes)", lanes,
                     hw.bpm.lanes);
}

//===----------------------------------------------------------------------===//
// Commands
//===----------------------------------------------------------------------===//

namespace {

/// Every row and column the addresses take is in the bank, and `bytes`
/// from the last column stay in its row. `bytes` is in the buffer already.
Violation checkDramRange(const IndexRange &rows, const IndexRange &cols,
                         int64_t bytes, const hw::HardwareDescription &hw) {
  int64_t columns = hw.columnsPerRow();
  if (rows.overflows)
    return fmt::format("row overflows int64 over its loops' ranges, past the "
                       "bank's rows [0, {}] (org.rows)",
                       hw.org.rows - 1);
  if (cols.overflows)
    return fmt::format("col overflows int64 over its loops' ranges, past the "
                       "row's columns [0, {}]",
                       columns - 1);
  if (rows.min < 0 || rows.max >= hw.org.rows)
    return fmt::format("row reaches [{}, {}], past the bank's rows [0, {}] "
                       "(org.rows)",
                       rows.min, rows.max, hw.org.rows - 1);
  if (cols.min < 0 || cols.max >= columns)
    return fmt::format("col reaches [{}, {}], past the row's columns [0, {}]",
                       cols.min, cols.max, columns - 1);
  // A column of the row and a size in the buffer: the end fits.
  int64_t end = cols.max * hw.org.columnBytes + bytes;
  if (end > hw.org.rowBytes)
    return fmt::format("moves {} bytes from column {}, ending at byte {} past "
                       "the {}-byte row (org.row_bytes); split the transfer "
                       "by row",
                       bytes, cols.max, end, hw.org.rowBytes);
  return std::nullopt;
}

} // namespace

Violation rules::checkTransfer(const TransferOperands &transfer,
                               const hw::HardwareDescription &hw) {
  if (transfer.bytes < 1)
    return fmt::format("moves {} bytes", transfer.bytes);
  if (Violation buffer =
          checkBufferRange("buffer", transfer.buf, transfer.bytes, hw))
    return buffer;
  return checkDramRange(transfer.row, transfer.col, transfer.bytes, hw);
}

Violation rules::checkMac(const MacOperands &mac,
                          const hw::HardwareDescription &hw) {
  if (mac.m < 1 || mac.n < 1 || mac.k < 1)
    return fmt::format("shape [{}, {}, {}] must be positive", mac.m, mac.n,
                       mac.k);
  std::optional<int64_t> lhsBytes = hw::fp16Bytes({mac.m, mac.k});
  std::optional<int64_t> rhsBytes = hw::fp16Bytes({mac.k, mac.n});
  std::optional<int64_t> accBytes = hw::fp16Bytes({mac.m, mac.n});
  if (Violation violation =
          firstOf({checkLanes(mac.lanes, hw),
                   checkBufferRange("lhs", mac.lhs, lhsBytes, hw),
                   checkBufferRange("rhs", mac.rhs, rhsBytes, hw),
                   checkBufferRange("acc", mac.acc, accBytes, hw)}))
    return violation;
  BufferOperand acc{"acc", mac.acc, *accBytes};
  return firstOf({checkNoOverlap(acc, {"lhs", mac.lhs, *lhsBytes}),
                  checkNoOverlap(acc, {"rhs", mac.rhs, *rhsBytes})});
}

Violation rules::checkExp(const ExpOperands &exp,
                          const hw::HardwareDescription &hw) {
  std::optional<int64_t> bytes = hw::fp16Bytes({exp.elements});
  if (Violation violation =
          firstOf({checkLanes(exp.lanes, hw),
                   checkBufferRange("src", exp.src, bytes, hw),
                   checkBufferRange("dst", exp.dst, bytes, hw)}))
    return violation;
  // Elementwise: in place is fine, a shifted overlap would read results.
  if (exp.src == exp.dst)
    return std::nullopt;
  return checkNoOverlap({"dst", exp.dst, *bytes}, {"src", exp.src, *bytes});
}

Violation rules::checkAcc(const AccOperands &acc,
                          const hw::HardwareDescription &hw) {
  std::optional<int64_t> srcBytes = hw::fp16Bytes({acc.rows, acc.cols});
  std::optional<int64_t> dstBytes = hw::fp16Bytes({acc.rows});
  if (Violation violation =
          firstOf({checkBufferRange("src", acc.src, srcBytes, hw),
                   checkBufferRange("dst", acc.dst, dstBytes, hw)}))
    return violation;
  // One column a row is elementwise: each row's value is read before its
  // result is written, so in place is fine (a group's reduced outputs
  // replace its banks' partials).
  if (acc.cols == 1 && acc.src == acc.dst)
    return std::nullopt;
  return checkNoOverlap({"dst", acc.dst, *dstBytes},
                        {"src", acc.src, *srcBytes});
}

Violation rules::checkRowBroadcast(const RowBroadcastOperands &command,
                                   const hw::HardwareDescription &hw) {
  std::optional<int64_t> dataBytes =
      hw::fp16Bytes({command.rows, command.cols});
  std::optional<int64_t> vectorBytes = hw::fp16Bytes({command.rows});
  if (Violation violation =
          firstOf({checkLanes(command.lanes, hw),
                   checkBufferRange("src", command.src, dataBytes, hw),
                   checkBufferRange(command.vectorName, command.vector,
                                    vectorBytes, hw),
                   checkBufferRange("dst", command.dst, dataBytes, hw)}))
    return violation;
  BufferOperand dst{"dst", command.dst, *dataBytes};
  if (command.src != command.dst)
    if (Violation violation =
            checkNoOverlap(dst, {"src", command.src, *dataBytes}))
      return violation;
  return checkNoOverlap(dst,
                        {command.vectorName, command.vector, *vectorBytes});
}

Violation rules::checkMask(const MaskOperands &mask,
                           const hw::HardwareDescription &hw) {
  if (mask.rows < 1 || mask.cols < 1)
    return fmt::format("block {} x {} must be positive", mask.rows, mask.cols);
  if (mask.bank && (mask.bank->size() != 3 || (*mask.bank)[0] < 1))
    return std::string("bank must be [R, D, K] with R >= 1");
  if (Violation violation = firstOf(
          {checkLanes(mask.lanes, hw),
           checkBufferRange("block", mask.buf,
                            hw::fp16Bytes({mask.rows, mask.cols}), hw)}))
    return violation;
  if (mask.bandLo > mask.bandHi)
    return fmt::format("band [{}, {}] is empty; band_lo must not exceed "
                       "band_hi",
                       mask.bandLo, mask.bandHi);
  if (mask.keysLo > mask.keysHi)
    return fmt::format("keys [{}, {}) end before they start", mask.keysLo,
                       mask.keysHi);
  // FP16 rounds magnitudes from 65520 up to infinity.
  if (std::fabs(mask.scale) < 65520.0)
    return std::nullopt;
  // LLVM's streams print the value as the IR does (7.000000e+04, INF).
  std::string message;
  llvm::raw_string_ostream(message)
      << "scale " << mask.scale << " is not a finite FP16 value";
  return message;
}

//===----------------------------------------------------------------------===//
// Placements
//===----------------------------------------------------------------------===//

namespace {

/// `select [R, V]` or `[R, V, N]`, `random_blocks [first, count]`, and that
/// random blocks and segments do not both give the slice.
Violation checkPlacementAttributes(const Placement &placement) {
  if (placement.tensor.empty())
    return std::string("needs a tensor name");
  if (std::optional<llvm::ArrayRef<int64_t>> select = placement.select) {
    int64_t count = select->size() == 3 ? (*select)[2] : 1;
    if ((select->size() != 2 && select->size() != 3) || (*select)[0] < 1 ||
        (*select)[1] < 0 || count < 1 || (*select)[1] + count > (*select)[0])
      return std::string("select must be [R, V] or [R, V, N] with R >= 1, "
                         "V >= 0, N >= 1 and V + N <= R");
  }
  if (std::optional<llvm::ArrayRef<int64_t>> random = placement.randomBlocks) {
    if (random->size() != 2 || (*random)[0] < 0 || (*random)[1] < 1)
      return std::string("random_blocks must be [first, count] with first "
                         ">= 0 and count >= 1");
    if (placement.segments)
      return std::string("random_blocks and segments both give the slice's "
                         "segments; use one");
  }
  return std::nullopt;
}

/// Every slot's rows lie in the bank, slots apart by at least their rows.
Violation checkPlacementRows(const Placement &placement,
                             const hw::HardwareDescription &hw) {
  int64_t slots = placement.slots, rowStride = placement.rowStride;
  if (slots < 1 || placement.indexBase < 0 || placement.indexStride < 0 ||
      rowStride < 0)
    return fmt::format("slots({}, index_base = {}, index_stride = {}, "
                       "row_stride = {}) needs at least one slot and no "
                       "negative value",
                       slots, placement.indexBase, placement.indexStride,
                       rowStride);
  if (slots > 1 && rowStride < placement.numRows)
    return fmt::format("slots are {} rows apart but each takes {} rows; "
                       "row_stride must be at least num_rows",
                       rowStride, placement.numRows);
  std::optional<int64_t> lastRow =
      llvm::checkedMulAdd(slots - 1, rowStride, placement.firstRow);
  std::optional<int64_t> end =
      lastRow ? llvm::checkedAdd(*lastRow, placement.numRows) : std::nullopt;
  if (!end)
    return fmt::format("slots reach rows past int64, past the bank's {} rows "
                       "(org.rows)",
                       hw.org.rows);
  if (placement.firstRow < 0 || placement.numRows < 1 || *end > hw.org.rows) {
    if (slots == 1)
      return fmt::format("rows [{}, {}) are past the bank's {} rows "
                         "(org.rows)",
                         *lastRow, *end, hw.org.rows);
    return fmt::format("slot {} takes rows [{}, {}), past the bank's {} rows "
                       "(org.rows)",
                       slots - 1, *lastRow, *end, hw.org.rows);
  }
  return std::nullopt;
}

/// The slice's elements fit its rows.
Violation checkPlacementElements(const Placement &placement,
                                 const hw::HardwareDescription &hw) {
  if (placement.elements < 1 || placement.offset < 0)
    return fmt::format("places {} elements from offset {}; a slice needs at "
                       "least one element and a non-negative offset",
                       placement.elements, placement.offset);
  // numRows is at most org.rows here, so the capacity fits.
  int64_t capacity = placement.numRows * hw.org.rowBytes;
  std::optional<int64_t> bytes = hw::fp16Bytes({placement.elements});
  if (!bytes)
    return fmt::format("{} FP16 elements overflow int64 bytes and do not fit "
                       "in {} rows of {} bytes",
                       placement.elements, placement.numRows, hw.org.rowBytes);
  if (*bytes > capacity)
    return fmt::format("{} FP16 elements ({} bytes) do not fit in {} rows of "
                       "{} bytes",
                       placement.elements, *bytes, placement.numRows,
                       hw.org.rowBytes);
  return std::nullopt;
}

/// The mixed radix that numbers the slices, and the segments that make one.
Violation checkPlacementLayout(const Placement &placement) {
  if (placement.radices.size() != placement.strides.size())
    return fmt::format("has {} radices but {} strides",
                       placement.radices.size(), placement.strides.size());
  for (auto [radix, stride] :
       llvm::zip_equal(placement.radices, placement.strides))
    if (radix < 1 || stride < 0)
      return std::string("radices must be positive and strides non-negative");
  if (placement.digitTable) {
    llvm::ArrayRef<int64_t> table = *placement.digitTable;
    int64_t digit = table.empty() ? -1 : table.front();
    if (digit < 0 || digit + 1 >= int64_t(placement.radices.size()))
      return fmt::format("digit_table looks up digit {}, but only digits 0 to "
                         "{} of the {} radices are bounded",
                         digit, int64_t(placement.radices.size()) - 2,
                         placement.radices.size());
    if (int64_t(table.size()) - 1 != placement.radices[digit])
      return fmt::format("digit_table holds {} entries for digit {} of radix "
                         "{}",
                         table.size() - 1, digit, placement.radices[digit]);
    if (llvm::any_of(table.drop_front(), [](int64_t t) { return t < 0; }))
      return std::string("digit_table entries must be non-negative");
  }
  if (!placement.segments)
    return std::nullopt;
  llvm::ArrayRef<int64_t> segments = *placement.segments;
  if (segments.size() % 2 != 0)
    return fmt::format("segments hold {} values, not (start, length) pairs",
                       segments.size());
  int64_t total = 0;
  for (size_t k = 0; k < segments.size(); k += 2) {
    int64_t start = segments[k], length = segments[k + 1];
    if (start < 0 || length < 1)
      return fmt::format("segment {} [{}, {}] needs a non-negative start and "
                         "a positive length",
                         k / 2, start, length);
    // A total past int64 is past the elements, which the rows bound.
    std::optional<int64_t> sum = llvm::checkedAdd(total, length);
    if (!sum)
      return fmt::format("segments hold more than {} elements but the slice "
                         "has {}",
                         INT64_MAX, placement.elements);
    total = *sum;
  }
  if (total != placement.elements)
    return fmt::format("segments hold {} elements but the slice has {}", total,
                       placement.elements);
  return std::nullopt;
}

} // namespace

Violation rules::checkPlacement(const Placement &placement,
                                const hw::HardwareDescription &hw) {
  return firstOf(
      {checkPlacementAttributes(placement), checkPlacementRows(placement, hw),
       checkPlacementElements(placement, hw), checkPlacementLayout(placement)});
}

//===----------------------------------------------------------------------===//
// Loops and bank classes
//===----------------------------------------------------------------------===//

Violation rules::checkLoop(int64_t lower, int64_t upper, int64_t step) {
  if (step < 1 || lower < 0)
    return fmt::format("bounds {} to {} step {} must have a non-negative "
                       "lower bound and a positive step",
                       lower, upper, step);
  if (upper < lower)
    return fmt::format("upper bound {} is below lower bound {}", upper, lower);
  return std::nullopt;
}

Violation rules::checkMergeRows(llvm::ArrayRef<int64_t> rows,
                                std::optional<int64_t> queries) {
  if (rows.empty() || rows.size() % 2 != 0)
    return std::string("rows must be intervals [begin, end, ...], a "
                       "non-empty even count of bounds");
  for (size_t i = 0; i < rows.size(); i += 2)
    if (rows[i] >= rows[i + 1] || rows[i] < 0 ||
        (i > 0 && rows[i] < rows[i - 1]))
      return fmt::format("rows must be ascending, disjoint, non-empty "
                         "intervals of queries, but interval {} is [{}, {})",
                         i / 2, rows[i], rows[i + 1]);
  if (queries && rows.back() > *queries)
    return fmt::format("merges rows up to {} but the kernel's "
                       "pilot.attention query has {} queries a head",
                       rows.back(), *queries);
  return std::nullopt;
}

std::optional<BankClassViolation>
rules::checkBankClasses(llvm::ArrayRef<BankClassBanks> classes,
                        const hw::HardwareDescription &hw) {
  int64_t totalBanks = hw.totalBanks();
  // (bank, class) for every bank named, sorted: a shared bank is adjacent
  // to its other owner. Memory follows the banks named, not the hardware.
  std::vector<std::pair<int64_t, size_t>> owners;
  for (size_t c = 0; c < classes.size(); ++c) {
    const BankClassBanks &banks = classes[c];
    if (banks.count < 1 || banks.stride < 1 || banks.first < 0)
      return BankClassViolation{
          c, "needs first >= 0, count >= 1 and stride >= 1", std::nullopt};
    std::optional<int64_t> last =
        llvm::checkedMulAdd(banks.count - 1, banks.stride, banks.first);
    if (!last)
      return BankClassViolation{
          c,
          fmt::format("names banks past int64 but the hardware has {} banks",
                      totalBanks),
          std::nullopt};
    if (*last >= totalBanks)
      return BankClassViolation{
          c,
          fmt::format("names bank {} but the hardware has {} banks", *last,
                      totalBanks),
          std::nullopt};
    for (int64_t i = 0; i < banks.count; ++i)
      owners.emplace_back(banks.first + i * banks.stride, c);
  }
  std::sort(owners.begin(), owners.end());
  // The first class in order that shares a bank with an earlier one, at
  // its lowest shared bank; that earlier class is the bank's only other
  // owner, or two earlier classes would share it first.
  std::optional<std::pair<size_t, int64_t>> shared;
  size_t other = 0;
  for (size_t i = 1; i < owners.size(); ++i) {
    if (owners[i].first != owners[i - 1].first)
      continue;
    std::pair<size_t, int64_t> candidate{owners[i].second, owners[i].first};
    if (!shared || candidate < *shared) {
      shared = candidate;
      other = owners[i - 1].second;
    }
  }
  if (!shared)
    return std::nullopt;
  return BankClassViolation{shared->first,
                            fmt::format("shares bank {} with @{}",
                                        shared->second, classes[other].name),
                            other};
}
