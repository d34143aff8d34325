//===- PIMDialect.h - processing-in-memory dialect --------------*- C++ -*-===//

#ifndef PILOT_DIALECT_PIM_PIMDIALECT_H
#define PILOT_DIALECT_PIM_PIMDIALECT_H

#include "pilot/Hardware/HardwareDescription.h"

#include "mlir/IR/Builders.h"
#include "mlir/IR/BuiltinAttributes.h"
#include "mlir/IR/Dialect.h"
#include "mlir/IR/DialectImplementation.h"

#include "pilot/Dialect/PIM/PIMEnums.h.inc"

#define GET_ATTRDEF_CLASSES
#include "pilot/Dialect/PIM/PIMAttrs.h.inc"

// After the attributes: the dialect's annotation helpers name them.
#include "pilot/Dialect/PIM/PIMDialect.h.inc"

#endif // PILOT_DIALECT_PIM_PIMDIALECT_H
