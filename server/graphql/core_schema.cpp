#include "server/graphql/core_schema.h"

#include <atomic>

#include <cassert>
#include <cstdio>
#include <map>
#include <mutex>
#include <set>
#include <unordered_map>

#include <simdjson.h>

#include "protocol/graphql/schema_builder.h"
#include "server/graphql/core_model.h"

namespace vingt::server::graphql {

namespace core {

// "FULL_NAME" -> "FullName", "RICH_TEXT_V2" -> "RichTextV2".
std::string CompositeTypeName(storage::FieldType type) {
  std::string out;
  bool upper = true;
  for (char c : storage::FieldTypeName(type)) {
    if (c == '_') {
      upper = true;
      continue;
    }
    if (upper && c >= 'a' && c <= 'z') c = static_cast<char>(c - 32);
    if (!upper && c >= 'A' && c <= 'Z') c = static_cast<char>(c + 32);
    out.push_back(c);
    upper = false;
  }
  return out;
}

}  // namespace core

namespace {

using protocol::graphql::ObjectTypeBuilder;
using protocol::graphql::ResolvedValue;
using protocol::graphql::ResolverContext;
using protocol::graphql::SchemaBuilder;
using storage::FieldSchema;
using storage::FieldType;
using storage::SlotKind;
using namespace core;

bool IsGraphqlName(std::string_view s) {
  if (s.empty() || s == "true" || s == "false" || s == "null") return false;
  for (size_t i = 0; i < s.size(); ++i) {
    char c = s[i];
    bool ok = c == '_' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (i > 0 && c >= '0' && c <= '9');
    if (!ok) return false;
  }
  return s.substr(0, 2) != "__";
}

constexpr FieldType kComposites[] = {FieldType::kFullName, FieldType::kEmails,  FieldType::kLinks,
                                     FieldType::kCurrency, FieldType::kPhones,  FieldType::kAddress,
                                     FieldType::kActor,    FieldType::kRichTextV2};

std::string SubFieldOutputType(const storage::SubFieldDef& sub) {
  switch (sub.kind) {
    case SlotKind::kNumber: return sub.type == FieldType::kNumeric ? "BigFloat" : "Float";
    case SlotKind::kJson: return "JSON";
    case SlotKind::kUuid: return "UUID";
    case SlotKind::kTimestamp: return "DateTime";
    case SlotKind::kStringList: return "[String]";
    case SlotKind::kBoolean: return "Boolean";
    default: return "String";
  }
}

}  // namespace

bool core::EncoderWritesAs(std::string_view graphql_type, SlotKind kind) {
  switch (kind) {
    case SlotKind::kText: return graphql_type == "String";
    case SlotKind::kDate: return graphql_type == "Date" || graphql_type == "String";
    case SlotKind::kUuid: return graphql_type == "UUID" || graphql_type == "ID" || graphql_type == "ID!";
    case SlotKind::kNumber:
      return graphql_type == "Float" || graphql_type == "BigFloat" || graphql_type == "BigInt" ||
             graphql_type == "Position";
    case SlotKind::kBoolean: return graphql_type == "Boolean";
    case SlotKind::kTimestamp: return graphql_type == "DateTime";
    case SlotKind::kJson: return graphql_type == "JSON";
    case SlotKind::kStringList: return graphql_type == "[String]";
  }
  return false;
}

namespace {

std::string SubFieldFilterType(const storage::SubFieldDef& sub) {
  switch (sub.kind) {
    case SlotKind::kNumber: return sub.type == FieldType::kNumeric ? "BigFloatFilter" : "FloatFilter";
    case SlotKind::kJson: return "RawJsonFilter";
    case SlotKind::kUuid: return "UUIDFilter";
    case SlotKind::kTimestamp: return "DateTimeFilter";
    case SlotKind::kBoolean: return "BooleanFilter";
    default: return "StringFilter";
  }
}

// A NUMBER field's settings.dataType ("int", "bigint", "float"), "" when
// it has none.
std::string NumberDataType(const FieldSchema& f) {
  if (f.settings_json.empty()) return {};
  thread_local simdjson::dom::parser parser;
  simdjson::dom::element settings;
  if (parser.parse(f.settings_json).get(settings)) return {};
  std::string_view data_type;
  if (settings["dataType"].get(data_type)) return {};
  return std::string(data_type);
}

// Per field: GraphQL output / filter / input type names ("" = none).
struct FieldTypes {
  std::string output;
  std::string filter;
  std::string input;
  bool orderable = false;
  std::string order;  // order-by input type
};

void DeclareSharedTypes(SchemaBuilder& b) {
  b.Scalar("UUID", "A UUID scalar type");
  b.Scalar("DateTime", "A date-time string at UTC, such as 2007-12-03T10:15:30Z");
  b.Scalar("Date", "A date string, such as 2007-12-03");
  b.Scalar("Time", "A time string");
  b.Scalar("BigFloat", "A string representation of a BigFloat");
  b.Scalar("BigInt", "A string representation of a BigInt");
  b.Scalar("Position", "A custom scalar type for representing record position in a list");
  b.Scalar("Cursor", "A string representing a cursor for pagination");
  b.Scalar("TSVector", "A custom scalar type for representing tsvector fields");
  b.Scalar("JSON", "The `JSON` scalar type represents JSON values as specified by ECMA-404")
      .SpecifiedBy("http://www.ecma-international.org/publications/files/ECMA-ST/ECMA-404.pdf");
  b.Enum("FilterIs").Value("NULL").Value("NOT_NULL");
  b.Enum("OrderByDirection").Value("AscNullsFirst").Value("AscNullsLast").Value("DescNullsFirst").Value("DescNullsLast");

  auto ordered = [&](const std::string& name, const std::string& t) {
    b.InputObject(name)
        .Field("eq", t)
        .Field("neq", t)
        .Field("gt", t)
        .Field("gte", t)
        .Field("lt", t)
        .Field("lte", t)
        .Field("in", "[" + t + "!]")
        .Field("is", "FilterIs");
  };
  b.InputObject("StringFilter")
      .Field("eq", "String")
      .Field("neq", "String")
      .Field("gt", "String")
      .Field("gte", "String")
      .Field("lt", "String")
      .Field("lte", "String")
      .Field("in", "[String!]")
      .Field("startsWith", "String")
      .Field("endsWith", "String")
      .Field("like", "String")
      .Field("ilike", "String")
      .Field("regex", "String")
      .Field("iregex", "String")
      .Field("is", "FilterIs");
  ordered("IDFilter", "ID");
  ordered("DateTimeFilter", "DateTime");
  ordered("DateFilter", "Date");
  ordered("FloatFilter", "Float");
  ordered("IntFilter", "Int");
  ordered("BigIntFilter", "BigInt");
  ordered("BigFloatFilter", "BigFloat");
  b.InputObject("UUIDFilter")
      .Field("eq", "UUID")
      .Field("neq", "UUID")
      .Field("gt", "UUID")
      .Field("gte", "UUID")
      .Field("lt", "UUID")
      .Field("lte", "UUID")
      .Field("in", "[UUID]")
      .Field("is", "FilterIs");
  b.InputObject("BooleanFilter").Field("eq", "Boolean").Field("is", "FilterIs");
  b.InputObject("SelectFilter").Field("in", "[String]").Field("is", "FilterIs");
  b.InputObject("MultiSelectFilter")
      .Field("containsAny", "[String]")
      .Field("containsExactly", "[String]")
      .Field("is", "FilterIs")
      .Field("isEmptyArray", "Boolean");
  b.InputObject("ArrayFilter")
      .Field("contains", "[String]")
      .Field("containsAny", "[String]")
      .Field("containsIlike", "[String]")
      .Field("not_contains", "[String]")
      .Field("is", "FilterIs")
      .Field("isEmptyArray", "Boolean");
  b.InputObject("RawJsonFilter").Field("is", "FilterIs").Field("like", "String");

  b.Object("PageInfo")
      .DefaultResolver(ResolvePageInfoField)
      .Field("hasNextPage", "Boolean")
      .Tag(kHasNextPage)
      .Field("hasPreviousPage", "Boolean")
      .Tag(kHasPreviousPage)
      .Field("startCursor", "String")
      .Tag(kStartCursor)
      .Field("endCursor", "String")
      .Tag(kEndCursor);

  for (FieldType type : kComposites) {
    const std::string name = CompositeTypeName(type);
    auto subs = storage::CompositeSubFields(type);
    auto& object = b.Object(name).DefaultResolver(ResolveCompositeSubField);
    auto& filter = b.InputObject(name + "FilterInput");
    auto& order = b.InputObject(name + "OrderByInput");
    auto& create = b.InputObject(name + "CreateInput");
    auto& update = b.InputObject(name + "UpdateInput");
    for (size_t i = 0; i < subs.size(); ++i) {
      const auto& sub = subs[i];
      std::string sub_name(sub.name);
      // ResolveCompositeSubField writes every sub-field with the encoder.
      assert(EncoderWritesAs(SubFieldOutputType(sub), sub.kind));
      object.Field(sub_name, SubFieldOutputType(sub)).Tag(static_cast<int64_t>(i), &sub);
      filter.Field(sub_name, SubFieldFilterType(sub));
      order.Field(sub_name, "OrderByDirection");
      const bool writable = type != FieldType::kActor || sub.name == "source" || sub.name == "context";
      if (writable) {
        create.Field(sub_name, SubFieldOutputType(sub));
        update.Field(sub_name, SubFieldOutputType(sub));
      }
    }
  }
}

struct Builder {
  SchemaBuilder& b;
  std::shared_ptr<CoreModel> keep;  // captured by the Query resolver: lives as long as the schema

  // What a relation to `obj` takes in create / update data (Twenty's
  // RelationConnectInputTypeDefinitionFactory): <T>RelationInput {connect:
  // <T>ConnectInput {where: <T>WhereUniqueInput}, disconnect: Boolean}, the
  // where input holding the id and each unique field (a unique composite as
  // <T><Field>WhereInput of its unique sub-field).
  void DeclareRelationInput(const ObjectModel& obj) {
    const std::string& T = obj.type_name;
    auto& where = b.InputObject(T + "WhereUniqueInput");
    for (const FieldSchema& f : obj.schema->fields) {
      if (!f.is_active || !IsGraphqlName(f.name)) continue;
      if (f.first_slot == obj.schema->id_slot && f.name == "id") {
        where.Field(f.name, "ID");
        continue;
      }
      auto slot = storage::UniqueSlotOf(f);
      if (!slot) continue;
      if (storage::IsComposite(f.type)) {
        const std::string input = T + storage::Capitalize(f.name) + "WhereInput";
        if (reserved.count(input)) continue;
        reserved.insert(input);
        const auto& sub = storage::CompositeSubFields(f.type)[obj.schema->slots[*slot].sub_index];
        b.InputObject(input).Field(std::string(sub.name), SubFieldOutputType(sub));
        where.Field(f.name, input);
      } else if (FieldTypes t = TypesOf(obj, f); !t.input.empty()) {
        where.Field(f.name, t.input);
      }
    }
    b.InputObject(T + "ConnectInput").Field("where", T + "WhereUniqueInput");
    b.InputObject(T + "RelationInput").Field("connect", T + "ConnectInput").Field("disconnect", "Boolean");
  }
  CoreModel& model;
  std::set<std::string> reserved;

  // The enum of a SELECT / MULTI_SELECT / RATING field, declared once;
  // "" when the options cannot make a GraphQL enum.
  std::string EnumFor(const ObjectModel& obj, const FieldSchema& f) {
    if (f.options.empty()) return {};
    for (const auto& o : f.options)
      if (!IsGraphqlName(o.value)) return {};
    std::string name = storage::Capitalize(obj.schema->name_singular) + storage::Capitalize(f.name) + "Enum";
    if (!reserved.insert(name).second) return {};
    auto& e = b.Enum(name);
    std::set<std::string> seen;
    for (const auto& o : f.options)
      if (seen.insert(o.value).second) e.Value(o.value);
    b.InputObject(name + "Filter")
        .Field("eq", name)
        .Field("neq", name)
        .Field("in", "[" + name + "]")
        .Field("containsAny", "[" + name + "]")
        .Field("is", "FilterIs")
        .Field("isEmptyArray", "Boolean");
    return name;
  }

  FieldTypes TypesOf(const ObjectModel& obj, const FieldSchema& f) {
    FieldTypes t;
    auto scalar = [&](std::string out, std::string filter) {
      t.output = out;
      t.input = out;
      t.filter = std::move(filter);
      t.orderable = true;
      t.order = "OrderByDirection";
    };
    switch (f.type) {
      case FieldType::kUuid: scalar("UUID", "UUIDFilter"); break;
      case FieldType::kText:
      case FieldType::kRichText: scalar("String", "StringFilter"); break;
      case FieldType::kNumber: {
        // Twenty types a NUMBER by settings.dataType (get-number-scalar-type
        // and get-number-filter-type utils); anything else is a Float.
        const std::string data_type = NumberDataType(f);
        if (data_type == "int")
          scalar("Int", "IntFilter");
        else if (data_type == "bigint")
          scalar("BigInt", "BigIntFilter");
        else
          scalar("Float", "FloatFilter");
        break;
      }
      case FieldType::kNumeric: scalar("BigFloat", "BigFloatFilter"); break;
      case FieldType::kPosition: scalar("Position", "FloatFilter"); break;
      case FieldType::kBoolean: scalar("Boolean", "BooleanFilter"); break;
      case FieldType::kDateTime: scalar("DateTime", "DateTimeFilter"); break;
      case FieldType::kDate: scalar("Date", "DateFilter"); break;
      case FieldType::kRawJson:
      case FieldType::kFiles: scalar("JSON", "RawJsonFilter"); break;
      case FieldType::kArray: scalar("[String]", "ArrayFilter"); break;
      case FieldType::kSelect:
      case FieldType::kRating:
      case FieldType::kMultiSelect: {
        std::string e = EnumFor(obj, f);
        const bool multi = f.type == FieldType::kMultiSelect;
        if (e.empty()) {
          scalar(multi ? "[String]" : "String", multi ? "MultiSelectFilter" : "SelectFilter");
        } else {
          scalar(multi ? "[" + e + "]" : e, e + "Filter");
        }
        break;
      }
      case FieldType::kTsVector: t.output = "TSVector"; break;
      default:
        if (storage::IsComposite(f.type)) {
          std::string name = CompositeTypeName(f.type);
          t.output = name;
          t.filter = name + "FilterInput";
          t.input = name + "CreateInput";
          t.orderable = true;
          t.order = name + "OrderByInput";
        }
        break;
    }
    return t;
  }

  void Run() {
    // Object models first, so relations can point at their targets.
    std::map<std::string, ObjectModel*> by_singular;
    for (storage::Table* table : model.workspace->tables()) {
      storage::ObjectSchemaPtr schema = table->schema();
      if (!schema->is_active) continue;
      std::string type = storage::Capitalize(schema->name_singular);
      if (!IsGraphqlName(type) || !IsGraphqlName(schema->name_plural)) continue;
      bool clash = false;
      for (const char* suffix : {"", "Connection", "Edge", "FilterInput", "OrderByInput", "CreateInput", "UpdateInput",
                                 "GroupByConnection", "GroupByInput", "OrderByWithGroupByInput", "RelationInput",
                                 "ConnectInput", "WhereUniqueInput"})
        if (reserved.count(type + suffix)) clash = true;
      if (clash) continue;
      for (const char* suffix : {"", "Connection", "Edge", "FilterInput", "OrderByInput", "CreateInput", "UpdateInput",
                                 "GroupByConnection", "GroupByInput", "OrderByWithGroupByInput", "RelationInput",
                                 "ConnectInput", "WhereUniqueInput"})
        reserved.insert(type + suffix);
      ObjectModel& obj = model.objects.emplace_back();
      obj.workspace = model.workspace;
      obj.schema = schema;
      obj.table = table;
      obj.type_name = type;
      by_singular[schema->name_singular] = &obj;
    }

    auto& query = b.Object("Query");
    query.DefaultResolver([keep = keep](const ResolverContext& c) -> ResolvedValue {
      const auto& obj = *static_cast<const ObjectModel*>(c.field().user_data);
      switch (c.field().tag) {
        case kFindMany: return ResolveFindMany(c, obj);
        case kFindOne: return ResolveFindOne(c, obj);
        case kDuplicates: return ResolveDuplicates(c, obj);
        case kGroupBy: return ResolveGroupBy(c, obj);
        default: return ResolvedValue::Error("Not implemented", "INTERNAL_SERVER_ERROR");
      }
    });

    auto& mutation = b.Object("Mutation");
    mutation.DefaultResolver([](const ResolverContext& c) -> ResolvedValue {
      return ResolveMutation(c, *static_cast<const ObjectModel*>(c.field().user_data));
    });

    for (ObjectModel& obj : model.objects) {
      const storage::ObjectSchema& s = *obj.schema;
      const std::string& T = obj.type_name;
      auto& type = b.Object(T).DefaultResolver(ResolveRecordField);
      auto& filter = b.InputObject(T + "FilterInput");
      auto& order = b.InputObject(T + "OrderByInput");
      auto& create = b.InputObject(T + "CreateInput");
      auto& update = b.InputObject(T + "UpdateInput");
      DeclareRelationInput(obj);
      for (const FieldSchema& f : s.fields) {
        if (!f.is_active || !IsGraphqlName(f.name)) continue;
        if (f.relation) {
          auto it = by_singular.find(f.relation->target_object);
          if (it == by_singular.end()) continue;
          ObjectModel* target = it->second;
          if (f.IsManyToOne()) {
            if (f.slot_count != 1) continue;
            FieldModel& rel = obj.fields.emplace_back();
            rel.owner = &obj;
            rel.field = &f;
            rel.out = FieldOut::kManyToOne;
            rel.slot = f.first_slot;
            rel.kind = SlotKind::kUuid;
            rel.target = target;
            type.Field(f.name, target->type_name).Tag(0, &rel);
            create.Field(f.name, target->type_name + "RelationInput");
            update.Field(f.name, target->type_name + "RelationInput");
            const std::string column = f.JoinColumnName();
            if (s.FindField(column)) continue;
            FieldModel& join = obj.fields.emplace_back();
            rel.owner = &obj;
            join = rel;
            join.out = FieldOut::kJoinColumn;
            join.encoder_writes = EncoderWritesAs("ID", join.kind);
            type.Field(column, "ID").Tag(0, &join);
            filter.Field(column, "UUIDFilter");
            order.Field(column, "OrderByDirection");
            create.Field(column, "UUID");
            update.Field(column, "UUID");
          } else {
            const FieldSchema* inverse = target->schema->FindField(f.relation->inverse_field);
            if (!inverse || !inverse->IsManyToOne() || inverse->slot_count != 1) continue;
            FieldModel& rel = obj.fields.emplace_back();
            rel.owner = &obj;
            rel.field = &f;
            rel.out = FieldOut::kOneToMany;
            rel.target = target;
            rel.inverse_slot = inverse->first_slot;
            const std::string& U = target->type_name;
            type.Field(f.name, U + "Connection")
                .Tag(0, &rel)
                .Arg("filter", U + "FilterInput")
                .Arg("orderBy", "[" + U + "OrderByInput]")
                .Arg("first", "Int")
                .Arg("last", "Int")
                .Arg("offset", "Int")
                .Arg("before", "String")
                .Arg("after", "String");
          }
          continue;
        }
        if (f.type == FieldType::kMorphRelation || f.type == FieldType::kRelation) continue;
        if (f.slot_count == 0 && f.type != FieldType::kTsVector) continue;
        FieldTypes t = TypesOf(obj, f);
        if (t.output.empty()) continue;
        FieldModel& fm = obj.fields.emplace_back();
        fm.owner = &obj;
        fm.field = &f;
        fm.slot = f.first_slot;
        fm.kind = f.first_slot < s.slots.size() ? s.slots[f.first_slot].kind : SlotKind::kText;
        if (f.type == FieldType::kTsVector) {
          fm.out = FieldOut::kNull;
        } else if (f.first_slot == s.id_slot) {
          fm.out = FieldOut::kId;
        } else if (storage::IsComposite(f.type)) {
          fm.out = FieldOut::kComposite;
        } else {
          fm.out = FieldOut::kScalar;
        }
        const std::string output = fm.out == FieldOut::kId ? "ID!" : t.output;
        fm.encoder_writes = fm.out != FieldOut::kComposite && EncoderWritesAs(output, fm.kind);
        type.Field(f.name, output).Tag(0, &fm);
        if (!t.filter.empty()) filter.Field(f.name, t.filter);
        if (t.orderable) order.Field(f.name, t.order);
        if (!t.input.empty()) {
          create.Field(f.name, t.input);
          std::string u = t.input;
          if (storage::IsComposite(f.type)) u = CompositeTypeName(f.type) + "UpdateInput";
          update.Field(f.name, u);
        }
      }
      filter.Field("and", "[" + T + "FilterInput]").Field("or", "[" + T + "FilterInput]").Field("not", T + "FilterInput");

      b.Object(T + "Edge")
          .DefaultResolver(ResolveEdgeField)
          .Field("node", T + "!")
          .Tag(kNode)
          .Field("cursor", "String!")
          .Tag(kCursor);
      auto& connection = b.Object(T + "Connection");
      connection.DefaultResolver(ResolveConnectionField);
      connection.Field("edges", "[" + T + "Edge!]!").Tag(kEdges);
      connection.Field("pageInfo", "PageInfo!").Tag(kPageInfo);
      connection.Field("totalCount", "Int").Tag(kTotalCount);
      {
        int64_t index = 0;
        for (storage::AggregateSpec& spec : storage::AvailableAggregates(s)) {
          if (spec.op == storage::AggregateOp::kCount || !IsGraphqlName(spec.name)) continue;
          const storage::AggregateSpec& kept = obj.aggregates.emplace_back(std::move(spec));
          connection.Field(kept.name, AggregateTypeName(kept)).Tag(kAggregateBase + index++, &kept);
        }
      }

      query.Field(s.name_plural, T + "Connection")
          .Tag(kFindMany, &obj)
          .Arg("filter", T + "FilterInput")
          .Arg("orderBy", "[" + T + "OrderByInput]")
          .Arg("first", "Int")
          .Arg("last", "Int")
          .Arg("offset", "Int")
          .Arg("before", "String")
          .Arg("after", "String");
      query.Field(s.name_singular, T).Tag(kFindOne, &obj).Arg("filter", T + "FilterInput!");
      DeclareGroupBy(b, obj, query);

      const std::string S = storage::Capitalize(s.name_singular);
      const std::string P = storage::Capitalize(s.name_plural);
      mutation.Field("create" + S, T).Tag(kCreateOne, &obj).Arg("data", T + "CreateInput!").Arg("upsert", "Boolean");
      mutation.Field("create" + P, "[" + T + "!]")
          .Tag(kCreateMany, &obj)
          .Arg("data", "[" + T + "CreateInput!]!")
          .Arg("upsert", "Boolean");
      mutation.Field("update" + S, T).Tag(kUpdateOne, &obj).Arg("id", "UUID!").Arg("data", T + "UpdateInput!");
      mutation.Field("update" + P, "[" + T + "!]")
          .Tag(kUpdateMany, &obj)
          .Arg("filter", T + "FilterInput!")
          .Arg("data", T + "UpdateInput!");
      mutation.Field("delete" + S, T).Tag(kDeleteOne, &obj).Arg("id", "UUID!");
      mutation.Field("delete" + P, "[" + T + "!]").Tag(kDeleteMany, &obj).Arg("filter", T + "FilterInput!");
      mutation.Field("destroy" + S, T).Tag(kDestroyOne, &obj).Arg("id", "UUID!");
      mutation.Field("destroy" + P, "[" + T + "!]").Tag(kDestroyMany, &obj).Arg("filter", T + "FilterInput!");
      mutation.Field("restore" + S, T).Tag(kRestoreOne, &obj).Arg("id", "UUID!");
      mutation.Field("restore" + P, "[" + T + "!]").Tag(kRestoreMany, &obj).Arg("filter", T + "FilterInput!");
      query.Field(s.name_singular + "Duplicates", "[" + T + "Connection]")
          .Tag(kDuplicates, &obj)
          .Arg("ids", "[UUID]")
          .Arg("data", "[" + T + "CreateInput]");
      mutation.Field("merge" + P, T)
          .Tag(kMerge, &obj)
          .Arg("ids", "[UUID!]!")
          .Arg("conflictPriorityIndex", "Int!")
          .Arg("dryRun", "Boolean");
    }
    b.QueryType("Query");
    b.MutationType("Mutation");
  }
};

}  // namespace

std::shared_ptr<const protocol::graphql::Schema> BuildCoreSchema(const storage::Workspace& workspace,
                                                                 std::vector<std::string>* errors) {
  auto model = std::make_shared<CoreModel>();
  model->workspace = const_cast<storage::Workspace*>(&workspace);
  SchemaBuilder b;
  DeclareSharedTypes(b);
  Builder builder{b, model, *model, {}};
  for (const char* shared : {"PageInfo", "UUID", "DateTime", "Date", "Time", "BigFloat", "BigInt", "Position", "Cursor",
                             "TSVector", "JSON", "FilterIs", "OrderByDirection", "Query", "Mutation"})
    builder.reserved.insert(shared);
  for (FieldType type : kComposites) {
    std::string name = CompositeTypeName(type);
    for (const char* suffix : {"", "FilterInput", "OrderByInput", "CreateInput", "UpdateInput"})
      builder.reserved.insert(name + suffix);
  }
  for (const char* shared : {"String", "Int", "Float", "Boolean", "ID", "IDFilter", "UUIDFilter", "StringFilter",
                             "DateTimeFilter", "DateFilter", "FloatFilter", "IntFilter", "BigIntFilter",
                             "BigFloatFilter", "BooleanFilter", "SelectFilter", "MultiSelectFilter", "ArrayFilter",
                             "RawJsonFilter"})
    builder.reserved.insert(shared);
  for (const std::string& shared : DeclareGroupBySharedTypes(b)) builder.reserved.insert(shared);
  builder.Run();
  auto built = std::move(b).Build();
  if (!built.ok()) {
    if (errors) *errors = built.errors;
    for (const auto& e : built.errors) std::fprintf(stderr, "core graphql schema: %s\n", e.c_str());
    return nullptr;
  }
  return built.schema;
}

namespace {

struct SchemaEntry {
  uint64_t version = 0;
  std::shared_ptr<const protocol::graphql::Schema> schema;
};
using SchemaCache = std::unordered_map<storage::Uuid, SchemaEntry, storage::UuidHash>;

std::mutex& SharedMutex() {
  static std::mutex mu;
  return mu;
}
SchemaCache& SharedSchemas() {
  static SchemaCache shared;
  return shared;
}
// Bumped by ForgetCoreSchema: a thread that sees a new value empties its
// own cache (it refills from the shared one at the cost of a lookup).
std::atomic<uint64_t> forget_generation{0};

}  // namespace

void ForgetCoreSchema(const storage::Uuid& workspace_id) {
  {
    std::lock_guard lock(SharedMutex());
    SharedSchemas().erase(workspace_id);
  }
  forget_generation.fetch_add(1, std::memory_order_acq_rel);
}

std::shared_ptr<const protocol::graphql::Schema> CoreSchemaFor(const storage::Workspace& workspace) {
  using Entry = SchemaEntry;
  using Cache = SchemaCache;
  const uint64_t version = workspace.metadata_version();
  // Every request asks: each thread keeps the schemas it served, so the
  // answer takes no lock. The shared cache behind it (under `mu`) builds a
  // schema once for all threads after a metadata change.
  thread_local Cache served;
  thread_local uint64_t served_generation = 0;
  if (const uint64_t g = forget_generation.load(std::memory_order_acquire); g != served_generation) {
    served.clear();
    served_generation = g;
  }
  Entry& mine = served[workspace.id()];
  if (mine.schema && mine.version == version) return mine.schema;
  std::mutex& mu = SharedMutex();
  Cache& shared = SharedSchemas();
  std::shared_ptr<const protocol::graphql::Schema> schema;
  {
    std::lock_guard lock(mu);
    auto it = shared.find(workspace.id());
    if (it != shared.end() && it->second.version == version) schema = it->second.schema;
  }
  if (!schema) {
    schema = BuildCoreSchema(workspace);
    if (!schema) {
      SchemaBuilder b;
      b.Object("Query").Field("_empty", "Boolean", [](const ResolverContext&) { return ResolvedValue::Null(); });
      b.QueryType("Query");
      return std::move(b).Build().schema;
    }
    std::lock_guard lock(mu);
    Entry& e = shared[workspace.id()];
    if (e.version <= version) e = Entry{version, schema};
  }
  mine = Entry{version, schema};
  return schema;
}

}  // namespace vingt::server::graphql
