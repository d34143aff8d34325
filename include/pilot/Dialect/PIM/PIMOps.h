//===- PIMOps.h - processing-in-memory operations ---------------*- C++ -*-===//

#ifndef PILOT_DIALECT_PIM_PIMOPS_H
#define PILOT_DIALECT_PIM_PIMOPS_H

#include "pilot/Dialect/PIM/PIMDialect.h"

#include "mlir/Bytecode/BytecodeOpInterface.h"
#include "mlir/IR/BuiltinTypes.h"
#include "mlir/IR/OpDefinition.h"
#include "mlir/IR/OpImplementation.h"
#include "mlir/IR/SymbolTable.h"
#include "mlir/Interfaces/SideEffectInterfaces.h"

#define GET_OP_CLASSES
#include "pilot/Dialect/PIM/PIMOps.h.inc"

#endif // PILOT_DIALECT_PIM_PIMOPS_H
