#include "protocol/graphql/resolver.h"

#include <algorithm>

#include "protocol/graphql/printer.h"

namespace vingt::protocol::graphql {

FieldError& FieldError::With(std::string key, std::string_view string_value) {
  JsonWriter writer;
  writer.String(string_value);
  extensions.emplace_back(std::move(key), writer.Take());
  return *this;
}

FieldError& FieldError::WithJson(std::string key, std::string json) {
  extensions.emplace_back(std::move(key), std::move(json));
  return *this;
}

ResolvedValue ResolvedValue::Bool(bool v) {
  ResolvedValue out;
  out.kind_ = Kind::kBool;
  out.bool_ = v;
  return out;
}

ResolvedValue ResolvedValue::Int(int64_t v) {
  ResolvedValue out;
  out.kind_ = Kind::kInt;
  out.number_.i = v;
  return out;
}

ResolvedValue ResolvedValue::Float(double v) {
  ResolvedValue out;
  out.kind_ = Kind::kFloat;
  out.number_.d = v;
  return out;
}

ResolvedValue ResolvedValue::StringView(std::string_view v) {
  ResolvedValue out;
  out.kind_ = Kind::kString;
  out.view_ = v;
  return out;
}

ResolvedValue ResolvedValue::String(std::string v) {
  ResolvedValue out;
  out.kind_ = Kind::kString;
  out.owned_ = std::move(v);
  out.owns_string_ = true;
  return out;
}

ResolvedValue ResolvedValue::RawJsonView(std::string_view json) {
  ResolvedValue out;
  out.kind_ = Kind::kRawJson;
  out.view_ = json;
  return out;
}

ResolvedValue ResolvedValue::RawJson(std::string json) {
  ResolvedValue out;
  out.kind_ = Kind::kRawJson;
  out.owned_ = std::move(json);
  out.owns_string_ = true;
  return out;
}

ResolvedValue ResolvedValue::List(std::vector<ResolvedValue> items) {
  ResolvedValue out;
  out.kind_ = Kind::kList;
  out.list_ = std::move(items);
  return out;
}

ResolvedValue ResolvedValue::Object(const void* ptr, int64_t tag) {
  ResolvedValue out;
  out.kind_ = Kind::kObject;
  out.object_ = {ptr, tag};
  return out;
}

ResolvedValue ResolvedValue::ObjectOfType(const Type* type, const void* ptr, int64_t tag) {
  ResolvedValue out = Object(ptr, tag);
  out.type_ = type;
  return out;
}

ResolvedValue ResolvedValue::ObjectOfType(std::string_view type_name, const void* ptr, int64_t tag) {
  ResolvedValue out = Object(ptr, tag);
  out.view_ = type_name;
  return out;
}

ResolvedValue ResolvedValue::Owned(std::shared_ptr<const void> owner, int64_t tag) {
  ResolvedValue out = Object(owner.get(), tag);
  out.owner_ = std::move(owner);
  return out;
}

ResolvedValue ResolvedValue::OwnedOfType(const Type* type, std::shared_ptr<const void> owner, int64_t tag) {
  ResolvedValue out = Owned(std::move(owner), tag);
  out.type_ = type;
  return out;
}

ResolvedValue ResolvedValue::Error(FieldError error) {
  ResolvedValue out;
  out.kind_ = Kind::kError;
  out.error_ = std::make_unique<FieldError>(std::move(error));
  return out;
}

ResolvedValue ResolvedValue::Error(std::string message, std::string code) {
  return Error(FieldError{std::move(message), std::move(code), {}});
}

ResolvedValue ResolvedValue::Written() {
  ResolvedValue out;
  out.kind_ = Kind::kWritten;
  return out;
}

std::string ResolvedValue::Inspect() const {
  std::string out;
  switch (kind_) {
    case Kind::kNull:
      return "null";
    case Kind::kBool:
      return bool_ ? "true" : "false";
    case Kind::kInt:
      return JsNumberText(static_cast<double>(number_.i));
    case Kind::kFloat:
      return JsNumberText(number_.d);
    case Kind::kString:
      AppendJsString(AsString(), &out);
      return out;
    case Kind::kRawJson:
      return std::string(AsString());
    case Kind::kList: {
      // graphql-js's inspect of an array of leaves, abbreviated past ten.
      if (list_.empty()) return "[]";
      out = "[";
      const size_t shown = std::min<size_t>(10, list_.size());
      for (size_t i = 0; i < shown; ++i) {
        if (i != 0) out += ", ";
        out += list_[i].kind_ == Kind::kList ? "[Array]" : list_[i].Inspect();
      }
      if (list_.size() - shown == 1) out += ", ... 1 more item";
      if (list_.size() - shown > 1) out += ", ... " + std::to_string(list_.size() - shown) + " more items";
      return out + "]";
    }
    case Kind::kObject:
      return "{}";
    case Kind::kError:
      return error_->message;
    case Kind::kWritten:
      return "<written>";
  }
  return out;
}

std::vector<PathKey> PathToKeys(const ResponsePath* path) {
  std::vector<PathKey> keys;
  for (const ResponsePath* p = path; p != nullptr; p = p->prev) {
    if (p->index >= 0) {
      keys.push_back({std::string(), p->index});
    } else {
      keys.push_back({std::string(p->key), -1});
    }
  }
  std::reverse(keys.begin(), keys.end());
  return keys;
}

}  // namespace vingt::protocol::graphql
