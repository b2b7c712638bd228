// A value of a record body, read the same way whichever API sent it: REST's
// JSON (a simdjson DOM element) or GraphQL's coerced argument (an
// InputValue; an enum reads as its name, a string). The record decoder,
// relation connects, foreign-key checks, upsert matching and duplicate
// search read bodies only through it, so each API hands its own parsed
// value straight to the one decoder: no JSON text in between.
//
// A view is three words and borrows what it views: the simdjson document
// or the InputValue must outlive it. simdjson's handles are kept as opaque
// bytes so this header does not pull in simdjson.h (protocol/json_fwd.h). Iterating, type tests, strings, numbers
// and key lookups read the value in place; the rare renderings (compact
// JSON of a RAW_JSON value, util.inspect for an error message,
// JavaScript's Number() for NUMERIC) of an InputValue go through its JSON
// text, so both APIs produce the same bytes for them.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "protocol/graphql/input_value.h"
#include "protocol/json_fwd.h"

namespace vingt::server {

// One of simdjson's DOM handles (an element, array, object or one of their
// iterators: each a document pointer and a tape index), held by value.
struct JsonHandle {
  alignas(8) unsigned char bytes[16] = {};
};

class InputView {
 public:
  enum class Type : uint8_t { kNull, kBool, kNumber, kString, kArray, kObject };

  InputView(simdjson::dom::element json);  // NOLINT: either API's value converts
  InputView(const protocol::graphql::InputValue& value) : graphql_(&value) {}  // NOLINT

  Type type() const;
  bool IsNull() const { return type() == Type::kNull; }
  bool IsObject() const { return type() == Type::kObject; }
  bool IsArray() const { return type() == Type::kArray; }

  // nullopt unless the value has that type. Numbers as JSON.parse reads
  // them (a double).
  std::optional<std::string_view> String() const;
  std::optional<double> Number() const;
  std::optional<bool> Bool() const;

  // The items of an array, in order.
  class Items {
   public:
    class Iterator;
    Iterator begin() const;
    Iterator end() const;
    size_t size() const;

   private:
    friend class InputView;
    JsonHandle json_;  // simdjson::dom::array
    const std::vector<protocol::graphql::InputValue>* graphql_ = nullptr;
  };
  std::optional<Items> AsArray() const;

  // The members of an object, in order (a JSON body may repeat a key).
  struct Member;
  class Members {
   public:
    class Iterator;
    Iterator begin() const;
    Iterator end() const;
    bool empty() const;
    // The first member named `key`.
    std::optional<InputView> Find(std::string_view key) const;

   private:
    friend class InputView;
    JsonHandle json_;  // simdjson::dom::object
    const std::vector<protocol::graphql::InputObjectEntry>* graphql_ = nullptr;
  };
  std::optional<Members> AsObject() const;

  // Compact JSON text, as simdjson::minify writes it.
  std::string Minified() const;
  void AppendMinified(std::string* out) const;
  // Node's util.inspect(value), as Twenty's messages print values.
  std::string Inspect() const;
  // JavaScript's Number(value).
  double JsNumber() const;

 private:
  // The JSON element this view reads: the element itself, or, for an
  // InputValue, its JSON text parsed into a per-thread parser (valid until
  // the next call).
  simdjson::dom::element AsJson() const;

  JsonHandle json_;  // simdjson::dom::element, when graphql_ is null
  const protocol::graphql::InputValue* graphql_ = nullptr;
};

struct InputView::Member {
  std::string_view key;
  InputView value;
};

class InputView::Items::Iterator {
 public:
  InputView operator*() const;
  Iterator& operator++();
  bool operator!=(const Iterator& other) const;

 private:
  friend class Items;
  JsonHandle json_;  // simdjson::dom::array::iterator
  const protocol::graphql::InputValue* graphql_ = nullptr;
};

class InputView::Members::Iterator {
 public:
  Member operator*() const;
  Iterator& operator++();
  bool operator!=(const Iterator& other) const;

 private:
  friend class Members;
  JsonHandle json_;  // simdjson::dom::object::iterator
  const protocol::graphql::InputObjectEntry* graphql_ = nullptr;
};

}  // namespace vingt::server
