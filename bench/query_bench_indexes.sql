-- The indexes a Twenty workspace creates on person and company, and no
-- others: the point of bench/query_bench.sh is to compare vingt with what a
-- Postgres-backed Twenty has, not with a hand-tuned database. Built after
-- COPY because that is faster than maintaining them row by row.
--
-- Twenty's standard indexes (twenty-server, person and company standard
-- index metadata): the foreign key, the unique composite sub-field, the
-- search vector (GIN). Recent Twenty adds (position, id) on every browsable
-- standard object for the default view order. No index on city, names,
-- jobTitle or createdAt: a workspace has none unless someone adds one.

ALTER TABLE company ADD PRIMARY KEY (id);
ALTER TABLE person ADD PRIMARY KEY (id);

-- Unique among live records and ignoring the empty value, as Twenty words
-- its unique indexes on composite sub-fields.
CREATE UNIQUE INDEX "IDX_UNIQUE_company_domainName" ON company ("domainNamePrimaryLinkUrl")
  WHERE "deletedAt" IS NULL AND "domainNamePrimaryLinkUrl" <> '';
CREATE UNIQUE INDEX "IDX_UNIQUE_person_emails" ON person ("emailsPrimaryEmail")
  WHERE "deletedAt" IS NULL AND "emailsPrimaryEmail" <> '';

CREATE INDEX "IDX_person_companyId" ON person ("companyId");
CREATE INDEX "IDX_person_position_id" ON person (position, id);
CREATE INDEX "IDX_company_position_id" ON company (position, id);
CREATE INDEX "IDX_person_searchVector" ON person USING GIN ("searchVector");
CREATE INDEX "IDX_company_searchVector" ON company USING GIN ("searchVector");

ALTER TABLE person ADD CONSTRAINT "FK_person_companyId" FOREIGN KEY ("companyId")
  REFERENCES company (id) ON DELETE SET NULL;
