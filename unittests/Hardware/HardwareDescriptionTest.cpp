//===- HardwareDescriptionTest.cpp - presets, fields, validation ----------===//

#include "pilot/Hardware/HardwareDescription.h"

#include <gtest/gtest.h>

#include <cmath>

using namespace pilot::hw;

namespace {

HardwareDescription preset(std::string_view name) {
  std::optional<HardwareDescription> hw = lookupPreset(name);
  EXPECT_TRUE(hw.has_value()) << name;
  return *hw;
}

bool mentions(const std::vector<std::string> &errors, std::string_view text) {
  for (const std::string &error : errors)
    if (error.find(text) != std::string::npos)
      return true;
  return false;
}

TEST(HardwarePresets, EveryPresetIsValid) {
  for (std::string_view name : presetNames())
    EXPECT_TRUE(validate(preset(name)).empty()) << name;
  EXPECT_FALSE(lookupPreset("hbm9").has_value());
}

// PAPER.md Table I: 1024 banks per stack, 4 stacks; M = 1024 FP16 for 2 KB.
TEST(HardwarePresets, PilotOrganisationMatchesTableI) {
  HardwareDescription hw = preset("pilot-hbm3");
  EXPECT_EQ(hw.totalBanks() / hw.org.stacks, 1024);
  EXPECT_EQ(hw.totalBanks(), 4096);
  EXPECT_EQ(hw.totalBankGroups(), 1024);
  EXPECT_EQ(hw.bufferElements(), 1024);
  EXPECT_EQ(hw.bankBytes(), 32 * 1024 * 1024);
  EXPECT_EQ(hw.columnsPerRow(), 32);
}

// REFERENCES.md derived check: a bank returns 32 B per nCCD_L
// (4 x 0.769 ns = 3.08 ns), i.e. about 10.4 GB/s.
TEST(HardwarePresets, PerBankBandwidthMatchesDerivedCheck) {
  HardwareDescription hw = preset("pilot-hbm3");
  double nsPerColumn = hw.timing.nCCDL * hw.timing.tCKps / 1000.0;
  double gbPerSecond = hw.org.columnBytes / nsPerColumn;
  EXPECT_NEAR(nsPerColumn, 3.076, 1e-3);
  EXPECT_NEAR(gbPerSecond, 10.4, 0.05);
}

// Refresh parameters are converted from ns: intervals round down, busy
// times round up (3900 / 0.769 = 5071.5; 350 / 0.769 = 455.1;
// 200 / 0.625 = 320 exactly).
TEST(HardwarePresets, RefreshConvertedFromNanoseconds) {
  HardwareDescription attacc = preset("pilot-hbm3");
  EXPECT_EQ(attacc.timing.nREFI, 5071);
  EXPECT_EQ(attacc.timing.nRFC, 456);
  EXPECT_EQ(attacc.timing.nRFCSB, 261);
  HardwareDescription jedec = preset("pilot-hbm3-jedec");
  EXPECT_EQ(jedec.timing.nREFI, 6240);
  EXPECT_EQ(jedec.timing.nRFC, 560);
  EXPECT_EQ(jedec.timing.nRFCSB, 320);
  EXPECT_NE(attacc, jedec);
}

// HBM3E (9.6 Gb/s, tCK 417 ps) and HBM4 (8 Gb/s, tCK 500 ps) keep the
// nanoseconds of Ramulator 2's JESD238 array timings, in cycles rounded up:
// nRCDRD 31 x 0.625 = 19.375 ns -> 46.5 -> 47 and 38.75 -> 39; nCCDL
// 4 x 0.625 = 2.5 ns -> 5.996 -> 6 and exactly 5; nRC 45 ns -> 107.9 -> 108
// and 90; nFAW 15 ns -> 36 and 30. The burst and nCCDS stay 2 cycles.
TEST(HardwarePresets, NewerMemoryKeepsTheArrayNanoseconds) {
  HardwareDescription hbm3e = preset("pilot-hbm3e");
  EXPECT_EQ(hbm3e.timing.tCKps, 417);
  EXPECT_EQ(hbm3e.timing.nRCDRD, 47);
  EXPECT_EQ(hbm3e.timing.nCCDL, 6);
  EXPECT_EQ(hbm3e.timing.nRC, 108);
  EXPECT_EQ(hbm3e.timing.nFAW, 36);
  EXPECT_EQ(hbm3e.timing.nBL, 2);
  EXPECT_EQ(hbm3e.timing.nCCDS, 2);
  HardwareDescription hbm4 = preset("pilot-hbm4");
  EXPECT_EQ(hbm4.timing.tCKps, 500);
  EXPECT_EQ(hbm4.timing.nRCDRD, 39);
  EXPECT_EQ(hbm4.timing.nCCDL, 5);
  EXPECT_EQ(hbm4.timing.nRC, 90);
  EXPECT_EQ(hbm4.timing.nFAW, 30);
  // Refresh from the same nanoseconds: 3900 / 0.5 = 7800; 350 / 0.417 =
  // 839.3 -> 840.
  EXPECT_EQ(hbm4.timing.nREFI, 7800);
  EXPECT_EQ(hbm3e.timing.nRFC, 840);
}

// A bank's column cadence is the array's, so the newer interfaces give a
// bank no more bandwidth than HBM3 6400 (32 B per 2.5 ns = 12.8 GB/s), and
// HBM4's doubled channels (JESD270-4: 32 channels, HBM3 16) double the
// banks and bank groups of a stack.
TEST(HardwarePresets, NewerMemoryBankBandwidthAndBanks) {
  for (std::string_view name : {"pilot-hbm3e", "pilot-hbm4"}) {
    HardwareDescription hw = preset(name);
    double nsPerColumn = hw.timing.nCCDL * hw.timing.tCKps / 1000.0;
    EXPECT_GE(nsPerColumn, 2.5) << name;
    EXPECT_NEAR(hw.org.columnBytes / nsPerColumn, 12.8, 0.05) << name;
  }
  HardwareDescription hbm4 = preset("pilot-hbm4");
  EXPECT_EQ(hbm4.totalBanks() / hbm4.org.stacks, 2048);
  EXPECT_EQ(hbm4.totalBankGroups(), 2 * preset("pilot-hbm3").totalBankGroups());
  EXPECT_EQ(preset("pilot-hbm3e").totalBanks(), preset("pilot-hbm3").totalBanks());
}

TEST(HardwareFields, EveryKeyRoundTripsThroughLookup) {
  HardwareDescription hw = preset("pilot-hbm3");
  int64_t next = 1;
  for (std::string_view key : fieldKeys())
    *lookupField(hw, key) = next++;
  next = 1;
  for (std::string_view key : fieldKeys())
    EXPECT_EQ(*lookupField(hw, key), next++) << key;
  EXPECT_EQ(lookupField(hw, "org.nonsense"), nullptr);
  EXPECT_FALSE(fieldInfo("org.nonsense").has_value());
}

TEST(HardwareFields, KeysAreUnique) {
  const std::vector<std::string_view> &keys = fieldKeys();
  for (size_t i = 0; i < keys.size(); ++i)
    for (size_t j = i + 1; j < keys.size(); ++j)
      EXPECT_NE(keys[i], keys[j]);
}

// Every field below its minimum or above its maximum is reported by key.
TEST(HardwareValidation, EveryOutOfRangeFieldIsNamed) {
  for (std::string_view key : fieldKeys()) {
    FieldInfo info = *fieldInfo(key);
    for (int64_t bad : {info.min - 1, info.max + 1}) {
      HardwareDescription hw = preset("pilot-hbm3");
      *lookupField(hw, key) = bad;
      std::vector<std::string> errors = validate(hw);
      ASSERT_EQ(errors.size(), 1u) << key << " = " << bad;
      EXPECT_TRUE(
          mentions(errors, std::string(key) + " = " + std::to_string(bad)))
          << errors.front();
      EXPECT_TRUE(mentions(errors, "out of range")) << errors.front();
    }
  }
}

TEST(HardwareValidation, RowMustHoldWholeColumns) {
  HardwareDescription hw = preset("pilot-hbm3");
  hw.org.rowBytes = 1000;
  EXPECT_TRUE(mentions(validate(hw), "org.row_bytes = 1000 must be a "
                                     "multiple of org.column_bytes = 32"));
}

TEST(HardwareValidation, BufferHoldsWholeFP16Elements) {
  HardwareDescription hw = preset("pilot-hbm3");
  hw.bpm.bufferBytes = 2047;
  EXPECT_TRUE(mentions(validate(hw), "bpm.buffer_bytes = 2047 must be even"));
}

TEST(HardwareValidation, AccumulationIsHalfOrSingle) {
  HardwareDescription hw = preset("pilot-hbm3");
  hw.bpm.accumulateBits = 24;
  EXPECT_TRUE(mentions(validate(hw), "bpm.accumulate_bits = 24 must be 16 "
                                     "or 32"));
}

TEST(HardwareValidation, LongTimingsAreNotShorterThanShortOnes) {
  HardwareDescription hw = preset("pilot-hbm3");
  hw.timing.nCCDL = 1;
  EXPECT_TRUE(mentions(validate(hw),
                       "timing.nCCDL = 1 must be at least timing.nCCDS = 2"));
  hw = preset("pilot-hbm3");
  hw.timing.nRC = hw.timing.nRAS - 1;
  EXPECT_TRUE(mentions(validate(hw), "timing.nRC = 44 must be at least "
                                     "timing.nRAS = 45"));
}

// The power constraint's all-bank column spacing is off (0) or no shorter
// than the normal one.
TEST(HardwareValidation, AllBankColumnSpacingIsNoneOrAtLeastCCDL) {
  HardwareDescription hw = preset("pilot-hbm3");
  hw.timing.nCCDAB = 3;
  EXPECT_TRUE(mentions(validate(hw), "timing.nCCDAB = 3 must be 0 (no power "
                                     "constraint) or at least timing.nCCDL "
                                     "= 4"));
  for (int64_t fine : {0, 4, 6}) {
    hw.timing.nCCDAB = fine;
    EXPECT_TRUE(validate(hw).empty()) << fine;
  }
}

// pilot-hbm3-pc is pilot-hbm3 with AttAcc's power-constrained all-bank
// column spacing: HBM3_5.2Gbps's nCCDAB = 6 against HBM3_5.2Gbps_NPC's 4
// (scale-snu/attacc_simulator, pim_ramulator_src/HBM3-PIM.cpp).
TEST(HardwarePresets, PowerConstrainedPresetDiffersOnlyInCCDAB) {
  HardwareDescription constrained = preset("pilot-hbm3-pc");
  HardwareDescription plain = preset("pilot-hbm3");
  EXPECT_EQ(plain.timing.nCCDAB, 0);
  EXPECT_EQ(constrained.timing.nCCDAB, 6);
  constrained.timing.nCCDAB = 0;
  EXPECT_EQ(constrained, plain);
}

// A refresh interval must leave time to close the row, refresh, reopen it
// and read: for pilot-hbm3, max(nRC 63, nCWL 6 + nBL 2 + nWR 21, nRTPL 8)
// + nRP 19 + nRFC 456 + max(nRCDRD 19, nRCDWR 19) = 557 cycles. A shorter
// interval made the simulator refresh forever (a fuzzing finding).
TEST(HardwareValidation, RefreshIntervalLeavesTimeToMoveData) {
  HardwareDescription hw = preset("pilot-hbm3");
  hw.timing.nREFI = 557;
  EXPECT_TRUE(mentions(validate(hw), "timing.nREFI = 557 must exceed the 557 "
                                     "cycles a refresh keeps a row"));
  hw.timing.nREFI = 558;
  EXPECT_TRUE(validate(hw).empty());
}

} // namespace
