//===- Counters.h - what the simulator counts, and its energy ---*- C++ -*-===//
//
// Every counter pilot-sim reports, summed over the banks that did the work,
// with its key in the stats file and its definition (docs/simulator.md says
// which boundary each byte count crosses), and the energy that follows from
// the counts and the hardware description's per-event costs.
//
//===----------------------------------------------------------------------===//

#ifndef PILOT_SIM_COUNTERS_H
#define PILOT_SIM_COUNTERS_H

#include "pilot/Hardware/HardwareDescription.h"

#include <cstdint>
#include <string_view>
#include <vector>

namespace pilot::sim {

/// Event counts. Unless a counter says otherwise it is summed over banks: a
/// command that drives 16 banks adds 16.
struct Counters {
  // Bytes across each boundary.
  int64_t externalBytes = 0;     ///< Results the host reads (PLT_OUT).
  int64_t internalReadBytes = 0; ///< Bank -> BPM buffer (PLT_MOV in).
  int64_t internalWriteBytes =
      0;                 ///< BPM buffer -> bank (PLT_MOV out, PLT_OUT).
  int64_t bgpmBytes = 0; ///< BPM <-> BGPM, both directions.
  /// Of internalReadBytes, those from rows where a pim.cfg places K or V.
  int64_t keyValueReadBytes = 0;

  // DRAM commands, per bank.
  int64_t activates = 0, precharges = 0, reads = 0, writes = 0;
  int64_t refreshes = 0;
  /// Transfers that found their row open / had to open it.
  int64_t rowHits = 0, rowMisses = 0;
  /// Commands on the pseudo-channels' command buses (not per bank).
  int64_t busCommands = 0;

  // PILOT commands executed, per bank.
  int64_t cfgCommands = 0, movCommands = 0, outCommands = 0;
  int64_t macCommands = 0, expCommands = 0, accCommands = 0, sfmCommands = 0;
  int64_t maskCommands = 0, subCommands = 0;

  // Arithmetic.
  int64_t macs = 0;         ///< Multiply-accumulates of PLT_MAC.
  int64_t exps = 0;         ///< Elements exponentiated.
  int64_t accAdds = 0;      ///< Additions (or comparisons) of PLT_ACC rows.
  int64_t sfmElements = 0;  ///< Elements normalised by PLT_SFM.
  int64_t maskElements = 0; ///< Elements scaled and masked by PLT_MASK.
  int64_t subElements = 0;  ///< Elements PLT_SUB subtracted from.
  int64_t bgpmAdds = 0;     ///< Additions of the BGPM (per bank group).

  // Busy cycles of the processing modules (their own clocks).
  int64_t bpmMacCycles = 0, bpmExpCycles = 0, bpmAccCycles = 0;
  int64_t bpmSfmCycles = 0, bpmMaskCycles = 0, bpmSubCycles = 0;
  int64_t bgpmCycles = 0; ///< Per bank group, not per bank.

  /// Picoseconds a bank is busy: a command of its program occupies its
  /// column path (a transfer, from its first DRAM command until its data
  /// has arrived or left) or its processing modules (a compute command,
  /// until its result is written). Overlaps count once.
  int64_t busyPs = 0;

  Counters &operator+=(const Counters &other);
  Counters &operator-=(const Counters &other);
  /// Every counter multiplied by \p factor.
  Counters scaled(int64_t factor) const;
  bool operator==(const Counters &other) const;
  bool operator!=(const Counters &other) const { return !(*this == other); }
};

/// A counter: its stats key ("section.name"), unit and definition.
struct CounterInfo {
  std::string_view key;
  int64_t Counters::*member;
  std::string_view unit;
  std::string_view meaning;
};
/// Every counter, in report order.
const std::vector<CounterInfo> &counterTable();

/// Energy by cause, picojoules.
struct Energy {
  double activation = 0; ///< ACT + PRE of every opened row.
  double column = 0;     ///< Cell reads and writes of every column command.
  double refresh = 0;    ///< Rows refreshed.
  double externalIO = 0; ///< The host reading the results.
  double bgpmIO = 0;     ///< Partials to and from the BGPM.
  /// Busy BPM cycles, by the command that kept it busy.
  double bpmMac = 0, bpmExp = 0, bpmAcc = 0, bpmSfm = 0, bpmMask = 0,
         bpmSub = 0;
  double bgpm = 0; ///< Busy BGPM cycles.

  double total() const;
};
/// The energy of \p counters at \p hw's per-event costs.
Energy energyOf(const Counters &counters, const hw::HardwareDescription &hw);
/// Rows one bank refreshes per REF: its rows over the 8192 REF commands of a
/// retention window (JEDEC HBM3: tREFW 32 ms = 8192 x tREFI 3.9 us).
int64_t rowsPerRefresh(const hw::HardwareDescription &hw);

} // namespace pilot::sim

#endif // PILOT_SIM_COUNTERS_H
