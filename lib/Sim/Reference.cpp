//===- Reference.cpp - float64 attention for --check ----------------------===//

#include "pilot/Sim/Reference.h"

#include <algorithm>
#include <cmath>

using namespace pilot;
using namespace pilot::sim;

namespace {

llvm::Error checkShape(const HostTensor &tensor, const std::string &name,
                       const std::array<int64_t, 4> &shape) {
  if (tensor.shape == std::vector<int64_t>(shape.begin(), shape.end()))
    return llvm::Error::success();
  HostTensor expected{std::vector<int64_t>(shape.begin(), shape.end()), {}};
  return llvm::createStringError("reference: " + name + " has shape " +
                                 tensor.shapeString() + ", expected " +
                                 expected.shapeString());
}

} // namespace

llvm::Expected<HostTensor>
sim::referenceAttention(const AttentionProblem &problem,
                        const HostTensor &query, const HostTensor &key,
                        const HostTensor &value) {
  if (llvm::Error error = checkShape(query, problem.query, problem.queryShape))
    return error;
  if (llvm::Error error = checkShape(key, problem.key, problem.kvShape))
    return error;
  if (llvm::Error error = checkShape(value, problem.value, problem.kvShape))
    return error;
  // Plain variables, not structured bindings: the lambdas below capture
  // them, which C++17 does not allow for bindings.
  int64_t batch = problem.queryShape[0], heads = problem.queryShape[1],
          rows = problem.queryShape[2], depth = problem.queryShape[3];
  int64_t kvHeads = problem.kvShape[1], keys = problem.kvShape[2];
  if (problem.kvShape[0] != batch || problem.kvShape[3] != depth ||
      kvHeads < 1 || heads % kvHeads != 0)
    return llvm::createStringError(
        "reference: key/value shape does not fit the query's");
  pattern::PatternShape shape{rows, keys, heads};
  std::vector<std::string> errors =
      pattern::validateSpec(problem.pattern, shape);
  if (!errors.empty())
    return llvm::createStringError("reference: " + errors.front());
  pattern::SparsityPattern mask(problem.pattern, shape);

  HostTensor output{query.shape, std::vector<double>(query.values.size())};
  std::vector<double> scores;
  std::vector<int64_t> columns;
  for (int64_t b = 0; b < batch; ++b)
    for (int64_t h = 0; h < heads; ++h) {
      int64_t g = h / (heads / kvHeads);
      auto at = [&](int64_t n, int64_t headCount, int64_t head, int64_t row) {
        return ((b * headCount + head) * n + row) * depth;
      };
      for (int64_t i = 0; i < rows; ++i) {
        columns.clear();
        for (const pattern::Interval &interval : mask.rowColumns(i, h))
          for (int64_t j = interval.begin; j < interval.end; ++j)
            columns.push_back(j);
        if (columns.empty())
          continue;
        const double *q = &query.values[at(rows, heads, h, i)];
        scores.assign(columns.size(), 0.0);
        for (size_t c = 0; c < columns.size(); ++c) {
          const double *k = &key.values[at(keys, kvHeads, g, columns[c])];
          double dot = 0;
          for (int64_t d = 0; d < depth; ++d)
            dot += q[d] * k[d];
          scores[c] = problem.scale * dot;
        }
        double peak = *std::max_element(scores.begin(), scores.end());
        double sum = 0;
        for (double &score : scores)
          sum += score = std::exp(score - peak);
        double *o = &output.values[at(rows, heads, h, i)];
        for (size_t c = 0; c < columns.size(); ++c) {
          const double *v = &value.values[at(keys, kvHeads, g, columns[c])];
          for (int64_t d = 0; d < depth; ++d)
            o[d] += scores[c] / sum * v[d];
        }
      }
    }
  return output;
}

Deviation sim::deviation(const HostTensor &actual, const HostTensor &expected) {
  Deviation result;
  double errorNorm = 0, referenceNorm = 0;
  size_t count = std::min(actual.values.size(), expected.values.size());
  for (size_t i = 0; i < count; ++i) {
    double error = actual.values[i] - expected.values[i];
    result.maxAbsoluteError =
        std::max(result.maxAbsoluteError, std::fabs(error));
    errorNorm += error * error;
    referenceNorm += expected.values[i] * expected.values[i];
  }
  result.relativeL2Error = referenceNorm > 0
                               ? std::sqrt(errorNorm / referenceNorm)
                               : std::sqrt(errorNorm);
  return result;
}
