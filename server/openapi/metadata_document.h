// The OpenAPI document of the metadata REST API (/rest/metadata/...,
// spec/metadata.md §5-§8). Twenty: core-modules/open-api/open-api.service.ts
// generateMetaDataSchema and utils/components.utils.ts
// computeMetadataSchemaComponents.
//
// It documents the metadata resources vingt serves, with the envelopes vingt
// answers with: objects and fields (Twenty's legacy envelope, §5.3), API
// keys (bare objects, as Twenty's API key controller answers), and the
// vingt-only picklists route (§7), marked `x-vingt-extension: true`.
// Twenty's webhooks / views / page layout resources are left out until
// vingt serves them.
//
// Its content does not depend on the workspace (only on the request's
// Host), so it is generated per request like the core document.
#pragma once

#include <string>

#include "server/openapi/document_common.h"

namespace vingt::server::openapi {

// The complete metadata document (for a caller with a valid key).
std::string MetadataDocument(const DocumentContext& ctx);

}  // namespace vingt::server::openapi
