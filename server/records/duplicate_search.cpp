#include "server/records/record_writes.h"
#include "server/records/duplicate_search.h"

#include <algorithm>
#include <string>
#include <string_view>
#include <unordered_map>

namespace vingt::server {
namespace {

using storage::FilterNode;
using storage::ObjectSchema;
using storage::RowBuilder;
using storage::SlotKind;
using storage::Uuid;

// Twenty's settings.minLengthOfStringForDuplicateCheck.
constexpr size_t kMinDuplicateValueLength = 3;

std::string_view Trim(std::string_view s) {
  const auto first = s.find_first_not_of(" \t\r\n");
  if (first == std::string_view::npos) return {};
  return s.substr(first, s.find_last_not_of(" \t\r\n") - first + 1);
}

// Characters, not bytes, as JavaScript's length counts them (near enough:
// a character outside the BMP counts once here, twice there).
size_t CharacterCount(std::string_view s) {
  size_t n = 0;
  for (unsigned char c : s) n += (c & 0xC0) != 0x80;
  return n;
}

// Twenty names duplicate criteria by database column: a composite's
// sub-field is <field><SubField> ("nameFirstName"), a plain field its name.
std::unordered_map<std::string, uint16_t> ColumnSlots(const ObjectSchema& schema) {
  std::unordered_map<std::string, uint16_t> out;
  for (const auto& f : schema.fields) {
    if (f.slot_count == 0 || f.IsManyToOne()) continue;
    auto subs = storage::CompositeSubFields(f.type);
    if (subs.empty()) {
      out[f.name] = f.first_slot;
      continue;
    }
    for (size_t i = 0; i < subs.size(); ++i) out[f.name + storage::Capitalize(subs[i].name)] = f.first_slot + i;
  }
  return out;
}

// Rows and builders answer the same two questions.
struct RowValues {
  const storage::Row& row;
  bool IsNull(size_t slot) const { return row.IsNull(slot); }
  std::string_view Bytes(size_t slot) const { return row.Bytes(slot); }
};
struct BuilderValues {
  const RowBuilder& builder;
  bool IsNull(size_t slot) const { return slot >= builder.slot_count() || builder.IsNull(slot); }
  std::string_view Bytes(size_t slot) const { return builder.Get(slot); }
};

// The value one criteria column compares with, or nullopt when the column
// cannot take part: only strings of kMinDuplicateValueLength characters do
// (Twenty checks `value.length`, which numbers and objects do not have).
// `trim`: an input's value is trimmed first, a stored one is taken as is.
template <typename Values>
std::optional<std::string_view> CriteriaValue(const ObjectSchema& schema, const Values& values, uint16_t slot,
                                              bool trim) {
  if (values.IsNull(slot)) return std::nullopt;
  std::string_view bytes = values.Bytes(slot);
  switch (schema.slots[slot].kind) {
    case SlotKind::kUuid: return bytes;  // 36 characters as text
    case SlotKind::kText:
    case SlotKind::kDate: {
      std::string_view text = trim ? Trim(bytes) : bytes;
      if (CharacterCount(text) < kMinDuplicateValueLength) return std::nullopt;
      return text;
    }
    default: return std::nullopt;
  }
}

template <typename Values>
FilterNode DuplicateFilter(const ObjectSchema& schema, const Values& values, const std::optional<Uuid>& self,
                           bool trim) {
  const auto columns = ColumnSlots(schema);
  FilterNode any;
  any.kind = FilterNode::Kind::kOr;
  for (const auto& group : schema.duplicate_criteria) {
    FilterNode all;
    all.kind = FilterNode::Kind::kAnd;
    bool usable = !group.empty();
    for (const auto& column : group) {
      auto it = columns.find(column);
      std::optional<std::string_view> value;
      if (it != columns.end()) value = CriteriaValue(schema, values, it->second, trim);
      if (!value) {
        usable = false;
        break;
      }
      all.children.push_back(FilterNode::Compare(it->second, schema.slots[it->second].kind, storage::CompareOp::kEq,
                                                 {std::string(*value)}));
    }
    if (usable) any.children.push_back(std::move(all));
  }
  if (any.children.empty() || !self) return any;
  FilterNode result;
  result.kind = FilterNode::Kind::kAnd;
  result.children.push_back(std::move(any));
  FilterNode not_self;
  not_self.kind = FilterNode::Kind::kNot;
  not_self.children.push_back(FilterNode::Compare(schema.id_slot, SlotKind::kUuid, storage::CompareOp::kEq,
                                                  {std::string(self->AsBytes())}));
  result.children.push_back(std::move(not_self));
  return result;
}

DuplicateMatches Search(const storage::Table& table, FilterNode filter, size_t limit) {
  DuplicateMatches out;
  out.filter = std::move(filter);
  // No usable group: nothing to look for (and no scan to find it).
  if (out.filter.kind == FilterNode::Kind::kOr && out.filter.children.empty()) return out;
  storage::ListQuery q;
  q.filter = &out.filter;
  q.limit = limit;
  out.page = table.List(q);
  return out;
}

}  // namespace

Result<std::vector<DuplicateMatches>> FindDuplicatesOfIds(const storage::Table& table,
                                                                   const ObjectSchema& schema,
                                                                   const std::vector<Uuid>& ids, IdLookup lookup,
                                                                   size_t limit) {
  std::vector<DuplicateMatches> out;
  for (size_t i = 0; i < ids.size(); ++i) {
    const Uuid& id = ids[i];
    if (lookup == IdLookup::kLiveRecordsOnce && std::find(ids.begin(), ids.begin() + i, id) != ids.begin() + i)
      continue;
    storage::RowRef row = table.Get(id);
    if (!row || !row->IsNull(schema.deleted_at_slot)) {
      if (lookup == IdLookup::kEveryId)
        return RecordNotFound();
      continue;
    }
    out.push_back(Search(table, DuplicateFilter(schema, RowValues{*row}, id, /*trim=*/false), limit));
  }
  return out;
}

Result<std::vector<DuplicateMatches>> FindDuplicatesOfInputs(
    const storage::Table& table, const ObjectSchema& schema, const std::vector<InputView>& inputs,
    const WriteContext& ctx, size_t limit) {
  std::vector<DuplicateMatches> out;
  for (InputView e : inputs) {
    if (!e.IsObject()) return Status::InvalidArgument("\"data\" must be an array of objects");
    RowBuilder builder(schema.slot_count());
    Status st = DecodeRecordInput(schema, e, WriteMode::kCreate, ctx, &builder);
    if (!st.ok()) return st;
    std::optional<Uuid> self;
    if (e.AsObject()->Find("id")) self = Uuid::FromBytes(builder.Get(schema.id_slot));
    out.push_back(Search(table, DuplicateFilter(schema, BuilderValues{builder}, self, /*trim=*/true), limit));
  }
  return out;
}

}  // namespace vingt::server
