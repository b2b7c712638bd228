// Base64 (RFC 4648): the standard alphabet with padding for Twenty's
// cursors, the URL-safe unpadded one for tokens.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace vingt::protocol {

std::string Base64Encode(std::string_view bytes);
std::string Base64UrlEncode(std::string_view bytes);  // no padding
// Accepts either alphabet, padded or not; nullopt on any other character.
std::optional<std::string> Base64Decode(std::string_view text);

}  // namespace vingt::protocol
