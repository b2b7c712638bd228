#include "protocol/graphql/ast.h"

namespace vingt::protocol::graphql::ast {

std::string_view OperationTypeName(OperationType type) {
  switch (type) {
    case OperationType::kQuery:
      return "query";
    case OperationType::kMutation:
      return "mutation";
    case OperationType::kSubscription:
      return "subscription";
  }
  return "query";
}

const FragmentDefinition* Document::FindFragment(std::string_view name) const {
  auto it = fragments_.find(name);
  return it == fragments_.end() ? nullptr : it->second;
}

void Document::Index() {
  fragments_.clear();
  operation_count_ = 0;
  for (const Definition& def : definitions_) {
    if (const FragmentDefinition* fragment = def.fragment()) {
      fragments_[fragment->name.value] = fragment;
    } else if (def.operation() != nullptr) {
      ++operation_count_;
    }
  }
}

}  // namespace vingt::protocol::graphql::ast
