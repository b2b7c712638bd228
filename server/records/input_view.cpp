#include "server/records/input_view.h"

#include <cstring>
#include <type_traits>

#include <simdjson.h>

#include "protocol/js_number.h"
#include "protocol/json_read.h"

namespace vingt::server {
namespace {

using protocol::JsonType;
using protocol::graphql::InputValue;

// simdjson's handles in and out of a JsonHandle.
template <typename T>
JsonHandle Hold(const T& handle) {
  static_assert(sizeof(T) == sizeof(JsonHandle::bytes) && std::is_trivially_copyable_v<T> &&
                alignof(T) <= alignof(JsonHandle));
  JsonHandle h;
  std::memcpy(h.bytes, &handle, sizeof(T));
  return h;
}

template <typename T>
T Read(const JsonHandle& h) {
  T handle;
  std::memcpy(static_cast<void*>(&handle), h.bytes, sizeof(T));
  return handle;
}

using Element = simdjson::dom::element;
using Array = simdjson::dom::array;
using Object = simdjson::dom::object;

}  // namespace

InputView::InputView(simdjson::dom::element json) : json_(Hold(json)) {}

InputView::Type InputView::type() const {
  if (graphql_ == nullptr) {
    switch (Read<Element>(json_).type()) {
      case JsonType::NULL_VALUE: return Type::kNull;
      case JsonType::BOOL: return Type::kBool;
      case JsonType::INT64:
      case JsonType::UINT64:
      case JsonType::DOUBLE: return Type::kNumber;
      case JsonType::STRING: return Type::kString;
      case JsonType::ARRAY: return Type::kArray;
      case JsonType::OBJECT: return Type::kObject;
    }
    return Type::kNull;
  }
  switch (graphql_->kind()) {
    case InputValue::Kind::kNull: return Type::kNull;
    case InputValue::Kind::kBool: return Type::kBool;
    case InputValue::Kind::kInt:
    case InputValue::Kind::kFloat: return Type::kNumber;
    case InputValue::Kind::kString:
    case InputValue::Kind::kEnum: return Type::kString;
    case InputValue::Kind::kList: return Type::kArray;
    case InputValue::Kind::kObject: return Type::kObject;
  }
  return Type::kNull;
}

std::optional<std::string_view> InputView::String() const {
  if (graphql_ == nullptr) return protocol::JsonStringValue(Read<Element>(json_));
  if (type() != Type::kString) return std::nullopt;
  return std::string_view(graphql_->AsString());
}

std::optional<double> InputView::Number() const {
  if (graphql_ == nullptr) return protocol::JsonNumberValue(Read<Element>(json_));
  if (!graphql_->IsNumber()) return std::nullopt;
  return graphql_->AsFloat();
}

std::optional<bool> InputView::Bool() const {
  if (graphql_ == nullptr) {
    const Element e = Read<Element>(json_);
    if (e.type() != JsonType::BOOL) return std::nullopt;
    return e.get_bool().value_unsafe();
  }
  if (graphql_->kind() != InputValue::Kind::kBool) return std::nullopt;
  return graphql_->AsBool();
}

std::optional<InputView::Items> InputView::AsArray() const {
  Items items;
  if (graphql_ == nullptr) {
    Array array;
    if (Read<Element>(json_).get_array().get(array) != simdjson::SUCCESS) return std::nullopt;
    items.json_ = Hold(array);
    return items;
  }
  if (graphql_->kind() != InputValue::Kind::kList) return std::nullopt;
  items.graphql_ = &graphql_->AsList();
  return items;
}

std::optional<InputView::Members> InputView::AsObject() const {
  Members members;
  if (graphql_ == nullptr) {
    Object object;
    if (Read<Element>(json_).get_object().get(object) != simdjson::SUCCESS) return std::nullopt;
    members.json_ = Hold(object);
    return members;
  }
  if (graphql_->kind() != InputValue::Kind::kObject) return std::nullopt;
  members.graphql_ = &graphql_->AsObject();
  return members;
}

simdjson::dom::element InputView::AsJson() const {
  if (graphql_ == nullptr) return Read<Element>(json_);
  thread_local simdjson::dom::parser parser;
  thread_local std::string text;
  text = graphql_->ToJson();
  simdjson::dom::element element;
  // ToJson writes valid JSON; a failure (none is possible) reads as null.
  if (parser.parse(text).get(element) != simdjson::SUCCESS) return Element();
  return element;
}

std::string InputView::Minified() const { return protocol::MinifiedJson(AsJson()); }
void InputView::AppendMinified(std::string* out) const { protocol::AppendMinifiedJson(AsJson(), out); }
std::string InputView::Inspect() const { return protocol::JsInspect(AsJson()); }
double InputView::JsNumber() const { return protocol::JsToNumber(AsJson()); }

// Items.

InputView::Items::Iterator InputView::Items::begin() const {
  Iterator it;
  if (graphql_ == nullptr)
    it.json_ = Hold(Read<Array>(json_).begin());
  else
    it.graphql_ = graphql_->data();
  return it;
}

InputView::Items::Iterator InputView::Items::end() const {
  Iterator it;
  if (graphql_ == nullptr)
    it.json_ = Hold(Read<Array>(json_).end());
  else
    it.graphql_ = graphql_->data() + graphql_->size();
  return it;
}

size_t InputView::Items::size() const {
  return graphql_ == nullptr ? Read<Array>(json_).size() : graphql_->size();
}

InputView InputView::Items::Iterator::operator*() const {
  if (graphql_ == nullptr) return InputView(*Read<Array::iterator>(json_));
  return InputView(*graphql_);
}

InputView::Items::Iterator& InputView::Items::Iterator::operator++() {
  if (graphql_ == nullptr)
    json_ = Hold(++Read<Array::iterator>(json_));
  else
    ++graphql_;
  return *this;
}

bool InputView::Items::Iterator::operator!=(const Iterator& other) const {
  if (graphql_ == nullptr) return Read<Array::iterator>(json_) != Read<Array::iterator>(other.json_);
  return graphql_ != other.graphql_;
}

// Members.

InputView::Members::Iterator InputView::Members::begin() const {
  Iterator it;
  if (graphql_ == nullptr)
    it.json_ = Hold(Read<Object>(json_).begin());
  else
    it.graphql_ = graphql_->data();
  return it;
}

InputView::Members::Iterator InputView::Members::end() const {
  Iterator it;
  if (graphql_ == nullptr)
    it.json_ = Hold(Read<Object>(json_).end());
  else
    it.graphql_ = graphql_->data() + graphql_->size();
  return it;
}

bool InputView::Members::empty() const {
  return graphql_ == nullptr ? Read<Object>(json_).size() == 0 : graphql_->empty();
}

std::optional<InputView> InputView::Members::Find(std::string_view key) const {
  if (graphql_ == nullptr) {
    Element value;
    if (Read<Object>(json_)[key].get(value) != simdjson::SUCCESS) return std::nullopt;
    return InputView(value);
  }
  for (const auto& entry : *graphql_)
    if (entry.name == key) return InputView(entry.value);
  return std::nullopt;
}

InputView::Member InputView::Members::Iterator::operator*() const {
  if (graphql_ == nullptr) {
    const auto pair = *Read<Object::iterator>(json_);
    return Member{pair.key, InputView(pair.value)};
  }
  return Member{graphql_->name, InputView(graphql_->value)};
}

InputView::Members::Iterator& InputView::Members::Iterator::operator++() {
  if (graphql_ == nullptr)
    json_ = Hold(++Read<Object::iterator>(json_));
  else
    ++graphql_;
  return *this;
}

bool InputView::Members::Iterator::operator!=(const Iterator& other) const {
  if (graphql_ == nullptr) return Read<Object::iterator>(json_) != Read<Object::iterator>(other.json_);
  return graphql_ != other.graphql_;
}

}  // namespace vingt::server
