//===- pattern-attr-fuzzer.cpp - fuzz the sparsity-pattern attribute ------===//
//
// Input: the text of an attribute. A #sattn.pattern the parser and verifier
// accept must print to text that parses back to the same attribute; on the
// small shapes its own validation accepts, the interval answers of
// SparsityPattern must agree with a column-by-column recount and with the
// pattern's window cut to the shape (what sattn-decompose does).
//
//===----------------------------------------------------------------------===//

#include "FuzzSupport.h"

#include "pilot/Dialect/SAttn/SAttnDialect.h"
#include "pilot/Pattern/SparsityPattern.h"

#include "mlir/AsmParser/AsmParser.h"

using namespace pilot;

namespace {

/// Checks \p pattern's answers for every row and head against isAttended,
/// and against the same pattern with its window cut to the shape.
void recount(const pattern::SparsityPattern &pattern) {
  const pattern::PatternShape &shape = pattern.getShape();
  const pattern::PatternSpec &spec = pattern.getSpec();
  pattern::SparsityPattern clamped(pattern::clampToShape(spec, shape), shape);
  for (int64_t head = 0; head < shape.numHeads; ++head) {
    int64_t total = 0;
    for (int64_t row = 0; row < shape.numQueries; ++row) {
      std::vector<pattern::Interval> intervals = pattern.rowColumns(row, head);
      int64_t attended = 0, covered = 0, previousEnd = -1;
      for (const pattern::Interval &interval : intervals) {
        fuzz::require(interval.begin < interval.end &&
                          interval.begin > previousEnd,
                      "row intervals are non-empty, sorted and apart");
        fuzz::require(interval.begin >= 0 && interval.end <= shape.numKeys,
                      "row intervals lie inside the keys");
        previousEnd = interval.end;
        covered += interval.end - interval.begin;
      }
      for (int64_t col = 0; col < shape.numKeys; ++col) {
        if (!pattern.isAttended(row, col, head))
          continue;
        ++attended;
        fuzz::require(!spec.causal || col <= pattern.queryPosition(row),
                      "causal rows attend no later key");
      }
      fuzz::require(attended == covered, "intervals cover the attended keys");
      fuzz::require(pattern.rowEntries(row, head) == attended,
                    "rowEntries counts the attended keys");
      total += attended;
    }
    fuzz::require(pattern.totalEntries(head) == total,
                  "totalEntries sums the rows");
  }
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  static fuzz::RenewedContext contexts(/*period=*/10000);
  mlir::MLIRContext *context = contexts.next();
  mlir::Attribute attribute =
      mlir::parseAttribute(fuzz::asText(data, size), context);
  auto patternAttr = llvm::dyn_cast_or_null<sattn::PatternAttr>(attribute);
  if (!patternAttr) {
    fuzz::note("refused by the parser or the verifier");
    return 0;
  }

  std::string printed;
  llvm::raw_string_ostream os(printed);
  mlir::Attribute(patternAttr).print(os);
  fuzz::require(mlir::parseAttribute(printed, context) == patternAttr,
                "a printed pattern parses back to itself");

  pattern::PatternSpec spec = patternAttr.getSpec();
  bool recounted = false;
  // Prefill, decode and a short last block, over two heads (dense_heads).
  for (pattern::PatternShape shape :
       {pattern::PatternShape{48, 48, 2}, pattern::PatternShape{1, 40, 2},
        pattern::PatternShape{13, 13, 2}}) {
    if (!pattern::validateSpec(spec, shape).empty())
      continue;
    recount(pattern::SparsityPattern(spec, shape));
    recounted = true;
  }
  fuzz::note(recounted ? "parsed, recounted" : "parsed; fits no shape tried");
  return 0;
}
