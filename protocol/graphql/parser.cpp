#include "protocol/graphql/parser.h"

#include <algorithm>
#include <array>

namespace vingt::protocol::graphql {

// Every parse step returns false once an error is recorded; callers stop
// at once and the first error is the one reported, as graphql-js's throw.
#define GQL_TRY(expr) \
  do {                \
    if (!(expr)) {    \
      return false;   \
    }                 \
  } while (0)

namespace {

// Type references are flattened into a 64-bit mask (ast::TypeNode).
constexpr uint32_t kMaxListTypeDepth = 32;

constexpr std::array<std::string_view, 19> kDirectiveLocations = {
    "QUERY",
    "MUTATION",
    "SUBSCRIPTION",
    "FIELD",
    "FRAGMENT_DEFINITION",
    "FRAGMENT_SPREAD",
    "INLINE_FRAGMENT",
    "VARIABLE_DEFINITION",
    "SCHEMA",
    "SCALAR",
    "OBJECT",
    "FIELD_DEFINITION",
    "ARGUMENT_DEFINITION",
    "INTERFACE",
    "UNION",
    "ENUM",
    "ENUM_VALUE",
    "INPUT_OBJECT",
    "INPUT_FIELD_DEFINITION",
};

bool IsTypeDefinitionKeyword(std::string_view v) {
  return v == "schema" || v == "scalar" || v == "type" || v == "interface" || v == "union" || v == "enum" ||
         v == "input" || v == "directive";
}

}  // namespace

class Parser {
 public:
  Parser(std::string_view source, StringArena* arena, const ParseOptions& options)
      : lexer_(source, arena), options_(options) {}

  bool ParseDocument(std::vector<ast::Definition>* defs) {
    GQL_TRY(Next());  // past <SOF>
    do {
      defs->emplace_back();
      GQL_TRY(ParseDefinition(&defs->back()));
    } while (!Peek(TokenKind::kEof));
    return true;
  }

  bool ParseConstValueDocument(ast::Value* out) {
    GQL_TRY(Next());
    GQL_TRY(ParseValue(true, out));
    return Expect(TokenKind::kEof);
  }

  bool ParseTypeDocument(ast::TypeNode* out) {
    GQL_TRY(Next());
    GQL_TRY(ParseTypeReference(out));
    return Expect(TokenKind::kEof);
  }

  SyntaxError TakeError() { return std::move(error_); }

  static ParseResult ParseText(std::string_view source, const ParseOptions& options) {
    ParseResult result;
    ast::Document& doc = result.document;
    doc.source_->assign(source);
    Parser parser(*doc.source_, doc.arena_.get(), options);
    if (!parser.ParseDocument(&doc.definitions_)) {
      result.error = parser.TakeError();
      doc.definitions_.clear();
      return result;
    }
    doc.Index();
    return result;
  }

 private:
  // RAII nesting counter; Enter() fails once past the limit.
  struct DepthScope {
    explicit DepthScope(uint32_t* depth) : depth_(depth) { ++*depth_; }
    ~DepthScope() { --*depth_; }
    uint32_t* depth_;
  };

  const Token& token() const { return lexer_.token(); }
  bool Peek(TokenKind kind) const { return token().kind == kind; }

  bool Fail(SourceLocation loc, std::string_view message) {
    error_.message = "Syntax Error: ";
    error_.message += message;
    error_.loc = loc;
    return false;
  }

  bool Next() {
    if (!lexer_.Advance()) return Fail(lexer_.error().loc, lexer_.error().message);
    if (token().kind != TokenKind::kEof && options_.max_tokens != 0 && ++token_count_ > options_.max_tokens) {
      return Fail(token().loc,
                  "Document contains more than " + std::to_string(options_.max_tokens) + " tokens. Parsing aborted.");
    }
    return true;
  }

  bool Unexpected(const Token& at) { return Fail(at.loc, "Unexpected " + TokenDescription(at) + "."); }

  bool Expect(TokenKind kind) {
    if (token().kind == kind) return Next();
    return Fail(token().loc,
                "Expected " + std::string(TokenKindDescription(kind)) + ", found " + TokenDescription(token()) + ".");
  }

  // Consumes the token if it is `kind`; *matched tells whether it was.
  bool Optional(TokenKind kind, bool* matched) {
    *matched = token().kind == kind;
    return *matched ? Next() : true;
  }

  bool ExpectKeyword(std::string_view keyword) {
    if (token().kind == TokenKind::kName && token().value == keyword) return Next();
    return Fail(token().loc, "Expected \"" + std::string(keyword) + "\", found " + TokenDescription(token()) + ".");
  }

  bool OptionalKeyword(std::string_view keyword, bool* matched) {
    *matched = token().kind == TokenKind::kName && token().value == keyword;
    return *matched ? Next() : true;
  }

  bool CheckDepth(uint32_t limit) {
    if (depth_ > limit) {
      return Fail(token().loc, "Document exceeds the maximum nesting depth of " + std::to_string(limit) + ".");
    }
    return true;
  }

  bool ParseName(ast::Name* out) {
    out->loc = token().loc;
    out->value = token().value;
    return Expect(TokenKind::kName);
  }

  bool PeekDescription() const { return Peek(TokenKind::kString) || Peek(TokenKind::kBlockString); }

  bool ParseDefinition(ast::Definition* def) {
    if (Peek(TokenKind::kBraceL)) return ParseOperation(def);
    const bool has_description = PeekDescription();
    Token keyword = token();
    if (has_description) {
      const Token* next = nullptr;
      if (!lexer_.Lookahead(&next)) return Fail(lexer_.error().loc, lexer_.error().message);
      keyword = *next;
    }
    if (keyword.kind == TokenKind::kName) {
      if (IsTypeDefinitionKeyword(keyword.value)) return ParseTypeSystemDefinition(def, keyword.value);
      if (has_description) {
        return Fail(token().loc, "Unexpected description, descriptions are supported only on type definitions.");
      }
      if (keyword.value == "query" || keyword.value == "mutation" || keyword.value == "subscription") {
        return ParseOperation(def);
      }
      if (keyword.value == "fragment") return ParseFragmentDefinition(def);
      if (keyword.value == "extend") return ParseTypeSystemExtension(def);
    }
    return Unexpected(keyword);
  }

  bool ParseOperationType(ast::OperationType* out) {
    const Token at = token();
    GQL_TRY(Expect(TokenKind::kName));
    if (at.value == "query") {
      *out = ast::OperationType::kQuery;
    } else if (at.value == "mutation") {
      *out = ast::OperationType::kMutation;
    } else if (at.value == "subscription") {
      *out = ast::OperationType::kSubscription;
    } else {
      return Unexpected(at);
    }
    return true;
  }

  bool ParseOperation(ast::Definition* def) {
    auto& op = def->node.emplace<ast::OperationDefinition>();
    op.loc = token().loc;
    if (Peek(TokenKind::kBraceL)) return ParseSelectionSet(&op.selection_set);
    GQL_TRY(ParseOperationType(&op.operation));
    if (Peek(TokenKind::kName)) GQL_TRY(ParseName(&op.name));
    bool matched = false;
    GQL_TRY(Optional(TokenKind::kParenL, &matched));
    if (matched) {
      do {
        op.variables.emplace_back();
        GQL_TRY(ParseVariableDefinition(&op.variables.back()));
        GQL_TRY(Optional(TokenKind::kParenR, &matched));
      } while (!matched);
    }
    GQL_TRY(ParseDirectives(false, &op.directives));
    return ParseSelectionSet(&op.selection_set);
  }

  bool ParseVariableDefinition(ast::VariableDefinition* out) {
    out->loc = token().loc;
    GQL_TRY(Expect(TokenKind::kDollar));
    GQL_TRY(ParseName(&out->variable));
    GQL_TRY(Expect(TokenKind::kColon));
    GQL_TRY(ParseTypeReference(&out->type));
    bool matched = false;
    GQL_TRY(Optional(TokenKind::kEquals, &matched));
    if (matched) {
      out->has_default = true;
      GQL_TRY(ParseValue(true, &out->default_value));
    }
    return ParseDirectives(true, &out->directives);
  }

  bool ParseSelectionSet(ast::SelectionSet* out) {
    DepthScope scope(&depth_);
    GQL_TRY(CheckDepth(options_.max_depth));
    out->loc = token().loc;
    GQL_TRY(Expect(TokenKind::kBraceL));
    bool matched = false;
    do {
      out->selections.emplace_back();
      GQL_TRY(ParseSelection(&out->selections.back()));
      GQL_TRY(Optional(TokenKind::kBraceR, &matched));
    } while (!matched);
    return true;
  }

  bool ParseSelection(ast::Selection* out) {
    if (Peek(TokenKind::kSpread)) return ParseFragment(out);
    auto& field = out->node.emplace<ast::Field>();
    field.loc = token().loc;
    ast::Name first;
    GQL_TRY(ParseName(&first));
    bool matched = false;
    GQL_TRY(Optional(TokenKind::kColon, &matched));
    if (matched) {
      field.alias = first;
      GQL_TRY(ParseName(&field.name));
    } else {
      field.name = first;
    }
    GQL_TRY(ParseArguments(false, &field.arguments));
    GQL_TRY(ParseDirectives(false, &field.directives));
    if (Peek(TokenKind::kBraceL)) {
      field.has_selection_set = true;
      GQL_TRY(ParseSelectionSet(&field.selection_set));
    }
    return true;
  }

  bool ParseArguments(bool is_const, std::vector<ast::Argument>* out) {
    bool matched = false;
    GQL_TRY(Optional(TokenKind::kParenL, &matched));
    if (!matched) return true;
    do {
      out->emplace_back();
      ast::Argument& arg = out->back();
      GQL_TRY(ParseName(&arg.name));
      GQL_TRY(Expect(TokenKind::kColon));
      GQL_TRY(ParseValue(is_const, &arg.value));
      GQL_TRY(Optional(TokenKind::kParenR, &matched));
    } while (!matched);
    return true;
  }

  bool ParseFragmentName(ast::Name* out) {
    if (token().value == "on") return Unexpected(token());
    return ParseName(out);
  }

  bool ParseFragment(ast::Selection* out) {
    const SourceLocation loc = token().loc;
    GQL_TRY(Expect(TokenKind::kSpread));
    bool has_type_condition = false;
    GQL_TRY(OptionalKeyword("on", &has_type_condition));
    if (!has_type_condition && Peek(TokenKind::kName)) {
      auto& spread = out->node.emplace<ast::FragmentSpread>();
      spread.loc = loc;
      GQL_TRY(ParseFragmentName(&spread.name));
      return ParseDirectives(false, &spread.directives);
    }
    auto& inline_fragment = out->node.emplace<ast::InlineFragment>();
    inline_fragment.loc = loc;
    if (has_type_condition) GQL_TRY(ParseName(&inline_fragment.type_condition));
    GQL_TRY(ParseDirectives(false, &inline_fragment.directives));
    return ParseSelectionSet(&inline_fragment.selection_set);
  }

  bool ParseFragmentDefinition(ast::Definition* def) {
    auto& fragment = def->node.emplace<ast::FragmentDefinition>();
    fragment.loc = token().loc;
    GQL_TRY(ExpectKeyword("fragment"));
    GQL_TRY(ParseFragmentName(&fragment.name));
    GQL_TRY(ExpectKeyword("on"));
    GQL_TRY(ParseName(&fragment.type_condition));
    GQL_TRY(ParseDirectives(false, &fragment.directives));
    return ParseSelectionSet(&fragment.selection_set);
  }

  bool ParseValue(bool is_const, ast::Value* out) {
    const Token at = token();
    out->loc = at.loc;
    bool matched = false;
    switch (at.kind) {
      case TokenKind::kBracketL: {
        DepthScope scope(&depth_);
        GQL_TRY(CheckDepth(options_.max_depth));
        out->kind = ast::Value::Kind::kList;
        GQL_TRY(Next());
        GQL_TRY(Optional(TokenKind::kBracketR, &matched));
        while (!matched) {
          out->list.emplace_back();
          GQL_TRY(ParseValue(is_const, &out->list.back()));
          GQL_TRY(Optional(TokenKind::kBracketR, &matched));
        }
        return true;
      }
      case TokenKind::kBraceL: {
        DepthScope scope(&depth_);
        GQL_TRY(CheckDepth(options_.max_depth));
        out->kind = ast::Value::Kind::kObject;
        GQL_TRY(Next());
        GQL_TRY(Optional(TokenKind::kBraceR, &matched));
        while (!matched) {
          out->fields.emplace_back();
          ast::ObjectField& field = out->fields.back();
          GQL_TRY(ParseName(&field.name));
          GQL_TRY(Expect(TokenKind::kColon));
          GQL_TRY(ParseValue(is_const, &field.value));
          GQL_TRY(Optional(TokenKind::kBraceR, &matched));
        }
        return true;
      }
      case TokenKind::kInt:
        out->kind = ast::Value::Kind::kInt;
        out->text = at.value;
        return Next();
      case TokenKind::kFloat:
        out->kind = ast::Value::Kind::kFloat;
        out->text = at.value;
        return Next();
      case TokenKind::kString:
      case TokenKind::kBlockString:
        out->kind = ast::Value::Kind::kString;
        out->block = at.kind == TokenKind::kBlockString;
        out->text = at.value;
        return Next();
      case TokenKind::kName:
        if (at.value == "true" || at.value == "false") {
          out->kind = ast::Value::Kind::kBoolean;
          out->boolean = at.value == "true";
        } else if (at.value == "null") {
          out->kind = ast::Value::Kind::kNull;
        } else {
          out->kind = ast::Value::Kind::kEnum;
          out->text = at.value;
        }
        return Next();
      case TokenKind::kDollar:
        if (is_const) {
          GQL_TRY(Next());
          if (token().kind == TokenKind::kName) {
            return Fail(at.loc, "Unexpected variable \"$" + std::string(token().value) + "\" in constant value.");
          }
          return Unexpected(at);
        }
        out->kind = ast::Value::Kind::kVariable;
        GQL_TRY(Next());
        {
          ast::Name name;
          GQL_TRY(ParseName(&name));
          out->text = name.value;
          out->name_loc = name.loc;
        }
        return true;
      default:
        return Unexpected(at);
    }
  }

  bool ParseDirectives(bool is_const, std::vector<ast::Directive>* out) {
    while (Peek(TokenKind::kAt)) {
      out->emplace_back();
      ast::Directive& directive = out->back();
      directive.loc = token().loc;
      GQL_TRY(Next());
      GQL_TRY(ParseName(&directive.name));
      GQL_TRY(ParseArguments(is_const, &directive.arguments));
    }
    return true;
  }

  bool ParseTypeReference(ast::TypeNode* out) {
    out->loc = token().loc;
    bool matched = false;
    GQL_TRY(Optional(TokenKind::kBracketL, &matched));
    if (matched) {
      DepthScope scope(&depth_);
      GQL_TRY(CheckDepth(std::min(options_.max_depth, kMaxListTypeDepth)));
      ast::TypeNode inner;
      GQL_TRY(ParseTypeReference(&inner));
      GQL_TRY(Expect(TokenKind::kBracketR));
      out->name = inner.name;
      out->list_depth = static_cast<uint8_t>(inner.list_depth + 1);
      out->non_null_bits = inner.non_null_bits << 1;
    } else {
      GQL_TRY(ParseName(&out->name));
      out->list_depth = 0;
      out->non_null_bits = 0;
    }
    GQL_TRY(Optional(TokenKind::kBang, &matched));
    if (matched) out->non_null_bits |= 1;
    return true;
  }

  // Type-system definitions: parsed for syntax, kept as kind + name.

  bool SkipDescription() { return PeekDescription() ? Next() : true; }

  bool SkipConstDirectives(size_t* count = nullptr) {
    std::vector<ast::Directive> directives;
    GQL_TRY(ParseDirectives(true, &directives));
    if (count != nullptr) *count = directives.size();
    return true;
  }

  bool SkipNamedType() {
    ast::Name name;
    return ParseName(&name);
  }

  bool SkipOperationTypeDefinitions(bool required, size_t* count) {
    bool matched = false;
    if (required) {
      GQL_TRY(Expect(TokenKind::kBraceL));
      matched = true;
    } else {
      GQL_TRY(Optional(TokenKind::kBraceL, &matched));
    }
    *count = 0;
    if (!matched) return true;
    do {
      ast::OperationType type;
      GQL_TRY(ParseOperationType(&type));
      GQL_TRY(Expect(TokenKind::kColon));
      GQL_TRY(SkipNamedType());
      ++*count;
      GQL_TRY(Optional(TokenKind::kBraceR, &matched));
    } while (!matched);
    return true;
  }

  bool SkipImplementsInterfaces(size_t* count) {
    bool matched = false;
    *count = 0;
    GQL_TRY(OptionalKeyword("implements", &matched));
    if (!matched) return true;
    GQL_TRY(Optional(TokenKind::kAmp, &matched));
    do {
      GQL_TRY(SkipNamedType());
      ++*count;
      GQL_TRY(Optional(TokenKind::kAmp, &matched));
    } while (matched);
    return true;
  }

  bool SkipInputValueDefinition() {
    GQL_TRY(SkipDescription());
    GQL_TRY(SkipNamedType());
    GQL_TRY(Expect(TokenKind::kColon));
    ast::TypeNode type;
    GQL_TRY(ParseTypeReference(&type));
    bool matched = false;
    GQL_TRY(Optional(TokenKind::kEquals, &matched));
    if (matched) {
      ast::Value value;
      GQL_TRY(ParseValue(true, &value));
    }
    return SkipConstDirectives();
  }

  // `{ ... }` of `item`, optional; *count items.
  template <typename Item>
  bool SkipOptionalBlock(TokenKind open, TokenKind close, size_t* count, Item item) {
    bool matched = false;
    *count = 0;
    GQL_TRY(Optional(open, &matched));
    if (!matched) return true;
    do {
      GQL_TRY(item());
      ++*count;
      GQL_TRY(Optional(close, &matched));
    } while (!matched);
    return true;
  }

  bool SkipFieldsDefinition(size_t* count) {
    return SkipOptionalBlock(TokenKind::kBraceL, TokenKind::kBraceR, count, [this] {
      GQL_TRY(SkipDescription());
      GQL_TRY(SkipNamedType());
      size_t args = 0;
      GQL_TRY(SkipArgumentDefinitions(&args));
      GQL_TRY(Expect(TokenKind::kColon));
      ast::TypeNode type;
      GQL_TRY(ParseTypeReference(&type));
      return SkipConstDirectives();
    });
  }

  bool SkipArgumentDefinitions(size_t* count) {
    return SkipOptionalBlock(TokenKind::kParenL, TokenKind::kParenR, count,
                             [this] { return SkipInputValueDefinition(); });
  }

  bool SkipInputFieldsDefinition(size_t* count) {
    return SkipOptionalBlock(TokenKind::kBraceL, TokenKind::kBraceR, count,
                             [this] { return SkipInputValueDefinition(); });
  }

  bool SkipEnumValuesDefinition(size_t* count) {
    return SkipOptionalBlock(TokenKind::kBraceL, TokenKind::kBraceR, count, [this] {
      GQL_TRY(SkipDescription());
      const Token at = token();
      if (at.value == "true" || at.value == "false" || at.value == "null") {
        return Fail(at.loc, TokenDescription(at) + " is reserved and cannot be used for an enum value.");
      }
      GQL_TRY(SkipNamedType());
      return SkipConstDirectives();
    });
  }

  bool SkipUnionMemberTypes(size_t* count) {
    bool matched = false;
    *count = 0;
    GQL_TRY(Optional(TokenKind::kEquals, &matched));
    if (!matched) return true;
    GQL_TRY(Optional(TokenKind::kPipe, &matched));
    do {
      GQL_TRY(SkipNamedType());
      ++*count;
      GQL_TRY(Optional(TokenKind::kPipe, &matched));
    } while (matched);
    return true;
  }

  bool ParseTypeSystemDefinition(ast::Definition* def, std::string_view keyword_view) {
    const std::string keyword(keyword_view);  // the lookahead token is about to change
    auto& out = def->node.emplace<ast::TypeSystemDefinition>();
    out.loc = token().loc;
    out.kind = ast::TypeSystemDefinition::Kind::kType;
    GQL_TRY(SkipDescription());
    size_t n = 0;
    if (keyword == "schema") {
      out.kind = ast::TypeSystemDefinition::Kind::kSchema;
      GQL_TRY(ExpectKeyword("schema"));
      GQL_TRY(SkipConstDirectives());
      return SkipOperationTypeDefinitions(true, &n);
    }
    if (keyword == "directive") {
      out.kind = ast::TypeSystemDefinition::Kind::kDirective;
      GQL_TRY(ExpectKeyword("directive"));
      GQL_TRY(Expect(TokenKind::kAt));
      GQL_TRY(ParseName(&out.name));
      GQL_TRY(SkipArgumentDefinitions(&n));
      bool repeatable = false;
      GQL_TRY(OptionalKeyword("repeatable", &repeatable));
      GQL_TRY(ExpectKeyword("on"));
      bool matched = false;
      GQL_TRY(Optional(TokenKind::kPipe, &matched));
      do {
        const Token at = token();
        ast::Name location;
        GQL_TRY(ParseName(&location));
        if (std::find(kDirectiveLocations.begin(), kDirectiveLocations.end(), location.value) ==
            kDirectiveLocations.end()) {
          return Unexpected(at);
        }
        GQL_TRY(Optional(TokenKind::kPipe, &matched));
      } while (matched);
      return true;
    }
    GQL_TRY(ExpectKeyword(keyword));
    GQL_TRY(ParseName(&out.name));
    if (keyword == "scalar") return SkipConstDirectives();
    if (keyword == "type" || keyword == "interface") {
      GQL_TRY(SkipImplementsInterfaces(&n));
      GQL_TRY(SkipConstDirectives());
      return SkipFieldsDefinition(&n);
    }
    GQL_TRY(SkipConstDirectives());
    if (keyword == "union") return SkipUnionMemberTypes(&n);
    if (keyword == "enum") return SkipEnumValuesDefinition(&n);
    return SkipInputFieldsDefinition(&n);  // input
  }

  bool ParseTypeSystemExtension(ast::Definition* def) {
    const Token* next = nullptr;
    if (!lexer_.Lookahead(&next)) return Fail(lexer_.error().loc, lexer_.error().message);
    const Token keyword_token = *next;
    const std::string keyword(keyword_token.value);
    if (keyword_token.kind != TokenKind::kName ||
        !(keyword == "schema" || keyword == "scalar" || keyword == "type" || keyword == "interface" ||
          keyword == "union" || keyword == "enum" || keyword == "input")) {
      return Unexpected(keyword_token);
    }
    auto& out = def->node.emplace<ast::TypeSystemDefinition>();
    out.loc = token().loc;
    out.kind = ast::TypeSystemDefinition::Kind::kTypeExtension;
    GQL_TRY(ExpectKeyword("extend"));
    GQL_TRY(ExpectKeyword(keyword));
    size_t directives = 0, a = 0, b = 0;
    if (keyword == "schema") {
      out.kind = ast::TypeSystemDefinition::Kind::kSchemaExtension;
      GQL_TRY(SkipConstDirectives(&directives));
      GQL_TRY(SkipOperationTypeDefinitions(false, &a));
      if (directives == 0 && a == 0) return Unexpected(token());
      return true;
    }
    GQL_TRY(ParseName(&out.name));
    if (keyword == "type" || keyword == "interface") {
      GQL_TRY(SkipImplementsInterfaces(&a));
      GQL_TRY(SkipConstDirectives(&directives));
      GQL_TRY(SkipFieldsDefinition(&b));
    } else {
      GQL_TRY(SkipConstDirectives(&directives));
      if (keyword == "union") {
        GQL_TRY(SkipUnionMemberTypes(&a));
      } else if (keyword == "enum") {
        GQL_TRY(SkipEnumValuesDefinition(&a));
      } else if (keyword == "input") {
        GQL_TRY(SkipInputFieldsDefinition(&a));
      }
    }
    if (directives == 0 && a == 0 && b == 0) return Unexpected(token());
    return true;
  }

  Lexer lexer_;
  ParseOptions options_;
  SyntaxError error_;
  uint32_t depth_ = 0;
  uint32_t token_count_ = 0;
};

#undef GQL_TRY

ParseResult Parse(std::string_view source, const ParseOptions& options) { return Parser::ParseText(source, options); }

std::optional<SyntaxError> ParseConstValue(std::string_view source, StringArena* arena, ast::Value* out) {
  Parser parser(source, arena, ParseOptions{});
  if (!parser.ParseConstValueDocument(out)) return parser.TakeError();
  return std::nullopt;
}

std::optional<SyntaxError> ParseTypeReference(std::string_view source, ast::TypeNode* out) {
  StringArena arena;  // a type reference holds no strings
  Parser parser(source, &arena, ParseOptions{});
  if (!parser.ParseTypeDocument(out)) return parser.TakeError();
  return std::nullopt;
}

}  // namespace vingt::protocol::graphql
