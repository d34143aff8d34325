//===- Report.cpp - stats file, summary and hardware files ----------------===//

#include "pilot/Sim/Report.h"
#include "pilot/Hardware/HardwareFile.h"

#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/FormatVariadic.h"
#include "llvm/Support/JSON.h"
#include "llvm/Support/MathExtras.h"
#include "llvm/Support/MemoryBuffer.h"

#include <algorithm>
#include <map>

using namespace pilot;
using namespace pilot::sim;

ElapsedTime sim::elapsedTime(int64_t ps, const hw::HardwareDescription &hw) {
  ElapsedTime time;
  time.ns = double(ps) / 1000.0;
  time.dramCycles = llvm::divideCeilSigned(ps, hw.timing.tCKps);
  // ps * MHz / 10^6 cycles, rounded up.
  time.pimCycles = llvm::divideCeilSigned(ps * hw.bpm.clockMHz, 1000000);
  return time;
}

namespace {

/// Writes the counters grouped by their key's section: {"io": {...}, ...}.
void writeCounters(llvm::json::OStream &json, const Counters &counters) {
  std::map<std::string, std::vector<const CounterInfo *>> sections;
  std::vector<std::string> order;
  for (const CounterInfo &info : counterTable()) {
    std::string section(info.key.substr(0, info.key.find('.')));
    if (!sections.count(section))
      order.push_back(section);
    sections[section].push_back(&info);
  }
  for (const std::string &section : order)
    json.attributeObject(section, [&] {
      for (const CounterInfo *info : sections[section])
        json.attribute(info->key.substr(section.size() + 1),
                       counters.*info->member);
    });
}

void writeEnergy(llvm::json::OStream &json, const Counters &counters,
                 const hw::HardwareDescription &hw) {
  Energy energy = energyOf(counters, hw);
  json.attribute("energy_pj", energy.total());
  json.attributeObject("energy_breakdown_pj", [&] {
    json.attribute("activation", energy.activation);
    json.attribute("column", energy.column);
    json.attribute("refresh", energy.refresh);
    json.attribute("external_io", energy.externalIO);
    json.attribute("bgpm_io", energy.bgpmIO);
    json.attribute("bpm_mac", energy.bpmMac);
    json.attribute("bpm_exp", energy.bpmExp);
    json.attribute("bpm_acc", energy.bpmAcc);
    json.attribute("bpm_sfm", energy.bpmSfm);
    json.attribute("bpm_mask", energy.bpmMask);
    json.attribute("bpm_sub", energy.bpmSub);
    json.attribute("bgpm", energy.bgpm);
  });
}

void writeTime(llvm::json::OStream &json, int64_t ps,
               const hw::HardwareDescription &hw) {
  ElapsedTime time = elapsedTime(ps, hw);
  json.attribute("time_ns", time.ns);
  json.attribute("dram_cycles", time.dramCycles);
  json.attribute("pim_cycles", time.pimCycles);
}

/// Bank-busy time over every bank of the hardware times the kernel's time.
double utilizationOf(const TimingResult &timing,
                     const hw::HardwareDescription &hw) {
  if (timing.finishPs == 0)
    return 0;
  return double(timing.total.busyPs) /
         (double(hw.totalBanks()) * double(timing.finishPs));
}

/// Banks that ran any command: every bank of a class that was ever busy.
int64_t busyBanksOf(const TimingResult &timing) {
  int64_t banks = 0;
  for (const ClassTiming &bankClass : timing.classes)
    if (bankClass.counters.busyPs > 0)
      banks += bankClass.banks;
  return banks;
}

/// The kernel's time over the streaming bound, if there is one.
std::optional<double> timeOverBound(const TimingResult &timing) {
  if (timing.boundPs <= 0)
    return std::nullopt;
  return double(timing.finishPs) / timing.boundPs;
}

void writeBankUse(llvm::json::OStream &json, const TimingResult &timing,
                  const hw::HardwareDescription &hw) {
  json.attribute("utilization", utilizationOf(timing, hw));
  json.attribute("busy_banks", busyBanksOf(timing));
  json.attribute("bound_ns", timing.boundPs / 1000.0);
  json.attribute("bound_bytes", timing.boundBytes);
  if (std::optional<double> ratio = timeOverBound(timing))
    json.attribute("time_over_bound", *ratio);
  else
    json.attribute("time_over_bound", nullptr);
}

llvm::StringRef modeName(Mode mode) {
  return mode == Mode::Exact ? "exact" : "fast";
}

/// 1234567 -> "1,234,567".
std::string grouped(int64_t value) {
  std::string digits = std::to_string(value < 0 ? -value : value);
  std::string text;
  for (size_t i = 0; i < digits.size(); ++i) {
    if (i && (digits.size() - i) % 3 == 0)
      text += ',';
    text += digits[i];
  }
  return value < 0 ? "-" + text : text;
}

} // namespace

void sim::writeStatsJson(llvm::raw_ostream &os, const RunReport &report) {
  const Program &program = report.program;
  const hw::HardwareDescription &hw = program.hw;
  llvm::json::OStream json(os, 2);
  json.object([&] {
    json.attribute("kernel", program.name);
    json.attribute("mode", modeName(report.mode));
    json.attribute("functional", report.functional);
    writeTime(json, report.timing.finishPs, hw);
    json.attribute("tck_ns", hw.timing.tCKps / 1000.0);
    json.attribute("pim_clock_mhz", hw.bpm.clockMHz);
    writeCounters(json, report.timing.total);
    writeEnergy(json, report.timing.total, hw);
    writeBankUse(json, report.timing, hw);
    json.attribute("merge_ns", report.timing.mergePs / 1000.0);
    json.attribute("merge_bytes", report.timing.mergeBytes);
    if (report.check)
      json.attributeObject("check", [&] {
        json.attribute("max_abs_error", report.check->maxAbsoluteError);
        json.attribute("relative_l2_error", report.check->relativeL2Error);
        json.attribute("tolerance", report.checkTolerance);
      });
    json.attributeArray("classes", [&] {
      for (const ClassTiming &timing : report.timing.classes)
        json.object([&] {
          json.attribute("name", timing.name);
          json.attribute("banks", timing.banks);
          writeTime(json, timing.finishPs, hw);
          writeCounters(json, timing.counters);
          writeEnergy(json, timing.counters, hw);
        });
    });
    json.attributeObject("simulation", [&] {
      json.attribute("situations", report.timing.situations);
      json.attribute("stepped_commands", report.timing.steppedCommands);
      json.attribute("replayed_iterations", report.timing.replayedIterations);
    });
    json.attributeObject("hardware",
                         [&] { hw::writeHardwareFields(json, hw); });
  });
  os << "\n";
}

void sim::printSummary(llvm::raw_ostream &os, const RunReport &report) {
  const Program &program = report.program;
  const hw::HardwareDescription &hw = program.hw;
  const Counters &total = report.timing.total;
  ElapsedTime time = elapsedTime(report.timing.finishPs, hw);
  os << llvm::formatv("pilot-sim: kernel @{0}, {1} mode, {2}\n", program.name,
                      modeName(report.mode),
                      report.functional ? "functional (FP16 values)"
                                        : "timing only");
  os << llvm::formatv("  time     {0:f3} ns = {1} DRAM cycles (tCK {2:f3} "
                      "ns) = {3} PIM cycles ({4} MHz)\n",
                      time.ns, grouped(time.dramCycles),
                      hw.timing.tCKps / 1000.0, grouped(time.pimCycles),
                      hw.bpm.clockMHz);
  const TimingResult &timing = report.timing;
  if (std::optional<double> ratio = timeOverBound(timing))
    os << llvm::formatv("  bound    {0:f3} ns streaming the busiest bank's "
                        "{1} B as whole rows; time / bound {2:f3}\n",
                        timing.boundPs / 1000.0, grouped(timing.boundBytes),
                        *ratio);
  else
    os << "  bound    none: no bank moves DRAM bytes\n";
  os << llvm::formatv("  banks    {0} of {1} busy, utilization {2:f3}%\n",
                      grouped(busyBanksOf(timing)), grouped(hw.totalBanks()),
                      100.0 * utilizationOf(timing, hw));
  os << llvm::formatv(
      "  I/O      external {0} B, internal read {1} B ({4} B of K and V), "
      "internal write {2} B, BGPM {3} B\n",
      grouped(total.externalBytes), grouped(total.internalReadBytes),
      grouped(total.internalWriteBytes), grouped(total.bgpmBytes),
      grouped(total.keyValueReadBytes));
  os << llvm::formatv(
      "  DRAM     {0} ACT, {1} PRE, {2} RD, {3} WR, {4} REF "
      "(summed over banks); row hits {5} of {6} transfers; {7} bus "
      "commands\n",
      grouped(total.activates), grouped(total.precharges), grouped(total.reads),
      grouped(total.writes), grouped(total.refreshes), grouped(total.rowHits),
      grouped(total.rowHits + total.rowMisses), grouped(total.busCommands));
  os << llvm::formatv("  PIM      {0} MACs, {1} exp, {2} BGPM adds\n",
                      grouped(total.macs), grouped(total.exps),
                      grouped(total.bgpmAdds));
  if (timing.mergeBytes > 0)
    os << llvm::formatv("  merge    the host merges partials after the "
                        "banks: {0} B in {1:f3} ns (in the time)\n",
                        grouped(timing.mergeBytes), timing.mergePs / 1000.0);
  os << llvm::formatv("  energy   {0:f3} nJ\n",
                      energyOf(total, hw).total() / 1000.0);
  for (const ClassTiming &timing : report.timing.classes) {
    ElapsedTime classTime = elapsedTime(timing.finishPs, hw);
    os << llvm::formatv("  class @{0}: {1} banks, {2:f3} ns ({3} DRAM "
                        "cycles)\n",
                        timing.name, timing.banks, classTime.ns,
                        grouped(classTime.dramCycles));
  }
  if (report.check)
    os << llvm::formatv("  check    max abs error {0:e3}, relative L2 error "
                        "{1:e3} (tolerance {2:e1}): {3}\n",
                        report.check->maxAbsoluteError,
                        report.check->relativeL2Error, report.checkTolerance,
                        report.check->relativeL2Error <= report.checkTolerance
                            ? "PASS"
                            : "FAIL");
}
