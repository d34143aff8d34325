//===- Timing.h - the timing model of a PIM program -------------*- C++ -*-===//
//
// Runs a program's bank classes against the DRAM state machine of their
// pseudo-channels and the BPM / BGPM pipelines, and counts what crosses each
// boundary. Timing depends only on the program, never on data, so this is
// the whole of timing-only mode and the timing half of functional mode.
//
// How commands issue (docs/simulator.md gives the reasons):
// - A bank class's commands drive all of its banks in a pseudo-channel at
//   once, in lockstep, as AttAcc's all-bank PIM commands do: one command on
//   the pseudo-channel's bus, legal when it is legal for every bank it names.
// - Pseudo-channels whose banks belong to the same classes in the same
//   positions behave identically; each distinct "situation" is simulated
//   once and counted as many times as it occurs.
// - Within a class, commands start in program order. A PLT_MOV / PLT_OUT is
//   PRE (if another row is open) + ACT (if its row is closed) + one column
//   command per column; it occupies the bank's column path until its last
//   column issues. A compute command takes one bus slot and starts when the
//   BPM (and, for bank-group sums, the BGPM) is free. Any command waits for
//   the earlier commands whose buffer ranges it reads or writes overlap
//   (RAW, WAR, WAW), so data movement and compute overlap exactly where the
//   program's dependencies allow.
// - All-bank refresh every tREFI on average, each moved within the 8 tREFI
//   JESD238 allows either way: PREA, then REF, then tRFC.
//
//===----------------------------------------------------------------------===//

#ifndef PILOT_SIM_TIMING_H
#define PILOT_SIM_TIMING_H

#include "pilot/Sim/Counters.h"
#include "pilot/Sim/Program.h"

#include "llvm/Support/raw_ostream.h"

#include <string>
#include <vector>

namespace pilot::sim {

/// How loops are executed.
enum class Mode {
  Exact, ///< Every command is stepped.
  Fast,  ///< Steady-state loop iterations are replayed arithmetically.
};

struct TimingOptions {
  Mode mode = Mode::Exact;
  /// When set, one line per command issued (docs/simulator.md: format).
  llvm::raw_ostream *trace = nullptr;
};

/// One bank class's share of the run.
struct ClassTiming {
  std::string name;
  int64_t banks = 0;
  /// When its last bank finished its last command, picoseconds.
  int64_t finishPs = 0;
  Counters counters;
};

struct TimingResult {
  /// When the last class finished, picoseconds from the first command.
  int64_t finishPs = 0;
  Counters total;
  std::vector<ClassTiming> classes;

  /// The streaming bound (docs/simulator.md): the busiest bank's DRAM
  /// columns streamed as whole rows back to back, picoseconds, and that
  /// bank's bytes (whole columns). 0 when no bank moves a byte.
  double boundPs = 0;
  int64_t boundBytes = 0;

  /// The host's merges (pim.merge) after the banks: the bytes they read
  /// and write in the host's memory, and their time on its roofline
  /// (docs/simulator.md); included in finishPs.
  int64_t mergeBytes = 0;
  int64_t mergePs = 0;

  /// Distinct pseudo-channel situations simulated.
  int64_t situations = 0;
  /// Bus commands the simulator stepped one by one.
  int64_t steppedCommands = 0;
  /// Loop iterations fast mode replayed instead of stepping.
  int64_t replayedIterations = 0;
};

/// The bytes the host's merge \p merge of \p program reads (each group's
/// partial output, maximum and sum of every merged row) and writes (the
/// merged rows).
int64_t mergeBytes(const Program &program, const Merge &merge);

/// Times \p program (which checkProgram accepts).
TimingResult simulateTiming(const Program &program,
                            const TimingOptions &options = {});

/// Converts \p cycles of a \p clockMHz clock to picoseconds, rounded to the
/// nearest picosecond.
int64_t cyclesToPs(int64_t cycles, int64_t clockMHz);

} // namespace pilot::sim

#endif // PILOT_SIM_TIMING_H
