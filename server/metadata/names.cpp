#include "server/metadata/names.h"

#include <algorithm>
#include <array>

#include "storage/metadata_fields.h"

namespace vingt::server::metadata {
namespace {

// RESERVED_METADATA_NAME_KEYWORDS: Twenty's core (non-workspace) entities,
// then names its GraphQL schema or composite types would clash with.
constexpr std::array<std::string_view, 63> kReserved = {
    "approvedAccessDomain", "approvedAccessDomains", "appToken", "appTokens", "billingCustomer",
    "billingCustomers", "billingEntitlement", "billingEntitlements", "billingMeter", "billingMeters",
    "billingProduct", "billingProducts", "billingSubscription", "billingSubscriptions", "billingSubscriptionItem",
    "billingSubscriptionItems", "featureFlag", "featureFlags", "job", "jobs",
    "keyValuePair", "keyValuePairs", "pageLayout", "pageLayouts", "pageLayoutTab",
    "pageLayoutTabs", "pageLayoutWidget", "pageLayoutWidgets", "postgresCredential", "postgresCredentials",
    "twoFactorMethod", "twoFactorMethods", "user", "users", "userWorkspace",
    "userWorkspaces", "workspace", "workspaces", "role", "roles",
    "userWorkspaceRole", "userWorkspaceRoles", "plan", "plans", "event",
    "events", "field", "fields", "link", "links",
    "currency", "currencies", "fullNames", "address", "addresses",
    "type", "types", "object", "objects", "index",
    "relation", "relations", "aggregate",
};

bool IsAsciiAlnum(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'); }

std::string_view Trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t' || s.front() == '\n' || s.front() == '\r'))
    s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\n' || s.back() == '\r')) s.remove_suffix(1);
  return s;
}

}  // namespace

bool IsReservedMetadataName(std::string_view name) {
  return std::find(kReserved.begin(), kReserved.end(), name) != kReserved.end();
}

std::optional<std::string> CheckMetadataName(std::string_view name) {
  const std::string n(name);
  if (name.empty()) return "Input is too short: " + n;
  if (name.size() > kMaxIdentifierLength) return "String \"" + n + "\" exceeds 63 characters limit";
  bool ascii = std::all_of(name.begin(), name.end(), [](char c) { return static_cast<unsigned char>(c) < 0x80; });
  // lodash's camelCase leaves non-Latin text alone, so such names reach the
  // character check; ASCII ones are compared with their camelCase form.
  if (ascii && storage::LodashCamelCase(name) != name) return "Name should be in camelCase: " + n;
  bool valid = name[0] >= 'a' && name[0] <= 'z' && std::all_of(name.begin(), name.end(), IsAsciiAlnum);
  if (!valid) return "String \"" + n + "\" is not valid";
  if (IsReservedMetadataName(name)) return "The name \"" + n + "\" is not available";
  return std::nullopt;
}

std::optional<std::string> CheckMetadataLabel(std::string_view label) {
  std::string_view t = Trim(label);
  if (t.empty()) return "Input is too short: " + std::string(t);
  if (t.size() > kMaxIdentifierLength) return "Input exceeds 63 characters: " + std::string(t);
  return std::nullopt;
}

}  // namespace vingt::server::metadata
