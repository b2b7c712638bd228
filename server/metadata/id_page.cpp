#include "server/metadata/id_page.h"

#include <algorithm>

namespace vingt::server::metadata {

IdPage SelectIdPage(std::span<const storage::Uuid> ids, const IdPageRequest& request) {
  const auto order = [descending = request.descending](const storage::Uuid& a, const storage::Uuid& b) {
    return descending ? b < a : a < b;
  };
  size_t begin = 0, end = ids.size();
  if (request.after) begin = std::upper_bound(ids.begin(), ids.end(), *request.after, order) - ids.begin();
  if (request.before)
    end = std::max(begin, static_cast<size_t>(std::lower_bound(ids.begin(), ids.end(), *request.before, order) -
                                              ids.begin()));
  if (request.first && end - begin > *request.first) end = begin + *request.first;
  else if (!request.first && request.last && end - begin > *request.last) begin = end - *request.last;
  return IdPage{begin, end, begin > 0, end < ids.size()};
}

}  // namespace vingt::server::metadata
