#include "server/webhooks/event_pool.h"

#include <boost/test/unit_test.hpp>

#include <string>
#include <thread>
#include <vector>

namespace vingt::server::webhooks {
namespace {

BOOST_AUTO_TEST_CASE(AReleasedEventServesAgainWithItsBodysCapacity) {
  WebhookEventPool pool;
  std::shared_ptr<storage::WebhookEvent> first = pool.Take();
  first->body.assign(1500, 'x');
  const storage::WebhookEvent* address = first.get();
  const char* body_buffer = first->body.data();
  std::shared_ptr<const storage::WebhookEvent> held_elsewhere = first;  // as the store and the dispatcher hold it
  first.reset();
  BOOST_TEST(pool.kept() == 0u);  // still owned
  held_elsewhere.reset();
  BOOST_TEST(pool.kept() == 1u);

  std::shared_ptr<storage::WebhookEvent> again = pool.Take();
  BOOST_TEST(again.get() == address);
  BOOST_TEST(pool.kept() == 0u);
  again->body.assign(1200, 'y');  // shorter: no new buffer
  BOOST_TEST(static_cast<const void*>(again->body.data()) == static_cast<const void*>(body_buffer));
  BOOST_TEST(again->body == std::string(1200, 'y'));
}

BOOST_AUTO_TEST_CASE(EventsReleasedOnOtherThreadsComeBack) {
  WebhookEventPool pool;
  std::vector<std::shared_ptr<const storage::WebhookEvent>> events;
  for (int i = 0; i < 100; ++i) events.push_back(pool.Take());
  std::vector<std::thread> releasers;
  for (int t = 0; t < 4; ++t)
    releasers.emplace_back([&events, t] {
      for (size_t i = t; i < events.size(); i += 4) events[i].reset();
    });
  for (std::thread& r : releasers) r.join();
  BOOST_TEST(pool.kept() == 100u);
}

BOOST_AUTO_TEST_CASE(ThePoolKeepsNoMoreThanItsBounds) {
  WebhookEventPool pool(/*capacity=*/2, /*max_kept_body=*/4096);
  {
    auto a = pool.Take(), b = pool.Take(), c = pool.Take();
  }
  BOOST_TEST(pool.kept() == 2u);  // the third is freed
  {
    auto a = pool.Take(), b = pool.Take();
    a->body.assign(5000, 'z');  // a record with a huge text field
  }
  BOOST_TEST(pool.kept() == 1u);  // its event is freed, not kept
}

BOOST_AUTO_TEST_CASE(AnEventMayOutliveItsPool) {
  std::shared_ptr<storage::WebhookEvent> survivor;
  {
    WebhookEventPool pool;
    survivor = pool.Take();
    survivor->body = "still here";
  }
  BOOST_TEST(survivor->body == "still here");
  survivor.reset();  // back on a shelf nobody takes from, freed with it (ASan checks)
}

}  // namespace
}  // namespace vingt::server::webhooks
