// The API playground (GET /playground): one page of ours (page.html,
// playground.js) and pinned third-party assets (vendor/, refreshed by
// tools/vendor_playground.sh with their licences), all embedded in the
// binary at build time (embedded.S): no CDN, no network, nothing to
// install beside it.
#pragma once

#include <optional>
#include <string_view>

namespace vingt::server::playground {

struct Asset {
  std::string_view bytes;
  std::string_view content_type;
};

// "" is the page; other names are the files it loads ("graphiql.min.js").
std::optional<Asset> FindAsset(std::string_view name);

}  // namespace vingt::server::playground
