//===- Functional.h - real FP16 values through a PIM program ----*- C++ -*-===//
//
// Functional mode: every bank of every class holds real bytes (its DRAM rows
// and its BPM buffer), the host's tensors are scattered into the banks as
// their pim.cfg placements say, the commands run in program order with the
// BPM's FP16 arithmetic (FP16.h), and tensors are gathered back. The banks
// of a class run in lockstep, command by command, which is what a PLT_ACC
// across a bank group needs. Results do not depend on timing: the timing
// model honours every dependency, so program order is the order of effect.
//
//===----------------------------------------------------------------------===//

#ifndef PILOT_SIM_FUNCTIONAL_H
#define PILOT_SIM_FUNCTIONAL_H

#include "pilot/Sim/Program.h"
#include "pilot/Sim/Tensor.h"

#include <map>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

namespace pilot::sim {

/// The shape \p program's attention problem gives tensor \p name (query and
/// output: [B, H, N, D]; key and value: [B, Hkv, S, D]), if it names it.
std::optional<std::vector<int64_t>> declaredShape(const Program &program,
                                                  const std::string &name);

/// The host's merge of one row's partials (pim.merge), in FP32: with `m =
/// max m_p` and `w_p = exp(m_p - m) l_p`, `O = sum_p w_p O_p / sum_p w_p`.
/// \p outputs holds the `P` partial rows (`P x D`, each normalised by its
/// own sum), \p maxima and \p sums their `P` row maxima and sums. A piece
/// of weight 0 (no key of its group attended) adds nothing.
std::vector<float> mergeRow(const std::vector<double> &outputs,
                            const std::vector<double> &maxima,
                            const std::vector<double> &sums);

/// How a gather went.
struct GatherReport {
  /// Elements no bank holds (left 0).
  int64_t uncovered = 0;
  /// Elements held by several banks whose values differ (the first bank's,
  /// in class then bank order, is kept).
  int64_t disagreeing = 0;
};

class FunctionalMachine {
public:
  explicit FunctionalMachine(const Program &program);

  /// Writes tensor \p name into every bank whose pim.cfg places it. Errors
  /// when a bank's slice reaches past the tensor or the tensor's shape is not
  /// the one the attention problem declares.
  llvm::Error scatter(const std::string &name, const HostTensor &tensor);
  /// Runs every class's program.
  void run();
  /// Reads tensor \p name back from the banks whose pim.cfg places it, with
  /// the declared shape if there is one, else flat up to the last element
  /// any bank holds; then the host merges the partials of every pim.merge
  /// whose output it is (mergeRow).
  llvm::Expected<HostTensor> gather(const std::string &name,
                                    GatherReport &report) const;

  /// Whether any class places tensor \p name.
  bool isPlaced(const std::string &name) const;

private:
  /// One bank's storage: the DRAM rows it touched and its buffer.
  struct Bank {
    std::unordered_map<int64_t, std::vector<uint8_t>> rows;
    std::vector<uint8_t> buffer;
  };

  uint8_t *dramBytes(Bank &bank, int64_t row, int64_t byte);
  /// Reads back what pim.cfg placements of `name` hold into `tensor`.
  llvm::Error gatherPlaced(const std::string &name, HostTensor &tensor,
                           std::vector<bool> &covered,
                           GatherReport &report) const;
  /// Writes the rows `merge` merges into `output`.
  llvm::Error merge(const Merge &merge, HostTensor &output,
                    std::vector<bool> &covered) const;
  void runStatements(size_t classIndex, const std::vector<Statement> &body,
                     std::vector<int64_t> &ivs);
  void execute(size_t classIndex, const Command &command,
               const std::vector<int64_t> &ivs);

  const Program &program;
  /// banks[class][i]: the i-th bank of each class.
  std::vector<std::vector<Bank>> banks;
};

} // namespace pilot::sim

#endif // PILOT_SIM_FUNCTIONAL_H
