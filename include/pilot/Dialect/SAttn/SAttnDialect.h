//===- SAttnDialect.h - sparse attention dialect ----------------*- C++ -*-===//

#ifndef PILOT_DIALECT_SATTN_SATTNDIALECT_H
#define PILOT_DIALECT_SATTN_SATTNDIALECT_H

#include "pilot/Pattern/SparsityPattern.h"

#include "mlir/IR/Builders.h"
#include "mlir/IR/BuiltinAttributes.h"
#include "mlir/IR/Dialect.h"
#include "mlir/IR/DialectImplementation.h"

#include "pilot/Dialect/SAttn/SAttnDialect.h.inc"
#include "pilot/Dialect/SAttn/SAttnEnums.h.inc"

namespace pilot::sattn {
/// Parameter parsers and printers of #sattn.pattern (see SAttnAttrs.td).
mlir::FailureOr<bool> parseFlag(mlir::AsmParser &parser);
mlir::FailureOr<llvm::SmallVector<int64_t>>
parseIndexList(mlir::AsmParser &parser);
void printIndexList(mlir::AsmPrinter &printer, llvm::ArrayRef<int64_t> list);
mlir::FailureOr<mlir::ArrayAttr> parseIndexLists(mlir::AsmParser &parser);
void printIndexLists(mlir::AsmPrinter &printer, mlir::ArrayAttr lists);
} // namespace pilot::sattn

#define GET_ATTRDEF_CLASSES
#include "pilot/Dialect/SAttn/SAttnAttrs.h.inc"

#endif // PILOT_DIALECT_SATTN_SATTNDIALECT_H
