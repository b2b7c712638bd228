// OverlappingFieldsCanBeMergedRule (spec §5.3.2), graphql-js's algorithm:
// fields that share a response name in a selection set (fragments
// included) must be the same field with the same arguments, unless their
// parents are different object types, and must not return conflicting
// shapes; sub-selections are compared recursively. Field maps are cached
// per selection set and fragment pairs compared once, as graphql-js does,
// so the work stays polynomial on hostile documents.
//
// Internal to validation.cpp; one ConflictFinder per validation run.
#pragma once

#include <map>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include "protocol/graphql/ast.h"
#include "protocol/graphql/schema.h"

namespace vingt::protocol::graphql {

struct FieldConflict {
  std::string message;  // the whole "Fields \"x\" conflict because ..." sentence
  std::vector<SourceLocation> locations;
};

class ConflictFinder {
 public:
  ConflictFinder(const Schema& schema, const ast::Document& document) : schema_(schema), document_(document) {}

  // The conflicts within one selection set whose parent type is
  // `parent_type` (null when unknown), in graphql-js's report order.
  std::vector<FieldConflict> FindWithin(const Type* parent_type, const ast::SelectionSet& selection_set);

 private:
  struct FieldEntry {
    const Type* parent_type;
    const ast::Field* node;
    const FieldDefinition* definition;
  };
  // Response name to fields, in first-seen order.
  struct FieldMap {
    std::vector<std::pair<std::string_view, std::vector<FieldEntry>>> entries;
    const std::vector<FieldEntry>* Find(std::string_view name) const;
  };
  struct FieldsAndFragments {
    FieldMap fields;
    std::vector<std::string_view> fragment_names;
  };
  // A reason is a sentence, or the sub-conflicts of two fields' selections.
  struct Reason {
    std::string_view response_name;
    std::string text;
    std::vector<Reason> sub;
  };
  struct Conflict {
    Reason reason;
    std::vector<const ast::Field*> fields1;
    std::vector<const ast::Field*> fields2;
  };

  const FieldsAndFragments& GetFieldsAndFragmentNames(const Type* parent_type, const ast::SelectionSet& set);
  const FieldsAndFragments* GetReferencedFieldsAndFragmentNames(std::string_view fragment_name);
  void Collect(const Type* parent_type, const ast::SelectionSet& set, FieldsAndFragments* out, int depth);

  void CollectWithin(std::vector<Conflict>* conflicts, const FieldMap& map, int depth);
  void CollectBetween(std::vector<Conflict>* conflicts, bool exclusive, const FieldMap& a, const FieldMap& b,
                      int depth);
  void CollectBetweenFieldsAndFragment(std::vector<Conflict>* conflicts, bool exclusive, const FieldMap& map,
                                       std::string_view fragment_name, int depth);
  void CollectBetweenFragments(std::vector<Conflict>* conflicts, bool exclusive, std::string_view a, std::string_view b,
                               int depth);
  std::vector<Conflict> FindBetweenSubSelectionSets(bool exclusive, const Type* parent1, const ast::SelectionSet& set1,
                                                    const Type* parent2, const ast::SelectionSet& set2, int depth);
  bool FindConflict(bool parents_exclusive, std::string_view response_name, const FieldEntry& f1, const FieldEntry& f2,
                    int depth, Conflict* out);

  // graphql-js's PairSet: a pair compared as mutually exclusive also
  // covers the exclusive case only; compared as not exclusive, both.
  bool PairSeen(std::string_view a, std::string_view b, bool exclusive) const;
  void AddPair(std::string_view a, std::string_view b, bool exclusive);

  static std::string ReasonMessage(const Reason& reason);

  const Schema& schema_;
  const ast::Document& document_;
  std::unordered_map<const ast::SelectionSet*, FieldsAndFragments> cache_;
  std::map<std::pair<std::string_view, std::string_view>, bool> compared_;
};

}  // namespace vingt::protocol::graphql
