// The resolver interface: what a field's callback receives and returns.
//
// A resolver is a synchronous std::function called once per field per
// object. It gets a ResolverContext (the parent object, the coerced
// arguments, the field's collected sub-selection for look-ahead, the user
// context, the path) and returns a ResolvedValue:
//   null | leaf (bool, int64, double, string, raw JSON) | list of values |
//   object (an opaque pointer + tag, optionally owned) | error |
//   written (the resolver wrote the leaf's JSON into output() itself).
// Leaves are written out right after the resolver returns, so a string
// view only has to live as long as the parent object. Objects are kept
// alive until their sub-fields are written; `Owned` shares ownership of
// data the resolver built.
//
// Everything here is per request and single-threaded.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <rapidjson/stringbuffer.h>

#include "protocol/graphql/error.h"
#include "protocol/graphql/input_value.h"

namespace vingt::protocol::graphql {

class Type;
class Schema;
struct FieldDefinition;
class FieldPlan;

// An object handed between resolvers: what a parent resolver returned is
// what its sub-fields' resolvers get as source(). `ptr` and `tag` are the
// resolver's to interpret (a row pointer and a table id, say).
struct ObjectRef {
  const void* ptr = nullptr;
  int64_t tag = 0;
};

// A field error as a resolver reports it. `code` goes to
// extensions.code (INTERNAL_SERVER_ERROR when empty); `extensions` are
// further entries, each value complete JSON text.
struct FieldError {
  std::string message;
  std::string code;
  std::vector<std::pair<std::string, std::string>> extensions;

  // Adds a string-valued extension (quoted and escaped here).
  FieldError& With(std::string key, std::string_view string_value);
  FieldError& WithJson(std::string key, std::string json);
};

class ResolvedValue {
 public:
  enum class Kind : uint8_t { kNull, kBool, kInt, kFloat, kString, kRawJson, kList, kObject, kError, kWritten };

  ResolvedValue() = default;  // null
  ResolvedValue(ResolvedValue&&) noexcept = default;
  ResolvedValue& operator=(ResolvedValue&&) noexcept = default;

  static ResolvedValue Null() { return {}; }
  static ResolvedValue Bool(bool v);
  static ResolvedValue Int(int64_t v);
  static ResolvedValue Float(double v);
  // Borrowed: `v` must stay valid until the field is written (the parent
  // object's data qualifies).
  static ResolvedValue StringView(std::string_view v);
  static ResolvedValue String(std::string v);
  // One complete JSON value, spliced verbatim (JSON scalars, values a
  // storage layer keeps pre-serialized). Borrowed or owned.
  static ResolvedValue RawJsonView(std::string_view json);
  static ResolvedValue RawJson(std::string json);
  static ResolvedValue List(std::vector<ResolvedValue> items);
  // An object of the field's type.
  static ResolvedValue Object(const void* ptr, int64_t tag = 0);
  // An object of the given runtime type, for fields of interface or union
  // type (the alternative: give the abstract type a TypeResolver). By name
  // costs one hash lookup.
  static ResolvedValue ObjectOfType(const Type* type, const void* ptr, int64_t tag = 0);
  static ResolvedValue ObjectOfType(std::string_view type_name, const void* ptr, int64_t tag = 0);
  // An object whose data the value owns: source().ptr is owner.get().
  static ResolvedValue Owned(std::shared_ptr<const void> owner, int64_t tag = 0);
  static ResolvedValue OwnedOfType(const Type* type, std::shared_ptr<const void> owner, int64_t tag = 0);
  static ResolvedValue Error(FieldError error);
  static ResolvedValue Error(std::string message, std::string code = {});
  // The resolver appended the field's value to ResolverContext::output().
  static ResolvedValue Written();

  Kind kind() const { return kind_; }
  bool IsNull() const { return kind_ == Kind::kNull; }
  bool AsBool() const { return bool_; }
  int64_t AsInt() const { return number_.i; }
  double AsFloat() const { return number_.d; }
  // kString and kRawJson.
  std::string_view AsString() const { return owns_string_ ? std::string_view(owned_) : view_; }
  const std::vector<ResolvedValue>& AsList() const { return list_; }
  std::vector<ResolvedValue>& MutableList() { return list_; }
  const ObjectRef& AsObject() const { return object_; }
  const Type* object_type() const { return type_; }
  std::string_view object_type_name() const { return kind_ == Kind::kObject ? view_ : std::string_view(); }
  const FieldError& AsError() const { return *error_; }

  // graphql-js's inspect() of the value, for serialization errors.
  std::string Inspect() const;

 private:
  Kind kind_ = Kind::kNull;
  bool bool_ = false;
  bool owns_string_ = false;
  union {
    int64_t i;
    double d;
  } number_ = {0};
  std::string_view view_;  // kString / kRawJson; kObject: the runtime type's name, if given so
  std::string owned_;
  ObjectRef object_;
  const Type* type_ = nullptr;
  std::vector<ResolvedValue> list_;
  std::shared_ptr<const void> owner_;
  std::unique_ptr<FieldError> error_;
};

// One step of the response path, linked to its parent on the stack.
struct ResponsePath {
  const ResponsePath* prev = nullptr;
  std::string_view key;  // when index < 0
  int64_t index = -1;
};
std::vector<PathKey> PathToKeys(const ResponsePath* path);

struct ArgumentEntry {
  std::string_view name;  // the schema's argument name
  InputValue value;
};

// Coerced arguments: those given or defaulted, in definition order.
class ArgumentValues {
 public:
  const InputValue* Find(std::string_view name) const {
    for (const ArgumentEntry& entry : entries_) {
      if (entry.name == name) return &entry.value;
    }
    return nullptr;
  }
  const std::vector<ArgumentEntry>& entries() const { return entries_; }
  void Add(std::string_view name, InputValue value) { entries_.push_back({name, std::move(value)}); }
  bool empty() const { return entries_.empty(); }

 private:
  std::vector<ArgumentEntry> entries_;
};

class ResolverContext {
 public:
  const ObjectRef& source() const { return *source_; }
  template <typename T>
  const T& Source() const {
    return *static_cast<const T*>(source_->ptr);
  }
  const ArgumentValues& args() const { return *args_; }
  const InputValue* Arg(std::string_view name) const { return args_->Find(name); }
  const FieldDefinition& field() const { return *field_; }
  const Type& parent_type() const { return *parent_type_; }
  const Schema& schema() const { return *schema_; }
  void* user_context() const { return user_context_; }
  // The field as selected: response key, arguments, and the sub-fields the
  // query asks for, fragments and @include/@skip already applied
  // (FieldPlan::SubSelection). Lets a list resolver see which relations
  // and aggregates it must load.
  const FieldPlan& selection() const { return *plan_; }
  const ResponsePath* path() const { return path_; }
  // The response being written, positioned where this field's value goes.
  // A resolver of a leaf field that can format the value itself (a server
  // writing stored values with the encoder its other API uses) appends
  // exactly one complete JSON value here, the bytes the field's type would
  // serialize to, and returns ResolvedValue::Written(); the executor trusts
  // it as it trusts raw JSON. A null value must be returned as Null()
  // instead (the executor decides what null means for the field's type).
  rapidjson::StringBuffer& output() const { return *output_; }

 private:
  friend class Executor;
  const ObjectRef* source_ = nullptr;
  const ArgumentValues* args_ = nullptr;
  const FieldDefinition* field_ = nullptr;
  const Type* parent_type_ = nullptr;
  const Schema* schema_ = nullptr;
  void* user_context_ = nullptr;
  const FieldPlan* plan_ = nullptr;
  const ResponsePath* path_ = nullptr;
  rapidjson::StringBuffer* output_ = nullptr;
};

using Resolver = std::function<ResolvedValue(const ResolverContext&)>;

}  // namespace vingt::protocol::graphql
