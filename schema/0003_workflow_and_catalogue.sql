-- The loaded workflow definitions and the award catalogue, as data the database consults when it checks
-- a transition. They are written by `awards db migrate` (as the owner) from config/workflow.yaml and
-- config/awards.yaml after the Swift loader has validated them; people only read them.

CREATE TABLE awards.workflow_definitions (
    version         text PRIMARY KEY,
    fingerprint     text NOT NULL,
    name            text NOT NULL,
    initial_state   text NOT NULL,
    loaded_at       timestamptz NOT NULL DEFAULT now(),
    loaded_by       name NOT NULL DEFAULT session_user
);

CREATE TABLE awards.workflow_states (
    version         text NOT NULL REFERENCES awards.workflow_definitions (version),
    state           text NOT NULL,
    stage           text NOT NULL,
    label           text,
    terminal        boolean NOT NULL,
    deadline_working_days integer,
    deadline_field  text,
    PRIMARY KEY (version, state)
);

-- One row per (event, from-state, outcome): `from_state` NULL is the event that creates a nomination;
-- `when_field`/`when_value` choose the target when a choice field decides it.
CREATE TABLE awards.workflow_transitions (
    version         text NOT NULL REFERENCES awards.workflow_definitions (version),
    event           text NOT NULL,
    from_state      text,
    to_state        text NOT NULL,
    roles           text[] NOT NULL,
    fields          jsonb NOT NULL,     -- [{"name", "type", "required", "options"}]
    when_field      text,
    when_value      text,
    guards          text[] NOT NULL DEFAULT '{}',
    UNIQUE NULLS NOT DISTINCT (version, event, from_state, when_value),
    FOREIGN KEY (version, to_state) REFERENCES awards.workflow_states (version, state)
);

-- Definitions are history: once nominations started under one, it must not change under them.
CREATE FUNCTION awards.refuse_change() RETURNS trigger
    LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION '% is append-only: rows cannot be changed or deleted', TG_TABLE_NAME
        USING ERRCODE = 'insufficient_privilege';
END
$$;
CREATE TRIGGER workflow_definitions_append_only BEFORE UPDATE OR DELETE ON awards.workflow_definitions
    FOR EACH ROW EXECUTE FUNCTION awards.refuse_change();
CREATE TRIGGER workflow_states_append_only BEFORE UPDATE OR DELETE ON awards.workflow_states
    FOR EACH ROW EXECUTE FUNCTION awards.refuse_change();
CREATE TRIGGER workflow_transitions_append_only BEFORE UPDATE OR DELETE ON awards.workflow_transitions
    FOR EACH ROW EXECUTE FUNCTION awards.refuse_change();

CREATE TABLE awards.authority_levels (
    code            text PRIMARY KEY,
    name            text NOT NULL,
    within_province boolean NOT NULL,
    valid_from      date,
    valid_to        date
);

CREATE TABLE awards.award_types (
    code            text PRIMARY KEY,
    name            text NOT NULL,
    category        text NOT NULL CHECK (category IN ('title', 'form')),
    nominees        text[] NOT NULL,
    granted_by      text[] NOT NULL
);

CREATE TABLE awards.award_legal_bases (
    award_code      text NOT NULL REFERENCES awards.award_types (code),
    document        text NOT NULL,
    valid_from      date NOT NULL,
    valid_to        date,
    PRIMARY KEY (award_code, valid_from)
);

CREATE FUNCTION awards.award_in_force(p_code text, p_on date) RETURNS boolean
    LANGUAGE sql STABLE AS $$
    SELECT EXISTS (SELECT 1 FROM awards.award_legal_bases
                   WHERE award_code = p_code AND valid_from <= p_on AND (valid_to IS NULL OR valid_to >= p_on))
$$;

-- Authority levels that sign the award on the day.
CREATE FUNCTION awards.granting_levels(p_code text, p_on date) RETURNS SETOF awards.authority_levels
    LANGUAGE sql STABLE AS $$
    SELECT l.* FROM awards.authority_levels l JOIN awards.award_types a ON l.code = ANY (a.granted_by)
    WHERE a.code = p_code
      AND (l.valid_from IS NULL OR l.valid_from <= p_on) AND (l.valid_to IS NULL OR l.valid_to >= p_on)
$$;

GRANT SELECT ON awards.workflow_definitions, awards.workflow_states, awards.workflow_transitions,
                awards.authority_levels, awards.award_types, awards.award_legal_bases
    TO awards_officer, awards_manager, awards_standing_agency, awards_admin;
