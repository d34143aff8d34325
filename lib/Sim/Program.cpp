//===- Program.cpp - the simulator's program representation ---------------===//
//
// Address evaluation, placements, and the static checks of a program against
// its hardware: the rule book the pim dialect's verifiers also call
// (pilot/Hardware/ProgramRules.h), applied to the plain representation, so a
// program is safe to run whatever built it.
//
//===----------------------------------------------------------------------===//

#include "pilot/Sim/Program.h"

#include "pilot/Hardware/ProgramRules.h"

#include <fmt/format.h>

#include <array>

using namespace pilot;
using namespace pilot::sim;

int64_t LinearAddress::evaluate(const std::vector<int64_t> &ivs) const {
  int64_t value = constant;
  for (auto [loop, coefficient] : terms)
    value += coefficient * ivs[loop];
  return value;
}

int64_t LinearAddress::coefficient(int loopIndex) const {
  for (auto [loop, coefficient] : terms)
    if (loop == loopIndex)
      return coefficient;
  return 0;
}

int64_t TensorPlacement::sliceBase(int64_t bankIndex, int64_t slot) const {
  int64_t x = indexBase + bankIndex + slot * indexStride;
  int64_t base = offset;
  for (size_t k = 0; k < radices.size(); ++k) {
    // The last digit takes the whole remaining quotient.
    bool last = k + 1 == radices.size();
    int64_t digit = last ? x : x % radices[k];
    bool lookedUp = !digitTable.empty() && digitTable.front() == int64_t(k);
    base += lookedUp ? digitTable[1 + digit] : digit * strides[k];
    x /= radices[k];
  }
  return base;
}

std::vector<std::pair<int64_t, int64_t>> TensorPlacement::segmentPairs() const {
  if (segments.empty())
    return {{0, elements}};
  std::vector<std::pair<int64_t, int64_t>> pairs;
  for (size_t k = 0; k + 1 < segments.size(); k += 2)
    pairs.emplace_back(segments[k], segments[k + 1]);
  return pairs;
}

std::vector<PlacedRun> sim::placedRuns(const TensorPlacement &placement,
                                       int64_t bankIndex, int64_t rowBytes) {
  int64_t rowElements = rowBytes / kElementBytes;
  std::vector<PlacedRun> runs;
  if (!placement.holds(bankIndex))
    return runs;
  for (int64_t slot = 0; slot < placement.slots; ++slot) {
    int64_t base = placement.sliceBase(bankIndex, slot);
    int64_t firstRow = placement.firstRow + slot * placement.rowStride;
    int64_t stored = 0;
    for (auto [start, length] : placement.segmentPairs()) {
      runs.push_back({slot, base + start, length,
                      firstRow + stored / rowElements, stored % rowElements});
      stored += length;
    }
  }
  return runs;
}

std::string_view Command::mnemonic() const {
  struct Namer {
    std::string_view operator()(const CfgCommand &) { return "cfg"; }
    std::string_view operator()(const TransferCommand &transfer) {
      return transfer.kind == TransferKind::Output ? "out" : "mov";
    }
    std::string_view operator()(const MacCommand &) { return "mac"; }
    std::string_view operator()(const ExpCommand &) { return "exp"; }
    std::string_view operator()(const AccCommand &) { return "acc"; }
    std::string_view operator()(const SfmCommand &) { return "sfm"; }
    std::string_view operator()(const MaskCommand &) { return "mask"; }
    std::string_view operator()(const SubCommand &) { return "sub"; }
  };
  return std::visit(Namer{}, body);
}

BufferAccess sim::bufferAccess(const Command &command) {
  struct Collector {
    BufferAccess operator()(const CfgCommand &) { return {}; }
    BufferAccess operator()(const TransferCommand &transfer) {
      BufferRange range{transfer.buf, transfer.bytes};
      if (transfer.kind == TransferKind::DramToBuffer)
        return {{}, {range}};
      return {{range}, {}};
    }
    BufferAccess operator()(const MacCommand &mac) {
      BufferRange acc{mac.acc, mac.m * mac.n * kElementBytes};
      BufferAccess access{{{mac.lhs, mac.m * mac.k * kElementBytes},
                           {mac.rhs, mac.k * mac.n * kElementBytes}},
                          {acc}};
      if (mac.accumulate)
        access.reads.push_back(acc);
      return access;
    }
    BufferAccess operator()(const ExpCommand &exp) {
      int64_t bytes = exp.elements * kElementBytes;
      return {{{exp.src, bytes}}, {{exp.dst, bytes}}};
    }
    BufferAccess operator()(const AccCommand &acc) {
      BufferRange dst{acc.dst, acc.rows * kElementBytes};
      BufferAccess access{{{acc.src, acc.rows * acc.cols * kElementBytes}},
                          {dst}};
      if (acc.accumulate)
        access.reads.push_back(dst);
      return access;
    }
    BufferAccess operator()(const SfmCommand &sfm) {
      int64_t bytes = sfm.rows * sfm.cols * kElementBytes;
      return {{{sfm.src, bytes}, {sfm.sums, sfm.rows * kElementBytes}},
              {{sfm.dst, bytes}}};
    }
    BufferAccess operator()(const MaskCommand &mask) {
      BufferRange block{mask.buf, mask.rows * mask.cols * kElementBytes};
      return {{block}, {block}};
    }
    BufferAccess operator()(const SubCommand &sub) {
      int64_t bytes = sub.rows * sub.cols * kElementBytes;
      return {{{sub.src, bytes}, {sub.vec, sub.rows * kElementBytes}},
              {{sub.dst, bytes}}};
    }
  };
  return std::visit(Collector{}, command.body);
}

//===----------------------------------------------------------------------===//
// checkProgram
//===----------------------------------------------------------------------===//

namespace {

/// Walks one bank class, checking each command against the hardware's rule
/// book with the ranges of its enclosing loops.
class ProgramChecker {
public:
  ProgramChecker(const hw::HardwareDescription &hw, const BankClass &bankClass)
      : hw(hw), ranges(bankClass.numLoops) {}

  std::string check(const std::vector<Statement> &statements) {
    for (const Statement &statement : statements) {
      std::string error;
      if (const Command *command = statement.command())
        error = checkCommand(*command);
      else
        error = checkLoop(*statement.loop());
      if (!error.empty())
        return error;
    }
    return "";
  }

private:
  std::string checkLoop(const Loop &loop) {
    if (rules::Violation violation =
            rules::checkLoop(loop.lower, loop.upper, loop.step))
      return fmt::format("{}: loop: {}", loop.location, *violation);
    if (loop.tripCount() == 0)
      return ""; // The body never runs.
    ranges[loop.index] = {loop.lower,
                          loop.lower + (loop.tripCount() - 1) * loop.step};
    return check(loop.body);
  }

  rules::IndexRange rangeOf(const LinearAddress &address) const {
    rules::IndexRange range = rules::IndexRange::point(address.constant);
    for (auto [loop, coefficient] : address.terms)
      range = rules::addRanges(
          range, rules::mulRanges(rules::IndexRange::point(coefficient),
                                  ranges[loop]));
    return range;
  }

  /// The first rule of the book \p command breaks.
  rules::Violation rule(const Command &command) const {
    struct Rules {
      const ProgramChecker &checker;
      const hw::HardwareDescription &hw;
      rules::Violation operator()(const CfgCommand &cfg) {
        const TensorPlacement &placement = cfg.placement;
        std::array<int64_t, 3> select{placement.selectModulus,
                                      placement.selectValue,
                                      placement.selectCount};
        rules::Placement rule;
        rule.tensor = placement.tensor;
        rule.firstRow = placement.firstRow;
        rule.numRows = placement.numRows;
        rule.elements = placement.elements;
        rule.offset = placement.offset;
        rule.radices = placement.radices;
        rule.strides = placement.strides;
        rule.slots = placement.slots;
        rule.indexBase = placement.indexBase;
        rule.indexStride = placement.indexStride;
        rule.rowStride = placement.rowStride;
        if (!placement.digitTable.empty())
          rule.digitTable = placement.digitTable;
        if (!placement.segments.empty())
          rule.segments = placement.segments;
        // A modulus of 0 is no select: every bank holds the slice.
        if (placement.selectModulus != 0)
          rule.select = select;
        return rules::checkPlacement(rule, hw);
      }
      rules::Violation operator()(const TransferCommand &transfer) {
        return rules::checkTransfer({checker.rangeOf(transfer.row),
                                     checker.rangeOf(transfer.col),
                                     transfer.buf, transfer.bytes},
                                    hw);
      }
      rules::Violation operator()(const MacCommand &mac) {
        return rules::checkMac(
            {mac.lhs, mac.rhs, mac.acc, mac.m, mac.n, mac.k, mac.lanes}, hw);
      }
      rules::Violation operator()(const ExpCommand &exp) {
        return rules::checkExp({exp.src, exp.dst, exp.elements, exp.lanes}, hw);
      }
      rules::Violation operator()(const AccCommand &acc) {
        return rules::checkAcc({acc.src, acc.dst, acc.rows, acc.cols}, hw);
      }
      rules::Violation operator()(const SfmCommand &sfm) {
        return rules::checkRowBroadcast(
            {sfm.src, "sums", sfm.sums, sfm.dst, sfm.rows, sfm.cols, sfm.lanes},
            hw);
      }
      rules::Violation operator()(const MaskCommand &mask) {
        std::array<int64_t, 3> bank{mask.bankModulus, mask.bankDiagStride,
                                    mask.bankKeyStride};
        return rules::checkMask({mask.buf, mask.rows, mask.cols, mask.lanes,
                                 mask.bandLo, mask.bandHi, mask.keysLo,
                                 mask.keysHi, mask.scale,
                                 llvm::ArrayRef<int64_t>(bank)},
                                hw);
      }
      rules::Violation operator()(const SubCommand &sub) {
        return rules::checkRowBroadcast(
            {sub.src, "vec", sub.vec, sub.dst, sub.rows, sub.cols, sub.lanes},
            hw);
      }
    };
    return std::visit(Rules{*this, hw}, command.body);
  }

  std::string checkCommand(const Command &command) const {
    rules::Violation violation = rule(command);
    if (!violation)
      return "";
    return fmt::format("{}: pim.{} {}", command.location, command.mnemonic(),
                       *violation);
  }

  const hw::HardwareDescription &hw;
  std::vector<rules::IndexRange> ranges;
};

/// Every bank a class names exists and belongs to no other class.
std::string checkBanks(const Program &program) {
  std::vector<rules::BankClassBanks> banks;
  for (const BankClass &bankClass : program.classes)
    banks.push_back(
        {bankClass.name, bankClass.first, bankClass.count, bankClass.stride});
  std::optional<rules::BankClassViolation> violation =
      rules::checkBankClasses(banks, program.hw);
  if (!violation)
    return "";
  const BankClass &bankClass = program.classes[violation->index];
  return fmt::format("{}: bank class @{} {}", bankClass.location,
                     bankClass.name, violation->message);
}

} // namespace

bool sim::placesTensor(const Program &program, const std::string &name) {
  for (const BankClass &bankClass : program.classes)
    for (const TensorPlacement &placement : bankClass.placements)
      if (placement.tensor == name)
        return true;
  return false;
}

llvm::Error sim::checkProgram(const Program &program) {
  std::vector<std::string> hardwareErrors = hw::validate(program.hw);
  if (!hardwareErrors.empty())
    return llvm::createStringError("invalid hardware description: " +
                                   hardwareErrors.front());
  if (std::string error = checkBanks(program); !error.empty())
    return llvm::createStringError(error);
  for (const BankClass &bankClass : program.classes) {
    ProgramChecker checker(program.hw, bankClass);
    if (std::string error = checker.check(bankClass.body); !error.empty())
      return llvm::createStringError(error);
  }
  for (const Merge &merge : program.merges) {
    if (merge.queries.empty())
      continue;
    std::optional<int64_t> queries;
    if (program.attention)
      queries = program.attention->queryShape[2];
    if (rules::Violation violation =
            rules::checkMergeRows(merge.queries, queries))
      return llvm::createStringError(merge.location + ": pim.merge " +
                                     *violation);
  }
  return llvm::Error::success();
}

std::vector<int64_t> Merge::mergedQueries(int64_t queriesPerHead) const {
  std::vector<int64_t> merged;
  if (queries.empty()) {
    for (int64_t query = 0; query < queriesPerHead; ++query)
      merged.push_back(query);
    return merged;
  }
  for (size_t i = 0; i + 1 < queries.size(); i += 2)
    for (int64_t query = queries[i]; query < queries[i + 1]; ++query)
      merged.push_back(query);
  return merged;
}
