//===- HardwareDescription.cpp - PIM hardware parameters ------------------===//
//
// The field table, the presets and the validation rules. Every preset number
// names its source; docs/hardware.md restates them with the derivations.
//
//===----------------------------------------------------------------------===//

#include "pilot/Hardware/HardwareDescription.h"

#include "llvm/Support/CheckedArithmetic.h"

#include <fmt/format.h>

#include <algorithm>
#include <vector>

using namespace pilot::hw;

namespace {

/// A field: its description and how to reach it in a HardwareDescription.
struct FieldEntry {
  FieldInfo info;
  int64_t &(*access)(HardwareDescription &);
};

#define PILOT_FIELD(KEY, MEMBER, MIN, MAX, UNIT, MEANING)                      \
  FieldEntry {                                                                 \
    FieldInfo{KEY, MIN, MAX, UNIT, MEANING},                                   \
        [](HardwareDescription &hw) -> int64_t & { return hw.MEMBER; }         \
  }

constexpr int64_t kMaxCycles = int64_t(1) << 24;
constexpr int64_t kMaxEnergy = int64_t(1) << 30;

const std::vector<FieldEntry> &fieldTable() {
  static const std::vector<FieldEntry> table = {
      PILOT_FIELD("org.stacks", org.stacks, 1, 64, "", "HBM stacks"),
      PILOT_FIELD("org.dies", org.dies, 1, 16, "per stack", "DRAM dies"),
      PILOT_FIELD("org.pchs", org.pchs, 1, 64, "per die", "pseudo-channels"),
      PILOT_FIELD("org.bank_groups", org.bankGroups, 1, 16, "per pCH",
                  "bank groups"),
      PILOT_FIELD("org.banks", org.banks, 1, 16, "per bank group", "banks"),
      PILOT_FIELD("org.rows", org.rows, 1, int64_t(1) << 24, "per bank",
                  "rows"),
      PILOT_FIELD("org.row_bytes", org.rowBytes, 32, 65536, "bytes",
                  "row size of one bank"),
      PILOT_FIELD("org.column_bytes", org.columnBytes, 2, 1024, "bytes",
                  "bytes moved by one column command (one burst)"),
      PILOT_FIELD("bpm.clock_mhz", bpm.clockMHz, 1, 10000, "MHz",
                  "bank processing module clock"),
      PILOT_FIELD("bpm.lanes", bpm.lanes, 1, 1024, "",
                  "FP16 multipliers feeding the adder tree"),
      PILOT_FIELD("bpm.buffer_bytes", bpm.bufferBytes, 2, int64_t(1) << 24,
                  "bytes", "SRAM buffer of one bank processing module"),
      PILOT_FIELD("bpm.accumulate_bits", bpm.accumulateBits, 16, 32, "bits",
                  "accumulation precision of the adder tree (16 or 32)"),
      PILOT_FIELD("bpm.mac_latency", bpm.macLatency, 0, 1024, "BPM cycles",
                  "pipeline fill of a PLT_MAC"),
      PILOT_FIELD("bpm.exp_cycles", bpm.expCycles, 1, 1024, "BPM cycles",
                  "PLT_EXP cycles per lane-wide group of elements"),
      PILOT_FIELD("bpm.acc_latency", bpm.accLatency, 0, 1024, "BPM cycles",
                  "adder-tree drain of a PLT_ACC"),
      PILOT_FIELD("bpm.recip_cycles", bpm.recipCycles, 1, 1024, "BPM cycles",
                  "PLT_SFM cycles per row reciprocal"),
      PILOT_FIELD("bgpm.clock_mhz", bgpm.clockMHz, 1, 10000, "MHz",
                  "bank-group processing module clock"),
      PILOT_FIELD("bgpm.adders", bgpm.adders, 1, 1024, "",
                  "FP16 adders of the bank-group accumulator"),
      PILOT_FIELD("bgpm.latency", bgpm.latency, 0, 1024, "BGPM cycles",
                  "partial sums in and the total back to the banks"),
      PILOT_FIELD("timing.tCK_ps", timing.tCKps, 100, 100000, "ps",
                  "memory command clock period"),
      PILOT_FIELD("timing.nBL", timing.nBL, 1, 64, "tCK", "burst length"),
      PILOT_FIELD("timing.nCL", timing.nCL, 1, 1024, "tCK", "read latency"),
      PILOT_FIELD("timing.nCWL", timing.nCWL, 1, 1024, "tCK", "write latency"),
      PILOT_FIELD("timing.nRCDRD", timing.nRCDRD, 1, 1024, "tCK",
                  "ACT to READ"),
      PILOT_FIELD("timing.nRCDWR", timing.nRCDWR, 1, 1024, "tCK",
                  "ACT to WRITE"),
      PILOT_FIELD("timing.nRP", timing.nRP, 1, 1024, "tCK",
                  "PRE to ACT, same bank"),
      PILOT_FIELD("timing.nRAS", timing.nRAS, 1, 4096, "tCK",
                  "ACT to PRE, same bank"),
      PILOT_FIELD("timing.nRC", timing.nRC, 1, 4096, "tCK",
                  "ACT to ACT, same bank"),
      PILOT_FIELD("timing.nWR", timing.nWR, 1, 1024, "tCK",
                  "end of write data to PRE"),
      PILOT_FIELD("timing.nRTPS", timing.nRTPS, 1, 1024, "tCK",
                  "READ to PRE, different bank group"),
      PILOT_FIELD("timing.nRTPL", timing.nRTPL, 1, 1024, "tCK",
                  "READ to PRE, same bank group"),
      PILOT_FIELD("timing.nCCDS", timing.nCCDS, 1, 1024, "tCK",
                  "column to column, different bank group"),
      PILOT_FIELD("timing.nCCDL", timing.nCCDL, 1, 1024, "tCK",
                  "column to column, same bank group"),
      PILOT_FIELD("timing.nRRDS", timing.nRRDS, 1, 1024, "tCK",
                  "ACT to ACT, different bank group"),
      PILOT_FIELD("timing.nRRDL", timing.nRRDL, 1, 1024, "tCK",
                  "ACT to ACT, same bank group"),
      PILOT_FIELD("timing.nFAW", timing.nFAW, 1, 4096, "tCK",
                  "window holding at most four ACTs"),
      PILOT_FIELD("timing.nCCDAB", timing.nCCDAB, 0, 1024, "tCK",
                  "column to column of commands driving a whole bank group "
                  "(power constraint; 0: none)"),
      PILOT_FIELD("timing.nWTRS", timing.nWTRS, 1, 1024, "tCK",
                  "end of write data to READ, different bank group"),
      PILOT_FIELD("timing.nWTRL", timing.nWTRL, 1, 1024, "tCK",
                  "end of write data to READ, same bank group"),
      PILOT_FIELD("timing.nRTW", timing.nRTW, 1, 1024, "tCK",
                  "READ to WRITE turnaround"),
      PILOT_FIELD("timing.nREFI", timing.nREFI, 1, kMaxCycles, "tCK",
                  "average refresh interval"),
      PILOT_FIELD("timing.nRFC", timing.nRFC, 1, kMaxCycles, "tCK",
                  "all-bank refresh cycle time"),
      PILOT_FIELD("timing.nRFCSB", timing.nRFCSB, 1, kMaxCycles, "tCK",
                  "single-bank refresh cycle time"),
      PILOT_FIELD("energy.act_fj_per_bit", energy.activateFJPerBit, 0,
                  kMaxEnergy, "fJ per bit", "ACT + PRE, per bit of the row"),
      PILOT_FIELD("energy.column_fj_per_bit", energy.columnFJPerBit, 0,
                  kMaxEnergy, "fJ per bit", "cell read or write of a column"),
      PILOT_FIELD("energy.external_fj_per_bit", energy.externalFJPerBit, 0,
                  kMaxEnergy, "fJ per bit", "a result byte read by the host"),
      PILOT_FIELD("energy.bgpm_fj_per_bit", energy.bgpmFJPerBit, 0, kMaxEnergy,
                  "fJ per bit", "bank <-> bank-group module"),
      PILOT_FIELD("energy.bpm_fj_per_cycle", energy.bpmFJPerCycle, 0,
                  kMaxEnergy, "fJ", "one busy BPM cycle"),
      PILOT_FIELD("energy.bgpm_fj_per_cycle", energy.bgpmFJPerCycle, 0,
                  kMaxEnergy, "fJ", "one busy BGPM cycle"),
      PILOT_FIELD("host.bandwidth_gbps", host.bandwidthGBps, 1, 1000000,
                  "GB/s", "host GPU memory bandwidth (merges partials)"),
      PILOT_FIELD("host.efficiency_pct", host.efficiencyPct, 1, 100, "%",
                  "share of the host's bandwidth a streaming kernel attains"),
  };
  return table;
}

#undef PILOT_FIELD

const FieldEntry *findEntry(std::string_view key) {
  for (const FieldEntry &entry : fieldTable())
    if (entry.info.key == key)
      return &entry;
  return nullptr;
}

/// PILOT Table I: 4 HBM3 stacks x 8 dies x 8 pCH x 4 BG x 4 banks, 32K rows of
/// 1 KB; BPM at 666 MHz with 16 FP16 multipliers and a 2 KB buffer; BGPM with
/// 16 FP16 adders. 32 B per column access: AttAcc HBM3-PIM (32 columns of 32 B
/// per 1 KB row). The adder tree accumulates in FP16 ("all arithmetic FP16").
Organization pilotOrganization() {
  return Organization{
      /*stacks=*/4,      /*dies=*/8,        /*pchs=*/8,
      /*bankGroups=*/4,  /*banks=*/4,       /*rows=*/32768,
      /*rowBytes=*/1024, /*columnBytes=*/32};
}

/// Latencies of the processing modules: the paper gives none, so each is
/// derived from Table I's datapath and is pilot's assumption
/// (docs/simulator.md):
/// - PLT_MAC fill 6 = 1 multiplier stage + log2(16) = 4 adder-tree levels +
///   1 accumulator stage;
/// - PLT_EXP 5 per 16 elements = 1 range-reduction multiply + 3 Horner
///   multiply-adds of the third-order Taylor series + 1 exponent adjustment;
/// - PLT_ACC drain 5 = 4 adder-tree levels + 1 accumulator stage;
/// - PLT_SFM reciprocal 8 per row = 1 seed lookup + 2 Newton-Raphson steps
///   of 3 cycles (2 dependent multiply-adds and a rounding) + 1 write;
/// - BGPM 4 = 2 cycles to gather the banks' partials + 2 to send the total
///   back.
BankModule pilotBankModule() {
  return BankModule{/*clockMHz=*/666,     /*lanes=*/16,
                    /*bufferBytes=*/2048, /*accumulateBits=*/16,
                    /*macLatency=*/6,     /*expCycles=*/5,
                    /*accLatency=*/5,     /*recipCycles=*/8};
}
BankGroupModule pilotBankGroupModule() {
  return BankGroupModule{/*clockMHz=*/666, /*adders=*/16, /*latency=*/4};
}

/// Energy per event. DRAM: AttAcc's table (scale-snu/attacc_simulator,
/// src/config.py, from FGDRAM, MICRO 2017): cell ACT/PRE 0.11 pJ/b, cell
/// RD/WR 0.44 pJ/b, column decoder to bank-group mux 1.01 pJ/b, bank-group
/// mux to global IO 1.23 pJ/b, TSV 0.5 pJ/b, interposer IO 0.3 pJ/b. A host
/// read is the cell access plus the whole path out: 0.44 + 1.01 + 1.23 +
/// 0.5 + 0.3 = 3.48 pJ/b; a bank's partials reach its BGPM over the column
/// path to the bank-group mux, 1.01 pJ/b. Modules: PILOT's BPM draws
/// 4.10 mW and its BGPM 0.17 mW at 666 MHz (PAPER.md), 6.156 and 0.255 pJ
/// per cycle.
EnergyCosts pilotEnergyCosts() {
  return EnergyCosts{
      /*activateFJPerBit=*/110,  /*columnFJPerBit=*/440,
      /*externalFJPerBit=*/3480, /*bgpmFJPerBit=*/1010,
      /*bpmFJPerCycle=*/6156,    /*bgpmFJPerCycle=*/255};
}

/// The host GPU: AttAcc's A100 with HBM3 ("A100a", the paper's GPU),
/// 3352 GB/s, of which its GPU model attains 0.85 on memory-bound kernels
/// (scale-snu/attacc_simulator, src/config.py; REFERENCES.md, GPU baselines;
/// python/pilot/gpu.py).
HostModel attaccHost() {
  return HostModel{/*bandwidthGBps=*/3352, /*efficiencyPct=*/85};
}

/// Cycles for a duration: round up, as JEDEC converts ns to tCK.
int64_t cyclesFor(double ns, int64_t tCKps) {
  double cycles = ns * 1000.0 / double(tCKps);
  auto whole = int64_t(cycles);
  return double(whole) < cycles - 1e-9 ? whole + 1 : whole;
}

/// Refresh in cycles from REFERENCES.md's nanoseconds, common to both presets:
/// tREFI 3.9 us (an interval: rounded down), tRFC 350 ns and single-bank
/// tRFCsb 200 ns (busy times: rounded up).
void setRefresh(DramTiming &t) {
  t.nREFI = 3900 * 1000 / t.tCKps;
  t.nRFC = cyclesFor(350, t.tCKps);
  t.nRFCSB = cyclesFor(200, t.tCKps);
}

/// AttAcc's HBM3 5.2 Gb/s timing (scale-snu/attacc_simulator,
/// pim_ramulator_src/HBM3-PIM.cpp): tCK 0.769 ns.
DramTiming attaccHBM3Timing() {
  DramTiming t;
  t.tCKps = 769;
  t.nBL = 2, t.nCL = 19, t.nCWL = 6;
  t.nRCDRD = 19, t.nRCDWR = 19, t.nRP = 19, t.nRAS = 45, t.nRC = 63;
  t.nWR = 21, t.nRTPS = 6, t.nRTPL = 8;
  t.nCCDS = 2, t.nCCDL = 4, t.nRRDS = 2, t.nRRDL = 4, t.nFAW = 39;
  t.nWTRS = 8, t.nWTRL = 11, t.nRTW = 3;
  setRefresh(t);
  return t;
}

/// AttAcc's HBM3 5.2 Gb/s timing under its power constraint
/// (scale-snu/attacc_simulator, pim_ramulator_src/HBM3-PIM.cpp, preset
/// HBM3_5.2Gbps against HBM3_5.2Gbps_NPC, "without power constraint"):
/// consecutive all-bank MACs 6 tCK apart (nCCDAB), not 4.
DramTiming attaccPowerConstrainedTiming() {
  DramTiming t = attaccHBM3Timing();
  t.nCCDAB = 6;
  return t;
}

/// Ramulator 2's HBM3 6400 timing, JESD238-based (CMU-SAFARI/ramulator2,
/// python/ramulator/dram/hbm3.py): tCK 0.625 ns. Its tRFC is 260-550 ns by
/// density; the 350 ns of AttAcc's 8 Gb part keeps the presets' refresh equal.
DramTiming ramulatorHBM3Timing() {
  DramTiming t;
  t.tCKps = 625;
  t.nBL = 2, t.nCL = 20, t.nCWL = 10;
  t.nRCDRD = 31, t.nRCDWR = 15, t.nRP = 26, t.nRAS = 45, t.nRC = 72;
  t.nWR = 33, t.nRTPS = 9, t.nRTPL = 9;
  t.nCCDS = 2, t.nCCDL = 4, t.nRRDS = 4, t.nRRDL = 5, t.nFAW = 24;
  t.nWTRS = 7, t.nWTRL = 10, t.nRTW = 20;
  setRefresh(t);
  return t;
}

/// A timing set moved to a faster interface: the DRAM array's timings keep
/// their nanoseconds (a faster interface does not shorten them) and become
/// cycles of the new tCK, rounded up as JEDEC converts ns to tCK; the burst
/// (nBL) and the column-to-column gap between bank groups (nCCDS, one burst)
/// are interface cycles and stay. Refresh as in every preset. Which numbers
/// are sources and which derived: docs/hardware.md.
DramTiming atFasterInterface(const DramTiming &from, int64_t tCKps) {
  DramTiming t = from;
  t.tCKps = tCKps;
  for (int64_t DramTiming::*field :
       {&DramTiming::nCL, &DramTiming::nCWL, &DramTiming::nRCDRD,
        &DramTiming::nRCDWR, &DramTiming::nRP, &DramTiming::nRAS,
        &DramTiming::nRC, &DramTiming::nWR, &DramTiming::nRTPS,
        &DramTiming::nRTPL, &DramTiming::nCCDL, &DramTiming::nRRDS,
        &DramTiming::nRRDL, &DramTiming::nFAW, &DramTiming::nWTRS,
        &DramTiming::nWTRL, &DramTiming::nRTW})
    t.*field = cyclesFor(double(from.*field) * double(from.tCKps) / 1000.0,
                         tCKps);
  setRefresh(t);
  return t;
}

/// HBM3E at 9.6 Gb/s per pin: SK hynix's 12-layer HBM3E (news release,
/// 26 Sep 2024, "9.6 Gbps"); HBM3E is vendor-specified beyond JESD238A's
/// 6.4 Gb/s. Four transfers per tCK, as in both HBM3 presets (5.2 Gb/s at
/// 0.769 ns, 6.4 Gb/s at 0.625 ns): tCK = 4 / 9.6 GHz = 0.4167 ns, 417 ps.
/// The array timings are Ramulator 2's JESD238 set in nanoseconds.
DramTiming hbm3eTiming() {
  return atFasterInterface(ramulatorHBM3Timing(), 417);
}

/// HBM4 at 8 Gb/s per pin, JEDEC JESD270-4 (April 2025; JEDEC's release
/// "JEDEC Releases New HBM4 Standard": up to 8 Gb/s over a 2048-bit
/// interface). tCK = 4 / 8 GHz = 0.5 ns. The array timings are Ramulator
/// 2's JESD238 set in nanoseconds.
DramTiming hbm4Timing() { return atFasterInterface(ramulatorHBM3Timing(), 500); }

/// HBM4's organisation: JESD270-4 doubles the independent channels of a
/// stack, 32 channels of 2 pseudo-channels against HBM3's 16 (JEDEC's
/// release), so each die of an 8-high stack holds twice Table I's
/// pseudo-channels. Bank groups and banks per pseudo-channel stay Table I's
/// 4 x 4 (pilot's assumption: the release does not give them).
Organization hbm4Organization() {
  Organization org = pilotOrganization();
  org.pchs = 2 * org.pchs;
  return org;
}

/// A rule between two fields: `larger` must be at least `smaller`.
struct OrderingRule {
  std::string_view larger;
  std::string_view smaller;
};
constexpr OrderingRule kOrderingRules[] = {
    {"timing.nCCDL", "timing.nCCDS"}, {"timing.nRRDL", "timing.nRRDS"},
    {"timing.nWTRL", "timing.nWTRS"}, {"timing.nRTPL", "timing.nRTPS"},
    {"timing.nRC", "timing.nRAS"},
};

/// The cycles from a refresh falling due to the first column command after
/// it, at worst: the open row closes once its last ACT (nRC), write
/// (nCWL + nBL + nWR) or read (nRTPL) allows, PREA takes nRP, REF nRFC,
/// and the row reopens (nRCD). A refresh interval no longer than this
/// leaves a bank no time to move a byte, and the simulator would refresh
/// forever.
int64_t refreshTurnaround(const DramTiming &t) {
  return std::max({t.nRC, t.nCWL + t.nBL + t.nWR, t.nRTPL}) + t.nRP + t.nRFC +
         std::max(t.nRCDRD, t.nRCDWR);
}

} // namespace

bool HardwareDescription::operator==(const HardwareDescription &other) const {
  for (std::string_view key : fieldKeys())
    if (*lookupField(*this, key) != *lookupField(other, key))
      return false;
  return true;
}

const std::vector<std::string_view> &pilot::hw::fieldKeys() {
  static const std::vector<std::string_view> keys = [] {
    std::vector<std::string_view> result;
    for (const FieldEntry &entry : fieldTable())
      result.push_back(entry.info.key);
    return result;
  }();
  return keys;
}

int64_t *pilot::hw::lookupField(HardwareDescription &hw, std::string_view key) {
  const FieldEntry *entry = findEntry(key);
  return entry ? &entry->access(hw) : nullptr;
}

const int64_t *pilot::hw::lookupField(const HardwareDescription &hw,
                                      std::string_view key) {
  return lookupField(const_cast<HardwareDescription &>(hw), key);
}

std::optional<FieldInfo> pilot::hw::fieldInfo(std::string_view key) {
  if (const FieldEntry *entry = findEntry(key))
    return entry->info;
  return std::nullopt;
}

std::vector<std::string> pilot::hw::validate(const HardwareDescription &hw) {
  std::vector<std::string> errors;
  for (const FieldEntry &entry : fieldTable()) {
    int64_t value = *lookupField(hw, entry.info.key);
    if (value < entry.info.min || value > entry.info.max)
      errors.push_back(fmt::format("{} = {} is out of range [{}, {}] ({})",
                                   entry.info.key, value, entry.info.min,
                                   entry.info.max, entry.info.meaning));
  }
  if (!errors.empty())
    return errors; // The relations below assume every field is in range.

  if (hw.org.rowBytes % hw.org.columnBytes != 0)
    errors.push_back(fmt::format(
        "org.row_bytes = {} must be a multiple of org.column_bytes = {}",
        hw.org.rowBytes, hw.org.columnBytes));
  if (hw.bpm.bufferBytes % 2 != 0)
    errors.push_back(fmt::format(
        "bpm.buffer_bytes = {} must be even (it holds FP16 elements)",
        hw.bpm.bufferBytes));
  if (hw.bpm.accumulateBits != 16 && hw.bpm.accumulateBits != 32)
    errors.push_back(fmt::format("bpm.accumulate_bits = {} must be 16 or 32",
                                 hw.bpm.accumulateBits));
  for (const OrderingRule &rule : kOrderingRules) {
    int64_t larger = *lookupField(hw, rule.larger);
    int64_t smaller = *lookupField(hw, rule.smaller);
    if (larger < smaller)
      errors.push_back(fmt::format("{} = {} must be at least {} = {}",
                                   rule.larger, larger, rule.smaller, smaller));
  }
  if (hw.timing.nCCDAB != 0 && hw.timing.nCCDAB < hw.timing.nCCDL)
    errors.push_back(fmt::format(
        "timing.nCCDAB = {} must be 0 (no power constraint) or at least "
        "timing.nCCDL = {}: all-bank column commands are never closer than "
        "others",
        hw.timing.nCCDAB, hw.timing.nCCDL));
  if (int64_t turnaround = refreshTurnaround(hw.timing);
      hw.timing.nREFI <= turnaround)
    errors.push_back(fmt::format(
        "timing.nREFI = {} must exceed the {} cycles a refresh keeps a row "
        "from being read again (max(nRC, nCWL + nBL + nWR, nRTPL) + nRP + "
        "nRFC + max(nRCDRD, nRCDWR)); a shorter interval leaves no time to "
        "move data",
        hw.timing.nREFI, turnaround));
  return errors;
}

std::optional<int64_t> pilot::hw::fp16Bytes(llvm::ArrayRef<int64_t> dims) {
  std::optional<int64_t> bytes = 2;
  for (int64_t dim : dims)
    if (bytes)
      bytes = llvm::checkedMul(*bytes, dim);
  return bytes;
}

std::vector<std::string_view> pilot::hw::presetNames() {
  return {"pilot-hbm3", "pilot-hbm3-pc", "pilot-hbm3-jedec", "pilot-hbm3e",
          "pilot-hbm4"};
}

std::optional<HardwareDescription>
pilot::hw::lookupPreset(std::string_view name) {
  HardwareDescription hw;
  hw.org = pilotOrganization();
  hw.bpm = pilotBankModule();
  hw.bgpm = pilotBankGroupModule();
  hw.energy = pilotEnergyCosts();
  hw.host = attaccHost();
  if (name == "pilot-hbm3")
    hw.timing = attaccHBM3Timing();
  else if (name == "pilot-hbm3-pc")
    hw.timing = attaccPowerConstrainedTiming();
  else if (name == "pilot-hbm3-jedec")
    hw.timing = ramulatorHBM3Timing();
  else if (name == "pilot-hbm3e")
    hw.timing = hbm3eTiming();
  else if (name == "pilot-hbm4") {
    hw.org = hbm4Organization();
    hw.timing = hbm4Timing();
  } else
    return std::nullopt;
  return hw;
}

int64_t pilot::hw::elementwiseCommandCycles(int64_t elements, int64_t lanes) {
  return (elements + lanes - 1) / lanes;
}

int64_t pilot::hw::macCommandCycles(const HardwareDescription &hw, int64_t m,
                                    int64_t n, int64_t k, int64_t lanes) {
  return elementwiseCommandCycles(m * n * k, lanes) + hw.bpm.macLatency;
}

int64_t pilot::hw::expCommandCycles(const HardwareDescription &hw,
                                    int64_t elements, int64_t lanes) {
  return elementwiseCommandCycles(elements, lanes) * hw.bpm.expCycles;
}

int64_t pilot::hw::accCommandCycles(const HardwareDescription &hw, int64_t rows,
                                    int64_t cols) {
  return rows * elementwiseCommandCycles(cols, hw.bpm.lanes) +
         hw.bpm.accLatency;
}

int64_t pilot::hw::sfmCommandCycles(const HardwareDescription &hw, int64_t rows,
                                    int64_t cols, int64_t lanes) {
  return rows * hw.bpm.recipCycles +
         elementwiseCommandCycles(rows * cols, lanes);
}
