#include "server/records/rest_query.h"

#include <cmath>
#include <cstdlib>
#include <cstring>
#include <limits>
#include <set>
#include <span>
#include <string>

#include "protocol/email_address.h"
#include "protocol/iso_time.h"

namespace vingt::server {
namespace {

using protocol::RestComparator;
using protocol::RestFilterNode;
using storage::CompareOp;
using storage::FieldSchema;
using storage::FieldType;
using storage::FilterNode;
using storage::ObjectSchema;
using storage::SlotKind;

constexpr std::string_view kFilterCode = "INVALID_ARGS_FILTER";
constexpr std::string_view kOrderCode = "INVALID_QUERY_INPUT";
constexpr std::string_view kDirectionHint = "(AscNullsFirst, AscNullsLast, DescNullsFirst, DescNullsLast)";

Status FilterError(std::string message) {
  return Status::InvalidArgument(std::move(message)).WithDetailCode(std::string(kFilterCode));
}

Status OrderError(std::string message, std::string_view code = kOrderCode) {
  return Status::InvalidArgument(std::move(message)).WithDetailCode(std::string(code));
}

// Node's util.inspect() of a string, as Twenty puts values into messages:
// single quotes unless the text holds one, then double quotes, then
// backquotes; control characters escaped.
std::string Inspect(std::string_view s) {
  char quote = '\'';
  if (s.find('\'') != std::string_view::npos) {
    if (s.find('"') == std::string_view::npos)
      quote = '"';
    else if (s.find('`') == std::string_view::npos && s.find("${") == std::string_view::npos)
      quote = '`';
  }
  std::string out(1, quote);
  for (char c : s) {
    auto u = static_cast<unsigned char>(c);
    if (c == quote || c == '\\') {
      out.push_back('\\');
      out.push_back(c);
    } else if (c == '\b') {
      out += "\\b";
    } else if (c == '\t') {
      out += "\\t";
    } else if (c == '\n') {
      out += "\\n";
    } else if (c == '\f') {
      out += "\\f";
    } else if (c == '\r') {
      out += "\\r";
    } else if (u < 0x20 || u == 0x7F) {
      static constexpr char kHex[] = "0123456789ABCDEF";
      out += "\\x";
      out.push_back(kHex[u >> 4]);
      out.push_back(kHex[u & 15]);
    } else {
      out.push_back(c);
    }
  }
  out.push_back(quote);
  return out;
}

// JavaScript's parseFloat: leading white space skipped, then the longest
// prefix that is a decimal literal or "Infinity"; NaN when there is none.
double JsParseFloat(std::string_view s) {
  size_t i = 0;
  while (i < s.size()) {
    if (s[i] == ' ' || (s[i] >= '\t' && s[i] <= '\r')) {
      ++i;
    } else if (s.substr(i, 2) == "\xC2\xA0") {
      i += 2;
    } else if (s.substr(i, 3) == "\xEF\xBB\xBF") {
      i += 3;
    } else {
      break;
    }
  }
  const size_t start = i;
  double sign = 1;
  if (i < s.size() && (s[i] == '+' || s[i] == '-')) sign = s[i++] == '-' ? -1 : 1;
  if (s.substr(i, 8) == "Infinity") return sign * std::numeric_limits<double>::infinity();
  auto digit = [&](size_t k) { return k < s.size() && s[k] >= '0' && s[k] <= '9'; };
  size_t digits = 0;
  while (digit(i)) ++i, ++digits;
  if (i < s.size() && s[i] == '.') {
    ++i;
    while (digit(i)) ++i, ++digits;
  }
  if (digits == 0) return std::numeric_limits<double>::quiet_NaN();
  if (i < s.size() && (s[i] == 'e' || s[i] == 'E')) {
    size_t j = i + 1;
    if (j < s.size() && (s[j] == '+' || s[j] == '-')) ++j;
    if (digit(j)) {
      while (digit(j)) ++j;
      i = j;
    }
  }
  std::string literal(s.substr(start, i - start));
  return std::strtod(literal.c_str(), nullptr);
}

std::string InspectNumber(double v) {
  if (std::isnan(v)) return "NaN";
  return v > 0 ? "Infinity" : "-Infinity";
}

// Operators Twenty's shared layer accepts per field type
// (filter-operators.constant.ts, get-operators-for-field-type.util.ts), as
// they appear in its message; `extra` are ones vingt accepts on top because
// the REST spec documents them (containsAny / containsExactly on lists).
struct OperatorSet {
  std::span<const std::string_view> listed;
  std::span<const std::string_view> extra;
};

constexpr std::string_view kTextOps[] = {"eq",  "neq", "gt",   "gte",   "lt",         "lte",
                                         "in",  "is",  "like", "ilike", "startsWith", "endsWith"};
constexpr std::string_view kOrderedOps[] = {"eq", "neq", "gt", "gte", "lt", "lte", "in", "is"};
constexpr std::string_view kBooleanOps[] = {"eq", "is"};
constexpr std::string_view kArrayOps[] = {"containsIlike", "is", "isEmptyArray"};
constexpr std::string_view kArrayExtra[] = {"containsAny", "containsExactly"};
constexpr std::string_view kMultiSelectOps[] = {"containsAny", "is", "isEmptyArray"};
constexpr std::string_view kMultiSelectExtra[] = {"containsExactly"};
constexpr std::string_view kEnumOps[] = {"eq", "neq", "in", "containsAny", "is", "isEmptyArray"};
constexpr std::string_view kJsonOps[] = {"is", "like"};
constexpr std::string_view kRichTextOps[] = {"ilike"};
constexpr std::string_view kOtherOps[] = {"eq", "neq", "is"};

OperatorSet OperatorsFor(FieldType type) {
  switch (type) {
    case FieldType::kText: return {kTextOps, {}};
    case FieldType::kNumber:
    case FieldType::kNumeric:
    case FieldType::kPosition:
    case FieldType::kDate:
    case FieldType::kDateTime:
    case FieldType::kUuid:
    case FieldType::kRelation:
    case FieldType::kMorphRelation: return {kOrderedOps, {}};
    case FieldType::kBoolean: return {kBooleanOps, {}};
    case FieldType::kArray: return {kArrayOps, kArrayExtra};
    case FieldType::kMultiSelect: return {kMultiSelectOps, kMultiSelectExtra};
    case FieldType::kSelect:
    case FieldType::kRating: return {kEnumOps, {}};
    case FieldType::kRawJson:
    case FieldType::kFiles: return {kJsonOps, {}};
    case FieldType::kRichText: return {kRichTextOps, {}};
    default: return {kOtherOps, {}};
  }
}

bool Allows(const OperatorSet& ops, std::string_view op) {
  for (auto o : ops.listed)
    if (o == op) return true;
  for (auto o : ops.extra)
    if (o == op) return true;
  return false;
}

std::string Join(std::span<const std::string_view> names) {
  std::string out;
  for (auto n : names) {
    if (!out.empty()) out += ", ";
    out += n;
  }
  return out;
}

// What a leaf compares: one slot, read as its (sub-)field type.
struct Target {
  uint16_t slot = 0;
  SlotKind kind = SlotKind::kText;
  FieldType type = FieldType::kText;
  const FieldSchema* options_of = nullptr;  // SELECT / MULTI_SELECT / RATING field with options
  std::string name;                         // "city", "name.firstName", "companyId"
  bool null_equivalent_text = false;        // "" stands for NULL (Twenty's text defaults)
  bool null_equivalent_list = false;        // [] stands for NULL
  bool canonical_email = false;             // emails.primaryEmail
};

bool IsRelation(const FieldSchema& f) {
  return f.relation.has_value() || f.type == FieldType::kRelation || f.type == FieldType::kMorphRelation;
}

// The active field named `name`, else nullptr.
const FieldSchema* ActiveField(const ObjectSchema& schema, std::string_view name) {
  const FieldSchema* f = schema.FindField(name);
  return f && f->is_active ? f : nullptr;
}

const FieldSchema* ActiveJoinColumn(const ObjectSchema& schema, std::string_view name) {
  const FieldSchema* f = schema.FindByJoinColumn(name);
  return f && f->is_active ? f : nullptr;
}

// Resolves a leaf's path; *op_name gets the operator's name, which is the
// comparator unless the path is longer than the field needs (then the
// extra name is what Twenty would read as the operator).
Result<Target> Resolve(const ObjectSchema& schema, const std::vector<std::string>& path,
                                std::string_view comparator, std::string* op_name) {
  const std::string& key = path[0];
  Target t;
  const FieldSchema* field = ActiveField(schema, key);
  const FieldSchema* join = field ? nullptr : ActiveJoinColumn(schema, key);
  if (!field && !join) return FilterError("Object " + schema.name_singular + " doesn't have any \"" + key + "\" field.");
  if (field && IsRelation(*field)) {
    if (field->IsManyToOne())
      return FilterError("Cannot filter by relation field \"" + key + "\": use \"" + field->JoinColumnName() +
                         "\" instead");
    return FilterError("Cannot filter by relation field \"" + key + "\"");
  }
  size_t used = 1;
  if (join) {
    t.slot = join->first_slot;
    t.kind = SlotKind::kUuid;
    t.type = FieldType::kRelation;
    t.name = key;
  } else if (auto subs = storage::CompositeSubFields(field->type); !subs.empty()) {
    // {name: {<path[1] or the comparator>: ...}}: the next name must be a sub-field.
    std::string_view sub_name = path.size() > 1 ? std::string_view(path[1]) : comparator;
    size_t index = subs.size();
    for (size_t i = 0; i < subs.size(); ++i)
      if (subs[i].name == sub_name) index = i;
    if (index == subs.size())
      return FilterError("Sub field \"" + std::string(sub_name) + "\" not found for composite type: " +
                         std::string(storage::FieldTypeName(field->type)));
    const storage::SubFieldDef& sub = subs[index];
    used = 2;
    t.slot = static_cast<uint16_t>(field->first_slot + index);
    t.kind = sub.kind;
    t.type = sub.type;
    t.name = key + "." + std::string(sub.name);
    if (sub.kind == SlotKind::kText && sub.type == FieldType::kText)
      t.null_equivalent_text = !(field->type == FieldType::kRichTextV2 && sub.name == "blocknote");
    t.null_equivalent_list = sub.kind == SlotKind::kJson && (field->type == FieldType::kEmails ||
                                                             field->type == FieldType::kLinks ||
                                                             field->type == FieldType::kPhones);
    t.canonical_email = field->type == FieldType::kEmails && sub.name == "primaryEmail";
  } else {
    if (field->slot_count == 0) return FilterError("Object " + schema.name_singular + " doesn't have any \"" + key + "\" field.");
    t.slot = field->first_slot;
    t.kind = schema.slots[t.slot].kind;
    t.type = field->type;
    t.name = key;
    t.null_equivalent_text = field->type == FieldType::kText;
    t.null_equivalent_list = field->type == FieldType::kMultiSelect || field->type == FieldType::kArray;
    if (!field->options.empty() && (field->type == FieldType::kSelect || field->type == FieldType::kMultiSelect ||
                                    field->type == FieldType::kRating))
      t.options_of = field;
  }
  *op_name = path.size() > used ? path[used] : std::string(comparator);
  return t;
}

Status CheckEnumValue(const Target& t, std::string_view value) {
  if (!t.options_of || value == "NULL" || value == "NOT_NULL" || t.options_of->FindOption(value)) return Status::Ok();
  std::string list;
  for (const auto& o : t.options_of->options) list += (list.empty() ? "'" : ", '") + o.value + "'";
  return FilterError("'filter' enum value '" + std::string(value) + "' not available in '" + t.options_of->name +
                     "' enum. Available enum values are [" + list + "]");
}

std::string Bytes8(const void* p) { return std::string(static_cast<const char*>(p), 8); }

// A value of an eq / neq / gt / gte / lt / lte / in comparison, encoded as
// the slot stores it (storage/row.h). A typed operand (GraphQL's) is taken
// as it is where the field's type reads one; text is parsed as Twenty
// parses REST's.
Result<std::string> EncodeTyped(const Target& t, const protocol::FilterOperand& operand) {
  const std::string& v = operand.text;
  switch (t.type) {
    case FieldType::kNumber:
    case FieldType::kNumeric:
    case FieldType::kPosition: {
      double d = operand.number ? *operand.number : JsParseFloat(v);
      if (!std::isfinite(d))
        return FilterError("Invalid number value " + InspectNumber(d) + " for field \"" + t.name + "\"");
      return Bytes8(&d);
    }
    case FieldType::kBoolean: {
      if (operand.boolean) return std::string(1, *operand.boolean ? 1 : 0);
      std::string lower;
      for (char c : v) lower.push_back((c >= 'A' && c <= 'Z') ? static_cast<char>(c + 32) : c);
      if (lower != "true" && lower != "false")
        return FilterError("Invalid boolean value " + Inspect(v) + " for field \"" + t.name + "\"");
      return std::string(1, lower == "true" ? 1 : 0);
    }
    case FieldType::kUuid:
    case FieldType::kRelation:
    case FieldType::kMorphRelation: {
      auto id = storage::Uuid::Parse(v);
      if (!id) return FilterError("Invalid UUID value " + Inspect(v) + " for field \"" + t.name + "\"");
      return std::string(id->AsBytes());
    }
    case FieldType::kDateTime: {
      auto ms = protocol::ParseIsoDateTime(v);
      if (!ms)
        return FilterError("Invalid value " + Inspect(v) + " for date-time field \"" + t.name +
                           "\". Expected format: 'YYYY-MM-DDTHH:mm:ssZ'");
      return Bytes8(&*ms);
    }
    case FieldType::kDate: {
      std::string date;
      if (!protocol::ParseDateInput(v, &date))
        return FilterError("Invalid value " + Inspect(v) + " for date field \"" + t.name +
                           "\". Expected format: 'YYYY-MM-DD'");
      return date;
    }
    default: return t.canonical_email ? protocol::CanonicalizeEmail(v) : v;
  }
}

FilterNode Compare(const Target& t, CompareOp op, std::vector<std::string> operands) {
  return FilterNode::Compare(t.slot, t.kind, op, std::move(operands));
}

FilterNode Combine(FilterNode::Kind kind, FilterNode a, FilterNode b) {
  FilterNode n;
  n.kind = kind;
  n.children.push_back(std::move(a));
  n.children.push_back(std::move(b));
  return n;
}

// The stored form of an empty list in a list slot.
std::string EmptyList(SlotKind kind) { return kind == SlotKind::kStringList ? std::string(4, '\0') : "[]"; }

bool IsNullEquivalentText(const Target& t, const std::string& operand) {
  return t.null_equivalent_text && (operand.empty() || operand == "NULL");
}

Result<FilterNode> CompileLeaf(const RestFilterNode& leaf, const ObjectSchema& schema) {
  const std::string_view comparator = protocol::RestComparatorName(leaf.comparator);
  std::string op_name;
  auto resolved = Resolve(schema, leaf.path, comparator, &op_name);
  if (!resolved.ok()) return resolved.status();
  const Target& t = *resolved;

  OperatorSet ops = OperatorsFor(t.type);
  if (op_name != comparator) {
    // A path longer than the field: Twenty reads the extra name as the
    // operator and its value as an object.
    if (!Allows(ops, op_name))
      return FilterError("Operator \"" + op_name + "\" is not valid for field \"" + t.name + "\" of type " +
                         std::string(storage::FieldTypeName(t.type)) + " - Allowed operators: " + Join(ops.listed));
    return FilterError("Invalid filter value for field \"" + t.name + "\"");
  }
  if (!Allows(ops, comparator))
    return FilterError("Operator \"" + std::string(comparator) + "\" is not valid for field \"" + t.name +
                       "\" of type " + std::string(storage::FieldTypeName(t.type)) +
                       " - Allowed operators: " + Join(ops.listed));

  static const protocol::FilterOperand kNoOperand;
  const protocol::FilterOperand& operand = leaf.values.empty() ? kNoOperand : leaf.values[0];
  const std::string& value = operand.text;
  switch (leaf.comparator) {
    case RestComparator::kIs:
      if (value == "NULL") {
        FilterNode is_null = Compare(t, CompareOp::kIsNull, {});
        if (t.null_equivalent_text) return Combine(FilterNode::Kind::kOr, std::move(is_null), Compare(t, CompareOp::kEq, {""}));
        if (t.null_equivalent_list)
          return Combine(FilterNode::Kind::kOr, std::move(is_null), Compare(t, CompareOp::kEq, {EmptyList(t.kind)}));
        return is_null;
      }
      if (value == "NOT_NULL") return Compare(t, CompareOp::kIsNotNull, {});
      return FilterError("Invalid filter value for \"is\" operator. Expected \"NULL\" or \"NOT_NULL\"");

    case RestComparator::kIn: {
      std::vector<std::string> operands;
      for (const auto& item : leaf.values) {
        if (Status st = CheckEnumValue(t, item.text); !st.ok()) return st;
        auto encoded = EncodeTyped(t, item);
        if (!encoded.ok()) return encoded.status();
        operands.push_back(std::move(*encoded));
      }
      return Compare(t, CompareOp::kIn, std::move(operands));
    }

    case RestComparator::kContainsAny:
    case RestComparator::kContainsExactly: {
      std::vector<std::string> items;
      for (const auto& item : leaf.values) items.push_back(item.text);
      // containsExactly is not a list comparator in Twenty's grammar: a
      // "[a,b]" value is read as `in` reads it, anything else is one item.
      if (leaf.comparator == RestComparator::kContainsExactly && value.size() >= 2 && value.front() == '[' &&
          value.back() == ']')
        items = protocol::SplitRestFilterArray(value);
      for (const auto& item : items)
        if (Status st = CheckEnumValue(t, item); !st.ok()) return st;
      CompareOp op = leaf.comparator == RestComparator::kContainsAny ? CompareOp::kContainsAny
                                                                     : CompareOp::kContainsExactly;
      return Compare(t, op, std::move(items));
    }

    case RestComparator::kEq:
    case RestComparator::kNeq:
    case RestComparator::kGt:
    case RestComparator::kGte:
    case RestComparator::kLt:
    case RestComparator::kLte: {
      if (Status st = CheckEnumValue(t, value); !st.ok()) return st;
      auto encoded = EncodeTyped(t, operand);
      if (!encoded.ok()) return encoded.status();
      const bool null_equivalent = IsNullEquivalentText(t, *encoded);
      switch (leaf.comparator) {
        case RestComparator::kEq: {
          FilterNode eq = Compare(t, CompareOp::kEq, {std::move(*encoded)});
          if (!null_equivalent) return eq;
          return Combine(FilterNode::Kind::kOr, std::move(eq), Compare(t, CompareOp::kIsNull, {}));
        }
        case RestComparator::kNeq: {
          FilterNode neq = Compare(t, CompareOp::kNeq, {std::move(*encoded)});
          if (!null_equivalent) return neq;
          return Combine(FilterNode::Kind::kAnd, std::move(neq), Compare(t, CompareOp::kIsNotNull, {}));
        }
        case RestComparator::kGt: return Compare(t, CompareOp::kGt, {std::move(*encoded)});
        case RestComparator::kGte: return Compare(t, CompareOp::kGte, {std::move(*encoded)});
        case RestComparator::kLt: return Compare(t, CompareOp::kLt, {std::move(*encoded)});
        default: return Compare(t, CompareOp::kLte, {std::move(*encoded)});
      }
    }

    case RestComparator::kLike:
    case RestComparator::kILike: {
      FilterNode like = Compare(t, leaf.comparator == RestComparator::kLike ? CompareOp::kLike : CompareOp::kILike, {value});
      if (!IsNullEquivalentText(t, value)) return like;
      return Combine(FilterNode::Kind::kOr, std::move(like), Compare(t, CompareOp::kIsNull, {}));
    }
    case RestComparator::kStartsWith: return Compare(t, CompareOp::kStartsWith, {value});
    case RestComparator::kEndsWith: return Compare(t, CompareOp::kEndsWith, {value});
  }
  return FilterError("Unsupported filter comparator");
}

Result<FilterNode> CompileNode(const RestFilterNode& n, const ObjectSchema& schema) {
  if (n.kind == RestFilterNode::Kind::kLeaf) return CompileLeaf(n, schema);
  FilterNode out;
  out.kind = n.kind == RestFilterNode::Kind::kAnd ? FilterNode::Kind::kAnd
             : n.kind == RestFilterNode::Kind::kOr ? FilterNode::Kind::kOr
                                                   : FilterNode::Kind::kNot;
  out.children.reserve(n.children.size());
  for (const auto& child : n.children) {
    auto compiled = CompileNode(child, schema);
    if (!compiled.ok()) return compiled.status();
    out.children.push_back(std::move(*compiled));
  }
  return out;
}

}  // namespace

Result<CompiledFilter> CompileRestFilter(const RestFilterNode& root, const ObjectSchema& schema) {
  auto compiled = CompileNode(root, schema);
  if (!compiled.ok()) return compiled.status();
  CompiledFilter out;
  out.filter = std::move(*compiled);
  out.include_deleted = out.filter.References(schema.deleted_at_slot);
  return out;
}

Result<std::vector<storage::OrderKey>> CompileRestOrderBy(const std::vector<protocol::RestOrderItem>& items,
                                                                   const ObjectSchema& schema) {
  std::vector<storage::OrderKey> order;
  std::set<std::string> seen;
  for (const auto& item : items) {
    const std::string& key = item.path.empty() ? std::string() : item.path[0];
    const FieldSchema* field = ActiveField(schema, key);
    const FieldSchema* join = field ? nullptr : ActiveJoinColumn(schema, key);
    if ((!field && !join) || (field && !IsRelation(*field) && field->slot_count == 0))
      return OrderError("Field \"" + key + "\" does not exist or is not sortable", "FIELD_NOT_FOUND");
    if (field && IsRelation(*field)) {
      if (item.path.size() == 1)
        return OrderError("Relation field \"" + key + "\" requires nested field ordering (e.g., { " + key +
                          ": { fieldName: 'AscNullsFirst' } })");
      return OrderError("Ordering by a field of the related object \"" + key + "\" is not supported");
    }
    storage::OrderKey k;
    FieldType type = FieldType::kRelation;
    std::string path_key = key;
    if (join) {
      k.slot = join->first_slot;
    } else if (auto subs = storage::CompositeSubFields(field->type); !subs.empty()) {
      if (item.path.size() == 1)
        return OrderError("Composite field \"" + key + "\" requires subfield ordering (e.g., { " + key +
                          ": { subFieldName: 'AscNullsFirst' } })");
      size_t index = subs.size();
      for (size_t i = 0; i < subs.size(); ++i)
        if (subs[i].name == item.path[1]) index = i;
      if (index == subs.size())
        return OrderError("Sub field \"" + item.path[1] + "\" not found for composite field \"" + key + "\"");
      if (item.path.size() > 2)
        return OrderError("Composite sub field \"" + key + "." + item.path[1] + "\" requires a direction value " +
                          std::string(kDirectionHint));
      k.slot = static_cast<uint16_t>(field->first_slot + index);
      type = subs[index].type;
      path_key += "." + item.path[1];
    } else {
      if (item.path.size() > 1)
        return OrderError("Scalar field \"" + key + "\" requires a direction value " + std::string(kDirectionHint));
      k.slot = field->first_slot;
      type = field->type;
    }
    if (!seen.insert(path_key).second) continue;
    k.kind = schema.slots[k.slot].kind;
    k.descending = protocol::IsDescending(item.direction);
    k.nulls_first = protocol::NullsFirst(item.direction);
    k.fold_case = k.kind == SlotKind::kText && (type == FieldType::kText || type == FieldType::kSelect);
    if (k.slot == schema.id_slot) {
      // id is unique and never NULL: nothing after it can matter, and id
      // ascending is the engine's own final tiebreaker.
      if (k.descending) order.push_back(k);
      break;
    }
    order.push_back(k);
  }
  return order;
}

Result<CompiledFilter> CompileRestFilterParam(std::string_view text, const ObjectSchema& schema) {
  protocol::RestFilterParse parsed = protocol::ParseRestFilter(text);
  if (!parsed.ok()) return Status::InvalidArgument(parsed.error).WithDetailCode("INVALID_FILTER_QUERY_PARAM");
  return CompileRestFilter(parsed.root, schema);
}

Result<std::vector<storage::OrderKey>> CompileRestOrderByParam(std::string_view text,
                                                                        const ObjectSchema& schema) {
  protocol::RestOrderByParse parsed = protocol::ParseRestOrderBy(text);
  if (!parsed.ok()) return Status::InvalidArgument(parsed.error).WithDetailCode("INVALID_ORDER_BY_QUERY_PARAM");
  return CompileRestOrderBy(parsed.items, schema);
}

}  // namespace vingt::server
