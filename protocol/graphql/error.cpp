#include "protocol/graphql/error.h"

namespace vingt::protocol::graphql {

void WriteGraphQLError(const GraphQLError& error, JsonWriter& writer) {
  writer.StartObject();
  writer.Key("message");
  writer.String(error.message);
  if (!error.locations.empty()) {
    writer.Key("locations");
    writer.StartArray();
    for (const SourceLocation& loc : error.locations) {
      writer.StartObject();
      writer.Key("line");
      writer.Uint64(loc.line);
      writer.Key("column");
      writer.Uint64(loc.column);
      writer.EndObject();
    }
    writer.EndArray();
  }
  if (!error.path.empty()) {
    writer.Key("path");
    writer.StartArray();
    for (const PathKey& key : error.path) {
      if (key.index >= 0) {
        writer.Int64(key.index);
      } else {
        writer.String(key.key);
      }
    }
    writer.EndArray();
  }
  if (!error.code.empty() || !error.extensions.empty()) {
    writer.Key("extensions");
    writer.StartObject();
    if (!error.code.empty()) {
      writer.Key("code");
      writer.String(error.code);
    }
    for (const auto& [key, json] : error.extensions) {
      writer.Key(key);
      writer.RawJson(json);
    }
    writer.EndObject();
  }
  writer.EndObject();
}

void WriteErrorsMember(const std::vector<GraphQLError>& errors, JsonWriter& writer) {
  writer.Key("errors");
  writer.StartArray();
  for (const GraphQLError& error : errors) WriteGraphQLError(error, writer);
  writer.EndArray();
}

void WriteErrorsOnlyResponse(const std::vector<GraphQLError>& errors, JsonWriter& writer) {
  writer.StartObject();
  WriteErrorsMember(errors, writer);
  writer.EndObject();
}

}  // namespace vingt::protocol::graphql
