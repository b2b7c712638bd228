#include "protocol/graphql/validation_overlap.h"

#include <algorithm>

#include "protocol/graphql/printer.h"
#include "protocol/graphql/suggestions.h"

namespace vingt::protocol::graphql {
namespace {

// Sub-selections are compared recursively and fragments may chain; past
// this depth the comparison stops (the depth limit rejects such queries).
constexpr int kMaxDepth = 200;

// print(sortValueNode(value)): object fields in natural name order.
void AppendSorted(const ast::Value& value, std::string* out) {
  if (value.kind == ast::Value::Kind::kList) {
    out->push_back('[');
    for (size_t i = 0; i < value.list.size(); ++i) {
      if (i) out->append(", ");
      AppendSorted(value.list[i], out);
    }
    out->push_back(']');
    return;
  }
  if (value.kind == ast::Value::Kind::kObject) {
    std::vector<const ast::ObjectField*> fields;
    for (const ast::ObjectField& field : value.fields) fields.push_back(&field);
    std::stable_sort(fields.begin(), fields.end(), [](const ast::ObjectField* a, const ast::ObjectField* b) {
      return NaturalCompare(a->name.value, b->name.value) < 0;
    });
    out->push_back('{');
    for (size_t i = 0; i < fields.size(); ++i) {
      if (i) out->append(", ");
      out->append(fields[i]->name.value);
      out->append(": ");
      AppendSorted(fields[i]->value, out);
    }
    out->push_back('}');
    return;
  }
  AppendPrintedValue(value, out);
}

std::string Stringify(const ast::Value& value) {
  std::string out;
  AppendSorted(value, &out);
  return out;
}

bool SameArguments(const ast::Field& a, const ast::Field& b) {
  if (a.arguments.empty()) return b.arguments.empty();
  if (b.arguments.empty() || a.arguments.size() != b.arguments.size()) return false;
  for (const ast::Argument& arg1 : a.arguments) {
    const ast::Argument* arg2 = nullptr;
    for (const ast::Argument& candidate : b.arguments) {
      if (candidate.name.value == arg1.name.value) arg2 = &candidate;  // a Map keeps the last
    }
    if (arg2 == nullptr || Stringify(arg1.value) != Stringify(arg2->value)) return false;
  }
  return true;
}

bool DoTypesConflict(TypeRef a, TypeRef b) {
  if (a.IsList()) return b.IsList() ? DoTypesConflict(a.ItemType(), b.ItemType()) : true;
  if (b.IsList()) return true;
  if (a.IsNonNull()) return b.IsNonNull() ? DoTypesConflict(a.Nullable(), b.Nullable()) : true;
  if (b.IsNonNull()) return true;
  if (a.named()->IsLeaf() || b.named()->IsLeaf()) return a.named() != b.named();
  return false;
}

}  // namespace

const std::vector<ConflictFinder::FieldEntry>* ConflictFinder::FieldMap::Find(std::string_view name) const {
  for (const auto& [key, fields] : entries) {
    if (key == name) return &fields;
  }
  return nullptr;
}

void ConflictFinder::Collect(const Type* parent_type, const ast::SelectionSet& set, FieldsAndFragments* out,
                             int depth) {
  if (depth > kMaxDepth) return;
  for (const ast::Selection& selection : set.selections) {
    if (const ast::Field* field = selection.field()) {
      const FieldDefinition* definition = nullptr;
      if (parent_type != nullptr &&
          (parent_type->kind == TypeKind::kObject || parent_type->kind == TypeKind::kInterface)) {
        definition = parent_type->FindField(field->name.value);
      }
      const std::string_view key = field->response_key();
      std::vector<FieldEntry>* fields = nullptr;
      for (auto& [name, list] : out->fields.entries) {
        if (name == key) fields = &list;
      }
      if (fields == nullptr) fields = &out->fields.entries.emplace_back(key, std::vector<FieldEntry>()).second;
      fields->push_back({parent_type, field, definition});
    } else if (const ast::FragmentSpread* spread = selection.fragment_spread()) {
      if (std::find(out->fragment_names.begin(), out->fragment_names.end(), spread->name.value) ==
          out->fragment_names.end()) {
        out->fragment_names.push_back(spread->name.value);
      }
    } else if (const ast::InlineFragment* inline_fragment = selection.inline_fragment()) {
      const Type* type = inline_fragment->type_condition.empty()
                             ? parent_type
                             : schema_.FindType(inline_fragment->type_condition.value);
      Collect(type, inline_fragment->selection_set, out, depth + 1);
    }
  }
}

const ConflictFinder::FieldsAndFragments& ConflictFinder::GetFieldsAndFragmentNames(const Type* parent_type,
                                                                                    const ast::SelectionSet& set) {
  auto it = cache_.find(&set);
  if (it != cache_.end()) return it->second;
  FieldsAndFragments collected;
  Collect(parent_type, set, &collected, 0);
  return cache_.emplace(&set, std::move(collected)).first->second;
}

const ConflictFinder::FieldsAndFragments* ConflictFinder::GetReferencedFieldsAndFragmentNames(
    std::string_view fragment_name) {
  const ast::FragmentDefinition* fragment = document_.FindFragment(fragment_name);
  if (fragment == nullptr) return nullptr;
  return &GetFieldsAndFragmentNames(schema_.FindType(fragment->type_condition.value), fragment->selection_set);
}

bool ConflictFinder::PairSeen(std::string_view a, std::string_view b, bool exclusive) const {
  auto key = a < b ? std::make_pair(a, b) : std::make_pair(b, a);
  auto it = compared_.find(key);
  if (it == compared_.end()) return false;
  return exclusive ? true : it->second == exclusive;
}

void ConflictFinder::AddPair(std::string_view a, std::string_view b, bool exclusive) {
  auto key = a < b ? std::make_pair(a, b) : std::make_pair(b, a);
  auto it = compared_.find(key);
  if (it == compared_.end()) {
    compared_.emplace(key, exclusive);
  } else if (!exclusive) {
    it->second = false;  // the stricter comparison has now been made
  }
}

std::vector<FieldConflict> ConflictFinder::FindWithin(const Type* parent_type, const ast::SelectionSet& set) {
  std::vector<Conflict> conflicts;
  const FieldsAndFragments& found = GetFieldsAndFragmentNames(parent_type, set);
  // Copies: the cache may grow below, but node-based maps keep references
  // valid; the names vector is copied for clarity all the same.
  const std::vector<std::string_view> fragment_names = found.fragment_names;
  CollectWithin(&conflicts, found.fields, 0);
  for (size_t i = 0; i < fragment_names.size(); ++i) {
    CollectBetweenFieldsAndFragment(&conflicts, false, found.fields, fragment_names[i], 0);
    for (size_t j = i + 1; j < fragment_names.size(); ++j) {
      CollectBetweenFragments(&conflicts, false, fragment_names[i], fragment_names[j], 0);
    }
  }
  std::vector<FieldConflict> out;
  for (const Conflict& conflict : conflicts) {
    FieldConflict& reported = out.emplace_back();
    reported.message = "Fields \"" + std::string(conflict.reason.response_name) + "\" conflict because " +
                       ReasonMessage(conflict.reason) +
                       ". Use different aliases on the fields to fetch both if this was intentional.";
    for (const ast::Field* field : conflict.fields1) reported.locations.push_back(field->loc);
    for (const ast::Field* field : conflict.fields2) reported.locations.push_back(field->loc);
  }
  return out;
}

std::string ConflictFinder::ReasonMessage(const Reason& reason) {
  if (reason.sub.empty()) return reason.text;
  std::string out;
  for (size_t i = 0; i < reason.sub.size(); ++i) {
    if (i) out += " and ";
    out += "subfields \"" + std::string(reason.sub[i].response_name) + "\" conflict because " +
           ReasonMessage(reason.sub[i]);
  }
  return out;
}

void ConflictFinder::CollectWithin(std::vector<Conflict>* conflicts, const FieldMap& map, int depth) {
  for (const auto& [name, fields] : map.entries) {
    for (size_t i = 0; i < fields.size(); ++i) {
      for (size_t j = i + 1; j < fields.size(); ++j) {
        Conflict conflict;
        if (FindConflict(false, name, fields[i], fields[j], depth, &conflict))
          conflicts->push_back(std::move(conflict));
      }
    }
  }
}

void ConflictFinder::CollectBetween(std::vector<Conflict>* conflicts, bool exclusive, const FieldMap& a,
                                    const FieldMap& b, int depth) {
  for (const auto& [name, fields1] : a.entries) {
    const std::vector<FieldEntry>* fields2 = b.Find(name);
    if (fields2 == nullptr) continue;
    for (const FieldEntry& f1 : fields1) {
      for (const FieldEntry& f2 : *fields2) {
        Conflict conflict;
        if (FindConflict(exclusive, name, f1, f2, depth, &conflict)) conflicts->push_back(std::move(conflict));
      }
    }
  }
}

void ConflictFinder::CollectBetweenFieldsAndFragment(std::vector<Conflict>* conflicts, bool exclusive,
                                                     const FieldMap& map, std::string_view fragment_name, int depth) {
  if (depth > kMaxDepth) return;
  const FieldsAndFragments* fragment = GetReferencedFieldsAndFragmentNames(fragment_name);
  if (fragment == nullptr || &fragment->fields == &map) return;
  CollectBetween(conflicts, exclusive, map, fragment->fields, depth);
  const std::vector<std::string_view> referenced = fragment->fragment_names;
  for (std::string_view name : referenced) {
    if (PairSeen(name, fragment_name, exclusive)) continue;
    AddPair(name, fragment_name, exclusive);
    CollectBetweenFieldsAndFragment(conflicts, exclusive, map, name, depth + 1);
  }
}

void ConflictFinder::CollectBetweenFragments(std::vector<Conflict>* conflicts, bool exclusive, std::string_view a,
                                             std::string_view b, int depth) {
  if (a == b || depth > kMaxDepth || PairSeen(a, b, exclusive)) return;
  AddPair(a, b, exclusive);
  const FieldsAndFragments* fragment1 = GetReferencedFieldsAndFragmentNames(a);
  const FieldsAndFragments* fragment2 = GetReferencedFieldsAndFragmentNames(b);
  if (fragment1 == nullptr || fragment2 == nullptr) return;
  CollectBetween(conflicts, exclusive, fragment1->fields, fragment2->fields, depth);
  const std::vector<std::string_view> referenced2 = fragment2->fragment_names;
  const std::vector<std::string_view> referenced1 = fragment1->fragment_names;
  for (std::string_view name : referenced2) CollectBetweenFragments(conflicts, exclusive, a, name, depth + 1);
  for (std::string_view name : referenced1) CollectBetweenFragments(conflicts, exclusive, name, b, depth + 1);
}

std::vector<ConflictFinder::Conflict> ConflictFinder::FindBetweenSubSelectionSets(bool exclusive, const Type* parent1,
                                                                                  const ast::SelectionSet& set1,
                                                                                  const Type* parent2,
                                                                                  const ast::SelectionSet& set2,
                                                                                  int depth) {
  std::vector<Conflict> conflicts;
  const FieldsAndFragments& found1 = GetFieldsAndFragmentNames(parent1, set1);
  const FieldsAndFragments& found2 = GetFieldsAndFragmentNames(parent2, set2);
  const std::vector<std::string_view> names1 = found1.fragment_names;
  const std::vector<std::string_view> names2 = found2.fragment_names;
  CollectBetween(&conflicts, exclusive, found1.fields, found2.fields, depth);
  for (std::string_view name : names2)
    CollectBetweenFieldsAndFragment(&conflicts, exclusive, found1.fields, name, depth);
  for (std::string_view name : names1)
    CollectBetweenFieldsAndFragment(&conflicts, exclusive, found2.fields, name, depth);
  for (std::string_view name1 : names1) {
    for (std::string_view name2 : names2) CollectBetweenFragments(&conflicts, exclusive, name1, name2, depth);
  }
  return conflicts;
}

bool ConflictFinder::FindConflict(bool parents_exclusive, std::string_view response_name, const FieldEntry& f1,
                                  const FieldEntry& f2, int depth, Conflict* out) {
  const bool exclusive = parents_exclusive ||
                         (f1.parent_type != f2.parent_type && f1.parent_type != nullptr && f2.parent_type != nullptr &&
                          f1.parent_type->kind == TypeKind::kObject && f2.parent_type->kind == TypeKind::kObject);
  auto leaf_conflict = [&](std::string text) {
    out->reason = {response_name, std::move(text), {}};
    out->fields1 = {f1.node};
    out->fields2 = {f2.node};
    return true;
  };
  if (!exclusive) {
    if (f1.node->name.value != f2.node->name.value) {
      std::string text;
      text.append("\"").append(f1.node->name.value).append("\" and \"");
      text.append(f2.node->name.value).append("\" are different fields");
      return leaf_conflict(std::move(text));
    }
    if (!SameArguments(*f1.node, *f2.node)) return leaf_conflict("they have differing arguments");
  }
  const TypeRef type1 = f1.definition != nullptr ? f1.definition->type : TypeRef();
  const TypeRef type2 = f2.definition != nullptr ? f2.definition->type : TypeRef();
  if (type1 && type2 && DoTypesConflict(type1, type2)) {
    return leaf_conflict("they return conflicting types \"" + type1.ToString() + "\" and \"" + type2.ToString() + "\"");
  }
  if (f1.node->has_selection_set && f2.node->has_selection_set && depth < kMaxDepth) {
    std::vector<Conflict> sub = FindBetweenSubSelectionSets(exclusive, type1.named(), f1.node->selection_set,
                                                            type2.named(), f2.node->selection_set, depth + 1);
    if (sub.empty()) return false;
    out->reason = {response_name, {}, {}};
    out->fields1 = {f1.node};
    out->fields2 = {f2.node};
    for (Conflict& c : sub) {
      out->reason.sub.push_back(std::move(c.reason));
      out->fields1.insert(out->fields1.end(), c.fields1.begin(), c.fields1.end());
      out->fields2.insert(out->fields2.end(), c.fields2.begin(), c.fields2.end());
    }
    return true;
  }
  return false;
}

}  // namespace vingt::protocol::graphql
