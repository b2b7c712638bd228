// Stream printers so Boost.Test can show Status codes and storage values in
// failed checks.
// ADL finds them for Uuid, std::optional<Uuid> and std::vector<Uuid>.
#pragma once

#include <optional>
#include <ostream>
#include <vector>

#include "common/status.h"
#include "storage/uuid.h"

namespace vingt {

inline std::ostream& operator<<(std::ostream& os, StatusCode c) {
  return os << "StatusCode(" << static_cast<int>(c) << ")";
}

}  // namespace vingt

namespace vingt::storage {

inline std::ostream& operator<<(std::ostream& os, const Uuid& u) { return os << u.ToString(); }
inline std::ostream& operator<<(std::ostream& os, const std::optional<Uuid>& u) {
  return u ? os << *u : os << "nullopt";
}
inline std::ostream& operator<<(std::ostream& os, const std::vector<Uuid>& v) {
  os << '[';
  for (size_t i = 0; i < v.size(); ++i) os << (i ? "," : "") << v[i];
  return os << ']';
}

}  // namespace vingt::storage
