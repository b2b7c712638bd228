#include "server/graphql/metadata_paging.h"

#include "common/twenty_limits.h"
#include "server/records/cursor.h"

namespace vingt::server::graphql {
namespace {

constexpr int64_t kDefaultPageSize = twenty::kMetadataGraphqlDefaultPageSize;
constexpr int64_t kMaxPageSize = twenty::kMetadataGraphqlMaxPageSize;

}  // namespace

using protocol::graphql::InputValue;
using storage::Uuid;

std::optional<std::string> ReadPaging(const InputValue* paging, PageArgs* out) {
  if (paging && paging->kind() == InputValue::Kind::kObject) {
    for (const auto& [key, value] : paging->AsObject()) {
      if (value.IsNull()) continue;
      if (key == "first") out->first = value.AsInt();
      else if (key == "last") out->last = value.AsInt();
      else if (key == "after" || key == "before") {
        std::optional<Uuid> id;
        if (value.kind() == InputValue::Kind::kString) {
          if (auto position = DecodeIdCursor(value.AsString())) id = position->id;
        }
        if (!id) return "Invalid cursor";
        (key == "after" ? out->after : out->before) = *id;
      }
    }
  }
  if ((out->first && *out->first < 0) || (out->last && *out->last < 0))
    return "Paging arguments first and last must not be negative";
  if (out->first && out->last) return "Cannot use first and last together";
  if (out->first && out->before) return "Cannot use first with before";
  if (out->last && out->after) return "Cannot use last with after";
  if (out->after && out->before) return "Cannot use after and before together";
  if ((out->first && *out->first > kMaxPageSize) || (out->last && *out->last > kMaxPageSize))
    return "Cannot query more than " + std::to_string(kMaxPageSize) + " items at once";
  if (!out->first && !out->last) out->first = kDefaultPageSize;
  return std::nullopt;
}

}  // namespace vingt::server::graphql
