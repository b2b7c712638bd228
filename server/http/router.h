// Method + path segments -> route, as a tree of segments. A static segment
// beats a `:param` at the same depth (so /rest/metadata/... is never taken
// for an object named "metadata"). Params are views into the matched path.
#pragma once

#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace vingt::server {

struct RouteMatch {
  int route = -1;  // the value given to Add()
  std::vector<std::string_view> params;  // in pattern order; valid while the path lives
};

class Router {
 public:
  // pattern: "/rest/:plural/:id"; method upper case ("GET").
  void Add(std::string_view method, std::string_view pattern, int route);
  // nullopt if no route has this path shape and method.
  std::optional<RouteMatch> Match(std::string_view method, std::string_view path) const;
  // True if some method has a route of this path shape (for 405 vs 404).
  bool HasPath(std::string_view path) const;

 private:
  struct Node {
    std::map<std::string, std::unique_ptr<Node>, std::less<>> statics;
    std::unique_ptr<Node> param;
    std::map<std::string, int, std::less<>> routes;  // method -> route
  };
  // The deepest-first match of segs[i..] under node that has a route for
  // `method` (any method if empty).
  const Node* Find(const Node* node, std::string_view method, const std::vector<std::string_view>& segs, size_t i,
                   std::vector<std::string_view>* params) const;
  static int RouteFor(const Node* node, std::string_view method);
  Node root_;
};

}  // namespace vingt::server
