#include "protocol/rest_order_by.h"

#include "protocol/json_write.h"

#include <array>
#include <utility>

namespace vingt::protocol {
namespace {

constexpr std::array<std::pair<OrderDirection, std::string_view>, 4> kDirections = {{
    {OrderDirection::kAscNullsFirst, "AscNullsFirst"},
    {OrderDirection::kAscNullsLast, "AscNullsLast"},
    {OrderDirection::kDescNullsFirst, "DescNullsFirst"},
    {OrderDirection::kDescNullsLast, "DescNullsLast"},
}};

std::vector<std::string> Split(std::string_view s, char sep) {
  std::vector<std::string> out;
  size_t start = 0;
  while (true) {
    size_t at = s.find(sep, start);
    out.emplace_back(s.substr(start, at == std::string_view::npos ? std::string_view::npos : at - start));
    if (at == std::string_view::npos) return out;
    start = at + 1;
  }
}

}  // namespace

std::string_view OrderDirectionName(OrderDirection direction) {
  for (const auto& [d, name] : kDirections)
    if (d == direction) return name;
  return "AscNullsFirst";
}

std::optional<OrderDirection> ParseOrderDirection(std::string_view name) {
  for (const auto& [d, n] : kDirections)
    if (n == name) return d;
  return std::nullopt;
}

RestOrderByParse ParseRestOrderBy(std::string_view text) {
  RestOrderByParse result;
  for (const std::string& item : Split(text, ',')) {
    RestOrderItem parsed;
    std::string fields = item;
    if (item.find('[') != std::string::npos && item.find(']') != std::string::npos) {
      // Twenty: `const [fieldName, rest] = item.split('[')`, direction =
      // rest with its first ']' removed; text after a second '[' is lost.
      std::vector<std::string> parts = Split(item, '[');
      fields = parts[0];
      std::string direction = parts[1];
      if (size_t close = direction.find(']'); close != std::string::npos) direction.erase(close, 1);
      std::optional<OrderDirection> d = ParseOrderDirection(direction);
      if (!d) {
        result.items.clear();
        result.error = "'order_by' direction '" + direction +
                       "' invalid. Allowed values are 'AscNullsFirst', 'AscNullsLast', 'DescNullsFirst', "
                       "'DescNullsLast'. eg: ?order_by=field_1[AscNullsFirst],field_2[DescNullsLast],field_3";
        return result;
      }
      parsed.direction = *d;
    }
    parsed.path = Split(fields, '.');
    result.items.push_back(std::move(parsed));
  }
  return result;
}

void AppendDefaultIdOrder(std::vector<RestOrderItem>* items) {
  for (const auto& item : *items)
    if (!item.path.empty() && item.path[0] == "id") return;
  items->push_back(RestOrderItem{{"id"}, OrderDirection::kAscNullsFirst});
}

std::string RestOrderByToJson(const std::vector<RestOrderItem>& items) {
  std::string out = "[";
  for (size_t i = 0; i < items.size(); ++i) {
    if (i) out.push_back(',');
    for (const auto& name : items[i].path) {
      out.push_back('{');
      AppendJsonStringified(name, &out);
      out.push_back(':');
    }
    AppendJsonStringified(OrderDirectionName(items[i].direction), &out);
    for (size_t k = 0; k < items[i].path.size(); ++k) out.push_back('}');
  }
  out.push_back(']');
  return out;
}

}  // namespace vingt::protocol
