//===- Reference.h - float64 attention for --check --------------*- C++ -*-===//
//
// An independent path to what a kernel should compute: sparse attention in
// double precision, straight from its definition (softmax over the attended
// keys of each query row, the mask from the pattern library), sharing
// nothing with the simulator's FP16 arithmetic.
//
//===----------------------------------------------------------------------===//

#ifndef PILOT_SIM_REFERENCE_H
#define PILOT_SIM_REFERENCE_H

#include "pilot/Sim/Program.h"
#include "pilot/Sim/Tensor.h"

namespace pilot::sim {

/// O[b, h, i, :] = sum_j softmax_j(scale * Q[b, h, i, :] . K[b, g, j, :])
/// V[b, g, j, :] over the keys j that row i of head h attends, g = h / (H /
/// Hkv); a row that attends nothing is 0. Errors if the tensors do not have
/// the problem's shapes or the pattern does not fit them.
llvm::Expected<HostTensor> referenceAttention(const AttentionProblem &problem,
                                              const HostTensor &query,
                                              const HostTensor &key,
                                              const HostTensor &value);

/// How far \p actual is from \p expected.
struct Deviation {
  double maxAbsoluteError = 0;
  /// ||actual - expected||_2 / ||expected||_2 (the absolute norm when
  /// expected is all zeros).
  double relativeL2Error = 0;
};
Deviation deviation(const HostTensor &actual, const HostTensor &expected);

} // namespace pilot::sim

#endif // PILOT_SIM_REFERENCE_H
