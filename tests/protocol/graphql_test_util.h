// Helpers shared by the graphql_*_test.cpp files: a one-line AST printer
// for table-driven parser tests.
#pragma once

#include <ostream>
#include <string>

#include "protocol/graphql/ast.h"
#include "protocol/graphql/printer.h"

namespace vingt::protocol::graphql {
inline std::ostream& operator<<(std::ostream& os, const SourceLocation& loc) {
  return os << loc.line << ':' << loc.column;
}
}  // namespace vingt::protocol::graphql

namespace vingt::protocol::graphql::testing {

inline void DumpDirectives(const std::vector<ast::Directive>& directives, std::string* out) {
  for (const ast::Directive& d : directives) {
    *out += " @";
    *out += d.name.value;
    if (!d.arguments.empty()) {
      *out += '(';
      for (size_t i = 0; i < d.arguments.size(); ++i) {
        if (i) *out += ", ";
        *out += d.arguments[i].name.value;
        *out += ": ";
        AppendPrintedValue(d.arguments[i].value, out);
      }
      *out += ')';
    }
  }
}

inline void DumpSelectionSet(const ast::SelectionSet& set, std::string* out) {
  *out += '{';
  for (const ast::Selection& selection : set.selections) {
    *out += ' ';
    if (const ast::Field* f = selection.field()) {
      if (!f->alias.empty()) {
        *out += f->alias.value;
        *out += ": ";
      }
      *out += f->name.value;
      if (!f->arguments.empty()) {
        *out += '(';
        for (size_t i = 0; i < f->arguments.size(); ++i) {
          if (i) *out += ", ";
          *out += f->arguments[i].name.value;
          *out += ": ";
          AppendPrintedValue(f->arguments[i].value, out);
        }
        *out += ')';
      }
      DumpDirectives(f->directives, out);
      if (f->has_selection_set) {
        *out += ' ';
        DumpSelectionSet(f->selection_set, out);
      }
    } else if (const ast::FragmentSpread* s = selection.fragment_spread()) {
      *out += "...";
      *out += s->name.value;
      DumpDirectives(s->directives, out);
    } else if (const ast::InlineFragment* i = selection.inline_fragment()) {
      *out += "...";
      if (!i->type_condition.empty()) {
        *out += " on ";
        *out += i->type_condition.value;
      }
      DumpDirectives(i->directives, out);
      *out += ' ';
      DumpSelectionSet(i->selection_set, out);
    }
  }
  *out += " }";
}

// Like graphql-js's print(), on one line per definition.
inline std::string DumpDocument(const ast::Document& doc) {
  std::string out;
  for (const ast::Definition& def : doc.definitions()) {
    if (!out.empty()) out += '\n';
    if (const ast::OperationDefinition* op = def.operation()) {
      const bool shorthand = op->operation == ast::OperationType::kQuery && op->name.empty() && op->variables.empty() &&
                             op->directives.empty();
      if (!shorthand) {
        out += ast::OperationTypeName(op->operation);
        if (!op->name.empty()) {
          out += ' ';
          out += op->name.value;
        }
        if (!op->variables.empty()) {
          out += '(';
          for (size_t i = 0; i < op->variables.size(); ++i) {
            const ast::VariableDefinition& v = op->variables[i];
            if (i) out += ", ";
            out += '$';
            out += v.variable.value;
            out += ": ";
            out += PrintTypeNode(v.type);
            if (v.has_default) {
              out += " = ";
              AppendPrintedValue(v.default_value, &out);
            }
            DumpDirectives(v.directives, &out);
          }
          out += ')';
        }
        DumpDirectives(op->directives, &out);
        out += ' ';
      }
      DumpSelectionSet(op->selection_set, &out);
    } else if (const ast::FragmentDefinition* f = def.fragment()) {
      out += "fragment ";
      out += f->name.value;
      out += " on ";
      out += f->type_condition.value;
      DumpDirectives(f->directives, &out);
      out += ' ';
      DumpSelectionSet(f->selection_set, &out);
    } else if (const ast::TypeSystemDefinition* t = def.type_system()) {
      static const char* const kKinds[] = {"schema", "extend schema", "type", "extend type", "directive"};
      out += '<';
      out += kKinds[static_cast<int>(t->kind)];
      if (!t->name.empty()) {
        out += ' ';
        out += t->name.value;
      }
      out += '>';
    }
  }
  return out;
}

}  // namespace vingt::protocol::graphql::testing
