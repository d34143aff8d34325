//===- TensorTest.cpp - the .npy reader and writer ------------------------===//
//
// Headers as NumPy 1.24's np.save writes them (format 1.0, 64-byte aligned),
// and the errors for what pilot-sim does not read.
//
//===----------------------------------------------------------------------===//

#include "pilot/Sim/Tensor.h"

#include <gtest/gtest.h>

#include <cmath>
#include <cstring>

using namespace pilot::sim;

namespace {

/// A .npy file with \p header (unpadded dict) and raw \p data.
std::string npyFile(const std::string &dict, const std::string &data,
                    char major = 1) {
  std::string header = dict;
  size_t prefix = major == 1 ? 10 : 12;
  header.append((64 - (prefix + header.size() + 1) % 64) % 64, ' ');
  header += '\n';
  std::string bytes = "\x93NUMPY";
  bytes += major;
  bytes += char(0);
  bytes += char(header.size() & 0xFF);
  bytes += char(header.size() >> 8);
  if (major != 1)
    bytes += std::string(2, '\0');
  return bytes + header + data;
}

template <typename T> std::string raw(std::initializer_list<T> values) {
  std::string bytes;
  for (T value : values)
    bytes.append(reinterpret_cast<const char *>(&value), sizeof value);
  return bytes;
}

std::string errorOf(llvm::Expected<HostTensor> result) {
  EXPECT_FALSE(bool(result));
  return result ? "" : llvm::toString(result.takeError());
}

TEST(Npy, ReadsEachFloatWidth) {
  // float16 0, 1, 2 and -0.5 as np.save writes them.
  std::string halfData = raw<uint16_t>({0x0000, 0x3C00, 0x4000, 0xB800});
  llvm::Expected<HostTensor> half = decodeNpy(
      npyFile("{'descr': '<f2', 'fortran_order': False, 'shape': (2, 2), }",
              halfData),
      "half.npy");
  ASSERT_TRUE(bool(half)) << llvm::toString(half.takeError());
  EXPECT_EQ(half->shape, (std::vector<int64_t>{2, 2}));
  EXPECT_EQ(half->values, (std::vector<double>{0, 1, 2, -0.5}));

  llvm::Expected<HostTensor> single = decodeNpy(
      npyFile("{'descr': '<f4', 'fortran_order': False, 'shape': (3,), }",
              raw<float>({1.25f, -3.0f, 0.1f})),
      "single.npy");
  ASSERT_TRUE(bool(single));
  EXPECT_EQ(single->shape, (std::vector<int64_t>{3}));
  EXPECT_EQ(single->values[2], double(0.1f));

  llvm::Expected<HostTensor> dbl = decodeNpy(
      npyFile("{'descr': '<f8', 'fortran_order': False, 'shape': (), }",
              raw<double>({0.1}), /*major=*/2),
      "double.npy");
  ASSERT_TRUE(bool(dbl));
  EXPECT_TRUE(dbl->shape.empty());
  EXPECT_EQ(dbl->values, (std::vector<double>{0.1}));
}

TEST(Npy, WritesWhatItReads) {
  HostTensor tensor{{2, 3}, {0, 1, -2, 0.5, 65504, 1e-7}};
  std::string bytes = encodeNpyFloat16(tensor);
  // The data starts on a 64-byte boundary, after "\n".
  EXPECT_EQ((bytes.size() - 6 * 2) % 64, 0u);
  EXPECT_EQ(bytes[bytes.size() - 12 - 1], '\n');
  EXPECT_NE(bytes.find("'descr': '<f2'"), std::string::npos);
  EXPECT_NE(bytes.find("'shape': (2, 3)"), std::string::npos);
  llvm::Expected<HostTensor> back = decodeNpy(bytes, "round-trip");
  ASSERT_TRUE(bool(back));
  EXPECT_EQ(back->shape, tensor.shape);
  EXPECT_EQ(back->values[4], 65504);
  // 1e-7 is 1.68 units of the smallest subnormal 2^-24: 2 units.
  EXPECT_EQ(back->values[5], std::ldexp(2.0, -24));
  EXPECT_NE(encodeNpyFloat16({{5}, {1, 2, 3, 4, 5}}).find("(5,)"),
            std::string::npos);
}

TEST(Npy, RejectsWhatItCannotRead) {
  EXPECT_NE(errorOf(decodeNpy("PK\x03\x04 not numpy at all", "x.npz"))
                .find("x.npz: not a .npy file"),
            std::string::npos);
  EXPECT_NE(
      errorOf(decodeNpy(npyFile("{'descr': '>f4', 'fortran_order': False, "
                                "'shape': (1,), }",
                                raw<float>({1.0f})),
                        "big.npy"))
          .find("big.npy: dtype '>f4' is not supported"),
      std::string::npos);
  EXPECT_NE(errorOf(decodeNpy(npyFile("{'descr': '<i4', 'fortran_order': "
                                      "False, 'shape': (1,), }",
                                      raw<int32_t>({1})),
                              "int.npy"))
                .find("dtype '<i4' is not supported"),
            std::string::npos);
  EXPECT_NE(errorOf(decodeNpy(npyFile("{'descr': '<f4', 'fortran_order': "
                                      "True, 'shape': (1,), }",
                                      raw<float>({1.0f})),
                              "f.npy"))
                .find("Fortran-order"),
            std::string::npos);
  EXPECT_NE(errorOf(decodeNpy(npyFile("{'descr': '<f4', 'fortran_order': "
                                      "False, 'shape': (4,), }",
                                      raw<float>({1.0f, 2.0f})),
                              "short.npy"))
                .find("holds 2 elements but its shape [4] needs 4"),
            std::string::npos);
  EXPECT_NE(errorOf(readNpy("/nonexistent/file.npy")).find("cannot read"),
            std::string::npos);
}

// Fuzzing findings: a shape whose product overflows int64 was multiplied
// unchecked (undefined behaviour), and blanks inside the shape tuple were
// skipped rather than refused.
TEST(Npy, ShapesAreCheckedBeforeTheirProductIsTaken) {
  auto decodeShape = [](const std::string &shape) {
    return decodeNpy(npyFile("{'descr': '<f2', 'fortran_order': False, "
                             "'shape': " +
                                 shape + ", }",
                             raw<uint16_t>({0, 0})),
                     "s.npy");
  };
  EXPECT_NE(errorOf(decodeShape("(9797872, 64224, 6424, 50, 64224)"))
                .find("holds 2 elements but its shape [9797872, 64224, 6424, "
                      "50, 64224] needs more than 2^64"),
            std::string::npos);
  EXPECT_NE(errorOf(decodeShape("(,2)")).find("malformed shape '(,2)'"),
            std::string::npos);
  EXPECT_NE(errorOf(decodeShape("(1,,2)")).find("malformed shape '(1,,2)'"),
            std::string::npos);
  EXPECT_NE(errorOf(decodeShape("(2,,)")).find("malformed shape '(2,,)'"),
            std::string::npos);
  llvm::Expected<HostTensor> oneTuple = decodeShape("(2,)");
  ASSERT_TRUE(static_cast<bool>(oneTuple));
  EXPECT_EQ(oneTuple->shape, std::vector<int64_t>({2}));
  llvm::Expected<HostTensor> empty = decodeShape("(0, 4611686018427387904)");
  ASSERT_TRUE(static_cast<bool>(empty));
  EXPECT_EQ(empty->elementCount(), 0);
}

} // namespace
