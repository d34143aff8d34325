//===- TimingTest.cpp - the timing model against hand-derived figures -----===//
//
// Bandwidth sanity (REFERENCES.md's derived check: 32 B per nCCD_L =
// 10.4 GB/s per bank with pilot-hbm3), row-switch periods, dependencies,
// sharing of the command bus, SPMD scaling, refresh, and agreement of fast
// mode with exact mode on every program here.
//
//===----------------------------------------------------------------------===//

#include "ProgramBuilder.h"

#include "pilot/Sim/Timing.h"

#include <gtest/gtest.h>

using namespace pilot;
using namespace pilot::sim;
using namespace pilot::sim::testing;

namespace {

hw::HardwareDescription pilotHbm3() { return *hw::lookupPreset("pilot-hbm3"); }

/// Runs \p program in exact and fast mode and checks that they agree:
/// every counter exactly, the time within 1% (the replay is exact, so it
/// is equal in fact). Returns the exact result.
TimingResult runBothModes(const Program &program) {
  EXPECT_FALSE(bool(checkProgram(program)));
  TimingResult exact = simulateTiming(program, {Mode::Exact, nullptr});
  TimingResult fast = simulateTiming(program, {Mode::Fast, nullptr});
  EXPECT_EQ(exact.total, fast.total);
  EXPECT_NEAR(double(fast.finishPs), double(exact.finishPs),
              0.01 * double(exact.finishPs));
  EXPECT_EQ(fast.finishPs, exact.finishPs);
  for (size_t c = 0; c < exact.classes.size(); ++c) {
    EXPECT_EQ(exact.classes[c].counters, fast.classes[c].counters);
    EXPECT_EQ(exact.classes[c].finishPs, fast.classes[c].finishPs);
  }
  EXPECT_EQ(exact.replayedIterations, 0);
  return exact;
}

/// \p reads 1 KB reads of one open row, alternating buffer halves, by the
/// 16 banks of pseudo-channel 0.
Program rowHitStream(int64_t reads, int64_t banks = 16) {
  ProgramBuilder builder(pilotHbm3());
  builder.bankClass("stream", 0, banks);
  builder.beginLoop(0, reads / 2);
  builder.load(at(0), at(0), 0, 1024).load(at(0), at(0), 1024, 1024);
  builder.endLoop();
  return builder.take();
}

// A bank delivers one 32 B column per nCCD_L = 4 tCK of 0.769 ns:
// 10.40 GB/s. Streaming 1 KB reads of an open row reaches it within 2%
// (32 reads: 4096 tCK of columns, inside one refresh interval).
TEST(Bandwidth, RowHitStreamReachesColumnRate) {
  TimingResult result = runBothModes(rowHitStream(32));
  const ClassTiming &stream = result.classes.front();
  double bytesPerBank =
      double(stream.counters.internalReadBytes) / double(stream.banks);
  double gbPerSecond = bytesPerBank / (double(result.finishPs) / 1000.0);
  double expected = 32.0 / (4 * 0.769);
  EXPECT_NEAR(gbPerSecond, expected, 0.02 * expected);
  EXPECT_EQ(stream.counters.reads, 32 * 32 * 16);
  EXPECT_EQ(stream.counters.activates, 16);
  EXPECT_EQ(stream.counters.refreshes, 0);
  EXPECT_EQ(stream.counters.rowHits, 31 * 16);
}

// A new row per 1 KB read: ACT, tRCD, 32 columns 4 tCK apart, tRTP_L to
// PRE, tRP to the next ACT: 19 + 31 * 4 + 8 + 19 = 170 tCK per row. The
// last of 28 rows (inside one refresh interval) starts at 27 * 170; its
// last column issues 19 + 124 later and lands nCL + nBL = 21 after that.
TEST(Bandwidth, RowMissStreamPaysTheRowCycle) {
  ProgramBuilder builder(pilotHbm3());
  builder.bankClass("stream", 0, 16);
  int i = builder.beginLoop(0, 14);
  builder.load(at(0, i, 2), at(0), 0, 1024)
      .load(at(1, i, 2), at(0), 1024, 1024);
  builder.endLoop();
  TimingResult result = runBothModes(builder.take());
  EXPECT_EQ(result.finishPs, (27 * 170 + 19 + 124 + 21) * 769);
  EXPECT_EQ(result.total.activates, 28 * 16);
  EXPECT_EQ(result.total.precharges, 27 * 16);
  EXPECT_EQ(result.total.rowMisses, 28 * 16);
}

// A MAC reads buffer [0, 512); a load into [512, 1024) may overlap it, a
// load into [0, 512) must wait for it (WAR).
TEST(Dependencies, LoadsOverlapComputeOnlyWhenIndependent) {
  auto program = [](int64_t secondBuffer) {
    ProgramBuilder builder(pilotHbm3());
    builder.bankClass("c", 0, 1);
    builder.load(at(0), at(0), 0, 512)
        .mac(0, 256, 1024, 1, 128, 1) // lhs [0, 2), rhs [256, 512)
        .load(at(0), at(16), secondBuffer, 512);
    return builder.take();
  };
  TimingResult independent = runBothModes(program(512));
  TimingResult dependent = runBothModes(program(0));
  // MAC [1, 128, 1]: 128 / 16 + 6 = 14 BPM cycles = 21.02 ns.
  int64_t macPs = cyclesToPs(14, 666);
  EXPECT_EQ(macPs, 21021);
  EXPECT_GT(dependent.finishPs, independent.finishPs);
  // The dependent load starts after the MAC; the independent one on the
  // next bus cycle after the MAC's.
  EXPECT_GE(dependent.finishPs - independent.finishPs, macPs - 2 * 769);
}

// Two classes interleaved in one pseudo-channel (even and odd banks) share
// every bank group, so their columns contend for nCCD_L: each streams at
// half the rate it has alone. Split by bank group they do not contend.
// (16 reads each: both runs end before the first refresh.)
TEST(SharedBus, ClassesInOnePseudoChannelContend) {
  auto twoClasses = [](int64_t firstB, int64_t stride, int64_t count) {
    ProgramBuilder builder(pilotHbm3());
    for (auto [name, first] :
         {std::pair{"a", int64_t(0)}, std::pair{"b", firstB}}) {
      builder.bankClass(name, first, count, stride);
      builder.beginLoop(0, 8);
      builder.load(at(0), at(0), 0, 1024).load(at(0), at(0), 1024, 1024);
      builder.endLoop();
    }
    return builder.take();
  };
  TimingResult alone = runBothModes(rowHitStream(16));
  TimingResult interleaved = runBothModes(twoClasses(1, 2, 8));
  TimingResult byGroup = runBothModes(twoClasses(8, 1, 8));
  EXPECT_EQ(interleaved.situations, 1);
  double ratio = double(interleaved.finishPs) / double(alone.finishPs);
  EXPECT_NEAR(ratio, 2.0, 0.02);
  double groupRatio = double(byGroup.finishPs) / double(alone.finishPs);
  EXPECT_NEAR(groupRatio, 1.0, 0.02);
}

// The same program on 16 banks and on all 4096: one situation each, the
// same time, 256 times the counts.
TEST(Spmd, ClassesScaleByCount) {
  TimingResult one = runBothModes(rowHitStream(64, 16));
  TimingResult all = runBothModes(rowHitStream(64, 4096));
  EXPECT_EQ(one.situations, 1);
  EXPECT_EQ(all.situations, 1);
  EXPECT_EQ(one.finishPs, all.finishPs);
  EXPECT_EQ(all.total, one.total.scaled(256));
}

// Long enough for refreshes: every tREFI = 5071 tCK the pseudo-channel is
// precharged and refreshed, and the stream reopens its row.
TEST(Refresh, AllBankRefreshEveryREFI) {
  TimingResult result = runBothModes(rowHitStream(2048));
  int64_t cycles = result.finishPs / 769;
  int64_t refreshes = result.total.refreshes / 16;
  // None skipped: those postponed past the end are issued after it.
  EXPECT_EQ(refreshes, cycles / 5071);
  EXPECT_GT(refreshes, 3);
  // One open row throughout: a refresh waits for its deadline, 8 tREFI
  // late (JESD238), and the ones due follow it while the row is closed, so
  // the row reopens once per 9 tREFI.
  int64_t reopened = result.total.activates / 16 - 1;
  EXPECT_NEAR(double(reopened), double(cycles) / (9 * 5071), 1.0);
  // Slower than the column rate by about tRFC + tRP + tRCD per tREFI.
  double efficiency = 2048.0 * 32 * 4 / double(cycles);
  EXPECT_NEAR(efficiency, 1.0 - (456.0 + 19 + 19) / 5071, 0.01);
}

// A due refresh waits for the next row boundary, where no row is open:
// nothing reopens, and each refresh costs its tRFC (456) and the REF's bus
// slot beside the row-miss stream's 170 tCK per row.
TEST(Refresh, DueRefreshWaitsForRowBoundary) {
  ProgramBuilder builder(pilotHbm3());
  builder.bankClass("stream", 0, 16);
  int i = builder.beginLoop(0, 40);
  builder.load(at(0, i, 2), at(0), 0, 1024)
      .load(at(1, i, 2), at(0), 1024, 1024);
  builder.endLoop();
  TimingResult result = runBothModes(builder.take());
  int64_t rows = 80, refreshes = result.total.refreshes / 16;
  EXPECT_EQ(refreshes, 2);
  EXPECT_EQ(result.total.activates, rows * 16);
  EXPECT_EQ(result.total.precharges, (rows - 1) * 16);
  int64_t withoutRefresh = (rows - 1) * 170 + 19 + 124 + 21;
  int64_t cycles = result.finishPs / 769;
  EXPECT_GE(cycles, withoutRefresh + refreshes * 456);
  EXPECT_LE(cycles, withoutRefresh + refreshes * (456 + 2));
}

// Between loads, 16K exponentials (1,024 BPM cycles, about 2,000 tCK) keep
// the bus idle long enough to hide a whole refresh: the controller pulls
// refreshes into those gaps (up to 8 ahead) and the program takes no longer
// than with (almost) no refresh due.
TEST(Refresh, IdleGapsHideRefreshes) {
  auto program = [](int64_t refreshInterval) {
    hw::HardwareDescription hw = pilotHbm3();
    hw.bpm.bufferBytes = 1 << 16;
    hw.timing.nREFI = refreshInterval;
    ProgramBuilder builder(hw);
    builder.bankClass("c", 0, 16);
    int i = builder.beginLoop(0, 30);
    builder.load(at(0, i, 1), at(0), 0, 1024).exp(0, 0, 16384);
    builder.endLoop();
    return builder.take();
  };
  TimingResult refreshed = runBothModes(program(5071));
  TimingResult unrefreshed = runBothModes(program(1 << 24));
  int64_t cycles = refreshed.finishPs / 769;
  EXPECT_GT(cycles / 5071, 5);
  EXPECT_GE(refreshed.total.refreshes / 16, cycles / 5071);
  EXPECT_LE(refreshed.total.refreshes / 16, cycles / 5071 + 8);
  // An interval longer than the run: only the 8 that may be pulled in.
  EXPECT_EQ(unrefreshed.total.refreshes, 8 * 16);
  EXPECT_LE(refreshed.finishPs, unrefreshed.finishPs);
}

// Nested loops, stores, outputs, compute and a row that the first load of
// iteration 5 finds open (row i meets row 5): fast mode must notice the
// change of pattern and still agree.
TEST(FastMode, AgreesAcrossRowPatternChanges) {
  ProgramBuilder builder(pilotHbm3());
  builder.bankClass("c", 0, 64);
  int i = builder.beginLoop(0, 40);
  builder.load(at(0, i, 1), at(0), 0, 256);
  int j = builder.beginLoop(0, 6);
  builder.load(at(100, j, 1), at(0), 256, 64)
      .mac(0, 256, 512, 1, 4, 16, /*transposeRhs=*/true)
      .exp(512, 512, 4)
      .acc(512, 520, 1, 4, /*accumulate=*/true);
  builder.endLoop();
  builder.store(at(200, i, 1), at(0), 512, 8).out(at(300), at(0), 520, 2);
  builder.load(at(5), at(1), 600, 128); // iteration 4's last, 5's first
  builder.endLoop();
  Program program = builder.take();
  TimingResult exact = runBothModes(program);
  TimingResult fast = simulateTiming(program, {Mode::Fast, nullptr});
  EXPECT_GT(fast.replayedIterations, 0);
  EXPECT_LT(fast.steppedCommands, exact.steppedCommands);
}

// A loop reading rows 0-39 in turn, K placed in two slots of two rows
// (10-11 and 13-14) and V at 30-31: 6 of the 40 reads, 256 B each, are of
// K and V. Fast mode replays the stretches between and agrees.
TEST(FastMode, CountsKeyValueReadsAcrossTheirRows) {
  ProgramBuilder builder(pilotHbm3());
  builder.bankClass("c", 0, 16);
  TensorPlacement keys = ProgramBuilder::placement("K", 10, 2, 128, 0, {16}, {0});
  keys.slots = 2;
  keys.rowStride = 3;
  builder.cfg(keys).cfg("V", 30, 2, 128, 0, {16}, {0});
  int i = builder.beginLoop(0, 40);
  builder.load(at(0, i, 1), at(0), 0, 256).mac(0, 0, 512, 1, 1, 128);
  builder.endLoop();
  Program program = builder.take();
  TimingResult exact = runBothModes(program);
  EXPECT_EQ(exact.total.internalReadBytes, 40 * 256 * 16);
  // Rows 10, 11 (slot 0), 13, 14 (slot 1), 30, 31: 6 rows.
  EXPECT_EQ(exact.total.keyValueReadBytes, 6 * 256 * 16);
  TimingResult fast = simulateTiming(program, {Mode::Fast, nullptr});
  EXPECT_GT(fast.replayedIterations, 0);
}

TEST(FastMode, AgreesOnLongLoopsWithRefresh) {
  ProgramBuilder builder(pilotHbm3());
  builder.bankClass("c", 0, 16);
  int i = builder.beginLoop(0, 3000);
  builder.load(at(0, i, 1), at(0), 0, 64).mac(0, 32, 128, 1, 16, 1);
  builder.endLoop();
  Program program = builder.take();
  TimingResult exact = runBothModes(program);
  TimingResult fast = simulateTiming(program, {Mode::Fast, nullptr});
  EXPECT_GT(exact.total.refreshes, 0);
  EXPECT_GT(fast.replayedIterations, 2000);
}

// PLT_MASK of 7 x 8 over 16 lanes: ceil(56 / 16) = 4 BPM cycles, 6006 ps
// from cycle 0. PLT_SUB of the masked block over 5 lanes waits for it (RAW)
// and starts at the next tCK edge, cycle 8 (6152 ps): ceil(56 / 5) = 12
// cycles, 18018 ps, to 24170 ps.
TEST(Compute, MaskAndSubCosts) {
  ProgramBuilder builder(pilotHbm3());
  MaskCommand mask;
  mask.diag = at(0);
  mask.key = at(0);
  mask.rows = 7;
  mask.cols = 8;
  mask.bandHi = 512;
  mask.keysHi = 4096;
  mask.lanes = 16;
  builder.bankClass("c", 0, 16).mask(mask).sub(0, 200, 0, 7, 8, /*lanes=*/5);
  TimingResult result = runBothModes(builder.take());
  EXPECT_EQ(cyclesToPs(4, 666), 6006);
  EXPECT_EQ(cyclesToPs(12, 666), 18018);
  EXPECT_EQ(result.finishPs, 8 * 769 + 18018);
  const Counters &counters = result.total;
  EXPECT_EQ(counters.maskCommands, 16);
  EXPECT_EQ(counters.maskElements, 56 * 16);
  EXPECT_EQ(counters.bpmMaskCycles, 4 * 16);
  EXPECT_EQ(counters.subCommands, 16);
  EXPECT_EQ(counters.subElements, 56 * 16);
  EXPECT_EQ(counters.bpmSubCycles, 12 * 16);
  EXPECT_EQ(counters.busCommands, 2);
}

// A row maximum costs what a row sum costs, in the BPM and the BGPM.
TEST(Compute, RowMaximumCostsTheSameAsTheSum) {
  auto run = [](bool max) {
    ProgramBuilder builder(pilotHbm3());
    builder.bankClass("c", 0, 8).acc(0, 64, 4, 8, true, true, max);
    return runBothModes(builder.take());
  };
  TimingResult sum = run(false), max = run(true);
  EXPECT_EQ(sum.finishPs, max.finishPs);
  EXPECT_EQ(sum.total, max.total);
  EXPECT_EQ(max.total.accAdds, 8 * 4 * 8); // 7 comparisons + the old value
}

// An online-softmax step in a loop, its mask's diag moving with the loop:
// fast mode replays it and agrees with exact mode.
TEST(FastMode, AgreesWithMaskAndSub) {
  ProgramBuilder builder(pilotHbm3());
  builder.bankClass("c", 0, 32);
  int i = builder.beginLoop(0, 60);
  MaskCommand mask;
  mask.diag = at(-3, i, 7);
  mask.key = at(0, i, 7);
  mask.buf = 512;
  mask.rows = 4;
  mask.cols = 7;
  mask.bandHi = 16;
  mask.keysHi = 400;
  mask.scale = 0.125;
  mask.lanes = 16;
  builder.load(at(0, i, 1), at(0), 0, 256)
      .mac(0, 8, 512, 4, 7, 4, /*transposeRhs=*/true)
      .mask(mask)
      .acc(512, 600, 4, 7, false, false, /*max=*/true)
      .sub(512, 600, 512, 4, 7)
      .exp(512, 512, 28)
      .acc(512, 608, 4, 7, /*accumulate=*/true);
  builder.endLoop();
  Program program = builder.take();
  TimingResult exact = runBothModes(program);
  TimingResult fast = simulateTiming(program, {Mode::Fast, nullptr});
  EXPECT_GT(fast.replayedIterations, 40);
  EXPECT_EQ(exact.total.maskCommands, 60 * 32);
}

TEST(Determinism, SameProgramSameResult) {
  Program program = rowHitStream(300, 48);
  TimingResult first = simulateTiming(program);
  TimingResult second = simulateTiming(program);
  EXPECT_EQ(first.total, second.total);
  EXPECT_EQ(first.finishPs, second.finishPs);
}

// Acc over a bank group: 4 banks per group send a row of partials each to
// the BGPM; one bank alone bypasses it.
TEST(BankGroupModule, ReducesOnlyGroupsOfSeveralBanks) {
  ProgramBuilder builder(pilotHbm3());
  builder.bankClass("groups", 0, 8).acc(0, 64, 4, 8, false, true);
  builder.bankClass("single", 16, 4, 4).acc(0, 64, 4, 8, false, true);
  TimingResult result = runBothModes(builder.take());
  const Counters &groups = result.classes[0].counters;
  EXPECT_EQ(groups.bgpmBytes, 8 * 4 * 2 * 2); // 8 banks x 4 rows x in + out
  EXPECT_EQ(groups.bgpmAdds, 2 * 3 * 4);      // 2 groups x 3 adds x 4 rows
  EXPECT_EQ(groups.bgpmCycles, 2 * (4 + 3 * 1));
  const Counters &single = result.classes[1].counters;
  EXPECT_EQ(single.bgpmBytes, 0);
  EXPECT_EQ(single.bgpmCycles, 0);
  EXPECT_GT(result.classes[0].finishPs, result.classes[1].finishPs);
}

} // namespace
