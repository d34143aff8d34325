//===- IOReport.cpp - the I/O model's prediction as remarks ---------------===//

#include "PassSupport.h"

#include "pilot/Dialect/PIM/JsonOutput.h"

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

/// One schedule's line of the report: its prediction, or why the attention
/// does not fit the banks under it.
struct ScheduleReport {
  StringRef name;
  std::optional<Prediction> prediction;
  std::string error;
};

/// Every schedule the report compares, in order: the paper's baseline, its
/// schedule in its tile class and in the wider one, and the fused schedule.
SmallVector<ScheduleReport, 4>
reportSchedules(const AttentionProblem &problem,
                const hw::HardwareDescription &hw) {
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
  SmallVector<ScheduleReport, 4> reports;
  for (const Candidate &candidate : candidates) {
    ScheduleReport report{candidate.name, std::nullopt, ""};
    // A schedule whose tensors do not fit in the banks has no prediction.
    if (std::optional<std::string> error =
            capacityError(problem, hw, candidate.schedule))
      report.error = *error;
    else
      report.prediction =
          searchTiles(problem, hw, candidate.schedule, candidate.space);
    reports.push_back(std::move(report));
  }
  return reports;
}

/// The schedule with the shortest predicted time, if any fits.
const ScheduleReport *fastestOf(ArrayRef<ScheduleReport> reports) {
  const ScheduleReport *fastest = nullptr;
  for (const ScheduleReport &report : reports)
    if (report.prediction &&
        (!fastest || report.prediction->timeNs < fastest->prediction->timeNs))
      fastest = &report;
  return fastest;
}

/// The report of one attention as JSON (docs/io-model.md, The report).
llvm::json::Object jsonReport(ArrayRef<ScheduleReport> reports) {
  llvm::json::Array schedules;
  for (const ScheduleReport &report : reports) {
    if (!report.prediction) {
      schedules.push_back(llvm::json::Object{{"schedule", report.name},
                                             {"error", report.error}});
      continue;
    }
    const Prediction &prediction = *report.prediction;
    int64_t bytes = prediction.busiestBank.total().internalBytes();
    const LowerBound &bound = prediction.busiestBankBound;
    schedules.push_back(llvm::json::Object{
        {"schedule", report.name},
        {"tiles", formatTiles(prediction.tiles)},
        {"bank_internal_bytes", bytes},
        {"lower_bound_bytes", bound.bytes()},
        {"bound", StringRef(bound.binding())},
        {"ratio", bound.bytes() ? double(bytes) / double(bound.bytes()) : 0.0},
        {"macs_per_byte", prediction.macsPerByte()},
        {"time_ns", prediction.timeNs},
        {"total_internal_bytes", prediction.total.internalBytes()},
        {"external_bytes", prediction.externalBytes}});
  }
  llvm::json::Object result{{"schedules", std::move(schedules)}};
  if (const ScheduleReport *fastest = fastestOf(reports))
    result["fastest"] = fastest->name;
  return result;
}

struct PIMIOReportPass : public sattn::impl::PIMIOReportBase<PIMIOReportPass> {
  using PIMIOReportBase::PIMIOReportBase;

  void runOnOperation() override {
    FailureOr<hw::HardwareDescription> description = pim::hardwareOption(
        getOperation(), "pim-io-report", hardware, bufferBytes);
    if (failed(description))
      return signalPassFailure();
    llvm::json::Array attentions;
    bool fits = true;
    getOperation()->walk([&](sattn::AttentionOp attention) {
      AttentionProblem problem = attention.getProblem();
      problem.denseHeadsOnPIM = denseHeadsOnPIM;
      SmallVector<ScheduleReport, 4> reports =
          reportSchedules(problem, *description);
      ++numReported;
      attentions.push_back(jsonReport(reports));
      fits &= succeeded(remark(attention, reports));
    });
    markAllAnalysesPreserved();
    if (!fits)
      return signalPassFailure();
    if (!output.empty() &&
        failed(pim::writeJsonOutput(
            getOperation(), "pim-io-report", output,
            llvm::json::Object{{"attentions", std::move(attentions)}})))
      signalPassFailure();
  }

private:
  /// One remark per schedule and one naming the fastest; an error when no
  /// schedule fits the banks.
  LogicalResult remark(sattn::AttentionOp attention,
                       ArrayRef<ScheduleReport> reports) {
    for (const ScheduleReport &report : reports) {
      if (report.prediction)
        attention.emitRemark(formatPrediction(report.name, *report.prediction));
      else
        attention.emitRemark()
            << "pim-io-report: schedule=" << report.name << " " << report.error;
    }
    const ScheduleReport *fastest = fastestOf(reports);
    if (!fastest)
      return attention.emitError()
             << "pim-io-report: the attention " << reports.back().error;
    attention.emitRemark(
        fmt::format("pim-io-report: fastest={}", fastest->name));
    return success();
  }
};

} // namespace
