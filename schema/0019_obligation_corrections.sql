-- Correcting obligations (issue 11, item 1): a wrong "done" can be reopened, an obligation can be
-- cancelled or given a new title or due date. Each is a function that checks who may, and every change
-- to obligations and to what units owe is kept in awards.changes, as for the reference data.

ALTER TABLE awards.obligations ADD COLUMN cancelled_at timestamptz;
ALTER TABLE awards.obligations ADD COLUMN cancelled_by name;
ALTER TABLE awards.obligations ADD COLUMN cancel_reason text
    CHECK (cancel_reason IS NULL OR (length(cancel_reason) BETWEEN 1 AND 1000 AND cancel_reason !~ '[[:cntrl:]]'));
ALTER TABLE awards.obligations ADD CHECK ((cancelled_at IS NULL) = (cancel_reason IS NULL));

CREATE TRIGGER obligations_changes AFTER INSERT OR UPDATE OR DELETE ON awards.obligations
    FOR EACH ROW EXECUTE FUNCTION awards.record_change();
CREATE TRIGGER obligation_units_changes AFTER INSERT OR UPDATE OR DELETE ON awards.obligation_units
    FOR EACH ROW EXECUTE FUNCTION awards.record_change();

-- Whoever recorded an obligation, or an administrator, may correct or cancel it.
CREATE FUNCTION awards.obligation_for_correction(p_obligation bigint) RETURNS awards.obligations
    LANGUAGE plpgsql SET search_path = pg_catalog, awards, pg_temp AS $$
DECLARE
    v_person awards.people := awards.acting_person();
    v_obligation awards.obligations;
BEGIN
    SELECT * INTO v_obligation FROM awards.obligations WHERE id = p_obligation FOR UPDATE;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'obligation % not found', p_obligation USING ERRCODE = 'no_data_found',
            HINT = 'list obligations with: awards obligation list';
    END IF;
    IF v_obligation.created_by <> session_user AND NOT ('admin' = ANY (v_person.roles)) THEN
        RAISE EXCEPTION 'only whoever recorded obligation % (%) or an administrator may change it', p_obligation, v_obligation.created_by
            USING ERRCODE = 'insufficient_privilege';
    END IF;
    IF v_obligation.cancelled_at IS NOT NULL THEN
        RAISE EXCEPTION 'obligation % was cancelled on %', p_obligation,
            to_char(v_obligation.cancelled_at AT TIME ZONE 'Asia/Ho_Chi_Minh', 'DD/MM/YYYY') USING ERRCODE = 'AW002';
    END IF;
    RETURN v_obligation;
END
$$;
REVOKE ALL ON FUNCTION awards.obligation_for_correction(bigint) FROM PUBLIC;

-- A new title or due date; the open deadlines follow, and are looked at again at the next pass.
CREATE FUNCTION awards.edit_obligation(p_obligation bigint, p_title text, p_due_on date) RETURNS void
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, awards, pg_temp AS $$
DECLARE
    v_obligation awards.obligations := awards.obligation_for_correction(p_obligation);
BEGIN
    IF p_due_on IS NOT NULL AND p_due_on < (now() AT TIME ZONE 'Asia/Ho_Chi_Minh')::date THEN
        RAISE EXCEPTION 'the due date % is in the past', to_char(p_due_on, 'DD/MM/YYYY') USING ERRCODE = 'invalid_parameter_value';
    END IF;
    UPDATE awards.obligations SET title = coalesce(normalize(btrim(p_title), NFC), title), due_on = coalesce(p_due_on, due_on)
    WHERE id = v_obligation.id;
    UPDATE awards.deadlines SET title = coalesce(normalize(btrim(p_title), NFC), title), due_on = coalesce(p_due_on, due_on),
           next_reminder_at = '-infinity'
    WHERE obligation_id = v_obligation.id AND closed_at IS NULL;
END
$$;

-- Cancelled with a reason: nobody owes it any more, its open deadlines close, no reminder goes.
CREATE FUNCTION awards.cancel_obligation(p_obligation bigint, p_reason text) RETURNS void
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, awards, pg_temp AS $$
DECLARE
    v_obligation awards.obligations := awards.obligation_for_correction(p_obligation);
BEGIN
    IF nullif(btrim(p_reason), '') IS NULL THEN
        RAISE EXCEPTION 'missing the reason' USING ERRCODE = 'not_null_violation';
    END IF;
    UPDATE awards.obligations SET cancelled_at = now(), cancelled_by = session_user, cancel_reason = btrim(p_reason)
    WHERE id = v_obligation.id;
    UPDATE awards.deadlines SET closed_at = now() WHERE obligation_id = v_obligation.id AND closed_at IS NULL;
END
$$;

-- The unit of `p_unit_code` that owes obligation `p_obligation`, within the caller's scope — the same
-- answer for a unit outside it as for a unit that owes nothing, so an outsider learns nothing of who
-- owes what — and the obligation not cancelled.
CREATE FUNCTION awards.owing_unit(p_obligation bigint, p_unit_code text) RETURNS bigint
    LANGUAGE plpgsql SET search_path = pg_catalog, awards, pg_temp AS $$
DECLARE
    v_person awards.people := awards.acting_person();
    v_unit bigint;
BEGIN
    SELECT id INTO v_unit FROM awards.units WHERE code = p_unit_code;
    IF v_unit IS NULL OR NOT awards.in_scope(v_person, v_unit)
       OR NOT EXISTS (SELECT 1 FROM awards.obligation_units WHERE obligation_id = p_obligation AND unit_id = v_unit) THEN
        RAISE EXCEPTION 'unit % owes nothing under obligation %', p_unit_code, p_obligation USING ERRCODE = 'no_data_found';
    END IF;
    IF EXISTS (SELECT 1 FROM awards.obligations WHERE id = p_obligation AND cancelled_at IS NOT NULL) THEN
        RAISE EXCEPTION 'obligation % was cancelled on %', p_obligation,
            (SELECT to_char(cancelled_at AT TIME ZONE 'Asia/Ho_Chi_Minh', 'DD/MM/YYYY') FROM awards.obligations WHERE id = p_obligation)
            USING ERRCODE = 'AW002';
    END IF;
    RETURN v_unit;
END
$$;
REVOKE ALL ON FUNCTION awards.owing_unit(bigint, text) FROM PUBLIC;

-- A "done" recorded by mistake: the unit owes it again, and its deadline reopens. Whoever may record
-- the unit's "done" may undo it, with a reason.
CREATE FUNCTION awards.reopen_obligation(p_obligation bigint, p_unit_code text, p_reason text) RETURNS void
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, awards, pg_temp AS $$
DECLARE
    v_unit bigint := awards.owing_unit(p_obligation, p_unit_code);
BEGIN
    IF nullif(btrim(p_reason), '') IS NULL THEN
        RAISE EXCEPTION 'missing the reason' USING ERRCODE = 'not_null_violation';
    END IF;
    UPDATE awards.obligation_units SET done_at = NULL, document_number = NULL, done_by = NULL
    WHERE obligation_id = p_obligation AND unit_id = v_unit AND done_at IS NOT NULL;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'unit % has not completed obligation %', p_unit_code, p_obligation USING ERRCODE = 'AW002';
    END IF;
    UPDATE awards.deadlines SET closed_at = NULL, next_reminder_at = '-infinity'
    WHERE obligation_id = p_obligation AND unit_id = v_unit;
    -- The reason is kept with the change.
    INSERT INTO awards.changes (table_name, row_id, operation, before, after)
    VALUES ('obligation_units', p_obligation, 'update', NULL, jsonb_build_object('reopened_because', btrim(p_reason), 'unit', p_unit_code));
END
$$;

-- A cancelled obligation cannot be completed any more (otherwise as in 0009).
CREATE OR REPLACE FUNCTION awards.complete_obligation(p_obligation bigint, p_unit_code text, p_document_number text)
    RETURNS void
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, awards, pg_temp AS $$
DECLARE
    v_unit bigint := awards.owing_unit(p_obligation, p_unit_code);
BEGIN
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

REVOKE ALL ON FUNCTION awards.edit_obligation(bigint, text, date), awards.cancel_obligation(bigint, text),
    awards.reopen_obligation(bigint, text, text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION awards.edit_obligation(bigint, text, date), awards.cancel_obligation(bigint, text),
    awards.reopen_obligation(bigint, text, text) TO awards_officer, awards_manager, awards_standing_agency, awards_admin;
