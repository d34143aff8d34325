//===- Program.h - the simulator's program representation -------*- C++ -*-===//
//
// What pilot-sim executes: a hardware description and one program per bank
// class (SPMD), each a tree of counted loops and PILOT commands. Every DRAM
// address is a linear expression over the enclosing loops' induction
// variables, which is what the pim dialect's address arithmetic produces
// (docs/pim.md). Plain C++: front ends (lib/Target) build it, the timing and
// functional engines read it.
//
//===----------------------------------------------------------------------===//

#ifndef PILOT_SIM_PROGRAM_H
#define PILOT_SIM_PROGRAM_H

#include "pilot/Hardware/HardwareDescription.h"
#include "pilot/Pattern/SparsityPattern.h"

#include "llvm/Support/Error.h"

#include <array>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

namespace pilot::sim {

/// Bytes of one element: the processing modules compute in FP16.
constexpr int64_t kElementBytes = hw::kFP16Bytes;

/// `constant + sum coefficient * iv(loop)` over the bank class's loops.
struct LinearAddress {
  int64_t constant = 0;
  /// (Loop::index, coefficient) pairs, at most one per loop, none zero.
  std::vector<std::pair<int, int64_t>> terms;

  /// The value for the induction variables \p ivs, indexed by Loop::index.
  int64_t evaluate(const std::vector<int64_t> &ivs) const;
  /// The coefficient of loop \p loopIndex (0 when it does not appear).
  int64_t coefficient(int loopIndex) const;
};

/// PLT_CFG: bank i of the class holds `slots` slices of `tensor`, slice s
/// stored densely from row `firstRow + s * rowStride` over `numRows` rows.
/// Slice s is the concatenation of the tensor's flat elements
/// [base + start_k, base + start_k + length_k) over the (start, length)
/// pairs of `segments` (one pair (0, elements) when empty), where
/// base = offset + sum_k digit_k(x) * strides[k] and digit_k(x) are the
/// digits of x = indexBase + i + s * indexStride in the mixed radix
/// `radices`, least significant first, the last one unbounded. With a
/// `digitTable` [k, t_0, ...], digit k adds t_{digit_k(x)} instead.
struct TensorPlacement {
  std::string tensor;
  int64_t firstRow = 0, numRows = 1, elements = 1, offset = 0;
  std::vector<int64_t> radices, strides;
  /// [k, t_0, ..., t_{radices[k] - 1}]; empty when no digit is looked up.
  std::vector<int64_t> digitTable;
  /// Flat (start, length) pairs.
  std::vector<int64_t> segments;
  int64_t slots = 1, indexBase = 0, indexStride = 0, rowStride = 0;
  /// Only banks whose index i has i mod selectModulus in [selectValue,
  /// selectValue + selectCount) hold the slice (`select`); every bank when
  /// selectModulus is 0.
  int64_t selectModulus = 0, selectValue = 0, selectCount = 1;
  /// Where the pim.cfg is, for messages.
  std::string location;

  /// The flat element that the slices' segments count from, for slot
  /// \p slot of the class's \p bankIndex-th bank.
  int64_t sliceBase(int64_t bankIndex, int64_t slot = 0) const;
  /// Whether the class's \p bankIndex-th bank holds the slice.
  bool holds(int64_t bankIndex) const {
    if (selectModulus == 0)
      return true;
    int64_t position = bankIndex % selectModulus;
    return position >= selectValue && position < selectValue + selectCount;
  }
  /// The segments as (start, length) pairs, (0, elements) without any.
  std::vector<std::pair<int64_t, int64_t>> segmentPairs() const;
};

/// A run of consecutive elements of a placed slice: `length` elements from
/// the tensor's flat element `tensorStart`, stored in the bank from row
/// `row`, element `rowElement` of it, onwards (continuing row after row).
struct PlacedRun {
  int64_t slot = 0, tensorStart = 0, length = 0, row = 0, rowElement = 0;
};
/// The runs bank \p bankIndex of the class holds for \p placement, slot by
/// slot, segment by segment, with rows of \p rowBytes bytes.
std::vector<PlacedRun> placedRuns(const TensorPlacement &placement,
                                  int64_t bankIndex, int64_t rowBytes);

/// Which way a PLT_MOV / PLT_OUT moves bytes.
enum class TransferKind {
  DramToBuffer, ///< PLT_MOV dram_to_buffer: the bank into the buffer.
  BufferToDram, ///< PLT_MOV buffer_to_dram: intermediates back to the bank.
  Output,       ///< PLT_OUT: results to the bank, for the host to read.
};

struct CfgCommand {
  TensorPlacement placement;
};
struct TransferCommand {
  TransferKind kind = TransferKind::DramToBuffer;
  LinearAddress row, col;
  int64_t buf = 0, bytes = 0;
};
struct MacCommand {
  int64_t lhs = 0, rhs = 0, acc = 0, m = 1, n = 1, k = 1, lanes = 1;
  bool transposeRhs = false, accumulate = false;
};
struct ExpCommand {
  int64_t src = 0, dst = 0, elements = 1, lanes = 1;
};
struct AccCommand {
  int64_t src = 0, dst = 0, rows = 1, cols = 1;
  bool accumulate = false, bankGroup = false;
  /// Row maxima instead of sums (and the BGPM's maximum across banks).
  bool max = false;
};
struct SfmCommand {
  int64_t src = 0, sums = 0, dst = 0, rows = 1, cols = 1, lanes = 1;
};
/// PLT_MASK: scale the rows x cols block at `buf`, then keep (i, c) when
/// c - i + diag is inside (or, with `outside`, outside) [bandLo, bandHi]
/// and c + key is in [keysLo, keysHi); the rest become -65504.
struct MaskCommand {
  LinearAddress diag, key;
  int64_t buf = 0, rows = 1, cols = 1;
  int64_t bandLo = 0, bandHi = 0, keysLo = 0, keysHi = 0;
  int64_t lanes = 1;
  bool outside = false;
  /// The band ignores the row: delta = c + diag.
  bool uniform = false;
  double scale = 1.0;
  /// Bank i of the class adds (i mod bankModulus) times these to diag and
  /// key.
  int64_t bankModulus = 1, bankDiagStride = 0, bankKeyStride = 0;
};
/// PLT_SUB: dst[r x cols + c] = src[r x cols + c] - vec[r].
struct SubCommand {
  int64_t src = 0, vec = 0, dst = 0, rows = 1, cols = 1, lanes = 1;
};

/// One PILOT command and where it came from.
struct Command {
  std::variant<CfgCommand, TransferCommand, MacCommand, ExpCommand, AccCommand,
               SfmCommand, MaskCommand, SubCommand>
      body;
  /// "file:line:col" of the command in its source, for messages and traces.
  std::string location;

  /// The ISA mnemonic: cfg, mov, out, mac, exp, acc, sfm, mask, sub.
  std::string_view mnemonic() const;
};

struct Loop;

/// A command or a loop of a bank-class body.
struct Statement {
  std::variant<Command, std::unique_ptr<Loop>> value;

  const Command *command() const { return std::get_if<Command>(&value); }
  const Loop *loop() const {
    auto *loop = std::get_if<std::unique_ptr<Loop>>(&value);
    return loop ? loop->get() : nullptr;
  }
};

/// `for iv = lower; iv < upper; iv += step` with constant bounds.
struct Loop {
  /// Index of this loop's induction variable within the bank class.
  int index = 0;
  int64_t lower = 0, upper = 0, step = 1;
  std::vector<Statement> body;
  std::string location;

  int64_t tripCount() const {
    // Not (upper - lower + step - 1) / step, which overflows for large
    // steps; the checker rejects negative bounds before this is used.
    return upper <= lower ? 0 : (upper - lower - 1) / step + 1;
  }
};

/// Banks `first + i * stride`, i < count, all running `body` (SPMD).
struct BankClass {
  std::string name;
  int64_t first = 0, count = 1, stride = 1;
  /// Every pim.cfg of the body, in program order.
  std::vector<TensorPlacement> placements;
  std::vector<Statement> body;
  /// Loops in the body; Loop::index ranges over [0, numLoops).
  int numLoops = 0;
  std::string location;

  int64_t bank(int64_t i) const { return first + i * stride; }
};

/// The attention a kernel computes, for --check (the kernel's
/// `pilot.attention` attribute).
struct AttentionProblem {
  pattern::PatternSpec pattern;
  double scale = 1.0;
  std::string query = "Q", key = "K", value = "V", output = "O";
  /// [B, H, N, D] and [B, Hkv, S, D].
  std::array<int64_t, 4> queryShape{}, kvShape{};
};

/// The host's merge of the partials of keys cut over `pieces` bank groups
/// (pim.merge): element `(p * rows + r) * D` of `partials`, and `p * rows +
/// r` of `maxima` and `sums`, hold group `p`'s partial of row `r` of
/// `output` ([B, H, N, D] flat, rows = B x H x N). No `maxima`: all 0.
/// `queries`: the intervals `[begin, end)` of each head's queries merged,
/// flat; empty: every query.
struct Merge {
  std::string output, partials, maxima, sums;
  int64_t pieces = 2;
  std::vector<int64_t> heads;
  std::vector<int64_t> queries;
  /// Each merged query of a head, in order.
  std::vector<int64_t> mergedQueries(int64_t queriesPerHead) const;
  std::string location;
};

/// A whole kernel: what pilot-sim runs.
struct Program {
  std::string name;
  hw::HardwareDescription hw;
  std::vector<BankClass> classes;
  /// Run by the host after every class, in order.
  std::vector<Merge> merges;
  std::optional<AttentionProblem> attention;
};

/// Checks \p program against its hardware with the rule book the pim
/// verifiers call (pilot/Hardware/ProgramRules.h): banks exist and no two
/// classes share one, every buffer range and every DRAM address (over its
/// loops' ranges) is in bounds, lanes fit, placements fit their rows. A
/// front end that verified the IR passes these; a program whose hardware
/// was replaced afterwards (--hw) may not. The error names the command's
/// location.
llvm::Error checkProgram(const Program &program);

/// Whether a pim.cfg of \p program places a tensor named \p name.
bool placesTensor(const Program &program, const std::string &name);

/// The buffer byte ranges a command reads and writes, as [offset, offset +
/// bytes) pairs: what its dependencies are computed from.
struct BufferRange {
  int64_t offset = 0, bytes = 0;
};
struct BufferAccess {
  std::vector<BufferRange> reads, writes;
};
BufferAccess bufferAccess(const Command &command);

/// Calls \p visit on every command of \p statements, depth first, in program
/// order (loop bodies once).
template <typename Visitor>
void forEachCommand(const std::vector<Statement> &statements, Visitor &&visit) {
  for (const Statement &statement : statements) {
    if (const Command *command = statement.command())
      visit(*command);
    else
      forEachCommand(statement.loop()->body, visit);
  }
}

} // namespace pilot::sim

#endif // PILOT_SIM_PROGRAM_H
