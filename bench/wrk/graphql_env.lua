-- POST /graphql with the body taken from $GRAPHQL_BODY, so one script serves
-- every GraphQL query of bench/query_bench.sh (graphql_people.lua has its
-- query built in).
wrk.method = "POST"
wrk.headers["Authorization"] = "Bearer " .. os.getenv("VINGT_KEY")
wrk.headers["Content-Type"] = "application/json"
wrk.body = os.getenv("GRAPHQL_BODY")
