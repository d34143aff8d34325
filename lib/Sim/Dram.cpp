//===- Dram.cpp - HBM pseudo-channel timing state machine -----------------===//
//
// Each issued command raises the "next" cycles of the commands it
// constrains, at the bank, bank-group and pseudo-channel levels, in the
// manner of Ramulator's timing tables. A query takes the maximum over the
// levels the command touches.
//
//===----------------------------------------------------------------------===//

#include "pilot/Sim/Dram.h"

#include <algorithm>
#include <cassert>
#include <limits>

using namespace pilot;
using namespace pilot::sim;

namespace {

/// An ACT time that no tFAW window can reach.
constexpr int64_t kLongAgo = std::numeric_limits<int64_t>::min() / 4;

void raise(int64_t &next, int64_t value) { next = std::max(next, value); }

/// Distance of \p next past \p reference; 0 once it no longer binds.
int64_t pastReference(int64_t next, int64_t reference) {
  return std::max<int64_t>(next - reference, 0);
}

} // namespace

std::string_view sim::channelCommandName(ChannelCommand command) {
  switch (command) {
  case ChannelCommand::Activate:
    return "ACT";
  case ChannelCommand::Precharge:
    return "PRE";
  case ChannelCommand::PrechargeAll:
    return "PREA";
  case ChannelCommand::Read:
    return "RD";
  case ChannelCommand::Write:
    return "WR";
  case ChannelCommand::Refresh:
    return "REF";
  case ChannelCommand::Pim:
    return "PIM";
  }
  return "?";
}

BankSet::BankSet(std::vector<int> bankList, int64_t banksPerGroup)
    : banks(std::move(bankList)) {
  std::sort(banks.begin(), banks.end());
  std::vector<int64_t> named;
  for (int bank : banks) {
    int group = int(bank / banksPerGroup);
    if (groups.empty() || groups.back() != group) {
      groups.push_back(group);
      named.push_back(0);
    }
    ++named.back();
  }
  for (int64_t count : named)
    wholeGroups.push_back(count == banksPerGroup);
}

PseudoChannel::PseudoChannel(const hw::HardwareDescription &hw)
    : timing(hw.timing), bankStates(hw.banksPerPch()),
      groupStates(hw.org.bankGroups) {
  recentActivates.fill(kLongAgo);
}

int64_t PseudoChannel::columnGap(bool wholeGroup) const {
  // AttAcc spaces consecutive all-bank MACs by nCCDAB at the channel; a
  // command driving a whole group is spaced so at that group, which is the
  // same for commands driving every bank (docs/simulator.md).
  return wholeGroup ? timing.allBankColumnGap() : timing.nCCDL;
}

bool PseudoChannel::anyRowOpen() const {
  return std::any_of(bankStates.begin(), bankStates.end(),
                     [](const BankState &bank) { return bank.openRow; });
}

int64_t PseudoChannel::earliest(ChannelCommand command, const BankSet &banks,
                                int64_t notBefore) const {
  int64_t cycle = std::max(notBefore, busFree);
  switch (command) {
  case ChannelCommand::Activate:
    for (int bank : banks.banks) {
      assert(!bankStates[bank].openRow && "ACT to an open bank");
      cycle = std::max(cycle, bankStates[bank].nextActivate);
    }
    for (int group : banks.groups)
      cycle = std::max(cycle, groupStates[group].nextActivate);
    return std::max(
        {cycle, nextActivate, recentActivates.front() + timing.nFAW});
  case ChannelCommand::Precharge:
    for (int bank : banks.banks)
      cycle = std::max(cycle, bankStates[bank].nextPrecharge);
    return cycle;
  case ChannelCommand::PrechargeAll:
    return std::max(cycle, nextPrechargeAll);
  case ChannelCommand::Read:
    for (int bank : banks.banks) {
      assert(bankStates[bank].openRow && "RD to a closed bank");
      cycle = std::max(cycle, bankStates[bank].nextRead);
    }
    for (int group : banks.groups)
      cycle = std::max(cycle, groupStates[group].nextRead);
    return std::max(cycle, nextRead);
  case ChannelCommand::Write:
    for (int bank : banks.banks) {
      assert(bankStates[bank].openRow && "WR to a closed bank");
      cycle = std::max(cycle, bankStates[bank].nextWrite);
    }
    for (int group : banks.groups)
      cycle = std::max(cycle, groupStates[group].nextWrite);
    return std::max(cycle, nextWrite);
  case ChannelCommand::Refresh:
    assert(!anyRowOpen() && "REF with a row open");
    return std::max(cycle, nextRefresh);
  case ChannelCommand::Pim:
    return cycle;
  }
  return cycle;
}

void PseudoChannel::issue(ChannelCommand command, const BankSet &banks,
                          int64_t cycle, int64_t row) {
  assert(cycle >= earliest(command, banks, cycle) && "command issued early");
  busFree = cycle + 1;
  const hw::DramTiming &t = timing;
  // Write data ends nCWL + nBL after the command; recovery counts from there.
  int64_t writeEnd = cycle + t.nCWL + t.nBL;
  switch (command) {
  case ChannelCommand::Activate:
    for (int bank : banks.banks) {
      BankState &state = bankStates[bank];
      state.openRow = row;
      raise(state.nextActivate, cycle + t.nRC);
      raise(state.nextPrecharge, cycle + t.nRAS);
      raise(state.nextRead, cycle + t.nRCDRD);
      raise(state.nextWrite, cycle + t.nRCDWR);
    }
    for (int group : banks.groups)
      raise(groupStates[group].nextActivate, cycle + t.nRRDL);
    raise(nextActivate, cycle + t.nRRDS);
    raise(nextPrechargeAll, cycle + t.nRAS);
    raise(nextRefresh, cycle + t.nRC);
    std::rotate(recentActivates.begin(), recentActivates.begin() + 1,
                recentActivates.end());
    recentActivates.back() = cycle;
    return;
  case ChannelCommand::Precharge:
    for (int bank : banks.banks) {
      bankStates[bank].openRow.reset();
      raise(bankStates[bank].nextActivate, cycle + t.nRP);
    }
    raise(nextRefresh, cycle + t.nRP);
    return;
  case ChannelCommand::PrechargeAll:
    for (BankState &state : bankStates) {
      state.openRow.reset();
      raise(state.nextActivate, cycle + t.nRP);
    }
    raise(nextRefresh, cycle + t.nRP);
    return;
  case ChannelCommand::Read:
    for (int bank : banks.banks)
      raise(bankStates[bank].nextPrecharge, cycle + t.nRTPL);
    for (size_t g = 0; g < banks.groups.size(); ++g) {
      GroupState &group = groupStates[banks.groups[g]];
      int64_t gap = columnGap(banks.wholeGroups[g]);
      raise(group.nextRead, cycle + gap);
      raise(group.nextWrite, cycle + gap);
    }
    raise(nextRead, cycle + t.nCCDS);
    raise(nextWrite, cycle + std::max(t.nRTW, t.nCCDS));
    raise(nextPrechargeAll, cycle + t.nRTPS);
    return;
  case ChannelCommand::Write:
    for (int bank : banks.banks)
      raise(bankStates[bank].nextPrecharge, writeEnd + t.nWR);
    for (size_t g = 0; g < banks.groups.size(); ++g) {
      GroupState &group = groupStates[banks.groups[g]];
      int64_t gap = columnGap(banks.wholeGroups[g]);
      raise(group.nextWrite, cycle + gap);
      raise(group.nextRead, std::max(cycle + gap, writeEnd + t.nWTRL));
    }
    raise(nextWrite, cycle + t.nCCDS);
    raise(nextRead, writeEnd + t.nWTRS);
    raise(nextPrechargeAll, writeEnd + t.nWR);
    return;
  case ChannelCommand::Refresh:
    for (BankState &state : bankStates)
      raise(state.nextActivate, cycle + t.nRFC);
    raise(nextRefresh, cycle + t.nRFC);
    return;
  case ChannelCommand::Pim:
    return;
  }
}

void PseudoChannel::appendSignature(std::vector<int64_t> &signature,
                                    int64_t reference) const {
  for (const BankState &bank : bankStates) {
    signature.push_back(pastReference(bank.nextActivate, reference));
    signature.push_back(pastReference(bank.nextPrecharge, reference));
    signature.push_back(pastReference(bank.nextRead, reference));
    signature.push_back(pastReference(bank.nextWrite, reference));
    signature.push_back(bank.openRow.has_value());
  }
  for (const GroupState &group : groupStates) {
    signature.push_back(pastReference(group.nextActivate, reference));
    signature.push_back(pastReference(group.nextRead, reference));
    signature.push_back(pastReference(group.nextWrite, reference));
  }
  for (int64_t next : {nextActivate, nextRead, nextWrite, nextPrechargeAll,
                       nextRefresh, busFree})
    signature.push_back(pastReference(next, reference));
  for (int64_t activate : recentActivates)
    signature.push_back(pastReference(activate + timing.nFAW, reference));
}

void PseudoChannel::shiftTime(int64_t cycles) {
  for (BankState &bank : bankStates)
    for (int64_t *next : {&bank.nextActivate, &bank.nextPrecharge,
                          &bank.nextRead, &bank.nextWrite})
      *next += cycles;
  for (GroupState &group : groupStates)
    for (int64_t *next :
         {&group.nextActivate, &group.nextRead, &group.nextWrite})
      *next += cycles;
  for (int64_t *next : {&nextActivate, &nextRead, &nextWrite, &nextPrechargeAll,
                        &nextRefresh, &busFree})
    *next += cycles;
  for (int64_t &activate : recentActivates)
    if (activate != kLongAgo)
      activate += cycles;
}

void PseudoChannel::shiftOpenRows(const BankSet &banks, int64_t rows) {
  for (int bank : banks.banks)
    if (bankStates[bank].openRow)
      *bankStates[bank].openRow += rows;
}
