//===- NativeModule.cpp - pilot in-process for Python ---------------------===//
//
// `_pilot_native`: pilot's compile pipeline and simulator on strings and
// NumPy arrays, without the tools (docs/embedding.md). `python3 -m pilot`
// uses it through pilot.native when it is built.
//
//===----------------------------------------------------------------------===//

#include "pilot/API/API.h"

#include <pybind11/numpy.h>
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

namespace py = pybind11;
using namespace pilot;

namespace {

/// An llvm::Expected's value, or its error raised as RuntimeError.
template <typename T> T valueOrRaise(llvm::Expected<T> expected) {
  if (!expected)
    throw std::runtime_error(llvm::toString(expected.takeError()));
  return std::move(*expected);
}

sim::HostTensor toHost(
    const py::array_t<double, py::array::c_style | py::array::forcecast> &a) {
  sim::HostTensor tensor;
  tensor.shape.assign(a.shape(), a.shape() + a.ndim());
  tensor.values.assign(a.data(), a.data() + a.size());
  return tensor;
}

py::array_t<double> toNumpy(const sim::HostTensor &tensor) {
  py::array_t<double> array(tensor.shape);
  std::copy(tensor.values.begin(), tensor.values.end(), array.mutable_data());
  return array;
}

std::string compile(const std::string &module, const std::string &options) {
  llvm::Expected<std::string> compiled = [&] {
    py::gil_scoped_release release;
    return api::compile(module, options);
  }();
  return valueOrRaise(std::move(compiled));
}

std::string summarize(const std::string &module) {
  llvm::Expected<std::string> summary = [&] {
    py::gil_scoped_release release;
    return api::summarize(module);
  }();
  return valueOrRaise(std::move(summary));
}

py::dict simulate(const std::string &kernel, const std::string &mode,
                  const std::string &hardware, const py::dict &inputs,
                  const std::vector<std::string> &outputs, bool check,
                  double checkTolerance) {
  api::SimulationRequest request;
  if (mode != "fast" && mode != "exact")
    throw py::value_error("mode must be 'fast' or 'exact', got '" + mode + "'");
  request.mode = mode == "fast" ? sim::Mode::Fast : sim::Mode::Exact;
  request.hardware = hardware;
  for (auto [name, array] : inputs)
    request.inputs.emplace(
        py::cast<std::string>(name),
        toHost(py::cast<
               py::array_t<double, py::array::c_style | py::array::forcecast>>(
            array)));
  request.outputs = outputs;
  request.check = check;
  request.checkTolerance = checkTolerance;
  llvm::Expected<api::SimulationResult> simulated = [&] {
    py::gil_scoped_release release;
    return api::simulateKernel(kernel, request);
  }();
  api::SimulationResult result = valueOrRaise(std::move(simulated));

  py::dict returned;
  returned["stats"] =
      py::module_::import("json").attr("loads")(result.statsJson);
  returned["summary"] = result.summary;
  py::dict gathered;
  for (const auto &[name, tensor] : result.outputs)
    gathered[py::str(name)] = toNumpy(tensor);
  returned["outputs"] = gathered;
  if (result.check) {
    py::dict deviation;
    deviation["max_abs_error"] = result.check->maxAbsoluteError;
    deviation["relative_l2_error"] = result.check->relativeL2Error;
    returned["check"] = deviation;
  } else {
    returned["check"] = py::none();
  }
  returned["warnings"] = result.warnings;
  return returned;
}

} // namespace

PYBIND11_MODULE(_pilot_native, m) {
  m.doc() = "pilot's compile pipeline and simulator, in-process";
  m.def("compile", &compile, py::arg("module"), py::arg("options") = "",
        "Run --pilot-compile=\"<options>\" on a sattn module's text; return "
        "the compiled module's text. Raises RuntimeError with the "
        "diagnostics.");
  m.def("summarize", &summarize, py::arg("module"),
        "The --pim-summary JSON (docs/summary.md) of a module's text. Raises "
        "RuntimeError with the diagnostics.");
  m.def(
      "pattern_attribute",
      [](const std::string &json) {
        return valueOrRaise(api::patternAttribute(json));
      },
      py::arg("json"),
      "The #sattn.pattern text of a JSON object of its parameters "
      "(pilot-translate --pattern-from-json).");
  m.def(
      "random_candidates",
      [](const std::string &json) {
        return valueOrRaise(api::randomCandidates(json));
      },
      py::arg("json"),
      "Where a pattern may draw random key blocks on a shape, as JSON "
      "(pilot-translate --random-candidates-from-json).");
  m.def("simulate", &simulate, py::arg("kernel"), py::arg("mode") = "fast",
        py::arg("hw") = "", py::arg("inputs") = py::dict(),
        py::arg("outputs") = std::vector<std::string>(),
        py::arg("check") = false, py::arg("check_tolerance") = 1e-2,
        "Simulate an ISA-level pim.kernel's text as pilot-sim does: a dict "
        "of 'stats' (the stats JSON, docs/simulator.md), 'summary', "
        "'outputs' (gathered tensors as float64 arrays of FP16 values), "
        "'check' (max_abs_error, relative_l2_error, or None) and "
        "'warnings'. Inputs are arrays by tensor name.");
}
