#!/usr/bin/env python3
"""Deterministic people and companies for bench/query_bench.sh, loaded into
vingt and PostgreSQL alike so the two hold the same rows.

usage: gen_people.py --people N [--seed S] [--port PORT --key TOKEN] [--csv-dir DIR]

With --port/--key the rows go to a running vingt through POST
/rest/batch/companies and /rest/batch/people (200 per request); with
--csv-dir they are written as DIR/company.csv and DIR/person.csv for COPY
(FORMAT csv, HEADER MATCH: the header names the columns, CSV_*_COLUMNS
below; every field quoted). Both can
be given: the rows are then generated once. The generator chooses the ids
(vingt accepts "id" on create), so both sides use the same uuids.

N people work for N/10 companies. The distributions are skewed like real
CRM data so that filters have realistic selectivities: city is Zipf-like
(Paris ~10%, Oslo ~1%), ~5% of job titles start with "Staff", first names
containing "ad" are ~9%, last names follow a long tail (McCarthy ~0.1%), and
emails are "<first>.<last><n>@<domain>" with n the person's number, so
%mccarthy12% matches about a dozen people at a million (McCarthy ~0.1%,
numbers starting with 12 ~1.1%).
"""
import argparse
import bisect
import csv
import http.client
import json
import os
import queue
import random
import sys
import threading
import time
import unicodedata

FIRST_NAMES = """
James Mary John Patricia Robert Jennifer Michael Linda William Elizabeth David Barbara Richard Susan Joseph
Jessica Thomas Sarah Charles Karen Christopher Nancy Daniel Lisa Matthew Betty Anthony Margaret Mark Sandra
Donald Ashley Steven Kimberly Paul Emily Andrew Donna Joshua Michelle Kenneth Dorothy Kevin Carol Brian Amanda
George Melissa Timothy Deborah Ronald Stephanie Edward Rebecca Jason Sharon Jeffrey Laura Ryan Cynthia Jacob
Kathleen Gary Amy Nicholas Angela Eric Shirley Jonathan Anna Stephen Brenda Larry Pamela Justin Emma Scott
Nicole Brandon Helen Benjamin Samantha Samuel Katherine Gregory Christine Alexander Debra Frank Rachel Patrick
Carolyn Raymond Janet Jack Catherine Dennis Maria Jerry Heather Tyler Diane Aaron Ruth Jose Julie Henry Olivia
Nathan Joyce Douglas Virginia Peter Victoria Zachary Kelly Kyle Lauren Walter Christina Ethan Joan Jeremy
Evelyn Harold Judith Keith Megan Christian Andrea Roger Hannah Noah Gloria Sean Teresa Arthur Sara Pierre
Camille Lucas Léa Hugo Chloé Louis Manon Jules Inès Mathieu Sophie Nicolas Julien Élodie Antoine Lukas Jonas
Lena Felix Marie Matteo Giulia Alessandro Francesca Lorenzo Chiara Pablo Lucía Javier Carmen Diego Sofia
Hiroshi Yuki Wei Mei Priya Arjun Aisha Omar Fatima Youssef Ingrid Lars Sven Astrid Olga Dmitri Katarzyna Piotr
""".split()
# Names containing "ad", for the ilike %ad% query; spread over the ranks so
# their share does not depend on one popular name.
AD_NAMES = ["Adam", "Adrian", "Adele", "Bradley", "Chad", "Conrad", "Nadia", "Vladimir", "Ada", "Adeline",
            "Madison", "Hadley", "Thaddeus", "Mohammad", "Ahmad", "Bradford", "Soledad"]

REAL_LAST_NAMES = """
Smith Johnson Williams Brown Jones Garcia Miller Davis Rodriguez Martinez Hernandez Lopez Gonzalez Wilson
Anderson Thomas Taylor Moore Jackson Martin Lee Perez Thompson White Harris Sanchez Clark Ramirez Lewis
Robinson Walker Young Allen King Wright Scott Torres Nguyen Hill Flores Green Adams Nelson Baker Hall Rivera
Campbell Mitchell Carter Roberts Gomez Phillips Evans Turner Diaz Parker Cruz Edwards Collins Reyes Stewart
Morris Morales Murphy Cook Rogers Gutierrez Ortiz Morgan Cooper Peterson Bailey Reed Kelly Howard Ramos Kim
Cox Ward Richardson Watson Brooks Chavez Wood James Bennett Gray Mendoza Ruiz Hughes Price Alvarez Castillo
Sanders Patel Myers Long Ross Foster Jimenez Powell Jenkins Perry Russell Sullivan Bell Coleman Butler
Henderson Barnes Gonzales Fisher Vasquez Simmons Romero Jordan Patterson Alexander Hamilton Graham Reynolds
Griffin Wallace Moreno West Cole Hayes Bryant Herrera Gibson Ellis Tran Medina Aguilar Stevens Murray Ford
Castro Marshall Owens Harrison Fernandez McDonald Woods Washington Kennedy Wells Vargas Henry Chen Freeman
Webb Tucker Guzman Burns Crawford Olson Simpson Porter Hunter Gordon Mendez Silva Shaw Snyder Mason Dixon
Munoz Hunt Hicks Holmes Palmer Wagner Black Robertson Boyd Rose Stone Salazar Fox Warren Mills Meyer Rice
Schmidt Garza Daniels Ferguson Nichols Stephens Soto Weaver Ryan Gardner Payne Grant Dunn Kelley Spencer
Hawkins Arnold Pierce Vazquez Hansen Peters Santos Hart Bradley Knight Elliott Cunningham Duncan Armstrong
Hudson Carroll Lane Riley Andrews Alvarado Ray Delgado Berry Perkins Hoffman Johnston Matthews Pena Richards
Contreras Willis Carpenter Lawrence Sandoval McCarthy Guerrero George Chapman Rios Estrada Ortega Watkins
Greene Nunez Wheeler Valdez Harper Burke Larson Santiago Maldonado Morrison Franklin Carlson Austin Dominguez
Carr Lawson Jacobs O'Brien Lynch Singh Vega Bishop Montgomery Oliver Jensen Harvey Williamson Gilbert Dean
Sims Espinoza Howell Li Wong Reid Hanson Le McCoy Garrett Burton Fuller Wang Weber Welch Rojas Lucas Marquez
Fields Park Yang Little Banks Padilla Day Walsh Bowman Schultz Luna Fowler Mejia Davidson Acosta Brewer May
Holland Juarez Newman Pearson Curtis Cortez Douglas Schneider Joseph Barrett Navarro Figueroa Keller Avila
Wade Molina Stanley Hopkins Campos Barnett Bates Chambers Caldwell Beck Lambert Miranda Byrd Craig Ayala
Lowe Frazier Powers Neal Leonard Gregory Carrillo Sutton Fleming Rhodes Shelton Schwartz Norris Jennings
Watts Duran Walters Cohen McDaniel Moran Parks Steele Vaughn Becker Holt DeLeon Barker Terry Hale Leon Hail
Benson Haynes Horton Miles Lyons Pham Graves Bush Thornton Wolfe Warner Cabrera McKinney Mann Zimmerman
Dawson Lara Fletcher Page McCarthy Love Turing Lovelace Hopper Torvalds Dijkstra Knuth Ritchie Lamarr
Dubois Durand Lefebvre Moreau Laurent Simon Michel Leroy Roux David Bertrand Morel Fournier Girard Bonnet
Dupont Lambert Fontaine Rousseau Vincent Muller Müller Schmitt Schröder Fischer Weiß Wolf Neumann Schwarz
Zimmer Braun Krüger Hofmann Hartmann Rossi Russo Ferrari Esposito Bianchi Romano Colombo Ricci Marino Greco
Bruno Gallo Conti Costa Giordano Mancini Rizzo Lombardi Moretti Núñez Sánchez Jiménez Ruiz Álvarez Iglesias
Kowalski Nowak Wiśniewski Wójcik Kowalczyk Kamiński Lewandowski Zieliński Novák Svoboda Dvořák Horváth
Nagy Tóth Szabó Andersson Johansson Karlsson Nilsson Eriksson Larsson Olsen Hansen Pedersen Nielsen
Jensen Kristensen Virtanen Korhonen Mäkinen Ivanov Petrov Sidorov Smirnov Popescu Papadopoulos Yilmaz
Kaya Demir Sato Suzuki Takahashi Tanaka Watanabe Ito Yamamoto Nakamura Kobayashi Zhang Liu Zhao Huang Zhou
Wu Xu Sun Ma Zhu Hu Guo Lin He Gao Luo Kumar Sharma Gupta Reddy Iyer Rao Shah Mehta Das Bose Khan Ali Ahmed
Hassan Hussein Ibrahim Mahmoud Haddad Cohen Levi Mizrahi Friedman Katz Okafor Okonkwo Mensah Diallo Traoré
Ndiaye Mbeki Kamau Otieno van_Rossum de_la_Cruz van_der_Berg de_Vries van_Dijk Bakker Janssen Visser Smit
Meijer de_Boer Mulder de_Groot Bos Vos Peeters Maes Jacobs Mertens Willems Claes Goossens Wouters O'Connor
O'Neill O'Sullivan Byrne Walsh Ryan Doyle Gallagher Kavanagh MacLeod MacDonald Campbell Stewart Fraser
"""
# Roots and endings for the long tail of made-up but plausible surnames
# (Ashford, Lindqvist, Thornwell...), after the real ones in rank order.
TAIL_ROOTS = ["Ash", "Black", "Brook", "Clay", "Crane", "Dal", "East", "Fair", "Glen", "Hart", "Holl", "Kings",
              "Lang", "Lind", "Marsh", "Mill", "North", "Pem", "Ridge", "Rock", "Rose", "Stan", "Stock", "Thorn",
              "Wake", "West", "Whit", "Win", "Wood", "Har", "Bel", "Cal", "Dun", "Elm", "Fen", "Gar", "Hal"]
TAIL_ENDINGS = ["ford", "ley", "ton", "well", "wood", "field", "by", "combe", "worth", "dale", "more", "son",
                "sen", "berg", "strom", "hurst", "ham", "wick", "croft", "gate", "mont", "qvist", "stead"]

# (city, ISO country code, calling code), in rank order: weight 1/(rank+2)
# gives Paris ~10.4% and rank 29 (Oslo) ~1.0%.
CITIES = [
    ("Paris", "FR", "+33"), ("London", "GB", "+44"), ("New York", "US", "+1"), ("Berlin", "DE", "+49"),
    ("San Francisco", "US", "+1"), ("Madrid", "ES", "+34"), ("Amsterdam", "NL", "+31"), ("Lyon", "FR", "+33"),
    ("Toronto", "CA", "+1"), ("Barcelona", "ES", "+34"), ("Munich", "DE", "+49"), ("Chicago", "US", "+1"),
    ("Boston", "US", "+1"), ("Milan", "IT", "+39"), ("Brussels", "BE", "+32"), ("Dublin", "IE", "+353"),
    ("Lisbon", "PT", "+351"), ("Zurich", "CH", "+41"), ("Stockholm", "SE", "+46"), ("Copenhagen", "DK", "+45"),
    ("Vienna", "AT", "+43"), ("Austin", "US", "+1"), ("Seattle", "US", "+1"), ("Marseille", "FR", "+33"),
    ("Toulouse", "FR", "+33"), ("Montreal", "CA", "+1"), ("Sydney", "AU", "+61"), ("Singapore", "SG", "+65"),
    ("Oslo", "NO", "+47"), ("Helsinki", "FI", "+358"), ("Warsaw", "PL", "+48"), ("Prague", "CZ", "+420"),
    ("Rome", "IT", "+39"), ("Hamburg", "DE", "+49"), ("Manchester", "GB", "+44"), ("Edinburgh", "GB", "+44"),
    ("Bordeaux", "FR", "+33"), ("Lille", "FR", "+33"), ("Nantes", "FR", "+33"), ("Geneva", "CH", "+41"),
    ("Rotterdam", "NL", "+31"), ("Los Angeles", "US", "+1"), ("Denver", "US", "+1"), ("Atlanta", "US", "+1"),
    ("Miami", "US", "+1"), ("Tokyo", "JP", "+81"), ("Bangalore", "IN", "+91"), ("São Paulo", "BR", "+55"),
    ("Mexico City", "MX", "+52"), ("Buenos Aires", "AR", "+54"), ("Cape Town", "ZA", "+27"),
    ("Tel Aviv", "IL", "+972"), ("Dubai", "AE", "+971"), ("Melbourne", "AU", "+61"), ("Vancouver", "CA", "+1"),
    ("Kraków", "PL", "+48"), ("Budapest", "HU", "+36"), ("Athens", "GR", "+30"), ("Bucharest", "RO", "+40"),
    ("Tallinn", "EE", "+372"),
]
EMPTY_CITY_SHARE = 0.02  # Twenty stores an unset text field as ''

STAFF_TITLES = ["Staff Engineer", "Staff Software Engineer", "Staff Designer", "Staff Accountant",
                "Staff Data Scientist", "Staff Product Manager", "Staff Nurse", "Staff Writer"]
STAFF_SHARE = 0.05
EMPTY_TITLE_SHARE = 0.06
# Rank order (Zipf 0.7); "Chief of Staff" and "Head of Staffing" contain
# Staff without starting with it, which startsWith must not match.
OTHER_TITLES = """Software Engineer|Account Executive|Sales Manager|Product Manager|Customer Success Manager|
Marketing Manager|Senior Software Engineer|Founder|CEO|CTO|Designer|Data Analyst|Business Development Manager|
Sales Development Representative|Engineering Manager|Consultant|Project Manager|Recruiter|Operations Manager|
Accountant|Financial Analyst|Head of Sales|VP Sales|VP Marketing|Product Designer|Data Scientist|
Frontend Developer|Backend Developer|DevOps Engineer|Site Reliability Engineer|QA Engineer|Solutions Architect|
Sales Engineer|Office Manager|HR Manager|Talent Acquisition Specialist|Content Marketing Manager|
Growth Marketer|SEO Specialist|Community Manager|Customer Support Specialist|Support Engineer|
Technical Writer|Legal Counsel|General Counsel|Controller|CFO|COO|CMO|Chief of Staff|Head of Product|
Head of Engineering|Head of Marketing|Head of Customer Success|Head of Staffing|Partner|Managing Director|
Associate|Analyst|Intern|Principal Engineer|Senior Product Manager|Senior Designer|UX Researcher|
Research Scientist|Machine Learning Engineer|Security Engineer|IT Manager|System Administrator|
Network Engineer|Procurement Manager|Supply Chain Manager|Logistics Coordinator|Buyer|Store Manager|
Architect|Civil Engineer|Mechanical Engineer|Electrical Engineer|Nurse|Physician|Pharmacist|Teacher|
Professor|Journalist|Editor|Photographer|Video Producer|Event Manager|Executive Assistant|
Board Member|Investor|Advisor|Freelancer""".replace("\n", "").split("|")

COMPANY_PREFIXES = ["Blue", "North", "Quantum", "Silver", "Bright", "Green", "Iron", "Red", "Swift", "Clear",
                    "Nova", "Alpha", "Prime", "Summit", "Pacific", "Atlas", "Cedar", "Delta", "Echo", "Falcon",
                    "Granite", "Harbor", "Indigo", "Juniper", "Kestrel", "Lumen", "Maple", "Nimbus", "Orbit",
                    "Pioneer", "Quartz", "River", "Sierra", "Terra", "Urban", "Vertex", "Willow", "Zenith",
                    "Apex", "Beacon"]
COMPANY_SUFFIXES = ["Labs", "Works", "Systems", "Analytics", "Logistics", "Foods", "Health", "Energy", "Capital",
                    "Software", "Robotics", "Media", "Studio", "Partners", "Consulting", "Dynamics", "Networks",
                    "Solutions", "Ventures", "Industries", "Pharma", "Motors", "Bank", "Insurance", "Retail",
                    "Travel", "Games", "Security", "Cloud", "Data", "Bio", "Foundry", "Textiles", "Brewing",
                    "Airlines", "Marine", "Farms", "Estates", "Learning", "Design"]
PERSONAL_DOMAINS = ["gmail.com", "outlook.com", "yahoo.com", "hotmail.com", "proton.me", "icloud.com"]
PERSONAL_SHARE = 0.3

EPOCH_START = 1672531200  # 2023-01-01T00:00:00Z
EPOCH_END = 1751241600    # 2025-06-30T00:00:00Z
COMPANY_EPOCH_START = 1640995200  # 2022-01-01: companies predate their people

CSV_COMPANY_COLUMNS = ["id", "name", "domainNamePrimaryLinkUrl", "position", "createdAt", "updatedAt"]
CSV_PERSON_COLUMNS = ["id", "nameFirstName", "nameLastName", "emailsPrimaryEmail", "linkedinLinkPrimaryLinkUrl",
                      "linkedinLinkPrimaryLinkLabel", "jobTitle", "city", "phonesPrimaryPhoneNumber",
                      "phonesPrimaryPhoneCountryCode", "phonesPrimaryPhoneCallingCode", "position", "createdAt",
                      "updatedAt", "companyId"]


def zipf_weights(n, s, offset=0.0):
    return [1.0 / (rank + offset) ** s for rank in range(1, n + 1)]


class Picker:
    """Weighted choice with one rng.random() draw, so the stream stays deterministic."""

    def __init__(self, items, weights):
        self.items = items
        total = float(sum(weights))
        acc, self.cum = 0.0, []
        for w in weights:
            acc += w / total
            self.cum.append(acc)
        self.cum[-1] = 1.0

    def pick(self, rng):
        return self.items[bisect.bisect_right(self.cum, rng.random())]


def ascii_slug(text):
    """Lower-case ASCII for emails and URLs: 'Núñez' -> 'nunez', "O'Brien" -> 'obrien'."""
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return "".join(c for c in plain.lower() if c.isalnum())


def uuid4(rng):
    x = rng.getrandbits(128)
    x = (x & ~(0xF << 76)) | (0x4 << 76)  # version 4
    x = (x & ~(0x3 << 62)) | (0x2 << 62)  # RFC 4122 variant
    h = f"{x:032x}"
    return f"{h[:8]}-{h[8:12]}-{h[12:16]}-{h[16:20]}-{h[20:]}"


def iso(epoch):
    return time.strftime("%Y-%m-%dT%H:%M:%S.000Z", time.gmtime(epoch))


def build_pickers():
    firsts = list(dict.fromkeys(FIRST_NAMES))
    # Every 11th rank is an "ad" name, from rank 3 on.
    for i, name in enumerate(AD_NAMES):
        firsts.insert(min(2 + i * 11, len(firsts)), name)
    first = Picker(firsts, zipf_weights(len(firsts), 0.5))

    # "_" joins the words of one name ("van_Rossum") in the list above.
    lasts = list(dict.fromkeys(w.replace("_", " ") for w in REAL_LAST_NAMES.split()))
    tail = [r + e for r in TAIL_ROOTS for e in TAIL_ENDINGS]
    random.Random(7).shuffle(tail)
    seen = {ascii_slug(x) for x in lasts}
    for name in tail:
        if len(lasts) >= 1000:
            break
        if ascii_slug(name) not in seen:
            seen.add(ascii_slug(name))
            lasts.append(name)
    last = Picker(lasts, zipf_weights(len(lasts), 0.5))

    city = Picker(CITIES + [("", "", "")],
                  [w * (1 - EMPTY_CITY_SHARE) / sum(zipf_weights(len(CITIES), 1.0, 2.0))
                   for w in zipf_weights(len(CITIES), 1.0, 2.0)] + [EMPTY_CITY_SHARE])
    other = zipf_weights(len(OTHER_TITLES), 0.7)
    other_share = 1 - STAFF_SHARE - EMPTY_TITLE_SHARE
    title = Picker(STAFF_TITLES + OTHER_TITLES + [""],
                   [STAFF_SHARE / len(STAFF_TITLES)] * len(STAFF_TITLES)
                   + [w * other_share / sum(other) for w in other] + [EMPTY_TITLE_SHARE])
    return first, last, city, title


def company(rng, k):
    combos = len(COMPANY_PREFIXES) * len(COMPANY_SUFFIXES)
    p, s = COMPANY_PREFIXES[k % len(COMPANY_PREFIXES)], COMPANY_SUFFIXES[(k // len(COMPANY_PREFIXES)) % len(COMPANY_SUFFIXES)]
    round_ = k // combos
    name = f"{p} {s}" + (f" {round_ + 1}" if round_ else "")
    domain = f"{ascii_slug(p)}{ascii_slug(s)}{round_ + 1 if round_ else ''}.com"
    created = iso(rng.randrange(COMPANY_EPOCH_START, EPOCH_START))
    return {"id": uuid4(rng), "name": name, "domain": domain, "position": k, "createdAt": created}


def person(rng, n, pickers, companies):
    first_p, last_p, city_p, title_p = pickers
    first, last = first_p.pick(rng), last_p.pick(rng)
    city, country, calling = city_p.pick(rng)
    if not city:  # no city: the phone still has a country
        _, country, calling = CITIES[rng.randrange(len(CITIES))]
    # A few companies are big, most are small.
    comp = companies[int(len(companies) * rng.random() ** 2)]
    domain = PERSONAL_DOMAINS[rng.randrange(len(PERSONAL_DOMAINS))] if rng.random() < PERSONAL_SHARE else comp["domain"]
    handle = f"{ascii_slug(first)}.{ascii_slug(last)}{n}"
    digits = 10 if calling == "+1" else 9
    return {
        "id": uuid4(rng),
        "first": first, "last": last,
        "email": f"{handle}@{domain}",
        "linkedin": f"https://www.linkedin.com/in/{ascii_slug(first)}-{ascii_slug(last)}-{n:x}",
        "jobTitle": title_p.pick(rng),
        "city": city,
        "phone": str(rng.randrange(2 * 10 ** (digits - 1), 10 ** digits)),
        "country": country, "calling": calling,
        "position": n,
        "createdAt": iso(rng.randrange(EPOCH_START, EPOCH_END)),
        "companyId": comp["id"],
    }


def company_body(c):
    return {"id": c["id"], "name": c["name"], "domainName": {"primaryLinkUrl": f"https://{c['domain']}"},
            "position": c["position"], "createdAt": c["createdAt"]}


def person_body(p):
    return {
        "id": p["id"],
        "name": {"firstName": p["first"], "lastName": p["last"]},
        "emails": {"primaryEmail": p["email"], "additionalEmails": []},
        "linkedinLink": {"primaryLinkUrl": p["linkedin"], "primaryLinkLabel": ""},
        "jobTitle": p["jobTitle"],
        "city": p["city"],
        "phones": {"primaryPhoneNumber": p["phone"], "primaryPhoneCountryCode": p["country"],
                   "primaryPhoneCallingCode": p["calling"]},
        "companyId": p["companyId"],
        "position": p["position"],
        "createdAt": p["createdAt"],
    }


# The Postgres rows, by column. updatedAt: vingt sets it to the time of the
# load; no query reads it.
def company_row(c):
    return {"id": c["id"], "name": c["name"], "domainNamePrimaryLinkUrl": f"https://{c['domain']}",
            "position": c["position"], "createdAt": c["createdAt"], "updatedAt": c["createdAt"]}


def person_row(p):
    return {"id": p["id"], "nameFirstName": p["first"], "nameLastName": p["last"], "emailsPrimaryEmail": p["email"],
            "linkedinLinkPrimaryLinkUrl": p["linkedin"], "linkedinLinkPrimaryLinkLabel": "",
            "jobTitle": p["jobTitle"], "city": p["city"], "phonesPrimaryPhoneNumber": p["phone"],
            "phonesPrimaryPhoneCountryCode": p["country"], "phonesPrimaryPhoneCallingCode": p["calling"],
            "position": p["position"], "createdAt": p["createdAt"], "updatedAt": p["createdAt"],
            "companyId": p["companyId"]}


class Poster:
    """Sends batches from a thread, so generating batch k+1 overlaps vingt storing batch k."""

    def __init__(self, port, key):
        self.conn = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
        self.headers = {"Authorization": f"Bearer {key}", "Content-Type": "application/json"}
        self.queue = queue.Queue(maxsize=4)
        self.error = None
        self.thread = threading.Thread(target=self._run, daemon=True)
        self.thread.start()

    def _run(self):
        while True:
            item = self.queue.get()
            if item is None:
                return
            if self.error:
                continue
            path, body = item
            try:
                self.conn.request("POST", path, body=body, headers=self.headers)
                resp = self.conn.getresponse()
                answer = resp.read()
                if resp.status != 201:
                    self.error = f"{path} answered {resp.status}: {answer[:300]!r}"
            except OSError as e:
                self.error = f"{path}: {e}"

    def send(self, path, records):
        if self.error:
            sys.exit(f"gen_people: {self.error}")
        self.queue.put((path, json.dumps(records, ensure_ascii=False, separators=(",", ":")).encode()))

    def finish(self):
        self.queue.put(None)
        self.thread.join()
        if self.error:
            sys.exit(f"gen_people: {self.error}")


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--people", type=int, required=True)
    ap.add_argument("--seed", type=int, default=20)
    ap.add_argument("--port", type=int)
    ap.add_argument("--key")
    ap.add_argument("--csv-dir")
    args = ap.parse_args()
    if (args.port is None) != (args.key is None):
        ap.error("--port and --key go together")
    if args.port is None and args.csv_dir is None:
        ap.error("nothing to do: give --port/--key and/or --csv-dir")

    rng = random.Random(args.seed)
    pickers = build_pickers()
    poster = Poster(args.port, args.key) if args.port else None
    ccsv = pcsv = None
    if args.csv_dir:
        os.makedirs(args.csv_dir, exist_ok=True)
        cfile = open(os.path.join(args.csv_dir, "company.csv"), "w", newline="", encoding="utf-8")
        pfile = open(os.path.join(args.csv_dir, "person.csv"), "w", newline="", encoding="utf-8")
        # Every field quoted: COPY then reads '' as an empty string, not NULL,
        # as Twenty stores unset text.
        ccsv = csv.writer(cfile, quoting=csv.QUOTE_ALL, lineterminator="\n")
        pcsv = csv.writer(pfile, quoting=csv.QUOTE_ALL, lineterminator="\n")
        ccsv.writerow(CSV_COMPANY_COLUMNS)
        pcsv.writerow(CSV_PERSON_COLUMNS)

    companies = [company(rng, k) for k in range(max(1, args.people // 10))]
    for start in range(0, len(companies), 200):
        chunk = companies[start:start + 200]
        if poster:
            poster.send("/rest/batch/companies", [company_body(c) for c in chunk])
        if ccsv:
            ccsv.writerows([c[k] for k in CSV_COMPANY_COLUMNS] for c in map(company_row, chunk))

    n = 0
    while n < args.people:
        batch = [person(rng, n + i, pickers, companies) for i in range(min(200, args.people - n))]
        if poster:
            poster.send("/rest/batch/people", [person_body(p) for p in batch])
        if pcsv:
            pcsv.writerows([r[k] for k in CSV_PERSON_COLUMNS] for r in map(person_row, batch))
        n += len(batch)

    if poster:
        poster.finish()
    if ccsv:
        cfile.close()
        pfile.close()


if __name__ == "__main__":
    main()
