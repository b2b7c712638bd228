-- POST /rest/people with a unique email per request (thread id + counter).
local counter = 0
local thread_id = 0
local next_thread = 0
setup = function(thread)
  next_thread = next_thread + 1
  thread:set("thread_id", next_thread)
end
init = function(args)
  thread_id = thread_id or 0
  math.randomseed(os.time() + thread_id)
end
wrk.headers["Authorization"] = "Bearer " .. os.getenv("VINGT_KEY")
wrk.headers["Content-Type"] = "application/json"
request = function()
  counter = counter + 1
  local tag = string.format("%d-%d-%d", thread_id, math.random(1, 1000000000), counter)
  local body = '{"name":{"firstName":"Bench","lastName":"' .. tag .. '"},' ..
               '"emails":{"primaryEmail":"b' .. tag .. '@bench.test"},"city":"Paris","jobTitle":"Engineer",' ..
               '"phones":{"primaryPhoneNumber":"612345678","primaryPhoneCountryCode":"FR","primaryPhoneCallingCode":"+33"}}'
  return wrk.format("POST", "/rest/people", nil, body)
end
