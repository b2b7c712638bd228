-- The person and company tables as a Postgres-backed Twenty workspace has
-- them (column names, composite fields flattened into "<field><SubField>",
-- the ACTOR / LINKS / PHONES columns vingt also stores), for
-- bench/query_bench.sh. Loaded before any index exists; the indexes are in
-- query_bench_indexes.sql.
--
-- Unset text is '' (Twenty's default), so widths match a real workspace and
-- a sequential scan reads what it would read there.

-- Twenty's search vector wraps unaccent in an IMMUTABLE function so that a
-- generated column may call it. Only the load pays for it.
DO $$
BEGIN
  CREATE EXTENSION IF NOT EXISTS unaccent;
  CREATE OR REPLACE FUNCTION public.unaccent_immutable(input text) RETURNS text
    LANGUAGE sql IMMUTABLE AS $f$ SELECT public.unaccent('public.unaccent'::regdictionary, input) $f$;
EXCEPTION WHEN OTHERS THEN
  -- Without postgresql-contrib the vector is built from the accented text.
  CREATE OR REPLACE FUNCTION public.unaccent_immutable(input text) RETURNS text
    LANGUAGE sql IMMUTABLE AS $f$ SELECT input $f$;
END $$;

CREATE TABLE company (
  id uuid NOT NULL,
  name text DEFAULT '',
  "domainNamePrimaryLinkUrl" text DEFAULT '',
  "domainNamePrimaryLinkLabel" text DEFAULT '',
  "domainNameSecondaryLinks" jsonb,
  position double precision NOT NULL DEFAULT 0,
  "createdBySource" text NOT NULL DEFAULT 'API',
  "createdByWorkspaceMemberId" uuid,
  "createdByName" text NOT NULL DEFAULT 'bench',
  "createdByContext" jsonb DEFAULT '{}',
  "createdAt" timestamptz NOT NULL DEFAULT now(),
  "updatedAt" timestamptz NOT NULL DEFAULT now(),
  "deletedAt" timestamptz,
  "searchVector" tsvector GENERATED ALWAYS AS (to_tsvector('simple',
      COALESCE(public.unaccent_immutable(name), '') || ' ' ||
      COALESCE(public.unaccent_immutable("domainNamePrimaryLinkUrl"), ''))) STORED
);

CREATE TABLE person (
  id uuid NOT NULL,
  "nameFirstName" text DEFAULT '',
  "nameLastName" text DEFAULT '',
  "emailsPrimaryEmail" text DEFAULT '',
  "emailsAdditionalEmails" jsonb,
  "linkedinLinkPrimaryLinkUrl" text DEFAULT '',
  "linkedinLinkPrimaryLinkLabel" text DEFAULT '',
  "linkedinLinkSecondaryLinks" jsonb,
  "xLinkPrimaryLinkUrl" text DEFAULT '',
  "xLinkPrimaryLinkLabel" text DEFAULT '',
  "xLinkSecondaryLinks" jsonb,
  "jobTitle" text DEFAULT '',
  "phonesPrimaryPhoneNumber" text DEFAULT '',
  "phonesPrimaryPhoneCountryCode" text DEFAULT '',
  "phonesPrimaryPhoneCallingCode" text DEFAULT '',
  "phonesAdditionalPhones" jsonb,
  "whatsappPrimaryPhoneNumber" text DEFAULT '',
  "whatsappPrimaryPhoneCountryCode" text DEFAULT '',
  "whatsappPrimaryPhoneCallingCode" text DEFAULT '',
  "whatsappAdditionalPhones" jsonb,
  city text DEFAULT '',
  "avatarUrl" text DEFAULT '',
  position double precision NOT NULL DEFAULT 0,
  "createdBySource" text NOT NULL DEFAULT 'API',
  "createdByWorkspaceMemberId" uuid,
  "createdByName" text NOT NULL DEFAULT 'bench',
  "createdByContext" jsonb DEFAULT '{}',
  "updatedBySource" text NOT NULL DEFAULT 'API',
  "updatedByWorkspaceMemberId" uuid,
  "updatedByName" text NOT NULL DEFAULT 'bench',
  "updatedByContext" jsonb DEFAULT '{}',
  "createdAt" timestamptz NOT NULL DEFAULT now(),
  "updatedAt" timestamptz NOT NULL DEFAULT now(),
  "deletedAt" timestamptz,
  "companyId" uuid,
  -- Twenty's expression for person (SEARCH_FIELDS_FOR_PERSON: name, emails,
  -- phones, jobTitle; the email again by its domain, the phone with its
  -- calling code, with and without '+').
  "searchVector" tsvector GENERATED ALWAYS AS (to_tsvector('simple',
      COALESCE(public.unaccent_immutable("nameFirstName"), '') || ' ' ||
      COALESCE(public.unaccent_immutable("nameLastName"), '') || ' ' ||
      COALESCE(public.unaccent_immutable("emailsPrimaryEmail"), '') || ' ' ||
      COALESCE(public.unaccent_immutable(SPLIT_PART("emailsPrimaryEmail", '@', 2)), '') || ' ' ||
      COALESCE("phonesPrimaryPhoneNumber", '') || ' ' ||
      COALESCE("phonesPrimaryPhoneCallingCode" || "phonesPrimaryPhoneNumber", '') || ' ' ||
      COALESCE(REPLACE("phonesPrimaryPhoneCallingCode", '+', '') || "phonesPrimaryPhoneNumber", '') || ' ' ||
      COALESCE(public.unaccent_immutable("jobTitle"), ''))) STORED
);
