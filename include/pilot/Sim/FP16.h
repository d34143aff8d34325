//===- FP16.h - IEEE binary16 arithmetic and the BPM's exp ------*- C++ -*-===//
//
// The number format of the processing modules: IEEE 754 binary16 values,
// round-to-nearest-even conversion, the roundings of the adder tree at 16 or
// 32 accumulation bits, and the paper's approximate exponential. Written
// from the standard, with no external half-precision library, so that every
// rounding the simulator makes is visible here.
//
//===----------------------------------------------------------------------===//

#ifndef PILOT_SIM_FP16_H
#define PILOT_SIM_FP16_H

#include <cstdint>

namespace pilot::sim::fp16 {

/// The bits of one binary16 value.
using Half = uint16_t;

/// Rounds a double to the nearest binary16, ties to even (IEEE 754-2019
/// roundTiesToEven). Values at or above 65520 in magnitude become infinity;
/// NaN stays NaN (quiet, sign kept).
Half fromDouble(double value);
/// The exact value of a binary16.
double toDouble(Half half);

/// Correctly rounded binary16 operations. A double holds the exact sum,
/// product or a quotient rounded to 53 bits of two binary16 values, and a
/// second rounding to 11 bits is then innocuous (53 >= 2 * 11 + 2), so each
/// result equals the IEEE binary16 operation's.
Half add(Half a, Half b);
Half subtract(Half a, Half b);
Half multiply(Half a, Half b);
Half divide(Half a, Half b);

/// Rounds \p value to the precision the adder tree keeps between additions:
/// binary16 for 16 accumulation bits, binary32 for 32 (bpm.accumulate_bits).
double roundToAccumulator(double value, int accumulateBits);

/// The paper's approximate exponential, before the result is rounded:
/// e^x = 2^Int * 2^Frac with Int + Frac = x * log2(e), Frac in [0, 1).
/// 2^Int shifts the exponent; 2^Frac = e^(Frac ln 2) comes from a third-order
/// Taylor series in r = Frac * ln 2 when Frac < 0.5 and from an 8-segment
/// piecewise-linear table over [0.5, 1) otherwise.
double approximateExp(double x);

/// The largest relative error of approximateExp against e^x: the Taylor
/// series' dropped tail at Frac -> 0.5 (r = ln 2 / 2), 1 - (1 + r + r^2/2 +
/// r^3/6) / e^r = 4.56e-4; the table's chords err by at most
/// h^2 (ln 2)^2 / 8 = 2.35e-4 (h = 1/16). docs/simulator.md derives both.
constexpr double kExpRelativeErrorBound = 4.6e-4;

/// The lowest finite binary16, -65504: what PLT_MASK writes for a masked
/// element, so that its exponential is 0 and a difference of two masked
/// elements stays finite.
constexpr Half kLowest = 0xFBFF;

/// approximateExp of a binary16, rounded to binary16 (PLT_EXP).
Half exp(Half x);

} // namespace pilot::sim::fp16

#endif // PILOT_SIM_FP16_H
