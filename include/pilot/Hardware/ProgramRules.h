//===- ProgramRules.h - what a pim program may do ---------------*- C++ -*-===//
//
// The rule book of PILOT commands: buffer ranges, lanes, DRAM rows and
// columns, tensor placements, loops and bank classes, each checked against a
// hardware description. The pim dialect's verifiers and the simulator's
// program check (sim::checkProgram) both call these functions, so a rule and
// its message exist once. Plain C++ over plain values: the verifier gathers
// them from attributes and address arithmetic, the simulator from its
// program; each prefixes the message with where the command is.
//
//===----------------------------------------------------------------------===//

#ifndef PILOT_HARDWARE_PROGRAMRULES_H
#define PILOT_HARDWARE_PROGRAMRULES_H

#include "pilot/Hardware/HardwareDescription.h"

#include "llvm/ADT/ArrayRef.h"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace pilot::rules {

/// The message of the first rule broken, without a location; nothing when
/// every rule holds.
using Violation = std::optional<std::string>;

//===----------------------------------------------------------------------===//
// Address ranges
//===----------------------------------------------------------------------===//

/// The closed range [min, max] an address takes over its loops' ranges.
struct IndexRange {
  int64_t min = 0;
  int64_t max = 0;
  /// Some value of the range does not fit in int64 (min and max are then
  /// meaningless).
  bool overflows = false;

  static IndexRange point(int64_t value) { return {value, value}; }
};

/// The ranges of the sum and of the product of two ranges, overflow-checked.
IndexRange addRanges(const IndexRange &lhs, const IndexRange &rhs);
IndexRange mulRanges(const IndexRange &lhs, const IndexRange &rhs);

//===----------------------------------------------------------------------===//
// The BPM buffer and lanes
//===----------------------------------------------------------------------===//

/// [offset, offset + bytes) lies in the BPM buffer (bpm.buffer_bytes) and
/// holds whole FP16 elements. \p bytes is nothing when counting them
/// overflowed int64 (hw::fp16Bytes).
Violation checkBufferRange(std::string_view operand, int64_t offset,
                           std::optional<int64_t> bytes,
                           const hw::HardwareDescription &hw);

/// A buffer operand of a command, by its name in messages.
struct BufferOperand {
  std::string_view name;
  int64_t offset = 0;
  int64_t bytes = 0;
};

/// A command's result \p written does not overlap its operand \p read.
Violation checkNoOverlap(const BufferOperand &written,
                         const BufferOperand &read);

/// A command uses between 1 and bpm.lanes lanes.
Violation checkLanes(int64_t lanes, const hw::HardwareDescription &hw);

//===----------------------------------------------------------------------===//
// Commands
//===----------------------------------------------------------------------===//

/// PLT_MOV and PLT_OUT: `bytes` bytes between buffer offset `buf` and DRAM
/// from (row, col), within one row, for every row and column the addresses
/// take.
struct TransferOperands {
  IndexRange row, col;
  int64_t buf = 0;
  int64_t bytes = 0;
};
Violation checkTransfer(const TransferOperands &transfer,
                        const hw::HardwareDescription &hw);

/// PLT_MAC: acc[m x n] (+)= lhs[m x k] * rhs[k x n], the result apart from
/// both operands.
struct MacOperands {
  int64_t lhs = 0, rhs = 0, acc = 0;
  int64_t m = 1, n = 1, k = 1;
  int64_t lanes = 1;
};
Violation checkMac(const MacOperands &mac, const hw::HardwareDescription &hw);

/// PLT_EXP: `elements` elements from src to dst, in place or apart.
struct ExpOperands {
  int64_t src = 0, dst = 0;
  int64_t elements = 1;
  int64_t lanes = 1;
};
Violation checkExp(const ExpOperands &exp, const hw::HardwareDescription &hw);

/// PLT_ACC: one value per row of the rows x cols block at src into dst,
/// apart from src unless each row is one column and they coincide.
struct AccOperands {
  int64_t src = 0, dst = 0;
  int64_t rows = 1, cols = 1;
};
Violation checkAcc(const AccOperands &acc, const hw::HardwareDescription &hw);

/// PLT_SFM and PLT_SUB: rows x cols elements from src to dst (in place or
/// apart) with one value per row from a vector (`sums`, `vec`) that dst may
/// not overlap.
struct RowBroadcastOperands {
  int64_t src = 0;
  std::string_view vectorName;
  int64_t vector = 0;
  int64_t dst = 0;
  int64_t rows = 1, cols = 1;
  int64_t lanes = 1;
};
Violation checkRowBroadcast(const RowBroadcastOperands &command,
                            const hw::HardwareDescription &hw);

/// PLT_MASK: the rows x cols block at `buf`, a band [bandLo, bandHi], keys
/// [keysLo, keysHi), an FP16 scale, and per-bank strides [R, D, K] when
/// given.
struct MaskOperands {
  int64_t buf = 0;
  int64_t rows = 1, cols = 1;
  int64_t lanes = 1;
  int64_t bandLo = 0, bandHi = 0;
  int64_t keysLo = 0, keysHi = 0;
  double scale = 1.0;
  std::optional<llvm::ArrayRef<int64_t>> bank;
};
Violation checkMask(const MaskOperands &mask,
                    const hw::HardwareDescription &hw);

//===----------------------------------------------------------------------===//
// Placements, loops and bank classes
//===----------------------------------------------------------------------===//

/// PLT_CFG: `slots` slices of `elements` FP16 elements of `tensor`, slice s
/// from row firstRow + s * rowStride over numRows rows (docs/pim.md).
/// `digitTable`, `segments`, `select` and `randomBlocks` as written in
/// pim.cfg; nothing
/// when absent.
struct Placement {
  std::string_view tensor;
  int64_t firstRow = 0, numRows = 1;
  int64_t elements = 1, offset = 0;
  llvm::ArrayRef<int64_t> radices, strides;
  std::optional<llvm::ArrayRef<int64_t>> digitTable;
  std::optional<llvm::ArrayRef<int64_t>> segments;
  int64_t slots = 1, indexBase = 0, indexStride = 0, rowStride = 0;
  std::optional<llvm::ArrayRef<int64_t>> select;
  std::optional<llvm::ArrayRef<int64_t>> randomBlocks;
};
Violation checkPlacement(const Placement &placement,
                         const hw::HardwareDescription &hw);

/// `for iv = lower to upper step step`.
Violation checkLoop(int64_t lower, int64_t upper, int64_t step);

/// A merge's `rows [b0, e0, b1, e1, ...]`: ascending, disjoint, non-empty
/// intervals of a head's queries, within `queries` where it is known.
Violation checkMergeRows(llvm::ArrayRef<int64_t> rows,
                         std::optional<int64_t> queries);

/// The banks first + i * stride, i < count, of one bank class.
struct BankClassBanks {
  std::string_view name;
  int64_t first = 0, count = 1, stride = 1;
};

/// The class that breaks a rule, its message, and the earlier class it
/// shares a bank with, if that is the rule.
struct BankClassViolation {
  size_t index = 0;
  std::string message;
  std::optional<size_t> other;
};

/// Every bank a class names exists, and no bank belongs to two classes; the
/// first class in order that breaks either.
std::optional<BankClassViolation>
checkBankClasses(llvm::ArrayRef<BankClassBanks> classes,
                 const hw::HardwareDescription &hw);

} // namespace pilot::rules

#endif // PILOT_HARDWARE_PROGRAMRULES_H
