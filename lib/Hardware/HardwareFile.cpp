//===- HardwareFile.cpp - hardware descriptions as JSON files -------------===//

#include "pilot/Hardware/HardwareFile.h"

#include "llvm/Support/JSON.h"
#include "llvm/Support/MemoryBuffer.h"

#include <algorithm>

using namespace pilot;
using namespace pilot::hw;

void hw::writeHardwareFields(llvm::json::OStream &json,
                             const HardwareDescription &hardware) {
  for (std::string_view key : fieldKeys())
    json.attribute(key, *lookupField(hardware, key));
}

llvm::Expected<HardwareDescription>
hw::resolveHardware(const std::string &spec, const HardwareDescription &base) {
  if (std::optional<HardwareDescription> preset = lookupPreset(spec))
    return *preset;
  llvm::ErrorOr<std::unique_ptr<llvm::MemoryBuffer>> file =
      llvm::MemoryBuffer::getFile(spec);
  if (!file) {
    std::string presets;
    for (std::string_view name : presetNames())
      presets += (presets.empty() ? "\"" : ", \"") + std::string(name) + "\"";
    return llvm::createStringError(
        "'" + spec + "' is neither a preset (" + presets +
        ") nor a readable hardware file: " + file.getError().message());
  }
  return parseHardwareJson((*file)->getBuffer(), spec, base);
}

llvm::Expected<HardwareDescription>
hw::parseHardwareJson(llvm::StringRef text, llvm::StringRef name,
                      const HardwareDescription &base) {
  std::string spec = name.str();
  llvm::Expected<llvm::json::Value> parsed = llvm::json::parse(text);
  if (!parsed)
    return llvm::createStringError(
        spec + ": not JSON: " + llvm::toString(parsed.takeError()));
  const llvm::json::Object *object = parsed->getAsObject();
  if (!object)
    return llvm::createStringError(spec +
                                   ": a hardware file holds a JSON object");
  HardwareDescription result = base;
  if (const llvm::json::Value *preset = object->get("preset")) {
    std::optional<llvm::StringRef> presetName = preset->getAsString();
    std::optional<HardwareDescription> found =
        presetName ? lookupPreset(presetName->str()) : std::nullopt;
    if (!found)
      return llvm::createStringError(spec + ": unknown preset in \"preset\"");
    result = *found;
  }
  // Keys in a fixed order, so the first error reported does not depend on
  // the hash map's.
  std::vector<std::string> keys;
  for (const auto &entry : *object)
    keys.push_back(entry.first.str());
  std::sort(keys.begin(), keys.end());
  for (const std::string &key : keys) {
    if (key == "preset")
      continue;
    int64_t *field = lookupField(result, key);
    if (!field)
      return llvm::createStringError(spec + ": unknown hardware key '" + key +
                                     "' (docs/hardware.md lists them)");
    std::optional<int64_t> value = object->get(key)->getAsInteger();
    if (!value)
      return llvm::createStringError(spec + ": hardware key '" + key +
                                     "' needs an integer");
    *field = *value;
  }
  std::vector<std::string> errors = validate(result);
  if (!errors.empty())
    return llvm::createStringError(
        spec + ": invalid hardware description: " + errors.front());
  return result;
}

void hw::writeHardwareJson(llvm::raw_ostream &os,
                           const HardwareDescription &hardware) {
  llvm::json::OStream json(os, /*IndentSize=*/2);
  json.object([&] { writeHardwareFields(json, hardware); });
  os << "\n";
}
