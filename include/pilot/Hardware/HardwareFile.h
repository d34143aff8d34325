//===- HardwareFile.h - hardware descriptions as JSON files -----*- C++ -*-===//
//
// The file format of docs/hardware.md: a JSON object of hardware keys with an
// optional "preset" to start from. pilot-sim's --hw and --print-hw and the
// compiler's `hw` options read and write it.
//
//===----------------------------------------------------------------------===//

#ifndef PILOT_HARDWARE_HARDWAREFILE_H
#define PILOT_HARDWARE_HARDWAREFILE_H

#include "pilot/Hardware/HardwareDescription.h"

#include "llvm/Support/Error.h"

#include <string>

namespace llvm {
class raw_ostream;
namespace json {
class OStream;
} // namespace json
} // namespace llvm

namespace pilot::hw {

/// A preset name, or a JSON file holding an object of hardware keys
/// (docs/hardware.md) with an optional "preset" to start from; without one
/// the file's keys override \p base. The result is validated.
llvm::Expected<HardwareDescription>
resolveHardware(const std::string &spec, const HardwareDescription &base);

/// The hardware file \p text, named \p name in messages: a JSON object of
/// hardware keys, with an optional "preset" to start from; without one its
/// keys override \p base. The result is validated.
llvm::Expected<HardwareDescription>
parseHardwareJson(llvm::StringRef text, llvm::StringRef name,
                  const HardwareDescription &base);

/// A hardware file that resolveHardware reads back to \p hardware: every
/// key, so it is a complete starting point for a description of other
/// hardware.
void writeHardwareJson(llvm::raw_ostream &os,
                       const HardwareDescription &hardware);

/// Every hardware key and its value, in the field table's order, as
/// attributes of the JSON object being written.
void writeHardwareFields(llvm::json::OStream &json,
                         const HardwareDescription &hardware);

} // namespace pilot::hw

#endif // PILOT_HARDWARE_HARDWAREFILE_H
