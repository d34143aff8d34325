//===- Pipelines.h - pilot's pass pipelines ---------------------*- C++ -*-===//
//
// `--pilot-compile`: sparse attention to ISA-level PIM programs, the passes
// of docs/compiler.md in order. Tools register it by name; an embedding
// compiler builds it into its own pass manager.
//
//===----------------------------------------------------------------------===//

#ifndef PILOT_PIPELINES_PIPELINES_H
#define PILOT_PIPELINES_PIPELINES_H

#include "mlir/Pass/PassOptions.h"

namespace mlir {
class OpPassManager;
} // namespace mlir

namespace pilot {

struct CompileOptions : public mlir::PassPipelineOptions<CompileOptions> {
  Option<std::string> hardware{
      *this, "hw",
      llvm::cl::desc("Hardware preset (pilot-hbm3, pilot-hbm3-jedec) or a "
                     "JSON hardware file (docs/hardware.md)"),
      llvm::cl::init("pilot-hbm3")};
  Option<std::string> schedule{
      *this, "schedule",
      llvm::cl::desc("naive, pilot, fused or auto (the fastest predicted)"),
      llvm::cl::init("pilot")};
  Option<int64_t> bufferBytes{
      *this, "buffer-bytes",
      llvm::cl::desc("Override bpm.buffer_bytes (0 keeps the hardware's)"),
      llvm::cl::init(0)};
  Option<bool> wide{*this, "wide",
                    llvm::cl::desc("Search any tiles, not the paper's class"),
                    llvm::cl::init(false)};
  Option<int64_t> rows{*this, "rows",
                       llvm::cl::desc("Query rows per tile (0: chosen)"),
                       llvm::cl::init(0)};
  Option<int64_t> keys{*this, "keys",
                       llvm::cl::desc("Keys per step (0: chosen)"),
                       llvm::cl::init(0)};
  Option<int64_t> headDimChunk{
      *this, "head-dim-chunk",
      llvm::cl::desc("Head-dimension chunk of the pilot row split or the "
                     "fused schedule (0: whole or chosen)"),
      llvm::cl::init(0)};
  Option<std::string> order{
      *this, "order",
      llvm::cl::desc("Loop order of the column split: auto, query or key "
                     "(key also keeps decoding on one bank group per "
                     "instance, as split=heads)"),
      llvm::cl::init("auto")};
  Option<bool> denseHeadsOnPIM{
      *this, "dense-heads-on-pim",
      llvm::cl::desc("In prefill, also run the dense heads on PIM"),
      llvm::cl::init(false)};
  Option<std::string> shareKV{
      *this, "share-kv",
      llvm::cl::desc("auto, on or off: decoding query heads of one key-value "
                     "head as rows of one head instance"),
      llvm::cl::init("auto")};
  Option<std::string> split{
      *this, "split",
      llvm::cl::desc("Bank groups per head instance (row split) or per instance's keys (decoding): auto "
                     "(several where the instances leave groups idle and the "
                     "model predicts it faster) or heads (one, the paper's)"),
      llvm::cl::init("auto")};
};

/// sattn-decompose, pim-map, pim-tile, pim-schedule, convert-sattn-to-pim.
void buildCompilePipeline(mlir::OpPassManager &pm,
                          const CompileOptions &options);

/// The options of `pim-lower-to-isa`, convert-sattn-to-pim's former name.
struct LowerToISAOptions : public mlir::PassPipelineOptions<LowerToISAOptions> {
  Option<std::string> hardware{
      *this, "hw", llvm::cl::desc("Hardware preset or JSON hardware file"),
      llvm::cl::init("pilot-hbm3")};
  Option<int64_t> bufferBytes{
      *this, "buffer-bytes",
      llvm::cl::desc("Override bpm.buffer_bytes (0 keeps the hardware's)"),
      llvm::cl::init(0)};
};

/// The options of `pilot-from-tosa`.
struct FromTosaOptions : public mlir::PassPipelineOptions<FromTosaOptions> {
  Option<bool> strict{
      *this, "strict",
      llvm::cl::desc("Fail on a chain that looks like attention but is not "
                     "raised (sattn-raise-linalg's strict)"),
      llvm::cl::init(false)};
};

/// Attention written in TOSA to sattn.attention: upstream MLIR's
/// tosa-to-linalg pipeline, tosa-to-tensor, tosa-to-arith, canonicalize,
/// then sattn-raise-linalg.
void buildFromTosaPipeline(mlir::OpPassManager &pm,
                           const FromTosaOptions &options);

/// Registers `pilot-compile`, `pilot-from-tosa` and `pim-lower-to-isa`.
void registerPipelines();

} // namespace pilot

#endif // PILOT_PIPELINES_PIPELINES_H
