-- POST /graphql: 60 people, 8 fields, company expanded (the GraphQL side of
-- bench/graphql_bench.sh; the REST side is GET /rest/people?limit=60&depth=1&fields=…,company).
wrk.method = "POST"
wrk.headers["Authorization"] = "Bearer " .. os.getenv("VINGT_KEY")
wrk.headers["Content-Type"] = "application/json"
wrk.body = '{"query":"{ people(first: 60) { edges { node { id name { firstName lastName } ' ..
           'emails { primaryEmail } city jobTitle phones { primaryPhoneNumber } createdAt position ' ..
           'company { id name } } } } }"}'
