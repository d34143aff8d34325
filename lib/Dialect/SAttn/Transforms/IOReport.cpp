//===- IOReport.cpp - the I/O model's prediction as remarks ---------------===//

#include "PassSupport.h"

#include "pilot/Analysis/Prediction.h"
#include "pilot/Dialect/SAttn/SAttnOps.h"
#include "pilot/Dialect/SAttn/SAttnPasses.h"

#include <fmt/format.h>

namespace pilot::sattn {
#define GEN_PASS_DEF_PIMIOREPORT
#include "pilot/Dialect/SAttn/SAttnPasses.h.inc"
} // namespace pilot::sattn

using namespace mlir;
using namespace pilot;
using namespace pilot::analysis;

namespace {

/// `RxK` per part; `RxK/C` when the head dimension goes in chunks of C.
std::string formatTiles(const TileChoice &tiles) {
  auto part = [](const Tiles &part) {
    std::string text = fmt::format("{}x{}", part.rows, part.keys);
    if (part.headDimChunk > 0)
      text += fmt::format("/{}", part.headDimChunk);
    return text;
  };
  return part(tiles.rowSplit) + "," + part(tiles.columnSplit);
}

/// One `key=value` line per prediction: stable, so scripts can read it.
std::string formatPrediction(std::string_view name,
                             const Prediction &prediction) {
  int64_t bytes = prediction.busiestBank.total().internalBytes();
  const LowerBound &bound = prediction.busiestBankBound;
  return fmt::format(
      "pim-io-report: schedule={} tiles={} bank_internal_bytes={} "
      "lower_bound_bytes={} bound={} ratio={:.3f} macs_per_byte={:.3f} "
      "time_ns={:.0f} total_internal_bytes={} external_bytes={}",
      name, formatTiles(prediction.tiles), bytes, bound.bytes(),
      bound.binding(),
      bound.bytes() ? double(bytes) / double(bound.bytes()) : 0.0,
      prediction.macsPerByte(), prediction.timeNs,
      prediction.total.internalBytes(), prediction.externalBytes);
}

struct PIMIOReportPass : public sattn::impl::PIMIOReportBase<PIMIOReportPass> {
  using PIMIOReportBase::PIMIOReportBase;

  void runOnOperation() override {
    FailureOr<hw::HardwareDescription> description = pim::hardwareOption(
        getOperation(), "pim-io-report", hardware, bufferBytes);
    if (failed(description))
      return signalPassFailure();
    getOperation()->walk([&](sattn::AttentionOp attention) {
      report(attention, *description);
      ++numReported;
    });
    markAllAnalysesPreserved();
  }

private:
  void report(sattn::AttentionOp attention,
              const hw::HardwareDescription &description) {
    AttentionProblem problem = attention.getProblem();
    problem.denseHeadsOnPIM = denseHeadsOnPIM;
    struct Candidate {
      std::string_view name;
      Schedule schedule;
      TileSpace space;
    };
    const Candidate candidates[] = {
        {"naive", Schedule::Naive, TileSpace::Wide},
        {"pilot", Schedule::Pilot, TileSpace::Paper},
        {"pilot-wide", Schedule::Pilot, TileSpace::Wide},
        {"fused", Schedule::Fused, TileSpace::Wide},
    };
    std::optional<Prediction> fastest;
    std::string_view fastestName;
    std::string lastError;
    for (const Candidate &candidate : candidates) {
      // A schedule whose tensors do not fit in the banks has no prediction.
      if (std::optional<std::string> error =
              capacityError(problem, description, candidate.schedule)) {
        attention.emitRemark()
            << "pim-io-report: schedule=" << candidate.name << " " << *error;
        lastError = *error;
        continue;
      }
      Prediction prediction = searchTiles(problem, description,
                                          candidate.schedule, candidate.space);
      attention.emitRemark(formatPrediction(candidate.name, prediction));
      if (!fastest || prediction.timeNs < fastest->timeNs) {
        fastest = prediction;
        fastestName = candidate.name;
      }
    }
    if (!fastest) {
      attention.emitError() << "pim-io-report: the attention " << lastError;
      return signalPassFailure();
    }
    attention.emitRemark(fmt::format("pim-io-report: fastest={}", fastestName));
  }
};

} // namespace
