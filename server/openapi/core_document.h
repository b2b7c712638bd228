// The OpenAPI document of the core (record) REST API of one workspace,
// generated from its current metadata (spec/metadata.md §8, routes in
// spec/rest-core.md §2). Twenty: core-modules/open-api/open-api.service.ts
// generateCoreSchema and utils/{path,responses,request-body,parameters,
// components,computeWebhooks,compute-schema-tags}.utils.ts.
//
// Generated on every request, not cached: it is not a hot path (a few ms
// for the standard objects), and a cache would have to be keyed by
// workspace, metadata version and Host header. Workspace::metadata_version()
// is the key to use if that ever changes.
#pragma once

#include <string>

#include "server/openapi/document_common.h"
#include "storage/workspace.h"

namespace vingt::server::openapi {

// The complete document: paths, schemas, parameters, webhooks and tags for
// every active object of `workspace`, custom objects included, inactive
// fields left out. /{plural}/groupBy is not documented (Twenty does not).
std::string CoreDocument(const DocumentContext& ctx, const storage::Workspace& workspace);

}  // namespace vingt::server::openapi
