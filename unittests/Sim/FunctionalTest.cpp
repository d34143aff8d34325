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

#include <cmath>
#include <functional>

using namespace pilot;
using namespace pilot::sim;
using namespace pilot::sim::testing;

namespace {

hw::HardwareDescription pilotHbm3() { return *hw::lookupPreset("pilot-hbm3"); }

/// One bank: "in" is placed from row 0 and loaded into the buffer at 0,
/// \p body computes, and "out" (\p outputs elements, row 8) is gathered
/// after \p body has written it with an out command.
std::vector<double>
runOneBank(const std::vector<double> &input, int64_t outputs,
           const std::function<void(ProgramBuilder &)> &body,
           hw::HardwareDescription hw = pilotHbm3()) {
  ProgramBuilder builder(hw);
  auto count = int64_t(input.size());
  builder.bankClass("one", 0, 1)
      .cfg("in", 0, 1, count, 0, {1}, {0})
      .cfg("out", 8, 1, outputs, 0, {1}, {0})
      .load(at(0), at(0), 0, count * 2);
  body(builder);
  builder.out(at(8), at(0), 1024, outputs * 2);
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
