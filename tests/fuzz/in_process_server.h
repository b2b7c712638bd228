// The whole API in one process for fuzz targets (tests/testutil/
// in_process_api.h: a Database on the in-memory fault-injection file system,
// WAL, group commit and snapshots as in production, no disk; one workspace
// with an API key; the ApiHandler that `vingt serve` routes every request
// through), with the admin token fuzz::kAdminToken.
//
// Set-up goes through the API itself, so the workspace holds what a user's
// would: a custom object "pet" with a field of every type the metadata API
// creates, a relation to people, records of people, companies and pets, and
// a webhook.
#pragma once

#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <simdjson.h>

#include "protocol/http_request.h"
#include "protocol/http_response.h"
#include "server/auth/admin_token.h"
#include "tests/testutil/in_process_api.h"

namespace vingt::fuzz {

inline constexpr std::string_view kAdminToken = "fuzz-admin-token-0123456789abcdef";

class InProcessServer {
 public:
  // Opens a fresh database and sets up the workspace. Throws on failure (a
  // broken harness, not a finding).
  InProcessServer() {
    api_.state.admin_token = server::AdminToken(kAdminToken);
    SetUpWorkspace();
  }

  // Answers one request. A request without an Authorization header gets the
  // workspace's key, so generated requests reach the handlers behind it.
  protocol::HttpResponse Handle(protocol::HttpRequest request) { return api_.Handle(std::move(request)); }

  // A JSON request built from parts; `target` may hold a query.
  protocol::HttpResponse Send(std::string method, std::string_view target, std::string body = "") {
    return api_.Send(std::move(method), std::string(target), std::move(body));
  }

  storage::Database& db() { return *api_.db; }
  storage::Workspace& workspace() { return *api_.workspace; }
  storage::FaultInjectionFileSystem& fs() { return api_.fs; }
  server::ServerState& state() { return api_.state; }
  // "Bearer <the workspace's key>".
  const std::string& authorization() const { return api_.authorization; }
  // True while the workspace set up here still exists (an admin request may
  // delete it).
  bool WorkspaceAlive() const { return api_.db->FindWorkspace(api_.workspace->id()) != nullptr; }

 private:
  // Sends a set-up request; throws unless it succeeded. Returns the body.
  std::string Must(std::string method, std::string_view target, std::string body = "") {
    protocol::HttpResponse r = Send(std::move(method), target, std::move(body));
    if (r.status >= 300) throw std::runtime_error("set-up " + std::string(target) + ": " + r.body.substr(0, 300));
    return r.body;
  }

  static std::string IdAt(const std::string& json, std::string_view pointer) {
    simdjson::dom::parser parser;
    std::string_view id;
    if (parser.parse(json).at_pointer(pointer).get(id) != simdjson::SUCCESS)
      throw std::runtime_error("set-up: no " + std::string(pointer) + " in " + json.substr(0, 300));
    return std::string(id);
  }

  void SetUpWorkspace() {
    const std::string pet = IdAt(Must("POST", "/rest/metadata/objects",
                                      R"({"nameSingular":"pet","namePlural":"pets","labelSingular":"Pet",)"
                                      R"("labelPlural":"Pets","icon":"IconCat"})"),
                                 "/id");
    const std::string on = R"({"objectMetadataId":")" + pet + R"(",)";
    for (std::string field : {
             R"("type":"SELECT","name":"species","label":"Species","options":[{"value":"DOG","label":"Dog","position":0,"color":"red"},{"value":"CAT","label":"Cat","position":1,"color":"blue"}]})",
             R"("type":"MULTI_SELECT","name":"tags","label":"Tags","options":[{"value":"CUTE","label":"Cute","position":0,"color":"red"},{"value":"LOUD","label":"Loud","position":1,"color":"blue"}]})",
             R"("type":"RATING","name":"cuteness","label":"Cuteness"})",
             R"("type":"NUMBER","name":"legs","label":"Legs","settings":{"dataType":"int"}})",
             R"("type":"NUMBER","name":"weight","label":"Weight","settings":{"decimals":2,"type":"number"}})",
             R"("type":"BOOLEAN","name":"vaccinated","label":"Vaccinated","defaultValue":false})",
             R"("type":"DATE","name":"birthday","label":"Birthday"})",
             R"("type":"DATE_TIME","name":"seenAt","label":"Seen at"})",
             R"("type":"RAW_JSON","name":"extra","label":"Extra"})",
             R"("type":"ARRAY","name":"nicknames","label":"Nicknames"})",
             R"("type":"UUID","name":"chip","label":"Chip"})",
             R"("type":"CURRENCY","name":"price","label":"Price"})",
             R"("type":"FULL_NAME","name":"vet","label":"Vet"})",
             R"("type":"LINKS","name":"pages","label":"Pages"})",
             R"("type":"EMAILS","name":"contacts","label":"Contacts"})",
             R"("type":"PHONES","name":"phones","label":"Phones"})",
             R"("type":"ADDRESS","name":"home","label":"Home"})",
             R"("type":"RICH_TEXT_V2","name":"notes","label":"Notes"})",
         }) {
      Must("POST", "/rest/metadata/fields", on + field);
    }
    const std::string company = IdAt(Must("POST", "/rest/companies",
                                          R"({"name":"Acme","domainName":{"primaryLinkUrl":"https://acme.example"},)"
                                          R"("employees":12,"annualRecurringRevenue":{"amountMicros":5000000,"currencyCode":"EUR"}})"),
                                     "/data/createCompany/id");
    const std::string person = IdAt(Must("POST", "/rest/people",
                                         R"({"name":{"firstName":"Ada","lastName":"Lovelace"},"city":"London",)"
                                         R"("emails":{"primaryEmail":"ada@example.com"},"companyId":")" +
                                             company + R"("})"),
                                    "/data/createPerson/id");
    Must("POST", "/rest/batch/people",
         R"([{"name":{"firstName":"Grace","lastName":"Hopper"},"city":"New York"},)"
         R"({"name":{"firstName":"Alan","lastName":"Turing"},"city":"Wilmslow","jobTitle":"Mathematician"}])");
    Must("POST", "/rest/pets",
         R"({"name":"Rex","species":"DOG","tags":["CUTE"],"cuteness":"RATING_4","legs":4,"weight":12.5,)"
         R"("vaccinated":true,"birthday":"2020-02-29","seenAt":"2024-05-01T10:00:00.000Z","extra":{"a":[1,2]},)"
         R"("nicknames":["R","Rexy"],"price":{"amountMicros":100000000,"currencyCode":"USD"},)"
         R"("vet":{"firstName":"Jim","lastName":"Herriot"},"home":{"addressCity":"Thirsk"}})");
    Must("POST", "/rest/opportunities",
         R"({"name":"Deal","stage":"NEW","amount":{"amountMicros":1000000,"currencyCode":"USD"},"pointOfContactId":")" +
             person + R"("})");
    Must("POST", "/rest/metadata/webhooks", R"({"targetUrl":"http://127.0.0.1:9/hook","operations":["*.*"]})");
  }

  testing::InProcessApi api_;
};

// One server for the whole run, made at LLVMFuzzerInitialize, for the
// targets whose inputs do not need a fresh one.
inline InProcessServer& SharedServer() {
  static auto* server = new InProcessServer();
  return *server;
}

}  // namespace vingt::fuzz
