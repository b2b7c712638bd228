#include "server/rest/picklists.h"

#include "protocol/json_write.h"
#include "server/metadata/metadata_json.h"
#include "server/metadata/planner.h"
#include "server/metadata/rest_list.h"
#include "server/api_errors.h"

namespace vingt::server::rest {

using metadata::Objects;
using protocol::HttpResponse;
using storage::FieldSchema;
using storage::FieldType;
using storage::ObjectSchema;

namespace {

void WritePicklist(protocol::JsonWriter& w, const ObjectSchema& o, const FieldSchema& f) {
  w.StartObject();
  w.Key("objectName");
  w.String(o.name_singular);
  w.Key("objectNamePlural");
  w.String(o.name_plural);
  w.Key("objectMetadataId");
  w.String(o.id.ToString());
  w.Key("fieldName");
  w.String(f.name);
  w.Key("fieldLabel");
  w.String(f.label);
  w.Key("fieldMetadataId");
  w.String(f.id.ToString());
  w.Key("fieldType");
  w.String(storage::FieldTypeName(f.type));
  w.Key("isMultiSelect");
  w.Bool(f.type == FieldType::kMultiSelect);
  w.Key("defaultValue");
  w.RawJson(metadata::DefaultValueJson(f.default_value_json));
  w.Key("options");
  metadata::WriteOptionsJson(w, f);
  w.EndObject();
}

}  // namespace

asio::awaitable<HttpResponse> ListPicklists(ServerState& state, CallContext& call) {
  metadata::PageRequest request;
  if (auto err = metadata::ParsePageRequest(call, &request)) co_return *err;
  Objects objects = call.workspace->Objects();

  const ObjectSchema* only_object = nullptr;
  if (const std::string* name = call.Param("objectName"); name && !name->empty()) {
    for (const auto& o : objects)
      if (o->is_active && o->name_singular == *name) only_object = o.get();
    if (!only_object) {
      for (const auto& o : objects)
        if (o->is_active && o->name_plural == *name)
          co_return BadRequest("object '" + *name + "' not found. Did you mean '" + o->name_singular + "'?");
      co_return BadRequest("object '" + *name + "' not found. eg: company");
    }
  }
  const std::string* field_name = call.Param("fieldName");
  const std::string* rating = call.Param("includeRating");
  const bool include_rating = rating && *rating == "true";

  using Item = std::pair<const ObjectSchema*, const FieldSchema*>;
  std::vector<Item> items;
  for (const auto& o : objects) {
    if (!o->is_active || (only_object && o.get() != only_object)) continue;
    for (const auto& f : o->fields) {
      bool kind = f.type == FieldType::kSelect || f.type == FieldType::kMultiSelect ||
                  (include_rating && f.type == FieldType::kRating);
      if (!kind || !f.is_active) continue;
      if (field_name && !field_name->empty() && f.name != *field_name) continue;
      items.emplace_back(o.get(), &f);
    }
  }
  co_return metadata::PagedList(
      "picklists", std::move(items), request, [](const Item& item) { return item.second->id; },
      [](protocol::JsonWriter& w, const Item& item) { WritePicklist(w, *item.first, *item.second); });
}

}  // namespace vingt::server::rest
