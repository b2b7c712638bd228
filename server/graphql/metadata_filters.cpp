#include "server/graphql/metadata_filters.h"

#include <optional>
#include <string_view>

#include "common/text_fold.h"

namespace vingt::server::graphql {
namespace {

using protocol::graphql::InputValue;
using storage::FieldSchema;
using storage::ObjectSchema;

std::string LowerUuid(const InputValue& v) {
  std::string s = v.AsString();
  for (char& ch : s)
    if (ch >= 'A' && ch <= 'Z') ch = static_cast<char>(ch - 'A' + 'a');
  return s;
}

bool MatchUuid(const InputValue& cmp, const std::string& id) {
  for (const auto& [op, value] : cmp.AsObject()) {
    if (op == "is" || op == "isNot") {
      // The id is never null and not a boolean: IS NULL / IS TRUE fail.
      const bool is_match = false;
      if ((op == "is") != !is_match) continue;
      if (op == "is") return false;
      continue;  // isNot: always holds
    }
    if (value.IsNull()) return false;
    if (op == "in" || op == "notIn") {
      bool found = false;
      for (const InputValue& item : value.AsList())
        if (!item.IsNull() && LowerUuid(item) == id) found = true;
      if (found != (op == "in")) return false;
      continue;
    }
    const std::string other = LowerUuid(value);
    bool ok = true;
    if (op == "eq") ok = id == other;
    else if (op == "neq") ok = id != other;
    else if (op == "gt") ok = id > other;
    else if (op == "gte") ok = id >= other;
    else if (op == "lt") ok = id < other;
    else if (op == "lte") ok = id <= other;
    else if (op == "like") ok = LikeMatch(id, value.AsString(), false);
    else if (op == "notLike") ok = !LikeMatch(id, value.AsString(), false);
    else if (op == "iLike") ok = LikeMatch(id, value.AsString(), true);
    else if (op == "notILike") ok = !LikeMatch(id, value.AsString(), true);
    if (!ok) return false;
  }
  return true;
}

bool MatchBool(const InputValue& cmp, bool actual) {
  for (const auto& [op, value] : cmp.AsObject()) {
    if (op == "is") {
      if (value.IsNull() || value.AsBool() != actual) return false;  // IS NULL never holds
    } else if (op == "isNot") {
      if (!value.IsNull() && value.AsBool() == actual) return false;
    }
  }
  return true;
}

// `flag(name)` gives the boolean column `name`, nullopt if the filter type has none.
// `owner_id`: the object of a field, for FieldFilter's objectMetadataId.
template <typename FlagFn>
bool MatchFilter(const InputValue& filter, const std::string& id, const FlagFn& flag,
                 const std::string& owner_id = std::string()) {
  if (filter.kind() != InputValue::Kind::kObject) return true;
  for (const auto& [key, value] : filter.AsObject()) {
    if (value.IsNull()) continue;
    if (key == "and") {
      for (const InputValue& sub : value.AsList())
        if (!MatchFilter(sub, id, flag, owner_id)) return false;
    } else if (key == "or") {
      if (value.AsList().empty()) continue;
      bool any = false;
      for (const InputValue& sub : value.AsList())
        if (MatchFilter(sub, id, flag, owner_id)) {
          any = true;
          break;
        }
      if (!any) return false;
    } else if (key == "id") {
      if (!MatchUuid(value, id)) return false;
    } else if (key == "objectMetadataId" && !owner_id.empty()) {
      if (!MatchUuid(value, owner_id)) return false;
    } else if (std::optional<bool> actual = flag(key)) {
      if (!MatchBool(value, *actual)) return false;
    }
  }
  return true;
}

}  // namespace

bool MatchObject(const InputValue* filter, const ObjectSchema& o, const std::string& id) {
  if (!filter) return true;
  return MatchFilter(*filter, id, [&](std::string_view key) -> std::optional<bool> {
    if (key == "isActive") return o.is_active;
    if (key == "isCustom") return o.is_custom;
    if (key == "isSystem") return o.is_system;
    if (key == "isRemote") return false;
    if (key == "isSearchable") return o.is_searchable;
    if (key == "isUIReadOnly") return o.is_ui_readonly;
    if (key == "isUIEditable") return !o.is_ui_readonly;
    if (key == "isUICreatable") return true;
    return std::nullopt;
  });
}

bool MatchField(const InputValue* filter, const FieldSchema& f, const std::string& id, const std::string& owner_id) {
  if (!filter) return true;
  return MatchFilter(
      *filter, id,
      [&](std::string_view key) -> std::optional<bool> {
        if (key == "isActive") return f.is_active;
        if (key == "isCustom") return f.is_custom;
        if (key == "isSystem") return f.is_system;
        if (key == "isUIReadOnly") return f.is_ui_readonly;
        if (key == "isUIEditable") return !f.is_ui_readonly;
        return std::nullopt;
      },
      owner_id);
}

}  // namespace vingt::server::graphql
