//===- Timing.cpp - the timing model of a PIM program ---------------------===//
//
// One pseudo-channel "situation" at a time: its bank classes each run as a
// ClassRunner (a program cursor, a buffer scoreboard, the BPM / BGPM and the
// column path), and an event loop issues, cycle by cycle, whichever runner's
// next command is legal first on the shared bus.
//
// Fast mode (single-class situations): at each loop iteration boundary the
// runner takes the state of the channel and of itself relative to its last
// command. When two consecutive boundaries have the same relative state and
// the iterations between them opened rows in the same pattern, every later
// iteration repeats the last one shifted in time, until the row pattern of
// the affine addresses changes (computed exactly) or a refresh falls due.
// Those iterations are replayed by adding the last iteration's time and
// counts, so fast mode agrees with exact mode exactly.
//
//===----------------------------------------------------------------------===//

#include "pilot/Sim/Timing.h"
#include "pilot/Sim/Dram.h"

#include "llvm/Support/FormatVariadic.h"
#include "llvm/Support/MathExtras.h"

#include <algorithm>
#include <cassert>
#include <cmath>
#include <limits>
#include <map>
#include <optional>
#include <unordered_map>

using namespace pilot;
using namespace pilot::sim;

int64_t sim::cyclesToPs(int64_t cycles, int64_t clockMHz) {
  return (cycles * 1000000 + clockMHz / 2) / clockMHz;
}

namespace {

/// A time no event reaches: a dependency on a transfer still issuing.
constexpr int64_t kNever = std::numeric_limits<int64_t>::max() / 4;
/// All-bank refreshes a controller may postpone, and may pull in, past their
/// due time: at most 8 either way, so that any 9 x tREFI window holds at
/// least one. The window of JEDEC's DDR4 (JESD79-4, postponed and pulled-in
/// REF), which HBM controllers apply to REFab (AMD PG313, HBM controller
/// refresh: "skipped up to eight times", then issued in advance);
/// docs/simulator.md, Refresh.
constexpr int64_t kRefreshSlack = 8;

/// Distance of \p time past \p reference; 0 once it no longer binds.
int64_t pastReference(int64_t time, int64_t reference) {
  return std::max<int64_t>(time - reference, 0);
}

//===----------------------------------------------------------------------===//
// BufferScoreboard
//===----------------------------------------------------------------------===//

/// When the last read and the last write of each buffer byte complete,
/// piecewise over the buffer, and which bytes a transfer still issuing
/// reads or writes.
class BufferScoreboard {
public:
  explicit BufferScoreboard(int64_t bytes) {
    segments.push_back({0, bytes, 0, 0, false, false});
  }

  /// The earliest time (ps) a command with \p access may start: after the
  /// earlier writers of what it reads and the earlier readers and writers of
  /// what it writes. kNever while a transfer holds a range it needs.
  int64_t readyTime(const BufferAccess &access) const {
    int64_t ready = 0;
    for (const BufferRange &range : access.reads)
      forOverlap(range, [&](const Segment &segment) {
        ready =
            std::max(ready, segment.writePending ? kNever : segment.writeDone);
      });
    for (const BufferRange &range : access.writes)
      forOverlap(range, [&](const Segment &segment) {
        bool pending = segment.readPending || segment.writePending;
        ready = std::max(
            ready,
            pending ? kNever : std::max(segment.readDone, segment.writeDone));
      });
    return ready;
  }

  /// A transfer starts reading (\p write false) or writing \p range.
  void markPending(const BufferRange &range, bool write) {
    update(range, [&](Segment &segment) {
      (write ? segment.writePending : segment.readPending) = true;
    });
  }
  /// A read of \p range completes at \p done; \p transfer clears the
  /// pending mark of the transfer that made it.
  void noteRead(const BufferRange &range, int64_t done, bool transfer) {
    update(range, [&](Segment &segment) {
      segment.readDone = std::max(segment.readDone, done);
      if (transfer)
        segment.readPending = false;
    });
  }
  /// A write of \p range completes at \p done (after every earlier access
  /// of it, which the writer waited for).
  void noteWrite(const BufferRange &range, int64_t done, bool transfer) {
    update(range, [&](Segment &segment) {
      segment.writeDone = done;
      if (transfer)
        segment.writePending = false;
    });
  }

  /// The last completion recorded.
  int64_t latest() const {
    int64_t last = 0;
    for (const Segment &segment : segments)
      last = std::max({last, segment.readDone, segment.writeDone});
    return last;
  }

  void appendSignature(std::vector<int64_t> &signature,
                       int64_t referencePs) const {
    std::vector<Segment> relative;
    for (Segment segment : segments) {
      segment.readDone = pastReference(segment.readDone, referencePs);
      segment.writeDone = pastReference(segment.writeDone, referencePs);
      if (!relative.empty() && sameTimes(relative.back(), segment))
        relative.back().end = segment.end;
      else
        relative.push_back(segment);
    }
    for (const Segment &segment : relative)
      signature.insert(signature.end(),
                       {segment.begin, segment.end, segment.readDone,
                        segment.writeDone, int64_t(segment.readPending),
                        int64_t(segment.writePending)});
  }

  void shiftTime(int64_t ps) {
    for (Segment &segment : segments) {
      segment.readDone += ps;
      segment.writeDone += ps;
    }
  }

private:
  struct Segment {
    int64_t begin, end;
    int64_t readDone, writeDone;
    bool readPending, writePending;
  };

  static bool sameTimes(const Segment &a, const Segment &b) {
    return a.readDone == b.readDone && a.writeDone == b.writeDone &&
           a.readPending == b.readPending && a.writePending == b.writePending;
  }

  template <typename Fn>
  void forOverlap(const BufferRange &range, Fn visit) const {
    int64_t end = range.offset + range.bytes;
    for (const Segment &segment : segments)
      if (segment.begin < end && range.offset < segment.end)
        visit(segment);
  }

  void splitAt(int64_t at) {
    for (size_t i = 0; i < segments.size(); ++i)
      if (segments[i].begin < at && at < segments[i].end) {
        Segment upper = segments[i];
        upper.begin = at;
        segments[i].end = at;
        segments.insert(segments.begin() + i + 1, upper);
        return;
      }
  }

  template <typename Fn> void update(const BufferRange &range, Fn change) {
    int64_t end = range.offset + range.bytes;
    splitAt(range.offset);
    splitAt(end);
    for (Segment &segment : segments)
      if (segment.begin >= range.offset && segment.end <= end)
        change(segment);
    std::vector<Segment> merged;
    for (const Segment &segment : segments) {
      if (!merged.empty() && sameTimes(merged.back(), segment))
        merged.back().end = segment.end;
      else
        merged.push_back(segment);
    }
    segments = std::move(merged);
  }

  std::vector<Segment> segments;
};

//===----------------------------------------------------------------------===//
// Per-command timing
//===----------------------------------------------------------------------===//

/// What the timing model needs of a command, computed once.
struct CommandTiming {
  BufferAccess access;
  bool isTransfer = false, usesBpm = false, bankGroupSum = false;
  /// BPM cycles of a compute command.
  int64_t bpmCycles = 0;
};

CommandTiming timingOf(const Command &command,
                       const hw::HardwareDescription &hw) {
  CommandTiming timing;
  timing.access = bufferAccess(command);
  struct Cycles {
    const hw::HardwareDescription &hw;
    CommandTiming &timing;
    void operator()(const CfgCommand &) {}
    void operator()(const TransferCommand &) { timing.isTransfer = true; }
    void operator()(const MacCommand &mac) {
      timing.usesBpm = true;
      timing.bpmCycles =
          hw::macCommandCycles(hw, mac.m, mac.n, mac.k, mac.lanes);
    }
    void operator()(const ExpCommand &exp) {
      timing.usesBpm = true;
      timing.bpmCycles = hw::expCommandCycles(hw, exp.elements, exp.lanes);
    }
    void operator()(const AccCommand &acc) {
      timing.usesBpm = true;
      timing.bankGroupSum = acc.bankGroup;
      timing.bpmCycles = hw::accCommandCycles(hw, acc.rows, acc.cols);
    }
    void operator()(const SfmCommand &sfm) {
      timing.usesBpm = true;
      timing.bpmCycles =
          hw::sfmCommandCycles(hw, sfm.rows, sfm.cols, sfm.lanes);
    }
    void operator()(const MaskCommand &mask) {
      timing.usesBpm = true;
      timing.bpmCycles =
          hw::elementwiseCommandCycles(mask.rows * mask.cols, mask.lanes);
    }
    void operator()(const SubCommand &sub) {
      timing.usesBpm = true;
      timing.bpmCycles =
          hw::elementwiseCommandCycles(sub.rows * sub.cols, sub.lanes);
    }
  };
  std::visit(Cycles{hw, timing}, command.body);
  return timing;
}

/// BGPM cycles to sum the partials of \p banks banks over \p rows rows.
int64_t bgpmCyclesFor(int64_t banks, int64_t rows,
                      const hw::HardwareDescription &hw) {
  return hw.bgpm.latency +
         (banks - 1) * llvm::divideCeilSigned(rows, hw.bgpm.adders);
}

//===----------------------------------------------------------------------===//
// ClassRunner
//===----------------------------------------------------------------------===//

/// What the runners of one situation share.
struct Situation {
  const hw::HardwareDescription &hw;
  PseudoChannel channel;
  int64_t refreshesIssued = 0;
  /// Occasions seen so far on which a refresh would issue in its window
  /// (docs/simulator.md, Refresh): once due, no row open or the command bus
  /// idle longer than a refresh's own row turnaround; before, the bus idle
  /// long enough to hide all of it. Fast mode compares them.
  int64_t dueOccasions = 0, earlyOccasions = 0;
  /// The first cycle the last refresh lets another issue (tRFC).
  int64_t refreshFree = 0;
  /// The pseudo-channel the trace names.
  int64_t pch = 0;
  llvm::raw_ostream *trace = nullptr;
  bool fast = false;
  int64_t steppedCommands = 0;
  int64_t replayedIterations = 0;

  Situation(const hw::HardwareDescription &hw, int64_t pch,
            llvm::raw_ostream *trace, bool fast)
      : hw(hw), channel(hw), pch(pch), trace(trace), fast(fast) {}

  /// The next refresh (the k-th falls due at k * nREFI) and the window the
  /// controller may issue it in: pulled in or postponed by up to
  /// kRefreshSlack intervals.
  int64_t refreshDue() const {
    return (refreshesIssued + 1) * hw.timing.nREFI;
  }
  int64_t refreshOpens() const {
    return refreshDue() - kRefreshSlack * hw.timing.nREFI;
  }
  int64_t refreshDeadline() const {
    return refreshDue() + kRefreshSlack * hw.timing.nREFI;
  }
  /// Idle bus cycles after which a due refresh costs less than waiting:
  /// more than the precharge and re-activation it adds. A refresh is pulled
  /// in only where all of it, tRFC too, fits.
  int64_t idleForRefresh() const { return hw.timing.nRP + hw.timing.nRCDRD; }
  int64_t idleHidingRefresh() const {
    return idleForRefresh() + hw.timing.nRFC;
  }

  void traceLine(int64_t cycle, llvm::StringRef banks, llvm::StringRef what) {
    if (!trace)
      return;
    double ns = double(cycle) * double(hw.timing.tCKps) / 1000.0;
    *trace << llvm::formatv("{0,10} {1,14:f3} pch{2} banks {3} {4}\n", cycle,
                            ns, pch, banks, what);
  }
};

/// The next bus command a runner wants, and when it could issue.
struct Candidate {
  int64_t cycle = kNever;
  /// A further command of the transfer in flight, or the start of the
  /// command at the cursor.
  bool transferStep = false;
  ChannelCommand command = ChannelCommand::Pim;
};

/// One bank class's banks in one pseudo-channel, run in lockstep.
class ClassRunner {
public:
  ClassRunner(const BankClass &bankClass, std::vector<int> localBanks,
              Situation &situation)
      : hw(situation.hw), situation(situation), banks(localBanks, hw.org.banks),
        bankCount(int64_t(localBanks.size())), ivs(bankClass.numLoops, 0),
        buffer(hw.bpm.bufferBytes) {
    std::map<int, int64_t> perGroup;
    for (int bank : banks.banks)
      ++perGroup[int(bank / hw.org.banks)];
    for (auto [group, count] : perGroup)
      groupSizes.push_back(count);
    bankNames = formatBanks();
    forEachCommand(bankClass.body, [&](const Command &command) {
      timings.emplace(&command, timingOf(command, hw));
    });
    for (const TensorPlacement &placement : bankClass.placements)
      noteKeyValueRows(placement);
    mergeKeyValueRows();
    Frame outermost;
    outermost.body = &bankClass.body;
    frames.push_back(std::move(outermost));
    settle();
  }

  bool done() const { return frames.empty() && !transfer; }

  Candidate candidate() const {
    Candidate best;
    if (transfer) {
      ChannelCommand command = transferCommand(transfer->row, transfer->kind);
      best = {situation.channel.earliest(command, banks, 0), true, command};
    }
    const Command *command = current();
    if (!command)
      return best;
    const CommandTiming &timing = timings.at(command);
    if (timing.isTransfer && transfer)
      return best; // The column path is busy.
    int64_t readyPs = buffer.readyTime(timing.access);
    if (timing.usesBpm)
      readyPs = std::max(readyPs, bpmFreePs);
    if (readyPs >= kNever)
      return best;
    int64_t ready = llvm::divideCeilSigned(readyPs, hw.timing.tCKps);
    ChannelCommand first = ChannelCommand::Pim;
    if (timing.isTransfer) {
      const auto &move = std::get<TransferCommand>(command->body);
      first = transferCommand(move.row.evaluate(ivs), move.kind);
    }
    int64_t cycle = situation.channel.earliest(first, banks, ready);
    if (cycle < best.cycle)
      best = {cycle, false, first};
    return best;
  }

  void issue(const Candidate &candidate) {
    // A transfer in flight has held the bank since it began.
    if (transfer)
      coverBusy(coveredPs, candidate.cycle * hw.timing.tCKps);
    if (candidate.transferStep)
      stepTransfer(candidate.command, candidate.cycle);
    else
      start(candidate.cycle);
  }

  /// An all-bank refresh closed the rows and refreshed the banks.
  void noteRefresh(bool precharged) {
    if (precharged)
      counters.precharges += bankCount;
    counters.refreshes += bankCount;
  }
  bool hasOpenRow() const {
    return situation.channel.openRow(banks.banks.front()).has_value();
  }

  int64_t finishPs() const {
    return std::max({bpmFreePs, bgpmFreePs, dramDonePs, buffer.latest(),
                     (lastBusCycle + 1) * hw.timing.tCKps});
  }

  Counters counters;

private:
  /// The DRAM rows [first, end) where a pim.cfg places K or V.
  void noteKeyValueRows(const TensorPlacement &placement) {
    if (placement.tensor != "K" && placement.tensor != "V")
      return;
    for (int64_t slot = 0; slot < placement.slots; ++slot) {
      int64_t first = placement.firstRow + slot * placement.rowStride;
      keyValueRows.emplace_back(first, first + placement.numRows);
    }
  }
  void mergeKeyValueRows() {
    llvm::sort(keyValueRows);
    std::vector<std::pair<int64_t, int64_t>> merged;
    for (auto [first, end] : keyValueRows) {
      if (!merged.empty() && first <= merged.back().second)
        merged.back().second = std::max(merged.back().second, end);
      else
        merged.emplace_back(first, end);
    }
    keyValueRows = std::move(merged);
  }
  /// The rows [first, end) about \p row in which every row is K or V's, or
  /// none is: a merged range of them or the gap beside it.
  std::pair<int64_t, int64_t> keyValueRegion(int64_t row, bool &holds) const {
    auto after = llvm::upper_bound(
        keyValueRows, row,
        [](int64_t r, const std::pair<int64_t, int64_t> &range) {
          return r < range.first;
        });
    int64_t gapEnd = after == keyValueRows.end()
                         ? std::numeric_limits<int64_t>::max()
                         : after->first;
    if (after != keyValueRows.begin()) {
      const auto &range = *std::prev(after);
      holds = row < range.second;
      return holds ? range : std::pair{range.second, gapEnd};
    }
    holds = false;
    return {std::numeric_limits<int64_t>::min(), gapEnd};
  }

  /// A transfer whose column commands are still issuing.
  struct ActiveTransfer {
    TransferKind kind;
    int64_t row, col, columnsLeft;
    BufferRange range;
    int64_t serial;
    int64_t lastColumn = 0;
  };

  /// The cursor's state at a loop iteration boundary (fast mode).
  struct Boundary {
    std::vector<int64_t> signature;
    Counters counters;
    int64_t reference = 0;
    int64_t refreshes = 0, dueOccasions = 0, earlyOccasions = 0;
    int64_t serial = 0;
  };

  /// One level of the program cursor: a body and the next statement in it.
  struct Frame {
    const std::vector<Statement> *body = nullptr;
    const Loop *loop = nullptr;
    size_t next = 0;
    int64_t iteration = 0;
    // Fast mode: the last boundary, and the rows of the transfers started
    // in the iteration before it and in the one since.
    std::optional<Boundary> previous;
    std::vector<int64_t> previousRows, currentRows;
    bool previousIncomplete = false, currentIncomplete = false;
  };

  const Command *current() const {
    if (frames.empty())
      return nullptr;
    const Frame &frame = frames.back();
    return (*frame.body)[frame.next].command();
  }

  /// The next command a transfer of \p row needs, given the open row.
  ChannelCommand transferCommand(int64_t row, TransferKind kind) const {
    std::optional<int64_t> open =
        situation.channel.openRow(banks.banks.front());
    if (open && *open == row)
      return kind == TransferKind::DramToBuffer ? ChannelCommand::Read
                                                : ChannelCommand::Write;
    return open ? ChannelCommand::Precharge : ChannelCommand::Activate;
  }

  void issueOnBus(ChannelCommand command, int64_t cycle, int64_t row,
                  llvm::StringRef what) {
    situation.channel.issue(command, banks, cycle, row);
    ++counters.busCommands;
    ++situation.steppedCommands;
    lastBusCycle = cycle;
    situation.traceLine(cycle, bankNames, what);
  }

  void stepTransfer(ChannelCommand command, int64_t cycle) {
    ActiveTransfer &active = *transfer;
    std::string what;
    if (situation.trace) {
      what = std::string(channelCommandName(command));
      if (command == ChannelCommand::Activate)
        what += llvm::formatv(" row {0}", active.row).str();
      else if (command != ChannelCommand::Precharge)
        what += llvm::formatv(" row {0} col {1}", active.row, active.col).str();
    }
    issueOnBus(command, cycle, active.row, what);
    coverBusy(cycle * hw.timing.tCKps, (cycle + 1) * hw.timing.tCKps);
    switch (command) {
    case ChannelCommand::Activate:
      counters.activates += bankCount;
      openRowSerial = active.serial;
      return;
    case ChannelCommand::Precharge:
      counters.precharges += bankCount;
      return;
    case ChannelCommand::Read:
    case ChannelCommand::Write:
      (command == ChannelCommand::Read ? counters.reads : counters.writes) +=
          bankCount;
      ++active.col;
      active.lastColumn = cycle;
      if (--active.columnsLeft == 0)
        completeTransfer();
      return;
    default:
      assert(false && "not a transfer command");
    }
  }

  void completeTransfer() {
    const hw::DramTiming &t = hw.timing;
    ActiveTransfer &active = *transfer;
    if (active.kind == TransferKind::DramToBuffer) {
      // The last column's data reaches the buffer nCL + nBL later.
      int64_t done = (active.lastColumn + t.nCL + t.nBL) * t.tCKps;
      buffer.noteWrite(active.range, done, /*transfer=*/true);
      dramDonePs = std::max(dramDonePs, done);
      coverBusy(coveredPs, done);
    } else {
      // The last column's data has left the buffer nCWL + nBL later.
      int64_t done = (active.lastColumn + t.nCWL + t.nBL) * t.tCKps;
      buffer.noteRead(active.range, done, /*transfer=*/true);
      dramDonePs = std::max(dramDonePs, done);
      coverBusy(coveredPs, done);
    }
    transfer.reset();
  }

  void start(int64_t cycle) {
    const Command &command = *current();
    const CommandTiming &timing = timings.at(&command);
    if (timing.isTransfer)
      startTransfer(std::get<TransferCommand>(command.body), cycle);
    else
      startCompute(command, timing, cycle);
    ++frames.back().next;
    settle();
  }

  void startTransfer(const TransferCommand &move, int64_t cycle) {
    int64_t row = move.row.evaluate(ivs);
    std::optional<int64_t> open =
        situation.channel.openRow(banks.banks.front());
    (open && *open == row ? counters.rowHits : counters.rowMisses) += bankCount;
    switch (move.kind) {
    case TransferKind::DramToBuffer: {
      counters.movCommands += bankCount;
      counters.internalReadBytes += move.bytes * bankCount;
      bool keyValue = false;
      keyValueRegion(row, keyValue);
      if (keyValue)
        counters.keyValueReadBytes += move.bytes * bankCount;
      break;
    }
    case TransferKind::BufferToDram:
      counters.movCommands += bankCount;
      counters.internalWriteBytes += move.bytes * bankCount;
      break;
    case TransferKind::Output:
      counters.outCommands += bankCount;
      counters.internalWriteBytes += move.bytes * bankCount;
      counters.externalBytes += move.bytes * bankCount;
      break;
    }
    BufferRange range{move.buf, move.bytes};
    transfer =
        ActiveTransfer{move.kind,
                       row,
                       move.col.evaluate(ivs),
                       llvm::divideCeilSigned(move.bytes, hw.org.columnBytes),
                       range,
                       transferSerial++};
    buffer.markPending(range, move.kind == TransferKind::DramToBuffer);
    if (situation.fast)
      for (Frame &frame : frames)
        if (frame.loop)
          frame.currentRows.push_back(row);
    stepTransfer(transferCommand(row, move.kind), cycle);
  }

  void startCompute(const Command &command, const CommandTiming &timing,
                    int64_t cycle) {
    std::string what;
    if (situation.trace)
      what =
          llvm::formatv("PIM {0} @ {1}", command.mnemonic(), command.location)
              .str();
    issueOnBus(ChannelCommand::Pim, cycle, 0, what);
    int64_t startPs = cycle * hw.timing.tCKps;
    int64_t endPs = startPs + cyclesToPs(timing.bpmCycles, hw.bpm.clockMHz);
    int64_t writesDonePs = endPs;
    struct Count {
      ClassRunner &runner;
      int64_t cycles;
      Counters &c = runner.counters;
      int64_t n = runner.bankCount;
      void operator()(const CfgCommand &) { c.cfgCommands += n; }
      void operator()(const TransferCommand &) {}
      void operator()(const MacCommand &mac) {
        c.macCommands += n;
        c.macs += mac.m * mac.n * mac.k * n;
        c.bpmMacCycles += cycles * n;
      }
      void operator()(const ExpCommand &exp) {
        c.expCommands += n;
        c.exps += exp.elements * n;
        c.bpmExpCycles += cycles * n;
      }
      void operator()(const AccCommand &acc) {
        c.accCommands += n;
        c.accAdds += acc.rows * (acc.cols - 1 + (acc.accumulate ? 1 : 0)) * n;
        c.bpmAccCycles += cycles * n;
      }
      void operator()(const SfmCommand &sfm) {
        c.sfmCommands += n;
        c.sfmElements += sfm.rows * sfm.cols * n;
        c.bpmSfmCycles += cycles * n;
      }
      void operator()(const MaskCommand &mask) {
        c.maskCommands += n;
        c.maskElements += mask.rows * mask.cols * n;
        c.bpmMaskCycles += cycles * n;
      }
      void operator()(const SubCommand &sub) {
        c.subCommands += n;
        c.subElements += sub.rows * sub.cols * n;
        c.bpmSubCycles += cycles * n;
      }
    };
    std::visit(Count{*this, timing.bpmCycles}, command.body);
    if (!timing.usesBpm)
      return;
    bpmFreePs = endPs;
    int64_t largestGroup =
        *std::max_element(groupSizes.begin(), groupSizes.end());
    if (timing.bankGroupSum && largestGroup >= 2) {
      // The BGPM sums the partials once the BPMs have them (a group of one
      // bank bypasses it).
      int64_t rows = std::get<AccCommand>(command.body).rows;
      int64_t bgpmStart = std::max(endPs, bgpmFreePs);
      writesDonePs =
          bgpmStart +
          cyclesToPs(bgpmCyclesFor(largestGroup, rows, hw), hw.bgpm.clockMHz);
      bgpmFreePs = writesDonePs;
      for (int64_t size : groupSizes) {
        if (size < 2)
          continue;
        counters.bgpmBytes += size * rows * kElementBytes * 2;
        counters.bgpmAdds += (size - 1) * rows;
        counters.bgpmCycles += bgpmCyclesFor(size, rows, hw);
      }
    }
    coverBusy(startPs, writesDonePs);
    for (const BufferRange &range : timing.access.reads)
      buffer.noteRead(range, endPs, /*transfer=*/false);
    for (const BufferRange &range : timing.access.writes)
      buffer.noteWrite(range, writesDonePs, /*transfer=*/false);
  }

  /// The bank is busy over [\p fromPs, \p toPs); time already counted
  /// (before coveredPs) counts once. Busy intervals arrive in the order they
  /// begin, so one frontier suffices.
  void coverBusy(int64_t fromPs, int64_t toPs) {
    int64_t from = std::max(fromPs, coveredPs);
    if (toPs <= from)
      return;
    counters.busyPs += (toPs - from) * bankCount;
    coveredPs = toPs;
  }

  /// Moves the cursor onto the next command, entering and leaving loops.
  void settle() {
    while (!frames.empty()) {
      Frame &frame = frames.back();
      if (frame.next < frame.body->size()) {
        const Statement &statement = (*frame.body)[frame.next];
        if (statement.command())
          return;
        const Loop &loop = *statement.loop();
        ++frame.next; // Where the enclosing body resumes.
        if (loop.tripCount() == 0)
          continue;
        ivs[loop.index] = loop.lower;
        Frame inner;
        inner.body = &loop.body;
        inner.loop = &loop;
        frames.push_back(std::move(inner));
        atIterationStart();
        continue;
      }
      if (frame.loop && frame.iteration + 1 < frame.loop->tripCount()) {
        ++frame.iteration;
        ivs[frame.loop->index] += frame.loop->step;
        frame.next = 0;
        atIterationStart();
        continue;
      }
      frames.pop_back();
    }
  }

  //===--------------------------------------------------------------------===//
  // Fast mode
  //===--------------------------------------------------------------------===//

  void appendSignature(std::vector<int64_t> &signature,
                       int64_t reference) const {
    int64_t referencePs = (reference + 1) * hw.timing.tCKps;
    for (int64_t time : {bpmFreePs, bgpmFreePs, dramDonePs, coveredPs})
      signature.push_back(pastReference(time, referencePs));
    buffer.appendSignature(signature, referencePs);
    signature.push_back(transfer.has_value());
    if (transfer) {
      std::optional<int64_t> open =
          situation.channel.openRow(banks.banks.front());
      signature.insert(signature.end(),
                       {int64_t(transfer->kind), transfer->columnsLeft,
                        int64_t(open && *open == transfer->row),
                        transfer->range.offset, transfer->range.bytes});
    }
  }

  Boundary boundary() const {
    Boundary now;
    now.reference = situation.channel.lastCommandCycle();
    situation.channel.appendSignature(now.signature, now.reference);
    appendSignature(now.signature, now.reference);
    now.counters = counters;
    now.refreshes = situation.refreshesIssued;
    now.dueOccasions = situation.dueOccasions;
    now.earlyOccasions = situation.earlyOccasions;
    now.serial = transferSerial;
    return now;
  }

  void atIterationStart() {
    if (!situation.fast)
      return;
    Frame &frame = frames.back();
    Boundary now = boundary();
    if (frame.iteration >= 2 && frame.previous && replay(frame, now))
      return;
    frame.previous = std::move(now);
    frame.previousRows = std::move(frame.currentRows);
    frame.currentRows.clear();
    frame.previousIncomplete = frame.currentIncomplete;
    frame.currentIncomplete = false;
  }

  /// How many of the coming iterations open rows as the last one did. Rows
  /// are affine in the iteration, so whether a transfer finds the previous
  /// transfer's row open changes at most once; find where.
  static int64_t
  iterationsWithSameRowPattern(const std::vector<int64_t> &last,
                               const std::vector<int64_t> &before,
                               int64_t limit) {
    size_t n = last.size();
    for (size_t k = 0; k < n && limit > 0; ++k) {
      size_t prior = k == 0 ? n - 1 : k - 1;
      // The row open before transfer k in the last iteration, and how both
      // move per iteration.
      int64_t openBefore = k == 0 ? before[n - 1] : last[prior];
      int64_t gap = last[k] - openBefore;
      int64_t drift = (last[k] - before[k]) - (last[prior] - before[prior]);
      if (drift == 0)
        continue;
      if (gap == 0)
        return 0; // A hit now, a miss from the next iteration on.
      if ((-gap) % drift == 0 && (-gap) / drift >= 1)
        limit = std::min(limit, (-gap) / drift - 1);
    }
    return limit;
  }

  /// How many of the coming iterations keep every transfer's row where the
  /// last one's was, among K and V's rows or outside them, so that
  /// io.key_value_read_bytes repeats too.
  int64_t iterationsInSameRegions(const std::vector<int64_t> &last,
                                  const std::vector<int64_t> &before,
                                  int64_t limit) const {
    if (keyValueRows.empty())
      return limit;
    for (size_t k = 0; k < last.size() && limit > 0; ++k) {
      int64_t drift = last[k] - before[k];
      if (drift == 0)
        continue;
      bool holds = false;
      auto [first, end] = keyValueRegion(last[k], holds);
      constexpr int64_t kUnbounded = std::numeric_limits<int64_t>::max();
      if (drift > 0 && end != kUnbounded)
        limit = std::min(limit, (end - 1 - last[k]) / drift);
      if (drift < 0 && first != std::numeric_limits<int64_t>::min())
        limit = std::min(limit, (last[k] - first) / -drift);
    }
    return limit;
  }

  bool replay(Frame &frame, const Boundary &now) {
    const Boundary &previous = *frame.previous;
    if (now.refreshes != previous.refreshes || frame.currentIncomplete ||
        frame.previousIncomplete || now.signature != previous.signature)
      return false;
    int64_t period = now.reference - previous.reference;
    const std::vector<int64_t> &last = frame.currentRows;
    const std::vector<int64_t> &before = frame.previousRows;
    int64_t transfers = int64_t(last.size());
    if (period <= 0 || before.size() != last.size())
      return false;
    // Replay up to the loop's last iteration, which is stepped, and not to
    // the first cycle the next refresh could issue on the occasions the
    // last iteration offered.
    int64_t nextRefresh = situation.refreshDeadline();
    if (now.dueOccasions != previous.dueOccasions)
      nextRefresh = situation.refreshDue();
    if (now.earlyOccasions != previous.earlyOccasions)
      nextRefresh = situation.refreshOpens();
    int64_t count = frame.loop->tripCount() - frame.iteration - 1;
    count = std::min(count, (nextRefresh - 1 - now.reference) / period);
    count = iterationsWithSameRowPattern(last, before, count);
    count = iterationsInSameRegions(last, before, count);
    if (count < 1)
      return false;
    auto rowDrift = [&](int64_t serial) -> std::optional<int64_t> {
      int64_t k = serial - previous.serial;
      if (k < 0 || k >= transfers)
        return std::nullopt;
      return last[k] - before[k];
    };
    std::optional<int64_t> transferDrift;
    if (transfer && !(transferDrift = rowDrift(transfer->serial)))
      return false;

    int64_t cycles = count * period;
    int64_t ps = cycles * hw.timing.tCKps;
    situation.channel.shiftTime(cycles);
    bpmFreePs += ps;
    bgpmFreePs += ps;
    dramDonePs += ps;
    coveredPs += ps;
    buffer.shiftTime(ps);
    lastBusCycle += cycles;
    if (std::optional<int64_t> drift = rowDrift(openRowSerial)) {
      situation.channel.shiftOpenRows(banks, count * *drift);
      openRowSerial += count * transfers;
    }
    if (transfer) {
      transfer->row += count * *transferDrift;
      transfer->serial += count * transfers;
      transfer->lastColumn += cycles;
    }
    transferSerial += count * transfers;
    Counters perIteration = now.counters;
    perIteration -= previous.counters;
    counters += perIteration.scaled(count);
    ivs[frame.loop->index] += count * frame.loop->step;
    frame.iteration += count;
    situation.replayedIterations += count;
    if (situation.trace)
      *situation.trace << llvm::formatv(
          "# replayed {0} iterations of the loop at {1}: {2} tCK each\n", count,
          frame.loop->location, period);

    frame.previous.reset();
    frame.previousRows.clear();
    frame.currentRows.clear();
    frame.previousIncomplete = frame.currentIncomplete = false;
    for (Frame &outer : frames)
      outer.currentIncomplete = true; // Their row traces lack these rows.
    frame.currentIncomplete = false;
    return true;
  }

  std::string formatBanks() const {
    int64_t base = situation.pch * hw.banksPerPch();
    std::string text;
    const std::vector<int> &list = banks.banks;
    for (size_t i = 0; i < list.size();) {
      size_t j = i;
      while (j + 1 < list.size() && list[j + 1] == list[j] + 1)
        ++j;
      if (!text.empty())
        text += ",";
      text += std::to_string(base + list[i]);
      if (j > i)
        text += "-" + std::to_string(base + list[j]);
      i = j + 1;
    }
    return text;
  }

  const hw::HardwareDescription &hw;
  Situation &situation;
  BankSet banks;
  int64_t bankCount;
  /// Banks of the class in each bank group it touches here.
  std::vector<int64_t> groupSizes;
  std::string bankNames;
  /// Where pim.cfg places K or V: sorted, disjoint row ranges [first, end).
  std::vector<std::pair<int64_t, int64_t>> keyValueRows;
  std::unordered_map<const Command *, CommandTiming> timings;

  std::vector<Frame> frames;
  std::vector<int64_t> ivs;
  BufferScoreboard buffer;
  int64_t bpmFreePs = 0, bgpmFreePs = 0, dramDonePs = 0;
  /// Where the bank's busy time counted so far ends.
  int64_t coveredPs = 0;
  int64_t lastBusCycle = -1;
  std::optional<ActiveTransfer> transfer;
  /// Transfers started so far, and the one whose ACT opened the open row.
  int64_t transferSerial = 0, openRowSerial = -1;
};

//===----------------------------------------------------------------------===//
// Situations
//===----------------------------------------------------------------------===//

/// The classes present in a pseudo-channel and which of its banks each has.
struct Occupancy {
  std::vector<std::pair<size_t, std::vector<int>>> members;
  bool operator<(const Occupancy &other) const {
    return members < other.members;
  }
};

/// Distinct occupancies, each with its first pseudo-channel and how many
/// pseudo-channels have it, in order of first pseudo-channel.
std::vector<std::tuple<Occupancy, int64_t, int64_t>>
distinctSituations(const Program &program) {
  int64_t banksPerPch = program.hw.banksPerPch();
  std::map<int64_t, Occupancy> byPch;
  for (size_t c = 0; c < program.classes.size(); ++c) {
    const BankClass &bankClass = program.classes[c];
    for (int64_t i = 0; i < bankClass.count; ++i) {
      int64_t bank = bankClass.bank(i);
      auto &members = byPch[bank / banksPerPch].members;
      if (members.empty() || members.back().first != c)
        members.emplace_back(c, std::vector<int>{});
      members.back().second.push_back(int(bank % banksPerPch));
    }
  }
  std::map<Occupancy, size_t> index;
  std::vector<std::tuple<Occupancy, int64_t, int64_t>> situations;
  for (auto &[pch, occupancy] : byPch) {
    for (auto &member : occupancy.members)
      std::sort(member.second.begin(), member.second.end());
    auto [it, inserted] = index.emplace(occupancy, situations.size());
    if (inserted)
      situations.emplace_back(occupancy, pch, 1);
    else
      ++std::get<2>(situations[it->second]);
  }
  return situations;
}

/// Cycles from one ACT to the next when a bank streams whole rows back to
/// back: tRCD, the row's columns \p columnGap apart, tRTP (or the write
/// recovery) and tRP, and never under tRAS + tRP or tRC.
int64_t wholeRowPeriod(const hw::DramTiming &t, int64_t columnsPerRow,
                       int64_t columnGap, bool write) {
  int64_t lastColumn =
      (write ? t.nRCDWR : t.nRCDRD) + (columnsPerRow - 1) * columnGap;
  int64_t precharge = lastColumn + (write ? t.nCWL + t.nBL + t.nWR : t.nRTPL);
  return std::max(std::max(precharge, t.nRAS) + t.nRP, t.nRC);
}

/// The streaming bound over every situation: in each, every class's banks
/// stream their column reads and writes as whole rows, and the
/// pseudo-channel issues one ACT per class and row, nRRDS apart and at most
/// four per nFAW. Every bank of a class moves the same columns.
void setStreamingBound(
    const Program &program,
    const std::vector<std::tuple<Occupancy, int64_t, int64_t>> &situations,
    TimingResult &result) {
  const hw::HardwareDescription &hw = program.hw;
  const hw::DramTiming &t = hw.timing;
  int64_t columnsPerRow = hw.columnsPerRow();
  double activationGap = std::max(double(t.nRRDS), double(t.nFAW) / 4.0);
  double boundCycles = 0;
  for (const auto &[occupancy, pch, multiplicity] : situations) {
    double activations = 0;
    int64_t busiestBytes = 0;
    for (const auto &[c, banks] : occupancy.members) {
      const Counters &counters = result.classes[c].counters;
      int64_t count = program.classes[c].count;
      int64_t reads = counters.reads / count, writes = counters.writes / count;
      const std::vector<bool> &whole =
          BankSet(banks, hw.org.banks).wholeGroups;
      int64_t gap = std::find(whole.begin(), whole.end(), true) != whole.end()
                        ? t.allBankColumnGap()
                        : t.nCCDL;
      int64_t readRows = llvm::divideCeilSigned(reads, columnsPerRow);
      int64_t writeRows = llvm::divideCeilSigned(writes, columnsPerRow);
      double cycles = double(
          readRows * wholeRowPeriod(t, columnsPerRow, gap, false) +
          writeRows * wholeRowPeriod(t, columnsPerRow, gap, true));
      int64_t bytes = (reads + writes) * hw.org.columnBytes;
      if (cycles > boundCycles) {
        boundCycles = cycles;
        result.boundBytes = bytes;
      }
      busiestBytes = std::max(busiestBytes, bytes);
      activations += double(readRows + writeRows);
    }
    if (activations * activationGap > boundCycles) {
      boundCycles = activations * activationGap;
      result.boundBytes = busiestBytes;
    }
  }
  result.boundPs = boundCycles * double(t.tCKps);
}

/// Where the controller issues the next refresh before a command that
/// could issue at `next`, if it does (docs/simulator.md, Refresh): at its
/// deadline; once due, where no row is open (a row boundary, nothing to
/// reopen) or the bus idles; once its window opens, at the start of an idle
/// gap that hides all of it.
std::optional<int64_t> refreshBefore(Situation &situation, int64_t next) {
  const PseudoChannel &channel = situation.channel;
  int64_t idleSince = channel.lastCommandCycle() + 1;
  bool due = !channel.anyRowOpen() ||
             next - idleSince >= situation.idleForRefresh();
  int64_t refreshFrom = std::max(idleSince, situation.refreshFree);
  bool early = next - refreshFrom >= situation.idleHidingRefresh();
  situation.dueOccasions += due;
  situation.earlyOccasions += early;
  if (next >= situation.refreshDeadline())
    return situation.refreshDeadline();
  if (due && next >= situation.refreshDue())
    return std::max(situation.refreshDue(), idleSince);
  if (early && next >= situation.refreshOpens())
    return std::max(situation.refreshOpens(), idleSince);
  return std::nullopt;
}

/// Issues a refresh at or after `at`: PREA if a row is open, then REF.
/// Returns the cycle the REF issued.
int64_t refresh(Situation &situation, std::vector<ClassRunner> &runners,
                int64_t at) {
  PseudoChannel &channel = situation.channel;
  BankSet none;
  // Whom the bus commands are charged to: the first class still running.
  ClassRunner *owner = &runners.front();
  for (ClassRunner &runner : llvm::reverse(runners))
    if (!runner.done())
      owner = &runner;
  std::vector<bool> wasOpen;
  for (ClassRunner &runner : runners)
    wasOpen.push_back(runner.hasOpenRow());
  int64_t commands = 1;
  if (channel.anyRowOpen()) {
    int64_t cycle = channel.earliest(ChannelCommand::PrechargeAll, none, at);
    channel.issue(ChannelCommand::PrechargeAll, none, cycle);
    situation.traceLine(cycle, "all", "PREA");
    ++commands;
  }
  int64_t cycle = channel.earliest(ChannelCommand::Refresh, none, at);
  channel.issue(ChannelCommand::Refresh, none, cycle);
  situation.traceLine(cycle, "all", "REF");
  situation.refreshFree = cycle + situation.hw.timing.nRFC;
  bool settling = owner->done();
  for (size_t i = 0; i < runners.size(); ++i)
    if (settling || !runners[i].done())
      runners[i].noteRefresh(wasOpen[i]);
  owner->counters.busCommands += commands;
  situation.steppedCommands += commands;
  ++situation.refreshesIssued;
  return cycle;
}

/// Issues the refreshes postponed past the end of the run, so that every
/// nREFI the run lasted has its refresh; returns when the last one ends
/// (or `endPs` if none was owed).
int64_t settleRefreshes(Situation &situation,
                        std::vector<ClassRunner> &runners, int64_t endPs) {
  const hw::DramTiming &t = situation.hw.timing;
  while (situation.refreshDue() * t.tCKps <= endPs) {
    int64_t cycle = refresh(situation, runners, situation.refreshDue());
    endPs = std::max(endPs, (cycle + t.nRFC) * t.tCKps);
  }
  return endPs;
}

} // namespace

int64_t sim::mergeBytes(const Program &program, const Merge &merge) {
  const std::array<int64_t, 4> &shape = program.attention->queryShape;
  int64_t rows = shape[0] * int64_t(merge.heads.size()) *
                 int64_t(merge.mergedQueries(shape[2]).size());
  int64_t headDim = shape[3];
  int64_t statistics = merge.maxima.empty() ? 1 : 2;
  return kElementBytes * rows *
         (merge.pieces * (headDim + statistics) + headDim);
}

TimingResult sim::simulateTiming(const Program &program,
                                 const TimingOptions &options) {
  TimingResult result;
  for (const BankClass &bankClass : program.classes)
    result.classes.push_back({bankClass.name, bankClass.count, 0, {}});

  auto situations = distinctSituations(program);
  result.situations = int64_t(situations.size());
  for (auto &[occupancy, pch, multiplicity] : situations) {
    bool fast = options.mode == Mode::Fast && occupancy.members.size() == 1;
    Situation situation(program.hw, pch, options.trace, fast);
    if (options.trace) {
      *options.trace << llvm::formatv(
          "# pseudo-channel {0} (and {1} more alike):", pch, multiplicity - 1);
      for (auto &[c, banks] : occupancy.members)
        *options.trace << " @" << program.classes[c].name << " ("
                       << banks.size() << " banks)";
      *options.trace << "\n";
    }
    std::vector<ClassRunner> runners;
    runners.reserve(occupancy.members.size());
    for (auto &[c, banks] : occupancy.members)
      runners.emplace_back(program.classes[c], banks, situation);

    // The earliest legal command issues; ties go round-robin, starting
    // after the class that issued last.
    size_t count = runners.size(), last = count - 1;
    while (true) {
      std::optional<size_t> next;
      Candidate best;
      for (size_t k = 1; k <= count; ++k) {
        size_t r = (last + k) % count;
        if (runners[r].done())
          continue;
        Candidate candidate = runners[r].candidate();
        if (!next || candidate.cycle < best.cycle) {
          next = r;
          best = candidate;
        }
      }
      if (!next)
        break;
      assert(best.cycle < kNever && "every runner waits on another");
      if (std::optional<int64_t> at = refreshBefore(situation, best.cycle)) {
        refresh(situation, runners, *at);
        continue;
      }
      runners[*next].issue(best);
      last = *next;
    }

    int64_t runPs = 0;
    for (const ClassRunner &runner : runners)
      runPs = std::max(runPs, runner.finishPs());
    int64_t settledPs = settleRefreshes(situation, runners, runPs);
    for (size_t i = 0; i < runners.size(); ++i) {
      ClassTiming &timing = result.classes[occupancy.members[i].first];
      timing.counters += runners[i].counters.scaled(multiplicity);
      int64_t finishPs = runners[i].finishPs();
      if (settledPs > runPs)
        finishPs = settledPs; // Its banks are busy until the refresh ends.
      timing.finishPs = std::max(timing.finishPs, finishPs);
    }
    result.steppedCommands += situation.steppedCommands;
    result.replayedIterations += situation.replayedIterations;
  }

  for (const ClassTiming &timing : result.classes) {
    result.total += timing.counters;
    result.finishPs = std::max(result.finishPs, timing.finishPs);
  }
  // The host merges partials once every bank has finished.
  for (const Merge &merge : program.merges)
    result.mergeBytes += sim::mergeBytes(program, merge);
  result.mergePs = std::llround(double(result.mergeBytes) * 1000.0 /
                                program.hw.host.bytesPerNs());
  result.finishPs += result.mergePs;
  setStreamingBound(program, situations, result);
  return result;
}
