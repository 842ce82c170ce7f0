-- Foundation: the schema, the group roles every person's login role joins, and text search that
-- ignores Vietnamese diacritics.
--
-- Roles are cluster-wide while this file runs once per database, so each CREATE ROLE tolerates a role
-- that another database (or a concurrent migration) already created.

CREATE SCHEMA IF NOT EXISTS awards;
REVOKE ALL ON SCHEMA awards FROM PUBLIC;

CREATE EXTENSION IF NOT EXISTS unaccent WITH SCHEMA awards;
CREATE EXTENSION IF NOT EXISTS pg_trgm WITH SCHEMA awards;

DO $roles$
DECLARE
    group_role text;
BEGIN
    FOREACH group_role IN ARRAY ARRAY['awards_officer', 'awards_manager', 'awards_standing_agency', 'awards_admin'] LOOP
        BEGIN
            EXECUTE format('CREATE ROLE %I NOLOGIN', group_role);
        EXCEPTION WHEN duplicate_object OR unique_violation THEN
            NULL;
        END;
    END LOOP;
END
$roles$;

GRANT USAGE ON SCHEMA awards TO awards_officer, awards_manager, awards_standing_agency, awards_admin;

-- The key searches compare: lower case, no diacritics, NFC first so decomposed input folds the same.
-- unaccent's dictionary is named explicitly, which is what makes the function safe to call IMMUTABLE
-- (and so usable in generated columns and indexes).
CREATE FUNCTION awards.search_key(text) RETURNS text
    LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
    RETURN lower(awards.unaccent('awards.unaccent'::regdictionary, normalize($1, NFC)));

-- Stored names must be NFC, non-blank and without stray outer spaces; the CLI canonicalizes input,
-- and this keeps psql users to the same rule.
CREATE DOMAIN awards.display_name AS text
    CHECK (VALUE IS NFC NORMALIZED AND btrim(VALUE) = VALUE AND VALUE <> '' AND length(VALUE) <= 300);

CREATE DOMAIN awards.code AS text
    CHECK (VALUE ~ '^[a-z0-9][a-z0-9_.-]{0,62}$');
