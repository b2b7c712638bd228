#include "protocol/graphql/input_value.h"

#include <algorithm>
#include <simdjson.h>

#include "protocol/graphql/printer.h"

namespace vingt::protocol::graphql {

InputValue InputValue::Bool(bool v) {
  InputValue out;
  out.kind_ = Kind::kBool;
  out.bool_ = v;
  return out;
}

InputValue InputValue::Int(int64_t v) {
  InputValue out;
  out.kind_ = Kind::kInt;
  out.int_ = v;
  return out;
}

InputValue InputValue::Float(double v) {
  InputValue out;
  out.kind_ = Kind::kFloat;
  out.float_ = v;
  return out;
}

InputValue InputValue::String(std::string v) {
  InputValue out;
  out.kind_ = Kind::kString;
  out.string_ = std::move(v);
  return out;
}

InputValue InputValue::Enum(std::string name) {
  InputValue out;
  out.kind_ = Kind::kEnum;
  out.string_ = std::move(name);
  return out;
}

InputValue InputValue::List(std::vector<InputValue> items) {
  InputValue out;
  out.kind_ = Kind::kList;
  out.list_ = std::move(items);
  return out;
}

InputValue InputValue::Object(std::vector<InputObjectEntry> fields) {
  InputValue out;
  out.kind_ = Kind::kObject;
  out.object_ = std::move(fields);
  return out;
}

InputValue InputValue::FromJson(simdjson::dom::element element) {
  using simdjson::dom::element_type;
  switch (element.type()) {
    case element_type::NULL_VALUE:
      return InputValue();
    case element_type::BOOL:
      return Bool(element.get_bool().value_unsafe());
    case element_type::INT64:
      return Int(element.get_int64().value_unsafe());
    case element_type::UINT64:
      return Float(static_cast<double>(element.get_uint64().value_unsafe()));
    case element_type::DOUBLE:
      return Float(element.get_double().value_unsafe());
    case element_type::STRING:
      return String(std::string(element.get_string().value_unsafe()));
    case element_type::ARRAY: {
      std::vector<InputValue> items;
      simdjson::dom::array array;
      if (element.get_array().get(array) != simdjson::SUCCESS) return InputValue();
      for (simdjson::dom::element item : array) items.push_back(FromJson(item));
      return List(std::move(items));
    }
    case element_type::OBJECT: {
      std::vector<InputObjectEntry> fields;
      simdjson::dom::object object;
      if (element.get_object().get(object) != simdjson::SUCCESS) return InputValue();
      for (auto field : object) {
        InputValue value = FromJson(field.value);
        bool replaced = false;
        for (InputObjectEntry& existing : fields) {
          if (existing.name == field.key) {
            existing.value = std::move(value);
            replaced = true;
            break;
          }
        }
        if (!replaced) fields.push_back({std::string(field.key), std::move(value)});
      }
      return Object(std::move(fields));
    }
  }
  return InputValue();
}

const InputValue* InputValue::Find(std::string_view name) const {
  for (const InputObjectEntry& entry : object_) {
    if (entry.name == name) return &entry.value;
  }
  return nullptr;
}

void InputValue::WriteJson(JsonWriter& writer) const {
  switch (kind_) {
    case Kind::kNull:
      writer.Null();
      return;
    case Kind::kBool:
      writer.Bool(bool_);
      return;
    case Kind::kInt:
      writer.Int64(int_);
      return;
    case Kind::kFloat:
      writer.Double(float_);
      return;
    case Kind::kString:
    case Kind::kEnum:
      writer.String(string_);
      return;
    case Kind::kList:
      writer.StartArray();
      for (const InputValue& item : list_) item.WriteJson(writer);
      writer.EndArray();
      return;
    case Kind::kObject:
      writer.StartObject();
      for (const InputObjectEntry& entry : object_) {
        writer.Key(entry.name);
        entry.value.WriteJson(writer);
      }
      writer.EndObject();
      return;
  }
}

std::string InputValue::ToJson() const {
  JsonWriter writer;
  WriteJson(writer);
  return writer.Take();
}

std::string InputValue::Inspect() const {
  std::string out;
  AppendInspect(0, &out);
  return out;
}

void InputValue::AppendInspect(int depth, std::string* out) const {
  // graphql-js counts the containers on the way down, this one included,
  // and abbreviates past two.
  constexpr int kMaxDepth = 2;
  switch (kind_) {
    case Kind::kNull:
      out->append("null");
      return;
    case Kind::kBool:
      out->append(bool_ ? "true" : "false");
      return;
    case Kind::kInt:
      AppendJsNumber(static_cast<double>(int_), out);
      return;
    case Kind::kFloat:
      AppendJsNumber(float_, out);
      return;
    case Kind::kString:
    case Kind::kEnum:
      AppendJsString(string_, out);
      return;
    case Kind::kList: {
      if (list_.empty()) {
        out->append("[]");
        return;
      }
      if (depth + 1 > kMaxDepth) {
        out->append("[Array]");
        return;
      }
      const size_t shown = std::min<size_t>(10, list_.size());
      out->push_back('[');
      for (size_t i = 0; i < shown; ++i) {
        if (i != 0) out->append(", ");
        list_[i].AppendInspect(depth + 1, out);
      }
      const size_t remaining = list_.size() - shown;
      if (remaining == 1) {
        out->append(", ... 1 more item");
      } else if (remaining > 1) {
        out->append(", ... " + std::to_string(remaining) + " more items");
      }
      out->push_back(']');
      return;
    }
    case Kind::kObject: {
      if (object_.empty()) {
        out->append("{}");
        return;
      }
      if (depth + 1 > kMaxDepth) {
        out->append("[Object]");
        return;
      }
      out->append("{ ");
      for (size_t i = 0; i < object_.size(); ++i) {
        if (i != 0) out->append(", ");
        out->append(object_[i].name);
        out->append(": ");
        object_[i].value.AppendInspect(depth + 1, out);
      }
      out->append(" }");
      return;
    }
  }
}

bool operator==(const InputValue& a, const InputValue& b) {
  if (a.kind_ != b.kind_) return false;
  switch (a.kind_) {
    case InputValue::Kind::kNull:
      return true;
    case InputValue::Kind::kBool:
      return a.bool_ == b.bool_;
    case InputValue::Kind::kInt:
      return a.int_ == b.int_;
    case InputValue::Kind::kFloat:
      return a.float_ == b.float_;
    case InputValue::Kind::kString:
    case InputValue::Kind::kEnum:
      return a.string_ == b.string_;
    case InputValue::Kind::kList:
      return a.list_ == b.list_;
    case InputValue::Kind::kObject:
      return a.object_ == b.object_;
  }
  return false;
}

}  // namespace vingt::protocol::graphql
