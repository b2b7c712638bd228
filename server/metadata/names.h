// Twenty's rules for metadata names (objects' nameSingular / namePlural,
// fields' names) and labels, with its messages.
//
// The checks and texts follow Twenty's validateMetadataNameOrThrow of the
// 2025 builds (packages/twenty-server/src/engine/metadata-modules/utils/,
// messages in __tests__/__snapshots__/validate-metadata-name.spec.ts.snap)
// and its reserved-keyword list (RESERVED_METADATA_NAME_KEYWORDS).
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "common/twenty_limits.h"

namespace vingt::server::metadata {

inline constexpr size_t kMaxIdentifierLength = twenty::kIdentifierMaxCharLength;

// nullopt if `name` is a valid metadata name, else Twenty's message, checked
// in its order: empty, too long, not camelCase, characters, reserved.
std::optional<std::string> CheckMetadataName(std::string_view name);
// The same for a label (trimmed): only its length is checked.
std::optional<std::string> CheckMetadataLabel(std::string_view label);

bool IsReservedMetadataName(std::string_view name);

}  // namespace vingt::server::metadata
