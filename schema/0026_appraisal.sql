-- The standing agency's appraisal (thẩm định) of proposals addressed to its province (issue 14, part 2).
--
-- The agency (Sở Nội vụ / Ban Thi đua – Khen thưởng: a unit of kind standing_agency under the province)
-- receives a proposal, assigns it to one of its specialists with a deadline in working days (a deadline
-- like the others: the daemon reminds and escalates), the specialist judges each line eligible, not
-- eligible, or in need of more documents (bổ sung), each with its reason, and either returns the
-- proposal to its unit for more documents or submits the appraisal result (tờ trình kết quả thẩm định)
-- to the signer. Which awards need it, and in how many working days, is dated data of the catalogue
-- (`appraisal:` in config/awards.yaml). A decision grants a line only where the appraisal allows it.

CREATE TABLE awards.appraisal_rules (
    award_code          text NOT NULL REFERENCES awards.award_types (code),
    valid_from          date NOT NULL,
    valid_to            date,
    -- The time the agency has, in working days from its assignment to the specialist.
    working_days        integer NOT NULL CHECK (working_days BETWEEN 1 AND 90),
    document            text NOT NULL,
    article             text,
    confidence          text NOT NULL CHECK (confidence IN ('official', 'secondary', 'unconfirmed')),
    PRIMARY KEY (award_code, valid_from),
    CHECK (valid_to IS NULL OR valid_to >= valid_from),
    CONSTRAINT appraisal_rules_one_a_day EXCLUDE USING gist (award_code WITH =, daterange(valid_from, valid_to, '[]') WITH &&)
);
GRANT SELECT ON awards.appraisal_rules TO awards_officer, awards_manager, awards_standing_agency, awards_admin;

CREATE FUNCTION awards.appraisal_rule(p_award text, p_on date) RETURNS awards.appraisal_rules
    LANGUAGE plpgsql STABLE SET search_path = pg_catalog, awards, pg_temp AS $$
DECLARE
    v_rule awards.appraisal_rules;
BEGIN
    SELECT * INTO v_rule FROM awards.appraisal_rules
    WHERE award_code = p_award AND valid_from <= p_on AND (valid_to IS NULL OR valid_to >= p_on);
    RETURN v_rule;
END
$$;

CREATE TABLE awards.appraisals (
    id                  bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    proposal_id         bigint NOT NULL REFERENCES awards.proposals (id),
    agency_unit_id      bigint NOT NULL REFERENCES awards.units (id),
    received_by         name NOT NULL DEFAULT session_user,
    received_at         timestamptz NOT NULL DEFAULT now(),
    specialist_id       bigint REFERENCES awards.people (id),
    due_on              date,
    -- Ends once: returned for more documents (with the reason), or submitted with the result's number and date.
    outcome             text CHECK (outcome IN ('returned', 'submitted')),
    closed_by           name,
    closed_at           timestamptz,
    reason              text CHECK (reason ~ '\S' AND length(reason) <= 2000),
    result_number       text CHECK (result_number ~ '^\S(.*\S)?$' AND length(result_number) <= 60),
    result_date         date,
    CHECK ((outcome IS NULL) = (closed_at IS NULL) AND (outcome IS NULL) = (closed_by IS NULL)),
    CHECK ((outcome = 'returned') = (reason IS NOT NULL)),
    CHECK ((outcome = 'submitted') = (result_number IS NOT NULL) AND (result_number IS NULL) = (result_date IS NULL)),
    CHECK (outcome IS NULL OR specialist_id IS NOT NULL)
);
CREATE UNIQUE INDEX appraisals_one_open_per_proposal ON awards.appraisals (proposal_id) WHERE outcome IS NULL;

-- Each judgement of a line, kept: the latest counts.
CREATE TABLE awards.appraisal_verdicts (
    appraisal_id        bigint NOT NULL REFERENCES awards.appraisals (id),
    proposal_id         bigint NOT NULL,
    line_no             integer NOT NULL,
    seq                 integer NOT NULL CHECK (seq >= 1),
    verdict             text NOT NULL CHECK (verdict IN ('eligible', 'not_eligible', 'more_documents')),
    reason              text CHECK (reason ~ '\S' AND length(reason) <= 2000),
    judged_by           name NOT NULL DEFAULT session_user,
    judged_at           timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (appraisal_id, line_no, seq),
    FOREIGN KEY (proposal_id, line_no) REFERENCES awards.proposal_lines (proposal_id, line_no),
    CHECK (verdict = 'eligible' OR reason IS NOT NULL)
);

CREATE TRIGGER appraisal_verdicts_append_only BEFORE UPDATE OR DELETE ON awards.appraisal_verdicts
    FOR EACH ROW EXECUTE FUNCTION awards.refuse_change();
CREATE TRIGGER appraisal_verdicts_no_truncate BEFORE TRUNCATE ON awards.appraisal_verdicts
    FOR EACH STATEMENT EXECUTE FUNCTION awards.refuse_truncate();

-- An appraisal changes only by its assignment while open, and by closing once.
CREATE FUNCTION awards.refuse_appraisal_rewrite() RETURNS trigger
    LANGUAGE plpgsql SET search_path = pg_catalog, awards, pg_temp AS $$
BEGIN
    IF TG_OP = 'UPDATE' AND OLD.outcome IS NULL
       AND (to_jsonb(NEW) - 'specialist_id' - 'due_on' - 'outcome' - 'closed_by' - 'closed_at' - 'reason' - 'result_number' - 'result_date')
         = (to_jsonb(OLD) - 'specialist_id' - 'due_on' - 'outcome' - 'closed_by' - 'closed_at' - 'reason' - 'result_number' - 'result_date') THEN
        RETURN NEW;
    END IF;
    RAISE EXCEPTION 'appraisal % is closed (%): it cannot be changed', OLD.id, coalesce(OLD.outcome, 'open')
        USING ERRCODE = 'insufficient_privilege';
END
$$;
REVOKE ALL ON FUNCTION awards.refuse_appraisal_rewrite() FROM PUBLIC;
CREATE TRIGGER appraisals_only_assigned_or_closed BEFORE UPDATE OR DELETE ON awards.appraisals
    FOR EACH ROW EXECUTE FUNCTION awards.refuse_appraisal_rewrite();
CREATE TRIGGER appraisals_no_truncate BEFORE TRUNCATE ON awards.appraisals
    FOR EACH STATEMENT EXECUTE FUNCTION awards.refuse_truncate();

-- The appraisal's deadline is one more kind of deadline.
ALTER TABLE awards.deadlines ADD COLUMN appraisal_id bigint REFERENCES awards.appraisals (id);
ALTER TABLE awards.deadlines DROP CONSTRAINT deadlines_check;
ALTER TABLE awards.deadlines ADD CONSTRAINT deadlines_one_subject CHECK (num_nonnulls(nomination_id, obligation_id, appraisal_id) = 1);
CREATE UNIQUE INDEX deadlines_one_open_per_appraisal ON awards.deadlines (appraisal_id) WHERE closed_at IS NULL AND appraisal_id IS NOT NULL;
GRANT SELECT (appraisal_id) ON awards.deadlines TO awards_daemon;

ALTER TABLE awards.appraisals ENABLE ROW LEVEL SECURITY;
ALTER TABLE awards.appraisal_verdicts ENABLE ROW LEVEL SECURITY;
-- Seen by the agency and by whoever sees the proposal.
CREATE POLICY appraisals_in_scope ON awards.appraisals FOR SELECT
    TO awards_officer, awards_manager, awards_standing_agency, awards_admin
    USING ((SELECT awards.sees_all_units()) OR EXISTS (SELECT 1 FROM awards.proposals p WHERE p.id = proposal_id));
CREATE POLICY appraisal_verdicts_in_scope ON awards.appraisal_verdicts FOR SELECT
    TO awards_officer, awards_manager, awards_standing_agency, awards_admin
    USING (EXISTS (SELECT 1 FROM awards.appraisals a WHERE a.id = appraisal_id));
REVOKE ALL ON awards.appraisals, awards.appraisal_verdicts FROM PUBLIC;
GRANT SELECT ON awards.appraisals, awards.appraisal_verdicts TO awards_officer, awards_manager, awards_standing_agency, awards_admin;

-- The agency the person works in, when it appraises for the province of this unit: a standing
-- agency's own people, whose agency sits directly under the province the unit belongs to.
CREATE FUNCTION awards.appraising_agency(p_person awards.people, p_unit bigint) RETURNS bigint
    LANGUAGE plpgsql STABLE SET search_path = pg_catalog, awards, pg_temp AS $$
DECLARE
    v_agency awards.units;
BEGIN
    IF p_person.id IS NULL OR NOT 'standing_agency' = ANY (p_person.roles) THEN
        RETURN NULL;
    END IF;
    SELECT * INTO v_agency FROM awards.units WHERE id = p_person.unit_id AND kind = 'standing_agency';
    IF NOT FOUND OR v_agency.parent_id IS NULL
       OR NOT EXISTS (SELECT 1 FROM awards.unit_subtree(v_agency.parent_id) s WHERE s.unit_id = p_unit) THEN
        RETURN NULL;
    END IF;
    RETURN v_agency.id;
END
$$;
REVOKE ALL ON FUNCTION awards.appraising_agency(awards.people, bigint) FROM PUBLIC;

-- Receiving a submitted proposal starts its appraisal: the proposal's `receive` step and the
-- appraisal, in one transaction.
CREATE FUNCTION awards.receive_for_appraisal(p_proposal bigint) RETURNS bigint
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, awards, pg_temp AS $$
DECLARE
    v_person awards.people := awards.acting_person();
    v_proposal awards.proposals;
    v_agency bigint;
    v_id bigint;
BEGIN
    SELECT * INTO v_proposal FROM awards.proposals WHERE id = p_proposal FOR UPDATE;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'proposal % not found', p_proposal USING ERRCODE = 'no_data_found',
            HINT = 'list the proposals you may see with: awards proposal list';
    END IF;
    v_agency := awards.appraising_agency(v_person, v_proposal.addressee_unit_id);
    IF v_agency IS NULL THEN
        RAISE EXCEPTION '% may not appraise proposal %: only the standing agency of the province it is addressed to',
            v_person.login_role, p_proposal USING ERRCODE = 'insufficient_privilege';
    END IF;
    IF EXISTS (SELECT 1 FROM awards.appraisals WHERE proposal_id = p_proposal AND outcome IS NULL) THEN
        RAISE EXCEPTION 'proposal % is already being appraised', p_proposal USING ERRCODE = 'unique_violation',
            HINT = 'see it with: awards appraisal show ID';
    END IF;
    IF v_proposal.state = 'submitted' THEN
        PERFORM awards.advance_proposal(p_proposal, 'receive', '{}', 'submitted');
    ELSIF v_proposal.state <> 'received' THEN
        RAISE EXCEPTION 'proposal % is %: only a submitted or received proposal is appraised', p_proposal, v_proposal.state
            USING ERRCODE = 'object_not_in_prerequisite_state';
    END IF;
    INSERT INTO awards.appraisals (proposal_id, agency_unit_id) VALUES (p_proposal, v_agency) RETURNING id INTO v_id;
    RETURN v_id;
END
$$;

-- The open appraisal, locked, for a person of its agency.
CREATE FUNCTION awards.appraisal_to_use(p_person awards.people, p_appraisal bigint) RETURNS awards.appraisals
    LANGUAGE plpgsql SET search_path = pg_catalog, awards, pg_temp AS $$
DECLARE
    v_appraisal awards.appraisals;
    v_addressee bigint;
BEGIN
    SELECT * INTO v_appraisal FROM awards.appraisals WHERE id = p_appraisal FOR UPDATE;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'appraisal % not found', p_appraisal USING ERRCODE = 'no_data_found',
            HINT = 'list them with: awards appraisal list';
    END IF;
    SELECT addressee_unit_id INTO v_addressee FROM awards.proposals WHERE id = v_appraisal.proposal_id;
    IF awards.appraising_agency(p_person, v_addressee) IS DISTINCT FROM v_appraisal.agency_unit_id THEN
        RAISE EXCEPTION '% may not appraise proposal %: only the standing agency of the province it is addressed to',
            p_person.login_role, v_appraisal.proposal_id USING ERRCODE = 'insufficient_privilege';
    END IF;
    IF v_appraisal.outcome IS NOT NULL THEN
        RAISE EXCEPTION 'appraisal % is closed (%): it cannot be changed', p_appraisal, v_appraisal.outcome
            USING ERRCODE = 'object_not_in_prerequisite_state';
    END IF;
    RETURN v_appraisal;
END
$$;
REVOKE ALL ON FUNCTION awards.appraisal_to_use(awards.people, bigint) FROM PUBLIC;

-- The open appraisal, locked, for the specialist it is assigned to: only they judge, return or submit.
CREATE FUNCTION awards.assigned_appraisal(p_person awards.people, p_appraisal bigint) RETURNS awards.appraisals
    LANGUAGE plpgsql SET search_path = pg_catalog, awards, pg_temp AS $$
DECLARE
    v_appraisal awards.appraisals := awards.appraisal_to_use(p_person, p_appraisal);
BEGIN
    IF v_appraisal.specialist_id IS DISTINCT FROM p_person.id THEN
        RAISE EXCEPTION '% is not the specialist assigned to appraisal %', p_person.login_role, p_appraisal
            USING ERRCODE = 'insufficient_privilege', HINT = 'awards appraisal assign ID LOGIN';
    END IF;
    RETURN v_appraisal;
END
$$;
REVOKE ALL ON FUNCTION awards.assigned_appraisal(awards.people, bigint) FROM PUBLIC;

-- The specialist's deadline: the longest the catalogue gives the proposal's awards on the day, unless
-- the agency sets its own; a new assignment replaces the old deadline.
CREATE FUNCTION awards.assign_appraisal(p_appraisal bigint, p_specialist text, p_working_days integer DEFAULT NULL) RETURNS date
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, awards, pg_temp AS $$
DECLARE
    v_person awards.people := awards.acting_person();
    v_appraisal awards.appraisals := awards.appraisal_to_use(v_person, p_appraisal);
    v_specialist awards.people;
    v_today date := (now() AT TIME ZONE 'Asia/Ho_Chi_Minh')::date;
    v_days integer := p_working_days;
    v_due date;
    v_proposal awards.proposals;
BEGIN
    SELECT * INTO v_specialist FROM awards.people WHERE login_role = p_specialist AND deactivated_at IS NULL;
    IF NOT FOUND OR v_specialist.unit_id <> v_appraisal.agency_unit_id OR NOT 'standing_agency' = ANY (v_specialist.roles) THEN
        RAISE EXCEPTION '% is not a specialist of the standing agency that appraises proposal %', p_specialist, v_appraisal.proposal_id
            USING ERRCODE = 'invalid_parameter_value', HINT = 'list people with: awards person list';
    END IF;
    IF v_days IS NULL THEN
        SELECT max((awards.appraisal_rule(l.award_code, v_today)).working_days) INTO v_days
        FROM awards.proposal_lines l WHERE l.proposal_id = v_appraisal.proposal_id AND l.left_at IS NULL;
    END IF;
    IF v_days IS NULL OR v_days < 1 THEN
        RAISE EXCEPTION 'no award of proposal % has an appraisal time in the catalogue on %; give the working days', v_appraisal.proposal_id,
            to_char(v_today, 'DD/MM/YYYY') USING ERRCODE = 'invalid_parameter_value',
            HINT = 'awards appraisal assign ID LOGIN --working-days N';
    END IF;
    v_due := awards.add_working_days(v_today, v_days);
    UPDATE awards.appraisals SET specialist_id = v_specialist.id, due_on = v_due WHERE id = p_appraisal;
    UPDATE awards.deadlines SET closed_at = now() WHERE appraisal_id = p_appraisal AND closed_at IS NULL;
    SELECT * INTO v_proposal FROM awards.proposals WHERE id = v_appraisal.proposal_id;
    INSERT INTO awards.deadlines (appraisal_id, unit_id, title, action, due_on, assignee_role)
    VALUES (p_appraisal, v_appraisal.agency_unit_id,
            format('Thẩm định tờ trình %s — %s', coalesce(v_proposal.number, '#' || v_proposal.id), v_proposal.title),
            'appraise', v_due, 'standing_agency');
    RETURN v_due;
END
$$;

-- The assigned specialist's own judgement of a line.
CREATE FUNCTION awards.judge_appraisal_line(p_appraisal bigint, p_line integer, p_verdict text, p_reason text DEFAULT NULL) RETURNS void
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, awards, pg_temp AS $$
DECLARE
    v_person awards.people := awards.acting_person();
    v_appraisal awards.appraisals := awards.assigned_appraisal(v_person, p_appraisal);
    v_reason text := nullif(btrim(coalesce(p_reason, '')), '');
BEGIN
    IF p_verdict IS NULL OR p_verdict NOT IN ('eligible', 'not_eligible', 'more_documents') THEN
        RAISE EXCEPTION 'a line is judged eligible, not_eligible or more_documents, not "%"', coalesce(p_verdict, '')
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    IF p_verdict <> 'eligible' AND v_reason IS NULL THEN
        RAISE EXCEPTION 'a line judged % needs its reason', p_verdict USING ERRCODE = 'invalid_parameter_value';
    END IF;
    IF NOT EXISTS (SELECT 1 FROM awards.proposal_lines WHERE proposal_id = v_appraisal.proposal_id AND line_no = p_line AND left_at IS NULL) THEN
        RAISE EXCEPTION 'proposal % has no open line %', v_appraisal.proposal_id, p_line USING ERRCODE = 'no_data_found',
            HINT = 'see its lines with: awards proposal show ID';
    END IF;
    INSERT INTO awards.appraisal_verdicts (appraisal_id, proposal_id, line_no, seq, verdict, reason)
    SELECT p_appraisal, v_appraisal.proposal_id, p_line, coalesce(max(seq), 0) + 1, p_verdict, normalize(v_reason, NFC)
    FROM awards.appraisal_verdicts WHERE appraisal_id = p_appraisal AND line_no = p_line;
END
$$;

-- The proposal goes back to its unit for more documents; the appraisal ends.
CREATE FUNCTION awards.return_appraisal(p_appraisal bigint, p_reason text) RETURNS void
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, awards, pg_temp AS $$
DECLARE
    v_person awards.people := awards.acting_person();
    v_appraisal awards.appraisals := awards.assigned_appraisal(v_person, p_appraisal);
    v_reason text := nullif(btrim(coalesce(p_reason, '')), '');
BEGIN
    IF v_reason IS NULL THEN
        RAISE EXCEPTION 'returning a proposal for more documents needs the reason' USING ERRCODE = 'invalid_parameter_value';
    END IF;
    UPDATE awards.appraisals SET outcome = 'returned', closed_by = session_user, closed_at = now(), reason = normalize(v_reason, NFC)
    WHERE id = p_appraisal;
    UPDATE awards.deadlines SET closed_at = now() WHERE appraisal_id = p_appraisal AND closed_at IS NULL;
    PERFORM awards.advance_proposal(v_appraisal.proposal_id, 'return', jsonb_build_object('reason', normalize(v_reason, NFC)), 'received');
END
$$;

-- The appraisal result (tờ trình kết quả thẩm định) goes to the signer once every open line is judged.
CREATE FUNCTION awards.submit_appraisal(p_appraisal bigint, p_number text, p_date date) RETURNS void
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, awards, pg_temp AS $$
DECLARE
    v_person awards.people := awards.acting_person();
    v_appraisal awards.appraisals := awards.assigned_appraisal(v_person, p_appraisal);
    v_unjudged text;
BEGIN
    IF btrim(coalesce(p_number, '')) = '' OR p_date IS NULL THEN
        RAISE EXCEPTION 'the appraisal result is a document: give its number and date' USING ERRCODE = 'invalid_parameter_value';
    END IF;
    SELECT string_agg(l.line_no::text, ', ' ORDER BY l.line_no) INTO v_unjudged
    FROM awards.proposal_lines l
    WHERE l.proposal_id = v_appraisal.proposal_id AND l.left_at IS NULL
      AND NOT EXISTS (SELECT 1 FROM awards.appraisal_verdicts v WHERE v.appraisal_id = p_appraisal AND v.line_no = l.line_no);
    IF v_unjudged IS NOT NULL THEN
        RAISE EXCEPTION 'lines of proposal % not yet judged: %', v_appraisal.proposal_id, v_unjudged
            USING ERRCODE = 'object_not_in_prerequisite_state', HINT = 'awards appraisal judge ID LINE eligible|not_eligible|more_documents';
    END IF;
    UPDATE awards.appraisals SET outcome = 'submitted', closed_by = session_user, closed_at = now(),
        result_number = btrim(p_number), result_date = p_date
    WHERE id = p_appraisal;
    UPDATE awards.deadlines SET closed_at = now() WHERE appraisal_id = p_appraisal AND closed_at IS NULL;
END
$$;

-- The latest verdict of each line of a proposal's latest submitted appraisal.
CREATE FUNCTION awards.appraised_lines(p_proposals bigint[])
    RETURNS TABLE (proposal_id bigint, line_no integer, verdict text, appraisal_id bigint)
    LANGUAGE plpgsql STABLE SET search_path = pg_catalog, awards, pg_temp AS $$
BEGIN
    RETURN QUERY
    SELECT DISTINCT ON (v.proposal_id, v.line_no) v.proposal_id, v.line_no, v.verdict, v.appraisal_id
    FROM awards.appraisal_verdicts v
    JOIN awards.appraisals a ON a.id = v.appraisal_id AND a.outcome = 'submitted'
    WHERE v.proposal_id = ANY (p_proposals)
      AND a.id = (SELECT max(x.id) FROM awards.appraisals x WHERE x.proposal_id = v.proposal_id AND x.outcome = 'submitted')
    ORDER BY v.proposal_id, v.line_no, v.seq DESC;
END
$$;
REVOKE ALL ON FUNCTION awards.appraised_lines(bigint[]) FROM PUBLIC;

-- A decision line needs an eligible verdict where its award needs appraisal on the decision date, and
-- wherever a submitted appraisal judged it otherwise.
CREATE FUNCTION awards.check_lines_passed_appraisal() RETURNS trigger
    LANGUAGE plpgsql SET search_path = pg_catalog, awards, pg_temp AS $$
DECLARE
    v_problem text;
BEGIN
    WITH added AS (
        SELECT a.*, d.decision_date FROM added_lines a JOIN awards.decisions d ON d.id = a.decision_id
    ),
    judged AS (
        SELECT * FROM awards.appraised_lines(ARRAY(SELECT DISTINCT proposal_id FROM added))
    )
    SELECT string_agg(format('%s/%s %s: %s', a.proposal_id, a.proposal_line_no, a.nominee_name, a.granted_award), '; '
                      ORDER BY a.proposal_id, a.proposal_line_no)
    INTO v_problem
    FROM added a LEFT JOIN judged j ON j.proposal_id = a.proposal_id AND j.line_no = a.proposal_line_no
    WHERE (j.verdict IS NULL AND (awards.appraisal_rule(a.granted_award, a.decision_date)).award_code IS NOT NULL)
       OR j.verdict IN ('not_eligible', 'more_documents');
    IF v_problem IS NOT NULL THEN
        RAISE EXCEPTION 'these lines have not passed the standing agency''s appraisal: %', v_problem
            USING ERRCODE = 'AW002',
                  HINT = 'see the appraisal with: awards appraisal show ID; leave those lines out, or wait for the appraisal result';
    END IF;
    RETURN NULL;
END
$$;
REVOKE ALL ON FUNCTION awards.check_lines_passed_appraisal() FROM PUBLIC;
CREATE TRIGGER decision_lines_passed_appraisal AFTER INSERT ON awards.decision_lines
    REFERENCING NEW TABLE AS added_lines FOR EACH STATEMENT EXECUTE FUNCTION awards.check_lines_passed_appraisal();

REVOKE ALL ON FUNCTION awards.appraisal_rule(text, date), awards.receive_for_appraisal(bigint),
    awards.assign_appraisal(bigint, text, integer), awards.judge_appraisal_line(bigint, integer, text, text),
    awards.return_appraisal(bigint, text), awards.submit_appraisal(bigint, text, date) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION awards.appraisal_rule(text, date), awards.receive_for_appraisal(bigint),
    awards.assign_appraisal(bigint, text, integer), awards.judge_appraisal_line(bigint, integer, text, text),
    awards.return_appraisal(bigint, text), awards.submit_appraisal(bigint, text, date)
    TO awards_officer, awards_manager, awards_standing_agency, awards_admin;

-- An absent member who sent a written opinion votes only where the line's rule counts one: the lines
-- open to them leave out the others, so `awards council vote --agree-all` does not offer what
-- cast_ballots would refuse.
CREATE OR REPLACE FUNCTION awards.my_ballot_lines(p_meeting bigint) RETURNS TABLE (proposal_id bigint, line_no integer)
    LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = pg_catalog, awards, pg_temp AS $$
DECLARE
    v_member awards.people;
    v_presence text;
    v_held_on date;
BEGIN
    SELECT * INTO v_member FROM awards.people WHERE login_role = session_user AND deactivated_at IS NULL;
    SELECT a.presence INTO v_presence FROM awards.council_attendance a WHERE a.meeting_id = p_meeting AND a.person_id = v_member.id;
    IF v_presence IS NULL THEN
        RAISE EXCEPTION '% is not a voting member at council meeting %', session_user, p_meeting USING ERRCODE = 'insufficient_privilege';
    ELSIF v_presence = 'absent' THEN
        RAISE EXCEPTION '% is recorded absent from council meeting % without a written opinion, and cannot vote', session_user, p_meeting
            USING ERRCODE = 'insufficient_privilege';
    END IF;
    SELECT m.held_on INTO v_held_on FROM awards.council_meetings m WHERE m.id = p_meeting;
    RETURN QUERY
    SELECT l.proposal_id, l.line_no FROM awards.meeting_lines(p_meeting) l
    WHERE NOT EXISTS (SELECT 1 FROM awards.ballot_bars(p_meeting, v_member) b WHERE b.proposal_id = l.proposal_id AND b.line_no = l.line_no)
      AND (v_presence <> 'absent_written'
           OR coalesce((awards.council_vote_rule(l.award_code, v_held_on)).written_opinions, false))
    ORDER BY l.proposal_id, l.line_no;
END
$$;
