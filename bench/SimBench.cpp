//===- SimBench.cpp - simulator throughput --------------------------------===//
//
// How fast pilot-sim steps commands: a window-attention-shaped program (per
// tile: Q, K band and V band loads, two score MACs, exp, row sums,
// normalisation, two P.V MACs, the output) on every bank of the system, one
// pseudo-channel situation. Exact mode reports stepped bus commands per
// second; fast mode the same program's wall time with steady iterations
// replayed. Run: build/bin/pilot-sim-bench
//
//===----------------------------------------------------------------------===//

#include "ProgramBuilder.h"

#include "pilot/Sim/Timing.h"

#include <benchmark/benchmark.h>

using namespace pilot;
using namespace pilot::sim;
using namespace pilot::sim::testing;

namespace {

Program windowTiles(int64_t tiles) {
  ProgramBuilder builder(*hw::lookupPreset("pilot-hbm3"));
  builder.bankClass("rows", 0, 4096);
  int t = builder.beginLoop(0, tiles);
  builder.load(at(20000, t, 1), at(0), 0, 64)
      .load(at(0, t, 1), at(0), 64, 288)
      .mac(0, 64, 1024, 1, 8, 16, /*transposeRhs=*/true)
      .mac(32, 96, 1040, 1, 8, 16, /*transposeRhs=*/true)
      .exp(1024, 1024, 16)
      .acc(1024, 1056, 2, 8)
      .sfm(1024, 1056, 1024, 2, 8)
      .load(at(10000, t, 1), at(0), 352, 288)
      .mac(1024, 352, 1088, 1, 16, 8)
      .mac(1040, 384, 1120, 1, 16, 8)
      .out(at(30000, t, 1), at(0), 1088, 64);
  builder.endLoop();
  return builder.take();
}

void run(benchmark::State &state, Mode mode) {
  Program program = windowTiles(state.range(0));
  int64_t stepped = 0;
  TimingResult result;
  for (auto _ : state) {
    result = simulateTiming(program, {mode, nullptr});
    stepped += result.steppedCommands;
    benchmark::DoNotOptimize(result.finishPs);
  }
  state.counters["commands_per_second"] =
      benchmark::Counter(double(stepped), benchmark::Counter::kIsRate);
  state.counters["simulated_us"] = double(result.finishPs) / 1e6;
  state.counters["bus_commands"] = double(result.total.busCommands) / 256;
}

void exactMode(benchmark::State &state) { run(state, Mode::Exact); }
void fastMode(benchmark::State &state) { run(state, Mode::Fast); }

} // namespace

BENCHMARK(exactMode)->Arg(256)->Arg(4096)->Unit(benchmark::kMillisecond);
BENCHMARK(fastMode)->Arg(256)->Arg(4096)->Unit(benchmark::kMillisecond);

BENCHMARK_MAIN();
