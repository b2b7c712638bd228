// The `order_by` query parameter of Twenty's REST API (spec/rest-core.md §6):
// "field_1[AscNullsFirst],name.lastName[DescNullsLast],field_3".
//
// As in Twenty, the string is split at every comma; an item holding both
// '[' and ']' has its direction between the first '[' and the end (the
// first ']' removed), any other item is a bare path sorted AscNullsFirst.
// Paths are split at '.'. Field names are not checked here (server/
// rest_query does it); an unknown direction is Twenty's exact 400 message.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace vingt::protocol {

enum class OrderDirection : uint8_t { kAscNullsFirst, kAscNullsLast, kDescNullsFirst, kDescNullsLast };

std::string_view OrderDirectionName(OrderDirection direction);  // "AscNullsFirst"
std::optional<OrderDirection> ParseOrderDirection(std::string_view name);
inline bool IsDescending(OrderDirection d) {
  return d == OrderDirection::kDescNullsFirst || d == OrderDirection::kDescNullsLast;
}
inline bool NullsFirst(OrderDirection d) {
  return d == OrderDirection::kAscNullsFirst || d == OrderDirection::kDescNullsFirst;
}

struct RestOrderItem {
  std::vector<std::string> path;  // {"name", "lastName"}; empty names kept
  OrderDirection direction = OrderDirection::kAscNullsFirst;
};

struct RestOrderByParse {
  std::vector<RestOrderItem> items;
  std::string error;  // empty on success
  bool ok() const { return error.empty(); }
};

RestOrderByParse ParseRestOrderBy(std::string_view text);

// Twenty's addDefaultOrderById: appends {id: AscNullsFirst} unless an item
// already starts with "id".
void AppendDefaultIdOrder(std::vector<RestOrderItem>* items);

// The list as Twenty's orderBy argument, e.g.
// [{"position":"DescNullsLast"},{"name":{"lastName":"AscNullsFirst"}}].
std::string RestOrderByToJson(const std::vector<RestOrderItem>& items);

}  // namespace vingt::protocol
