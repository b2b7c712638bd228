#include "storage/metadata_fields.h"

#include <cctype>

namespace vingt::storage {
namespace {

bool IsDigit(char c) { return std::isdigit(static_cast<unsigned char>(c)) != 0; }
bool IsUpper(char c) { return std::isupper(static_cast<unsigned char>(c)) != 0; }
bool IsLower(char c) { return std::islower(static_cast<unsigned char>(c)) != 0; }
bool IsAlnum(char c) { return std::isalnum(static_cast<unsigned char>(c)) != 0; }

}  // namespace

std::string TypeDefaultValue(FieldType type) {
  switch (type) {
    case FieldType::kText: return "''";
    case FieldType::kEmails: return R"({"primaryEmail":"''","additionalEmails":null})";
    case FieldType::kFullName: return R"({"firstName":"''","lastName":"''"})";
    case FieldType::kLinks:
      return R"({"primaryLinkUrl":"''","primaryLinkLabel":"''","secondaryLinks":null})";
    case FieldType::kPhones:
      return R"({"primaryPhoneNumber":"''","primaryPhoneCountryCode":"''",)"
             R"("primaryPhoneCallingCode":"''","additionalPhones":null})";
    case FieldType::kCurrency: return R"({"amountMicros":null,"currencyCode":"''"})";
    case FieldType::kAddress:
      return R"({"addressStreet1":"''","addressStreet2":"''","addressCity":"''",)"
             R"("addressState":"''","addressPostcode":"''","addressCountry":"''",)"
             R"("addressLat":null,"addressLng":null})";
    case FieldType::kActor: return R"({"source":"'MANUAL'","name":"''"})";
    default: return {};
  }
}

std::vector<std::string> LodashWords(std::string_view text) {
  std::vector<std::string> words;
  std::string word;
  auto flush = [&] {
    if (!word.empty()) words.push_back(std::move(word));
    word.clear();
  };
  for (size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (!IsAlnum(c)) {
      flush();
      continue;
    }
    if (!word.empty()) {
      char p = word.back();
      bool next_lower = i + 1 < text.size() && IsLower(text[i + 1]);
      bool split = (IsLower(p) && IsUpper(c)) || (IsDigit(p) != IsDigit(c)) || (IsUpper(p) && IsUpper(c) && next_lower);
      if (split) flush();
    }
    word.push_back(c);
  }
  flush();
  return words;
}

std::string LodashCamelCase(std::string_view text) {
  std::string out;
  for (const std::string& word : LodashWords(text)) {
    for (size_t i = 0; i < word.size(); ++i) {
      unsigned char c = static_cast<unsigned char>(word[i]);
      bool upper = !out.empty() && i == 0;
      out.push_back(static_cast<char>(upper ? std::toupper(c) : std::tolower(c)));
    }
  }
  return out;
}

std::string NameFromLabel(std::string_view label) {
  if (!label.empty() && IsDigit(label[0])) return LodashCamelCase("n" + std::string(label));
  return LodashCamelCase(label);
}

std::string RelationSettingsJson(const FieldSchema& field) {
  if (!field.relation) return {};
  if (field.relation->type == RelationType::kOneToMany) return R"({"relationType":"ONE_TO_MANY"})";
  return R"({"relationType":"MANY_TO_ONE","onDelete":")" + std::string(OnDeleteName(field.relation->on_delete)) +
         R"(","joinColumnName":")" + field.JoinColumnName() + R"("})";
}

}  // namespace vingt::storage
