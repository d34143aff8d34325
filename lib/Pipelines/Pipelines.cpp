//===- Pipelines.cpp - pilot's pass pipelines -----------------------------===//

#include "pilot/Pipelines/Pipelines.h"
#include "pilot/Conversion/Passes.h"
#include "pilot/Dialect/SAttn/SAttnPasses.h"

#include "mlir/Pass/PassManager.h"
#include "mlir/Pass/PassRegistry.h"

using namespace mlir;

void pilot::buildCompilePipeline(OpPassManager &pm,
                                 const CompileOptions &options) {
  pm.addPass(sattn::createSAttnDecompose());
  pm.addPass(sattn::createPIMMap(
      sattn::PIMMapOptions{options.hardware, options.denseHeadsOnPIM}));
  sattn::PIMTileOptions tile;
  tile.hardware = options.hardware;
  tile.bufferBytes = options.bufferBytes;
  tile.schedule = options.schedule;
  tile.wide = options.wide;
  tile.rows = options.rows;
  tile.keys = options.keys;
  tile.headDimChunk = options.headDimChunk;
  pm.addPass(sattn::createPIMTile(tile));
  pm.addPass(sattn::createPIMSchedule(sattn::PIMScheduleOptions{
      options.hardware, options.bufferBytes, options.order}));
  pm.addPass(createConvertSAttnToPIM(
      ConvertSAttnToPIMOptions{options.hardware, options.bufferBytes}));
}

void pilot::registerPipelines() {
  PassPipelineRegistration<CompileOptions>(
      "pilot-compile",
      "Compile sparse attention to ISA-level PIM programs: sattn-decompose, "
      "pim-map, pim-tile, pim-schedule, convert-sattn-to-pim "
      "(docs/compiler.md)",
      buildCompilePipeline);
  // The conversion's former name, for existing pipelines.
  PassPipelineRegistration<LowerToISAOptions>(
      "pim-lower-to-isa", "The former name of convert-sattn-to-pim",
      [](OpPassManager &pm, const LowerToISAOptions &options) {
        pm.addPass(createConvertSAttnToPIM(
            ConvertSAttnToPIMOptions{options.hardware, options.bufferBytes}));
      });
}
