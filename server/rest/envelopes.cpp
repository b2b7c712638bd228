#include "server/rest/envelopes.h"

#include "protocol/json_write.h"
#include "server/rest/relations.h"

namespace vingt::server::rest {

protocol::HttpResponse RecordEnvelope(const storage::Workspace& workspace, int depth,
                                      const storage::ObjectSchema& schema, std::string_view key,
                                      const storage::Row& row, int status,
                                      const std::vector<std::string>* projection) {
  protocol::JsonWriter& w = protocol::ThreadJsonWriter();
  w.StartObject();
  w.Key("data");
  w.StartObject();
  w.Key(key);
  WriteRecordAtDepth(workspace, depth, schema, row, w, projection);
  w.EndObject();
  w.EndObject();
  protocol::HttpResponse r;
  r.status = status;
  r.body = w.Take();
  return r;
}

protocol::HttpResponse RecordsEnvelope(const storage::Workspace& workspace, int depth,
                                       const storage::ObjectSchema& schema, std::string_view key,
                                       const std::vector<storage::RowRef>& rows, int status,
                                       const std::vector<std::string>* projection) {
  protocol::JsonWriter& w = protocol::ThreadJsonWriter();
  w.StartObject();
  w.Key("data");
  w.StartObject();
  w.Key(key);
  w.StartArray();
  for (const auto& row : rows) WriteRecordAtDepth(workspace, depth, schema, *row, w, projection);
  w.EndArray();
  w.EndObject();
  w.EndObject();
  protocol::HttpResponse r;
  r.status = status;
  r.body = w.Take();
  return r;
}

}  // namespace vingt::server::rest
