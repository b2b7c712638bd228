-- POST /rest/people with a unique email per request: each wrk thread gets
-- its own number (a global set from setup; a `local` here would shadow it).
local counter = 0
local threads = 0
setup = function(thread)
  threads = threads + 1
  thread:set("thread_number", threads)
end
init = function(args)
  math.randomseed(os.time() * 100 + (thread_number or 0))
end
wrk.headers["Authorization"] = "Bearer " .. os.getenv("VINGT_KEY")
wrk.headers["Content-Type"] = "application/json"
request = function()
  counter = counter + 1
  local tag = string.format("%d-%d-%d", thread_number or 0, math.random(1, 1000000000), counter)
  local body = '{"name":{"firstName":"Bench","lastName":"' .. tag .. '"},' ..
               '"emails":{"primaryEmail":"b' .. tag .. '@bench.test"},"city":"Paris","jobTitle":"Engineer",' ..
               '"phones":{"primaryPhoneNumber":"612345678","primaryPhoneCountryCode":"FR","primaryPhoneCallingCode":"+33"}}'
  return wrk.format("POST", "/rest/people", nil, body)
end
