# -*- Python -*-
# lit configuration of pilot's IR tests: FileCheck and -verify-diagnostics
# runs of pilot-opt over test/**/*.mlir.

import os

import lit.formats
from lit.llvm import llvm_config

config.name = "pilot"
config.test_format = lit.formats.ShTest(not llvm_config.use_lit_shell)
config.suffixes = [".mlir", ".test"]
config.excludes = ["CMakeLists.txt", "lit.cfg.py", "lit.site.cfg.py"]
config.test_source_root = os.path.dirname(__file__)
config.test_exec_root = os.path.join(config.pilot_obj_root, "test")

llvm_config.use_default_substitutions()
llvm_config.with_environment("PATH", config.llvm_tools_dir, append_path=True)
llvm_config.add_tool_substitutions(
    ["pilot-opt", "pilot-sim", "pilot-translate", "pilot-capi-test",
     "hardware-json-fuzzer", "binary-program-fuzzer", "pattern-attr-fuzzer",
     "sim-program-fuzzer", "npy-fuzzer"],
    [config.pilot_tools_dir]
)
# Helper scripts that run the tools (pilot.compare reads --pim-summary) run
# this build's, not <repo>/build's.
llvm_config.with_environment("PILOT_BIN", config.pilot_tools_dir)
# Helper scripts of the simulator tests (numpy inputs, stats comparison).
config.substitutions.append(("%python", config.python_executable))
# The fuzz targets' seeds and regressions (fuzz/).
config.substitutions.append(
    ("%fuzz_inputs", os.path.join(config.pilot_src_root, "fuzz")))
# The install test builds a downstream project against an installed pilot.
config.substitutions.append(("%pilot_obj_root", config.pilot_obj_root))
config.substitutions.append(
    ("%cmake_configure", f"{config.cmake_command} -G Ninja "
     f"-DCMAKE_MAKE_PROGRAM={config.make_program} "
     f"-DCMAKE_CXX_COMPILER={config.cxx_compiler}"))
config.substitutions.append(("%cmake", config.cmake_command))
