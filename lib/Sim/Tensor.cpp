//===- Tensor.cpp - host tensors and the .npy format ----------------------===//
//
// The .npy layout (numpy.lib.format): the magic "\x93NUMPY", a major and a
// minor version byte, the header length (2 bytes little-endian in version
// 1, 4 bytes in versions 2 and 3), then a Python dict literal with 'descr',
// 'fortran_order' and 'shape', padded with spaces and ended by '\n' so that
// the data starts on a 64-byte boundary; then the raw data.
//
//===----------------------------------------------------------------------===//

#include "pilot/Sim/Tensor.h"
#include "pilot/Sim/FP16.h"

#include "llvm/ADT/STLExtras.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/MathExtras.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/raw_ostream.h"

#include <cstring>
#include <optional>

using namespace pilot;
using namespace pilot::sim;

int64_t HostTensor::elementCount() const {
  // An empty extent first: the others' product may not fit.
  if (llvm::is_contained(shape, 0))
    return 0;
  int64_t count = 1;
  for (int64_t extent : shape)
    count *= extent;
  return count;
}

std::string HostTensor::shapeString() const {
  std::string text = "[";
  for (size_t i = 0; i < shape.size(); ++i)
    text += (i ? ", " : "") + std::to_string(shape[i]);
  return text + "]";
}

namespace {

constexpr char kMagic[] = "\x93NUMPY";
constexpr size_t kMagicBytes = 6;

llvm::Error npyError(const std::string &source, const llvm::Twine &message) {
  return llvm::createStringError(source + ": " + message);
}

/// The value of \p key in the header dict, up to the next top-level ',' or
/// '}' (the tuple of 'shape' keeps its commas).
std::optional<std::string> headerValue(llvm::StringRef header,
                                       llvm::StringRef key) {
  for (char quote : {'\'', '"'}) {
    std::string quoted = (llvm::Twine(quote) + key + llvm::Twine(quote)).str();
    size_t at = header.find(quoted);
    if (at == llvm::StringRef::npos)
      continue;
    llvm::StringRef rest = header.drop_front(at + quoted.size()).ltrim();
    if (!rest.consume_front(":"))
      return std::nullopt;
    rest = rest.ltrim();
    int depth = 0;
    size_t end = 0;
    for (; end < rest.size(); ++end) {
      char c = rest[end];
      if (c == '(')
        ++depth;
      else if (c == ')')
        --depth;
      else if ((c == ',' || c == '}') && depth == 0)
        break;
    }
    return rest.take_front(end).trim().str();
  }
  return std::nullopt;
}

} // namespace

llvm::Expected<HostTensor> sim::decodeNpy(const std::string &bytes,
                                          const std::string &source) {
  if (bytes.size() < kMagicBytes + 4 ||
      std::memcmp(bytes.data(), kMagic, kMagicBytes) != 0)
    return npyError(source, "not a .npy file (no \\x93NUMPY magic)");
  auto byteAt = [&](size_t i) { return uint32_t(uint8_t(bytes[i])); };
  uint32_t major = byteAt(kMagicBytes);
  size_t headerStart, headerLength;
  if (major == 1) {
    headerLength = byteAt(8) | byteAt(9) << 8;
    headerStart = 10;
  } else if (major == 2 || major == 3) {
    if (bytes.size() < 12)
      return npyError(source, "truncated .npy header");
    headerLength =
        byteAt(8) | byteAt(9) << 8 | byteAt(10) << 16 | byteAt(11) << 24;
    headerStart = 12;
  } else {
    return npyError(source,
                    "unsupported .npy format version " + std::to_string(major));
  }
  if (bytes.size() < headerStart + headerLength)
    return npyError(source, "truncated .npy header");
  llvm::StringRef header(bytes.data() + headerStart, headerLength);

  std::optional<std::string> descr = headerValue(header, "descr");
  std::optional<std::string> fortran = headerValue(header, "fortran_order");
  std::optional<std::string> shapeText = headerValue(header, "shape");
  if (!descr || !fortran || !shapeText)
    return npyError(source, "malformed .npy header '" + header.trim() + "'");
  llvm::StringRef dtype = llvm::StringRef(*descr).trim("'\"");
  size_t itemBytes;
  if (dtype == "<f2")
    itemBytes = 2;
  else if (dtype == "<f4")
    itemBytes = 4;
  else if (dtype == "<f8")
    itemBytes = 8;
  else
    return npyError(source, "dtype '" + dtype +
                                "' is not supported; pilot-sim reads "
                                "little-endian float16, float32 or float64 "
                                "('<f2', '<f4', '<f8')");
  if (*fortran != "False")
    return npyError(source, "Fortran-order arrays are not supported; save a "
                            "C-order array");

  HostTensor tensor;
  llvm::StringRef dims = llvm::StringRef(*shapeText).trim();
  if (!dims.consume_front("(") || !dims.consume_back(")"))
    return npyError(source, "malformed shape '" + *shapeText + "'");
  llvm::SmallVector<llvm::StringRef> parts;
  dims.split(parts, ',');
  for (size_t i = 0; i < parts.size(); ++i) {
    llvm::StringRef part = parts[i].trim();
    // Only a 1-tuple's trailing comma, or the empty tuple, leaves a blank.
    if (part.empty() && i + 1 == parts.size() && (i == 1 || parts.size() == 1))
      continue;
    int64_t extent;
    if (part.getAsInteger(10, extent) || extent < 0)
      return npyError(source, "malformed shape '" + *shapeText + "'");
    tensor.shape.push_back(extent);
  }

  // The shape's product, saturating, so that no shape overflows it.
  size_t dataStart = headerStart + headerLength;
  size_t available = (bytes.size() - dataStart) / itemBytes;
  bool overflowed = false;
  uint64_t count = 1;
  for (int64_t extent : tensor.shape) {
    bool step = false;
    count = llvm::SaturatingMultiply(count, uint64_t(extent), &step);
    overflowed |= step;
  }
  if (count > available)
    return npyError(source, "holds " + std::to_string(available) +
                                " elements but its shape " +
                                tensor.shapeString() + " needs " +
                                (overflowed ? std::string("more than 2^64")
                                            : std::to_string(count)));
  tensor.values.resize(count);
  const char *data = bytes.data() + dataStart;
  for (uint64_t i = 0; i < count; ++i) {
    const char *item = data + i * itemBytes;
    uint64_t raw = 0;
    for (size_t b = 0; b < itemBytes; ++b)
      raw |= uint64_t(uint8_t(item[b])) << (8 * b);
    if (itemBytes == 2) {
      tensor.values[i] = fp16::toDouble(fp16::Half(raw));
    } else if (itemBytes == 4) {
      auto bits = uint32_t(raw);
      float value;
      std::memcpy(&value, &bits, sizeof value);
      tensor.values[i] = value;
    } else {
      double value;
      std::memcpy(&value, &raw, sizeof value);
      tensor.values[i] = value;
    }
  }
  return tensor;
}

llvm::Expected<HostTensor> sim::readNpy(const std::string &path) {
  llvm::ErrorOr<std::unique_ptr<llvm::MemoryBuffer>> file =
      llvm::MemoryBuffer::getFile(path, /*IsText=*/false,
                                  /*RequiresNullTerminator=*/false);
  if (!file)
    return npyError(path, "cannot read: " + file.getError().message());
  return decodeNpy((*file)->getBuffer().str(), path);
}

std::string sim::encodeNpyFloat16(const HostTensor &tensor) {
  std::string shape = "(";
  for (size_t i = 0; i < tensor.shape.size(); ++i)
    shape += std::to_string(tensor.shape[i]) + ", ";
  if (tensor.shape.size() > 1)
    shape.resize(shape.size() - 2);
  else if (tensor.shape.size() == 1)
    shape.pop_back(); // "(5,)"
  shape += ")";
  std::string header =
      "{'descr': '<f2', 'fortran_order': False, 'shape': " + shape + ", }";
  size_t unpadded = kMagicBytes + 4 + header.size() + 1;
  header.append((64 - unpadded % 64) % 64, ' ');
  header += '\n';

  std::string bytes(kMagic, kMagicBytes);
  bytes += char(1);
  bytes += char(0);
  bytes += char(header.size() & 0xFF);
  bytes += char(header.size() >> 8);
  bytes += header;
  for (double value : tensor.values) {
    fp16::Half half = fp16::fromDouble(value);
    bytes += char(half & 0xFF);
    bytes += char(half >> 8);
  }
  return bytes;
}

llvm::Error sim::writeNpy(const std::string &path, const HostTensor &tensor) {
  std::error_code error;
  llvm::raw_fd_ostream out(path, error, llvm::sys::fs::OF_None);
  if (error)
    return npyError(path, "cannot write: " + error.message());
  out << encodeNpyFloat16(tensor);
  out.close();
  if (out.has_error())
    return npyError(path, "cannot write: " + out.error().message());
  return llvm::Error::success();
}
