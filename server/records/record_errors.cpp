#include "server/records/record_errors.h"

#include <utility>

namespace vingt::server {

Status DataError(std::string message) {
  return Status::InvalidArgument(std::move(message)).WithDetailCode("INVALID_ARGS_DATA");
}

std::string Inspect(InputView v) { return v.Inspect(); }

Status InvalidText(InputView v, const Name& n) {
  return DataError("Invalid string value " + Inspect(v) + " for text field \"" + n.str() + "\"");
}
Status InvalidUuid(InputView v, const Name& n) {
  return DataError("Invalid UUID value " + Inspect(v) + " for field \"" + n.str() + "\"");
}
Status InvalidNumber(std::string inspected, const Name& n) {
  return DataError("Invalid number value " + inspected + " for field \"" + n.str() + "\"");
}
Status InvalidBoolean(InputView v, const Name& n) {
  return DataError("Invalid boolean value " + Inspect(v) + " for field \"" + n.str() + "\"");
}
Status InvalidObject(InputView v, const Name& n) {
  return DataError("Invalid object value " + Inspect(v) + " for field \"" + n.str() + "\"");
}
Status InvalidDateTime(InputView v, const Name& n) {
  return DataError("Invalid value " + Inspect(v) + " for date-time field \"" + n.str() +
                   "\". Expected format: 'YYYY-MM-DDTHH:mm:ssZ'");
}
Status InvalidDate(InputView v, const Name& n) {
  return DataError("Invalid value " + Inspect(v) + " for date field \"" + n.str() +
                   "\". Expected format: 'YYYY-MM-DD'");
}
Status InvalidOption(InputView v, const Name& n) {
  return DataError("Invalid value " + Inspect(v) + " for field \"" + n.str() + "\"");
}
Status InvalidMultiSelect(InputView v, const Name& n) {
  return DataError("Invalid value " + Inspect(v) + " for multi select field \"" + n.str() + "\"");
}
Status InvalidStringArray(InputView v, const Name& n) {
  return DataError("Invalid value " + Inspect(v) + " for field \"" + n.str() + " - Array values need to be string\"");
}
Status InvalidEmail(InputView v, const Name& n) {
  return DataError("Invalid string value " + Inspect(v) + " for email field \"" + n.str() + "\"");
}
Status InvalidPosition(InputView v, const Name& n) {
  return DataError("Invalid position value " + Inspect(v) + " for field \"" + n.str() + "\"");
}
Status RelationNeedsOperation(std::string_view key) {
  return DataError("Relation \"" + std::string(key) + "\" requires connect or disconnect operation");
}

}  // namespace vingt::server
