-- Nominations (đề nghị khen thưởng) and their append-only history.
--
-- Who acts is the session's login role. People may read the nominations in their scope (row-level
-- security) but change them only through awards.nominate and awards.advance, which check every
-- transition against the loaded workflow definition: the state machine is enforced here, not only in
-- the CLI. History can be neither updated nor deleted, and a nomination's state always equals the last
-- history entry's target (checked at commit).

-- The units whose nominations the session's person may see and act on: their unit and every unit
-- below it; standing-agency staff and admins see every unit.
CREATE FUNCTION awards.my_units() RETURNS SETOF bigint
    LANGUAGE sql STABLE AS $$
    SELECT t.unit_id FROM awards.people p CROSS JOIN LATERAL awards.unit_subtree(p.unit_id) t
    WHERE p.login_role = session_user
$$;

CREATE FUNCTION awards.sees_all_units() RETURNS boolean
    LANGUAGE sql STABLE AS $$
    SELECT EXISTS (SELECT 1 FROM awards.people
                   WHERE login_role = session_user AND roles && ARRAY['standing_agency', 'admin'])
$$;

CREATE TABLE awards.nominations (
    id                  bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    nominee_kind        text NOT NULL CHECK (nominee_kind IN ('individual', 'collective')),
    nominee_name        awards.display_name NOT NULL,
    occupation          text NOT NULL CHECK (occupation IN ('worker', 'farmer', 'direct_labourer', 'civil_servant',
                                                            'manager', 'scientist', 'enterprise', 'other')),
    gender              text CHECK (gender IN ('female', 'male')),
    unit_id             bigint NOT NULL REFERENCES awards.units (id),
    movement_id         bigint REFERENCES awards.movements (id),
    definition_version  text NOT NULL REFERENCES awards.workflow_definitions (version),
    state               text NOT NULL,
    -- The latest value of every workflow field (achievement_summary, award_code, decision_number, …).
    facts               jsonb NOT NULL DEFAULT '{}',
    proposed_award      text REFERENCES awards.award_types (code),
    decision_number     text,
    decision_date       date,
    history_length      integer NOT NULL,
    state_entered_at    timestamptz NOT NULL DEFAULT now(),
    created_by          name NOT NULL DEFAULT session_user,
    created_at          timestamptz NOT NULL DEFAULT now(),
    search_key          text GENERATED ALWAYS AS (awards.search_key(nominee_name)) STORED,
    CHECK (nominee_kind = 'individual' OR gender IS NULL),
    FOREIGN KEY (definition_version, state) REFERENCES awards.workflow_states (version, state)
);
CREATE INDEX nominations_unit ON awards.nominations (unit_id);
CREATE INDEX nominations_state ON awards.nominations (state);
CREATE INDEX nominations_search ON awards.nominations USING gin (search_key awards.gin_trgm_ops);

CREATE TABLE awards.nomination_history (
    nomination_id       bigint NOT NULL REFERENCES awards.nominations (id),
    seq                 integer NOT NULL CHECK (seq >= 1),
    event               text NOT NULL,
    from_state          text,
    to_state            text NOT NULL,
    session_role        name NOT NULL DEFAULT session_user,
    acting_role         text NOT NULL,
    at                  timestamptz NOT NULL DEFAULT now(),
    note                text,
    fields              jsonb NOT NULL DEFAULT '{}',
    definition_version  text NOT NULL REFERENCES awards.workflow_definitions (version),
    -- One entry per step: a second writer of the same step collides here instead of forking history.
    PRIMARY KEY (nomination_id, seq),
    CHECK ((seq = 1) = (from_state IS NULL))
);

-- History is append-only for everyone, the owner included.
CREATE TRIGGER nomination_history_append_only BEFORE UPDATE OR DELETE ON awards.nomination_history
    FOR EACH ROW EXECUTE FUNCTION awards.refuse_change();
CREATE FUNCTION awards.refuse_truncate() RETURNS trigger
    LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION '% cannot be truncated', TG_TABLE_NAME USING ERRCODE = 'insufficient_privilege';
END
$$;
CREATE TRIGGER nomination_history_no_truncate BEFORE TRUNCATE ON awards.nomination_history
    FOR EACH STATEMENT EXECUTE FUNCTION awards.refuse_truncate();
CREATE TRIGGER nominations_no_truncate BEFORE TRUNCATE ON awards.nominations
    FOR EACH STATEMENT EXECUTE FUNCTION awards.refuse_truncate();
CREATE TRIGGER nominations_no_delete BEFORE DELETE ON awards.nominations
    FOR EACH ROW EXECUTE FUNCTION awards.refuse_change();

-- Each entry continues the previous one: next number, starting where the last one ended.
-- Integrity checks must see every row whoever commits, and not pay for row-level security: they run
-- as the owner.
CREATE FUNCTION awards.check_history_continues() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, awards AS $$
DECLARE
    v_last awards.nomination_history;
BEGIN
    SELECT * INTO v_last FROM awards.nomination_history
    WHERE nomination_id = NEW.nomination_id ORDER BY seq DESC LIMIT 1;
    IF NEW.seq <> coalesce(v_last.seq, 0) + 1 OR NEW.from_state IS DISTINCT FROM v_last.to_state THEN
        RAISE EXCEPTION 'history of nomination % must continue from step % (state %)',
            NEW.nomination_id, coalesce(v_last.seq, 0), coalesce(v_last.to_state, 'none')
            USING ERRCODE = 'check_violation';
    END IF;
    RETURN NEW;
END
$$;
CREATE TRIGGER nomination_history_continues BEFORE INSERT ON awards.nomination_history
    FOR EACH ROW EXECUTE FUNCTION awards.check_history_continues();

-- At commit, the nomination's state is the target of its last history entry.
CREATE FUNCTION awards.check_state_matches_history() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, awards AS $$
DECLARE
    -- Both tables use this function; their rows name the nomination differently.
    v_id bigint := coalesce(to_jsonb(NEW)->>'nomination_id', to_jsonb(NEW)->>'id')::bigint;
    v_state text;
    v_length integer;
    v_last awards.nomination_history;
BEGIN
    SELECT state, history_length INTO v_state, v_length FROM awards.nominations WHERE id = v_id;
    SELECT * INTO v_last FROM awards.nomination_history WHERE nomination_id = v_id ORDER BY seq DESC LIMIT 1;
    IF v_last.seq IS DISTINCT FROM v_length OR v_last.to_state IS DISTINCT FROM v_state THEN
        RAISE EXCEPTION 'nomination % is in state % but its history ends in %', v_id, v_state, coalesce(v_last.to_state, 'nothing')
            USING ERRCODE = 'check_violation';
    END IF;
    RETURN NULL;
END
$$;
CREATE CONSTRAINT TRIGGER nominations_state_matches_history AFTER INSERT OR UPDATE ON awards.nominations
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION awards.check_state_matches_history();
CREATE CONSTRAINT TRIGGER history_matches_nomination AFTER INSERT ON awards.nomination_history
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION awards.check_state_matches_history();

-- Reading: people see the nominations of their units; history follows its nomination.
ALTER TABLE awards.nominations ENABLE ROW LEVEL SECURITY;
ALTER TABLE awards.nomination_history ENABLE ROW LEVEL SECURITY;
-- "Sees everything" is evaluated once per statement (an InitPlan), not once per row; history follows
-- its nomination through an index look-up per row rather than a hash of every visible nomination.
CREATE POLICY nominations_in_scope ON awards.nominations FOR SELECT
    USING ((SELECT awards.sees_all_units()) OR unit_id IN (SELECT awards.my_units()));
CREATE POLICY history_in_scope ON awards.nomination_history FOR SELECT
    USING (EXISTS (SELECT 1 FROM awards.nominations n WHERE n.id = nomination_id));

REVOKE ALL ON awards.nominations, awards.nomination_history FROM PUBLIC;
GRANT SELECT ON awards.nominations, awards.nomination_history
    TO awards_officer, awards_manager, awards_standing_agency, awards_admin;

-- The person behind the session, or an error that says they are not one.
CREATE FUNCTION awards.acting_person() RETURNS awards.people
    LANGUAGE plpgsql STABLE AS $$
DECLARE
    v_person awards.people;
BEGIN
    SELECT * INTO v_person FROM awards.people WHERE login_role = session_user;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'login % is not a registered person', session_user
            USING ERRCODE = 'insufficient_privilege', HINT = 'register people with: awards person add';
    END IF;
    RETURN v_person;
END
$$;

-- Checks the values given for an event against its field list and returns them cleaned: NFC text,
-- ISO dates. The same rules as the Swift core, so psql users meet the same refusals.
CREATE FUNCTION awards.checked_fields(p_event text, p_spec jsonb, p_given jsonb, p_nominee_kind text, p_on date)
    RETURNS jsonb
    LANGUAGE plpgsql STABLE AS $$
DECLARE
    v_key text;
    v_field jsonb;
    v_name text;
    v_value text;
    v_result jsonb := '{}';
    v_accepted text[] := ARRAY(SELECT f->>'name' FROM jsonb_array_elements(p_spec) f) || ARRAY['note'];
    v_award awards.award_types;
BEGIN
    IF p_given IS NULL OR jsonb_typeof(p_given) <> 'object' THEN
        RAISE EXCEPTION 'fields must be a JSON object' USING ERRCODE = 'invalid_parameter_value';
    END IF;
    FOR v_key IN SELECT jsonb_object_keys(p_given) ORDER BY 1 LOOP
        IF NOT v_key = ANY (v_accepted) THEN
            RAISE EXCEPTION '% does not take field %; it takes: %', p_event, v_key, array_to_string(v_accepted, ', ')
                USING ERRCODE = 'invalid_parameter_value';
        END IF;
    END LOOP;
    v_value := nullif(btrim(normalize(p_given->>'note', NFC)), '');
    IF v_value IS NOT NULL THEN v_result := v_result || jsonb_build_object('note', v_value); END IF;

    FOR v_field IN SELECT * FROM jsonb_array_elements(p_spec) LOOP
        v_name := v_field->>'name';
        v_value := nullif(btrim(normalize(p_given->>v_name, NFC)), '');
        IF v_value IS NULL THEN
            IF (v_field->>'required')::boolean THEN
                RAISE EXCEPTION 'missing field % for %', v_name, p_event USING ERRCODE = 'not_null_violation';
            END IF;
            CONTINUE;
        END IF;
        CASE v_field->>'type'
        WHEN 'date' THEN
            BEGIN
                IF v_value !~ '^\d{4}-\d{2}-\d{2}$' THEN RAISE EXCEPTION USING ERRCODE = 'invalid_datetime_format'; END IF;
                v_value := v_value::date::text;
            EXCEPTION WHEN invalid_datetime_format OR datetime_field_overflow THEN
                RAISE EXCEPTION 'field % must be a date such as 2021-10-15, not %', v_name, v_value
                    USING ERRCODE = 'invalid_parameter_value';
            END;
        WHEN 'decision_number' THEN
            IF v_value !~ '^[0-9]+(/[^/[:space:]]+)+$' OR split_part(v_value, '/', -1) !~ '[^0-9.-]' THEN
                RAISE EXCEPTION 'field % must be a document number such as 123/QĐ-UBND, not %', v_name, v_value
                    USING ERRCODE = 'invalid_parameter_value';
            END IF;
        WHEN 'choice' THEN
            IF NOT v_value IN (SELECT jsonb_array_elements_text(v_field->'options')) THEN
                RAISE EXCEPTION 'field % must be one of: %; not %', v_name,
                    (SELECT string_agg(o, ', ') FROM jsonb_array_elements_text(v_field->'options') o), v_value
                    USING ERRCODE = 'invalid_parameter_value';
            END IF;
        WHEN 'award_code' THEN
            SELECT * INTO v_award FROM awards.award_types WHERE code = v_value;
            IF NOT FOUND OR NOT awards.award_in_force(v_value, p_on) THEN
                RAISE EXCEPTION 'field %: unknown award % on %; awards on that date: %', v_name, v_value, to_char(p_on, 'DD/MM/YYYY'),
                    (SELECT string_agg(code, ', ' ORDER BY code) FROM awards.award_types a WHERE awards.award_in_force(a.code, p_on))
                    USING ERRCODE = 'invalid_parameter_value';
            END IF;
            IF NOT p_nominee_kind = ANY (v_award.nominees) THEN
                RAISE EXCEPTION 'field %: award % (%) is for % nominees, not %', v_name, v_award.code, v_award.name,
                    array_to_string(v_award.nominees, ' or '), p_nominee_kind
                    USING ERRCODE = 'invalid_parameter_value';
            END IF;
        ELSE
            NULL; -- text
        END CASE;
        v_result := v_result || jsonb_build_object(v_name, v_value);
    END LOOP;
    RETURN v_result;
END
$$;

-- The role the person acts in for an event, or an error naming the roles that may.
CREATE FUNCTION awards.acting_role(p_person awards.people, p_event text, p_allowed text[]) RETURNS text
    LANGUAGE plpgsql IMMUTABLE AS $$
DECLARE
    v_role text;
BEGIN
    FOREACH v_role IN ARRAY p_allowed LOOP
        IF v_role = ANY (p_person.roles) THEN RETURN v_role; END IF;
    END LOOP;
    RAISE EXCEPTION '% % may not %; allowed roles: %',
        CASE WHEN cardinality(p_person.roles) = 1 THEN 'role' ELSE 'roles' END,
        array_to_string(p_person.roles, ', '), p_event, array_to_string(p_allowed, ', ')
        USING ERRCODE = 'insufficient_privilege';
END
$$;

-- Whether a person may act on a unit's business: standing-agency staff and admins everywhere, others
-- when their unit is that unit or one above it. Walking up from one unit reads a handful of rows;
-- expanding the person's whole subtree (awards.my_units) would read every unit for a province officer.
CREATE FUNCTION awards.in_scope(p_person awards.people, p_unit bigint) RETURNS boolean
    LANGUAGE sql STABLE AS $$
    SELECT p_person.roles && ARRAY['standing_agency', 'admin'] OR EXISTS (
        WITH RECURSIVE up(id, parent_id) AS (
            SELECT u.id, u.parent_id FROM awards.units u WHERE u.id = p_unit
            UNION ALL
            SELECT u.id, u.parent_id FROM awards.units u JOIN up ON u.id = up.parent_id
        )
        SELECT 1 FROM up WHERE up.id = p_person.unit_id)
$$;

CREATE FUNCTION awards.check_scope(p_person awards.people, p_event text, p_unit bigint) RETURNS void
    LANGUAGE plpgsql STABLE AS $$
BEGIN
    IF NOT awards.in_scope(p_person, p_unit) THEN
        RAISE EXCEPTION '% may not % a nomination of unit %; it is outside their units',
            p_person.login_role, p_event, (SELECT code FROM awards.units WHERE id = p_unit)
            USING ERRCODE = 'insufficient_privilege';
    END IF;
END
$$;

-- Records a new candidate (phát hiện): the workflow's creating event, under the newest definition.
CREATE FUNCTION awards.nominate(
    p_nominee_kind text, p_nominee_name text, p_unit_code text, p_occupation text,
    p_gender text DEFAULT NULL, p_movement_code text DEFAULT NULL, p_fields jsonb DEFAULT '{}'
) RETURNS bigint
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, awards AS $$
DECLARE
    v_person awards.people := awards.acting_person();
    v_today date := (now() AT TIME ZONE 'Asia/Ho_Chi_Minh')::date;
    v_definition awards.workflow_definitions;
    v_transition awards.workflow_transitions;
    v_unit bigint;
    v_movement bigint;
    v_role text;
    v_fields jsonb;
    v_id bigint;
BEGIN
    SELECT * INTO v_definition FROM awards.workflow_definitions ORDER BY loaded_at DESC, version DESC LIMIT 1;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'no workflow definition is loaded' USING ERRCODE = 'object_not_in_prerequisite_state',
            HINT = 'run: awards db migrate';
    END IF;
    SELECT * INTO v_transition FROM awards.workflow_transitions
    WHERE version = v_definition.version AND from_state IS NULL ORDER BY event LIMIT 1;
    v_role := awards.acting_role(v_person, v_transition.event, v_transition.roles);
    SELECT id INTO v_unit FROM awards.units WHERE code = p_unit_code;
    IF v_unit IS NULL THEN
        RAISE EXCEPTION 'unknown unit "%"', p_unit_code USING ERRCODE = 'foreign_key_violation',
            HINT = 'list units with: awards unit list';
    END IF;
    PERFORM awards.check_scope(v_person, v_transition.event, v_unit);
    IF p_movement_code IS NOT NULL THEN
        SELECT id INTO v_movement FROM awards.movements WHERE code = p_movement_code;
        IF v_movement IS NULL THEN
            RAISE EXCEPTION 'unknown movement "%"', p_movement_code USING ERRCODE = 'foreign_key_violation',
                HINT = 'list movements with: awards movement list';
        END IF;
    END IF;
    v_fields := awards.checked_fields(v_transition.event, v_transition.fields, p_fields, p_nominee_kind, v_today);

    INSERT INTO awards.nominations (nominee_kind, nominee_name, occupation, gender, unit_id, movement_id,
                                    definition_version, state, facts, history_length)
    VALUES (p_nominee_kind, normalize(btrim(p_nominee_name), NFC), p_occupation, p_gender, v_unit, v_movement,
            v_definition.version, v_transition.to_state, v_fields - 'note', 1)
    RETURNING id INTO v_id;
    INSERT INTO awards.nomination_history (nomination_id, seq, event, from_state, to_state, acting_role, note, fields, definition_version)
    VALUES (v_id, 1, v_transition.event, NULL, v_transition.to_state, v_role, v_fields->>'note', v_fields, v_definition.version);
    RETURN v_id;
END
$$;

-- Fires one event on a nomination: the only way its state changes. `p_expected_state`, when given,
-- makes a stale view fail loudly ("this nomination is now …") instead of acting on a state the
-- person never saw.
CREATE FUNCTION awards.advance(p_nomination bigint, p_event text, p_fields jsonb DEFAULT '{}', p_expected_state text DEFAULT NULL)
    RETURNS text
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, awards AS $$
DECLARE
    v_person awards.people := awards.acting_person();
    v_today date := (now() AT TIME ZONE 'Asia/Ho_Chi_Minh')::date;
    v_nomination awards.nominations;
    v_transition awards.workflow_transitions;
    v_role text;
    v_fields jsonb;
    v_allowed text;
    v_on date;
    v_guard text;
BEGIN
    -- The row lock serializes racing writers: the second sees the first one's result.
    SELECT * INTO v_nomination FROM awards.nominations WHERE id = p_nomination FOR UPDATE;
    IF NOT FOUND OR NOT awards.in_scope(v_person, v_nomination.unit_id) THEN
        RAISE EXCEPTION 'nomination % not found', p_nomination USING ERRCODE = 'no_data_found',
            HINT = 'list the nominations you may see with: awards list';
    END IF;
    IF p_expected_state IS NOT NULL AND v_nomination.state <> p_expected_state THEN
        RAISE EXCEPTION 'this nomination is now %', v_nomination.state USING ERRCODE = 'AW001',
            DETAIL = format('expected state %s', p_expected_state);
    END IF;
    IF NOT EXISTS (SELECT 1 FROM awards.workflow_transitions WHERE version = v_nomination.definition_version AND event = p_event) THEN
        RAISE EXCEPTION 'unknown event %; events: %', p_event,
            (SELECT string_agg(DISTINCT event, ', ') FROM awards.workflow_transitions WHERE version = v_nomination.definition_version)
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    IF (SELECT terminal FROM awards.workflow_states WHERE version = v_nomination.definition_version AND state = v_nomination.state) THEN
        RAISE EXCEPTION 'cannot %: this nomination is now %, which is final; nothing more may happen to it', p_event, v_nomination.state
            USING ERRCODE = 'AW002';
    END IF;
    SELECT * INTO v_transition FROM awards.workflow_transitions
    WHERE version = v_nomination.definition_version AND event = p_event AND from_state = v_nomination.state
    ORDER BY when_value NULLS FIRST LIMIT 1;
    IF NOT FOUND THEN
        SELECT string_agg(DISTINCT event, ', ') INTO v_allowed FROM awards.workflow_transitions
        WHERE version = v_nomination.definition_version AND from_state = v_nomination.state;
        RAISE EXCEPTION 'cannot %: this nomination is now %; from % you may: %', p_event, v_nomination.state,
            v_nomination.state, coalesce(v_allowed, 'nothing') USING ERRCODE = 'AW002';
    END IF;
    -- (Scope was checked with the row lock above: out of scope reads as not found.)
    v_role := awards.acting_role(v_person, p_event, v_transition.roles);
    v_fields := awards.checked_fields(p_event, v_transition.fields, p_fields, v_nomination.nominee_kind, v_today);
    IF v_transition.when_field IS NOT NULL THEN
        SELECT * INTO v_transition FROM awards.workflow_transitions
        WHERE version = v_nomination.definition_version AND event = p_event AND from_state = v_nomination.state
          AND when_value = v_fields->>v_transition.when_field;
    END IF;

    FOREACH v_guard IN ARRAY v_transition.guards LOOP
        IF v_guard = 'actor_grants_award' THEN
            v_on := coalesce((v_fields->>'decision_date')::date, v_today);
            IF v_nomination.proposed_award IS NULL
               OR NOT awards.award_in_force(v_nomination.proposed_award, v_on)
               OR v_person.authority_level IS NULL
               OR NOT EXISTS (SELECT 1 FROM awards.granting_levels(v_nomination.proposed_award, v_on) WHERE code = v_person.authority_level) THEN
                RAISE EXCEPTION '%', format('cannot %s: authority %s does not grant %s on %s; granted by: %s%s', p_event,
                    coalesce(v_person.authority_level, 'none'), coalesce(v_nomination.proposed_award, 'an award not yet proposed'),
                    to_char(v_on, 'DD/MM/YYYY'),
                    coalesce((SELECT string_agg(code, ', ') FROM awards.granting_levels(v_nomination.proposed_award, v_on)), 'nobody'),
                    CASE WHEN NOT EXISTS (SELECT 1 FROM awards.granting_levels(v_nomination.proposed_award, v_on) WHERE within_province)
                         THEN '; it is beyond the province: forward it' ELSE '' END)
                    USING ERRCODE = 'insufficient_privilege';
            END IF;
        ELSIF v_guard = 'award_beyond_province' THEN
            IF EXISTS (SELECT 1 FROM awards.granting_levels(v_nomination.proposed_award, v_today) WHERE within_province) THEN
                RAISE EXCEPTION 'cannot %: % is granted within the province by: %', p_event, v_nomination.proposed_award,
                    (SELECT string_agg(code, ', ') FROM awards.granting_levels(v_nomination.proposed_award, v_today) WHERE within_province)
                    USING ERRCODE = 'AW002';
            END IF;
        ELSE
            RAISE EXCEPTION 'workflow guard % is not known to the database', v_guard USING ERRCODE = 'feature_not_supported';
        END IF;
    END LOOP;

    UPDATE awards.nominations SET
        state = v_transition.to_state,
        facts = facts || (v_fields - 'note'),
        proposed_award = coalesce(v_fields->>'award_code', proposed_award),
        decision_number = coalesce(v_fields->>'decision_number', decision_number),
        decision_date = coalesce((v_fields->>'decision_date')::date, decision_date),
        history_length = history_length + 1,
        state_entered_at = now()
    WHERE id = p_nomination;
    INSERT INTO awards.nomination_history (nomination_id, seq, event, from_state, to_state, acting_role, note, fields, definition_version)
    VALUES (p_nomination, v_nomination.history_length + 1, p_event, v_nomination.state, v_transition.to_state, v_role,
            v_fields->>'note', v_fields, v_nomination.definition_version);
    RETURN v_transition.to_state;
END
$$;

REVOKE ALL ON FUNCTION awards.nominate, awards.advance FROM PUBLIC;
GRANT EXECUTE ON FUNCTION awards.nominate, awards.advance
    TO awards_officer, awards_manager, awards_standing_agency, awards_admin;
