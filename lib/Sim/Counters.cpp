//===- Counters.cpp - what the simulator counts, and its energy -----------===//

#include "pilot/Sim/Counters.h"

#include "llvm/Support/MathExtras.h"

using namespace pilot;
using namespace pilot::sim;

const std::vector<CounterInfo> &sim::counterTable() {
  static const std::vector<CounterInfo> table = {
      {"io.external_bytes", &Counters::externalBytes, "bytes",
       "result bytes the host reads back: PLT_OUT bytes, summed over banks"},
      {"io.internal_read_bytes", &Counters::internalReadBytes, "bytes",
       "bank -> BPM buffer: PLT_MOV dram_to_buffer bytes"},
      {"io.internal_write_bytes", &Counters::internalWriteBytes, "bytes",
       "BPM buffer -> bank: PLT_MOV buffer_to_dram and PLT_OUT bytes"},
      {"io.bgpm_bytes", &Counters::bgpmBytes, "bytes",
       "BPM <-> BGPM: partial sums in and totals back"},
      {"io.key_value_read_bytes", &Counters::keyValueReadBytes, "bytes",
       "of io.internal_read_bytes, those read from DRAM rows where a pim.cfg "
       "places K or V"},
      {"dram.act", &Counters::activates, "commands", "rows opened, per bank"},
      {"dram.pre", &Counters::precharges, "commands",
       "rows closed by PRE or PREA, per bank"},
      {"dram.rd", &Counters::reads, "commands", "column reads, per bank"},
      {"dram.wr", &Counters::writes, "commands", "column writes, per bank"},
      {"dram.ref", &Counters::refreshes, "commands",
       "all-bank refreshes, per bank"},
      {"dram.row_hits", &Counters::rowHits, "transfers",
       "transfers whose row was already open"},
      {"dram.row_misses", &Counters::rowMisses, "transfers",
       "transfers that had to open their row"},
      {"bus.commands", &Counters::busCommands, "commands",
       "commands on the pseudo-channel command buses (one drives many "
       "banks)"},
      {"commands.cfg", &Counters::cfgCommands, "commands", "PLT_CFG, per bank"},
      {"commands.mov", &Counters::movCommands, "commands", "PLT_MOV, per bank"},
      {"commands.out", &Counters::outCommands, "commands", "PLT_OUT, per bank"},
      {"commands.mac", &Counters::macCommands, "commands", "PLT_MAC, per bank"},
      {"commands.exp", &Counters::expCommands, "commands", "PLT_EXP, per bank"},
      {"commands.acc", &Counters::accCommands, "commands", "PLT_ACC, per bank"},
      {"commands.sfm", &Counters::sfmCommands, "commands", "PLT_SFM, per bank"},
      {"commands.mask", &Counters::maskCommands, "commands",
       "PLT_MASK, per bank"},
      {"commands.sub", &Counters::subCommands, "commands", "PLT_SUB, per bank"},
      {"pim.mac", &Counters::macs, "operations",
       "multiply-accumulates (m * n * k per PLT_MAC)"},
      {"pim.exp", &Counters::exps, "elements", "elements exponentiated"},
      {"pim.acc_adds", &Counters::accAdds, "operations",
       "additions of PLT_ACC row sums in the BPM (comparisons with max)"},
      {"pim.sfm", &Counters::sfmElements, "elements",
       "elements normalised by PLT_SFM"},
      {"pim.mask", &Counters::maskElements, "elements",
       "elements scaled and masked by PLT_MASK"},
      {"pim.sub", &Counters::subElements, "elements",
       "elements PLT_SUB subtracted from"},
      {"pim.bgpm_adds", &Counters::bgpmAdds, "operations",
       "additions of the BGPM, per bank group"},
      {"bpm.mac_cycles", &Counters::bpmMacCycles, "BPM cycles",
       "busy with PLT_MAC, per bank"},
      {"bpm.exp_cycles", &Counters::bpmExpCycles, "BPM cycles",
       "busy with PLT_EXP, per bank"},
      {"bpm.acc_cycles", &Counters::bpmAccCycles, "BPM cycles",
       "busy with PLT_ACC, per bank"},
      {"bpm.sfm_cycles", &Counters::bpmSfmCycles, "BPM cycles",
       "busy with PLT_SFM, per bank"},
      {"bpm.mask_cycles", &Counters::bpmMaskCycles, "BPM cycles",
       "busy with PLT_MASK, per bank"},
      {"bpm.sub_cycles", &Counters::bpmSubCycles, "BPM cycles",
       "busy with PLT_SUB, per bank"},
      {"bgpm.cycles", &Counters::bgpmCycles, "BGPM cycles",
       "busy reducing, per bank group"},
      {"bank.busy_ps", &Counters::busyPs, "ps",
       "time a command of the bank's program occupies the bank or its BPM, "
       "per bank"},
  };
  return table;
}

Counters &Counters::operator+=(const Counters &other) {
  for (const CounterInfo &info : counterTable())
    this->*info.member += other.*info.member;
  return *this;
}

Counters &Counters::operator-=(const Counters &other) {
  for (const CounterInfo &info : counterTable())
    this->*info.member -= other.*info.member;
  return *this;
}

Counters Counters::scaled(int64_t factor) const {
  Counters result = *this;
  for (const CounterInfo &info : counterTable())
    result.*info.member *= factor;
  return result;
}

bool Counters::operator==(const Counters &other) const {
  for (const CounterInfo &info : counterTable())
    if (this->*info.member != other.*info.member)
      return false;
  return true;
}

int64_t sim::rowsPerRefresh(const hw::HardwareDescription &hw) {
  constexpr int64_t kRefreshesPerWindow = 8192;
  return llvm::divideCeilSigned(hw.org.rows, kRefreshesPerWindow);
}

double Energy::total() const {
  return activation + column + refresh + externalIO + bgpmIO + bpmMac + bpmExp +
         bpmAcc + bpmSfm + bpmMask + bpmSub + bgpm;
}

Energy sim::energyOf(const Counters &counters,
                     const hw::HardwareDescription &hw) {
  constexpr double kPicoPerFemto = 1e-3;
  const hw::EnergyCosts &costs = hw.energy;
  double rowBits = 8.0 * hw.org.rowBytes;
  double columnBits = 8.0 * hw.org.columnBytes;
  double activatePJ = costs.activateFJPerBit * rowBits * kPicoPerFemto;
  Energy energy;
  energy.activation = counters.activates * activatePJ;
  energy.column = (counters.reads + counters.writes) * columnBits *
                  costs.columnFJPerBit * kPicoPerFemto;
  energy.refresh = counters.refreshes * rowsPerRefresh(hw) * activatePJ;
  energy.externalIO =
      counters.externalBytes * 8.0 * costs.externalFJPerBit * kPicoPerFemto;
  energy.bgpmIO = counters.bgpmBytes * 8.0 * costs.bgpmFJPerBit * kPicoPerFemto;
  double bpmCyclePJ = costs.bpmFJPerCycle * kPicoPerFemto;
  energy.bpmMac = counters.bpmMacCycles * bpmCyclePJ;
  energy.bpmExp = counters.bpmExpCycles * bpmCyclePJ;
  energy.bpmAcc = counters.bpmAccCycles * bpmCyclePJ;
  energy.bpmSfm = counters.bpmSfmCycles * bpmCyclePJ;
  energy.bpmMask = counters.bpmMaskCycles * bpmCyclePJ;
  energy.bpmSub = counters.bpmSubCycles * bpmCyclePJ;
  energy.bgpm = counters.bgpmCycles * costs.bgpmFJPerCycle * kPicoPerFemto;
  return energy;
}
