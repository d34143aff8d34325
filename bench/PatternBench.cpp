//===- PatternBench.cpp - pattern library cost at the paper's sizes -------===//
//
// What verifying and reporting a full-size workload costs: building the
// pattern (which draws the random blocks) and counting every row's entries.
// Run: build/bin/pilot-pattern-bench
//
//===----------------------------------------------------------------------===//

#include "pilot/Pattern/SparsityPattern.h"

#include <benchmark/benchmark.h>

using namespace pilot::pattern;

namespace {

struct Workload {
  PatternSpec spec;
  PatternShape shape;
};

/// PAPER.md Table II patterns at full prefill length (see docs/patterns.md).
Workload tableII(int index) {
  PatternSpec spec;
  PatternShape shape;
  auto window = [&](int64_t left, int64_t right) {
    spec.hasWindow = true;
    spec.windowLeft = left;
    spec.windowRight = right;
  };
  switch (index) {
  case 0: // BigBird
    window(1, 1);
    spec.globalTokens = {0};
    spec.randomPerRow = 1;
    spec.seed = 1;
    spec.blockSize = 64;
    shape = {4096, 4096, 12};
    break;
  case 1: // Longformer
    window(256, 255);
    spec.globalTokens = {0};
    shape = {4096, 4096, 12};
    break;
  case 2: // LED-large
    window(512, 511);
    spec.globalTokens = {0};
    shape = {16384, 16384, 16};
    break;
  default: // Mistral-7B streaming heads
    spec.causal = true;
    window(4087, 0);
    spec.sinks = 8;
    shape = {8192, 8192, 32};
    break;
  }
  return {spec, shape};
}

void BM_TotalEntries(benchmark::State &state) {
  Workload workload = tableII(int(state.range(0)));
  for (auto _ : state) {
    SparsityPattern pattern(workload.spec, workload.shape);
    benchmark::DoNotOptimize(pattern.totalEntries());
  }
  state.counters["rows/s"] =
      benchmark::Counter(double(workload.shape.numQueries),
                         benchmark::Counter::kIsIterationInvariantRate);
}
BENCHMARK(BM_TotalEntries)
    ->ArgName("bigbird0_longformer1_led2_mistral3")
    ->DenseRange(0, 3)
    ->Unit(benchmark::kMillisecond);

} // namespace

BENCHMARK_MAIN();
