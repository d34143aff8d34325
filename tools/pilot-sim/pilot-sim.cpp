//===- pilot-sim.cpp - the PIM program simulator's driver -----------------===//
//
// Reads an ISA-level pim.kernel, times it (and, given tensors, computes it
// in FP16), and reports: a summary on stdout, the stats JSON, a command
// trace, output .npy files, and --check against a float64 reference.
// docs/simulator.md documents every option and number.
//
//===----------------------------------------------------------------------===//

#include "pilot/API/API.h"
#include "pilot/Hardware/HardwareFile.h"
#include "pilot/Target/PIMToSim.h"

#include "mlir/IR/Diagnostics.h"
#include "mlir/IR/MLIRContext.h"
#include "mlir/Support/FileUtilities.h"
#include "llvm/Support/CommandLine.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/FormatVariadic.h"
#include "llvm/Support/InitLLVM.h"
#include "llvm/Support/SourceMgr.h"
#include "llvm/Support/ToolOutputFile.h"
#include "llvm/Support/WithColor.h"

#include <map>

using namespace pilot;
namespace cl = llvm::cl;

namespace {

cl::OptionCategory simCategory("pilot-sim options");

cl::opt<std::string> programFile(cl::Positional,
                                 cl::desc("<program.mlir, or - for stdin>"),
                                 cl::init("-"), cl::cat(simCategory));

cl::opt<sim::Mode>
    mode("mode", cl::desc("How loops are executed"),
         cl::values(clEnumValN(sim::Mode::Exact, "exact", "step every command"),
                    clEnumValN(sim::Mode::Fast, "fast",
                               "replay steady-state loop iterations")),
         cl::init(sim::Mode::Exact), cl::cat(simCategory));

cl::list<std::string>
    inputs("input",
           cl::desc("Scatter a host tensor into the banks its pim.cfg "
                    "places it in (functional mode)"),
           cl::value_desc("NAME=FILE.npy"), cl::cat(simCategory));

cl::list<std::string>
    outputs("output",
            cl::desc("Gather a tensor from the banks after the run and "
                     "write it as float16 .npy (functional mode)"),
            cl::value_desc("NAME=FILE.npy"), cl::cat(simCategory));

cl::opt<bool> check("check",
                    cl::desc("Compare the output with a float64 attention "
                             "reference (needs the kernel's pilot.attention "
                             "and its query, key and value as --input)"),
                    cl::cat(simCategory));

cl::opt<double> checkTolerance(
    "check-tolerance",
    cl::desc("Largest relative L2 error --check accepts (default 1e-2)"),
    cl::init(1e-2), cl::cat(simCategory));

cl::opt<std::string> traceFile("trace",
                               cl::desc("Write one line per command issued"),
                               cl::value_desc("file"), cl::cat(simCategory));

cl::opt<std::string>
    hardware("hw",
             cl::desc("Replace the kernel's hardware: a preset name or a "
                      "JSON file of hardware keys"),
             cl::value_desc("preset|file"), cl::cat(simCategory));

cl::opt<std::string> printHardware(
    "print-hw",
    cl::desc("Print a hardware description (a preset, or a file resolved as "
             "--hw resolves it) as a JSON hardware file with every key, and "
             "exit"),
    cl::value_desc("preset|file"), cl::cat(simCategory));

int fail(const llvm::Twine &message) {
  llvm::WithColor::error(llvm::errs(), "pilot-sim") << message << "\n";
  return 1;
}

int fail(llvm::Error error) { return fail(llvm::toString(std::move(error))); }

/// libLLVM registers a -stats-json of its own (its statistics as JSON), so
/// llvm::cl cannot own pilot-sim's --stats-json=FILE: it is taken out of
/// the arguments before they are parsed. Returns the file ("" if absent).
llvm::Expected<std::string> takeStatsJson(std::vector<char *> &arguments) {
  std::string file;
  for (size_t i = 1; i < arguments.size();) {
    llvm::StringRef argument = arguments[i];
    if (argument == "--")
      break;
    llvm::StringRef flag = argument.ltrim('-');
    if (!argument.starts_with("-") || !flag.starts_with("stats-json") ||
        (flag.size() > 10 && flag[10] != '=')) {
      ++i;
      continue;
    }
    size_t taken = 1;
    if (flag.consume_front("stats-json=")) {
      file = flag.str();
    } else if (i + 1 < arguments.size()) {
      file = arguments[i + 1];
      taken = 2;
    }
    if (file.empty())
      return llvm::createStringError("--stats-json needs a file: "
                                     "--stats-json=FILE");
    arguments.erase(arguments.begin() + i, arguments.begin() + i + taken);
  }
  return file;
}

/// Splits NAME=FILE arguments; an error names the flag.
llvm::Expected<std::map<std::string, std::string>>
namedFiles(const cl::list<std::string> &arguments, llvm::StringRef flag) {
  std::map<std::string, std::string> files;
  for (const std::string &argument : arguments) {
    auto [name, file] = llvm::StringRef(argument).split('=');
    if (name.empty() || file.empty())
      return llvm::createStringError("--" + flag + " " + argument +
                                     ": expected NAME=FILE.npy");
    if (!files.emplace(name.str(), file.str()).second)
      return llvm::createStringError("--" + flag + " names " + name + " twice");
  }
  return files;
}

} // namespace

int main(int argc, char **argv) {
  llvm::InitLLVM initLLVM(argc, argv);
  std::vector<char *> arguments(argv, argv + argc);
  llvm::Expected<std::string> statsJson = takeStatsJson(arguments);
  if (!statsJson)
    return fail(statsJson.takeError());
  cl::HideUnrelatedOptions(simCategory);
  cl::ParseCommandLineOptions(
      int(arguments.size()), arguments.data(),
      "pilot-sim: times an ISA-level pim.kernel on its HBM-PIM hardware, "
      "counts its I/O, commands and energy, and with --input computes its "
      "FP16 values\n\n"
      "  --stats-json=<file>   write every counter as JSON\n");

  if (!printHardware.empty()) {
    llvm::Expected<hw::HardwareDescription> description = hw::resolveHardware(
        printHardware, *hw::lookupPreset(hw::presetNames().front()));
    if (!description)
      return fail(description.takeError());
    hw::writeHardwareJson(llvm::outs(), *description);
    return 0;
  }

  mlir::MLIRContext context;
  context.disableMultithreading();
  std::string openError;
  std::unique_ptr<llvm::MemoryBuffer> file =
      mlir::openInputFile(programFile, &openError);
  if (!file)
    return fail(openError);
  llvm::SourceMgr sourceMgr;
  sourceMgr.AddNewSourceBuffer(std::move(file), llvm::SMLoc());
  mlir::SourceMgrDiagnosticHandler diagnostics(sourceMgr, &context);
  mlir::FailureOr<sim::Program> loaded =
      target::loadSimProgram(sourceMgr, context);
  if (mlir::failed(loaded))
    return 1;

  auto inputFiles = namedFiles(inputs, "input");
  if (!inputFiles)
    return fail(inputFiles.takeError());
  auto outputFiles = namedFiles(outputs, "output");
  if (!outputFiles)
    return fail(outputFiles.takeError());
  api::SimulationRequest request;
  request.mode = mode;
  request.hardware = hardware;
  request.check = check;
  request.checkTolerance = checkTolerance;
  for (auto &[name, path] : *inputFiles) {
    // Before the file: a name no placement knows is the likelier mistake.
    if (!sim::placesTensor(*loaded, name))
      return fail("--input " + name + ": no pim.cfg places a tensor named '" +
                  name + "'");
    llvm::Expected<sim::HostTensor> tensor = sim::readNpy(path);
    if (!tensor)
      return fail(tensor.takeError());
    request.inputs.emplace(name, std::move(*tensor));
  }
  for (auto &[name, path] : *outputFiles)
    request.outputs.push_back(name);

  std::unique_ptr<llvm::ToolOutputFile> trace;
  if (!traceFile.empty()) {
    std::error_code error;
    trace = std::make_unique<llvm::ToolOutputFile>(traceFile, error,
                                                   llvm::sys::fs::OF_None);
    if (error)
      return fail("--trace=" + traceFile + ": " + error.message());
    request.trace = &trace->os();
  }
  llvm::Expected<api::SimulationResult> result =
      api::simulate(std::move(*loaded), request);
  if (!result)
    return fail(result.takeError());

  for (const std::string &warning : result->warnings)
    llvm::WithColor::warning(llvm::errs(), "pilot-sim") << warning << "\n";
  for (auto &[name, path] : *outputFiles)
    if (llvm::Error error = sim::writeNpy(path, result->outputs.at(name)))
      return fail(std::move(error));
  if (!statsJson->empty()) {
    std::error_code error;
    llvm::ToolOutputFile stats(*statsJson, error, llvm::sys::fs::OF_None);
    if (error)
      return fail("--stats-json=" + *statsJson + ": " + error.message());
    stats.os() << result->statsJson;
    stats.keep();
  }
  if (trace)
    trace->keep();
  llvm::outs() << result->summary;
  const std::optional<sim::Deviation> &report = result->check;
  if (report && !(report->relativeL2Error <= checkTolerance))
    return fail(llvm::formatv("--check: relative L2 error {0:e3} exceeds the "
                              "tolerance {1:e1}",
                              report->relativeL2Error, double(checkTolerance))
                    .str());
  return 0;
}
