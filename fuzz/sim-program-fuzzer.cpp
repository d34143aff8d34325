//===- sim-program-fuzzer.cpp - fuzz the simulator on ISA programs --------===//
//
// Input: the text of an ISA-level pim.kernel. A program that parses, passes
// the pim verifier and the simulator's own checks (checkProgram) and is
// small enough to run in milliseconds is simulated: exact and fast mode must
// count the same and agree on time within 1% (the bound test/Sim checks),
// two exact runs must be identical, and the functional machine must run it
// on data without faulting.
//
//===----------------------------------------------------------------------===//

#include "FuzzSupport.h"

#include "pilot/Sim/Functional.h"
#include "pilot/Sim/Program.h"
#include "pilot/Sim/Timing.h"
#include "pilot/Target/PIMToSim.h"

#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/SourceMgr.h"

#include <algorithm>
#include <cmath>
#include <limits>

using namespace pilot;

namespace {

/// Above this much work per input the run would take longer than a
/// millisecond or so: such programs are skipped, not simulated.
constexpr int64_t kWorkBudget = 200000;

int64_t saturatingMul(int64_t a, int64_t b) {
  if (a == 0 || b == 0)
    return 0;
  return a > std::numeric_limits<int64_t>::max() / b
             ? std::numeric_limits<int64_t>::max()
             : a * b;
}

/// Elements or bus columns a command touches in one bank.
int64_t commandWork(const sim::Command &command, int64_t columnBytes) {
  return std::visit(
      [&](const auto &body) -> int64_t {
        using Body = std::decay_t<decltype(body)>;
        if constexpr (std::is_same_v<Body, sim::TransferCommand>)
          return 1 + body.bytes / std::max<int64_t>(columnBytes, 1);
        else if constexpr (std::is_same_v<Body, sim::MacCommand>)
          return 1 + saturatingMul(saturatingMul(body.m, body.n), body.k);
        else if constexpr (std::is_same_v<Body, sim::ExpCommand>)
          return 1 + body.elements;
        else if constexpr (std::is_same_v<Body, sim::CfgCommand>)
          return 1 + body.placement.numRows;
        else
          return 1 + saturatingMul(body.rows, body.cols);
      },
      command.body);
}

/// Work of \p body with every loop unrolled, saturating.
int64_t bodyWork(const std::vector<sim::Statement> &body, int64_t columnBytes) {
  int64_t work = 0;
  for (const sim::Statement &statement : body) {
    int64_t step =
        statement.command()
            ? commandWork(*statement.command(), columnBytes)
            : saturatingMul(statement.loop()->tripCount(),
                            bodyWork(statement.loop()->body, columnBytes));
    work = std::min(work + step, std::numeric_limits<int64_t>::max() / 2);
  }
  return work;
}

/// Work of the whole program: every bank of every class runs its body in
/// functional mode.
int64_t programWork(const sim::Program &program) {
  int64_t work = 0;
  for (const sim::BankClass &bankClass : program.classes)
    work = std::min(work + saturatingMul(bankClass.count,
                                         bodyWork(bankClass.body,
                                                  program.hw.org.columnBytes)),
                    std::numeric_limits<int64_t>::max() / 2);
  return work;
}

/// Scatters a deterministic ramp into every declared tensor it can.
void scatterInputs(const sim::Program &program,
                   sim::FunctionalMachine &machine) {
  if (!program.attention)
    return;
  const sim::AttentionProblem &problem = *program.attention;
  for (const std::string &name : {problem.query, problem.key, problem.value}) {
    std::optional<std::vector<int64_t>> shape =
        sim::declaredShape(program, name);
    if (!shape || !machine.isPlaced(name))
      continue;
    sim::HostTensor tensor;
    tensor.shape = *shape;
    int64_t elements = tensor.elementCount();
    if (elements <= 0 || elements > kWorkBudget)
      continue;
    tensor.values.resize(elements);
    for (int64_t i = 0; i < elements; ++i)
      tensor.values[i] = std::sin(0.37 * static_cast<double>(i));
    llvm::consumeError(machine.scatter(name, tensor));
  }
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  static fuzz::RenewedContext contexts(/*period=*/10000);
  llvm::SourceMgr sourceMgr;
  sourceMgr.AddNewSourceBuffer(
      llvm::MemoryBuffer::getMemBufferCopy(fuzz::asText(data, size), "input"),
      llvm::SMLoc());
  mlir::FailureOr<sim::Program> program =
      target::loadSimProgram(sourceMgr, *contexts.next());
  if (failed(program)) {
    fuzz::note("refused by the parser, the verifier or the front end");
    return 0;
  }
  if (llvm::Error error = sim::checkProgram(*program)) {
    fuzz::note("refused by checkProgram");
    llvm::consumeError(std::move(error));
    return 0;
  }
  if (programWork(*program) > kWorkBudget) {
    fuzz::note("skipped: over the work budget");
    return 0;
  }

  sim::TimingResult exact = sim::simulateTiming(*program, {sim::Mode::Exact});
  sim::TimingResult fast = sim::simulateTiming(*program, {sim::Mode::Fast});
  fuzz::require(exact.total == fast.total,
                "fast mode counts what exact mode counts");
  fuzz::require(std::abs(exact.finishPs - fast.finishPs) <=
                    std::max(exact.finishPs, fast.finishPs) / 100,
                "fast mode's time is within 1% of exact mode's");
  sim::TimingResult repeated =
      sim::simulateTiming(*program, {sim::Mode::Exact});
  fuzz::require(repeated.total == exact.total &&
                    repeated.finishPs == exact.finishPs,
                "two exact runs are identical");

  sim::FunctionalMachine machine(*program);
  scatterInputs(*program, machine);
  machine.run();
  fuzz::note("simulated");
  return 0;
}
