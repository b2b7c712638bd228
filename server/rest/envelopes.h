// Twenty's record envelopes: {"data":{"<key>": record}} and
// {"data":{"<key>": [records]}}, records written at the request's depth.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "protocol/http_response.h"
#include "storage/row.h"
#include "storage/schema.h"
#include "storage/workspace.h"

namespace vingt::server::rest {

protocol::HttpResponse RecordEnvelope(const storage::Workspace& workspace, int depth,
                                      const storage::ObjectSchema& schema, std::string_view key,
                                      const storage::Row& row, int status = 200,
                                      const std::vector<std::string>* projection = nullptr);
protocol::HttpResponse RecordsEnvelope(const storage::Workspace& workspace, int depth,
                                       const storage::ObjectSchema& schema, std::string_view key,
                                       const std::vector<storage::RowRef>& rows, int status = 200,
                                       const std::vector<std::string>* projection = nullptr);

}  // namespace vingt::server::rest
