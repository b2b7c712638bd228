-- GET /rest/people/{id} across workspaces: lines "KEY ID" read from
-- $VINGT_PAIRS, round robin, each request with its workspace's key.
local pairs_ = {}
for line in io.lines(os.getenv("VINGT_PAIRS")) do
  local key, id = line:match("^(%S+) (%S+)$")
  pairs_[#pairs_ + 1] = {"Bearer " .. key, "/rest/people/" .. id}
end
local i = 0
local headers = {}
request = function()
  i = i % #pairs_ + 1
  headers["Authorization"] = pairs_[i][1]
  return wrk.format("GET", pairs_[i][2], headers)
end
