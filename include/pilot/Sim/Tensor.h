//===- Tensor.h - host tensors and the .npy format --------------*- C++ -*-===//
//
// Dense, row-major host arrays as the host hands them to the banks and reads
// them back, and a minimal reader and writer of NumPy's .npy format (format
// versions 1.0-3.0, little-endian float16 / float32 / float64, C order).
//
//===----------------------------------------------------------------------===//

#ifndef PILOT_SIM_TENSOR_H
#define PILOT_SIM_TENSOR_H

#include "llvm/Support/Error.h"

#include <cstdint>
#include <string>
#include <vector>

namespace pilot::sim {

/// A dense row-major array; values as doubles whatever the file held.
struct HostTensor {
  std::vector<int64_t> shape;
  std::vector<double> values;

  /// The product of the shape (1 for a scalar).
  int64_t elementCount() const;
  /// "[1, 2, 16, 16]".
  std::string shapeString() const;
};

/// Reads a .npy file. Errors name the file and what is wrong: not .npy, a
/// dtype other than little-endian float16/32/64, Fortran order, truncated
/// data.
llvm::Expected<HostTensor> readNpy(const std::string &path);
/// Decodes the bytes of a .npy file; \p source names it in errors.
llvm::Expected<HostTensor> decodeNpy(const std::string &bytes,
                                     const std::string &source);

/// The bytes of a .npy file holding \p tensor as little-endian float16, each
/// value rounded to nearest even.
std::string encodeNpyFloat16(const HostTensor &tensor);
/// Writes encodeNpyFloat16(\p tensor) to \p path.
llvm::Error writeNpy(const std::string &path, const HostTensor &tensor);

} // namespace pilot::sim

#endif // PILOT_SIM_TENSOR_H
