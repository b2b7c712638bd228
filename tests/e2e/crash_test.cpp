// Crash tests: acknowledged writes survive a SIGKILL of the server.
//
// Four client threads write people (create, batch create, patch, delete)
// on keep-alive connections, and one of them also adds custom fields to
// people (a metadata change, which rewrites every record), while the main
// thread SIGKILLs the server at a random moment.
// Every write that got a 2xx is recorded with its exact expected content;
// the one request in flight per thread when the kill lands is "unknown": it
// may or may not have happened, but if it did, the record holds exactly
// what was sent. After a restart on the same data dir every acknowledged
// create/patch must be there with its content, every acknowledged delete
// must be gone, unknown writes are resolved to what is observed, and the
// total count must match. An acknowledged batch is wholly there; an
// acknowledged field is in the object's metadata. Expectations carry over
// from round to round. A batch in flight at the kill comes back whole or
// not at all (storage/wal_group.h).
//
// VINGT_CRASH_ROUNDS=<n> sets the rounds of the main test (50 by default).
// Reproduce a run with VINGT_CRASH_SEED=<seed printed in the log>.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <optional>
#include <map>
#include <random>
#include <string>
#include <thread>
#include <vector>

#include <boost/test/unit_test.hpp>

#include "storage/uuid.h"
#include "tests/testutil/http_client.h"
#include "tests/testutil/server_process.h"

namespace vingt::testutil {
namespace {

constexpr int kClientThreads = 4;
// A round never lasts longer than this even if the kill never lands.
constexpr int kHardRoundMs = 5000;

struct Content {
  std::string first;
  std::string city;
  bool operator==(const Content&) const = default;
};

struct Expected {
  enum Kind { kPresent, kGone, kUnknownCreate, kUnknownPatch, kUnknownDelete };
  Kind kind = kGone;
  Content content;  // kPresent: current; kUnknownCreate: sent; kUnknownPatch/kUnknownDelete: before
  Content patched;  // kUnknownPatch: what was sent
  int64_t batch = -1;  // kUnknownCreate: the batch it was sent in, if any
};

// Custom fields one client adds to people; at most this many in a run.
constexpr int kMaxCustomFields = 12;
// Past this many live records a client deletes instead of creating, so that
// fifty rounds stay as quick to restart and check as the first ones.
constexpr size_t kMaxLivePerThread = 250;

// What one client thread wrote over all rounds. Owned by that thread while a
// round runs and by the main thread between rounds.
struct ClientState {
  int thread = 0;
  uint64_t next_n = 0;
  uint64_t patches = 0;
  std::map<std::string, Expected> records;
  std::vector<std::string> live;  // ids acknowledged present, candidates for patch/delete
  int64_t next_batch = 0;
  // Custom fields (thread 0 only): name -> kPresent, kGone (refused) or
  // kUnknownCreate (in flight at the kill).
  std::map<std::string, Expected::Kind> fields;
  std::string person_object_id;
  std::mt19937_64 rng;
  // Per round:
  int acked = 0;
  std::string stopped_by;
  std::vector<std::string> errors;

  void RemoveLive(const std::string& id) {
    for (size_t i = 0; i < live.size(); ++i) {
      if (live[i] == id) {
        live[i] = live.back();
        live.pop_back();
        return;
      }
    }
  }
};

int64_t SteadyMs() {
  using namespace std::chrono;
  return duration_cast<milliseconds>(steady_clock::now().time_since_epoch()).count();
}

std::string PersonBody(const std::string* id, const Content& c) {
  std::string body = "{";
  if (id) body += R"("id":")" + *id + R"(",)";
  body += R"("name":{"firstName":")" + c.first + R"(","lastName":"crash"},"city":")" + c.city + R"("})";
  return body;
}

// The write loop of one client thread; runs until its connection fails (the
// kill) or the hard deadline passes.
void ClientLoop(ClientState& s, uint16_t port, const std::string& token) {
  HttpClient http(port, token, 3000);
  const int64_t hard_deadline = SteadyMs() + kHardRoundMs;
  std::uniform_int_distribution<int> percent(0, 99);
  std::uniform_int_distribution<int> city(0, 999999);
  s.acked = 0;
  s.stopped_by = "deadline";
  s.errors.clear();
  auto fail = [&](const std::string& what, const HttpResponse& r) {
    s.errors.push_back("thread " + std::to_string(s.thread) + ": " + what + " -> HTTP " + std::to_string(r.status) +
                       " " + r.body.substr(0, 300));
  };

  for (int ops = 0; ops < 100000 && SteadyMs() < hard_deadline; ++ops) {
    int roll = percent(s.rng);
    if (s.live.size() >= kMaxLivePerThread && roll < 70) roll = 95;  // a delete
    if (roll >= 96 && s.thread == 0 && !s.person_object_id.empty() &&
        static_cast<int>(s.fields.size()) < kMaxCustomFields) {
      const std::string name = "crashField" + std::to_string(s.fields.size());
      s.fields[name] = Expected::kUnknownCreate;
      HttpResponse r = http.Post("/rest/metadata/fields", R"({"objectMetadataId":")" + s.person_object_id +
                                                              R"(","type":"TEXT","name":")" + name +
                                                              R"(","label":"Crash field )" + name + R"("})");
      if (r.status == 0) {
        s.stopped_by = r.error;
        return;
      }
      if (r.status != 201) {
        fail("create field " + name, r);
        s.fields[name] = Expected::kGone;
        continue;
      }
      s.fields[name] = Expected::kPresent;
      ++s.acked;
      continue;
    }
    if (roll >= 60 && roll < 70) {
      // A batch of three: all or nothing.
      const int64_t batch = s.next_batch++;
      std::vector<std::pair<std::string, Content>> items;
      std::string body = "[";
      for (int i = 0; i < 3; ++i) {
        std::string id = storage::Uuid::Random().ToString();
        Content c{"t" + std::to_string(s.thread) + "-" + std::to_string(s.next_n++), "b" + std::to_string(city(s.rng))};
        body += (i ? "," : "") + PersonBody(&id, c);
        s.records[id] = {Expected::kUnknownCreate, c, {}, batch};
        items.emplace_back(id, c);
      }
      body += "]";
      HttpResponse r = http.Post("/rest/batch/people", body);
      if (r.status == 0) {
        s.stopped_by = r.error;
        return;
      }
      if (r.status != 201) {
        fail("batch create", r);
        for (const auto& [id, c] : items) s.records[id] = {Expected::kGone, {}, {}};
        continue;
      }
      for (const auto& [id, c] : items) {
        s.records[id] = {Expected::kPresent, c, {}};
        s.live.push_back(id);
      }
      ++s.acked;
      continue;
    }
    if (roll < 70 || s.live.empty()) {
      std::string id = storage::Uuid::Random().ToString();
      Content c{"t" + std::to_string(s.thread) + "-" + std::to_string(s.next_n++), "c" + std::to_string(city(s.rng))};
      s.records[id] = {Expected::kUnknownCreate, c, {}};
      HttpResponse r = http.Post("/rest/people", PersonBody(&id, c));
      if (r.status == 0) {
        s.stopped_by = r.error;
        return;
      }
      if (r.status != 201) {
        fail("create " + id, r);
        s.records[id] = {Expected::kGone, {}, {}};
        continue;
      }
      Json j(r.body);
      if (j.Str("/data/createPerson/id") != id || j.Str("/data/createPerson/name/firstName") != c.first ||
          j.Str("/data/createPerson/city") != c.city)
        fail("create answered another record", r);
      s.records[id] = {Expected::kPresent, c, {}};
      s.live.push_back(id);
      ++s.acked;
    } else if (roll < 90) {
      const std::string id = s.live[std::uniform_int_distribution<size_t>(0, s.live.size() - 1)(s.rng)];
      Content before = s.records[id].content;
      Content after{before.first.substr(0, before.first.find("-p")) + "-p" + std::to_string(s.patches++),
                    "c" + std::to_string(city(s.rng))};
      s.records[id] = {Expected::kUnknownPatch, before, after};
      HttpResponse r = http.Patch("/rest/people/" + id, R"({"name":{"firstName":")" + after.first +
                                                            R"("},"city":")" + after.city + R"("})");
      if (r.status == 0) {
        s.stopped_by = r.error;
        return;
      }
      if (r.status != 200) {
        fail("patch " + id, r);
        s.records[id] = {Expected::kPresent, before, {}};
        continue;
      }
      Json j(r.body);
      if (j.Str("/data/updatePerson/name/firstName") != after.first || j.Str("/data/updatePerson/city") != after.city ||
          j.Str("/data/updatePerson/name/lastName") != "crash")
        fail("patch answered other content", r);
      s.records[id] = {Expected::kPresent, after, {}};
      ++s.acked;
    } else {
      const std::string id = s.live[std::uniform_int_distribution<size_t>(0, s.live.size() - 1)(s.rng)];
      Content before = s.records[id].content;
      s.records[id] = {Expected::kUnknownDelete, before, {}};
      s.RemoveLive(id);
      HttpResponse r = http.Delete("/rest/people/" + id);
      if (r.status == 0) {
        s.stopped_by = r.error;
        return;
      }
      if (r.status != 200) {
        fail("delete " + id, r);
        s.records[id] = {Expected::kPresent, before, {}};
        s.live.push_back(id);
        continue;
      }
      s.records[id] = {Expected::kGone, {}, {}};
      ++s.acked;
    }
  }
}

struct VerifyResult {
  int fields = 0;
  int partial_batches = 0;  // in-flight batches found in part after the restart
  int present = 0;
  int gone = 0;
  int unknown_resolved = 0;
  std::vector<std::string> errors;
};

// Every person the server has, by id, a page of 200 at a time (one GET per
// record would make fifty rounds of thousands of records slow).
std::map<std::string, Content> ListPeople(HttpClient& http, std::vector<std::string>* errors) {
  std::map<std::string, Content> people;
  std::string after;
  for (;;) {
    HttpResponse r = http.Get("/rest/people?limit=200" + (after.empty() ? "" : "&starting_after=" + after));
    Json j(r.body);
    if (r.status != 200 || !j.IsArray("/data/people")) {
      errors->push_back("listing people: HTTP " + std::to_string(r.status) + " " + r.body.substr(0, 200) + r.error);
      return people;
    }
    const int64_t n = j.Size("/data/people");
    for (int64_t i = 0; i < n; ++i) {
      const std::string at = "/data/people/" + std::to_string(i);
      people[j.Str(at + "/id")] = Content{j.Str(at + "/name/firstName"), j.Str(at + "/city")};
    }
    if (j.Bool("/pageInfo/hasNextPage") != 1 || n == 0) return people;
    // Cursors are base64: '+', '/' and '=' must not reach the query as is.
    after.clear();
    for (char c : j.Str("/pageInfo/endCursor")) {
      if (c == '+') after += "%2B";
      else if (c == '/') after += "%2F";
      else if (c == '=') after += "%3D";
      else after += c;
    }
  }
}

// Checks every record of every client against the restarted server and
// resolves unknown writes to what is observed.
VerifyResult Verify(std::vector<ClientState>& clients, uint16_t port, const std::string& token) {
  VerifyResult v;
  HttpClient http(port, token, 10000);
  std::vector<std::string> list_errors;
  const std::map<std::string, Content> people = ListPeople(http, &list_errors);
  for (const auto& e : list_errors) v.errors.push_back(e);
  auto error = [&](const std::string& id, const std::string& what, const HttpResponse& r) {
    if (v.errors.size() < 20)
      v.errors.push_back(id + ": " + what + " (got HTTP " + std::to_string(r.status) + " " + r.body.substr(0, 200) +
                         r.error + ")");
    else if (v.errors.size() == 20)
      v.errors.push_back("...");
  };
  const HttpResponse r;  // what error() shows: the listing has no answer per record
  for (auto& s : clients) {
    std::map<int64_t, std::pair<int, int>> batches;  // in-flight batch -> (found, missing)
    for (auto& [id, e] : s.records) {
      std::optional<Content> seen;
      if (auto it = people.find(id); it != people.end()) seen = it->second;
      if (e.kind == Expected::kUnknownCreate && e.batch >= 0) ++(seen ? batches[e.batch].first : batches[e.batch].second);
      auto show = [](const Content& c) { return "{" + c.first + ", " + c.city + "}"; };
      switch (e.kind) {
        case Expected::kPresent:
          if (!seen) error(id, "acknowledged record lost, expected " + show(e.content), r);
          else if (*seen != e.content) error(id, "acknowledged content lost, expected " + show(e.content), r);
          ++v.present;
          break;
        case Expected::kGone:
          if (seen) error(id, "acknowledged delete (or refused create) undone", r);
          ++v.gone;
          break;
        case Expected::kUnknownCreate:
          ++v.unknown_resolved;
          if (!seen) {
            e.kind = Expected::kGone;
          } else if (*seen == e.content) {
            e.kind = Expected::kPresent;
            s.live.push_back(id);
          } else {
            error(id, "in-flight create left other content than sent " + show(e.content), r);
          }
          break;
        case Expected::kUnknownPatch:
          ++v.unknown_resolved;
          if (!seen) {
            error(id, "in-flight patch lost the record", r);
          } else if (*seen == e.content || *seen == e.patched) {
            e = {Expected::kPresent, *seen, {}};
          } else {
            error(id, "in-flight patch left neither " + show(e.content) + " nor " + show(e.patched), r);
          }
          break;
        case Expected::kUnknownDelete:
          ++v.unknown_resolved;
          if (!seen) {
            e.kind = Expected::kGone;
          } else if (*seen == e.content) {
            e.kind = Expected::kPresent;
            s.live.push_back(id);
          } else {
            error(id, "in-flight delete left other content than " + show(e.content), r);
          }
          break;
      }
    }
    // A batch in flight at the kill: whole or not at all, as Twenty's
    // transaction (its records are one WAL group, storage/wal_group.h).
    for (const auto& [batch, seen] : batches) {
      if (seen.first != 0 && seen.second != 0) {
        ++v.partial_batches;
        v.errors.push_back("in-flight batch " + std::to_string(batch) + " came back in part: " +
                           std::to_string(seen.first) + " of its records there, " + std::to_string(seen.second) +
                           " missing");
      }
    }
    // Custom fields: acknowledged ones are in the metadata; refused ones are not.
    if (!s.fields.empty()) {
      HttpResponse object = http.Get("/rest/metadata/objects/" + s.person_object_id);
      if (object.status != 200) {
        v.errors.push_back("person's metadata: HTTP " + std::to_string(object.status) + " " + object.body.substr(0, 200));
      } else {
        for (auto& [name, kind] : s.fields) {
          const bool there = object.body.find("\"name\":\"" + name + "\"") != std::string::npos;
          if (kind == Expected::kPresent && !there) v.errors.push_back("acknowledged field " + name + " lost");
          if (kind == Expected::kGone && there) v.errors.push_back("refused field " + name + " exists");
          if (kind == Expected::kUnknownCreate) kind = there ? Expected::kPresent : Expected::kGone;
          v.fields += kind == Expected::kPresent;
        }
      }
    }
  }
  // Nothing else exists: no resurrected, duplicated or phantom records.
  int expected_total = 0;
  for (const auto& s : clients)
    for (const auto& [id, e] : s.records) expected_total += e.kind == Expected::kPresent;
  HttpResponse list = http.Get("/rest/people?limit=0");
  int64_t total = Json(list.body).Int("/totalCount", -1);
  if (total != expected_total)
    v.errors.push_back("totalCount " + std::to_string(total) + " != expected " + std::to_string(expected_total));
  return v;
}

struct SnapshotFiles {
  int complete = 0;
  int partial = 0;  // ".tmp": a snapshot was being written
};

SnapshotFiles ListSnapshots(const std::string& data_dir) {
  SnapshotFiles f;
  std::error_code ec;
  for (std::filesystem::directory_iterator it(data_dir + "/snapshots", ec), end; !ec && it != end; it.increment(ec)) {
    std::string name = it->path().filename().string();
    if (name.ends_with(".tmp")) ++f.partial;
    else if (name.ends_with(".vsnap")) ++f.complete;
  }
  return f;
}

uint64_t PickSeed() {
  if (const char* env = std::getenv("VINGT_CRASH_SEED")) return std::strtoull(env, nullptr, 10);
  return std::random_device{}();
}

// Runs `rounds` kill/restart rounds with `args` on one data dir, then a
// graceful stop and a last verification. With aim_at_snapshots the kill
// lands as soon as a snapshot is being written (a ".tmp" file exists) once
// one snapshot has been committed, falling back to the random moment.
void RunCrashRounds(const std::string& label, const std::vector<std::string>& args, int rounds,
                    bool aim_at_snapshots = false, bool with_metadata = true) {
  const uint64_t seed = PickSeed();
  BOOST_TEST_MESSAGE(label << ": seed " << seed);
  std::mt19937_64 rng(seed);
  TempDir dir("vingt-crash");
  ServerProcess server;
  BOOST_REQUIRE_MESSAGE(server.Start(dir.path(), args), "server did not start:\n" << server.output());
  const std::string token = server.initial_token();
  BOOST_REQUIRE(!token.empty());

  std::vector<ClientState> clients(kClientThreads);
  for (int t = 0; t < kClientThreads; ++t) {
    clients[t].thread = t;
    clients[t].rng.seed(seed * 31 + t);
  }
  if (with_metadata) {
    HttpClient http(server.port(), token);
    HttpResponse person = http.Get("/rest/metadata/objects/person");
    BOOST_REQUIRE_MESSAGE(person.status == 200, person.body);
    Json j(person.body);
    clients[0].person_object_id = j.Has("/data/object/id") ? j.Str("/data/object/id") : j.Str("/id");
    BOOST_REQUIRE(clients[0].person_object_id.size() == 36);
  }

  int total_complete_snapshots = 0;
  int64_t total_acked = 0;
  int64_t total_checked = 0;
  int64_t total_problems = 0;
  int64_t total_partial_batches = 0;
  for (int round = 1; round <= rounds; ++round) {
    std::vector<std::thread> threads;
    const int64_t started = SteadyMs();
    for (auto& s : clients) threads.emplace_back([&s, &server, &token] { ClientLoop(s, server.port(), token); });
    const int kill_after_ms = std::uniform_int_distribution<int>(150, 600)(rng);
    bool during_snapshot = false;
    const int stale_partial = ListSnapshots(dir.path()).partial;  // left by an earlier kill, if not cleaned
    if (aim_at_snapshots) {
      std::this_thread::sleep_for(std::chrono::milliseconds(200));
      while (SteadyMs() - started < kill_after_ms && !during_snapshot) {
        // Aim at a later snapshot, so recovery also starts from a committed one.
        SnapshotFiles now = ListSnapshots(dir.path());
        during_snapshot = now.partial > stale_partial && now.complete > 0;
        if (!during_snapshot) std::this_thread::sleep_for(std::chrono::microseconds(300));
      }
    } else {
      std::this_thread::sleep_for(std::chrono::milliseconds(kill_after_ms));
    }
    server.Kill(SIGKILL);
    const int64_t killed_at = SteadyMs() - started;
    for (auto& t : threads) t.join();
    SnapshotFiles snaps = ListSnapshots(dir.path());
    if (aim_at_snapshots) total_complete_snapshots += snaps.complete;
    int code = server.Wait(5000);
    BOOST_TEST(code == 128 + SIGKILL, "exit code " << code << "\n" << server.output());

    int acked = 0;
    for (const auto& s : clients) {
      acked += s.acked;
      for (const auto& e : s.errors) BOOST_ERROR(label << " round " << round << ": " << e);
      BOOST_TEST(s.stopped_by != "deadline", "thread " << s.thread << " was not stopped by the kill");
    }

    BOOST_REQUIRE_MESSAGE(server.Start(dir.path(), args), label << " round " << round
                                                                << ": restart failed:\n" << server.output());
    std::string log = server.output();
    for (size_t at = log.find("recovery:"); at != std::string::npos; at = log.find("recovery:", at + 1))
      BOOST_TEST_MESSAGE(label << " round " << round << ": " << log.substr(at, log.find('\n', at) - at));

    VerifyResult v = Verify(clients, server.port(), token);
    for (const auto& e : v.errors) BOOST_ERROR(label << " round " << round << ": " << e);
    total_acked += acked;
    total_checked += v.present + v.gone + v.fields;
    total_problems += static_cast<int64_t>(v.errors.size());
    total_partial_batches += v.partial_batches;
    BOOST_TEST_MESSAGE(label << " round " << round << ": killed after " << killed_at << " ms"
                             << (during_snapshot ? " while a snapshot was being written" : "") << " (snapshot files: "
                             << snaps.complete << " complete, " << snaps.partial << " partial); " << acked
                             << " writes acknowledged this round; verified " << v.present << " present + " << v.gone
                             << " gone records, " << v.fields << " custom fields (" << v.unknown_resolved
                             << " in-flight writes resolved)");
  }
  // The figures of the README's Guarantees section.
  std::printf("crash figures: %s: %d rounds, %lld writes acknowledged, %lld record and field checks after "
              "restarts, %lld lost or wrong, %lld in-flight batches back in part\n",
              label.c_str(), rounds, static_cast<long long>(total_acked), static_cast<long long>(total_checked),
              static_cast<long long>(total_problems), static_cast<long long>(total_partial_batches));

  if (aim_at_snapshots) BOOST_TEST(total_complete_snapshots > 0, "no background snapshot was ever written");

  // A graceful stop and restart loses nothing either.
  BOOST_TEST(server.Stop() == 0, server.output());
  BOOST_REQUIRE_MESSAGE(server.Start(dir.path(), args), "final restart failed:\n" << server.output());
  VerifyResult v = Verify(clients, server.port(), token);
  for (const auto& e : v.errors) BOOST_ERROR(label << " after graceful stop: " << e);
  BOOST_TEST_MESSAGE(label << " after graceful stop: verified " << v.present << " present + " << v.gone << " gone");
  BOOST_TEST(v.unknown_resolved == 0);
  BOOST_TEST(server.Stop() == 0, server.output());
}

// VINGT_CRASH_ROUNDS, else `fallback`.
int Rounds(int fallback) {
  if (const char* env = std::getenv("VINGT_CRASH_ROUNDS")) return std::max(1, std::atoi(env));
  return fallback;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(e2e_crash)

// Snapshots now and then keep restarts quick over fifty rounds.
BOOST_AUTO_TEST_CASE(acknowledged_writes_survive_sigkill_durability_always) {
  RunCrashRounds("always", {"--durability", "always", "--snapshot-wal-bytes", "1000000"}, Rounds(50));
}

// Snapshots and WAL segment rotation every 20 KB of log, so both run many
// times a round; kills aimed at a snapshot being written.
BOOST_AUTO_TEST_CASE(acknowledged_writes_survive_sigkill_during_snapshots) {
  RunCrashRounds("always+snapshots", {"--durability", "always", "--snapshot-wal-bytes", "20000"}, 8,
                 /*aim_at_snapshots=*/true);
}

// batch promises the same against kill -9 (written to the OS before the
// answer); only power loss may take the last interval.
BOOST_AUTO_TEST_CASE(acknowledged_writes_survive_sigkill_durability_batch) {
  RunCrashRounds("batch", {"--durability", "batch", "--snapshot-wal-bytes", "50000"}, 5);
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace vingt::testutil
