//===- FP16Test.cpp - binary16 conversion and the approximate exp ---------===//
//
// Conversions against bit patterns from IEEE 754-2019's binary16 format
// (1 sign, 5 exponent bits biased by 15, 10 significand bits), and the
// approximate exponential against std::exp within its documented bound.
//
//===----------------------------------------------------------------------===//

#include "pilot/Sim/FP16.h"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>

using namespace pilot::sim;
using fp16::Half;

namespace {

TEST(FP16, ExactValuesHaveTheirBitPatterns) {
  EXPECT_EQ(fp16::fromDouble(0.0), 0x0000);
  EXPECT_EQ(fp16::fromDouble(-0.0), 0x8000);
  EXPECT_EQ(fp16::fromDouble(1.0), 0x3C00);
  EXPECT_EQ(fp16::fromDouble(-2.0), 0xC000);
  EXPECT_EQ(fp16::fromDouble(0.5), 0x3800);
  EXPECT_EQ(fp16::fromDouble(65504.0), 0x7BFF);              // largest finite
  EXPECT_EQ(fp16::fromDouble(std::ldexp(1.0, -14)), 0x0400); // smallest normal
  EXPECT_EQ(fp16::fromDouble(1.0 + std::ldexp(1.0, -10)), 0x3C01);
}

TEST(FP16, SubnormalsAreExactMultiplesOfTwoToTheMinus24) {
  EXPECT_EQ(fp16::fromDouble(std::ldexp(1.0, -24)), 0x0001);    // smallest
  EXPECT_EQ(fp16::fromDouble(std::ldexp(1023.0, -24)), 0x03FF); // largest
  EXPECT_EQ(fp16::toDouble(0x0001), std::ldexp(1.0, -24));
  EXPECT_EQ(fp16::toDouble(0x8200), -std::ldexp(512.0, -24));
  // Half of the smallest subnormal is a tie with 0 (even): 0.
  EXPECT_EQ(fp16::fromDouble(std::ldexp(1.0, -25)), 0x0000);
  // Just above it rounds up to the smallest subnormal.
  EXPECT_EQ(fp16::fromDouble(std::ldexp(1.0, -25) * 1.0001), 0x0001);
  // 1.5 units is a tie between 1 and 2: even 2.
  EXPECT_EQ(fp16::fromDouble(std::ldexp(3.0, -25)), 0x0002);
  // The largest subnormal plus half a unit rounds into the normals.
  EXPECT_EQ(fp16::fromDouble(std::ldexp(1023.5, -24)), 0x0400);
}

TEST(FP16, TiesRoundToEven) {
  double ulp = std::ldexp(1.0, -10); // spacing in [1, 2)
  // 1 + ulp/2 lies between 0x3C00 (even) and 0x3C01: 0x3C00.
  EXPECT_EQ(fp16::fromDouble(1.0 + ulp / 2), 0x3C00);
  // 1 + 3 ulp/2 lies between 0x3C01 and 0x3C02 (even): 0x3C02.
  EXPECT_EQ(fp16::fromDouble(1.0 + 3 * ulp / 2), 0x3C02);
  // Off the tie, nearest wins.
  EXPECT_EQ(fp16::fromDouble(1.0 + ulp / 2 + 1e-9), 0x3C01);
  EXPECT_EQ(fp16::fromDouble(1.0 + ulp / 2 - 1e-9), 0x3C00);
  // Rounding up carries into the next binade: 2 - ulp/4 -> 2.0.
  EXPECT_EQ(fp16::fromDouble(2.0 - ulp / 4), 0x4000);
  // 2049 is a tie between 2048 and 2050 (spacing 2): even 2048.
  EXPECT_EQ(fp16::fromDouble(2049.0), fp16::fromDouble(2048.0));
  EXPECT_EQ(fp16::fromDouble(2051.0), fp16::fromDouble(2052.0));
}

TEST(FP16, OverflowGoesToInfinityAtTheTie) {
  EXPECT_EQ(fp16::fromDouble(65519.99), 0x7BFF);
  EXPECT_EQ(fp16::fromDouble(65520.0), 0x7C00); // tie with 2^16: even
  EXPECT_EQ(fp16::fromDouble(1e10), 0x7C00);
  EXPECT_EQ(fp16::fromDouble(-1e10), 0xFC00);
  EXPECT_EQ(fp16::fromDouble(std::numeric_limits<double>::infinity()), 0x7C00);
  EXPECT_TRUE(std::isinf(fp16::toDouble(0x7C00)));
  EXPECT_TRUE(std::isnan(fp16::toDouble(
      fp16::fromDouble(std::numeric_limits<double>::quiet_NaN()))));
  EXPECT_TRUE(std::isnan(fp16::toDouble(0x7E00)));
}

TEST(FP16, EveryHalfRoundTrips) {
  for (uint32_t bits = 0; bits <= 0xFFFF; ++bits) {
    auto half = Half(bits);
    double value = fp16::toDouble(half);
    if (std::isnan(value))
      continue;
    EXPECT_EQ(fp16::fromDouble(value), half) << std::hex << bits;
  }
}

TEST(FP16, ArithmeticIsCorrectlyRounded) {
  Half one = fp16::fromDouble(1.0);
  Half ulp = fp16::fromDouble(std::ldexp(1.0, -10));
  Half halfUlp = fp16::fromDouble(std::ldexp(1.0, -11));
  EXPECT_EQ(fp16::add(one, ulp), 0x3C01);
  EXPECT_EQ(fp16::add(one, halfUlp), 0x3C00); // tie to even
  EXPECT_EQ(fp16::multiply(fp16::fromDouble(3.0), fp16::fromDouble(0.5)),
            fp16::fromDouble(1.5));
  // 1/3 in binary16 is 0x3555 (0.333251953125).
  EXPECT_EQ(fp16::divide(one, fp16::fromDouble(3.0)), 0x3555);
  EXPECT_EQ(fp16::multiply(fp16::fromDouble(300.0), fp16::fromDouble(300.0)),
            0x7C00);
}

TEST(FP16, AccumulatorRoundsToItsWidth) {
  double x = 1.0 + std::ldexp(1.0, -12);
  EXPECT_EQ(fp16::roundToAccumulator(x, 16), 1.0);
  EXPECT_EQ(fp16::roundToAccumulator(x, 32), x);
  EXPECT_EQ(fp16::roundToAccumulator(1.0 + std::ldexp(1.0, -30), 32), 1.0);
}

// The documented bound holds over the whole FP16 range the softmax uses.
TEST(ApproximateExp, WithinDocumentedBoundOfStdExp) {
  double worst = 0;
  for (double x = -16.0; x <= 11.0; x += 1.0 / 1024) {
    double relative =
        std::fabs(fp16::approximateExp(x) - std::exp(x)) / std::exp(x);
    worst = std::max(worst, relative);
  }
  EXPECT_LE(worst, fp16::kExpRelativeErrorBound);
  // The bound is tight: the Taylor end reaches 4.56e-4.
  EXPECT_GT(worst, 4.5e-4);
}

// Rounded to FP16 the error adds at most half an ulp, 2^-11 relative, for
// results in the normal range.
TEST(ApproximateExp, HalfResultsWithinBoundPlusRounding) {
  double bound = fp16::kExpRelativeErrorBound + std::ldexp(1.0, -11);
  for (uint32_t bits = 0; bits <= 0xFFFF; ++bits) {
    double x = fp16::toDouble(Half(bits));
    if (std::isnan(x) || x < -9.7 || x > 11.0) // normal results only
      continue;
    double result = fp16::toDouble(fp16::exp(Half(bits)));
    EXPECT_LE(std::fabs(result - std::exp(x)) / std::exp(x), bound) << x;
  }
}

TEST(ApproximateExp, SpecialValues) {
  EXPECT_EQ(fp16::exp(fp16::fromDouble(0.0)), fp16::fromDouble(1.0));
  EXPECT_EQ(fp16::exp(fp16::fromDouble(12.0)), 0x7C00); // past 65504
  EXPECT_EQ(fp16::exp(fp16::fromDouble(-20.0)), 0x0000);
  EXPECT_EQ(fp16::exp(0xFC00), 0x0000); // e^-inf
  EXPECT_EQ(fp16::exp(0x7C00), 0x7C00); // e^inf
}

} // namespace
