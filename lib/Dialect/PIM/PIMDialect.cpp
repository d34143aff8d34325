//===- PIMDialect.cpp - processing-in-memory dialect and attributes -------===//

#include "pilot/Dialect/PIM/PIMDialect.h"
#include "pilot/Dialect/PIM/PIMOps.h"

#include "mlir/Bytecode/BytecodeImplementation.h"
#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/IR/DialectImplementation.h"
#include "llvm/ADT/StringSet.h"
#include "llvm/ADT/TypeSwitch.h"

using namespace mlir;
using namespace pilot;
using namespace pilot::pim;

#include "pilot/Dialect/PIM/PIMDialect.cpp.inc"
#include "pilot/Dialect/PIM/PIMEnums.cpp.inc"

namespace {
/// Every field of `description`, in hw::fieldKeys() order.
SmallVector<int64_t> fieldValues(const hw::HardwareDescription &description) {
  SmallVector<int64_t> values;
  for (std::string_view key : hw::fieldKeys())
    values.push_back(*hw::lookupField(description, key));
  return values;
}

std::string presetList() {
  std::string list;
  llvm::raw_string_ostream os(list);
  llvm::interleaveComma(hw::presetNames(), os, [&](std::string_view name) {
    os << '"' << name << '"';
  });
  return list;
}
} // namespace

//===----------------------------------------------------------------------===//
// Bytecode
//===----------------------------------------------------------------------===//

namespace {

/// Codes of the pim attributes with their own bytecode encoding. Append
/// only: the codes are part of the binary format.
enum AttributeCode : uint64_t {
  kHardwareCode = 0,
};

/// Encodes #pim.hw as it prints, its preset and the keys that differ from
/// it, each key by name (so the encoding survives new fields) and each value
/// a signed varint.
struct PIMBytecodeInterface : public BytecodeDialectInterface {
  PIMBytecodeInterface(Dialect *dialect) : BytecodeDialectInterface(dialect) {}

  Attribute readAttribute(DialectBytecodeReader &reader) const override {
    uint64_t code;
    if (failed(reader.readVarInt(code)))
      return {};
    if (code != kHardwareCode) {
      reader.emitError() << "unknown pim attribute code " << code;
      return {};
    }
    StringRef preset;
    uint64_t overrides;
    if (failed(reader.readString(preset)) ||
        failed(reader.readVarInt(overrides)))
      return {};
    std::optional<hw::HardwareDescription> description =
        hw::lookupPreset(std::string_view(preset));
    if (!description) {
      reader.emitError() << "unknown hardware preset \"" << preset << "\"";
      return {};
    }
    for (uint64_t i = 0; i < overrides; ++i) {
      StringRef key;
      int64_t value;
      if (failed(reader.readString(key)) ||
          failed(reader.readSignedVarInt(value)))
        return {};
      int64_t *field = hw::lookupField(*description, std::string_view(key));
      if (!field) {
        reader.emitError() << "unknown hardware key '" << key << "'";
        return {};
      }
      *field = value;
    }
    return HardwareAttr::getChecked([&] { return reader.emitError(); },
                                    getContext(), preset,
                                    fieldValues(*description));
  }

  LogicalResult writeAttribute(Attribute attribute,
                               DialectBytecodeWriter &writer) const override {
    auto hardware = dyn_cast<HardwareAttr>(attribute);
    if (!hardware)
      return failure(); // Written as text.
    hw::HardwareDescription preset =
        *hw::lookupPreset(std::string_view(hardware.getPreset()));
    SmallVector<std::pair<std::string_view, int64_t>> overrides;
    for (auto [key, value] :
         llvm::zip_equal(hw::fieldKeys(), hardware.getValues()))
      if (*hw::lookupField(preset, key) != value)
        overrides.push_back({key, value});
    writer.writeVarInt(kHardwareCode);
    writer.writeOwnedString(hardware.getPreset());
    writer.writeVarInt(overrides.size());
    for (auto [key, value] : overrides) {
      writer.writeOwnedString(StringRef(key.data(), key.size()));
      writer.writeSignedVarInt(value);
    }
    return success();
  }
};

} // namespace

void PIMDialect::initialize() {
  addAttributes<
#define GET_ATTRDEF_LIST
#include "pilot/Dialect/PIM/PIMAttrs.cpp.inc"
      >();
  addOperations<
#define GET_OP_LIST
#include "pilot/Dialect/PIM/PIMOps.cpp.inc"
      >();
  addInterfaces<PIMBytecodeInterface>();
}

//===----------------------------------------------------------------------===//
// HardwareAttr
//===----------------------------------------------------------------------===//

HardwareAttr HardwareAttr::get(MLIRContext *context, StringRef preset,
                               const hw::HardwareDescription &description) {
  return get(context, preset, fieldValues(description));
}

hw::HardwareDescription HardwareAttr::getDescription() const {
  hw::HardwareDescription description;
  for (auto [key, value] : llvm::zip_equal(hw::fieldKeys(), getValues()))
    *hw::lookupField(description, key) = value;
  return description;
}

LogicalResult HardwareAttr::verify(function_ref<InFlightDiagnostic()> emitError,
                                   StringRef preset, ArrayRef<int64_t> values) {
  if (!hw::lookupPreset(std::string_view(preset)))
    return emitError() << "unknown hardware preset \"" << preset
                       << "\"; presets are " << presetList();
  if (values.size() != hw::fieldKeys().size())
    return emitError() << "hardware description has " << values.size()
                       << " values, expected " << hw::fieldKeys().size();
  hw::HardwareDescription description;
  for (auto [key, value] : llvm::zip_equal(hw::fieldKeys(), values))
    *hw::lookupField(description, key) = value;
  std::vector<std::string> errors = hw::validate(description);
  if (errors.empty())
    return success();
  InFlightDiagnostic diag = emitError() << "invalid hardware description: "
                                        << errors.front();
  for (const std::string &error : llvm::drop_begin(errors))
    diag.attachNote() << error;
  return failure();
}

/// `<"preset" (, key = value)*>`
Attribute HardwareAttr::parse(AsmParser &parser, Type) {
  SMLoc loc = parser.getCurrentLocation();
  std::string preset;
  if (parser.parseLess() || parser.parseString(&preset))
    return {};
  std::optional<hw::HardwareDescription> description = hw::lookupPreset(preset);
  if (!description) {
    parser.emitError(loc) << "unknown hardware preset \"" << preset
                          << "\"; presets are " << presetList();
    return {};
  }
  llvm::StringSet<> seen;
  while (succeeded(parser.parseOptionalComma())) {
    SMLoc keyLoc = parser.getCurrentLocation();
    StringRef key;
    int64_t value = 0;
    if (parser.parseKeyword(&key))
      return {};
    int64_t *field = hw::lookupField(*description, std::string_view(key));
    if (!field) {
      parser.emitError(keyLoc)
          << "unknown hardware key '" << key
          << "'; keys are org.*, bpm.*, bgpm.* and timing.* as listed in "
             "docs/hardware.md";
      return {};
    }
    if (!seen.insert(key).second) {
      parser.emitError(keyLoc) << "hardware key '" << key << "' given twice";
      return {};
    }
    if (parser.parseEqual() || parser.parseInteger(value))
      return {};
    *field = value;
  }
  if (parser.parseGreater())
    return {};
  return parser.getChecked<HardwareAttr>(loc, parser.getContext(), preset,
                                         fieldValues(*description));
}

void HardwareAttr::print(AsmPrinter &printer) const {
  printer << "<\"" << getPreset() << '"';
  hw::HardwareDescription preset =
      *hw::lookupPreset(std::string_view(getPreset()));
  for (auto [key, value] : llvm::zip_equal(hw::fieldKeys(), getValues()))
    if (*hw::lookupField(preset, key) != value)
      printer << ", " << key << " = " << value;
  printer << '>';
}

//===----------------------------------------------------------------------===//
// Schedule attributes
//===----------------------------------------------------------------------===//

namespace {
/// Each (name, value) must be at least `min`; the error names the first that
/// is not.
LogicalResult
verifyAtLeast(function_ref<InFlightDiagnostic()> emitError, StringRef attr,
              int64_t min,
              std::initializer_list<std::pair<StringRef, int64_t>> fields) {
  for (auto [name, value] : fields)
    if (value < min)
      return emitError() << "#pim." << attr << " " << name << " = " << value
                         << " must be at least " << min;
  return success();
}
} // namespace

LogicalResult MappingAttr::verify(function_ref<InFlightDiagnostic()> emitError,
                                  Split split, int64_t headInstances,
                                  int64_t headsPerGroup, int64_t bankGroups,
                                  int64_t banksPerGroup, int64_t kvGroup,
                                  int64_t groupsPerInstance,
                                  int64_t firstGroup) {
  if (failed(verifyAtLeast(emitError, "mapping", 1,
                           {{"head_instances", headInstances},
                            {"heads_per_group", headsPerGroup},
                            {"bank_groups", bankGroups},
                            {"banks_per_group", banksPerGroup},
                            {"kv_group", kvGroup},
                            {"groups_per_instance", groupsPerInstance}})) ||
      failed(verifyAtLeast(emitError, "mapping", 0,
                           {{"first_group", firstGroup}})))
    return failure();
  // An instance over several groups is cut by rows, or its keys cut by
  // columns (each group leaving a partial for the host to merge); the host
  // has nothing to spread.
  if (groupsPerInstance > 1 && split == Split::Host)
    return emitError() << "#pim.mapping groups_per_instance = "
                       << groupsPerInstance
                       << " spreads an instance over several bank groups, "
                          "which only split = rows and split = columns do";
  if (groupsPerInstance > 1 && bankGroups != headInstances * groupsPerInstance)
    return emitError() << "#pim.mapping bank_groups = " << bankGroups << " but "
                       << headInstances << " head instances of "
                       << groupsPerInstance << " bank groups each take "
                       << headInstances * groupsPerInstance;
  // The busiest group holds ceil(head_instances / bank_groups).
  int64_t busiest = (headInstances - 1) / bankGroups + 1;
  if (headsPerGroup != busiest)
    return emitError() << "#pim.mapping heads_per_group = " << headsPerGroup
                       << " but " << headInstances << " head instances over "
                       << bankGroups << " bank groups put " << busiest
                       << " on the busiest";
  return success();
}

LogicalResult TilesAttr::verify(function_ref<InFlightDiagnostic()> emitError,
                                Schedule, int64_t rows, int64_t keys,
                                int64_t headDimChunk) {
  if (failed(verifyAtLeast(emitError, "tiles", 1,
                           {{"rows", rows}, {"keys", keys}})))
    return failure();
  return verifyAtLeast(emitError, "tiles", 0,
                       {{"head_dim_chunk", headDimChunk}});
}

LogicalResult LoopNestAttr::verify(function_ref<InFlightDiagnostic()> emitError,
                                   Order, ScoreHome, int64_t rows, int64_t keys,
                                   int64_t passes) {
  return verifyAtLeast(emitError, "loop_nest", 1,
                       {{"rows", rows}, {"keys", keys}, {"passes", passes}});
}

//===----------------------------------------------------------------------===//
// Annotations: what the planning passes record on sattn ops
//===----------------------------------------------------------------------===//

namespace {
/// `pim.predicted` holds the I/O model's prediction (docs/compiler.md):
/// byte counts, a time, and which lower bound binds; nothing else.
LogicalResult verifyPrediction(Operation *op, StringRef name, Attribute value) {
  auto dictionary = dyn_cast<DictionaryAttr>(value);
  if (!dictionary)
    return op->emitOpError() << "'" << name
                             << "' must be a dictionary of the I/O model's "
                                "prediction, got "
                             << value;
  static constexpr StringLiteral kByteFields[] = {
      "bank_internal_bytes", "lower_bound_bytes", "total_internal_bytes"};
  for (NamedAttribute field : dictionary) {
    StringRef key = field.getName().strref();
    Attribute entry = field.getValue();
    auto integer = dyn_cast<IntegerAttr>(entry);
    auto real = dyn_cast<FloatAttr>(entry);
    auto text = dyn_cast<StringAttr>(entry);
    if (llvm::is_contained(kByteFields, key)) {
      if (!integer || !integer.getType().isSignlessInteger(64) ||
          integer.getInt() < 0)
        return op->emitOpError() << "'" << name << "' " << key
                                 << " must be a byte count (i64, at least "
                                    "0), got "
                                 << entry;
    } else if (key == "time_ns") {
      if (!real || !real.getType().isF64() || !(real.getValueAsDouble() >= 0))
        return op->emitOpError() << "'" << name << "' " << key
                                 << " must be a time in ns (f64, at least "
                                    "0), got "
                                 << entry;
    } else if (key == "bound") {
      if (!text ||
          !llvm::is_contained({"compulsory", "pebbling"}, text.getValue()))
        return op->emitOpError() << "'" << name << "' " << key
                                 << " must be \"compulsory\" or "
                                    "\"pebbling\", got "
                                 << entry;
    } else {
      return op->emitOpError()
             << "'" << name << "' has no field '" << key
             << "' (it holds bank_internal_bytes, lower_bound_bytes, bound, "
                "time_ns and total_internal_bytes)";
    }
  }
  return success();
}
} // namespace

LogicalResult PIMDialect::verifyOperationAttribute(Operation *op,
                                                   NamedAttribute attribute) {
  StringRef name = attribute.getName().strref();
  Attribute value = attribute.getValue();
  auto expect = [&](bool matches, StringRef what) -> LogicalResult {
    if (matches)
      return success();
    return op->emitOpError()
           << "'" << name << "' must be a " << what << ", got " << value;
  };
  if (name == MappingAttrHelper::getNameStr())
    return expect(isa<MappingAttr>(value), "#pim.mapping");
  if (name == TilesAttrHelper::getNameStr())
    return expect(isa<TilesAttr>(value), "#pim.tiles");
  if (name == LoopNestAttrHelper::getNameStr())
    return expect(isa<LoopNestAttr>(value), "#pim.loop_nest");
  if (name == PredictedAttrHelper::getNameStr())
    return verifyPrediction(op, name, value);
  return op->emitOpError()
         << "has an unknown pim annotation '" << name
         << "' (the pim dialect's are pim.mapping, pim.tiles, pim.loop_nest "
            "and pim.predicted)";
}

#define GET_ATTRDEF_CLASSES
#include "pilot/Dialect/PIM/PIMAttrs.cpp.inc"
