//===- SAttnOps.h - sparse attention operations -----------------*- C++ -*-===//

#ifndef PILOT_DIALECT_SATTN_SATTNOPS_H
#define PILOT_DIALECT_SATTN_SATTNOPS_H

#include "pilot/Pattern/AttentionProblem.h"
#include "pilot/Dialect/SAttn/SAttnDialect.h"

#include "mlir/Bytecode/BytecodeOpInterface.h"
#include "mlir/IR/BuiltinTypes.h"
#include "mlir/IR/OpDefinition.h"
#include "mlir/IR/OpImplementation.h"
#include "mlir/Interfaces/InferTypeOpInterface.h"
#include "mlir/Interfaces/SideEffectInterfaces.h"

#define GET_OP_CLASSES
#include "pilot/Dialect/SAttn/SAttnOps.h.inc"

#endif // PILOT_DIALECT_SATTN_SATTNOPS_H
