//===- Report.h - stats file, summary and hardware files --------*- C++ -*-===//
//
// What pilot-sim tells its user: the stats JSON (every counter of
// Counters.h, times in both clocks, energy, per class, and the effective
// hardware description), the short human summary, and --hw's hardware files.
//
//===----------------------------------------------------------------------===//

#ifndef PILOT_SIM_REPORT_H
#define PILOT_SIM_REPORT_H

#include "pilot/Sim/Program.h"
#include "pilot/Sim/Reference.h"
#include "pilot/Sim/Timing.h"

#include "llvm/Support/raw_ostream.h"

#include <optional>

namespace pilot::sim {

/// A duration in both clocks.
struct ElapsedTime {
  double ns = 0;
  /// Memory command clock cycles (tCK), rounded up.
  int64_t dramCycles = 0;
  /// BPM clock cycles (bpm.clock_mhz), rounded up.
  int64_t pimCycles = 0;
};
ElapsedTime elapsedTime(int64_t ps, const hw::HardwareDescription &hw);

/// Everything a run produced, for the reports.
struct RunReport {
  const Program &program;
  const TimingResult &timing;
  Mode mode = Mode::Exact;
  bool functional = false;
  /// --check's result, and the tolerance it was held to.
  std::optional<Deviation> check;
  double checkTolerance = 0;
};

/// The stats file (docs/simulator.md lists every key). Deterministic: the
/// same program gives the same bytes.
void writeStatsJson(llvm::raw_ostream &os, const RunReport &report);
/// A few lines with a unit on every number.
void printSummary(llvm::raw_ostream &os, const RunReport &report);

} // namespace pilot::sim

#endif // PILOT_SIM_REPORT_H
