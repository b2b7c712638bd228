-- GET /rest/people/{id} over ids read from $VINGT_IDS (one per line), round robin.
local ids = {}
for line in io.lines(os.getenv("VINGT_IDS")) do ids[#ids + 1] = line end
local i = 0
wrk.headers["Authorization"] = "Bearer " .. os.getenv("VINGT_KEY")
request = function()
  i = i % #ids + 1
  return wrk.format("GET", "/rest/people/" .. ids[i])
end
