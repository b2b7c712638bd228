#include "server/costly_request.h"

#include <string_view>

namespace vingt::server {

namespace {

// A query string or GraphQL document this long holds hundreds of filter
// terms (a REST term is 20 bytes or more).
constexpr size_t kLongQueryBytes = 2048;
constexpr size_t kLongDocumentBytes = 8192;

bool HasPatternFilter(std::string_view text) {
  // `like` covers ilike, notLike, notILike and containsIlike.
  return text.find("like") != std::string_view::npos || text.find("regex") != std::string_view::npos ||
         text.find("Like") != std::string_view::npos;
}

}  // namespace

bool LooksCostly(const protocol::HttpRequest& request) {
  const std::string_view query = request.query;
  if (query.size() > kLongQueryBytes || HasPatternFilter(query)) return true;
  const std::string_view body = request.body;
  return body.size() > kLongDocumentBytes || (request.path == "/graphql" && HasPatternFilter(body));
}

}  // namespace vingt::server
