//===- Dram.h - HBM pseudo-channel timing state machine ---------*- C++ -*-===//
//
// The timing state of one HBM pseudo-channel: its banks (open row and the
// earliest cycle each command may reach them), its bank groups, the
// pseudo-channel-wide constraints and its command bus, one command per tCK.
// A command may name several banks at once: PIM commands of a bank class
// drive every bank of the class in the pseudo-channel in lockstep, and such
// a command is legal when it is legal for each of them (docs/simulator.md).
//
// Times are memory-clock cycles (tCK). The constraints are those of
// REFERENCES.md's HBM3 sets, applied as AttAcc's HBM3-PIM model applies them
// (scale-snu/attacc_simulator, pim_ramulator_src/HBM3-PIM.cpp).
//
//===----------------------------------------------------------------------===//

#ifndef PILOT_SIM_DRAM_H
#define PILOT_SIM_DRAM_H

#include "pilot/Hardware/HardwareDescription.h"

#include <array>
#include <cstdint>
#include <optional>
#include <string_view>
#include <vector>

namespace pilot::sim {

/// What a pseudo-channel's command bus carries.
enum class ChannelCommand {
  Activate,     ///< ACT: open a row in each named bank.
  Precharge,    ///< PRE: close the open row of each named bank.
  PrechargeAll, ///< PREA: close every open row of the pseudo-channel.
  Read,         ///< RD: one column from each named bank (to its BPM).
  Write,        ///< WR: one column into each named bank (from its BPM).
  Refresh,      ///< REFab: refresh every bank; all must be closed.
  Pim,          ///< A PIM compute command: occupies the bus only.
};

/// "ACT", "PRE", "PREA", "RD", "WR", "REF", "PIM".
std::string_view channelCommandName(ChannelCommand command);

/// Banks of one pseudo-channel, numbered bank group * banks per group + bank,
/// and the bank groups they lie in.
struct BankSet {
  std::vector<int> banks;
  std::vector<int> groups;
  /// Per entry of `groups`: whether every bank of that group is named (a
  /// column command then drives the whole group, and a power constraint's
  /// nCCDAB spaces it).
  std::vector<bool> wholeGroups;

  BankSet() = default;
  BankSet(std::vector<int> banks, int64_t banksPerGroup);
};

/// The constraint state of one pseudo-channel.
class PseudoChannel {
public:
  explicit PseudoChannel(const hw::HardwareDescription &hw);

  /// The earliest cycle at or after \p notBefore at which \p command may
  /// issue to every bank of \p banks. Row commands need the state they
  /// change: ACT closed banks, RD/WR/PRE open ones, REF all closed.
  int64_t earliest(ChannelCommand command, const BankSet &banks,
                   int64_t notBefore) const;
  /// Issues \p command at \p cycle (at least earliest()); \p row is the row
  /// an ACT opens.
  void issue(ChannelCommand command, const BankSet &banks, int64_t cycle,
             int64_t row = 0);

  /// The open row of \p bank, if any.
  std::optional<int64_t> openRow(int bank) const {
    return bankStates[bank].openRow;
  }
  /// Whether any bank has an open row.
  bool anyRowOpen() const;
  /// The cycle of the last command on the bus (-1 before the first).
  int64_t lastCommandCycle() const { return busFree - 1; }

  /// Appends the state as seen from \p reference: every constraint as its
  /// distance past \p reference (0 when it no longer binds) and which banks
  /// are open. Equal signatures at two references mean equal futures, up to
  /// which rows are open.
  void appendSignature(std::vector<int64_t> &signature,
                       int64_t reference) const;
  /// Moves every time by \p cycles (fast mode's replay).
  void shiftTime(int64_t cycles);
  /// Moves the open rows of \p banks by \p rows (fast mode's replay).
  void shiftOpenRows(const BankSet &banks, int64_t rows);

private:
  /// Column to column within a bank group, after a command that drives
  /// every bank of the group (\p wholeGroup) or not.
  int64_t columnGap(bool wholeGroup) const;

  struct BankState {
    int64_t nextActivate = 0, nextPrecharge = 0, nextRead = 0, nextWrite = 0;
    std::optional<int64_t> openRow;
  };
  struct GroupState {
    int64_t nextActivate = 0, nextRead = 0, nextWrite = 0;
  };

  hw::DramTiming timing;
  std::vector<BankState> bankStates;
  std::vector<GroupState> groupStates;
  /// Pseudo-channel-wide: ACT (tRRD_S), RD / WR (tCCD_S, tWTR_S, tRTW),
  /// PREA (tRAS, tRTP_S, tWR from any bank), REF (tRP, tRC).
  int64_t nextActivate = 0, nextRead = 0, nextWrite = 0;
  int64_t nextPrechargeAll = 0, nextRefresh = 0;
  /// The last four ACT cycles, oldest first (tFAW); unset entries are far
  /// in the past.
  std::array<int64_t, 4> recentActivates;
  /// The first cycle the command bus is free.
  int64_t busFree = 0;
};

} // namespace pilot::sim

#endif // PILOT_SIM_DRAM_H
