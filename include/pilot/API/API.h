//===- API.h - pilot's compiler and simulator as library calls --*- C++ -*-===//
//
// What pilot-opt --pilot-compile and pilot-sim do, on strings in memory:
// the entry points the C API (include/pilot-c) and the Python extension
// call, and that pilot-sim itself runs. Errors, diagnostics included, come
// back as llvm::Error text.
//
//===----------------------------------------------------------------------===//

#ifndef PILOT_API_API_H
#define PILOT_API_API_H

#include "pilot/Sim/Program.h"
#include "pilot/Sim/Reference.h"
#include "pilot/Sim/Tensor.h"
#include "pilot/Sim/Timing.h"

#include "llvm/ADT/StringRef.h"
#include "llvm/Support/Error.h"
#include "llvm/Support/raw_ostream.h"

#include <map>
#include <optional>
#include <string>
#include <vector>

namespace pilot::api {

/// Runs `--pilot-compile="<options>"` (docs/compiler.md) on a sattn module's
/// text; returns the compiled module's text.
llvm::Expected<std::string> compile(llvm::StringRef moduleText,
                                    llvm::StringRef pipelineOptions = "");

/// The `--pim-summary` document (docs/summary.md) of a module's text.
llvm::Expected<std::string> summarize(llvm::StringRef moduleText);

/// The `#sattn.pattern` attribute, as the dialect prints it, of a JSON
/// object whose keys are the attribute's parameters (docs/summary.md,
/// Patterns from JSON); the pattern's rules are checked.
llvm::Expected<std::string> patternAttribute(llvm::StringRef json);

/// Where a pattern may draw random key blocks on a shape (docs/summary.md,
/// Random candidates): for `{"pattern": {...}, "queries": N, "keys": S}`,
/// per query block position the key blocks no other component attends
/// below the causal limit (`candidates`, intervals) and those the pattern
/// draws or lists (`random`), as JSON; the pattern's rules are checked.
llvm::Expected<std::string> randomCandidates(llvm::StringRef json);

/// What to simulate besides the program (pilot-sim's options).
struct SimulationRequest {
  sim::Mode mode = sim::Mode::Fast;
  /// Replaces the kernel's hardware: a preset or a JSON file ("": keep).
  std::string hardware;
  /// Tensors scattered into the banks before the run (functional mode).
  std::map<std::string, sim::HostTensor> inputs;
  /// Tensors gathered from the banks after it.
  std::vector<std::string> outputs;
  /// Compare the output with a float64 attention (needs the inputs of the
  /// kernel's pilot.attention).
  bool check = false;
  double checkTolerance = 1e-2;
  /// One line per command issued, when given.
  llvm::raw_ostream *trace = nullptr;
};

/// What a simulation gives.
struct SimulationResult {
  /// docs/simulator.md's stats file and summary.
  std::string statsJson, summary;
  std::map<std::string, sim::HostTensor> outputs;
  std::optional<sim::Deviation> check;
  /// Gathered outputs held by no bank, or by banks that disagree.
  std::vector<std::string> warnings;
};

/// Simulates a loaded program (its hardware replaced as asked). A check
/// beyond its tolerance is in `check` and the summary, not an error.
llvm::Expected<SimulationResult> simulate(sim::Program program,
                                          const SimulationRequest &request);

/// Parses, verifies and simulates an ISA-level pim.kernel's text.
llvm::Expected<SimulationResult>
simulateKernel(llvm::StringRef programText, const SimulationRequest &request);

} // namespace pilot::api

#endif // PILOT_API_API_H
