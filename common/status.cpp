#include "common/status.h"

namespace vingt {

std::string Status::ToString() const {
  static constexpr const char* kNames[] = {"OK",        "NotFound",    "InvalidArgument", "Conflict",
                                           "Unauthenticated", "Forbidden", "TooLarge", "Unavailable",
                                           "RateLimited", "IOError",   "Corruption"};
  std::string out = kNames[static_cast<int>(code_)];
  if (!message_.empty()) {
    out += ": ";
    out += message_;
  }
  return out;
}

}  // namespace vingt
