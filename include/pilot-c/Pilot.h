/*===-- pilot-c/Pilot.h - pilot's C API ---------------------------*- C -*-===*\
|*                                                                            *|
|* pilot's dialects, passes, pipeline and simulator for C and for other      *|
|* languages' bindings, in the manner of MLIR's C API (mlir-c/): opaque      *|
|* handles from mlir-c/IR.h, strings as MlirStringRef, results handed to     *|
|* callbacks. docs/embedding.md has an example.                              *|
|*                                                                            *|
\*===----------------------------------------------------------------------===*/

#ifndef PILOT_C_PILOT_H
#define PILOT_C_PILOT_H

#include "mlir-c/IR.h"
#include "mlir-c/Pass.h"
#include "mlir-c/Support.h"

#ifdef __cplusplus
extern "C" {
#endif

/* The sattn and pim dialects, as handles (mlirDialectHandleInsertDialect,
 * mlirDialectHandleLoadDialect). */
MLIR_DECLARE_CAPI_DIALECT_REGISTRATION(SAttn, sattn);
MLIR_DECLARE_CAPI_DIALECT_REGISTRATION(PIM, pim);

/* Inserts every dialect pilot's IR uses (sattn, pim, func, arith) into a
 * registry. */
MLIR_CAPI_EXPORTED void pilotRegisterAllDialects(MlirDialectRegistry registry);

/* Registers pilot's passes and the pilot-compile pipeline with the global
 * registry, so that mlirParsePassPipeline and mlirOpPassManagerAddPipeline
 * know them ("builtin.module(pilot-compile{schedule=pilot})"). */
MLIR_CAPI_EXPORTED void pilotRegisterAllPasses(void);

/* Runs --pilot-compile="<options>" (docs/compiler.md) on a sattn module's
 * text. On success calls onResult with the compiled module's text; on
 * failure onError with the diagnostics. */
MLIR_CAPI_EXPORTED MlirLogicalResult pilotCompile(MlirStringRef module,
                                                  MlirStringRef options,
                                                  MlirStringCallback onResult,
                                                  MlirStringCallback onError,
                                                  void *userData);

/* Simulates an ISA-level pim.kernel's text as pilot-sim does, in mode
 * "fast" or "exact", on its own hardware or on `hardware` (a preset or a
 * JSON file; empty to keep). On success calls onStats with the stats JSON
 * (docs/simulator.md); on failure onError. */
MLIR_CAPI_EXPORTED MlirLogicalResult pilotSimulate(
    MlirStringRef kernel, MlirStringRef mode, MlirStringRef hardware,
    MlirStringCallback onStats, MlirStringCallback onError, void *userData);

#ifdef __cplusplus
}
#endif

#endif /* PILOT_C_PILOT_H */
