//===- SAttnDialect.cpp - sparse attention dialect and attributes ---------===//

#include "pilot/Dialect/SAttn/SAttnDialect.h"
#include "pilot/Dialect/SAttn/SAttnOps.h"

#include "mlir/IR/DialectImplementation.h"
#include "llvm/ADT/TypeSwitch.h"

using namespace mlir;
using namespace pilot;
using namespace pilot::sattn;

#include "pilot/Dialect/SAttn/SAttnDialect.cpp.inc"
#include "pilot/Dialect/SAttn/SAttnEnums.cpp.inc"

void SAttnDialect::initialize() {
  addAttributes<
#define GET_ATTRDEF_LIST
#include "pilot/Dialect/SAttn/SAttnAttrs.cpp.inc"
      >();
  addOperations<
#define GET_OP_LIST
#include "pilot/Dialect/SAttn/SAttnOps.cpp.inc"
      >();
}

//===----------------------------------------------------------------------===//
// Pattern parameter syntax
//===----------------------------------------------------------------------===//

FailureOr<bool> pilot::sattn::parseFlag(AsmParser &parser) {
  if (succeeded(parser.parseOptionalKeyword("true")))
    return true;
  if (succeeded(parser.parseOptionalKeyword("false")))
    return false;
  return parser.emitError(parser.getCurrentLocation(),
                          "expected 'true' or 'false'");
}

FailureOr<SmallVector<int64_t>>
pilot::sattn::parseIndexList(AsmParser &parser) {
  SmallVector<int64_t> list;
  if (parser.parseCommaSeparatedList(AsmParser::Delimiter::Square, [&] {
        return parser.parseInteger(list.emplace_back());
      }))
    return failure();
  return list;
}

void pilot::sattn::printIndexList(AsmPrinter &printer, ArrayRef<int64_t> list) {
  printer << '[';
  llvm::interleaveComma(list, printer);
  printer << ']';
}

FailureOr<ArrayAttr> pilot::sattn::parseIndexLists(AsmParser &parser) {
  SmallVector<Attribute> lists;
  if (parser.parseCommaSeparatedList(AsmParser::Delimiter::Square, [&] {
        FailureOr<SmallVector<int64_t>> list = parseIndexList(parser);
        if (failed(list))
          return failure();
        lists.push_back(DenseI64ArrayAttr::get(parser.getContext(), *list));
        return success();
      }))
    return failure();
  return ArrayAttr::get(parser.getContext(), lists);
}

void pilot::sattn::printIndexLists(AsmPrinter &printer, ArrayAttr lists) {
  printer << '[';
  llvm::interleaveComma(lists, printer, [&](Attribute list) {
    printIndexList(printer, cast<DenseI64ArrayAttr>(list).asArrayRef());
  });
  printer << ']';
}

//===----------------------------------------------------------------------===//
// PatternAttr
//===----------------------------------------------------------------------===//

namespace {
/// The plain C++ spec of the attribute's parameters. `window` must hold zero
/// or two extents and `randomCols` only index lists (checked by the caller).
pattern::PatternSpec makeSpec(bool dense, bool causal, ArrayRef<int64_t> window,
                              ArrayRef<int64_t> globalTokens, int64_t sinks,
                              int64_t random, uint64_t seed,
                              ArrayAttr randomCols, int64_t block,
                              ArrayRef<int64_t> denseHeads) {
  pattern::PatternSpec spec;
  spec.dense = dense;
  spec.causal = causal;
  if (window.size() == 2) {
    spec.hasWindow = true;
    spec.windowLeft = window[0];
    spec.windowRight = window[1];
  }
  spec.globalTokens.assign(globalTokens.begin(), globalTokens.end());
  spec.sinks = sinks;
  spec.randomPerRow = random;
  spec.seed = seed;
  if (randomCols)
    for (Attribute list : randomCols) {
      ArrayRef<int64_t> cols = cast<DenseI64ArrayAttr>(list).asArrayRef();
      spec.randomColumns.emplace_back(cols.begin(), cols.end());
    }
  spec.blockSize = block;
  spec.denseHeads.assign(denseHeads.begin(), denseHeads.end());
  return spec;
}
} // namespace

LogicalResult PatternAttr::verify(function_ref<InFlightDiagnostic()> emitError,
                                  bool dense, bool causal,
                                  ArrayRef<int64_t> window,
                                  ArrayRef<int64_t> globalTokens, int64_t sinks,
                                  int64_t random, uint64_t seed,
                                  ArrayAttr randomCols, int64_t block,
                                  ArrayRef<int64_t> denseHeads) {
  if (!window.empty() && window.size() != 2)
    return emitError() << "window must be [left, right], got " << window.size()
                       << " extents";
  if (randomCols)
    for (Attribute list : randomCols)
      if (!isa<DenseI64ArrayAttr>(list))
        return emitError() << "random_cols must hold index lists";
  pattern::PatternSpec spec =
      makeSpec(dense, causal, window, globalTokens, sinks, random, seed,
               randomCols, block, denseHeads);
  std::vector<std::string> errors = pattern::validateSpec(spec);
  if (errors.empty())
    return success();
  InFlightDiagnostic diag = emitError() << errors.front();
  for (const std::string &error : llvm::drop_begin(errors))
    diag.attachNote() << error;
  return failure();
}

pattern::PatternSpec PatternAttr::getSpec() const {
  return makeSpec(getDense(), getCausal(), getWindow(), getGlobalTokens(),
                  getSinks(), getRandom(), getSeed(), getRandomCols(),
                  getBlock(), getDenseHeads());
}

PatternAttr PatternAttr::fromSpec(MLIRContext *context,
                                  const pattern::PatternSpec &spec) {
  SmallVector<int64_t> window;
  if (spec.hasWindow)
    window = {spec.windowLeft, spec.windowRight};
  ArrayAttr randomCols;
  if (!spec.randomColumns.empty()) {
    SmallVector<Attribute> lists;
    for (const std::vector<int64_t> &cols : spec.randomColumns)
      lists.push_back(DenseI64ArrayAttr::get(context, cols));
    randomCols = ArrayAttr::get(context, lists);
  }
  return get(context, spec.dense, spec.causal, window, spec.globalTokens,
             spec.sinks, spec.randomPerRow, spec.seed, randomCols,
             spec.blockSize, spec.denseHeads);
}

#define GET_ATTRDEF_CLASSES
#include "pilot/Dialect/SAttn/SAttnAttrs.cpp.inc"
