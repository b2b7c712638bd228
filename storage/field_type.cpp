#include "storage/field_type.h"

#include <array>
#include <utility>

namespace vingt::storage {
namespace {

constexpr std::pair<FieldType, std::string_view> kTypeNames[] = {
    {FieldType::kUuid, "UUID"},
    {FieldType::kText, "TEXT"},
    {FieldType::kPhones, "PHONES"},
    {FieldType::kEmails, "EMAILS"},
    {FieldType::kDateTime, "DATE_TIME"},
    {FieldType::kDate, "DATE"},
    {FieldType::kBoolean, "BOOLEAN"},
    {FieldType::kNumber, "NUMBER"},
    {FieldType::kNumeric, "NUMERIC"},
    {FieldType::kLinks, "LINKS"},
    {FieldType::kCurrency, "CURRENCY"},
    {FieldType::kFullName, "FULL_NAME"},
    {FieldType::kRating, "RATING"},
    {FieldType::kSelect, "SELECT"},
    {FieldType::kMultiSelect, "MULTI_SELECT"},
    {FieldType::kRelation, "RELATION"},
    {FieldType::kMorphRelation, "MORPH_RELATION"},
    {FieldType::kPosition, "POSITION"},
    {FieldType::kAddress, "ADDRESS"},
    {FieldType::kRawJson, "RAW_JSON"},
    {FieldType::kRichText, "RICH_TEXT"},
    {FieldType::kRichTextV2, "RICH_TEXT_V2"},
    {FieldType::kActor, "ACTOR"},
    {FieldType::kArray, "ARRAY"},
    {FieldType::kTsVector, "TS_VECTOR"},
    {FieldType::kFiles, "FILES"},
};

constexpr SubFieldDef kFullName[] = {{"firstName", SlotKind::kText, FieldType::kText},
                                     {"lastName", SlotKind::kText, FieldType::kText}};
constexpr SubFieldDef kEmails[] = {{"primaryEmail", SlotKind::kText, FieldType::kText},
                                   {"additionalEmails", SlotKind::kJson, FieldType::kRawJson}};
constexpr SubFieldDef kPhones[] = {{"primaryPhoneNumber", SlotKind::kText, FieldType::kText},
                                   {"primaryPhoneCountryCode", SlotKind::kText, FieldType::kText},
                                   {"primaryPhoneCallingCode", SlotKind::kText, FieldType::kText},
                                   {"additionalPhones", SlotKind::kJson, FieldType::kRawJson}};
constexpr SubFieldDef kLinks[] = {{"primaryLinkUrl", SlotKind::kText, FieldType::kText},
                                  {"primaryLinkLabel", SlotKind::kText, FieldType::kText},
                                  {"secondaryLinks", SlotKind::kJson, FieldType::kRawJson}};
constexpr SubFieldDef kCurrency[] = {{"amountMicros", SlotKind::kNumber, FieldType::kNumeric},
                                     {"currencyCode", SlotKind::kText, FieldType::kText}};
constexpr SubFieldDef kAddress[] = {{"addressStreet1", SlotKind::kText, FieldType::kText},
                                    {"addressStreet2", SlotKind::kText, FieldType::kText},
                                    {"addressCity", SlotKind::kText, FieldType::kText},
                                    {"addressState", SlotKind::kText, FieldType::kText},
                                    {"addressPostcode", SlotKind::kText, FieldType::kText},
                                    {"addressCountry", SlotKind::kText, FieldType::kText},
                                    {"addressLat", SlotKind::kNumber, FieldType::kNumeric},
                                    {"addressLng", SlotKind::kNumber, FieldType::kNumeric}};
constexpr SubFieldDef kActor[] = {{"source", SlotKind::kText, FieldType::kSelect},
                                  {"workspaceMemberId", SlotKind::kUuid, FieldType::kUuid},
                                  {"name", SlotKind::kText, FieldType::kText},
                                  {"context", SlotKind::kJson, FieldType::kRawJson}};
constexpr SubFieldDef kRichTextV2[] = {{"blocknote", SlotKind::kText, FieldType::kText},
                                       {"markdown", SlotKind::kText, FieldType::kText}};

}  // namespace

std::string_view FieldTypeName(FieldType type) {
  for (const auto& [t, name] : kTypeNames)
    if (t == type) return name;
  return "UNKNOWN";
}

std::optional<FieldType> ParseFieldType(std::string_view name) {
  for (const auto& [t, n] : kTypeNames)
    if (n == name) return t;
  return std::nullopt;
}

std::span<const SubFieldDef> CompositeSubFields(FieldType type) {
  switch (type) {
    case FieldType::kFullName: return kFullName;
    case FieldType::kEmails: return kEmails;
    case FieldType::kPhones: return kPhones;
    case FieldType::kLinks: return kLinks;
    case FieldType::kCurrency: return kCurrency;
    case FieldType::kAddress: return kAddress;
    case FieldType::kActor: return kActor;
    case FieldType::kRichTextV2: return kRichTextV2;
    default: return {};
  }
}

bool IsComposite(FieldType type) { return !CompositeSubFields(type).empty(); }

SlotKind ScalarSlotKind(FieldType type) {
  switch (type) {
    case FieldType::kUuid:
    case FieldType::kRelation: return SlotKind::kUuid;
    case FieldType::kNumber:
    case FieldType::kNumeric:
    case FieldType::kPosition: return SlotKind::kNumber;
    case FieldType::kBoolean: return SlotKind::kBoolean;
    case FieldType::kDateTime: return SlotKind::kTimestamp;
    case FieldType::kDate: return SlotKind::kDate;
    case FieldType::kRawJson:
    case FieldType::kFiles: return SlotKind::kJson;
    case FieldType::kMultiSelect:
    case FieldType::kArray: return SlotKind::kStringList;
    default: return SlotKind::kText;  // TEXT, SELECT, RATING, RICH_TEXT, TS_VECTOR, ...
  }
}

}  // namespace vingt::storage
