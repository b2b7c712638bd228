#include "server/playground/assets.h"

#include <array>

#define VINGT_ASSET(name)                        \
  extern "C" const char vingt_asset_##name##_begin[]; \
  extern "C" const char vingt_asset_##name##_end[];
VINGT_ASSET(page_html)
VINGT_ASSET(playground_js)
VINGT_ASSET(graphiql_js)
VINGT_ASSET(graphiql_css)
VINGT_ASSET(react_js)
VINGT_ASSET(react_dom_js)
VINGT_ASSET(swagger_ui_js)
VINGT_ASSET(swagger_ui_css)
VINGT_ASSET(versions)
#undef VINGT_ASSET

namespace vingt::server::playground {
namespace {

struct Entry {
  std::string_view name;
  const char* begin;
  const char* end;
  std::string_view content_type;
};

constexpr std::string_view kHtml = "text/html; charset=utf-8";
constexpr std::string_view kJs = "text/javascript; charset=utf-8";
constexpr std::string_view kCss = "text/css; charset=utf-8";

const std::array<Entry, 9>& Entries() {
  static const std::array<Entry, 9> entries = {{
      {"", vingt_asset_page_html_begin, vingt_asset_page_html_end, kHtml},
      {"playground.js", vingt_asset_playground_js_begin, vingt_asset_playground_js_end, kJs},
      {"graphiql.min.js", vingt_asset_graphiql_js_begin, vingt_asset_graphiql_js_end, kJs},
      {"graphiql.min.css", vingt_asset_graphiql_css_begin, vingt_asset_graphiql_css_end, kCss},
      {"react.production.min.js", vingt_asset_react_js_begin, vingt_asset_react_js_end, kJs},
      {"react-dom.production.min.js", vingt_asset_react_dom_js_begin, vingt_asset_react_dom_js_end, kJs},
      {"swagger-ui-bundle.js", vingt_asset_swagger_ui_js_begin, vingt_asset_swagger_ui_js_end, kJs},
      {"swagger-ui.css", vingt_asset_swagger_ui_css_begin, vingt_asset_swagger_ui_css_end, kCss},
      {"VERSIONS", vingt_asset_versions_begin, vingt_asset_versions_end, "text/plain; charset=utf-8"},
  }};
  return entries;
}

}  // namespace

std::optional<Asset> FindAsset(std::string_view name) {
  for (const Entry& e : Entries())
    if (e.name == name) return Asset{std::string_view(e.begin, static_cast<size_t>(e.end - e.begin)), e.content_type};
  return std::nullopt;
}

}  // namespace vingt::server::playground
