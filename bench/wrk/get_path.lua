-- GET of wrk's URL path with the API key.
wrk.headers["Authorization"] = "Bearer " .. os.getenv("VINGT_KEY")
