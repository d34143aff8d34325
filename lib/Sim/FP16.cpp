//===- FP16.cpp - IEEE binary16 arithmetic and the BPM's exp --------------===//
//
// Conversion works on the value, not the bit pattern of the double: scale
// |x| by a power of two so that one unit is the binary16 quantum of its
// binade, round that to an integer (ties to even), and encode. Power-of-two
// scaling is exact, so the only rounding is the one IEEE 754 prescribes.
//
//===----------------------------------------------------------------------===//

#include "pilot/Sim/FP16.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <limits>

using namespace pilot::sim;

namespace {

constexpr fp16::Half kSignBit = 0x8000;
constexpr fp16::Half kInfinity = 0x7C00;
constexpr fp16::Half kQuietNaN = 0x7E00;
/// binary16: 10 stored significand bits, exponent bias 15, smallest normal
/// exponent -14 (IEEE 754-2019 Table 3.5).
constexpr int kSignificandBits = 10;
constexpr int kExponentBias = 15;
constexpr int kMinNormalExponent = -14;
/// Halfway between the largest finite binary16 (65504) and 2^16: it and
/// everything above round to infinity (the tie goes to the even 2^16).
constexpr double kOverflowThreshold = 65520.0;

constexpr double kLog2E = 1.4426950408889634;
constexpr double kLn2 = 0.6931471805599453;
/// Segments of the piecewise-linear table of 2^Frac over [0.5, 1).
constexpr int kTableSegments = 8;

/// 2^(0.5 + i / 16) at the table's knots, to double precision.
const std::array<double, kTableSegments + 1> &expTable() {
  static const std::array<double, kTableSegments + 1> table = [] {
    std::array<double, kTableSegments + 1> knots{};
    for (int i = 0; i <= kTableSegments; ++i)
      knots[i] = std::exp2(0.5 + 0.5 * i / kTableSegments);
    return knots;
  }();
  return table;
}

/// 2^frac for frac in [0, 1), by the two approximations the paper names.
double approximateExp2Fraction(double frac) {
  if (frac < 0.5) {
    double r = frac * kLn2;
    // Third-order Taylor series of e^r, in Horner form: three multiply-adds.
    return 1.0 + r * (1.0 + r * (0.5 + r / 6.0));
  }
  double position = (frac - 0.5) * 2 * kTableSegments;
  int segment = std::min(int(position), kTableSegments - 1);
  double weight = position - segment;
  const auto &table = expTable();
  return table[segment] + weight * (table[segment + 1] - table[segment]);
}

} // namespace

fp16::Half fp16::fromDouble(double value) {
  Half sign = std::signbit(value) ? kSignBit : 0;
  if (std::isnan(value))
    return sign | kQuietNaN;
  double magnitude = std::fabs(value);
  if (magnitude >= kOverflowThreshold)
    return sign | kInfinity;
  if (magnitude == 0.0)
    return sign;

  int binadeExponent; // magnitude in [2^e, 2^(e+1)) with e = this - 1
  std::frexp(magnitude, &binadeExponent);
  int exponent = binadeExponent - 1;
  // Subnormals share the quantum of the smallest normal binade.
  int quantumExponent =
      std::max(exponent, kMinNormalExponent) - kSignificandBits;
  double scaled = std::ldexp(magnitude, -quantumExponent);
  double whole = std::floor(scaled);
  double remainder = scaled - whole;
  auto units = static_cast<uint32_t>(whole);
  if (remainder > 0.5 || (remainder == 0.5 && (units & 1)))
    ++units;

  if (exponent < kMinNormalExponent)
    // A subnormal; 1024 units is the smallest normal, whose encoding is the
    // same integer.
    return sign | static_cast<Half>(units);
  int biased = exponent + kExponentBias;
  if (units == 2u << kSignificandBits) { // rounded up into the next binade
    units = 1u << kSignificandBits;
    ++biased;
  }
  if (biased >= 31)
    return sign | kInfinity;
  return sign | static_cast<Half>(biased << kSignificandBits) |
         static_cast<Half>(units - (1u << kSignificandBits));
}

double fp16::toDouble(Half half) {
  int exponent = (half >> kSignificandBits) & 0x1F;
  int significand = half & 0x3FF;
  double magnitude;
  if (exponent == 0)
    magnitude = std::ldexp(significand, kMinNormalExponent - kSignificandBits);
  else if (exponent == 31)
    magnitude = significand ? std::numeric_limits<double>::quiet_NaN()
                            : std::numeric_limits<double>::infinity();
  else
    magnitude = std::ldexp(significand + (1 << kSignificandBits),
                           exponent - kExponentBias - kSignificandBits);
  return (half & kSignBit) ? -magnitude : magnitude;
}

fp16::Half fp16::add(Half a, Half b) {
  return fromDouble(toDouble(a) + toDouble(b));
}

fp16::Half fp16::subtract(Half a, Half b) {
  return fromDouble(toDouble(a) - toDouble(b));
}

fp16::Half fp16::multiply(Half a, Half b) {
  return fromDouble(toDouble(a) * toDouble(b));
}

fp16::Half fp16::divide(Half a, Half b) {
  return fromDouble(toDouble(a) / toDouble(b));
}

double fp16::roundToAccumulator(double value, int accumulateBits) {
  if (accumulateBits == 32)
    return double(float(value)); // binary32, ties to even
  return toDouble(fromDouble(value));
}

double fp16::approximateExp(double x) {
  if (std::isnan(x))
    return x;
  if (x == std::numeric_limits<double>::infinity())
    return x;
  double scaled = x * kLog2E;
  double integer = std::floor(scaled);
  // Far outside binary16's range either way; keeps ldexp's argument small.
  if (integer > 64)
    return std::numeric_limits<double>::infinity();
  if (integer < -64)
    return 0.0;
  return std::ldexp(approximateExp2Fraction(scaled - integer), int(integer));
}

fp16::Half fp16::exp(Half x) { return fromDouble(approximateExp(toDouble(x))); }
