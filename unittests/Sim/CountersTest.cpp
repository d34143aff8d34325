//===- CountersTest.cpp - counter arithmetic and energy -------------------===//
//
// Energy of a handful of events, worked out from the per-event costs and
// their sources (lib/Hardware/HardwareDescription.cpp): a 1 KB row opened
// at 0.11 pJ/b is 901.12 pJ, a 32 B column at 0.44 pJ/b 112.64 pJ, a byte
// read by the host 8 x 3.48 pJ, a BPM cycle 4.10 mW / 666 MHz = 6.156 pJ.
//
//===----------------------------------------------------------------------===//

#include "pilot/Sim/Counters.h"

#include <gtest/gtest.h>

using namespace pilot;
using namespace pilot::sim;

namespace {

TEST(Counters, AddSubtractScale) {
  Counters a;
  a.activates = 3;
  a.macs = 10;
  Counters b = a.scaled(4);
  EXPECT_EQ(b.activates, 12);
  EXPECT_EQ(b.macs, 40);
  b -= a;
  EXPECT_EQ(b, a.scaled(3));
  b += a;
  EXPECT_EQ(b, a.scaled(4));
  EXPECT_NE(a, b);
}

TEST(Counters, EveryKeyIsUniqueAndSectioned) {
  const std::vector<CounterInfo> &table = counterTable();
  for (size_t i = 0; i < table.size(); ++i) {
    EXPECT_NE(table[i].key.find('.'), std::string_view::npos) << table[i].key;
    for (size_t j = i + 1; j < table.size(); ++j)
      EXPECT_NE(table[i].key, table[j].key);
  }
}

TEST(Energy, PerEventCostsFromTheirSources) {
  hw::HardwareDescription hw = *hw::lookupPreset("pilot-hbm3");
  Counters counters;
  counters.activates = 1;
  counters.reads = 2;
  counters.writes = 1;
  counters.refreshes = 1;
  counters.externalBytes = 10;
  counters.bgpmBytes = 4;
  counters.bpmMacCycles = 100;
  counters.bpmExpCycles = 10;
  counters.bgpmCycles = 10;
  counters.bpmMaskCycles = 3;
  counters.bpmSubCycles = 2;
  Energy energy = energyOf(counters, hw);
  EXPECT_DOUBLE_EQ(energy.activation, 901.12);
  EXPECT_DOUBLE_EQ(energy.column, 3 * 112.64);
  // 32768 rows over 8192 refreshes: 4 rows per bank per REF.
  EXPECT_EQ(rowsPerRefresh(hw), 4);
  EXPECT_DOUBLE_EQ(energy.refresh, 4 * 901.12);
  EXPECT_DOUBLE_EQ(energy.externalIO, 10 * 8 * 3.48);
  EXPECT_DOUBLE_EQ(energy.bgpmIO, 4 * 8 * 1.01);
  EXPECT_DOUBLE_EQ(energy.bpmMac, 100 * 6.156);
  EXPECT_DOUBLE_EQ(energy.bpmExp, 10 * 6.156);
  EXPECT_DOUBLE_EQ(energy.bgpm, 10 * 0.255);
  EXPECT_DOUBLE_EQ(energy.bpmMask, 3 * 6.156);
  EXPECT_DOUBLE_EQ(energy.bpmSub, 2 * 6.156);
  EXPECT_NEAR(energy.total(),
              901.12 + 3 * 112.64 + 4 * 901.12 + 278.4 + 32.32 + 677.16 +
                  30.78 + 2.55,
              1e-6);
}

} // namespace
