//===- FunctionalTest.cpp - FP16 values of small programs, by hand --------===//
//
// Golden checks: each program's result is worked out by hand (exact in FP16
// unless the test is about rounding, which is then spelled out), as
// PIMSimulator checks against precomputed data.
//
//===----------------------------------------------------------------------===//

#include "ProgramBuilder.h"

#include "pilot/Sim/FP16.h"
#include "pilot/Sim/Functional.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <functional>

using namespace pilot;
using namespace pilot::sim;
using namespace pilot::sim::testing;

namespace {

hw::HardwareDescription pilotHbm3() { return *hw::lookupPreset("pilot-hbm3"); }

/// One bank: "in" is placed from row 0 and loaded into the buffer at 0,
/// \p body computes, and "out" (\p outputs elements, row 8) is gathered
/// after \p body has written it with an out command from \p outBuf.
std::vector<double>
runOneBank(const std::vector<double> &input, int64_t outputs,
           const std::function<void(ProgramBuilder &)> &body,
           hw::HardwareDescription hw = pilotHbm3(), int64_t outBuf = 1024) {
  ProgramBuilder builder(hw);
  auto count = int64_t(input.size());
  builder.bankClass("one", 0, 1)
      .cfg("in", 0, 1, count, 0, {1}, {0})
      .cfg("out", 8, 1, outputs, 0, {1}, {0})
      .load(at(0), at(0), 0, count * 2);
  body(builder);
  builder.out(at(8), at(0), outBuf, outputs * 2);
  Program program = builder.take();
  EXPECT_FALSE(bool(checkProgram(program)));
  FunctionalMachine machine(program);
  EXPECT_FALSE(bool(machine.scatter("in", {{count}, input})));
  machine.run();
  GatherReport report;
  llvm::Expected<HostTensor> out = machine.gather("out", report);
  EXPECT_TRUE(bool(out));
  return out ? out->values : std::vector<double>{};
}

// 32 products 2048, 1 x 31, in chunks of 16 lanes. FP16 adder tree: the
// first pair 2048 + 1 = 2049 ties to 2048, the other 7 pairs give 2, then
// 2050, 2054, 2062; the second chunk adds 16: 2078. FP32: 2063 + 16 = 2079,
// rounded to FP16 once at the end: a tie, to even 2080.
TEST(Functional, DotProductRoundsAtTheAccumulatorWidth) {
  std::vector<double> input(64, 1.0);
  input[0] = 2048;
  auto dot = [](ProgramBuilder &b) { b.mac(0, 64, 1024, 1, 1, 32); };
  EXPECT_EQ(runOneBank(input, 1, dot), (std::vector<double>{2078}));
  hw::HardwareDescription wide = pilotHbm3();
  wide.bpm.accumulateBits = 32;
  EXPECT_EQ(runOneBank(input, 1, dot, wide), (std::vector<double>{2080}));
}

// [[1, 2, 3], [4, 5, 6]] times [[1, 0], [0, 1], [1, 0]] (stored k x n, or
// n x k with transpose_rhs) = [[4, 2], [10, 5]]; accumulating onto it again
// doubles it.
TEST(Functional, SmallMatmulBothLayouts) {
  std::vector<double> lhs = {1, 2, 3, 4, 5, 6};
  std::vector<double> kByN = {1, 0, 0, 1, 1, 0};
  std::vector<double> nByK = {1, 0, 1, 0, 1, 0};
  std::vector<double> input = lhs;
  input.insert(input.end(), kByN.begin(), kByN.end());
  input.insert(input.end(), nByK.begin(), nByK.end());
  std::vector<double> expected = {4, 2, 10, 5};
  EXPECT_EQ(runOneBank(input, 4,
                       [](ProgramBuilder &b) { b.mac(0, 12, 1024, 2, 2, 3); }),
            expected);
  EXPECT_EQ(runOneBank(input, 4,
                       [](ProgramBuilder &b) {
                         b.mac(0, 24, 1024, 2, 2, 3, /*transposeRhs=*/true);
                       }),
            expected);
  EXPECT_EQ(
      runOneBank(
          input, 4,
          [](ProgramBuilder &b) {
            b.mac(0, 12, 1024, 2, 2, 3).mac(0, 24, 1024, 2, 2, 3, true, true);
          }),
      (std::vector<double>{8, 4, 20, 10}));
}

TEST(Functional, ExpFollowsTheApproximation) {
  std::vector<double> input = {0, 1, -1, 2.5, -8, 10, 0.34375, -0.5};
  std::vector<double> out =
      runOneBank(input, 8, [](ProgramBuilder &b) { b.exp(0, 1024, 8); });
  ASSERT_EQ(out.size(), input.size());
  EXPECT_EQ(out[0], 1.0);
  for (size_t i = 0; i < input.size(); ++i)
    EXPECT_LE(std::fabs(out[i] - std::exp(input[i])) / std::exp(input[i]),
              fp16::kExpRelativeErrorBound + std::ldexp(1.0, -11))
        << input[i];
}

// Row sums of [[1, 2, 3], [4, 5, 6]]: [6, 15]; accumulated twice: [12, 30].
TEST(Functional, RowSums) {
  std::vector<double> input = {1, 2, 3, 4, 5, 6};
  EXPECT_EQ(
      runOneBank(input, 2, [](ProgramBuilder &b) { b.acc(0, 1024, 2, 3); }),
      (std::vector<double>{6, 15}));
  EXPECT_EQ(runOneBank(input, 2,
                       [](ProgramBuilder &b) {
                         b.acc(0, 1024, 2, 3).acc(0, 1024, 2, 3, true);
                       }),
            (std::vector<double>{12, 30}));
}

// [[1, 2, 1], [2, 2, 4]] over sums [4, 8]: exact quarters and halves. A
// sum of 3 goes through the FP16 reciprocal 0x3555 = 0.333251953125.
TEST(Functional, SoftmaxNormalisation) {
  std::vector<double> input = {1, 2, 1, 2, 2, 4, 4, 8, 3};
  EXPECT_EQ(
      runOneBank(input, 6, [](ProgramBuilder &b) { b.sfm(0, 12, 1024, 2, 3); }),
      (std::vector<double>{0.25, 0.5, 0.25, 0.25, 0.25, 0.5}));
  EXPECT_EQ(
      runOneBank(input, 3, [](ProgramBuilder &b) { b.sfm(0, 16, 1024, 1, 3); }),
      (std::vector<double>{0.333251953125, 0.66650390625, 0.333251953125}));
}

// The lowest finite FP16, which PLT_MASK writes for a masked element.
constexpr double kMasked = -65504.0;

/// A PLT_MASK of the rows x cols block at buffer 0, diag and key constant.
MaskCommand maskOf(int64_t rows, int64_t cols, int64_t diag, int64_t key,
                   int64_t bandLo, int64_t bandHi, bool outside, int64_t keysLo,
                   int64_t keysHi, double scale = 1.0) {
  MaskCommand mask;
  mask.diag = at(diag);
  mask.key = at(key);
  mask.rows = rows;
  mask.cols = cols;
  mask.bandLo = bandLo;
  mask.bandHi = bandHi;
  mask.outside = outside;
  mask.keysLo = keysLo;
  mask.keysHi = keysHi;
  mask.scale = scale;
  mask.lanes = 16;
  return mask;
}

// The 2 x 4 block [[1, 2, 3, 4], [5, 6, 7, 8]], masked in place.
std::vector<double> masked(const MaskCommand &mask) {
  return runOneBank(
      {1, 2, 3, 4, 5, 6, 7, 8}, 8, [&](ProgramBuilder &b) { b.mask(mask); },
      pilotHbm3(), /*outBuf=*/0);
}

// Inside the band [0, 1] of delta = c - i: row 0 keeps c = 0, 1 and row 1
// keeps c = 1, 2; scaled by 0.5 (exact).
TEST(Functional, MaskKeepsTheBandAndScales) {
  EXPECT_EQ(masked(maskOf(2, 4, 0, 0, 0, 1, false, 0, 4096, 0.5)),
            (std::vector<double>{0.5, 1, kMasked, kMasked, kMasked, 3, 3.5,
                                 kMasked}));
}

// diag = -2: delta = c - i - 2 is in [0, 1] for (0, 2), (0, 3), (1, 3), so
// outside keeps the rest, and keys c + 5 < 7 drop (1, 2) as well.
TEST(Functional, MaskOutsideTheBandWithNegativeDiagAndKeyRange) {
  EXPECT_EQ(masked(maskOf(2, 4, -2, 5, 0, 1, true, 0, 8)),
            (std::vector<double>{1, 2, kMasked, kMasked, 5, 6, 7, kMasked}));
  EXPECT_EQ(
      masked(maskOf(2, 4, -2, 5, 0, 1, true, 0, 7)),
      (std::vector<double>{1, 2, kMasked, kMasked, 5, 6, kMasked, kMasked}));
  // Keys [2, 100) from key 0 drop columns 0 and 1 of every row.
  EXPECT_EQ(
      masked(maskOf(2, 4, 0, 0, -100, 100, false, 2, 100)),
      (std::vector<double>{kMasked, kMasked, 3, 4, kMasked, kMasked, 7, 8}));
}

// Three banks, each the 1 x 4 block [1, 2, 3, 4] with diag 0 and key 0,
// band delta in [0, 1], keys [0, 6), shifted per bank by bank [2, -1, 3]:
// bank 0 (digit 0) keeps c = 0, 1; bank 1 (digit 1, diag -1, key 3) keeps
// delta = c - 1 in [0, 1] and c + 3 < 6: c = 1, 2; bank 2 (digit 0 again)
// is bank 0.
TEST(Functional, MaskShiftsDiagAndKeyPerBank) {
  MaskCommand mask = maskOf(1, 4, 0, 0, 0, 1, false, 0, 6);
  mask.bankModulus = 2;
  mask.bankDiagStride = -1;
  mask.bankKeyStride = 3;
  ProgramBuilder builder(pilotHbm3());
  builder.bankClass("three", 0, 3)
      .cfg("in", 0, 1, 4, 0, {3}, {0})
      .cfg("out", 8, 1, 4, 0, {3}, {4})
      .load(at(0), at(0), 0, 8)
      .mask(mask)
      .out(at(8), at(0), 0, 8);
  Program program = builder.take();
  ASSERT_FALSE(bool(checkProgram(program)));
  FunctionalMachine machine(program);
  ASSERT_FALSE(bool(machine.scatter("in", {{4}, {1, 2, 3, 4}})));
  machine.run();
  GatherReport report;
  llvm::Expected<HostTensor> out = machine.gather("out", report);
  ASSERT_TRUE(bool(out));
  EXPECT_EQ(out->values,
            (std::vector<double>{1, 2, kMasked, kMasked, kMasked, 2, 3, kMasked,
                                 1, 2, kMasked, kMasked}));
}

// The scale rounds to FP16 first, 0.1 -> 0.0999755859375, and each product
// rounds to FP16: 3 x it = 0.2999267578125 is a tie between 1228 and 1229 x
// 2^-12, to even 0.2998046875; 5 x it = 0.4998779296875 ties up to 0.5.
TEST(Functional, MaskScaleRoundsInFP16) {
  std::vector<double> out =
      masked(maskOf(2, 4, 0, 0, -100, 100, false, 0, 100, 0.1));
  EXPECT_EQ(out[0], 0.0999755859375);
  EXPECT_EQ(out[2], 0.2998046875);
  EXPECT_EQ(out[4], 0.5);
}

// [[1, 2, 3], [2048, 2050, 10]] minus [1, -1] per row: 2048 + 1 = 2049 ties
// to even 2048, 2050 + 1 = 2051 ties to even 2052. In place and not.
TEST(Functional, SubtractsEachRowsValue) {
  std::vector<double> input = {1, 2, 3, 2048, 2050, 10, 1, -1};
  std::vector<double> expected = {0, 1, 2, 2048, 2052, 11};
  EXPECT_EQ(
      runOneBank(input, 6, [](ProgramBuilder &b) { b.sub(0, 12, 1024, 2, 3); }),
      expected);
  EXPECT_EQ(runOneBank(
                input, 6, [](ProgramBuilder &b) { b.sub(0, 12, 0, 2, 3, 4); },
                pilotHbm3(), /*outBuf=*/0),
            expected);
}

// Row maxima of [[1, 7, 3], [-4, -2, -9]]: [7, -2]. With accumulate over
// the row sums [11, -15]: [max(11, 7), max(-15, -2)] = [11, -2].
TEST(Functional, RowMaxima) {
  std::vector<double> input = {1, 7, 3, -4, -2, -9};
  EXPECT_EQ(runOneBank(input, 2,
                       [](ProgramBuilder &b) {
                         b.acc(0, 1024, 2, 3, false, false, /*max=*/true);
                       }),
            (std::vector<double>{7, -2}));
  EXPECT_EQ(runOneBank(input, 2,
                       [](ProgramBuilder &b) {
                         b.acc(0, 1024, 2, 3)
                             .acc(0, 1024, 2, 3, true, false,
                                  /*max=*/true);
                       }),
            (std::vector<double>{11, -2}));
}

// Eight banks, two bank groups, two rows of one partial each: the BGPM
// takes each group's maximum, [9, 8] and [-1, -2]. With accumulate onto
// [5, 10] and [-3, -2.5] (the same in every bank of a group): [9, 10] and
// [-1, -2].
TEST(Functional, BankGroupMaximum) {
  auto run = [](bool accumulate) {
    ProgramBuilder builder(pilotHbm3());
    builder.bankClass("groups", 0, 8)
        .cfg("p", 0, 1, 2, 0, {8}, {2})
        .cfg("d", 2, 1, 2, 0, {4, 2}, {0, 2})
        .cfg("s", 1, 1, 2, 0, {4, 2}, {0, 2})
        .load(at(0), at(0), 0, 4)
        .load(at(2), at(0), 64, 4)
        .acc(0, 64, 2, 1, accumulate, /*bankGroup=*/true, /*max=*/true)
        .out(at(1), at(0), 64, 4);
    Program program = builder.take();
    EXPECT_FALSE(bool(checkProgram(program)));
    FunctionalMachine machine(program);
    std::vector<double> partials = {3,  -1, 9,  2,  4,  8,  1,  0,
                                    -5, -6, -7, -2, -9, -3, -1, -8};
    EXPECT_FALSE(bool(machine.scatter("p", {{16}, partials})));
    EXPECT_FALSE(bool(machine.scatter("d", {{4}, {5, 10, -3, -2.5}})));
    machine.run();
    GatherReport report;
    llvm::Expected<HostTensor> sums = machine.gather("s", report);
    EXPECT_TRUE(bool(sums));
    EXPECT_EQ(report.disagreeing, 0);
    return sums ? sums->values : std::vector<double>{};
  };
  EXPECT_EQ(run(false), (std::vector<double>{9, 8, -1, -2}));
  EXPECT_EQ(run(true), (std::vector<double>{9, 10, -1, -2}));
}

// Eight banks, two bank groups; bank i holds partials p[2i], p[2i + 1] of
// two rows. The BGPM sums each group's four banks and every bank gets its
// group's total: [16, 20] and [160, 200].
TEST(Functional, BankGroupReduction) {
  ProgramBuilder builder(pilotHbm3());
  builder.bankClass("groups", 0, 8)
      .cfg("p", 0, 1, 2, 0, {8}, {2})
      .cfg("s", 1, 1, 2, 0, {4, 2}, {0, 2})
      .load(at(0), at(0), 0, 4)
      .acc(0, 64, 2, 1, /*accumulate=*/false, /*bankGroup=*/true)
      .out(at(1), at(0), 64, 4);
  Program program = builder.take();
  ASSERT_FALSE(bool(checkProgram(program)));
  FunctionalMachine machine(program);
  std::vector<double> partials = {1,  2,  3,  4,  5,  6,  7,  8,
                                  10, 20, 30, 40, 50, 60, 70, 80};
  ASSERT_FALSE(bool(machine.scatter("p", {{16}, partials})));
  machine.run();
  GatherReport report;
  llvm::Expected<HostTensor> sums = machine.gather("s", report);
  ASSERT_TRUE(bool(sums));
  EXPECT_EQ(sums->values, (std::vector<double>{16, 20, 160, 200}));
  EXPECT_EQ(report.disagreeing, 0);
  EXPECT_EQ(report.uncovered, 0);
}

// Bank i of a class with radices [4, 2] and strides [3, 100] holds
// x[5 + 3 * (i % 4) + 100 * (i / 4)], three elements.
TEST(Functional, CfgScatterAndGatherFollowTheMixedRadix) {
  ProgramBuilder builder(pilotHbm3());
  builder.bankClass("c", 0, 8)
      .cfg("x", 0, 1, 3, 5, {4, 2}, {3, 100})
      .cfg("y", 1, 1, 1, 0, {8}, {1})
      .load(at(0), at(0), 0, 6)
      .acc(0, 16, 1, 3) // each bank: the sum of its slice
      .out(at(1), at(0), 16, 2);
  Program program = builder.take();
  FunctionalMachine machine(program);
  std::vector<double> x(120);
  for (size_t i = 0; i < x.size(); ++i)
    x[i] = double(i);
  ASSERT_FALSE(bool(machine.scatter("x", {{120}, x})));
  machine.run();
  GatherReport report;
  llvm::Expected<HostTensor> y = machine.gather("y", report);
  ASSERT_TRUE(bool(y));
  std::vector<double> expected;
  for (int i = 0; i < 8; ++i) {
    double start = 5 + 3 * (i % 4) + 100 * (i / 4);
    expected.push_back(3 * start + 3); // start + start+1 + start+2
  }
  EXPECT_EQ(y->values, expected);
  // Gathering x itself returns the placed elements, 0 elsewhere.
  GatherReport xReport;
  llvm::Expected<HostTensor> back = machine.gather("x", xReport);
  ASSERT_TRUE(bool(back));
  EXPECT_EQ(xReport.uncovered, int64_t(back->values.size()) - 24);
  EXPECT_EQ(back->values[114], 114.0); // bank 7: 5 + 3 * 3 + 100 * 1
  EXPECT_EQ(back->values[104], 0.0);   // between banks 3 and 4
}

// Radices [2, 3, 1]: x = bank + 2 * (entry of digit 1) + 6 * batch. The
// table replaces digit 1's stride: entries 7, 50, 20.
TEST(Functional, DigitTableLooksTheDigitUp) {
  TensorPlacement placement =
      ProgramBuilder::placement("x", 0, 1, 1, 0, {2, 3, 1}, {0, 0, 1000});
  placement.digitTable = {1, 7, 50, 20};
  EXPECT_EQ(placement.sliceBase(0, 0), 7);
  EXPECT_EQ(placement.sliceBase(1, 0), 7);
  EXPECT_EQ(placement.sliceBase(2, 0), 50);
  EXPECT_EQ(placement.sliceBase(5, 0), 20);
  EXPECT_EQ(placement.sliceBase(6, 0), 1007);
  EXPECT_EQ(placement.sliceBase(10, 0), 1020);
}

/// Places "x" on \p banks banks by \p first and \p second, scatters \p x
/// and has each bank sum the first two elements of its row (0 past its
/// slice) into y[i]; returns y.
std::vector<double> firstPairSums(const TensorPlacement &first,
                                  const TensorPlacement &second, int64_t banks,
                                  const std::vector<double> &x) {
  ProgramBuilder builder(pilotHbm3());
  builder.bankClass("c", 0, banks)
      .cfg(first)
      .cfg(second)
      .cfg("y", 1, 1, 1, 0, {banks}, {1})
      .load(at(0), at(0), 0, 4)
      .acc(0, 16, 1, 2)
      .out(at(1), at(0), 16, 2);
  Program program = builder.take();
  EXPECT_FALSE(bool(checkProgram(program)));
  FunctionalMachine machine(program);
  EXPECT_FALSE(bool(machine.scatter("x", {{int64_t(x.size())}, x})));
  machine.run();
  GatherReport report;
  llvm::Expected<HostTensor> y = machine.gather("y", report);
  EXPECT_TRUE(bool(y));
  return y ? y->values : std::vector<double>{};
}

// "x" by two placements: banks 0 and 2 (select [2, 0]) take x[2i, 2i + 2),
// banks 1 and 3 (select [2, 1]) the one element x[100 + i].
TEST(Functional, CfgSelectPlacesOnlyTheSelectedBanks) {
  TensorPlacement even = ProgramBuilder::placement("x", 0, 1, 2, 0, {4}, {2});
  even.selectModulus = 2;
  TensorPlacement odd = ProgramBuilder::placement("x", 0, 1, 1, 100, {4}, {1});
  odd.selectModulus = 2;
  odd.selectValue = 1;
  std::vector<double> x(104);
  for (size_t i = 0; i < x.size(); ++i)
    x[i] = double(i);
  EXPECT_EQ(firstPairSums(even, odd, 4, x),
            (std::vector<double>{0 + 1, 101, 4 + 5, 103}));
}

// "x" cut unevenly over five banks: banks 0-3 (select [5, 0, 4]) take the
// strided pieces x[2i, 2i + 2), bank 4 (select [5, 4]) the shorter last
// piece x[8, 9).
TEST(Functional, CfgSelectRangePlacesAStridedRunOfBanks) {
  TensorPlacement full = ProgramBuilder::placement("x", 0, 1, 2, 0, {5}, {2});
  full.selectModulus = 5;
  full.selectCount = 4;
  TensorPlacement last = ProgramBuilder::placement("x", 0, 1, 1, 8, {5}, {0});
  last.selectModulus = 5;
  last.selectValue = 4;
  std::vector<double> x(9);
  for (size_t i = 0; i < x.size(); ++i)
    x[i] = double(10 + i);
  EXPECT_EQ(firstPairSums(full, last, 5, x),
            (std::vector<double>{10 + 11, 12 + 13, 14 + 15, 16 + 17, 18}));
}

/// Four banks; "x" in two slots of two segments each: bank i, slot s takes
/// x = 1 + i + 4 s, digits d0 = x % 2 and d1 = x / 2 (the last digit is
/// unbounded: bank 3's slot 1 has x = 8, d1 = 4), base = d0 + 16 d1, and
/// holds [base, base + 2) then [base + 8, base + 10) from row 2 s.
TensorPlacement slottedX() {
  TensorPlacement x =
      ProgramBuilder::placement("x", 0, 1, 4, 0, {2, 2}, {1, 16});
  x.segments = {0, 2, 8, 2};
  x.slots = 2;
  x.indexBase = 1;
  x.indexStride = 4;
  x.rowStride = 2;
  return x;
}

// Each bank sums each slot; "y" (bank i, slot s: y[i + 4 s] at row 4 + s)
// gathers the sums. Bases: bank 0: 1, 33; bank 1: 16, 48; bank 2: 17, 49;
// bank 3: 32, 64. A slot's sum is 4 base + 18.
TEST(Functional, CfgSegmentsAndSlotsScatterAndGather) {
  TensorPlacement y = ProgramBuilder::placement("y", 4, 1, 1, 0, {4}, {1});
  y.slots = 2;
  y.indexStride = 4;
  y.rowStride = 1;
  ProgramBuilder builder(pilotHbm3());
  builder.bankClass("c", 0, 4)
      .cfg(slottedX())
      .cfg(y)
      .load(at(0), at(0), 0, 8)
      .load(at(2), at(0), 8, 8)
      .acc(0, 32, 2, 4)
      .out(at(4), at(0), 32, 2)
      .out(at(5), at(0), 34, 2);
  Program program = builder.take();
  ASSERT_FALSE(bool(checkProgram(program)));
  FunctionalMachine machine(program);
  std::vector<double> x(80);
  for (size_t i = 0; i < x.size(); ++i)
    x[i] = double(i);
  ASSERT_FALSE(bool(machine.scatter("x", {{80}, x})));
  machine.run();
  GatherReport report;
  llvm::Expected<HostTensor> sums = machine.gather("y", report);
  ASSERT_TRUE(bool(sums));
  EXPECT_EQ(sums->values,
            (std::vector<double>{22, 82, 86, 146, 150, 210, 214, 274}));
  EXPECT_EQ(report.uncovered, 0);

  // x comes back flat up to its last placed element, 73: the 26 distinct
  // elements the slots hold, 0 elsewhere.
  GatherReport xReport;
  llvm::Expected<HostTensor> back = machine.gather("x", xReport);
  ASSERT_TRUE(bool(back));
  ASSERT_EQ(back->values.size(), 74u);
  EXPECT_EQ(xReport.uncovered, 74 - 26);
  EXPECT_EQ(xReport.disagreeing, 0);
  for (int64_t held : {1, 2, 9, 10, 16, 25, 42, 57, 64, 65, 72, 73})
    EXPECT_EQ(back->values[held], double(held)) << held;
  for (int64_t free : {0, 3, 8, 11, 63, 66, 71})
    EXPECT_EQ(back->values[free], 0.0) << free;
}

TEST(Functional, ScatterChecksEverySegmentAgainstTheTensor) {
  ProgramBuilder builder(pilotHbm3());
  builder.bankClass("c", 0, 4).cfg(slottedX());
  Program program = builder.take();
  FunctionalMachine machine(program);
  llvm::Error error = machine.scatter("x", {{70}, std::vector<double>(70)});
  ASSERT_TRUE(bool(error));
  std::string message = llvm::toString(std::move(error));
  EXPECT_NE(message.find("places elements [72, 74) in bank 3 of @c, past "
                         "the 70 elements of the input"),
            std::string::npos)
      << message;
}

// checkProgram restates the pim.cfg rules for a replaced hardware.
TEST(Functional, CheckProgramChecksSegmentsAndSlots) {
  auto check = [](TensorPlacement placement) {
    ProgramBuilder builder(pilotHbm3());
    builder.bankClass("c", 0, 4).cfg(std::move(placement));
    llvm::Error error = checkProgram(builder.take());
    return error ? llvm::toString(std::move(error)) : std::string();
  };
  EXPECT_EQ(check(slottedX()), "");
  TensorPlacement sum = slottedX();
  sum.segments = {0, 2, 8, 3};
  EXPECT_NE(check(sum).find("segments hold 5 elements but the slice has 4"),
            std::string::npos);
  TensorPlacement past = slottedX();
  past.firstRow = 32766;
  EXPECT_NE(check(past).find("slot 1 takes rows [32768, 32769), past the "
                             "bank's 32768 rows"),
            std::string::npos)
      << check(past);
  TensorPlacement close = slottedX();
  close.numRows = 3;
  EXPECT_NE(check(close).find("row_stride must be at least num_rows"),
            std::string::npos);
}

// checkProgram's ranges are computed without overflow: pilot-sim --hw and
// binary programs reach it without the pim verifier, and a wrapped range
// would let a command write outside the buffer or the bank.
TEST(Functional, CheckProgramRefusesRangesThatOverflow) {
  auto check = [](const std::function<void(ProgramBuilder &)> &body) {
    ProgramBuilder builder(pilotHbm3());
    builder.bankClass("c", 0, 1);
    body(builder);
    llvm::Error error = checkProgram(builder.take());
    return error ? llvm::toString(std::move(error)) : std::string();
  };
  constexpr int64_t huge = int64_t(1) << 62;
  std::string mac =
      check([&](ProgramBuilder &b) { b.mac(0, 32, 64, huge, 4, 4); });
  EXPECT_NE(mac.find("overflows int64"), std::string::npos) << mac;
  std::string exp = check(
      [&](ProgramBuilder &b) { b.exp(INT64_MAX - 7, 0, 4); });
  EXPECT_NE(exp.find("overflows int64"), std::string::npos) << exp;
  std::string row = check([&](ProgramBuilder &b) {
    int loop = b.beginLoop(0, 4);
    b.load(LinearAddress{0, {{loop, huge}}}, at(0), 0, 8).endLoop();
  });
  EXPECT_NE(row.find("overflows int64"), std::string::npos) << row;
}

// A slice longer than a row continues in the next row: element 512 of a
// slice from row 3 is the first element of row 4.
TEST(Functional, SlicesFillRowsInOrder) {
  ProgramBuilder builder(pilotHbm3());
  builder.bankClass("c", 0, 1)
      .cfg("x", 3, 2, 600, 0, {1}, {0})
      .cfg("y", 10, 1, 1, 0, {1}, {0})
      .load(at(4), at(0), 0, 2)
      .out(at(10), at(0), 0, 2);
  Program program = builder.take();
  FunctionalMachine machine(program);
  std::vector<double> x(600);
  for (size_t i = 0; i < x.size(); ++i)
    x[i] = double(i);
  ASSERT_FALSE(bool(machine.scatter("x", {{600}, x})));
  machine.run();
  GatherReport report;
  llvm::Expected<HostTensor> y = machine.gather("y", report);
  ASSERT_TRUE(bool(y));
  EXPECT_EQ(y->values, (std::vector<double>{512}));
}

TEST(Functional, ScatterRejectsSlicesPastTheTensor) {
  ProgramBuilder builder(pilotHbm3());
  builder.bankClass("c", 0, 2).cfg("x", 0, 1, 4, 0, {2}, {4});
  Program program = builder.take();
  FunctionalMachine machine(program);
  llvm::Error error = machine.scatter("x", {{6}, std::vector<double>(6)});
  ASSERT_TRUE(bool(error));
  std::string message = llvm::toString(std::move(error));
  EXPECT_NE(message.find("places elements [4, 8) in bank 1 of @c, past the 6 "
                         "elements of the input (shape [6])"),
            std::string::npos)
      << message;
}

TEST(Functional, ScatterChecksTheDeclaredShape) {
  ProgramBuilder builder(pilotHbm3());
  builder.bankClass("c", 0, 1).cfg("Q", 0, 1, 16, 0, {1}, {0});
  Program program = builder.take();
  program.attention = AttentionProblem{};
  program.attention->queryShape = {1, 1, 4, 4};
  FunctionalMachine machine(program);
  llvm::Error error = machine.scatter("Q", {{16}, std::vector<double>(16)});
  ASSERT_TRUE(bool(error));
  EXPECT_NE(llvm::toString(std::move(error))
                .find("input Q has shape [16] but the kernel's "
                      "pilot.attention declares [1, 1, 4, 4]"),
            std::string::npos);
}

} // namespace

namespace {

/// A float64 softmax-weighted sum of `keys` (scores, value rows of `d`),
/// computed over all keys at once: the reference a merge of pieces must
/// reproduce.
std::vector<double> wholeAttention(const std::vector<double> &scores,
                                   const std::vector<double> &values,
                                   size_t d) {
  double top = *std::max_element(scores.begin(), scores.end());
  std::vector<double> out(d, 0.0);
  double total = 0;
  for (size_t k = 0; k < scores.size(); ++k) {
    double weight = std::exp(scores[k] - top);
    total += weight;
    for (size_t j = 0; j < d; ++j)
      out[j] += weight * values[k * d + j];
  }
  for (double &value : out)
    value /= total;
  return out;
}

TEST(Functional, MergeRowMatchesOneSoftmaxOverEveryPiece) {
  // 12 keys of d = 3 cut into pieces of 5, 4 and 3 keys, one with an
  // attended-nothing piece beside them (weight 0, output 0 / 0).
  const size_t d = 3;
  std::vector<double> scores = {0.5, -1.25, 3.0, 2.0,  -0.5, 1.5,
                                4.0, -2.0,  0.0, 0.75, 2.5,  -3.0};
  std::vector<double> values;
  for (size_t k = 0; k < scores.size(); ++k)
    for (size_t j = 0; j < d; ++j)
      values.push_back(std::sin(double(3 * k + j)));
  std::vector<double> outputs, maxima, sums;
  size_t begin = 0;
  for (size_t length : {5, 4, 3}) {
    // Each piece: its own maximum, sum and normalised output.
    double top = *std::max_element(scores.begin() + begin,
                                   scores.begin() + begin + length);
    double sum = 0;
    std::vector<double> out(d, 0.0);
    for (size_t k = begin; k < begin + length; ++k) {
      double weight = std::exp(scores[k] - top);
      sum += weight;
      for (size_t j = 0; j < d; ++j)
        out[j] += weight * values[k * d + j];
    }
    for (double value : out)
      outputs.push_back(value / sum);
    maxima.push_back(top);
    sums.push_back(sum);
    begin += length;
  }
  outputs.insert(outputs.end(), d, std::nan(""));
  maxima.push_back(0.0);
  sums.push_back(0.0);

  std::vector<double> expected = wholeAttention(scores, values, d);
  std::vector<float> merged = mergeRow(outputs, maxima, sums);
  ASSERT_EQ(merged.size(), d);
  for (size_t j = 0; j < d; ++j)
    EXPECT_NEAR(merged[j], expected[j], 1e-6 * std::abs(expected[j]) + 1e-7)
        << "element " << j;
}

TEST(Functional, MergeRowWithoutShiftWeighsBySums) {
  // Maxima all 0 (the staged schedules): the weights are the sums.
  std::vector<float> merged =
      mergeRow({1.0, 2.0, 3.0, 4.0}, {0.0, 0.0}, {1.0, 3.0});
  ASSERT_EQ(merged.size(), 2u);
  EXPECT_FLOAT_EQ(merged[0], (1.0f * 1 + 3.0f * 3) / 4);
  EXPECT_FLOAT_EQ(merged[1], (1.0f * 2 + 3.0f * 4) / 4);
}

} // namespace
