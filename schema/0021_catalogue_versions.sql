-- Catalogue versions are immutable (issue 12, item 7): every version of config/awards.yaml loaded is
-- kept once, with a fingerprint of its content and the content itself; loading the same version with
-- other content is refused by the loader. A decision records the catalogue version in force when it
-- was recorded, so later changes to the rules never rewrite what it was decided under.

CREATE TABLE awards.catalogue_versions (
    version     text PRIMARY KEY,
    fingerprint text NOT NULL,
    -- The catalogue as loaded, one fact a line (AwardCatalogue.canonicalText).
    content     text NOT NULL,
    loaded_at   timestamptz NOT NULL DEFAULT now(),
    loaded_by   name NOT NULL DEFAULT session_user,
    in_force    boolean NOT NULL DEFAULT false
);
-- One version is in force: the one the rule tables were last loaded with.
CREATE UNIQUE INDEX catalogue_versions_one_in_force ON awards.catalogue_versions (in_force) WHERE in_force;
GRANT SELECT ON awards.catalogue_versions TO awards_officer, awards_manager, awards_standing_agency, awards_admin;

-- Nothing but which version is in force may change, and no version may go.
CREATE FUNCTION awards.refuse_catalogue_rewrite() RETURNS trigger
    LANGUAGE plpgsql SET search_path = pg_catalog, awards, pg_temp AS $$
BEGIN
    IF TG_OP = 'DELETE' OR (to_jsonb(NEW) - 'in_force') IS DISTINCT FROM (to_jsonb(OLD) - 'in_force') THEN
        RAISE EXCEPTION '% is append-only: rows cannot be changed or deleted', TG_TABLE_NAME
            USING ERRCODE = 'insufficient_privilege';
    END IF;
    RETURN NEW;
END
$$;
REVOKE ALL ON FUNCTION awards.refuse_catalogue_rewrite() FROM PUBLIC;
CREATE TRIGGER catalogue_versions_append_only BEFORE UPDATE OR DELETE ON awards.catalogue_versions
    FOR EACH ROW EXECUTE FUNCTION awards.refuse_catalogue_rewrite();

CREATE FUNCTION awards.set_catalogue_in_force(p_version text) RETURNS void
    LANGUAGE plpgsql SET search_path = pg_catalog, awards, pg_temp AS $$
BEGIN
    UPDATE awards.catalogue_versions SET in_force = false WHERE in_force AND version <> p_version;
    UPDATE awards.catalogue_versions SET in_force = true WHERE version = p_version AND NOT in_force;
END
$$;
REVOKE ALL ON FUNCTION awards.set_catalogue_in_force(text) FROM PUBLIC;

ALTER TABLE awards.nominations ADD COLUMN catalogue_version text REFERENCES awards.catalogue_versions (version);

-- A decision (a new decision number) records the version in force. awards.advance sets decision_number
-- on every transition (to itself when the event has none), so the trigger's WHEN keeps the function
-- off every other transition.
CREATE FUNCTION awards.stamp_catalogue_version() RETURNS trigger
    LANGUAGE plpgsql SET search_path = pg_catalog, awards, pg_temp AS $$
BEGIN
    NEW.catalogue_version := (SELECT version FROM awards.catalogue_versions WHERE in_force);
    RETURN NEW;
END
$$;
REVOKE ALL ON FUNCTION awards.stamp_catalogue_version() FROM PUBLIC;
CREATE TRIGGER nominations_catalogue_version BEFORE UPDATE OF decision_number ON awards.nominations
    FOR EACH ROW WHEN (NEW.decision_number IS DISTINCT FROM OLD.decision_number AND NEW.decision_number IS NOT NULL)
    EXECUTE FUNCTION awards.stamp_catalogue_version();
