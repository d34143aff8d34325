//===- ProgramRulesTest.cpp - the rule book at its boundaries -------------===//
//
// Each rule just inside its bound, just outside it, and where a count
// overflows int64, on pilot-hbm3: a 2048-byte buffer, 16 lanes, 32768 rows
// of 1024 bytes in 32-byte columns, 4096 banks.
//
//===----------------------------------------------------------------------===//

#include "pilot/Hardware/ProgramRules.h"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>

using namespace pilot;
using namespace pilot::rules;

namespace {

constexpr int64_t kHuge = int64_t(1) << 62;

const hw::HardwareDescription &hbm3() {
  static const hw::HardwareDescription hw = *hw::lookupPreset("pilot-hbm3");
  return hw;
}

/// The message of \p violation, "" when no rule is broken.
std::string messageOf(const Violation &violation) {
  return violation.value_or("");
}

TEST(ProgramRules, PresetIsTheOneTheseTestsAssume) {
  EXPECT_EQ(hbm3().bpm.bufferBytes, 2048);
  EXPECT_EQ(hbm3().bpm.lanes, 16);
  EXPECT_EQ(hbm3().org.rows, 32768);
  EXPECT_EQ(hbm3().org.rowBytes, 1024);
  EXPECT_EQ(hbm3().columnsPerRow(), 32);
  EXPECT_EQ(hbm3().totalBanks(), 4096);
}

TEST(ProgramRules, RangesAddAndMultiplyWithoutOverflow) {
  IndexRange sum = addRanges({-2, 3}, {10, 20});
  EXPECT_FALSE(sum.overflows);
  EXPECT_EQ(sum.min, 8);
  EXPECT_EQ(sum.max, 23);
  IndexRange product = mulRanges({-2, 3}, {10, 20});
  EXPECT_EQ(product.min, -40);
  EXPECT_EQ(product.max, 60);
  EXPECT_FALSE(addRanges(IndexRange::point(INT64_MAX - 1), IndexRange::point(1))
                   .overflows);
  EXPECT_TRUE(
      addRanges(IndexRange::point(INT64_MAX), IndexRange::point(1)).overflows);
  EXPECT_TRUE(mulRanges({0, kHuge}, IndexRange::point(2)).overflows);
  EXPECT_TRUE(
      addRanges({0, 0, /*overflows=*/true}, IndexRange::point(0)).overflows);
}

TEST(ProgramRules, BufferRange) {
  EXPECT_EQ(checkBufferRange("src", 2040, 8, hbm3()), std::nullopt);
  EXPECT_EQ(messageOf(checkBufferRange("src", 2040, 10, hbm3())),
            "src range [2040, 2050) is past the 2048-byte BPM buffer "
            "(bpm.buffer_bytes)");
  EXPECT_EQ(messageOf(checkBufferRange("src", 1, 64, hbm3())),
            "src range [1, 65) must start and end on FP16 element boundaries");
  EXPECT_EQ(messageOf(checkBufferRange("src", 0, 7, hbm3())),
            "src range [0, 7) must start and end on FP16 element boundaries");
  EXPECT_TRUE(checkBufferRange("src", -2, 4, hbm3()));
  EXPECT_EQ(messageOf(checkBufferRange("src", INT64_MAX - 7, 16, hbm3())),
            "src range from byte 9223372036854775800 overflows int64, past "
            "the 2048-byte BPM buffer (bpm.buffer_bytes)");
  // A size that already overflowed (hw::fp16Bytes) is past the buffer too.
  EXPECT_EQ(messageOf(checkBufferRange("lhs", 0, std::nullopt, hbm3())),
            "lhs range from byte 0 overflows int64, past the 2048-byte BPM "
            "buffer (bpm.buffer_bytes)");
}

TEST(ProgramRules, Lanes) {
  EXPECT_EQ(checkLanes(16, hbm3()), std::nullopt);
  EXPECT_EQ(checkLanes(1, hbm3()), std::nullopt);
  EXPECT_EQ(messageOf(checkLanes(17, hbm3())),
            "uses 17 lanes but the BPM has 16 (bpm.lanes)");
  EXPECT_TRUE(checkLanes(0, hbm3()));
}

TEST(ProgramRules, Overlap) {
  EXPECT_EQ(checkNoOverlap({"dst", 16, 16}, {"src", 0, 16}), std::nullopt);
  EXPECT_EQ(checkNoOverlap({"dst", 0, 16}, {"src", 16, 16}), std::nullopt);
  EXPECT_EQ(messageOf(checkNoOverlap({"dst", 14, 16}, {"src", 0, 16})),
            "dst range [14, 30) overlaps src range [0, 16)");
  EXPECT_EQ(messageOf(checkNoOverlap({"dst", 0, 16}, {"src", 14, 16})),
            "dst range [0, 16) overlaps src range [14, 30)");
}

TEST(ProgramRules, TransferStaysInOneRowOfTheBank) {
  auto transfer = [](IndexRange row, IndexRange col, int64_t bytes) {
    return messageOf(checkTransfer({row, col, 0, bytes}, hbm3()));
  };
  EXPECT_EQ(transfer({0, 32767}, {0, 30}, 64), "");
  EXPECT_EQ(transfer({0, 32768}, IndexRange::point(0), 64),
            "row reaches [0, 32768], past the bank's rows [0, 32767] "
            "(org.rows)");
  EXPECT_EQ(transfer({-1, 0}, IndexRange::point(0), 64),
            "row reaches [-1, 0], past the bank's rows [0, 32767] (org.rows)");
  EXPECT_EQ(transfer(IndexRange::point(0), IndexRange::point(32), 2),
            "col reaches [32, 32], past the row's columns [0, 31]");
  EXPECT_EQ(transfer(IndexRange::point(0), IndexRange::point(31), 32), "");
  EXPECT_EQ(transfer(IndexRange::point(0), IndexRange::point(31), 64),
            "moves 64 bytes from column 31, ending at byte 1056 past the "
            "1024-byte row (org.row_bytes); split the transfer by row");
  EXPECT_EQ(transfer({0, 0, /*overflows=*/true}, IndexRange::point(0), 2),
            "row overflows int64 over its loops' ranges, past the bank's "
            "rows [0, 32767] (org.rows)");
  EXPECT_EQ(transfer(IndexRange::point(0), {0, 0, /*overflows=*/true}, 2),
            "col overflows int64 over its loops' ranges, past the row's "
            "columns [0, 31]");
  EXPECT_EQ(transfer(IndexRange::point(0), IndexRange::point(0), 0),
            "moves 0 bytes");
  // The buffer end is checked first, and bounds the bytes.
  EXPECT_EQ(
      messageOf(checkTransfer(
          {IndexRange::point(0), IndexRange::point(0), 2040, 16}, hbm3())),
      "buffer range [2040, 2056) is past the 2048-byte BPM buffer "
      "(bpm.buffer_bytes)");
}

TEST(ProgramRules, Mac) {
  // 4 x 4 x 4: 32 bytes an operand.
  EXPECT_EQ(checkMac({0, 32, 64, 4, 4, 4, 16}, hbm3()), std::nullopt);
  EXPECT_EQ(messageOf(checkMac({0, 32, 62, 4, 4, 4, 16}, hbm3())),
            "acc range [62, 94) overlaps rhs range [32, 64)");
  EXPECT_EQ(messageOf(checkMac({0, 64, 30, 4, 4, 4, 16}, hbm3())),
            "acc range [30, 62) overlaps lhs range [0, 32)");
  EXPECT_EQ(messageOf(checkMac({0, 32, 2016, 4, 4, 4, 16}, hbm3())), "");
  EXPECT_EQ(messageOf(checkMac({0, 32, 2018, 4, 4, 4, 16}, hbm3())),
            "acc range [2018, 2050) is past the 2048-byte BPM buffer "
            "(bpm.buffer_bytes)");
  EXPECT_EQ(messageOf(checkMac({0, 32, 64, 4, 4, 4, 17}, hbm3())),
            "uses 17 lanes but the BPM has 16 (bpm.lanes)");
  EXPECT_EQ(messageOf(checkMac({0, 32, 64, 0, 4, 4, 16}, hbm3())),
            "shape [0, 4, 4] must be positive");
  EXPECT_EQ(messageOf(checkMac({0, 32, 64, kHuge, 4, 4, 16}, hbm3())),
            "lhs range from byte 0 overflows int64, past the 2048-byte BPM "
            "buffer (bpm.buffer_bytes)");
}

TEST(ProgramRules, ExpInPlaceOrApart) {
  EXPECT_EQ(checkExp({0, 0, 8, 16}, hbm3()), std::nullopt);
  EXPECT_EQ(checkExp({0, 16, 8, 16}, hbm3()), std::nullopt);
  EXPECT_EQ(messageOf(checkExp({0, 14, 8, 16}, hbm3())),
            "dst range [14, 30) overlaps src range [0, 16)");
  EXPECT_EQ(messageOf(checkExp({2032, 0, 9, 16}, hbm3())),
            "src range [2032, 2050) is past the 2048-byte BPM buffer "
            "(bpm.buffer_bytes)");
  EXPECT_EQ(messageOf(checkExp({INT64_MAX - 7, 0, 4, 16}, hbm3())),
            "src range from byte 9223372036854775800 overflows int64, past "
            "the 2048-byte BPM buffer (bpm.buffer_bytes)");
}

TEST(ProgramRules, AccInPlaceOnlyOneColumnARow) {
  EXPECT_EQ(checkAcc({0, 0, 4, 1}, hbm3()), std::nullopt);
  EXPECT_EQ(messageOf(checkAcc({0, 0, 4, 2}, hbm3())),
            "dst range [0, 8) overlaps src range [0, 16)");
  EXPECT_EQ(checkAcc({0, 16, 4, 2}, hbm3()), std::nullopt);
  EXPECT_EQ(messageOf(checkAcc({0, 2042, 4, 2}, hbm3())),
            "dst range [2042, 2050) is past the 2048-byte BPM buffer "
            "(bpm.buffer_bytes)");
}

TEST(ProgramRules, RowBroadcast) {
  // 4 x 4 data (32 bytes), a 4-element vector (8 bytes).
  auto sfm = [](int64_t src, int64_t sums, int64_t dst) {
    return messageOf(
        checkRowBroadcast({src, "sums", sums, dst, 4, 4, 16}, hbm3()));
  };
  EXPECT_EQ(sfm(0, 32, 0), "");
  EXPECT_EQ(sfm(0, 64, 32), "");
  EXPECT_EQ(sfm(0, 64, 30), "dst range [30, 62) overlaps src range [0, 32)");
  EXPECT_EQ(sfm(0, 30, 0), "dst range [0, 32) overlaps sums range [30, 38)");
  EXPECT_EQ(sfm(0, 2040, 0), "");
  EXPECT_EQ(sfm(0, 2042, 0), "sums range [2042, 2050) is past the 2048-byte "
                             "BPM buffer (bpm.buffer_bytes)");
}

TEST(ProgramRules, Mask) {
  auto mask = [](MaskOperands operands) {
    return messageOf(checkMask(operands, hbm3()));
  };
  MaskOperands ok{0, 4, 4, 16, -2, 2, 0, 8, 0.125, std::nullopt};
  EXPECT_EQ(mask(ok), "");
  MaskOperands band = ok;
  band.bandLo = 3;
  band.bandHi = 2;
  EXPECT_EQ(mask(band), "band [3, 2] is empty; band_lo must not exceed "
                        "band_hi");
  band.bandLo = 2;
  EXPECT_EQ(mask(band), "");
  MaskOperands keys = ok;
  keys.keysLo = 9;
  EXPECT_EQ(mask(keys), "keys [9, 8) end before they start");
  keys.keysLo = 8;
  EXPECT_EQ(mask(keys), "");
  MaskOperands scale = ok;
  scale.scale = 65519.0;
  EXPECT_EQ(mask(scale), "");
  scale.scale = -65520.0;
  EXPECT_EQ(mask(scale), "scale -6.552000e+04 is not a finite FP16 value");
  scale.scale = std::numeric_limits<double>::quiet_NaN();
  EXPECT_NE(mask(scale), "");
  int64_t goodBank[] = {1, 0, 0}, badBank[] = {0, 1, 1}, shortBank[] = {4};
  MaskOperands bank = ok;
  bank.bank = llvm::ArrayRef<int64_t>(goodBank);
  EXPECT_EQ(mask(bank), "");
  bank.bank = llvm::ArrayRef<int64_t>(badBank);
  EXPECT_EQ(mask(bank), "bank must be [R, D, K] with R >= 1");
  bank.bank = llvm::ArrayRef<int64_t>(shortBank);
  EXPECT_EQ(mask(bank), "bank must be [R, D, K] with R >= 1");
  MaskOperands block = ok;
  block.cols = 0;
  EXPECT_EQ(mask(block), "block 4 x 0 must be positive");
  block.cols = 4;
  block.buf = 2018;
  EXPECT_EQ(mask(block), "block range [2018, 2050) is past the 2048-byte BPM "
                         "buffer (bpm.buffer_bytes)");
}

/// One slice of 512 elements (one row) of "x".
Placement oneRow() {
  Placement placement;
  placement.tensor = "x";
  placement.firstRow = 0;
  placement.numRows = 1;
  placement.elements = 512;
  return placement;
}

/// The message of the placement rule \p placement breaks, "" for none.
std::string placementMessage(const Placement &placement) {
  return messageOf(checkPlacement(placement, hbm3()));
}

TEST(ProgramRules, PlacementRows) {
  Placement last = oneRow();
  last.firstRow = 32767;
  EXPECT_EQ(placementMessage(last), "");
  last.numRows = 2;
  EXPECT_EQ(placementMessage(last),
            "rows [32767, 32769) are past the bank's 32768 rows (org.rows)");
  Placement slots = oneRow();
  slots.slots = 3;
  slots.rowStride = 1;
  slots.firstRow = 32765;
  EXPECT_EQ(placementMessage(slots), "");
  slots.firstRow = 32766;
  EXPECT_EQ(placementMessage(slots),
            "slot 2 takes rows [32768, 32769), past the bank's 32768 rows "
            "(org.rows)");
  slots.firstRow = 0;
  slots.rowStride = kHuge;
  EXPECT_EQ(placementMessage(slots),
            "slots reach rows past int64, past the bank's 32768 rows "
            "(org.rows)");
  slots.numRows = 2;
  slots.rowStride = 1;
  EXPECT_EQ(placementMessage(slots),
            "slots are 1 rows apart but each takes 2 rows; row_stride must "
            "be at least num_rows");
  slots.slots = 0;
  EXPECT_EQ(placementMessage(slots),
            "slots(0, index_base = 0, index_stride = 0, row_stride = 1) needs "
            "at least one slot and no negative value");
}

TEST(ProgramRules, PlacementDigitTable) {
  // Radices [4, 3, 1]: digit 1 takes 3 values, the last digit is unbounded.
  Placement placement = oneRow();
  std::vector<int64_t> radices = {4, 3, 1}, strides = {0, 0, 4096};
  placement.radices = radices;
  placement.strides = strides;
  std::vector<int64_t> table = {1, 0, 1024, 3072};
  placement.digitTable = table;
  EXPECT_EQ(placementMessage(placement), "");
  std::vector<int64_t> last = {2, 0};
  placement.digitTable = last;
  EXPECT_EQ(placementMessage(placement),
            "digit_table looks up digit 2, but only digits 0 to 1 of the 3 "
            "radices are bounded");
  std::vector<int64_t> none = {};
  placement.digitTable = none;
  EXPECT_EQ(placementMessage(placement),
            "digit_table looks up digit -1, but only digits 0 to 1 of the 3 "
            "radices are bounded");
  std::vector<int64_t> short_ = {1, 0, 1024};
  placement.digitTable = short_;
  EXPECT_EQ(placementMessage(placement),
            "digit_table holds 2 entries for digit 1 of radix 3");
  std::vector<int64_t> negative = {1, 0, -1, 3072};
  placement.digitTable = negative;
  EXPECT_EQ(placementMessage(placement),
            "digit_table entries must be non-negative");
}

TEST(ProgramRules, PlacementElements) {
  Placement placement = oneRow();
  placement.elements = 513;
  EXPECT_EQ(placementMessage(placement),
            "513 FP16 elements (1026 bytes) do not fit in 1 rows of 1024 "
            "bytes");
  placement.elements = kHuge;
  EXPECT_EQ(placementMessage(placement),
            "4611686018427387904 FP16 elements overflow int64 bytes and do "
            "not fit in 1 rows of 1024 bytes");
  placement.elements = 0;
  EXPECT_EQ(placementMessage(placement),
            "places 0 elements from offset 0; a slice needs at least one "
            "element and a non-negative offset");
  placement.tensor = "";
  EXPECT_EQ(placementMessage(placement), "needs a tensor name");
}

TEST(ProgramRules, PlacementRadicesAndSegments) {
  int64_t radices[] = {4, 12}, strides[] = {512, 0}, one[] = {4};
  Placement placement = oneRow();
  placement.radices = radices;
  placement.strides = strides;
  EXPECT_EQ(placementMessage(placement), "");
  placement.strides = one;
  EXPECT_EQ(placementMessage(placement), "has 2 radices but 1 strides");
  int64_t zeroRadix[] = {0, 12};
  placement.strides = strides;
  placement.radices = zeroRadix;
  EXPECT_EQ(placementMessage(placement),
            "radices must be positive and strides non-negative");

  Placement segmented = oneRow();
  int64_t whole[] = {0, 256, 1024, 256}, short_[] = {0, 256, 1024, 255},
          odd[] = {0, 256, 1024}, empty[] = {0, 256, 1024, 0},
          huge[] = {0, INT64_MAX, 0, 1};
  segmented.segments = llvm::ArrayRef<int64_t>(whole);
  EXPECT_EQ(placementMessage(segmented), "");
  segmented.segments = llvm::ArrayRef<int64_t>(short_);
  EXPECT_EQ(placementMessage(segmented),
            "segments hold 511 elements but the slice has 512");
  segmented.segments = llvm::ArrayRef<int64_t>(odd);
  EXPECT_EQ(placementMessage(segmented),
            "segments hold 3 values, not (start, length) pairs");
  segmented.segments = llvm::ArrayRef<int64_t>(empty);
  EXPECT_EQ(placementMessage(segmented),
            "segment 1 [1024, 0] needs a non-negative start and a positive "
            "length");
  segmented.segments = llvm::ArrayRef<int64_t>(huge);
  EXPECT_EQ(placementMessage(segmented),
            "segments hold more than 9223372036854775807 elements but the "
            "slice has 512");
}

TEST(ProgramRules, PlacementSelectAndRandomBlocks) {
  int64_t lastValue[] = {4, 3}, pastValue[] = {4, 4}, zero[] = {0, 0};
  int64_t wholeRange[] = {4, 0, 4}, pastRange[] = {4, 1, 4},
          emptyRange[] = {4, 0, 0}, four[] = {4, 0, 1, 1}, one[] = {4};
  Placement placement = oneRow();
  for (llvm::ArrayRef<int64_t> select : {llvm::ArrayRef<int64_t>(lastValue),
                                         llvm::ArrayRef<int64_t>(wholeRange)}) {
    placement.select = select;
    EXPECT_EQ(placementMessage(placement), "");
  }
  for (llvm::ArrayRef<int64_t> select :
       {llvm::ArrayRef<int64_t>(pastValue), llvm::ArrayRef<int64_t>(zero),
        llvm::ArrayRef<int64_t>(pastRange), llvm::ArrayRef<int64_t>(emptyRange),
        llvm::ArrayRef<int64_t>(four), llvm::ArrayRef<int64_t>(one)}) {
    placement.select = select;
    EXPECT_EQ(placementMessage(placement),
              "select must be [R, V] or [R, V, N] with R >= 1, V >= 0, N >= 1 "
              "and V + N <= R");
  }
  int64_t oneBlock[] = {0, 1}, noBlock[] = {0, 0}, segments[] = {0, 512};
  Placement random = oneRow();
  random.randomBlocks = llvm::ArrayRef<int64_t>(oneBlock);
  EXPECT_EQ(placementMessage(random), "");
  random.randomBlocks = llvm::ArrayRef<int64_t>(noBlock);
  EXPECT_EQ(placementMessage(random),
            "random_blocks must be [first, count] with first >= 0 and count "
            ">= 1");
  random.randomBlocks = llvm::ArrayRef<int64_t>(oneBlock);
  random.segments = llvm::ArrayRef<int64_t>(segments);
  EXPECT_EQ(placementMessage(random),
            "random_blocks and segments both give the slice's segments; use "
            "one");
}

TEST(ProgramRules, Loop) {
  EXPECT_EQ(checkLoop(0, 0, 1), std::nullopt);
  EXPECT_EQ(checkLoop(4, 8, 3), std::nullopt);
  EXPECT_EQ(messageOf(checkLoop(8, 4, 1)),
            "upper bound 4 is below lower bound 8");
  EXPECT_EQ(messageOf(checkLoop(0, 4, 0)),
            "bounds 0 to 4 step 0 must have a non-negative lower bound and a "
            "positive step");
  EXPECT_TRUE(checkLoop(-1, 4, 1));
}

TEST(ProgramRules, MergeRows) {
  EXPECT_EQ(checkMergeRows({0, 4, 120, 124}, 256), std::nullopt);
  // Intervals may touch; without the query's shape no bound applies.
  EXPECT_EQ(checkMergeRows({0, 4, 4, 9}, std::nullopt), std::nullopt);
  EXPECT_EQ(messageOf(checkMergeRows({0, 4, 120, 257}, 256)),
            "merges rows up to 257 but the kernel's pilot.attention query "
            "has 256 queries a head");
  EXPECT_EQ(messageOf(checkMergeRows({0, 4, 3, 8}, 256)),
            "rows must be ascending, disjoint, non-empty intervals of "
            "queries, but interval 1 is [3, 8)");
  EXPECT_TRUE(checkMergeRows({5, 5}, 256));
  EXPECT_TRUE(checkMergeRows({-1, 2}, 256));
  EXPECT_EQ(messageOf(checkMergeRows({0, 4, 6}, 256)),
            "rows must be intervals [begin, end, ...], a non-empty even "
            "count of bounds");
  EXPECT_TRUE(checkMergeRows({}, 256));
}

TEST(ProgramRules, BankClasses) {
  auto check = [](llvm::ArrayRef<BankClassBanks> classes) {
    return checkBankClasses(classes, hbm3());
  };
  EXPECT_EQ(check({{"a", 4095, 1, 1}}), std::nullopt);
  std::optional<BankClassViolation> past = check({{"a", 4095, 2, 1}});
  ASSERT_TRUE(past);
  EXPECT_EQ(past->message, "names bank 4096 but the hardware has 4096 banks");
  std::optional<BankClassViolation> wrapped =
      check({{"a", 0, 0, 1}, {"b", 1, 3, kHuge}});
  ASSERT_TRUE(wrapped);
  EXPECT_EQ(wrapped->index, 0u);
  EXPECT_EQ(wrapped->message, "needs first >= 0, count >= 1 and stride >= 1");
  wrapped = check({{"b", 1, 3, kHuge}});
  ASSERT_TRUE(wrapped);
  EXPECT_EQ(wrapped->message,
            "names banks past int64 but the hardware has 4096 banks");

  // Interleaved classes share nothing; the first class that shares a bank
  // with an earlier one is named, at its lowest shared bank.
  EXPECT_EQ(check({{"a", 0, 8, 2}, {"b", 1, 8, 2}}), std::nullopt);
  std::optional<BankClassViolation> shared =
      check({{"a", 0, 8, 2}, {"b", 1, 8, 2}, {"c", 9, 4, 1}, {"d", 6, 1, 1}});
  ASSERT_TRUE(shared);
  EXPECT_EQ(shared->index, 2u);
  EXPECT_EQ(shared->other, std::optional<size_t>(1));
  EXPECT_EQ(shared->message, "shares bank 9 with @b");
}

} // namespace
