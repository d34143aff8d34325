//===- Functional.cpp - real FP16 values through a PIM program ------------===//
//
// The arithmetic of each command, as docs/simulator.md specifies it:
// - PLT_MAC: each product rounded to the accumulation precision, `lanes`
//   products at a time summed by a binary adder tree (neighbours pairwise,
//   an odd one passed up), each tree result added into the accumulator;
//   every addition rounds to the accumulation precision (binary16 for
//   bpm.accumulate_bits = 16, binary32 for 32); the result is rounded to
//   FP16 when written.
// - PLT_EXP: fp16::exp.
// - PLT_ACC: row sums by the same adder tree over bpm.lanes; with
//   bank_group, each bank's FP16 partial goes to the BGPM, which adds them
//   in bank order in FP16 and returns the total to every bank of the group.
//   With max, row maxima and the maximum across the group instead.
// - PLT_SFM: the row's reciprocal rounded to FP16, then an FP16 multiply.
// - PLT_MASK: an FP16 multiply by the scale rounded to FP16, then -65504
//   for every element outside the band or the key range.
// - PLT_SUB: an FP16 subtraction of the row's value.
//
//===----------------------------------------------------------------------===//

#include "pilot/Sim/Functional.h"
#include "pilot/Sim/FP16.h"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <limits>
#include <map>

using namespace pilot;
using namespace pilot::sim;
using fp16::Half;

namespace {

Half loadHalf(const uint8_t *bytes) { return Half(bytes[0] | bytes[1] << 8); }

void storeHalf(uint8_t *bytes, Half value) {
  bytes[0] = uint8_t(value & 0xFF);
  bytes[1] = uint8_t(value >> 8);
}

/// The FP16 element at byte \p offset of \p buffer.
double element(const std::vector<uint8_t> &buffer, int64_t offset) {
  return fp16::toDouble(loadHalf(buffer.data() + offset));
}

/// The error of a placement whose run reaches past the \p count elements
/// of the host tensor (\p what: "input" or "output"), or success.
llvm::Error checkRunInTensor(const std::string &name,
                             const TensorPlacement &placement,
                             const PlacedRun &run, const BankClass &bankClass,
                             int64_t i, const HostTensor &tensor,
                             llvm::StringRef what) {
  int64_t end = run.tensorStart + run.length;
  if (end <= tensor.elementCount())
    return llvm::Error::success();
  return llvm::createStringError(
      placement.location + ": pim.cfg \"" + name + "\" places elements [" +
      std::to_string(run.tensorStart) + ", " + std::to_string(end) +
      ") in bank " + std::to_string(bankClass.bank(i)) + " of @" +
      bankClass.name + ", past the " + std::to_string(tensor.elementCount()) +
      " elements of the " + what.str() + " (shape " + tensor.shapeString() +
      ")");
}

/// \p initial plus \p count terms, `lanes` at a time through the adder tree,
/// every addition rounded to \p accumulateBits.
template <typename Term>
double adderTreeSum(int64_t count, int64_t lanes, double initial,
                    int accumulateBits, Term term) {
  double total = initial;
  std::vector<double> level;
  for (int64_t first = 0; first < count; first += lanes) {
    level.clear();
    for (int64_t i = first; i < std::min(count, first + lanes); ++i)
      level.push_back(term(i));
    while (level.size() > 1) {
      size_t kept = 0;
      for (size_t i = 0; i + 1 < level.size(); i += 2)
        level[kept++] =
            fp16::roundToAccumulator(level[i] + level[i + 1], accumulateBits);
      if (level.size() % 2)
        level[kept++] = level.back();
      level.resize(kept);
    }
    total = fp16::roundToAccumulator(total + level[0], accumulateBits);
  }
  return total;
}

/// Calls `visit(classIndex, bankIndex, placement, run)` for every run of
/// tensor `name` a bank holds: each `pim.cfg` placing it, in each bank of
/// its class, slot by slot and segment by segment; stops at the first error.
template <typename Visit>
llvm::Error forEachRun(const Program &program, const std::string &name,
                       Visit visit) {
  for (size_t c = 0; c < program.classes.size(); ++c) {
    const BankClass &bankClass = program.classes[c];
    for (const TensorPlacement &placement : bankClass.placements) {
      if (placement.tensor != name)
        continue;
      for (int64_t i = 0; i < bankClass.count; ++i)
        for (const PlacedRun &run :
             placedRuns(placement, i, program.hw.org.rowBytes))
          if (llvm::Error error = visit(c, i, placement, run))
            return error;
    }
  }
  return llvm::Error::success();
}

/// The larger of two FP16 values, as the BPM's comparators pick it.
Half maximum(Half a, Half b) {
  return fp16::toDouble(b) > fp16::toDouble(a) ? b : a;
}

} // namespace

std::optional<std::vector<int64_t>>
sim::declaredShape(const Program &program, const std::string &name) {
  if (!program.attention)
    return std::nullopt;
  const AttentionProblem &problem = *program.attention;
  if (name == problem.query || name == problem.output)
    return std::vector<int64_t>(problem.queryShape.begin(),
                                problem.queryShape.end());
  if (name == problem.key || name == problem.value)
    return std::vector<int64_t>(problem.kvShape.begin(), problem.kvShape.end());
  return std::nullopt;
}

FunctionalMachine::FunctionalMachine(const Program &program)
    : program(program) {
  for (const BankClass &bankClass : program.classes) {
    banks.emplace_back(bankClass.count);
    for (Bank &bank : banks.back())
      bank.buffer.assign(program.hw.bpm.bufferBytes, 0);
  }
}

uint8_t *FunctionalMachine::dramBytes(Bank &bank, int64_t row, int64_t byte) {
  std::vector<uint8_t> &data = bank.rows[row];
  if (data.empty())
    data.assign(program.hw.org.rowBytes, 0);
  return data.data() + byte;
}

llvm::Error FunctionalMachine::scatter(const std::string &name,
                                       const HostTensor &tensor) {
  if (std::optional<std::vector<int64_t>> shape = declaredShape(program, name);
      shape && *shape != tensor.shape) {
    HostTensor declared{*shape, {}};
    return llvm::createStringError(
        "input " + name + " has shape " + tensor.shapeString() +
        " but the kernel's pilot.attention declares " + declared.shapeString());
  }
  int64_t rowBytes = program.hw.org.rowBytes;
  return forEachRun(
      program, name,
      [&](size_t c, int64_t i, const TensorPlacement &placement,
          const PlacedRun &run) -> llvm::Error {
        if (llvm::Error error = checkRunInTensor(
                name, placement, run, program.classes[c], i, tensor, "input"))
          return error;
        Bank &bank = banks[c][i];
        for (int64_t j = 0; j < run.length; ++j) {
          int64_t byte = (run.rowElement + j) * kElementBytes;
          storeHalf(dramBytes(bank, run.row + byte / rowBytes, byte % rowBytes),
                    fp16::fromDouble(tensor.values[run.tensorStart + j]));
        }
        return llvm::Error::success();
      });
}

void FunctionalMachine::run() {
  for (size_t c = 0; c < program.classes.size(); ++c) {
    std::vector<int64_t> ivs(program.classes[c].numLoops, 0);
    runStatements(c, program.classes[c].body, ivs);
  }
}

void FunctionalMachine::runStatements(size_t classIndex,
                                      const std::vector<Statement> &body,
                                      std::vector<int64_t> &ivs) {
  for (const Statement &statement : body) {
    if (const Command *command = statement.command()) {
      execute(classIndex, *command, ivs);
      continue;
    }
    const Loop &loop = *statement.loop();
    for (int64_t iv = loop.lower; iv < loop.upper; iv += loop.step) {
      ivs[loop.index] = iv;
      runStatements(classIndex, loop.body, ivs);
    }
  }
}

void FunctionalMachine::execute(size_t classIndex, const Command &command,
                                const std::vector<int64_t> &ivs) {
  const hw::HardwareDescription &hw = program.hw;
  const int bits = int(hw.bpm.accumulateBits);
  std::vector<Bank> &classBanks = banks[classIndex];

  struct Executor {
    FunctionalMachine &machine;
    const hw::HardwareDescription &hw;
    const BankClass &bankClass;
    std::vector<Bank> &classBanks;
    const std::vector<int64_t> &ivs;
    int bits;

    void operator()(const CfgCommand &) {}

    void operator()(const TransferCommand &move) {
      int64_t row = move.row.evaluate(ivs);
      int64_t byte = move.col.evaluate(ivs) * hw.org.columnBytes;
      for (Bank &bank : classBanks) {
        uint8_t *dram = machine.dramBytes(bank, row, byte);
        uint8_t *buffer = bank.buffer.data() + move.buf;
        if (move.kind == TransferKind::DramToBuffer)
          std::memcpy(buffer, dram, move.bytes);
        else
          std::memcpy(dram, buffer, move.bytes);
      }
    }

    void operator()(const MacCommand &mac) {
      for (Bank &bank : classBanks) {
        const std::vector<uint8_t> &buffer = bank.buffer;
        for (int64_t i = 0; i < mac.m; ++i)
          for (int64_t j = 0; j < mac.n; ++j) {
            int64_t out = mac.acc + (i * mac.n + j) * kElementBytes;
            double initial = mac.accumulate ? element(buffer, out) : 0.0;
            double sum =
                adderTreeSum(mac.k, mac.lanes, initial, bits, [&](int64_t kk) {
                  int64_t rhs =
                      mac.transposeRhs ? j * mac.k + kk : kk * mac.n + j;
                  double product =
                      element(buffer,
                              mac.lhs + (i * mac.k + kk) * kElementBytes) *
                      element(buffer, mac.rhs + rhs * kElementBytes);
                  return fp16::roundToAccumulator(product, bits);
                });
            storeHalf(bank.buffer.data() + out, fp16::fromDouble(sum));
          }
      }
    }

    void operator()(const ExpCommand &exp) {
      for (Bank &bank : classBanks)
        for (int64_t e = 0; e < exp.elements; ++e) {
          Half x = loadHalf(bank.buffer.data() + exp.src + e * kElementBytes);
          storeHalf(bank.buffer.data() + exp.dst + e * kElementBytes,
                    fp16::exp(x));
        }
    }

    /// Row \p row of PLT_ACC in one bank: its sum from \p initial through
    /// the adder tree, or its maximum.
    Half rowResult(const Bank &bank, const AccCommand &acc, int64_t row,
                   double initial) {
      auto term = [&](int64_t col) {
        return element(bank.buffer,
                       acc.src + (row * acc.cols + col) * kElementBytes);
      };
      if (acc.max) {
        // Comparisons are exact, so the tree's shape does not matter.
        double largest = term(0);
        for (int64_t col = 1; col < acc.cols; ++col)
          largest = std::max(largest, term(col));
        return fp16::fromDouble(largest);
      }
      return fp16::fromDouble(
          adderTreeSum(acc.cols, hw.bpm.lanes, initial, bits, term));
    }

    /// \p total combined into \p old: the sum, or with `max` the maximum.
    static Half accumulated(const AccCommand &acc, Half old, Half total) {
      return acc.max ? maximum(old, total) : fp16::add(old, total);
    }

    void operator()(const AccCommand &acc) {
      if (!acc.bankGroup) {
        for (Bank &bank : classBanks)
          for (int64_t r = 0; r < acc.rows; ++r) {
            uint8_t *dst = bank.buffer.data() + acc.dst + r * kElementBytes;
            if (acc.max) {
              Half largest = rowResult(bank, acc, r, 0.0);
              storeHalf(dst, acc.accumulate
                                 ? accumulated(acc, loadHalf(dst), largest)
                                 : largest);
              continue;
            }
            // The old value enters the adder chain, not a second rounding.
            double initial =
                acc.accumulate ? fp16::toDouble(loadHalf(dst)) : 0.0;
            storeHalf(dst, rowResult(bank, acc, r, initial));
          }
        return;
      }
      // The BGPM of each bank group combines its banks' partials in bank
      // order: sums in FP16, or the maximum.
      std::map<int64_t, std::vector<size_t>> groups;
      for (size_t i = 0; i < classBanks.size(); ++i)
        groups[bankClass.bank(int64_t(i)) / hw.org.banks].push_back(i);
      for (auto &[group, members] : groups)
        for (int64_t r = 0; r < acc.rows; ++r) {
          Half total = 0;
          for (size_t n = 0; n < members.size(); ++n) {
            Half partial = rowResult(classBanks[members[n]], acc, r, 0.0);
            total = n == 0 ? partial : accumulated(acc, total, partial);
          }
          for (size_t member : members) {
            uint8_t *dst =
                classBanks[member].buffer.data() + acc.dst + r * kElementBytes;
            storeHalf(dst, acc.accumulate
                               ? accumulated(acc, loadHalf(dst), total)
                               : total);
          }
        }
    }

    void operator()(const SfmCommand &sfm) {
      const Half one = fp16::fromDouble(1.0);
      for (Bank &bank : classBanks)
        for (int64_t r = 0; r < sfm.rows; ++r) {
          Half reciprocal = fp16::divide(
              one, loadHalf(bank.buffer.data() + sfm.sums + r * kElementBytes));
          for (int64_t c = 0; c < sfm.cols; ++c) {
            int64_t offset = (r * sfm.cols + c) * kElementBytes;
            Half value = loadHalf(bank.buffer.data() + sfm.src + offset);
            storeHalf(bank.buffer.data() + sfm.dst + offset,
                      fp16::multiply(value, reciprocal));
          }
        }
    }

    void operator()(const MaskCommand &mask) {
      int64_t diag = mask.diag.evaluate(ivs), key = mask.key.evaluate(ivs);
      Half scale = fp16::fromDouble(mask.scale);
      for (size_t b = 0; b < classBanks.size(); ++b) {
        Bank &bank = classBanks[b];
        int64_t digit = int64_t(b) % mask.bankModulus;
        int64_t bankDiag = diag + digit * mask.bankDiagStride;
        int64_t bankKey = key + digit * mask.bankKeyStride;
        for (int64_t i = 0; i < mask.rows; ++i)
          for (int64_t c = 0; c < mask.cols; ++c) {
            uint8_t *at = bank.buffer.data() + mask.buf +
                          (i * mask.cols + c) * kElementBytes;
            int64_t delta = c - (mask.uniform ? 0 : i) + bankDiag;
            bool inBand = mask.bandLo <= delta && delta <= mask.bandHi;
            bool kept = inBand != mask.outside && mask.keysLo <= c + bankKey &&
                        c + bankKey < mask.keysHi;
            storeHalf(at, kept ? fp16::multiply(loadHalf(at), scale)
                               : fp16::kLowest);
          }
      }
    }

    void operator()(const SubCommand &sub) {
      for (Bank &bank : classBanks)
        for (int64_t r = 0; r < sub.rows; ++r) {
          Half subtrahend =
              loadHalf(bank.buffer.data() + sub.vec + r * kElementBytes);
          for (int64_t c = 0; c < sub.cols; ++c) {
            int64_t offset = (r * sub.cols + c) * kElementBytes;
            Half value = loadHalf(bank.buffer.data() + sub.src + offset);
            storeHalf(bank.buffer.data() + sub.dst + offset,
                      fp16::subtract(value, subtrahend));
          }
        }
    }
  };
  std::visit(
      Executor{*this, hw, program.classes[classIndex], classBanks, ivs, bits},
      command.body);
}

std::vector<float> sim::mergeRow(const std::vector<double> &outputs,
                                 const std::vector<double> &maxima,
                                 const std::vector<double> &sums) {
  size_t pieces = sums.size(), headDim = outputs.size() / pieces;
  float maximum = -std::numeric_limits<float>::infinity();
  for (double value : maxima)
    maximum = std::max(maximum, float(value));
  std::vector<float> merged(headDim, 0.0f);
  float total = 0.0f;
  for (size_t p = 0; p < pieces; ++p) {
    float weight = std::exp(float(maxima[p]) - maximum) * float(sums[p]);
    // A group that attends none of its keys has no weight, whatever its
    // output (0 / 0 where its exponentials were all 0).
    if (weight == 0.0f)
      continue;
    total += weight;
    for (size_t j = 0; j < headDim; ++j)
      merged[j] += weight * float(outputs[p * headDim + j]);
  }
  for (float &value : merged)
    value /= total;
  return merged;
}

bool FunctionalMachine::isPlaced(const std::string &name) const {
  return placesTensor(program, name) ||
         llvm::any_of(program.merges,
                      [&](const Merge &merge) { return merge.output == name; });
}

llvm::Expected<HostTensor>
FunctionalMachine::gather(const std::string &name, GatherReport &report) const {
  if (!isPlaced(name))
    return llvm::createStringError("no pim.cfg places a tensor named '" + name +
                                   "'");
  HostTensor tensor;
  if (std::optional<std::vector<int64_t>> shape =
          declaredShape(program, name)) {
    tensor.shape = *shape;
  } else {
    int64_t end = 0;
    llvm::cantFail(forEachRun(
        program, name,
        [&](size_t, int64_t, const TensorPlacement &, const PlacedRun &run) {
          end = std::max(end, run.tensorStart + run.length);
          return llvm::Error::success();
        }));
    tensor.shape = {end};
  }
  int64_t count = tensor.elementCount();
  tensor.values.assign(count, 0.0);
  std::vector<bool> covered(count, false);
  if (llvm::Error error = gatherPlaced(name, tensor, covered, report))
    return error;
  for (const Merge &merge : program.merges)
    if (merge.output == name)
      if (llvm::Error error = this->merge(merge, tensor, covered))
        return error;
  report.uncovered = std::count(covered.begin(), covered.end(), false);
  return tensor;
}

llvm::Error FunctionalMachine::merge(const Merge &merge, HostTensor &output,
                                     std::vector<bool> &covered) const {
  const std::array<int64_t, 4> &shape = program.attention->queryShape;
  int64_t heads = shape[1], queries = shape[2], headDim = shape[3];
  int64_t rows = shape[0] * heads * queries;
  std::vector<int64_t> mergedQueries = merge.mergedQueries(queries);
  // The last piece of the last merged row ends the elements it reads.
  int64_t lastRow = ((shape[0] - 1) * heads + merge.heads.back()) * queries +
                    mergedQueries.back();
  int64_t readRows = (merge.pieces - 1) * rows + lastRow + 1;
  GatherReport ignored;
  auto read = [&](const std::string &name, int64_t perRow)
      -> llvm::Expected<HostTensor> {
    llvm::Expected<HostTensor> tensor = gather(name, ignored);
    if (tensor && tensor->elementCount() < readRows * perRow)
      return llvm::createStringError(
          merge.location + ": pim.merge reads " +
          std::to_string(readRows * perRow) + " elements of \"" + name +
          "\" (" + std::to_string(merge.pieces) + " pieces of " +
          std::to_string(rows) + " rows), its placements hold " +
          std::to_string(tensor->elementCount()));
    return tensor;
  };
  llvm::Expected<HostTensor> partials = read(merge.partials, headDim);
  if (!partials)
    return partials.takeError();
  llvm::Expected<HostTensor> sums = read(merge.sums, 1);
  if (!sums)
    return sums.takeError();
  HostTensor maxima{{merge.pieces * rows},
                    std::vector<double>(merge.pieces * rows, 0.0)};
  if (!merge.maxima.empty()) {
    llvm::Expected<HostTensor> placed = read(merge.maxima, 1);
    if (!placed)
      return placed.takeError();
    maxima = std::move(*placed);
  }
  for (int64_t batch = 0; batch < shape[0]; ++batch)
    for (int64_t head : merge.heads)
      for (int64_t query : mergedQueries) {
        int64_t row = (batch * heads + head) * queries + query;
        std::vector<double> outputs, rowMaxima, rowSums;
        for (int64_t p = 0; p < merge.pieces; ++p) {
          int64_t at = p * rows + row;
          outputs.insert(outputs.end(),
                         partials->values.begin() + at * headDim,
                         partials->values.begin() + (at + 1) * headDim);
          rowMaxima.push_back(maxima.values[at]);
          rowSums.push_back(sums->values[at]);
        }
        std::vector<float> merged = mergeRow(outputs, rowMaxima, rowSums);
        for (int64_t j = 0; j < headDim; ++j) {
          // The host writes the merged output in FP16.
          output.values[row * headDim + j] =
              fp16::toDouble(fp16::fromDouble(merged[j]));
          covered[row * headDim + j] = true;
        }
      }
  return llvm::Error::success();
}

llvm::Error FunctionalMachine::gatherPlaced(const std::string &name,
                                            HostTensor &tensor,
                                            std::vector<bool> &covered,
                                            GatherReport &report) const {
  int64_t rowBytes = program.hw.org.rowBytes;
  return forEachRun(
      program, name,
      [&](size_t c, int64_t i, const TensorPlacement &placement,
          const PlacedRun &run) -> llvm::Error {
        if (llvm::Error error = checkRunInTensor(
                name, placement, run, program.classes[c], i, tensor, "output"))
          return error;
        const Bank &bank = banks[c][i];
        for (int64_t j = 0; j < run.length; ++j) {
          int64_t byte = (run.rowElement + j) * kElementBytes;
          auto row = bank.rows.find(run.row + byte / rowBytes);
          double value = row == bank.rows.end()
                             ? 0.0
                             : fp16::toDouble(
                                   loadHalf(row->second.data() + byte % rowBytes));
          int64_t at = run.tensorStart + j;
          if (!covered[at]) {
            covered[at] = true;
            tensor.values[at] = value;
          } else if (value != tensor.values[at]) {
            ++report.disagreeing;
          }
        }
        return llvm::Error::success();
      });
}
