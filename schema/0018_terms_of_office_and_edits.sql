-- Everyday administration (issue 11, item 1): a year of real use needs corrections. Units, people and
-- movements can be edited and units deactivated; every insert, change and deletion of those records is
-- kept in awards.changes with who and when, by a trigger, so that psql edits are recorded exactly as
-- the CLI's are. Authority has terms of office: a chair signs within the dates of their term, and the
-- check in awards.advance uses the term that covers the decision date.

-- What changed, by whom, when: append-only for everyone, the owner included.
CREATE TABLE awards.changes (
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    at          timestamptz NOT NULL DEFAULT now(),
    by_login    name NOT NULL DEFAULT session_user,
    table_name  text NOT NULL,
    row_id      bigint NOT NULL,
    operation   text NOT NULL CHECK (operation IN ('insert', 'update', 'delete')),
    -- Only the columns that changed: their values before and after.
    before      jsonb,
    after       jsonb
);
CREATE INDEX changes_row ON awards.changes (table_name, row_id);
CREATE TRIGGER changes_append_only BEFORE UPDATE OR DELETE ON awards.changes
    FOR EACH ROW EXECUTE FUNCTION awards.refuse_change();
CREATE TRIGGER changes_no_truncate BEFORE TRUNCATE ON awards.changes
    FOR EACH STATEMENT EXECUTE FUNCTION awards.refuse_change();
GRANT SELECT ON awards.changes TO awards_admin, awards_standing_agency;

-- Security definer: nobody may write awards.changes but this trigger, which runs for every writer.
CREATE FUNCTION awards.record_change() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, awards, pg_temp AS $$
DECLARE
    v_old jsonb := CASE WHEN TG_OP <> 'INSERT' THEN to_jsonb(OLD) END;
    v_new jsonb := CASE WHEN TG_OP <> 'DELETE' THEN to_jsonb(NEW) END;
    v_row jsonb := coalesce(v_new, v_old);
    v_before jsonb := '{}';
    v_after jsonb := '{}';
    v_key text;
BEGIN
    IF TG_OP = 'UPDATE' THEN
        FOR v_key IN SELECT jsonb_object_keys(v_new) LOOP
            IF v_key <> 'search_key' AND v_old->v_key IS DISTINCT FROM v_new->v_key THEN
                v_before := v_before || jsonb_build_object(v_key, v_old->v_key);
                v_after := v_after || jsonb_build_object(v_key, v_new->v_key);
            END IF;
        END LOOP;
        IF v_after = '{}' THEN RETURN NULL; END IF;
    ELSE
        v_before := v_old - 'search_key';
        v_after := v_new - 'search_key';
    END IF;
    INSERT INTO awards.changes (table_name, row_id, operation, before, after)
    -- A row without an id of its own (what a unit owes) is filed under its obligation's.
    VALUES (TG_TABLE_NAME, coalesce(v_row->>'id', v_row->>'obligation_id')::bigint, lower(TG_OP),
            CASE WHEN TG_OP <> 'INSERT' THEN v_before END, CASE WHEN TG_OP <> 'DELETE' THEN v_after END);
    RETURN NULL;
END
$$;
REVOKE ALL ON FUNCTION awards.record_change() FROM PUBLIC;

-- Units can be taken out of use; their history stays.
ALTER TABLE awards.units ADD COLUMN deactivated_at timestamptz;
ALTER TABLE awards.units ADD COLUMN deactivated_by name;

-- Terms of office (nhiệm kỳ): the authority a manager signs at, from one date to another, on the basis
-- of an election or appointment decision. An open end (NULL) is "since before the records" or "still".
CREATE TABLE awards.authority_terms (
    id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    person_id       bigint NOT NULL REFERENCES awards.people (id),
    authority_level text NOT NULL REFERENCES awards.authority_levels (code),
    starts_on       date,
    ends_on         date,
    basis           text CHECK (basis IS NULL OR (length(basis) BETWEEN 1 AND 300 AND basis !~ '[[:cntrl:]]')),
    CHECK (starts_on IS NULL OR ends_on IS NULL OR starts_on <= ends_on)
);
CREATE INDEX authority_terms_person ON awards.authority_terms (person_id);
GRANT SELECT ON awards.authority_terms TO awards_officer, awards_manager, awards_standing_agency, awards_admin;

-- Every manager so far keeps the authority they had, as an open term.
INSERT INTO awards.authority_terms (person_id, authority_level)
SELECT id, authority_level FROM awards.people WHERE authority_level IS NOT NULL;

-- A person registered with an authority level gets it as an open term.
CREATE FUNCTION awards.open_first_term() RETURNS trigger
    LANGUAGE plpgsql SET search_path = pg_catalog, awards, pg_temp AS $$
BEGIN
    IF NEW.authority_level IS NOT NULL THEN
        INSERT INTO awards.authority_terms (person_id, authority_level) VALUES (NEW.id, NEW.authority_level);
    END IF;
    RETURN NULL;
END
$$;
REVOKE ALL ON FUNCTION awards.open_first_term() FROM PUBLIC;
CREATE TRIGGER people_first_term AFTER INSERT ON awards.people FOR EACH ROW EXECUTE FUNCTION awards.open_first_term();

-- Two terms of one person never overlap: the decision date then names one level at most.
CREATE FUNCTION awards.refuse_overlapping_terms() RETURNS trigger
    LANGUAGE plpgsql SET search_path = pg_catalog, awards, pg_temp AS $$
BEGIN
    IF EXISTS (SELECT 1 FROM awards.authority_terms t
               WHERE t.person_id = NEW.person_id AND t.id <> NEW.id
                 AND coalesce(t.starts_on, '-infinity') <= coalesce(NEW.ends_on, 'infinity')
                 AND coalesce(NEW.starts_on, '-infinity') <= coalesce(t.ends_on, 'infinity')) THEN
        RAISE EXCEPTION 'the term of office overlaps another term of the same person'
            USING ERRCODE = 'invalid_parameter_value', HINT = 'end the earlier term first: awards person term --help';
    END IF;
    RETURN NEW;
END
$$;
REVOKE ALL ON FUNCTION awards.refuse_overlapping_terms() FROM PUBLIC;
CREATE TRIGGER authority_terms_no_overlap BEFORE INSERT OR UPDATE ON awards.authority_terms
    FOR EACH ROW EXECUTE FUNCTION awards.refuse_overlapping_terms();

-- The authority level a person signs at on a day: the term that covers it, or NULL.
CREATE FUNCTION awards.authority_on(p_person bigint, p_on date) RETURNS text
    LANGUAGE sql STABLE SET search_path = pg_catalog, awards, pg_temp
    RETURN (SELECT authority_level FROM awards.authority_terms
            WHERE person_id = p_person AND coalesce(starts_on, '-infinity') <= p_on AND p_on <= coalesce(ends_on, 'infinity'));
-- Called by awards.advance only, which runs as the owner.
REVOKE ALL ON FUNCTION awards.authority_on(bigint, date) FROM PUBLIC;

-- The person of a login, locked for the change an administrator makes; refused when there is none.
CREATE FUNCTION awards.person_to_change(p_login text) RETURNS awards.people
    LANGUAGE plpgsql SET search_path = pg_catalog, awards, pg_temp AS $$
DECLARE
    v_person awards.people;
BEGIN
    SELECT * INTO v_person FROM awards.people WHERE login_role = p_login FOR UPDATE;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'no person has the login "%"', p_login
            USING ERRCODE = 'no_data_found', HINT = 'list people with: awards person list';
    END IF;
    RETURN v_person;
END
$$;
REVOKE ALL ON FUNCTION awards.person_to_change(text) FROM PUBLIC;

-- A new term (an election, an appointment): the open term it follows ends the day before it starts;
-- people.authority_level shows the latest term's level.
CREATE FUNCTION awards.add_authority_term(p_login text, p_level text, p_starts_on date, p_ends_on date, p_basis text)
    RETURNS bigint
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, awards, pg_temp AS $$
DECLARE
    v_person awards.people;
    v_id bigint;
BEGIN
    PERFORM awards.require_administrator('record terms of office');
    v_person := awards.person_to_change(p_login);
    IF NOT ('manager' = ANY (v_person.roles)) THEN
        RAISE EXCEPTION 'login "%" is not a manager: only managers sign at an authority level', p_login
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    IF NOT EXISTS (SELECT 1 FROM awards.authority_levels WHERE code = p_level AND within_province) THEN
        RAISE EXCEPTION 'unknown authority level "%"', p_level USING ERRCODE = 'invalid_parameter_value';
    END IF;
    IF p_starts_on IS NULL THEN
        RAISE EXCEPTION 'a new term of office needs its first day' USING ERRCODE = 'invalid_parameter_value';
    END IF;
    UPDATE awards.authority_terms SET ends_on = p_starts_on - 1
    WHERE person_id = v_person.id AND ends_on IS NULL AND coalesce(starts_on, '-infinity') < p_starts_on;
    INSERT INTO awards.authority_terms (person_id, authority_level, starts_on, ends_on, basis)
    VALUES (v_person.id, p_level, p_starts_on, p_ends_on, nullif(btrim(p_basis), ''))
    RETURNING id INTO v_id;
    UPDATE awards.people SET authority_level = p_level WHERE id = v_person.id;
    RETURN v_id;
END
$$;
REVOKE ALL ON FUNCTION awards.add_authority_term(text, text, date, date, text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION awards.add_authority_term(text, text, date, date, text) TO awards_admin;

-- A term that ends (a chair leaves office on a day).
CREATE FUNCTION awards.end_authority_term(p_login text, p_ends_on date) RETURNS void
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, awards, pg_temp AS $$
DECLARE
    v_person awards.people;
BEGIN
    PERFORM awards.require_administrator('record terms of office');
    v_person := awards.person_to_change(p_login);
    UPDATE awards.authority_terms SET ends_on = p_ends_on
    WHERE person_id = v_person.id AND coalesce(starts_on, '-infinity') <= p_ends_on
      AND (ends_on IS NULL OR ends_on > p_ends_on);
    IF NOT FOUND THEN
        RAISE EXCEPTION 'login "%" has no term of office running on %', p_login, to_char(p_ends_on, 'DD/MM/YYYY')
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
END
$$;
REVOKE ALL ON FUNCTION awards.end_authority_term(text, date) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION awards.end_authority_term(text, date) TO awards_admin;

-- Correcting a person: name, e-mail, unit and roles. The login's group roles follow the roles, as at
-- registration; a manager keeps a level (the CHECK on people), a non-manager has none.
CREATE FUNCTION awards.edit_person(p_login text, p_full_name text, p_email text, p_unit_code text, p_roles text[], p_authority_level text)
    RETURNS void
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, awards, pg_temp AS $$
DECLARE
    v_person awards.people;
    v_unit bigint;
    v_roles text[];
    v_level text;
    v_role text;
BEGIN
    PERFORM awards.require_administrator('edit people');
    v_person := awards.person_to_change(p_login);
    IF v_person.deactivated_at IS NOT NULL THEN
        RAISE EXCEPTION 'login "%" was already deactivated on %', p_login,
            to_char(v_person.deactivated_at AT TIME ZONE 'Asia/Ho_Chi_Minh', 'DD/MM/YYYY') USING ERRCODE = 'AW002';
    END IF;
    IF p_unit_code IS NOT NULL THEN
        SELECT id INTO v_unit FROM awards.units WHERE code = p_unit_code;
        IF NOT FOUND THEN
            RAISE EXCEPTION 'unknown unit "%"', p_unit_code USING ERRCODE = 'foreign_key_violation',
                HINT = 'list units with: awards unit list';
        END IF;
    END IF;
    v_roles := coalesce(p_roles, v_person.roles);
    v_level := CASE WHEN 'manager' = ANY (v_roles) THEN coalesce(p_authority_level, v_person.authority_level) END;
    IF 'manager' = ANY (v_roles) AND v_level IS NULL THEN
        RAISE EXCEPTION 'a manager needs an authority level' USING ERRCODE = 'invalid_parameter_value',
            HINT = 'give --authority, e.g. commune_chair';
    END IF;
    IF v_level IS NOT NULL AND NOT EXISTS (SELECT 1 FROM awards.authority_levels WHERE code = v_level AND within_province) THEN
        RAISE EXCEPTION 'unknown authority level "%"', v_level USING ERRCODE = 'invalid_parameter_value';
    END IF;
    IF v_person.login_role = session_user AND NOT ('admin' = ANY (v_roles)) THEN
        RAISE EXCEPTION 'you cannot remove your own administrator role' USING ERRCODE = 'invalid_parameter_value',
            HINT = 'another administrator must do it';
    END IF;
    UPDATE awards.people SET
        full_name = coalesce(normalize(btrim(p_full_name), NFC), full_name),
        email = coalesce(btrim(p_email), email),
        unit_id = coalesce(v_unit, unit_id),
        roles = v_roles,
        authority_level = v_level
    WHERE id = v_person.id;
    -- A new level given here starts a term today (the open one ends yesterday); a manager with no term
    -- yet gets an open one.
    IF v_level IS NOT NULL AND v_level IS DISTINCT FROM v_person.authority_level
       AND EXISTS (SELECT 1 FROM awards.authority_terms WHERE person_id = v_person.id) THEN
        PERFORM awards.add_authority_term(p_login, v_level, (now() AT TIME ZONE 'Asia/Ho_Chi_Minh')::date, NULL, NULL);
    ELSIF v_level IS NOT NULL AND NOT EXISTS (SELECT 1 FROM awards.authority_terms WHERE person_id = v_person.id) THEN
        INSERT INTO awards.authority_terms (person_id, authority_level) VALUES (v_person.id, v_level);
    END IF;
    FOREACH v_role IN ARRAY ARRAY['officer', 'manager', 'standing_agency', 'admin'] LOOP
        IF v_role = ANY (v_roles) AND NOT pg_has_role(p_login, 'awards_' || v_role, 'MEMBER') THEN
            EXECUTE format('GRANT %I TO %I', 'awards_' || v_role, p_login);
        ELSIF NOT (v_role = ANY (v_roles)) AND pg_has_role(p_login, 'awards_' || v_role, 'MEMBER') THEN
            EXECUTE format('REVOKE %I FROM %I', 'awards_' || v_role, p_login);
        END IF;
    END LOOP;
END
$$;
REVOKE ALL ON FUNCTION awards.edit_person(text, text, text, text, text[], text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION awards.edit_person(text, text, text, text, text[], text) TO awards_admin;

-- Every change to the reference records is kept.
CREATE TRIGGER units_changes AFTER INSERT OR UPDATE OR DELETE ON awards.units
    FOR EACH ROW EXECUTE FUNCTION awards.record_change();
CREATE TRIGGER emulation_groups_changes AFTER INSERT OR UPDATE OR DELETE ON awards.emulation_groups
    FOR EACH ROW EXECUTE FUNCTION awards.record_change();
CREATE TRIGGER movements_changes AFTER INSERT OR UPDATE OR DELETE ON awards.movements
    FOR EACH ROW EXECUTE FUNCTION awards.record_change();
CREATE TRIGGER people_changes AFTER INSERT OR UPDATE OR DELETE ON awards.people
    FOR EACH ROW EXECUTE FUNCTION awards.record_change();
CREATE TRIGGER authority_terms_changes AFTER INSERT OR UPDATE OR DELETE ON awards.authority_terms
    FOR EACH ROW EXECUTE FUNCTION awards.record_change();

-- awards.advance, otherwise as in 0014: the actor_grants_award guard reads the authority of the term
-- covering the decision date (awards.authority_on), not the person's current level; and the guard
-- simplified_procedure_forms_only (issue 12, item 4) refuses a title on the simplified procedure, which
-- Luật 06/2022/QH15 Điều 85 allows for forms of commendation only (the workflow's propose_simplified).
CREATE OR REPLACE FUNCTION awards.advance(p_nomination bigint, p_event text, p_fields jsonb DEFAULT '{}', p_expected_state text DEFAULT NULL)
    RETURNS text
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, awards, pg_temp AS $$
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
    v_latest date;
    v_level text;
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
        IF v_guard = 'decider_is_not_the_proposer' THEN
            -- The first entry recorded the nomination; the last brought it to its current state.
            IF EXISTS (SELECT 1 FROM awards.nomination_history h
                       WHERE h.nomination_id = p_nomination AND h.seq IN (1, v_nomination.history_length)
                         AND h.session_role = session_user) THEN
                RAISE EXCEPTION 'cannot %: you recorded or proposed this nomination; someone else must decide', p_event
                    USING ERRCODE = 'insufficient_privilege';
            END IF;
        ELSIF v_guard = 'decision_dated_between_proposal_and_today' THEN
            -- A required date field of the event (the workflow loader makes sure), checked above.
            v_on := (v_fields->>'decision_date')::date;
            IF v_on < (v_nomination.state_entered_at AT TIME ZONE 'Asia/Ho_Chi_Minh')::date THEN
                RAISE EXCEPTION 'cannot %: a decision dated % precedes the proposal of %', p_event, to_char(v_on, 'DD/MM/YYYY'),
                    to_char(v_nomination.state_entered_at AT TIME ZONE 'Asia/Ho_Chi_Minh', 'DD/MM/YYYY')
                    USING ERRCODE = 'invalid_parameter_value';
            END IF;
            v_latest := v_today + (SELECT decision_date_days_ahead FROM awards.workflow_definitions
                                   WHERE version = v_nomination.definition_version);
            IF v_on > v_latest THEN
                RAISE EXCEPTION 'cannot %: the decision date % is in the future; the latest allowed is %', p_event,
                    to_char(v_on, 'DD/MM/YYYY'), to_char(v_latest, 'DD/MM/YYYY') USING ERRCODE = 'invalid_parameter_value';
            END IF;
        ELSIF v_guard = 'actor_grants_award' THEN
            v_on := coalesce((v_fields->>'decision_date')::date, v_today);
            -- The level of the term of office that covers the decision date.
            v_level := awards.authority_on(v_person.id, v_on);
            IF v_nomination.proposed_award IS NULL
               OR NOT awards.award_in_force(v_nomination.proposed_award, v_on)
               OR v_level IS NULL
               OR NOT EXISTS (SELECT 1 FROM awards.granting_levels(v_nomination.proposed_award, v_on) WHERE code = v_level) THEN
                RAISE EXCEPTION '%', format('cannot %s: authority %s does not grant %s on %s; granted by: %s%s', p_event,
                    coalesce(v_level, 'none'), coalesce(v_nomination.proposed_award, 'an award not yet proposed'),
                    to_char(v_on, 'DD/MM/YYYY'),
                    coalesce((SELECT string_agg(code, ', ') FROM awards.granting_levels(v_nomination.proposed_award, v_on)), 'nobody'),
                    CASE WHEN NOT EXISTS (SELECT 1 FROM awards.granting_levels(v_nomination.proposed_award, v_on) WHERE within_province)
                         THEN '; it is beyond the province: forward it' ELSE '' END)
                    USING ERRCODE = 'insufficient_privilege';
            END IF;
        ELSIF v_guard = 'simplified_procedure_forms_only' THEN
            -- checked_fields made award_code a known award that fits the nominee.
            IF (SELECT category FROM awards.award_types WHERE code = v_fields->>'award_code') = 'title' THEN
                RAISE EXCEPTION 'cannot %: % (%) is a title (danh hiệu thi đua); the simplified procedure is for forms of commendation only (Luật 06/2022/QH15, Điều 85)',
                    p_event, v_fields->>'award_code', (SELECT name FROM awards.award_types WHERE code = v_fields->>'award_code')
                    USING ERRCODE = 'AW002';
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
