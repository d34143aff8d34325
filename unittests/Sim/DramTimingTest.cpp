//===- DramTimingTest.cpp - each DRAM constraint, command by command ------===//
//
// In the manner of Ramulator 2's device-timing tests: issue a command, ask
// for the earliest legal cycle of the next, and compare with the number
// worked out by hand from the preset (docs/hardware.md). pilot-hbm3:
// nRCDRD = nRCDWR = 19, nRP 19, nRAS 45, nRC 63, nWR 21, nRTPS 6, nRTPL 8,
// nCCDS 2, nCCDL 4, nRRDS 2, nRRDL 4, nFAW 39, nWTRS 8, nWTRL 11, nRTW 3,
// nCL 19, nCWL 6, nBL 2, nRFC 456. Banks are numbered bank group * 4 + bank.
//
//===----------------------------------------------------------------------===//

#include "pilot/Sim/Dram.h"

#include <gtest/gtest.h>

using namespace pilot;
using namespace pilot::sim;

namespace {

using Cmd = ChannelCommand;

class DramTiming : public ::testing::Test {
protected:
  explicit DramTiming(const char *preset = "pilot-hbm3")
      : hw(*hw::lookupPreset(preset)), channel(hw) {}

  BankSet banks(std::vector<int> list) {
    return BankSet(std::move(list), hw.org.banks);
  }
  /// Issues \p command to \p bank at exactly \p cycle, which must be legal.
  void issue(Cmd command, int bank, int64_t cycle, int64_t row = 0) {
    BankSet set = banks({bank});
    ASSERT_LE(channel.earliest(command, set, cycle), cycle)
        << channelCommandName(command) << " to bank " << bank << " at " << cycle
        << " is not legal";
    channel.issue(command, set, cycle, row);
  }
  int64_t earliest(Cmd command, int bank, int64_t notBefore = 0) {
    return channel.earliest(command, banks({bank}), notBefore);
  }

  hw::HardwareDescription hw;
  PseudoChannel channel;
};

TEST_F(DramTiming, ActivateToReadAndWriteIsRCD) {
  issue(Cmd::Activate, 0, 0);
  EXPECT_EQ(earliest(Cmd::Read, 0), 19);  // nRCDRD
  EXPECT_EQ(earliest(Cmd::Write, 0), 19); // nRCDWR
}

TEST_F(DramTiming, ActivateToPrechargeIsRAS) {
  issue(Cmd::Activate, 0, 0);
  EXPECT_EQ(earliest(Cmd::Precharge, 0), 45);
}

// PRE at tRAS = 45, then ACT after tRP: 45 + 19 = 64, past tRC = 63.
TEST_F(DramTiming, PrechargeToActivateIsRP) {
  issue(Cmd::Activate, 0, 0);
  issue(Cmd::Precharge, 0, 45);
  EXPECT_EQ(earliest(Cmd::Activate, 0), 64);
}

// With tRC = 80 the same-bank ACT waits for it rather than for tRP.
TEST_F(DramTiming, ActivateToActivateSameBankIsRC) {
  hw.timing.nRC = 80;
  channel = PseudoChannel(hw);
  issue(Cmd::Activate, 0, 0);
  issue(Cmd::Precharge, 0, 45);
  EXPECT_EQ(earliest(Cmd::Activate, 0), 80);
}

TEST_F(DramTiming, ColumnToColumnIsCCDShortAcrossBankGroups) {
  issue(Cmd::Activate, 0, 0);
  issue(Cmd::Activate, 4, 10); // bank group 1
  issue(Cmd::Read, 0, 40);
  EXPECT_EQ(earliest(Cmd::Read, 4), 42); // nCCDS
}

TEST_F(DramTiming, ColumnToColumnIsCCDLongWithinABankGroup) {
  issue(Cmd::Activate, 0, 0);
  issue(Cmd::Activate, 1, 10); // bank group 0 too
  issue(Cmd::Read, 0, 40);
  EXPECT_EQ(earliest(Cmd::Read, 1), 44); // nCCDL
  EXPECT_EQ(earliest(Cmd::Read, 0), 44);
  issue(Cmd::Write, 1, 44);
  EXPECT_EQ(earliest(Cmd::Write, 0), 48); // nCCDL between writes
}

TEST_F(DramTiming, ActivateToActivateIsRRD) {
  issue(Cmd::Activate, 0, 0);
  EXPECT_EQ(earliest(Cmd::Activate, 4), 2); // nRRDS, other bank group
  EXPECT_EQ(earliest(Cmd::Activate, 1), 4); // nRRDL, same bank group
}

// Four ACTs at 0, 2, 4, 6 in four bank groups; the fifth waits for the
// window that opened at 0: 0 + nFAW = 39 (tRRD alone would allow 8).
TEST_F(DramTiming, FifthActivateWaitsForFAW) {
  issue(Cmd::Activate, 0, 0);
  issue(Cmd::Activate, 4, 2);
  issue(Cmd::Activate, 8, 4);
  issue(Cmd::Activate, 12, 6);
  EXPECT_EQ(earliest(Cmd::Activate, 1), 39);
  issue(Cmd::Activate, 1, 39);
  // The window now starts at the ACT of cycle 2.
  EXPECT_EQ(earliest(Cmd::Activate, 5), 41);
}

// WR at 19: write data ends at 19 + nCWL + nBL = 27; PRE after tWR: 48.
TEST_F(DramTiming, WriteToPrechargeIsWR) {
  issue(Cmd::Activate, 0, 0);
  issue(Cmd::Write, 0, 19);
  EXPECT_EQ(earliest(Cmd::Precharge, 0), 48);
  EXPECT_EQ(earliest(Cmd::PrechargeAll, 0), 48);
}

// RD at 50: PRE of the bank after nRTPL = 8; PREA after nRTPS = 6.
TEST_F(DramTiming, ReadToPrechargeIsRTP) {
  issue(Cmd::Activate, 0, 0);
  issue(Cmd::Read, 0, 50);
  EXPECT_EQ(earliest(Cmd::Precharge, 0), 58);
  EXPECT_EQ(earliest(Cmd::PrechargeAll, 0), 56);
}

// WR at 40: data ends at 48; RD after nWTRS = 8 in another bank group,
// nWTRL = 11 in the same one.
TEST_F(DramTiming, WriteToReadIsWTR) {
  issue(Cmd::Activate, 0, 0);
  issue(Cmd::Activate, 1, 4);
  issue(Cmd::Activate, 4, 8);
  issue(Cmd::Write, 0, 40);
  EXPECT_EQ(earliest(Cmd::Read, 4), 56);
  EXPECT_EQ(earliest(Cmd::Read, 1), 59);
  EXPECT_EQ(earliest(Cmd::Read, 0), 59);
}

// RD at 40: a WR in another bank group after nRTW = 3; in the same bank
// group nCCDL = 4 still applies.
TEST_F(DramTiming, ReadToWriteIsRTW) {
  issue(Cmd::Activate, 0, 0);
  issue(Cmd::Activate, 4, 4);
  issue(Cmd::Read, 0, 40);
  EXPECT_EQ(earliest(Cmd::Write, 4), 43);
  EXPECT_EQ(earliest(Cmd::Write, 0), 44);
}

// ACT at 0, PREA at tRAS = 45, REF after tRP: 64; the next ACT after tRFC:
// 64 + 456 = 520.
TEST_F(DramTiming, RefreshWaitsForPrechargeAndBlocksForRFC) {
  issue(Cmd::Activate, 0, 0);
  EXPECT_EQ(channel.earliest(Cmd::PrechargeAll, {}, 0), 45);
  channel.issue(Cmd::PrechargeAll, {}, 45);
  EXPECT_FALSE(channel.anyRowOpen());
  EXPECT_EQ(channel.earliest(Cmd::Refresh, {}, 0), 64);
  channel.issue(Cmd::Refresh, {}, 64);
  EXPECT_EQ(earliest(Cmd::Activate, 0), 520);
  EXPECT_EQ(earliest(Cmd::Activate, 9), 520);
}

// REF also waits tRC after the last ACT when the row closed early.
TEST_F(DramTiming, RefreshAfterActivateIsRC) {
  hw.timing.nRAS = 20;
  channel = PseudoChannel(hw);
  issue(Cmd::Activate, 0, 0);
  channel.issue(Cmd::PrechargeAll, {}, 20);
  EXPECT_EQ(channel.earliest(Cmd::Refresh, {}, 0), 63); // max(20 + 19, 63)
}

TEST_F(DramTiming, BusCarriesOneCommandPerCycle) {
  issue(Cmd::Activate, 0, 7);
  EXPECT_EQ(channel.earliest(Cmd::Pim, {}, 0), 8);
  EXPECT_EQ(channel.earliest(Cmd::Pim, {}, 5), 8);
  EXPECT_EQ(channel.lastCommandCycle(), 7);
}

// A command to several banks (a bank class in lockstep) opens all of them
// and is one command on the bus; it waits for its slowest bank.
TEST_F(DramTiming, MultiBankCommandWaitsForEveryBank) {
  BankSet all = banks({0, 1, 2, 3, 4, 5, 6, 7});
  channel.issue(Cmd::Activate, all, 0, 3);
  for (int bank : all.banks)
    EXPECT_EQ(channel.openRow(bank), 3);
  EXPECT_EQ(channel.earliest(Cmd::Read, all, 0), 19);
  channel.issue(Cmd::Read, all, 19);
  EXPECT_EQ(channel.earliest(Cmd::Read, all, 0), 23); // nCCDL
  issue(Cmd::Activate, 8, 20);
  // Bank 8 opened at 20, so a command naming it too waits for its tRCD.
  EXPECT_EQ(channel.earliest(Cmd::Read, banks({0, 8}), 0), 39);
}

class JedecDramTiming : public DramTiming {
protected:
  JedecDramTiming() : DramTiming("pilot-hbm3-jedec") {}
};

// Ramulator 2's HBM3: tRCDRD = 31 and tRCDWR = 15 differ.
TEST_F(JedecDramTiming, ReadAndWriteRCDDiffer) {
  issue(Cmd::Activate, 0, 0);
  EXPECT_EQ(earliest(Cmd::Read, 0), 31);
  EXPECT_EQ(earliest(Cmd::Write, 0), 15);
  EXPECT_EQ(earliest(Cmd::Activate, 4), 4); // nRRDS = 4
}

class PowerConstrainedDramTiming : public DramTiming {
protected:
  PowerConstrainedDramTiming() : DramTiming("pilot-hbm3-pc") {}
};

// pilot-hbm3-pc: nCCDAB = 6. A column command naming every bank of a group
// holds that group's next column command 6 tCK back; one naming part of a
// group holds it nCCDL = 4 back, and other groups nCCDS = 2 back.
TEST_F(PowerConstrainedDramTiming, WholeGroupColumnCommandsAreCCDABApart) {
  BankSet all = banks({0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15});
  channel.issue(Cmd::Activate, all, 0, 0);
  channel.issue(Cmd::Read, all, 19);
  EXPECT_EQ(channel.earliest(Cmd::Read, all, 0), 25);  // 19 + nCCDAB
  EXPECT_EQ(channel.earliest(Cmd::Write, all, 0), 25); // also to writes
  channel.issue(Cmd::Write, all, 25);
  EXPECT_EQ(channel.earliest(Cmd::Write, all, 0), 31);

  // Group 0 whole, group 1 only bank 4: group 1 is free after nCCDL.
  BankSet partial = banks({0, 1, 2, 3, 4});
  // After the WR at 25: its data ends at 25 + nCWL 6 + nBL 2, + nWTRL 11.
  EXPECT_EQ(channel.earliest(Cmd::Read, partial, 0), 44);
  channel.issue(Cmd::Read, partial, 60);
  EXPECT_EQ(channel.earliest(Cmd::Read, banks({0}), 0), 66); // nCCDAB
  EXPECT_EQ(channel.earliest(Cmd::Read, banks({5}), 0), 64); // nCCDL
  EXPECT_EQ(channel.earliest(Cmd::Read, banks({8}), 0), 62); // nCCDS
}

// With nCCDAB equal to nCCDL (AttAcc's "no power constraint" set) or 0 the
// spacing is pilot-hbm3's.
TEST_F(DramTiming, WholeGroupColumnCommandsAtCCDLWithoutPowerConstraint) {
  for (int64_t spacing : {0, 4}) {
    hw.timing.nCCDAB = spacing;
    channel = PseudoChannel(hw);
    BankSet group = banks({0, 1, 2, 3});
    channel.issue(Cmd::Activate, group, 0, 0);
    channel.issue(Cmd::Read, group, 19);
    EXPECT_EQ(channel.earliest(Cmd::Read, group, 0), 23) << spacing;
  }
}

} // namespace
