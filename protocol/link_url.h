// Link URLs as Twenty stores them (the LINKS field's primaryLinkUrl and
// each secondaryLinks url).
#pragma once

#include <string>
#include <string_view>

namespace vingt::protocol {

// Twenty's form of a link URL: for http(s) URLs the scheme and host are
// lower-cased, and one trailing '/' is removed; anything else is kept.
std::string NormalizeLinkUrl(std::string_view url);

}  // namespace vingt::protocol
