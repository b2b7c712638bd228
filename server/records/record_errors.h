// Twenty's error texts for record input that fails validation
// (validator-utils/*.util.ts under the data-arg processor): every one is
// Status::InvalidArgument with detail code INVALID_ARGS_DATA. Internal to
// server/records' decoder.
#pragma once

#include <string>
#include <string_view>

#include "common/status.h"
#include "protocol/json_read.h"

namespace vingt::server {

// The field's key as written in the body, plus ".subField" inside
// composites; it is only turned into a string when an error is reported.
struct Name {
  std::string_view field;
  std::string_view sub;
  std::string str() const {
    std::string s(field);
    if (!sub.empty()) {
      s.push_back('.');
      s.append(sub);
    }
    return s;
  }
};

Status DataError(std::string message);

// util.inspect of the offending value, as the texts print it.
std::string Inspect(protocol::JsonElement v);

Status InvalidText(protocol::JsonElement v, const Name& n);
Status InvalidUuid(protocol::JsonElement v, const Name& n);
Status InvalidNumber(std::string inspected, const Name& n);
Status InvalidBoolean(protocol::JsonElement v, const Name& n);
Status InvalidObject(protocol::JsonElement v, const Name& n);
Status InvalidDateTime(protocol::JsonElement v, const Name& n);
Status InvalidDate(protocol::JsonElement v, const Name& n);
Status InvalidOption(protocol::JsonElement v, const Name& n);
Status InvalidMultiSelect(protocol::JsonElement v, const Name& n);
Status InvalidStringArray(protocol::JsonElement v, const Name& n);
Status InvalidEmail(protocol::JsonElement v, const Name& n);
Status InvalidPosition(protocol::JsonElement v, const Name& n);
Status RelationNeedsOperation(std::string_view key);

}  // namespace vingt::server
