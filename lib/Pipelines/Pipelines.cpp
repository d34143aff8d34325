//===- Pipelines.cpp - pilot's pass pipelines -----------------------------===//

#include "pilot/Pipelines/Pipelines.h"
#include "pilot/Conversion/Passes.h"
#include "pilot/Dialect/SAttn/SAttnPasses.h"

#include "mlir/Conversion/TosaToArith/TosaToArith.h"
#include "mlir/Conversion/TosaToLinalg/TosaToLinalg.h"
#include "mlir/Conversion/TosaToTensor/TosaToTensor.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Pass/PassManager.h"
#include "mlir/Pass/PassRegistry.h"
#include "mlir/Transforms/Passes.h"

using namespace mlir;

void pilot::buildCompilePipeline(OpPassManager &pm,
                                 const CompileOptions &options) {
  pm.addPass(sattn::createSAttnDecompose());
  sattn::PIMMapOptions map;
  map.hardware = options.hardware;
  map.denseHeadsOnPIM = options.denseHeadsOnPIM;
  map.schedule = options.schedule;
  map.shareKV = options.shareKV;
  // Keys cut over several groups walk query-stationary (each tile writes
  // its partial's statistics together): asking key-stationary tiles keeps
  // decoding on one group per instance.
  map.split = options.order == "key" && options.split == "auto"
                  ? std::string("heads")
                  : std::string(options.split);
  pm.addPass(sattn::createPIMMap(map));
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

void pilot::buildFromTosaPipeline(OpPassManager &pm,
                                  const FromTosaOptions &options) {
  // What `mlir-opt --tosa-to-linalg-pipeline --tosa-to-tensor
  // --tosa-to-arith --canonicalize` does: the forms raising is written for.
  tosa::addTosaToLinalgPasses(pm, TosaToLinalgOptions{});
  pm.addNestedPass<func::FuncOp>(createTosaToTensorPass());
  pm.addNestedPass<func::FuncOp>(createTosaToArithPass());
  pm.addPass(createCanonicalizerPass());
  pm.addPass(sattn::createSAttnRaiseLinalg(
      sattn::SAttnRaiseLinalgOptions{options.strict}));
  // Folds the reshapes around the raised attention.
  pm.addPass(createCanonicalizerPass());
}

void pilot::registerPipelines() {
  PassPipelineRegistration<FromTosaOptions>(
      "pilot-from-tosa",
      "Attention written in TOSA to sattn.attention: upstream tosa-to-linalg, "
      "tosa-to-tensor, tosa-to-arith, canonicalize, sattn-raise-linalg, "
      "canonicalize "
      "(docs/embedding.md)",
      buildFromTosaPipeline);
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
