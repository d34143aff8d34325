//===- API.cpp - pilot's compiler and simulator as library calls ----------===//

#include "pilot/API/API.h"

#include "pilot/Dialect/PIM/Summary.h"
#include "pilot/Dialect/SAttn/SAttnDialect.h"
#include "pilot/Hardware/HardwareFile.h"
#include "pilot/InitAll.h"
#include "pilot/Pipelines/Pipelines.h"
#include "pilot/Sim/FP16.h"
#include "pilot/Sim/Functional.h"
#include "pilot/Sim/Report.h"
#include "pilot/Target/PIMToSim.h"

#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/Diagnostics.h"
#include "mlir/IR/MLIRContext.h"
#include "mlir/Parser/Parser.h"
#include "mlir/Pass/PassManager.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/FormatVariadic.h"
#include "llvm/Support/JSON.h"
#include "llvm/Support/MathExtras.h"
#include "llvm/Support/SourceMgr.h"

using namespace pilot;

namespace {

/// Collects a context's diagnostics, with their locations, as text.
class DiagnosticText {
public:
  explicit DiagnosticText(mlir::MLIRContext &context)
      : handler(&context, [this](mlir::Diagnostic &diagnostic) {
          llvm::raw_string_ostream os(text);
          os << diagnostic.getLocation() << ": " << diagnostic << "\n";
          for (const mlir::Diagnostic &note : diagnostic.getNotes())
            os << note.getLocation() << ": note: " << note << "\n";
          return mlir::success();
        }) {}

  llvm::Error error(llvm::StringRef what) const {
    return llvm::createStringError(what + (text.empty() ? "" : ":\n" + text));
  }

private:
  std::string text;
  mlir::ScopedDiagnosticHandler handler;
};

/// \p tensor with every value rounded to FP16, as the banks receive it.
sim::HostTensor roundedToHalf(sim::HostTensor tensor) {
  for (double &value : tensor.values)
    value = sim::fp16::toDouble(sim::fp16::fromDouble(value));
  return tensor;
}

/// Reads the pattern's parameters; an error names the first key at fault.
bool fromJSON(const llvm::json::Value &value, pattern::PatternSpec &spec,
              llvm::json::Path path) {
  const llvm::json::Object *object = value.getAsObject();
  if (!object) {
    path.report("expected an object of #sattn.pattern parameters");
    return false;
  }
  static constexpr llvm::StringLiteral known[] = {
      "dense",  "causal", "window",      "global_tokens", "sinks",
      "random", "seed",   "random_cols", "block",         "dense_heads"};
  for (const auto &entry : *object)
    if (llvm::StringRef key = entry.first; !llvm::is_contained(known, key)) {
      path.field(key).report("not a #sattn.pattern parameter");
      return false;
    }
  std::optional<std::vector<int64_t>> window;
  llvm::json::ObjectMapper mapper(value, path);
  bool read = mapper.mapOptional("dense", spec.dense) &&
              mapper.mapOptional("causal", spec.causal) &&
              mapper.mapOptional("window", window) &&
              mapper.mapOptional("global_tokens", spec.globalTokens) &&
              mapper.mapOptional("sinks", spec.sinks) &&
              mapper.mapOptional("random", spec.randomPerRow) &&
              mapper.mapOptional("seed", spec.seed) &&
              mapper.mapOptional("random_cols", spec.randomColumns) &&
              mapper.mapOptional("block", spec.blockSize) &&
              mapper.mapOptional("dense_heads", spec.denseHeads);
  if (!read)
    return false;
  if (window) {
    if (window->size() != 2) {
      path.field("window").report("expected [left, right]");
      return false;
    }
    spec.hasWindow = true;
    spec.windowLeft = (*window)[0];
    spec.windowRight = (*window)[1];
  }
  return true;
}

} // namespace

llvm::Expected<std::string> api::summarize(llvm::StringRef moduleText) {
  mlir::DialectRegistry registry;
  registerAllDialects(registry);
  mlir::MLIRContext context(registry);
  context.disableMultithreading();
  DiagnosticText diagnostics(context);
  mlir::OwningOpRef<mlir::ModuleOp> module =
      mlir::parseSourceString<mlir::ModuleOp>(moduleText, &context);
  if (!module)
    return diagnostics.error("the module does not parse");
  return llvm::formatv("{0:2}", llvm::json::Value(pim::summarize(*module)))
      .str();
}

namespace {
/// The pattern of a JSON object of its parameters, its rules checked on
/// `shape` when given.
llvm::Expected<pattern::PatternSpec>
readPattern(const llvm::json::Value &value,
            std::optional<pattern::PatternShape> shape = std::nullopt) {
  pattern::PatternSpec spec;
  llvm::json::Path::Root root("pattern");
  if (!fromJSON(value, spec, root))
    return llvm::createStringError("pattern JSON: " +
                                   llvm::toString(root.getError()));
  std::vector<std::string> errors =
      shape ? pattern::validateSpec(spec, *shape) : pattern::validateSpec(spec);
  if (!errors.empty())
    return llvm::createStringError("pattern JSON: " + llvm::join(errors, "; "));
  return spec;
}

llvm::Expected<llvm::json::Value> parseJson(llvm::StringRef json) {
  llvm::Expected<llvm::json::Value> value = llvm::json::parse(json);
  if (!value)
    return llvm::createStringError("pattern JSON: " +
                                   llvm::toString(value.takeError()));
  return value;
}
} // namespace

llvm::Expected<std::string> api::patternAttribute(llvm::StringRef json) {
  llvm::Expected<llvm::json::Value> value = parseJson(json);
  if (!value)
    return value.takeError();
  llvm::Expected<pattern::PatternSpec> spec = readPattern(*value);
  if (!spec)
    return spec.takeError();
  mlir::MLIRContext context;
  context.loadDialect<sattn::SAttnDialect>();
  std::string text;
  llvm::raw_string_ostream os(text);
  mlir::Attribute(sattn::PatternAttr::fromSpec(&context, *spec)).print(os);
  return text;
}

llvm::Expected<std::string> api::randomCandidates(llvm::StringRef json) {
  llvm::Expected<llvm::json::Value> value = parseJson(json);
  if (!value)
    return value.takeError();
  const llvm::json::Object *request = value->getAsObject();
  std::optional<int64_t> queries =
      request ? request->getInteger("queries") : std::nullopt;
  std::optional<int64_t> keys =
      request ? request->getInteger("keys") : std::nullopt;
  const llvm::json::Value *patternValue =
      request ? request->get("pattern") : nullptr;
  if (!patternValue || !queries || !keys || *queries < 1 || *keys < *queries)
    return llvm::createStringError(
        "pattern JSON: expected {\"pattern\": {...}, \"queries\": N, "
        "\"keys\": S} with 1 <= N <= S");
  pattern::PatternShape shape{*queries, *keys, 1};
  llvm::Expected<pattern::PatternSpec> spec = readPattern(*patternValue, shape);
  if (!spec)
    return spec.takeError();
  pattern::SparsityPattern sparsity(*spec, shape);
  llvm::json::Array blocks;
  int64_t positions = llvm::divideCeilSigned(*keys, spec->blockSize);
  for (int64_t q = 0; q < positions; ++q) {
    llvm::json::Array candidates;
    for (const pattern::Interval &interval : sparsity.randomCandidates(q))
      candidates.push_back(llvm::json::Array{interval.begin, interval.end});
    llvm::json::Array random;
    for (int64_t block : sparsity.randomBlocks(q))
      random.push_back(block);
    blocks.push_back(llvm::json::Object{{"candidates", std::move(candidates)},
                                        {"random", std::move(random)}});
  }
  return llvm::formatv("{0:2}", llvm::json::Value(llvm::json::Object{
                                    {"blocks", std::move(blocks)}}))
      .str();
}

llvm::Expected<std::string> api::compile(llvm::StringRef moduleText,
                                         llvm::StringRef pipelineOptions) {
  mlir::DialectRegistry registry;
  registerAllDialects(registry);
  mlir::MLIRContext context(registry);
  context.disableMultithreading();
  // Messages with locations, not the whole module after each.
  context.printOpOnDiagnostic(false);
  DiagnosticText diagnostics(context);
  mlir::OwningOpRef<mlir::ModuleOp> module =
      mlir::parseSourceString<mlir::ModuleOp>(moduleText, &context);
  if (!module)
    return diagnostics.error("the module does not parse");
  std::unique_ptr<CompileOptions> options =
      CompileOptions::createFromString(pipelineOptions);
  if (!options)
    return llvm::createStringError("--pilot-compile options '" +
                                   pipelineOptions + "' do not parse");
  mlir::PassManager pm(&context);
  buildCompilePipeline(pm, *options);
  if (mlir::failed(pm.run(*module)))
    return diagnostics.error("--pilot-compile failed");
  std::string text;
  llvm::raw_string_ostream os(text);
  module->print(os);
  os << "\n"; // As pilot-opt ends its output.
  return text;
}

llvm::Expected<api::SimulationResult>
api::simulate(sim::Program program, const SimulationRequest &request) {
  if (!request.hardware.empty()) {
    llvm::Expected<hw::HardwareDescription> replaced =
        hw::resolveHardware(request.hardware, program.hw);
    if (!replaced)
      return replaced.takeError();
    program.hw = *replaced;
  }
  if (llvm::Error error = sim::checkProgram(program))
    return error;

  // Functional set-up first, so that bad inputs fail before the timing run.
  bool functional =
      !request.inputs.empty() || !request.outputs.empty() || request.check;
  std::optional<sim::FunctionalMachine> machine;
  std::map<std::string, sim::HostTensor> hostInputs;
  if (functional) {
    if (request.check && !program.attention)
      return llvm::createStringError(
          "--check needs the problem the kernel computes: give the "
          "pim.kernel a pilot.attention attribute (docs/simulator.md)");
    machine.emplace(program);
    for (const auto &[name, tensor] : request.inputs) {
      if (!machine->isPlaced(name))
        return llvm::createStringError("--input " + name +
                                       ": no pim.cfg places a tensor named '" +
                                       name + "'");
      if (llvm::Error error = machine->scatter(name, tensor))
        return error;
      hostInputs.emplace(name, roundedToHalf(tensor));
    }
    if (request.check)
      for (const std::string &name :
           {program.attention->query, program.attention->key,
            program.attention->value})
        if (!hostInputs.count(name))
          return llvm::createStringError(
              "--check needs --input " + name + "=FILE.npy (the " +
              "pilot.attention tensors " + program.attention->query + ", " +
              program.attention->key + " and " + program.attention->value +
              ")");
  }

  sim::TimingOptions options;
  options.mode = request.mode;
  options.trace = request.trace;
  sim::TimingResult timing = sim::simulateTiming(program, options);
  sim::RunReport report{program,    timing,       request.mode,
                        functional, std::nullopt, request.checkTolerance};
  SimulationResult result;
  if (functional) {
    machine->run();
    for (const std::string &name : request.outputs) {
      sim::GatherReport gathered;
      llvm::Expected<sim::HostTensor> tensor = machine->gather(name, gathered);
      if (!tensor)
        return llvm::createStringError("--output " + name + ": " +
                                       llvm::toString(tensor.takeError()));
      if (gathered.uncovered)
        result.warnings.push_back(
            "--output " + name + ": " + std::to_string(gathered.uncovered) +
            " elements are held by no bank and written as 0");
      if (gathered.disagreeing)
        result.warnings.push_back(
            "--output " + name + ": " + std::to_string(gathered.disagreeing) +
            " elements held by several banks differ; the first bank's value "
            "is written");
      result.outputs.emplace(name, std::move(*tensor));
    }
    if (request.check) {
      const sim::AttentionProblem &problem = *program.attention;
      sim::GatherReport gathered;
      llvm::Expected<sim::HostTensor> actual =
          machine->gather(problem.output, gathered);
      if (!actual)
        return llvm::createStringError("--check: " +
                                       llvm::toString(actual.takeError()));
      llvm::Expected<sim::HostTensor> expected = sim::referenceAttention(
          problem, hostInputs.at(problem.query), hostInputs.at(problem.key),
          hostInputs.at(problem.value));
      if (!expected)
        return llvm::createStringError("--check: " +
                                       llvm::toString(expected.takeError()));
      report.check = sim::deviation(*actual, *expected);
    }
  }
  result.check = report.check;
  llvm::raw_string_ostream stats(result.statsJson);
  sim::writeStatsJson(stats, report);
  llvm::raw_string_ostream summary(result.summary);
  sim::printSummary(summary, report);
  return result;
}

llvm::Expected<api::SimulationResult>
api::simulateKernel(llvm::StringRef programText,
                    const SimulationRequest &request) {
  mlir::MLIRContext context;
  context.disableMultithreading();
  context.printOpOnDiagnostic(false);
  DiagnosticText diagnostics(context);
  llvm::SourceMgr sourceMgr;
  sourceMgr.AddNewSourceBuffer(
      llvm::MemoryBuffer::getMemBufferCopy(programText, "kernel"),
      llvm::SMLoc());
  mlir::FailureOr<sim::Program> program =
      target::loadSimProgram(sourceMgr, context);
  if (mlir::failed(program))
    return diagnostics.error("the kernel does not load");
  return simulate(std::move(*program), request);
}
