#include "server/http/router.h"

#include "protocol/url.h"

namespace vingt::server {

void Router::Add(std::string_view method, std::string_view pattern, int route) {
  Node* node = &root_;
  for (std::string_view seg : protocol::SplitPath(pattern)) {
    if (!seg.empty() && seg[0] == ':') {
      if (!node->param) node->param = std::make_unique<Node>();
      node = node->param.get();
    } else {
      auto it = node->statics.find(seg);
      if (it == node->statics.end()) it = node->statics.emplace(std::string(seg), std::make_unique<Node>()).first;
      node = it->second.get();
    }
  }
  node->routes[std::string(method)] = route;
}

int Router::RouteFor(const Node* node, std::string_view method) {
  if (method.empty()) return node->routes.empty() ? -1 : node->routes.begin()->second;
  auto it = node->routes.find(method);
  // HEAD is answered by the GET route (the connection drops the body).
  if (it == node->routes.end() && method == "HEAD") it = node->routes.find(std::string_view("GET"));
  return it == node->routes.end() ? -1 : it->second;
}

// Depth-first with backtracking: a static child is tried first, and if the
// rest of the path (or the method) does not fit under it, the param child is.
const Router::Node* Router::Find(const Node* node, std::string_view method, const std::vector<std::string_view>& segs,
                                 size_t i, std::vector<std::string_view>* params) const {
  if (i == segs.size()) return RouteFor(node, method) >= 0 ? node : nullptr;
  auto it = node->statics.find(segs[i]);
  if (it != node->statics.end()) {
    if (const Node* found = Find(it->second.get(), method, segs, i + 1, params)) return found;
  }
  if (node->param) {
    params->push_back(segs[i]);
    if (const Node* found = Find(node->param.get(), method, segs, i + 1, params)) return found;
    params->pop_back();
  }
  return nullptr;
}

std::optional<RouteMatch> Router::Match(std::string_view method, std::string_view path) const {
  std::vector<std::string_view> segs = protocol::SplitPath(path);
  RouteMatch m;
  const Node* node = Find(&root_, method, segs, 0, &m.params);
  if (!node) return std::nullopt;
  m.route = RouteFor(node, method);
  return m;
}

bool Router::HasPath(std::string_view path) const {
  std::vector<std::string_view> segs = protocol::SplitPath(path);
  std::vector<std::string_view> params;
  return Find(&root_, {}, segs, 0, &params) != nullptr;
}

}  // namespace vingt::server
