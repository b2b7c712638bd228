-- POST /graphql: 20 companies, each with its first 10 people (a nested
-- one-to-many connection per company, with its totalCount): the nested
-- paging figure of bench/graphql_bench.sh.
wrk.method = "POST"
wrk.headers["Authorization"] = "Bearer " .. os.getenv("VINGT_KEY")
wrk.headers["Content-Type"] = "application/json"
wrk.body = '{"query":"{ companies(first: 20) { edges { node { id name ' ..
           'people(first: 10) { totalCount edges { node { id name { firstName lastName } city } } } } } } }"}'
