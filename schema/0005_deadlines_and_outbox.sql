-- Deadlines, the reminders they cause, and the outbox the daemon delivers from.
--
-- Stage deadlines open and close inside awards.advance, in the same transaction as the state change;
-- unit obligations (e.g. "send your implementation document to Sở Nội vụ before 15/10/2021") are
-- recorded by officers. The daemon picks deadlines whose next reminder time has come (an index on
-- exactly that, so finding due work costs O(due items)), writes each reminder once — the primary key
-- (deadline, step, recipient) makes a second copy impossible — together with the message that carries
-- it, and delivers messages at least once under a lease, with a stable Message-ID.

-- The working days the database counts with, written from the Swift calendar (lunar holidays and the
-- government's swaps in config/holidays.yaml) by `awards db migrate`.
CREATE TABLE awards.working_days (day date PRIMARY KEY);

CREATE FUNCTION awards.add_working_days(p_from date, p_days integer) RETURNS date
    LANGUAGE plpgsql STABLE AS $$
DECLARE
    v_day date;
BEGIN
    IF p_days <= 0 THEN
        SELECT day INTO v_day FROM awards.working_days WHERE day >= p_from ORDER BY day LIMIT 1;
    ELSE
        SELECT day INTO v_day FROM awards.working_days WHERE day > p_from ORDER BY day OFFSET p_days - 1 LIMIT 1;
    END IF;
    IF v_day IS NULL THEN
        RAISE EXCEPTION 'the working-day calendar does not reach % working days after %', p_days, p_from
            USING ERRCODE = 'object_not_in_prerequisite_state', HINT = 'run: awards db migrate';
    END IF;
    RETURN v_day;
END
$$;

CREATE TABLE awards.obligations (
    id                  bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    title               awards.display_name NOT NULL,
    due_on              date NOT NULL,
    receiving_unit_id   bigint NOT NULL REFERENCES awards.units (id),
    created_by          name NOT NULL DEFAULT session_user,
    created_at          timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE awards.obligation_units (
    obligation_id       bigint NOT NULL REFERENCES awards.obligations (id),
    unit_id             bigint NOT NULL REFERENCES awards.units (id),
    done_at             timestamptz,
    document_number     text,
    done_by             name,
    PRIMARY KEY (obligation_id, unit_id),
    CHECK ((done_at IS NULL) = (document_number IS NULL))
);

CREATE TABLE awards.deadlines (
    id                  bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    nomination_id       bigint REFERENCES awards.nominations (id),
    state               text,
    obligation_id       bigint REFERENCES awards.obligations (id),
    unit_id             bigint NOT NULL REFERENCES awards.units (id),
    title               text NOT NULL,
    action              text,
    due_on              date NOT NULL,
    -- Who must act: officers or managers of the unit (the nearest unit up the tree that has one).
    assignee_role       text NOT NULL CHECK (assignee_role IN ('officer', 'manager', 'standing_agency')),
    opened_at           timestamptz NOT NULL DEFAULT now(),
    closed_at           timestamptz,
    -- When the daemon should next look at it (a new deadline: at its next pass, whatever clock it
    -- runs on); NULL when no reminder remains.
    next_reminder_at    timestamptz DEFAULT '-infinity',
    CHECK ((nomination_id IS NULL) <> (obligation_id IS NULL)),
    CHECK (nomination_id IS NULL OR state IS NOT NULL)
);
CREATE UNIQUE INDEX deadlines_one_open_per_nomination ON awards.deadlines (nomination_id) WHERE closed_at IS NULL AND nomination_id IS NOT NULL;
CREATE UNIQUE INDEX deadlines_one_per_obligation_unit ON awards.deadlines (obligation_id, unit_id) WHERE obligation_id IS NOT NULL;
CREATE INDEX deadlines_due ON awards.deadlines (next_reminder_at) WHERE closed_at IS NULL AND next_reminder_at IS NOT NULL;

CREATE TABLE awards.outbox (
    id                  bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    -- Unique and stable: the Message-ID derives from it, so a repeated delivery is recognisable.
    message_key         text NOT NULL UNIQUE,
    recipient_email     text NOT NULL,
    recipient_name      text,
    subject             text NOT NULL,
    body_text           text NOT NULL,
    body_html           text,
    status              text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'sent', 'failed')),
    attempts            integer NOT NULL DEFAULT 0,
    next_attempt_at     timestamptz NOT NULL DEFAULT now(),
    lease_owner         text,
    lease_until         timestamptz,
    last_error          text,
    created_at          timestamptz NOT NULL DEFAULT now(),
    sent_at             timestamptz
);
CREATE INDEX outbox_ready ON awards.outbox (next_attempt_at) WHERE status = 'pending';

CREATE TABLE awards.reminders (
    deadline_id         bigint NOT NULL REFERENCES awards.deadlines (id),
    step                text NOT NULL,
    recipient_email     text NOT NULL,
    outbox_id           bigint REFERENCES awards.outbox (id),
    created_at          timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (deadline_id, step, recipient_email)
);
CREATE INDEX reminders_outbox ON awards.reminders (outbox_id);

-- Wakes daemons when deadlines change (delivered at commit, so they never see half a change).
CREATE FUNCTION awards.notify_deadlines() RETURNS trigger
    LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_notify('awards_deadlines', '');
    RETURN NULL;
END
$$;
CREATE TRIGGER deadlines_notify AFTER INSERT OR UPDATE OF due_on, closed_at ON awards.deadlines
    FOR EACH STATEMENT EXECUTE FUNCTION awards.notify_deadlines();

-- Closes the nomination's open stage deadline and opens the one its new state carries, if any.
CREATE FUNCTION awards.reset_stage_deadline(p_nomination bigint) RETURNS void
    LANGUAGE plpgsql AS $$
DECLARE
    v_nomination awards.nominations;
    v_state awards.workflow_states;
    v_due date;
    v_role text;
BEGIN
    UPDATE awards.deadlines SET closed_at = now() WHERE nomination_id = p_nomination AND closed_at IS NULL;
    SELECT * INTO v_nomination FROM awards.nominations WHERE id = p_nomination;
    SELECT * INTO v_state FROM awards.workflow_states WHERE version = v_nomination.definition_version AND state = v_nomination.state;
    IF v_state.deadline_working_days IS NOT NULL THEN
        v_due := awards.add_working_days((now() AT TIME ZONE 'Asia/Ho_Chi_Minh')::date, v_state.deadline_working_days);
    ELSIF v_state.deadline_field = 'movement.review_date' THEN
        SELECT review_on INTO v_due FROM awards.movements WHERE id = v_nomination.movement_id;
    ELSIF v_state.deadline_field = 'movement.end_date' THEN
        SELECT ends_on INTO v_due FROM awards.movements WHERE id = v_nomination.movement_id;
    END IF;
    IF v_due IS NULL THEN RETURN; END IF;
    -- Whoever may fire the state's way forward (withdrawing is not the way forward).
    SELECT r INTO v_role FROM awards.workflow_transitions t CROSS JOIN LATERAL unnest(t.roles) r
    WHERE t.version = v_nomination.definition_version AND t.from_state = v_nomination.state AND t.event <> 'withdraw'
      AND r IN ('officer', 'manager', 'standing_agency')
    ORDER BY t.event, r LIMIT 1;
    INSERT INTO awards.deadlines (nomination_id, state, unit_id, title, action, due_on, assignee_role)
    VALUES (p_nomination, v_nomination.state, v_nomination.unit_id,
            format('%s — %s', v_nomination.nominee_name, coalesce(v_state.label, v_state.state)),
            NULL, v_due, coalesce(v_role, 'officer'));
END
$$;

CREATE FUNCTION awards.nomination_state_changed() RETURNS trigger
    LANGUAGE plpgsql AS $$
BEGIN
    PERFORM awards.reset_stage_deadline(NEW.id);
    RETURN NULL;
END
$$;
CREATE TRIGGER nominations_stage_deadline AFTER INSERT OR UPDATE OF state ON awards.nominations
    FOR EACH ROW EXECUTE FUNCTION awards.nomination_state_changed();

-- Recording an obligation (officers of the receiving unit, the standing agency, admins) opens one
-- deadline per owing unit.
CREATE FUNCTION awards.add_obligation(p_title text, p_due_on date, p_receiving_unit text, p_unit_codes text[])
    RETURNS bigint
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, awards AS $$
DECLARE
    v_person awards.people := awards.acting_person();
    v_receiving bigint;
    v_id bigint;
    v_missing text;
BEGIN
    IF NOT v_person.roles && ARRAY['officer', 'standing_agency', 'admin'] THEN
        RAISE EXCEPTION 'role % may not add obligations', array_to_string(v_person.roles, ', ')
            USING ERRCODE = 'insufficient_privilege';
    END IF;
    SELECT id INTO v_receiving FROM awards.units WHERE code = p_receiving_unit;
    IF v_receiving IS NULL THEN
        RAISE EXCEPTION 'unknown unit "%"', p_receiving_unit USING ERRCODE = 'foreign_key_violation';
    END IF;
    PERFORM awards.check_scope(v_person, 'add an obligation for', v_receiving);
    SELECT string_agg(c, ', ') INTO v_missing FROM unnest(p_unit_codes) c WHERE NOT EXISTS (SELECT 1 FROM awards.units WHERE code = c);
    IF v_missing IS NOT NULL THEN
        RAISE EXCEPTION 'unknown unit(s): %', v_missing USING ERRCODE = 'foreign_key_violation',
            HINT = 'list units with: awards unit list';
    END IF;
    IF cardinality(p_unit_codes) = 0 THEN
        RAISE EXCEPTION 'an obligation needs at least one owing unit' USING ERRCODE = 'invalid_parameter_value';
    END IF;
    INSERT INTO awards.obligations (title, due_on, receiving_unit_id) VALUES (normalize(btrim(p_title), NFC), p_due_on, v_receiving)
    RETURNING id INTO v_id;
    INSERT INTO awards.obligation_units (obligation_id, unit_id) SELECT v_id, id FROM awards.units WHERE code = ANY (p_unit_codes);
    INSERT INTO awards.deadlines (obligation_id, unit_id, title, action, due_on, assignee_role)
    SELECT v_id, u.id, normalize(btrim(p_title), NFC), format('gửi về %s', (SELECT name FROM awards.units WHERE id = v_receiving)),
           p_due_on, 'officer'
    FROM awards.units u WHERE u.code = ANY (p_unit_codes);
    RETURN v_id;
END
$$;

-- An owing unit's officer (or the receiving agency) records that the document was sent.
CREATE FUNCTION awards.complete_obligation(p_obligation bigint, p_unit_code text, p_document_number text)
    RETURNS void
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, awards AS $$
DECLARE
    v_person awards.people := awards.acting_person();
    v_unit bigint;
BEGIN
    SELECT id INTO v_unit FROM awards.units WHERE code = p_unit_code;
    IF v_unit IS NULL OR NOT EXISTS (SELECT 1 FROM awards.obligation_units WHERE obligation_id = p_obligation AND unit_id = v_unit) THEN
        RAISE EXCEPTION 'unit % owes nothing under obligation %', p_unit_code, p_obligation USING ERRCODE = 'no_data_found';
    END IF;
    PERFORM awards.check_scope(v_person, 'complete an obligation of', v_unit);
    IF nullif(btrim(p_document_number), '') IS NULL THEN
        RAISE EXCEPTION 'missing the document number' USING ERRCODE = 'not_null_violation';
    END IF;
    UPDATE awards.obligation_units SET done_at = now(), document_number = btrim(p_document_number), done_by = session_user
    WHERE obligation_id = p_obligation AND unit_id = v_unit AND done_at IS NULL;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'unit % already completed obligation %', p_unit_code, p_obligation USING ERRCODE = 'AW002';
    END IF;
    UPDATE awards.deadlines SET closed_at = now() WHERE obligation_id = p_obligation AND unit_id = v_unit AND closed_at IS NULL;
END
$$;

ALTER TABLE awards.obligations ENABLE ROW LEVEL SECURITY;
ALTER TABLE awards.obligation_units ENABLE ROW LEVEL SECURITY;
ALTER TABLE awards.deadlines ENABLE ROW LEVEL SECURITY;
-- Obligations I owe or receive. The two policies look at each other's table, which would recurse
-- through row-level security; these definer functions read the other table directly instead.
CREATE FUNCTION awards.obligations_owed_by_my_units() RETURNS SETOF bigint
    LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, awards AS $$
    SELECT obligation_id FROM awards.obligation_units WHERE unit_id IN (SELECT awards.my_units())
$$;
CREATE FUNCTION awards.obligations_received_by_my_units() RETURNS SETOF bigint
    LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, awards AS $$
    SELECT id FROM awards.obligations WHERE receiving_unit_id IN (SELECT awards.my_units())
$$;
CREATE POLICY obligations_in_scope ON awards.obligations FOR SELECT
    USING (awards.sees_all_units() OR receiving_unit_id IN (SELECT awards.my_units())
           OR id IN (SELECT awards.obligations_owed_by_my_units()));
CREATE POLICY obligation_units_in_scope ON awards.obligation_units FOR SELECT
    USING (awards.sees_all_units() OR unit_id IN (SELECT awards.my_units())
           OR obligation_id IN (SELECT awards.obligations_received_by_my_units()));
CREATE POLICY deadlines_in_scope ON awards.deadlines FOR SELECT
    USING (awards.sees_all_units() OR unit_id IN (SELECT awards.my_units()));

REVOKE ALL ON awards.obligations, awards.obligation_units, awards.deadlines, awards.outbox, awards.reminders, awards.working_days FROM PUBLIC;
GRANT SELECT ON awards.obligations, awards.obligation_units, awards.deadlines, awards.working_days
    TO awards_officer, awards_manager, awards_standing_agency, awards_admin;
REVOKE ALL ON FUNCTION awards.add_obligation, awards.complete_obligation FROM PUBLIC;
GRANT EXECUTE ON FUNCTION awards.add_obligation, awards.complete_obligation
    TO awards_officer, awards_manager, awards_standing_agency, awards_admin;

-- Who may see what was sent and what failed (`awards reminders`).
GRANT SELECT ON awards.outbox, awards.reminders TO awards_standing_agency, awards_admin;
