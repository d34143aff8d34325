//===- FuzzSupport.h - what every pilot fuzz target shares ------*- C++ -*-===//
//
// The fuzz targets feed arbitrary bytes to pilot's readers and check, beyond
// "no crash", a property that must hold for whatever they accept: a round
// trip, an independent recount, two simulation modes agreeing. A broken
// property aborts, which libFuzzer and the replay driver report like a crash.
//
//===----------------------------------------------------------------------===//

#ifndef PILOT_FUZZ_FUZZSUPPORT_H
#define PILOT_FUZZ_FUZZSUPPORT_H

#include "pilot/InitAll.h"

#include "mlir/IR/Diagnostics.h"
#include "mlir/IR/DialectRegistry.h"
#include "mlir/IR/MLIRContext.h"
#include "llvm/ADT/StringRef.h"

#include <cstdio>
#include <cstdlib>
#include <memory>

namespace pilot::fuzz {

/// Aborts with \p what when \p holds is false: a property broken by an
/// input is a finding, as a crash is.
inline void require(bool holds, const char *what) {
  if (holds)
    return;
  std::fprintf(stderr, "pilot fuzz: property broken: %s\n", what);
  std::abort();
}

/// With PILOT_FUZZ_VERBOSE set, says on stderr how far an input got
/// ("refused by the verifier", "simulated"): the replay tests check that
/// each seed reaches the checks it is there to feed.
inline void note(const char *outcome) {
  static const bool verbose = std::getenv("PILOT_FUZZ_VERBOSE") != nullptr;
  if (verbose)
    std::fprintf(stderr, "outcome: %s\n", outcome);
}

/// A context with every pilot dialect loaded, single-threaded, whose
/// diagnostics are dropped: errors are the expected answer to most inputs.
class QuietContext {
public:
  QuietContext() : context(mlir::MLIRContext::Threading::DISABLED) {
    mlir::DialectRegistry registry;
    registerAllDialects(registry);
    context.appendDialectRegistry(registry);
    context.loadAllAvailableDialects();
    context.printOpOnDiagnostic(false);
    context.getDiagEngine().registerHandler(
        [](mlir::Diagnostic &) { return mlir::success(); });
  }
  mlir::MLIRContext *get() { return &context; }

private:
  mlir::MLIRContext context;
};

/// A QuietContext replaced every \p period inputs. Every attribute and type
/// an input parses stays uniqued in its context, so one context kept for
/// millions of inputs grows until libFuzzer's memory limit stops the run.
class RenewedContext {
public:
  explicit RenewedContext(int64_t period) : period(period) {}
  /// The context for the next input; what the previous input built in it
  /// must be gone.
  mlir::MLIRContext *next() {
    if (!context || used++ == period) {
      context.reset(); // Two contexts never live at once.
      context = std::make_unique<QuietContext>();
      used = 1;
    }
    return context->get();
  }

private:
  int64_t period, used = 0;
  std::unique_ptr<QuietContext> context;
};

/// The input as text.
inline llvm::StringRef asText(const uint8_t *data, size_t size) {
  return llvm::StringRef(reinterpret_cast<const char *>(data), size);
}

} // namespace pilot::fuzz

#endif // PILOT_FUZZ_FUZZSUPPORT_H
