#!/usr/bin/env python3
"""Loads realistic people into a running vingt through the batch route.

usage: seed.py PORT TOKEN COUNT [IDS_FILE]
Writes the created ids, one per line, to IDS_FILE if given. Deterministic
content (seeded), so runs compare; every person has a unique email.
"""
import http.client
import json
import random
import sys

FIRST = ["Ada", "Grace", "Alan", "Linus", "Margaret", "Ken", "Barbara", "Edsger", "Frances", "Donald",
         "Radia", "John", "Katherine", "Dennis", "Hedy", "Tim", "Sophie", "Guido", "Anita", "Bjarne"]
LAST = ["Lovelace", "Hopper", "Turing", "Torvalds", "Hamilton", "Thompson", "Liskov", "Dijkstra", "Allen",
        "Knuth", "Perlman", "McCarthy", "Johnson", "Ritchie", "Lamarr", "Berners-Lee", "Wilson", "van Rossum"]
CITIES = ["Paris", "London", "Berlin", "New York", "San Francisco", "Lyon", "Madrid", "Amsterdam", "Tokyo"]
TITLES = ["Engineer", "CTO", "Product Manager", "Designer", "Head of Sales", "Founder", "Data Scientist"]


def person(rng, n):
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
    }


def main():
    port, token, count = int(sys.argv[1]), sys.argv[2], int(sys.argv[3])
    ids_file = sys.argv[4] if len(sys.argv) > 4 else None
    rng = random.Random(20)
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    headers = {"Authorization": f"Bearer {token}", "Content-Type": "application/json"}
    ids = []
    n = 0
    while n < count:
        batch = [person(rng, n + i) for i in range(min(200, count - n))]
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
