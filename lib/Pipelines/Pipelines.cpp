//===- Pipelines.cpp - pilot's pass pipelines -----------------------------===//

#include "pilot/Pipelines/Pipelines.h"
#include "pilot/Dialect/PIM/PIMPasses.h"
#include "pilot/Dialect/SAttn/SAttnPasses.h"

#include "mlir/Pass/PassManager.h"
#include "mlir/Pass/PassRegistry.h"

using namespace mlir;

void pilot::buildCompilePipeline(OpPassManager &pm,
                                 const CompileOptions &options) {
  pm.addPass(sattn::createSAttnDecompose());
  pm.addPass(pim::createPIMMap(
      pim::PIMMapOptions{options.hardware, options.denseHeadsOnPIM}));
  pim::PIMTileOptions tile;
  tile.hardware = options.hardware;
  tile.bufferBytes = options.bufferBytes;
  tile.schedule = options.schedule;
  tile.wide = options.wide;
  tile.rows = options.rows;
  tile.keys = options.keys;
  tile.headDimChunk = options.headDimChunk;
  pm.addPass(pim::createPIMTile(tile));
  pm.addPass(pim::createPIMSchedule(pim::PIMScheduleOptions{
      options.hardware, options.bufferBytes, options.order}));
  pm.addPass(pim::createPIMLowerToISA(
      pim::PIMLowerToISAOptions{options.hardware, options.bufferBytes}));
}

void pilot::registerPipelines() {
  PassPipelineRegistration<CompileOptions>(
      "pilot-compile",
      "Compile sparse attention to ISA-level PIM programs: sattn-decompose, "
      "pim-map, pim-tile, pim-schedule, pim-lower-to-isa (docs/compiler.md)",
      buildCompilePipeline);
}
