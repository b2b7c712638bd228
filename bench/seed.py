#!/usr/bin/env python3
"""Loads realistic people into a running vingt through the batch route.

usage: seed.py PORT TOKEN COUNT [IDS_FILE]
Writes the created ids, one per line, to IDS_FILE if given. Deterministic
content (seeded), so runs compare; every person has a unique email.
With SEED_COMPANIES=K in the environment, K companies are created first and
every person works for one of them (companyId), for depth=1 figures.
"""
import http.client
import json
import os
import random
import sys

FIRST = ["Ada", "Grace", "Alan", "Linus", "Margaret", "Ken", "Barbara", "Edsger", "Frances", "Donald",
         "Radia", "John", "Katherine", "Dennis", "Hedy", "Tim", "Sophie", "Guido", "Anita", "Bjarne"]
LAST = ["Lovelace", "Hopper", "Turing", "Torvalds", "Hamilton", "Thompson", "Liskov", "Dijkstra", "Allen",
        "Knuth", "Perlman", "McCarthy", "Johnson", "Ritchie", "Lamarr", "Berners-Lee", "Wilson", "van Rossum"]
CITIES = ["Paris", "London", "Berlin", "New York", "San Francisco", "Lyon", "Madrid", "Amsterdam", "Tokyo"]
TITLES = ["Engineer", "CTO", "Product Manager", "Designer", "Head of Sales", "Founder", "Data Scientist"]


def person(rng, n, companies):
    first, last = rng.choice(FIRST), rng.choice(LAST)
    handle = f"{first}.{last}.{n}".lower().replace(" ", "")
    return {
        "name": {"firstName": first, "lastName": last},
        "emails": {"primaryEmail": f"{handle}@example.com", "additionalEmails": []},
        "linkedinLink": {"primaryLinkUrl": f"https://www.linkedin.com/in/{handle}", "primaryLinkLabel": ""},
        "jobTitle": rng.choice(TITLES),
        "city": rng.choice(CITIES),
        "phones": {"primaryPhoneNumber": f"6{rng.randrange(10**7, 10**8)}", "primaryPhoneCountryCode": "FR",
                   "primaryPhoneCallingCode": "+33"},
        **({"companyId": companies[n % len(companies)]} if companies else {}),
    }


def main():
    port, token, count = int(sys.argv[1]), sys.argv[2], int(sys.argv[3])
    ids_file = sys.argv[4] if len(sys.argv) > 4 else None
    rng = random.Random(20)
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    headers = {"Authorization": f"Bearer {token}", "Content-Type": "application/json"}
    ids = []
    companies = []
    for start in range(0, int(os.environ.get("SEED_COMPANIES", "0")), 200):
        batch = [{"name": f"Company {start + i}", "domainName": {"primaryLinkUrl": f"https://c{start + i}.example.com"}}
                 for i in range(min(200, int(os.environ["SEED_COMPANIES"]) - start))]
        conn.request("POST", "/rest/batch/companies", body=json.dumps(batch), headers=headers)
        resp = conn.getresponse()
        body = resp.read()
        if resp.status != 201:
            sys.exit(f"seed: company batch failed with {resp.status}: {body[:300]!r}")
        companies.extend(c["id"] for c in json.loads(body)["data"]["createCompanies"])
    n = 0
    while n < count:
        batch = [person(rng, n + i, companies) for i in range(min(200, count - n))]
        conn.request("POST", "/rest/batch/people", body=json.dumps(batch), headers=headers)
        resp = conn.getresponse()
        body = resp.read()
        if resp.status != 201:
            sys.exit(f"seed: batch failed with {resp.status}: {body[:300]!r}")
        ids.extend(p["id"] for p in json.loads(body)["data"]["createPeople"])
        n += len(batch)
    if ids_file:
        with open(ids_file, "w") as f:
            f.write("\n".join(ids) + "\n")


if __name__ == "__main__":
    main()
