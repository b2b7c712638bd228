// simdjson's DOM types declared without simdjson.h, a header of 1.2 MB that
// costs every translation unit including it close to a second: interfaces
// that only pass an element along include this, and the .cpp files that
// read one include <simdjson.h> (or protocol/json_read.h).
#pragma once

namespace simdjson::dom {
class element;
class object;
class parser;
}  // namespace simdjson::dom
