// Twenty's error texts for record input that fails validation
// (validator-utils/*.util.ts under the data-arg processor): every one is
// Status::InvalidArgument with detail code INVALID_ARGS_DATA. Internal to
// server/records' decoder.
#pragma once

#include <string>
#include <string_view>

#include "common/status.h"
#include "server/records/input_view.h"

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
std::string Inspect(InputView v);

Status InvalidText(InputView v, const Name& n);
Status InvalidUuid(InputView v, const Name& n);
Status InvalidNumber(std::string inspected, const Name& n);
Status InvalidBoolean(InputView v, const Name& n);
Status InvalidObject(InputView v, const Name& n);
Status InvalidDateTime(InputView v, const Name& n);
Status InvalidDate(InputView v, const Name& n);
Status InvalidOption(InputView v, const Name& n);
Status InvalidMultiSelect(InputView v, const Name& n);
Status InvalidStringArray(InputView v, const Name& n);
Status InvalidEmail(InputView v, const Name& n);
Status InvalidPosition(InputView v, const Name& n);
Status RelationNeedsOperation(std::string_view key);

}  // namespace vingt::server
