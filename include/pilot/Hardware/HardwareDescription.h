//===- HardwareDescription.h - PIM hardware parameters ----------*- C++ -*-===//
//
// The organisation, processing-module and DRAM-timing parameters of a
// PILOT-style HBM-PIM system, its named presets, and their validation. Plain
// C++ (LLVM's ADT aside): the compiler (through the pim dialect's #pim.hw
// attribute) and the simulator share this one description.
//
//===----------------------------------------------------------------------===//

#ifndef PILOT_HARDWARE_HARDWAREDESCRIPTION_H
#define PILOT_HARDWARE_HARDWAREDESCRIPTION_H

#include "llvm/ADT/ArrayRef.h"

#include <algorithm>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace pilot::hw {

/// How the banks of the system are organised (PILOT Table I).
struct Organization {
  int64_t stacks = 0;      ///< HBM stacks.
  int64_t dies = 0;        ///< DRAM dies per stack.
  int64_t pchs = 0;        ///< Pseudo-channels per die.
  int64_t bankGroups = 0;  ///< Bank groups per pseudo-channel.
  int64_t banks = 0;       ///< Banks per bank group.
  int64_t rows = 0;        ///< Rows per bank.
  int64_t rowBytes = 0;    ///< Bytes per row of one bank.
  int64_t columnBytes = 0; ///< Bytes per column access (one burst).
};

/// The bank-level processing module (BPM), one per bank.
struct BankModule {
  int64_t clockMHz = 0;       ///< BPM clock.
  int64_t lanes = 0;          ///< FP16 multipliers feeding the adder tree.
  int64_t bufferBytes = 0;    ///< SRAM buffer; operands come only from it.
  int64_t accumulateBits = 0; ///< Width of the adder tree's accumulation.
  int64_t macLatency = 0;     ///< Pipeline fill of a PLT_MAC, cycles.
  int64_t expCycles = 0;      ///< PLT_EXP cycles per `lanes` elements.
  int64_t accLatency = 0;     ///< Adder-tree drain of a PLT_ACC, cycles.
  int64_t recipCycles = 0;    ///< PLT_SFM cycles per row reciprocal.
};

/// The bank-group processing module (BGPM), one per bank group.
struct BankGroupModule {
  int64_t clockMHz = 0; ///< BGPM clock.
  int64_t adders = 0;   ///< FP16 adders of its accumulator.
  int64_t latency = 0;  ///< Partials in and the total back, cycles.
};

/// DRAM timing in memory-clock cycles (tCK), except tCK itself.
struct DramTiming {
  int64_t tCKps = 0; ///< Memory command clock period, picoseconds.
  int64_t nBL = 0, nCL = 0, nCWL = 0;
  int64_t nRCDRD = 0, nRCDWR = 0, nRP = 0, nRAS = 0, nRC = 0;
  int64_t nWR = 0, nRTPS = 0, nRTPL = 0;
  int64_t nCCDS = 0, nCCDL = 0, nRRDS = 0, nRRDL = 0, nFAW = 0;
  /// Column to column of commands that drive every bank of a bank group at
  /// once, under a power constraint (AttAcc's nCCDAB); 0, or nCCDL, leaves
  /// them at nCCDL.
  int64_t nCCDAB = 0;
  int64_t nWTRS = 0, nWTRL = 0, nRTW = 0;
  int64_t nREFI = 0, nRFC = 0, nRFCSB = 0;

  /// The spacing of column commands that drive every bank of a bank group
  /// at once: nCCDL, or the power constraint's nCCDAB where it is longer.
  int64_t allBankColumnGap() const { return std::max(nCCDL, nCCDAB); }
};

/// Energy per event, femtojoules (integers, like every field).
struct EnergyCosts {
  int64_t activateFJPerBit = 0; ///< ACT + PRE, per bit of the opened row.
  int64_t columnFJPerBit = 0;   ///< Cell read or write, per column bit.
  int64_t externalFJPerBit = 0; ///< A byte read by the host, per bit.
  int64_t bgpmFJPerBit = 0;     ///< Bank <-> bank-group module, per bit.
  int64_t bpmFJPerCycle = 0;    ///< A busy BPM cycle.
  int64_t bgpmFJPerCycle = 0;   ///< A busy BGPM cycle.
};

/// The host GPU beside the stacks, which merges the partial results of an
/// instance whose keys are cut over several bank groups (docs/compiler.md,
/// Keys over several bank groups): a roofline over its memory.
struct HostModel {
  int64_t bandwidthGBps = 0; ///< Memory bandwidth, GB/s.
  int64_t efficiencyPct = 0; ///< Share of it a streaming kernel attains.

  /// Bytes per ns a streaming host kernel moves.
  double bytesPerNs() const {
    return double(bandwidthGBps) * double(efficiencyPct) / 100.0;
  }
};

/// Bytes of one FP16 element, the processing modules' one number format.
constexpr int64_t kFP16Bytes = 2;

/// The bytes of FP16 elements (the processing modules' one number format)
/// counted by the product of \p dims, or nothing when that overflows int64:
/// no buffer or bank holds it then, and no count of it would be right.
std::optional<int64_t> fp16Bytes(llvm::ArrayRef<int64_t> dims);

/// A complete hardware description.
struct HardwareDescription {
  Organization org;
  BankModule bpm;
  BankGroupModule bgpm;
  DramTiming timing;
  EnergyCosts energy;
  HostModel host;

  int64_t banksPerBankGroup() const { return org.banks; }
  int64_t banksPerPch() const { return org.bankGroups * org.banks; }
  int64_t totalBankGroups() const {
    return org.stacks * org.dies * org.pchs * org.bankGroups;
  }
  int64_t totalBanks() const { return totalBankGroups() * org.banks; }
  int64_t bankBytes() const { return org.rows * org.rowBytes; }
  int64_t columnsPerRow() const { return org.rowBytes / org.columnBytes; }
  /// The buffer's capacity in FP16 elements (the paper's M).
  int64_t bufferElements() const { return bpm.bufferBytes / 2; }

  bool operator==(const HardwareDescription &other) const;
  bool operator!=(const HardwareDescription &other) const {
    return !(*this == other);
  }
};

/// Every parameter is a named integer field: its key (as written in the IR
/// and in hardware files), allowed range, unit and meaning. Parsing, printing
/// and validation all walk this one table, so they cannot drift apart.
struct FieldInfo {
  std::string_view key;
  int64_t min;
  int64_t max;
  std::string_view unit;
  std::string_view meaning;
};

/// The keys of every field, in printing order.
const std::vector<std::string_view> &fieldKeys();
/// Reads or writes the field named `key`; nullptr if there is no such key.
const int64_t *lookupField(const HardwareDescription &hw, std::string_view key);
int64_t *lookupField(HardwareDescription &hw, std::string_view key);
/// The allowed range [min, max] of a field, its unit and meaning.
std::optional<FieldInfo> fieldInfo(std::string_view key);

/// Every rule the description breaks, each a sentence naming the key and its
/// allowed range. Empty means valid.
std::vector<std::string> validate(const HardwareDescription &hw);

/// BPM cycles of a compute command (docs/simulator.md's table): what
/// pilot-sim charges, and what the compiler weighs one command sequence
/// against another by. PLT_MASK and PLT_SUB pass `lanes` elements a cycle.
int64_t macCommandCycles(const HardwareDescription &hw, int64_t m, int64_t n,
                         int64_t k, int64_t lanes);
int64_t expCommandCycles(const HardwareDescription &hw, int64_t elements,
                         int64_t lanes);
int64_t accCommandCycles(const HardwareDescription &hw, int64_t rows,
                         int64_t cols);
int64_t sfmCommandCycles(const HardwareDescription &hw, int64_t rows,
                         int64_t cols, int64_t lanes);
int64_t elementwiseCommandCycles(int64_t elements, int64_t lanes);

/// The named presets (see docs/hardware.md for the sources of each number).
std::vector<std::string_view> presetNames();
std::optional<HardwareDescription> lookupPreset(std::string_view name);

} // namespace pilot::hw

#endif // PILOT_HARDWARE_HARDWAREDESCRIPTION_H
