//===- InitAll.h - register every pilot dialect, pass and pipeline -*- C++
//-*-===//
//
// The one registration entry point: pilot-opt, the C and Python APIs and the
// tests all call these, so none of them drifts from the others.
//
//===----------------------------------------------------------------------===//

#ifndef PILOT_INITALL_H
#define PILOT_INITALL_H

namespace mlir {
class DialectRegistry;
} // namespace mlir

namespace pilot {
/// pilot's dialects and the upstream dialects its IR uses.
void registerAllDialects(mlir::DialectRegistry &registry);
/// pilot's passes and pipelines.
void registerAllPasses();
} // namespace pilot

#endif // PILOT_INITALL_H
