//===- ProgramBuilder.h - sim::Program by hand, for tests -------*- C++ -*-===//
//
// Builds simulator programs in a few lines, so the tests of the plain C++
// library need no MLIR: a bank class, its pim.cfg placements, loops and
// commands, with addresses `constant + coefficient * iv`.
//
//===----------------------------------------------------------------------===//

#ifndef PILOT_UNITTESTS_SIM_PROGRAMBUILDER_H
#define PILOT_UNITTESTS_SIM_PROGRAMBUILDER_H

#include "pilot/Sim/Program.h"

#include <cassert>

namespace pilot::sim::testing {

/// `value`.
inline LinearAddress at(int64_t value) { return LinearAddress{value, {}}; }
/// `constant + coefficient * iv(loop)`.
inline LinearAddress at(int64_t constant, int loop, int64_t coefficient) {
  return LinearAddress{constant, {{loop, coefficient}}};
}

class ProgramBuilder {
public:
  explicit ProgramBuilder(const hw::HardwareDescription &hw) {
    program.name = "test";
    program.hw = hw;
  }

  ProgramBuilder &bankClass(const std::string &name, int64_t first,
                            int64_t count, int64_t stride = 1) {
    BankClass bankClass;
    bankClass.name = name;
    bankClass.first = first;
    bankClass.count = count;
    bankClass.stride = stride;
    bankClass.location = "test:@" + name;
    program.classes.push_back(std::move(bankClass));
    open = {&program.classes.back().body};
    return *this;
  }

  /// Opens a loop; commands go into it until endLoop(). Returns its index.
  int beginLoop(int64_t lower, int64_t upper, int64_t step = 1) {
    BankClass &bankClass = program.classes.back();
    auto loop = std::make_unique<Loop>();
    loop->index = bankClass.numLoops++;
    loop->lower = lower;
    loop->upper = upper;
    loop->step = step;
    loop->location = "test:loop" + std::to_string(loop->index);
    Loop *raw = loop.get();
    open.back()->emplace_back().value = std::move(loop);
    open.push_back(&raw->body);
    return raw->index;
  }
  ProgramBuilder &endLoop() {
    assert(open.size() > 1 && "no loop open");
    open.pop_back();
    return *this;
  }

  ProgramBuilder &cfg(const std::string &tensor, int64_t firstRow,
                      int64_t numRows, int64_t elements, int64_t offset,
                      std::vector<int64_t> radices,
                      std::vector<int64_t> strides) {
    return cfg(placement(tensor, firstRow, numRows, elements, offset,
                         std::move(radices), std::move(strides)));
  }
  ProgramBuilder &cfg(TensorPlacement placement) {
    program.classes.back().placements.push_back(placement);
    return add(CfgCommand{std::move(placement)});
  }
  /// A placement without segments or slots, to add them to.
  static TensorPlacement placement(const std::string &tensor, int64_t firstRow,
                                   int64_t numRows, int64_t elements,
                                   int64_t offset, std::vector<int64_t> radices,
                                   std::vector<int64_t> strides) {
    TensorPlacement placement;
    placement.tensor = tensor;
    placement.firstRow = firstRow;
    placement.numRows = numRows;
    placement.elements = elements;
    placement.offset = offset;
    placement.radices = std::move(radices);
    placement.strides = std::move(strides);
    placement.location = "test:cfg " + tensor;
    return placement;
  }
  ProgramBuilder &load(LinearAddress row, LinearAddress col, int64_t buf,
                       int64_t bytes) {
    return add(TransferCommand{TransferKind::DramToBuffer, std::move(row),
                               std::move(col), buf, bytes});
  }
  ProgramBuilder &store(LinearAddress row, LinearAddress col, int64_t buf,
                        int64_t bytes) {
    return add(TransferCommand{TransferKind::BufferToDram, std::move(row),
                               std::move(col), buf, bytes});
  }
  ProgramBuilder &out(LinearAddress row, LinearAddress col, int64_t buf,
                      int64_t bytes) {
    return add(TransferCommand{TransferKind::Output, std::move(row),
                               std::move(col), buf, bytes});
  }
  ProgramBuilder &mac(int64_t lhs, int64_t rhs, int64_t acc, int64_t m,
                      int64_t n, int64_t k, bool transposeRhs = false,
                      bool accumulate = false, int64_t lanes = 16) {
    return add(
        MacCommand{lhs, rhs, acc, m, n, k, lanes, transposeRhs, accumulate});
  }
  ProgramBuilder &exp(int64_t src, int64_t dst, int64_t elements) {
    return add(ExpCommand{src, dst, elements, 16});
  }
  ProgramBuilder &acc(int64_t src, int64_t dst, int64_t rows, int64_t cols,
                      bool accumulate = false, bool bankGroup = false,
                      bool max = false) {
    return add(AccCommand{src, dst, rows, cols, accumulate, bankGroup, max});
  }
  ProgramBuilder &sfm(int64_t src, int64_t sums, int64_t dst, int64_t rows,
                      int64_t cols) {
    return add(SfmCommand{src, sums, dst, rows, cols, 16});
  }
  ProgramBuilder &mask(MaskCommand mask) { return add(std::move(mask)); }
  ProgramBuilder &sub(int64_t src, int64_t vec, int64_t dst, int64_t rows,
                      int64_t cols, int64_t lanes = 16) {
    return add(SubCommand{src, vec, dst, rows, cols, lanes});
  }

  Program take() { return std::move(program); }

private:
  template <typename Body> ProgramBuilder &add(Body body) {
    Command command{std::move(body), "test:" + std::to_string(++commands)};
    open.back()->emplace_back().value.template emplace<Command>(
        std::move(command));
    return *this;
  }

  Program program;
  std::vector<std::vector<Statement> *> open;
  int commands = 0;
};

} // namespace pilot::sim::testing

#endif // PILOT_UNITTESTS_SIM_PROGRAMBUILDER_H
