//===- BinaryEncoding.cpp - pilot's sealed binary programs ----------------===//
//
// The seal sits in the producer string of the bytecode header (magic "ML\xefR",
// a version varint, the producer, NUL-terminated: MLIR's docs/BytecodeFormat),
// so writing it needs no change to the format: the program is encoded with a
// placeholder checksum of the same length, which is then filled in.
//
//===----------------------------------------------------------------------===//

#include "pilot/Target/BinaryEncoding.h"

#include "mlir/Bytecode/BytecodeReader.h"
#include "mlir/Bytecode/BytecodeWriter.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/CRC.h"
#include "llvm/Support/Format.h"
#include "llvm/Support/raw_ostream.h"

using namespace pilot;

namespace {

/// The seal names the binary format: its version changes whenever an op's
/// encoding does (format 2: pim.cfg's digit_table), so that an older file
/// is refused with the reason rather than misread.
constexpr llvm::StringLiteral kSealPrefix = "pilot/2 crc32=";
/// Format 1's seal, before the version was written.
constexpr llvm::StringLiteral kFormat1SealPrefix = "pilot crc32=";
constexpr size_t kSealDigits = 8;

/// The CRC-32 of \p bytes as 8 lowercase hex digits.
std::string checksumOf(llvm::StringRef bytes) {
  std::string text;
  llvm::raw_string_ostream(text) << llvm::format_hex_no_prefix(
      llvm::crc32(llvm::arrayRefFromStringRef(bytes)), kSealDigits);
  return text;
}

/// Where the producer string of a bytecode buffer starts and ends (its NUL),
/// or std::nullopt when the header is cut short.
std::optional<std::pair<size_t, size_t>> producerSpan(llvm::StringRef bytes) {
  size_t at = 4; // "ML\xefR"
  if (at >= bytes.size())
    return std::nullopt;
  // A prefix varint: the first byte's trailing zeros count the bytes that
  // follow it (eight when the byte is zero).
  auto first = static_cast<uint8_t>(bytes[at]);
  size_t extra = first == 0 ? 8 : llvm::countr_zero(first);
  at += 1 + extra;
  size_t end = bytes.find('\0', at);
  if (at > bytes.size() || end == llvm::StringRef::npos)
    return std::nullopt;
  return std::make_pair(at, end);
}

} // namespace

mlir::FailureOr<std::string> target::encodeSealed(mlir::Operation *op) {
  std::string placeholder = (kSealPrefix + std::string(kSealDigits, '0')).str();
  std::string bytes;
  llvm::raw_string_ostream os(bytes);
  if (mlir::failed(mlir::writeBytecodeToFile(
          op, os, mlir::BytecodeWriterConfig(placeholder))))
    return mlir::failure();
  std::optional<std::pair<size_t, size_t>> producer = producerSpan(bytes);
  if (!producer)
    return mlir::failure();
  auto [begin, end] = *producer;
  bytes.replace(end - kSealDigits, kSealDigits,
                checksumOf(llvm::StringRef(bytes).drop_front(end + 1)));
  return bytes;
}

llvm::Error target::checkSeal(llvm::MemoryBufferRef buffer, Seal seal) {
  if (!mlir::isBytecode(buffer))
    return llvm::Error::success();
  llvm::StringRef bytes = buffer.getBuffer();
  std::string name = buffer.getBufferIdentifier().str();
  std::optional<std::pair<size_t, size_t>> producer = producerSpan(bytes);
  if (!producer)
    return llvm::createStringError(
        name + ": damaged binary program: its header is cut short");
  auto [begin, end] = *producer;
  llvm::StringRef producerText = bytes.slice(begin, end);
  llvm::StringRef stored = producerText;
  bool sealed = stored.consume_front(kSealPrefix) &&
                stored.size() == kSealDigits &&
                llvm::all_of(stored, llvm::isHexDigit);
  if (!sealed && producerText.starts_with(kFormat1SealPrefix))
    return llvm::createStringError(
        name + ": a binary program in pilot's format 1, which this pilot "
               "no longer reads (pim.cfg has gained digit_table since): "
               "decode it with the pilot that wrote it (pilot-translate "
               "--binary-to-pim) and encode the text again");
  if (!sealed) {
    if (seal == Seal::IfClaimed && !producerText.starts_with("pilot"))
      return llvm::Error::success();
    return llvm::createStringError(
        name + ": not a sealed pilot binary program (its producer is '" +
        producerText +
        "'): pilot reads binary programs that pilot-translate "
        "--pim-to-binary wrote, whose checksum guards MLIR's bytecode "
        "reader against damaged bytes");
  }
  std::string actual = checksumOf(bytes.drop_front(end + 1));
  if (stored != actual)
    return llvm::createStringError(
        name + ": damaged binary program: its contents give checksum " +
        actual + " but it was sealed with " + stored +
        " (truncated or corrupted)");
  return llvm::Error::success();
}
