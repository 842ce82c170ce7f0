-- The public posting for the people's opinion (lấy ý kiến Nhân dân) of the lines proposed for a
-- Huân chương or Chiến sĩ thi đua toàn quốc (issue 14, part 2, item 4).
--
-- Nghị định 98/2023/NĐ-CP Điều 46 khoản 2, as quoted by the ministries' own notices (a secondary
-- source: the decree's text was not found): whoever proposes a huân chương or a State honour makes the
-- list public on its own media (newspaper, portal, radio) at least 10 working days before its emulation
-- council meets. From 01/07/2025 the Ministry of Home Affairs' notices cite Nghị định 152/2025/NĐ-CP
-- Điều 60 khoản 3 for the same 10 working days. Which awards need it, for how long, is dated data of the
-- catalogue (`public_posting:` in config/awards.yaml).
--
-- The standing agency of the province the proposal goes to posts the lines (where and from which day),
-- records each objection received while the list is up, finds each one upheld or unfounded with its
-- reason, and closes the posting once it has run its days. The council cannot count a line that was not
-- posted and closed before the day it met, and the agency cannot find a line eligible while an
-- objection to it was upheld.

CREATE TABLE awards.public_posting_rules (
    award_code          text NOT NULL REFERENCES awards.award_types (code),
    valid_from          date NOT NULL,
    valid_to            date,
    -- How long the list stays up, in working days from the day it is posted.
    working_days        integer NOT NULL CHECK (working_days BETWEEN 1 AND 90),
    document            text NOT NULL,
    article             text,
    confidence          text NOT NULL CHECK (confidence IN ('official', 'secondary', 'unconfirmed')),
    PRIMARY KEY (award_code, valid_from),
    CHECK (valid_to IS NULL OR valid_to >= valid_from),
    CONSTRAINT public_posting_rules_one_a_day EXCLUDE USING gist (award_code WITH =, daterange(valid_from, valid_to, '[]') WITH &&)
);
GRANT SELECT ON awards.public_posting_rules TO awards_officer, awards_manager, awards_standing_agency, awards_admin;

CREATE FUNCTION awards.public_posting_rule(p_award text, p_on date) RETURNS awards.public_posting_rules
    LANGUAGE plpgsql STABLE SET search_path = pg_catalog, awards, pg_temp AS $$
DECLARE
    v_rule awards.public_posting_rules;
BEGIN
    SELECT * INTO v_rule FROM awards.public_posting_rules
    WHERE award_code = p_award AND valid_from <= p_on AND (valid_to IS NULL OR valid_to >= p_on);
    RETURN v_rule;
END
$$;

CREATE TABLE awards.public_postings (
    id                  bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    proposal_id         bigint NOT NULL REFERENCES awards.proposals (id),
    agency_unit_id      bigint NOT NULL REFERENCES awards.units (id),
    -- Where the list is up: the portal's address, the newspaper.
    place               text NOT NULL CHECK (place ~ '\S' AND length(place) <= 500 AND place !~ '[[:cntrl:]]'),
    posted_on           date NOT NULL,
    -- The last day the list is up: the posting's working days counted from the day it went up.
    ends_on             date NOT NULL,
    working_days        integer NOT NULL CHECK (working_days >= 1),
    -- The rule the posting follows, as the minutes cite it.
    rule_text           text NOT NULL,
    posted_by           name NOT NULL DEFAULT session_user,
    posted_at           timestamptz NOT NULL DEFAULT now(),
    closed_by           name,
    closed_at           timestamptz,
    CHECK (ends_on >= posted_on),
    CHECK ((closed_by IS NULL) = (closed_at IS NULL))
);
CREATE UNIQUE INDEX public_postings_one_open_per_proposal ON awards.public_postings (proposal_id) WHERE closed_at IS NULL;

CREATE TABLE awards.public_posting_lines (
    posting_id          bigint NOT NULL REFERENCES awards.public_postings (id),
    proposal_id         bigint NOT NULL,
    line_no             integer NOT NULL,
    award_code          text NOT NULL REFERENCES awards.award_types (code),
    PRIMARY KEY (posting_id, line_no),
    FOREIGN KEY (proposal_id, line_no) REFERENCES awards.proposal_lines (proposal_id, line_no)
);
CREATE INDEX public_posting_lines_line ON awards.public_posting_lines (proposal_id, line_no);

CREATE TABLE awards.posting_objections (
    id                  bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    posting_id          bigint NOT NULL,
    line_no             integer NOT NULL,
    -- Who wrote, as the letter signs it (the law asks for a signed letter with name and address).
    sender              text NOT NULL CHECK (sender ~ '\S' AND length(sender) <= 300 AND sender !~ '[[:cntrl:]]'),
    summary             text NOT NULL CHECK (summary ~ '\S' AND length(summary) <= 2000),
    received_on         date NOT NULL,
    recorded_by         name NOT NULL DEFAULT session_user,
    recorded_at         timestamptz NOT NULL DEFAULT now(),
    FOREIGN KEY (posting_id, line_no) REFERENCES awards.public_posting_lines (posting_id, line_no)
);
CREATE INDEX posting_objections_line ON awards.posting_objections (posting_id, line_no);

-- Each objection is looked into once: upheld (the line cannot be found eligible) or unfounded.
CREATE TABLE awards.posting_objection_findings (
    objection_id        bigint PRIMARY KEY REFERENCES awards.posting_objections (id),
    finding             text NOT NULL CHECK (finding IN ('upheld', 'unfounded')),
    reason              text NOT NULL CHECK (reason ~ '\S' AND length(reason) <= 2000),
    found_by            name NOT NULL DEFAULT session_user,
    found_at            timestamptz NOT NULL DEFAULT now()
);

CREATE TRIGGER public_posting_lines_append_only BEFORE UPDATE OR DELETE ON awards.public_posting_lines
    FOR EACH ROW EXECUTE FUNCTION awards.refuse_change();
CREATE TRIGGER posting_objections_append_only BEFORE UPDATE OR DELETE ON awards.posting_objections
    FOR EACH ROW EXECUTE FUNCTION awards.refuse_change();
CREATE TRIGGER posting_objection_findings_append_only BEFORE UPDATE OR DELETE ON awards.posting_objection_findings
    FOR EACH ROW EXECUTE FUNCTION awards.refuse_change();
CREATE TRIGGER public_postings_no_truncate BEFORE TRUNCATE ON awards.public_postings
    FOR EACH STATEMENT EXECUTE FUNCTION awards.refuse_truncate();
CREATE TRIGGER public_posting_lines_no_truncate BEFORE TRUNCATE ON awards.public_posting_lines
    FOR EACH STATEMENT EXECUTE FUNCTION awards.refuse_truncate();
CREATE TRIGGER posting_objections_no_truncate BEFORE TRUNCATE ON awards.posting_objections
    FOR EACH STATEMENT EXECUTE FUNCTION awards.refuse_truncate();
CREATE TRIGGER posting_objection_findings_no_truncate BEFORE TRUNCATE ON awards.posting_objection_findings
    FOR EACH STATEMENT EXECUTE FUNCTION awards.refuse_truncate();

-- A posting changes once: when it is closed.
CREATE FUNCTION awards.refuse_posting_rewrite() RETURNS trigger
    LANGUAGE plpgsql SET search_path = pg_catalog, awards, pg_temp AS $$
BEGIN
    IF TG_OP = 'UPDATE' AND OLD.closed_at IS NULL
       AND (to_jsonb(NEW) - 'closed_by' - 'closed_at') = (to_jsonb(OLD) - 'closed_by' - 'closed_at') THEN
        RETURN NEW;
    END IF;
    RAISE EXCEPTION 'public posting % is closed: it cannot be changed', OLD.id USING ERRCODE = 'insufficient_privilege';
END
$$;
REVOKE ALL ON FUNCTION awards.refuse_posting_rewrite() FROM PUBLIC;
CREATE TRIGGER public_postings_only_closed BEFORE UPDATE OR DELETE ON awards.public_postings
    FOR EACH ROW EXECUTE FUNCTION awards.refuse_posting_rewrite();

-- Closing the posting is one more deadline of the agency: due on the first working day after the list
-- came down, so the daemon reminds and escalates until the council can count the lines.
ALTER TABLE awards.deadlines ADD COLUMN posting_id bigint REFERENCES awards.public_postings (id);
ALTER TABLE awards.deadlines DROP CONSTRAINT deadlines_one_subject;
ALTER TABLE awards.deadlines ADD CONSTRAINT deadlines_one_subject CHECK (num_nonnulls(nomination_id, obligation_id, appraisal_id, posting_id) = 1);
CREATE UNIQUE INDEX deadlines_one_open_per_posting ON awards.deadlines (posting_id) WHERE closed_at IS NULL AND posting_id IS NOT NULL;
GRANT SELECT (posting_id) ON awards.deadlines TO awards_daemon;

ALTER TABLE awards.public_postings ENABLE ROW LEVEL SECURITY;
ALTER TABLE awards.public_posting_lines ENABLE ROW LEVEL SECURITY;
ALTER TABLE awards.posting_objections ENABLE ROW LEVEL SECURITY;
ALTER TABLE awards.posting_objection_findings ENABLE ROW LEVEL SECURITY;
-- Seen by the agency and by whoever sees the proposal, as its appraisal is.
CREATE POLICY public_postings_in_scope ON awards.public_postings FOR SELECT
    TO awards_officer, awards_manager, awards_standing_agency, awards_admin
    USING ((SELECT awards.sees_all_units()) OR EXISTS (SELECT 1 FROM awards.proposals p WHERE p.id = proposal_id));
CREATE POLICY public_posting_lines_in_scope ON awards.public_posting_lines FOR SELECT
    TO awards_officer, awards_manager, awards_standing_agency, awards_admin
    USING (EXISTS (SELECT 1 FROM awards.public_postings pp WHERE pp.id = posting_id));
CREATE POLICY posting_objections_in_scope ON awards.posting_objections FOR SELECT
    TO awards_officer, awards_manager, awards_standing_agency, awards_admin
    USING (EXISTS (SELECT 1 FROM awards.public_postings pp WHERE pp.id = posting_id));
CREATE POLICY posting_objection_findings_in_scope ON awards.posting_objection_findings FOR SELECT
    TO awards_officer, awards_manager, awards_standing_agency, awards_admin
    USING (EXISTS (SELECT 1 FROM awards.posting_objections o WHERE o.id = objection_id));
REVOKE ALL ON awards.public_postings, awards.public_posting_lines, awards.posting_objections, awards.posting_objection_findings FROM PUBLIC;
GRANT SELECT ON awards.public_postings, awards.public_posting_lines, awards.posting_objections, awards.posting_objection_findings
    TO awards_officer, awards_manager, awards_standing_agency, awards_admin;

-- The posting, locked, for a person of the agency that appraises its proposal's province.
CREATE FUNCTION awards.posting_to_use(p_person awards.people, p_posting bigint) RETURNS awards.public_postings
    LANGUAGE plpgsql SET search_path = pg_catalog, awards, pg_temp AS $$
DECLARE
    v_posting awards.public_postings;
    v_addressee bigint;
BEGIN
    SELECT * INTO v_posting FROM awards.public_postings WHERE id = p_posting FOR UPDATE;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'public posting % not found', p_posting USING ERRCODE = 'no_data_found',
            HINT = 'list them with: awards posting list';
    END IF;
    SELECT addressee_unit_id INTO v_addressee FROM awards.proposals WHERE id = v_posting.proposal_id;
    IF awards.appraising_agency(p_person, v_addressee) IS DISTINCT FROM v_posting.agency_unit_id THEN
        RAISE EXCEPTION '% may not handle the public posting of proposal %: only the standing agency of the province it is addressed to',
            p_person.login_role, v_posting.proposal_id USING ERRCODE = 'insufficient_privilege';
    END IF;
    IF v_posting.closed_at IS NOT NULL THEN
        RAISE EXCEPTION 'public posting % is closed: it cannot be changed', p_posting USING ERRCODE = 'object_not_in_prerequisite_state';
    END IF;
    RETURN v_posting;
END
$$;
REVOKE ALL ON FUNCTION awards.posting_to_use(awards.people, bigint) FROM PUBLIC;

-- The open lines of a proposal whose award needs a posting on the day, with the rule's days and source.
CREATE FUNCTION awards.lines_to_post(p_proposal bigint, p_on date)
    RETURNS TABLE (line_no integer, award_code text, working_days integer, source text)
    LANGUAGE sql STABLE SET search_path = pg_catalog, awards, pg_temp AS $$
    SELECT l.line_no, l.award_code, r.working_days, r.document || coalesce(', ' || r.article, '')
    FROM awards.proposal_lines l
    JOIN awards.public_posting_rules r ON r.award_code = l.award_code AND r.valid_from <= p_on AND (r.valid_to IS NULL OR r.valid_to >= p_on)
    WHERE l.proposal_id = p_proposal AND l.left_at IS NULL
$$;
REVOKE ALL ON FUNCTION awards.lines_to_post(bigint, date) FROM PUBLIC;

-- Posts every open line of the proposal whose award needs it on the day the list goes up; the list
-- stays up for the longest time the catalogue gives them.
CREATE FUNCTION awards.post_publicly(p_proposal bigint, p_place text, p_posted_on date) RETURNS bigint
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, awards, pg_temp AS $$
DECLARE
    v_person awards.people := awards.acting_person();
    v_proposal awards.proposals;
    v_agency bigint;
    v_place text := nullif(btrim(coalesce(p_place, '')), '');
    v_today date := (now() AT TIME ZONE 'Asia/Ho_Chi_Minh')::date;
    v_days integer;
    v_rule text;
    v_id bigint;
BEGIN
    SELECT * INTO v_proposal FROM awards.proposals WHERE id = p_proposal FOR UPDATE;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'proposal % not found', p_proposal USING ERRCODE = 'no_data_found',
            HINT = 'list the proposals you may see with: awards proposal list';
    END IF;
    v_agency := awards.appraising_agency(v_person, v_proposal.addressee_unit_id);
    IF v_agency IS NULL THEN
        RAISE EXCEPTION '% may not handle the public posting of proposal %: only the standing agency of the province it is addressed to',
            v_person.login_role, p_proposal USING ERRCODE = 'insufficient_privilege';
    END IF;
    IF v_proposal.state NOT IN ('submitted', 'received') THEN
        RAISE EXCEPTION 'proposal % is %: only a submitted or received proposal is posted publicly', p_proposal, v_proposal.state
            USING ERRCODE = 'object_not_in_prerequisite_state';
    END IF;
    IF v_place IS NULL THEN
        RAISE EXCEPTION 'say where the list is posted: the portal''s address or the newspaper' USING ERRCODE = 'invalid_parameter_value';
    END IF;
    IF p_posted_on IS NULL OR p_posted_on > v_today THEN
        RAISE EXCEPTION 'a posting is recorded once the list is up: % is after today', coalesce(to_char(p_posted_on, 'DD/MM/YYYY'), 'no date')
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    IF EXISTS (SELECT 1 FROM awards.public_postings WHERE proposal_id = p_proposal AND closed_at IS NULL) THEN
        RAISE EXCEPTION 'proposal % is already posted publicly', p_proposal USING ERRCODE = 'unique_violation',
            HINT = 'see it with: awards posting list --proposal ID';
    END IF;
    SELECT max(t.working_days), string_agg(DISTINCT t.source, '; ') INTO v_days, v_rule FROM awards.lines_to_post(p_proposal, p_posted_on) t;
    IF v_days IS NULL THEN
        RAISE EXCEPTION 'no line of proposal % needs a public posting on %', p_proposal, to_char(p_posted_on, 'DD/MM/YYYY')
            USING ERRCODE = 'object_not_in_prerequisite_state';
    END IF;
    -- Counted from the day it goes up: a list posted on a working day ends on the days-th working day
    -- counting that one.
    INSERT INTO awards.public_postings (proposal_id, agency_unit_id, place, posted_on, ends_on, working_days, rule_text)
    VALUES (p_proposal, v_agency, normalize(v_place, NFC), p_posted_on, awards.add_working_days(p_posted_on - 1, v_days), v_days, v_rule)
    RETURNING id INTO v_id;
    INSERT INTO awards.public_posting_lines (posting_id, proposal_id, line_no, award_code)
    SELECT v_id, p_proposal, t.line_no, t.award_code FROM awards.lines_to_post(p_proposal, p_posted_on) t;
    INSERT INTO awards.deadlines (posting_id, unit_id, title, action, due_on, assignee_role)
    SELECT v_id, v_agency, format('Kết thúc lấy ý kiến Nhân dân — tờ trình %s, đăng tại %s', coalesce(v_proposal.number, '#' || v_proposal.id), pp.place),
           'close_posting', awards.add_working_days(pp.ends_on, 1), 'standing_agency'
    FROM awards.public_postings pp WHERE pp.id = v_id;
    RETURN v_id;
END
$$;

-- An objection received while the list was up, to one posted line.
CREATE FUNCTION awards.record_posting_objection(p_posting bigint, p_line integer, p_sender text, p_summary text, p_received_on date)
    RETURNS bigint
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, awards, pg_temp AS $$
DECLARE
    v_person awards.people := awards.acting_person();
    v_posting awards.public_postings := awards.posting_to_use(v_person, p_posting);
    v_sender text := nullif(btrim(coalesce(p_sender, '')), '');
    v_summary text := nullif(btrim(coalesce(p_summary, '')), '');
    v_id bigint;
BEGIN
    IF NOT EXISTS (SELECT 1 FROM awards.public_posting_lines WHERE posting_id = p_posting AND line_no = p_line) THEN
        RAISE EXCEPTION 'line % of proposal % is not on public posting %', p_line, v_posting.proposal_id, p_posting
            USING ERRCODE = 'no_data_found', HINT = 'see the posted lines with: awards posting show ID';
    END IF;
    IF v_sender IS NULL OR v_summary IS NULL THEN
        RAISE EXCEPTION 'an objection is recorded with who sent it and what it says' USING ERRCODE = 'invalid_parameter_value';
    END IF;
    IF p_received_on IS NULL OR p_received_on < v_posting.posted_on OR p_received_on > v_posting.ends_on
       OR p_received_on > (now() AT TIME ZONE 'Asia/Ho_Chi_Minh')::date THEN
        RAISE EXCEPTION 'an objection to public posting % is received while the list is up, from % to %, and not after today', p_posting,
            to_char(v_posting.posted_on, 'DD/MM/YYYY'), to_char(v_posting.ends_on, 'DD/MM/YYYY') USING ERRCODE = 'invalid_parameter_value';
    END IF;
    INSERT INTO awards.posting_objections (posting_id, line_no, sender, summary, received_on)
    VALUES (p_posting, p_line, normalize(v_sender, NFC), normalize(v_summary, NFC), p_received_on)
    RETURNING id INTO v_id;
    RETURN v_id;
END
$$;

-- What the agency found when it looked into an objection, once.
CREATE FUNCTION awards.find_posting_objection(p_objection bigint, p_finding text, p_reason text) RETURNS void
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, awards, pg_temp AS $$
DECLARE
    v_person awards.people := awards.acting_person();
    v_posting_id bigint;
    v_posting awards.public_postings;
    v_reason text := nullif(btrim(coalesce(p_reason, '')), '');
BEGIN
    SELECT posting_id INTO v_posting_id FROM awards.posting_objections WHERE id = p_objection;
    IF v_posting_id IS NULL THEN
        RAISE EXCEPTION 'objection % not found', p_objection USING ERRCODE = 'no_data_found',
            HINT = 'see the objections with: awards posting show ID';
    END IF;
    v_posting := awards.posting_to_use(v_person, v_posting_id);
    IF p_finding IS NULL OR p_finding NOT IN ('upheld', 'unfounded') THEN
        RAISE EXCEPTION 'an objection is found upheld or unfounded, not "%"', coalesce(p_finding, '') USING ERRCODE = 'invalid_parameter_value';
    END IF;
    IF v_reason IS NULL THEN
        RAISE EXCEPTION 'a finding on an objection needs its reason' USING ERRCODE = 'invalid_parameter_value';
    END IF;
    IF EXISTS (SELECT 1 FROM awards.posting_objection_findings WHERE objection_id = p_objection) THEN
        RAISE EXCEPTION 'objection % has already been found on', p_objection USING ERRCODE = 'unique_violation';
    END IF;
    INSERT INTO awards.posting_objection_findings (objection_id, finding, reason) VALUES (p_objection, p_finding, normalize(v_reason, NFC));
END
$$;

-- The posting ends once it has run all its days and every objection has its finding.
CREATE FUNCTION awards.close_public_posting(p_posting bigint) RETURNS void
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, awards, pg_temp AS $$
DECLARE
    v_person awards.people := awards.acting_person();
    v_posting awards.public_postings := awards.posting_to_use(v_person, p_posting);
    v_open text;
BEGIN
    IF (now() AT TIME ZONE 'Asia/Ho_Chi_Minh')::date <= v_posting.ends_on THEN
        RAISE EXCEPTION 'public posting % is up until %: it closes after its last day', p_posting, to_char(v_posting.ends_on, 'DD/MM/YYYY')
            USING ERRCODE = 'object_not_in_prerequisite_state';
    END IF;
    SELECT string_agg(o.id::text, ', ' ORDER BY o.id) INTO v_open
    FROM awards.posting_objections o
    WHERE o.posting_id = p_posting AND NOT EXISTS (SELECT 1 FROM awards.posting_objection_findings f WHERE f.objection_id = o.id);
    IF v_open IS NOT NULL THEN
        RAISE EXCEPTION 'objections to public posting % not yet found on: %', p_posting, v_open
            USING ERRCODE = 'object_not_in_prerequisite_state', HINT = 'awards posting find OBJECTION upheld|unfounded --reason TEXT';
    END IF;
    UPDATE awards.public_postings SET closed_by = session_user, closed_at = now() WHERE id = p_posting;
    UPDATE awards.deadlines SET closed_at = now() WHERE posting_id = p_posting AND closed_at IS NULL;
END
$$;

-- The council counts a line whose award needs a posting on the day it met only if the list was up for
-- all its days before that day, and closed.
CREATE FUNCTION awards.check_counted_lines_posted() RETURNS trigger
    LANGUAGE plpgsql SET search_path = pg_catalog, awards, pg_temp AS $$
DECLARE
    v_problem text;
BEGIN
    SELECT string_agg(format('%s/%s %s — %s', c.proposal_id, c.line_no, c.proposed_award, r.document || coalesce(', ' || r.article, '')),
                      '; ' ORDER BY c.proposal_id, c.line_no)
    INTO v_problem
    FROM counted c
    JOIN awards.council_meetings m ON m.id = c.meeting_id
    JOIN awards.public_posting_rules r ON r.award_code = c.proposed_award AND r.valid_from <= m.held_on
                                      AND (r.valid_to IS NULL OR r.valid_to >= m.held_on)
    WHERE NOT EXISTS (SELECT 1 FROM awards.public_posting_lines pl JOIN awards.public_postings pp ON pp.id = pl.posting_id
                      WHERE pl.proposal_id = c.proposal_id AND pl.line_no = c.line_no
                        AND pp.closed_at IS NOT NULL AND pp.ends_on < m.held_on);
    IF v_problem IS NOT NULL THEN
        RAISE EXCEPTION 'these lines were not posted publicly for the people''s opinion, and closed, before the council met: %', v_problem
            USING ERRCODE = 'object_not_in_prerequisite_state',
                  HINT = 'the standing agency posts them with: awards posting new PROPOSAL --place WHERE --on DATE, and closes the posting after its last day';
    END IF;
    RETURN NULL;
END
$$;
REVOKE ALL ON FUNCTION awards.check_counted_lines_posted() FROM PUBLIC;
CREATE TRIGGER council_results_posted_before_meeting AFTER INSERT ON awards.council_results
    REFERENCING NEW TABLE AS counted FOR EACH STATEMENT EXECUTE FUNCTION awards.check_counted_lines_posted();

-- A line whose award needs a posting on the day it is judged is found eligible only after a closed
-- posting of it, and not while an objection to it there was upheld.
CREATE FUNCTION awards.check_eligible_after_posting() RETURNS trigger
    LANGUAGE plpgsql SET search_path = pg_catalog, awards, pg_temp AS $$
DECLARE
    v_award text;
    v_rule awards.public_posting_rules;
    v_posting bigint;
    v_upheld text;
BEGIN
    IF NEW.verdict <> 'eligible' THEN
        RETURN NEW;
    END IF;
    SELECT award_code INTO v_award FROM awards.proposal_lines WHERE proposal_id = NEW.proposal_id AND line_no = NEW.line_no;
    v_rule := awards.public_posting_rule(v_award, (NEW.judged_at AT TIME ZONE 'Asia/Ho_Chi_Minh')::date);
    IF v_rule.award_code IS NULL THEN
        RETURN NEW;
    END IF;
    SELECT max(pp.id) INTO v_posting
    FROM awards.public_posting_lines pl JOIN awards.public_postings pp ON pp.id = pl.posting_id
    WHERE pl.proposal_id = NEW.proposal_id AND pl.line_no = NEW.line_no AND pp.closed_at IS NOT NULL;
    IF v_posting IS NULL THEN
        RAISE EXCEPTION 'line % of proposal % (%) is found eligible only after its public posting for % working days has closed (%)',
            NEW.line_no, NEW.proposal_id, v_award, v_rule.working_days, v_rule.document || coalesce(', ' || v_rule.article, '')
            USING ERRCODE = 'object_not_in_prerequisite_state', HINT = 'awards posting new PROPOSAL --place WHERE --on DATE';
    END IF;
    SELECT string_agg(format('%s (%s)', o.sender, f.reason), '; ' ORDER BY o.id) INTO v_upheld
    FROM awards.posting_objections o JOIN awards.posting_objection_findings f ON f.objection_id = o.id AND f.finding = 'upheld'
    WHERE o.posting_id = v_posting AND o.line_no = NEW.line_no;
    IF v_upheld IS NOT NULL THEN
        RAISE EXCEPTION 'line % of proposal % cannot be found eligible: an objection to it was upheld: %', NEW.line_no, NEW.proposal_id, v_upheld
            USING ERRCODE = 'object_not_in_prerequisite_state';
    END IF;
    RETURN NEW;
END
$$;
REVOKE ALL ON FUNCTION awards.check_eligible_after_posting() FROM PUBLIC;
CREATE TRIGGER appraisal_verdicts_eligible_after_posting BEFORE INSERT ON awards.appraisal_verdicts
    FOR EACH ROW EXECUTE FUNCTION awards.check_eligible_after_posting();

REVOKE ALL ON FUNCTION awards.public_posting_rule(text, date), awards.post_publicly(bigint, text, date),
    awards.record_posting_objection(bigint, integer, text, text, date), awards.find_posting_objection(bigint, text, text),
    awards.close_public_posting(bigint) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION awards.post_publicly(bigint, text, date),
    awards.record_posting_objection(bigint, integer, text, text, date), awards.find_posting_objection(bigint, text, text),
    awards.close_public_posting(bigint)
    TO awards_officer, awards_manager, awards_standing_agency, awards_admin;
