#!/usr/bin/env python3
"""Writes the seed corpora of tests/fuzz/corpus/<target>/ (all but
recovery's, which fuzz_recovery writes from a real data dir:
VINGT_FUZZ_WRITE_SEEDS=tests/fuzz/corpus/recovery build-fuzz/tests/fuzz/fuzz_recovery).

Seeds are small, valid examples of what each target reads, so libFuzzer
starts from inputs that reach deep instead of from bytes. Rerun after
editing; the files are committed.

    python3 tests/fuzz/write_seeds.py
"""
import base64
import json
import os
import shutil

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "corpus")
PERSON = "20202020-1111-4000-8000-000000000001"


def write(target, seeds):
    folder = os.path.join(ROOT, target)
    shutil.rmtree(folder, ignore_errors=True)
    os.makedirs(folder)
    for i, seed in enumerate(seeds):
        data = seed.encode() if isinstance(seed, str) else seed
        with open(os.path.join(folder, "seed-%02d" % i), "wb") as f:
            f.write(data)


def http(method, target, body="", headers=()):
    head = "%s %s HTTP/1.1\r\nHost: 127.0.0.1\r\n" % (method, target)
    for name, value in headers:
        head += "%s: %s\r\n" % (name, value)
    if body:
        head += "Content-Type: application/json\r\nContent-Length: %d\r\n" % len(body.encode())
    return head + "\r\n" + body


def cursor(obj):
    return base64.b64encode(json.dumps(obj, separators=(",", ":")).encode()).decode()


write("http_parser", [
    http("GET", "/rest/people?limit=2&filter=city%5Beq%5D%3ALondon"),
    http("POST", "/rest/people", '{"name":{"firstName":"Ada"}}'),
    http("GET", "/healthz") + http("GET", "/rest/companies", headers=[("Connection", "close")]),
    "POST /graphql HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n5\r\n{\"a\":\r\n2\r\n1}\r\n0\r\n\r\n",
    "POST /rest/people HTTP/1.1\r\nExpect: 100-continue\r\nContent-Length: 2\r\n\r\n{}",
    "GET / HTTP/1.0\r\n\r\n",
    "GET /x HTTP/1.1\r\nAuthorization: Bearer a\r\n  folded\r\n\r\n",
    "POST /x HTTP/1.1\r\nContent-Length: 3\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n",
    "POST /x HTTP/1.1\r\nContent-Length: 3\r\nContent-Length: 4\r\n\r\nabcd",
    "GET /x HTTP/1.1\nHost: bare-lf\n\n",
    "PATCH /rest/people/%s HTTP/1.1\r\nContent-Length: 0\r\n\r\n" % PERSON,
])

write("url_query", [
    "/rest/people?limit=2&filter=name.firstName%5Beq%5D%3AAda&order_by=createdAt%5BDescNullsLast%5D",
    "/rest/metadata/objects/%s" % PERSON,
    "a=1&b=%20x+y&c&=d&e=%zz&%E2%82%AC=%E2%82%AC",
    "https://receiver.example.com:8443/hooks/twenty?x=1#frag",
    "http://[::1]:8080/",
    "HTTP://User@Example.COM",
    "ftp://example.com/file",
    "www.example.com/page?q=1",
    "//double//slashes/",
])

write("scalar_values", [
    "2024-05-01T10:00:00.000Z", "2020-02-29", "2024-05-01T10:00:00+02:00", "1999-12-31",
    "  1e21 ", "0x1F", "-0", "12.50", "Infinity", "eyJpZCI6IjEifQ==", "ada@example.com",
    "Ada.Lovelace+crm@EXAMPLE.co.uk", "\u00e9l\u00e8ve@exemple.fr",
])

write("rest_filter", [
    "name.firstName[eq]:Ada",
    "and(name.firstName[like]:%25A%25,or(city[in]:[London,'Paris',\"Berlin\"],not(employees[gte]:10)))",
    "createdAt[lt]:2024-01-01T00:00:00.000Z,deletedAt[is]:NULL",
    "emails.primaryEmail[ilike]:\"%@example.com\",phones.primaryPhoneNumber[startsWith]:+33",
    "tags[containsAny]:[CUTE,LOUD],extra[is]:NOT_NULL",
    "id[neq]:%s" % PERSON,
    "name.lastName[DescNullsLast],city,position[AscNullsFirst]",
    "not(not(not(city[eq]:a)))",
])

write("cursor", [
    "\n" + cursor({"id": PERSON}),
    "position\n" + cursor({"position": 1, "id": PERSON}),
    "name.lastName[DescNullsLast],city\n" + cursor({"name": {"lastName": "Lovelace"}, "city": "London", "id": PERSON}),
    "createdAt[DescNullsFirst]\n" + cursor({"createdAt": "2024-05-01T10:00:00.000Z", "id": PERSON}),
    "legs,weight[DescNullsLast],seenAt\n" + cursor({"legs": 4, "weight": None, "seenAt": None, "id": PERSON}),
    "species,vaccinated,birthday\n" + cursor({"species": "DOG", "vaccinated": True, "birthday": "2020-02-29", "id": PERSON}),
    "price.amountMicros,vet.firstName\n" + cursor({"price": {"amountMicros": 1}, "vet": {"firstName": "J"}, "id": PERSON}),
])

# record_json: byte 0 picks the object (people, companies, opportunities,
# pets, tasks, notes) and, plus 6, an update of an existing record.
record = lambda obj, update, body: bytes([obj + (6 if update else 0)]) + json.dumps(body).encode()
write("record_json", [
    record(0, False, {"name": {"firstName": "Ada", "lastName": "Lovelace"}, "emails": {"primaryEmail": "ada@example.com", "additionalEmails": ["a@b.co"]},
                      "phones": {"primaryPhoneNumber": "612345678", "primaryPhoneCountryCode": "FR", "primaryPhoneCallingCode": "+33"},
                      "linkedinLink": {"primaryLinkUrl": "linkedin.com/in/ada", "secondaryLinks": [{"url": "x.com", "label": "X"}]},
                      "city": "London", "avatarUrl": "https://a.example/ada.png", "createdBy": {"source": "IMPORT"}}),
    record(1, False, {"name": "Acme", "employees": 12, "idealCustomerProfile": True,
                      "address": {"addressStreet1": "1 Main St", "addressCity": "Paris", "addressPostcode": "75001", "addressLat": 48.8, "addressLng": 2.3},
                      "annualRecurringRevenue": {"amountMicros": 5000000, "currencyCode": "EUR"}, "domainName": {"primaryLinkUrl": "acme.example"}}),
    record(2, False, {"name": "Deal", "stage": "MEETING", "closeDate": "2024-06-01T00:00:00.000Z", "amount": {"amountMicros": "1000000", "currencyCode": "USD"}}),
    record(3, False, {"name": "Rex", "species": "CAT", "tags": ["CUTE", "LOUD"], "cuteness": "RATING_5", "legs": 3, "weight": 4.25,
                      "vaccinated": False, "birthday": "2021-01-31", "seenAt": "2024-05-01T10:00:00Z", "extra": {"k": [1, "two", None]},
                      "nicknames": ["a", "b"], "chip": PERSON, "price": {"amountMicros": None, "currencyCode": ""},
                      "vet": {"firstName": "A", "lastName": "B"}, "pages": {"primaryLinkUrl": "https://vet.example"},
                      "contacts": {"primaryEmail": "vet@example.com"}, "phones": {"primaryPhoneNumber": "+442071234567"},
                      "home": {"addressCountry": "France"}, "notes": {"markdown": "# Hi", "blocknote": None}}),
    record(4, False, {"title": "Call", "status": "TODO", "dueAt": "2024-05-02T09:00:00.000Z", "bodyV2": {"markdown": "**x**"}}),
    record(5, False, {"title": "Note", "bodyV2": {"blocknote": "[]", "markdown": ""}}),
    record(0, True, {"jobTitle": "Countess", "name": {"lastName": "King"}, "company": {"connect": {"where": {"name": "Acme"}}}}),
    record(3, True, {"tags": None, "legs": "4", "species": None}),
    record(0, True, {"emails": {"primaryEmail": "not-an-email"}}),
])

write("graphql", [
    "{ people(first: 2, orderBy: [{name: {lastName: AscNullsFirst}}]) { totalCount edges { node { id name { firstName } emails { primaryEmail } company { name } } cursor } pageInfo { hasNextPage endCursor } } }",
    "query Q($f: PersonFilterInput) { people(filter: $f) { edges { node { city } } } }\0{\"f\":{\"city\":{\"in\":[\"London\"]},\"or\":[{\"jobTitle\":{\"ilike\":\"%m%\"}}]}}",
    "mutation { createPet(data: {name: \"Tom\", species: CAT, tags: [CUTE], legs: 4, vaccinated: true, birthday: \"2020-01-01\"}) { id species tags } }",
    "mutation M($id: UUID!) { updatePerson(id: $id, data: {city: \"Paris\"}) { id city } }\0{\"id\":\"%s\"}" % PERSON,
    "{ pets { edges { node { name price { amountMicros currencyCode } vet { firstName } home { addressCity } notes { markdown } extra nicknames } } } }",
    "{ companies { groupBy: totalCount } __schema { types { name kind fields { name } } } }",
    "fragment F on Person { id ...G } fragment G on Person { city } { people { edges { node { ...F } } } }",
    "query A { __typename } query B { people { totalCount } }\0{}\0B",
    "mutation { deletePeople(filter: {city: {eq: \"Nowhere\"}}) { id } }",
    "{ opportunities(filter: {amount: {amountMicros: {gte: 10}}}) { edges { node { stage amount { amountMicros } pointOfContact { name { firstName } } } } } }",
])

write("api", [
    http("GET", "/rest/people?limit=2&order_by=name.lastName%5BDescNullsLast%5D&depth=1"),
    http("GET", "/rest/pets?filter=and(species%5Beq%5D:DOG,legs%5Bgte%5D:2)&fields=name,tags"),
    http("POST", "/rest/people", '{"name":{"firstName":"Linus"},"city":"Helsinki"}'),
    http("POST", "/rest/batch/companies", '[{"name":"A"},{"name":"B","employees":3}]'),
    http("PATCH", "/rest/people?filter=city[eq]:London", '{"jobTitle":"Engineer"}'),
    http("POST", "/rest/people/duplicates", '{"data":[{"name":{"firstName":"Ada","lastName":"Lovelace"}}]}'),
    http("GET", "/rest/people/groupBy?group_by=%5B%7B%22city%22%3Atrue%7D%5D"),
    http("POST", "/graphql", json.dumps({"query": "{ people { totalCount edges { node { name { firstName } } } } }"})),
    http("POST", "/metadata", json.dumps({"query": "{ objects(paging: {first: 5}) { edges { node { nameSingular fields { edges { node { name type } } } } } } }"})),
    http("POST", "/rest/metadata/fields", '{"objectMetadataId":"%s","type":"TEXT","name":"nick","label":"Nick"}' % PERSON),
    http("GET", "/rest/open-api/core"),
    http("GET", "/rest/metadata/webhooks"),
    http("DELETE", "/rest/people/%s" % PERSON) + http("PATCH", "/rest/restore/people/%s" % PERSON),
    http("GET", "/rest/people", headers=[("Authorization", "Bearer nope")]),
    http("GET", "/admin/workspaces", headers=[("Authorization", "Bearer fuzz-admin-token-0123456789abcdef")]),
    http("GET", "/healthz/database"),
])

write("api_key", [
    "Bearer KEY", "bearer KEY", "Bearer  KEY ", "Bearer KEYx", "Basic KEY", "KEY", "Bearer ADMIN",
    "Bearer eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ4In0.c2ln", "Bearer KEY, Bearer KEY",
])
