//===- Program.cpp - the simulator's program representation ---------------===//
//
// Address evaluation, placements, and the static checks of a program against
// its hardware: the pim dialect's verifier rules restated on the plain
// representation, so a program is safe to run whatever built it.
//
//===----------------------------------------------------------------------===//

#include "pilot/Sim/Program.h"

#include "llvm/Support/CheckedArithmetic.h"

#include <fmt/format.h>

#include <algorithm>

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
    base += (last ? x : x % radices[k]) * strides[k];
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

/// The closed range [min, max] an induction variable takes.
struct IvRange {
  int64_t min = 0, max = 0;
  /// Some value of the range does not fit in int64.
  bool overflows = false;
};

/// Walks one bank class, checking each command against the hardware with
/// the ranges of its enclosing loops.
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
    if (loop.step < 1 || loop.lower < 0)
      return fmt::format("{}: loop: bounds {} to {} step {} must have a "
                         "non-negative lower bound and a positive step",
                         loop.location, loop.lower, loop.upper, loop.step);
    if (loop.tripCount() == 0)
      return ""; // The body never runs.
    ranges[loop.index] = {loop.lower,
                          loop.lower + (loop.tripCount() - 1) * loop.step};
    return check(loop.body);
  }

  IvRange rangeOf(const LinearAddress &address) const {
    IvRange range{address.constant, address.constant};
    for (auto [loop, coefficient] : address.terms) {
      std::optional<int64_t> low =
          llvm::checkedMul(coefficient, ranges[loop].min);
      std::optional<int64_t> high =
          llvm::checkedMul(coefficient, ranges[loop].max);
      std::optional<int64_t> min =
          low && high ? llvm::checkedAdd(range.min, std::min(*low, *high))
                      : std::nullopt;
      std::optional<int64_t> max =
          low && high ? llvm::checkedAdd(range.max, std::max(*low, *high))
                      : std::nullopt;
      if (!min || !max)
        return {0, 0, /*overflows=*/true};
      range.min = *min;
      range.max = *max;
    }
    return range;
  }

  /// `bytes` is nothing when its size overflowed int64.
  std::string bufferRange(std::string_view operand, int64_t offset,
                          std::optional<int64_t> bytes) const {
    std::optional<int64_t> end =
        bytes ? llvm::checkedAdd(offset, *bytes) : std::nullopt;
    if (!end)
      return fmt::format("{} range from byte {} overflows int64, past the "
                         "{}-byte BPM buffer (bpm.buffer_bytes)",
                         operand, offset, hw.bpm.bufferBytes);
    if (offset < 0 || *bytes < 0 || offset % kElementBytes != 0 ||
        *bytes % kElementBytes != 0)
      return fmt::format("{} range [{}, {}) must start and end on FP16 "
                         "element boundaries",
                         operand, offset, *end);
    if (*end > hw.bpm.bufferBytes)
      return fmt::format("{} range [{}, {}) is past the {}-byte BPM buffer "
                         "(bpm.buffer_bytes)",
                         operand, offset, *end, hw.bpm.bufferBytes);
    return "";
  }

  std::string lanes(int64_t lanes) const {
    if (lanes >= 1 && lanes <= hw.bpm.lanes)
      return "";
    return fmt::format("uses {} lanes but the BPM has {} (bpm.lanes)", lanes,
                       hw.bpm.lanes);
  }

  std::string transfer(const TransferCommand &transfer) const {
    if (transfer.bytes < 1)
      return fmt::format("moves {} bytes", transfer.bytes);
    if (std::string error = bufferRange("buffer", transfer.buf, transfer.bytes);
        !error.empty())
      return error;
    IvRange rows = rangeOf(transfer.row), cols = rangeOf(transfer.col);
    if (rows.overflows)
      return fmt::format("row overflows int64 over its loops' ranges, past "
                         "the bank's rows [0, {}] (org.rows)",
                         hw.org.rows - 1);
    if (cols.overflows)
      return fmt::format("col overflows int64 over its loops' ranges, past "
                         "the row's columns [0, {}]",
                         hw.columnsPerRow() - 1);
    if (rows.min < 0 || rows.max >= hw.org.rows)
      return fmt::format("row reaches [{}, {}], past the bank's rows [0, {}] "
                         "(org.rows)",
                         rows.min, rows.max, hw.org.rows - 1);
    if (cols.min < 0 || cols.max >= hw.columnsPerRow())
      return fmt::format("col reaches [{}, {}], past the row's columns "
                         "[0, {}]",
                         cols.min, cols.max, hw.columnsPerRow() - 1);
    // The buffer bounds transfer.bytes, so the end fits.
    int64_t end = cols.max * hw.org.columnBytes + transfer.bytes;
    if (end > hw.org.rowBytes)
      return fmt::format("moves {} bytes from column {}, ending at byte {} "
                         "past the {}-byte row (org.row_bytes)",
                         transfer.bytes, cols.max, end, hw.org.rowBytes);
    return "";
  }

  std::string placement(const TensorPlacement &placement) const {
    if (placement.slots < 1 || placement.indexBase < 0 ||
        placement.indexStride < 0 || placement.rowStride < 0)
      return fmt::format("slots({}, index_base = {}, index_stride = {}, "
                         "row_stride = {}) needs at least one slot and no "
                         "negative value",
                         placement.slots, placement.indexBase,
                         placement.indexStride, placement.rowStride);
    if (placement.slots > 1 && placement.rowStride < placement.numRows)
      return fmt::format("slots are {} rows apart but each takes {} rows; "
                         "row_stride must be at least num_rows",
                         placement.rowStride, placement.numRows);
    std::optional<int64_t> lastRow = llvm::checkedMulAdd(
        placement.slots - 1, placement.rowStride, placement.firstRow);
    std::optional<int64_t> endRow =
        lastRow ? llvm::checkedAdd(*lastRow, placement.numRows) : std::nullopt;
    if (!endRow)
      return fmt::format("slots reach rows past int64, past the bank's {} "
                         "rows (org.rows)",
                         hw.org.rows);
    if (placement.firstRow < 0 || placement.numRows < 1 ||
        *endRow > hw.org.rows) {
      if (placement.slots == 1)
        return fmt::format("rows [{}, {}) are past the bank's {} rows "
                           "(org.rows)",
                           *lastRow, *endRow, hw.org.rows);
      return fmt::format("slot {} takes rows [{}, {}), past the bank's {} "
                         "rows (org.rows)",
                         placement.slots - 1, *lastRow, *endRow, hw.org.rows);
    }
    // numRows is at most org.rows here, so the capacity fits.
    std::optional<int64_t> bytes = hw::fp16Bytes({placement.elements});
    if (placement.elements < 1 || placement.offset < 0 || !bytes ||
        *bytes > placement.numRows * hw.org.rowBytes)
      return fmt::format("{} FP16 elements do not fit in {} rows of {} bytes",
                         placement.elements, placement.numRows,
                         hw.org.rowBytes);
    if (placement.radices.size() != placement.strides.size())
      return fmt::format("has {} radices but {} strides",
                         placement.radices.size(), placement.strides.size());
    for (size_t k = 0; k < placement.radices.size(); ++k)
      if (placement.radices[k] < 1 || placement.strides[k] < 0)
        return "radices must be positive and strides non-negative";
    if (placement.segments.empty())
      return "";
    if (placement.segments.size() % 2 != 0)
      return fmt::format("segments hold {} values, not (start, length) pairs",
                         placement.segments.size());
    int64_t total = 0;
    for (auto [start, length] : placement.segmentPairs()) {
      if (start < 0 || length < 1)
        return fmt::format("segment [{}, {}] needs a non-negative start and "
                           "a positive length",
                           start, length);
      std::optional<int64_t> sum = llvm::checkedAdd(total, length);
      if (!sum)
        return fmt::format("segments hold more than {} elements but the "
                           "slice has {}",
                           INT64_MAX, placement.elements);
      total = *sum;
    }
    if (total != placement.elements)
      return fmt::format("segments hold {} elements but the slice has {}",
                         total, placement.elements);
    return "";
  }

  /// The first broken rule of \p command, or "".
  std::string rule(const Command &command) const {
    struct Rules {
      const ProgramChecker &checker;
      std::string operator()(const CfgCommand &cfg) {
        return checker.placement(cfg.placement);
      }
      std::string operator()(const TransferCommand &transfer) {
        return checker.transfer(transfer);
      }
      std::string operator()(const MacCommand &mac) {
        if (mac.m < 1 || mac.n < 1 || mac.k < 1)
          return fmt::format("shape [{}, {}, {}] must be positive", mac.m,
                             mac.n, mac.k);
        return firstOf(
            {checker.lanes(mac.lanes),
             checker.bufferRange("lhs", mac.lhs, hw::fp16Bytes({mac.m, mac.k})),
             checker.bufferRange("rhs", mac.rhs, hw::fp16Bytes({mac.k, mac.n})),
             checker.bufferRange("acc", mac.acc,
                                 hw::fp16Bytes({mac.m, mac.n}))});
      }
      std::string operator()(const ExpCommand &exp) {
        std::optional<int64_t> bytes = hw::fp16Bytes({exp.elements});
        return firstOf({checker.lanes(exp.lanes),
                        checker.bufferRange("src", exp.src, bytes),
                        checker.bufferRange("dst", exp.dst, bytes)});
      }
      std::string operator()(const AccCommand &acc) {
        return firstOf(
            {checker.bufferRange("src", acc.src,
                                 hw::fp16Bytes({acc.rows, acc.cols})),
             checker.bufferRange("dst", acc.dst, hw::fp16Bytes({acc.rows}))});
      }
      std::string operator()(const SfmCommand &sfm) {
        std::optional<int64_t> bytes = hw::fp16Bytes({sfm.rows, sfm.cols});
        return firstOf(
            {checker.lanes(sfm.lanes),
             checker.bufferRange("src", sfm.src, bytes),
             checker.bufferRange("sums", sfm.sums, hw::fp16Bytes({sfm.rows})),
             checker.bufferRange("dst", sfm.dst, bytes)});
      }
      std::string operator()(const MaskCommand &mask) {
        if (mask.rows < 1 || mask.cols < 1)
          return fmt::format("block {} x {} must be positive", mask.rows,
                             mask.cols);
        if (mask.bandLo > mask.bandHi)
          return fmt::format("band [{}, {}] is empty", mask.bandLo,
                             mask.bandHi);
        return firstOf(
            {checker.lanes(mask.lanes),
             checker.bufferRange("block", mask.buf,
                                 hw::fp16Bytes({mask.rows, mask.cols}))});
      }
      std::string operator()(const SubCommand &sub) {
        std::optional<int64_t> bytes = hw::fp16Bytes({sub.rows, sub.cols});
        return firstOf(
            {checker.lanes(sub.lanes),
             checker.bufferRange("src", sub.src, bytes),
             checker.bufferRange("vec", sub.vec, hw::fp16Bytes({sub.rows})),
             checker.bufferRange("dst", sub.dst, bytes)});
      }
      static std::string firstOf(std::initializer_list<std::string> errors) {
        for (const std::string &error : errors)
          if (!error.empty())
            return error;
        return "";
      }
    };
    return std::visit(Rules{*this}, command.body);
  }

  std::string checkCommand(const Command &command) const {
    std::string error = rule(command);
    if (error.empty())
      return "";
    return fmt::format("{}: pim.{} {}", command.location, command.mnemonic(),
                       error);
  }

  const hw::HardwareDescription &hw;
  std::vector<IvRange> ranges;
};

/// Every bank a class names exists and belongs to no other class.
std::string checkBanks(const Program &program) {
  int64_t totalBanks = program.hw.totalBanks();
  std::vector<std::pair<int64_t, size_t>> owners;
  for (size_t c = 0; c < program.classes.size(); ++c) {
    const BankClass &bankClass = program.classes[c];
    if (bankClass.count < 1 || bankClass.stride < 1 || bankClass.first < 0)
      return fmt::format("{}: bank class @{} needs first >= 0, count >= 1 "
                         "and stride >= 1",
                         bankClass.location, bankClass.name);
    std::optional<int64_t> lastBank = llvm::checkedMulAdd(
        bankClass.count - 1, bankClass.stride, bankClass.first);
    if (!lastBank)
      return fmt::format("{}: bank class @{} names banks past int64 but the "
                         "hardware has {} banks",
                         bankClass.location, bankClass.name, totalBanks);
    int64_t last = *lastBank;
    if (last >= totalBanks)
      return fmt::format("{}: bank class @{} names bank {} but the hardware "
                         "has {} banks",
                         bankClass.location, bankClass.name, last, totalBanks);
    for (int64_t i = 0; i < bankClass.count; ++i)
      owners.emplace_back(bankClass.bank(i), c);
  }
  std::sort(owners.begin(), owners.end());
  for (size_t i = 1; i < owners.size(); ++i)
    if (owners[i].first == owners[i - 1].first) {
      const BankClass &bankClass = program.classes[owners[i].second];
      return fmt::format("{}: bank class @{} shares bank {} with @{}",
                         bankClass.location, bankClass.name, owners[i].first,
                         program.classes[owners[i - 1].second].name);
    }
  return "";
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
  return llvm::Error::success();
}
