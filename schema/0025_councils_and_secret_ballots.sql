-- The emulation council (Hội đồng Thi đua – Khen thưởng) and its secret ballots (issue 14, part 1).
--
-- A unit's council has dated membership; a meeting takes one or more proposals, records who attends,
-- and each present voting member (or an absent one who sends a written opinion, where the rule allows
-- it) casts one ballot per line: agree, disagree, or a lower award. The ballot box keeps what was voted
-- apart from who voted: `ballot_receipts` says that a member voted on a line, `ballots` what a ballot
-- said, with no column that links the two and no time. Nobody but the counting function reads the box;
-- the count moves its ballots, shuffled, into `counted_ballots` and computes the result of each line
-- from the dated rule of the catalogue (`council_vote_rules`, loaded from config/awards.yaml). After the
-- count the meeting and its minutes are fixed. A decision takes a line whose award needs the vote only
-- when the latest count of the deciding unit's council passed it at that award or above.

-- The vote an award needs, for the days a legal text sets it (config/awards.yaml, `council_vote`).
CREATE TABLE awards.council_vote_rules (
    award_code          text NOT NULL REFERENCES awards.award_types (code),
    valid_from          date NOT NULL,
    valid_to            date,
    -- Agreeing ballots needed, as a share of the members counted by `share_of`: "từ 90 % trở lên" is
    -- 90 and at_least; "trên 50 %" is 50 and not at_least.
    agree_percent       numeric(5, 2) NOT NULL CHECK (agree_percent > 0 AND agree_percent <= 100),
    at_least            boolean NOT NULL,
    share_of            text NOT NULL CHECK (share_of IN ('all_members', 'present_members')),
    -- Members who must attend, as a share of all voting members; NULL where the rule sets none.
    quorum_percent      numeric(5, 2) CHECK (quorum_percent > 0 AND quorum_percent <= 100),
    -- Whether an absent member's written opinion (ý kiến bằng văn bản) counts as their ballot.
    written_opinions    boolean NOT NULL,
    document            text NOT NULL,
    article             text,
    confidence          text NOT NULL CHECK (confidence IN ('official', 'secondary', 'unconfirmed')),
    PRIMARY KEY (award_code, valid_from),
    CHECK (valid_to IS NULL OR valid_to >= valid_from),
    CONSTRAINT council_vote_rules_one_a_day EXCLUDE USING gist (
        award_code WITH =, daterange(valid_from, valid_to, '[]') WITH &&)
);
GRANT SELECT ON awards.council_vote_rules TO awards_officer, awards_manager, awards_standing_agency, awards_admin;

CREATE FUNCTION awards.council_vote_rule(p_award text, p_on date) RETURNS awards.council_vote_rules
    LANGUAGE plpgsql STABLE SET search_path = pg_catalog, awards, pg_temp AS $$
DECLARE
    v_rule awards.council_vote_rules;
BEGIN
    SELECT * INTO v_rule FROM awards.council_vote_rules
    WHERE award_code = p_award AND valid_from <= p_on AND (valid_to IS NULL OR valid_to >= p_on);
    RETURN v_rule;
END
$$;

CREATE TABLE awards.councils (
    id                  bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    unit_id             bigint NOT NULL UNIQUE REFERENCES awards.units (id),
    name                awards.display_name NOT NULL,
    -- The decision that founded it (quyết định thành lập), e.g. 12/QĐ-SNN, and its date.
    founding_decision   text NOT NULL CHECK (founding_decision ~ '^\S(.*\S)?$' AND length(founding_decision) <= 60),
    founded_on          date NOT NULL,
    created_by          name NOT NULL DEFAULT session_user,
    created_at          timestamptz NOT NULL DEFAULT now()
);

-- Who sits on the council, in which position, from one day to another, by which decision. A change
-- is a new row; ending a membership sets its last day once.
CREATE TABLE awards.council_members (
    council_id          bigint NOT NULL REFERENCES awards.councils (id),
    person_id           bigint NOT NULL REFERENCES awards.people (id),
    position            text NOT NULL CHECK (position IN ('chair', 'vice_chair', 'secretary', 'member')),
    votes               boolean NOT NULL DEFAULT true,
    valid_from          date NOT NULL,
    valid_to            date,
    decision            text NOT NULL CHECK (decision ~ '^\S(.*\S)?$' AND length(decision) <= 60),
    ended_by_decision   text CHECK (ended_by_decision ~ '^\S(.*\S)?$' AND length(ended_by_decision) <= 60),
    recorded_by         name NOT NULL DEFAULT session_user,
    CHECK (valid_to IS NULL OR valid_to >= valid_from),
    CHECK ((valid_to IS NULL) = (ended_by_decision IS NULL)),
    CONSTRAINT council_members_one_seat_a_day EXCLUDE USING gist (
        council_id WITH =, person_id WITH =, daterange(valid_from, valid_to, '[]') WITH &&)
);

CREATE TABLE awards.council_meetings (
    id                  bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    council_id          bigint NOT NULL REFERENCES awards.councils (id),
    held_on             date NOT NULL,
    place               awards.display_name NOT NULL,
    opened_by           name NOT NULL DEFAULT session_user,
    opened_at           timestamptz NOT NULL DEFAULT now(),
    -- Set by the count, with the minutes (biên bản) that record it; nothing changes afterwards.
    counted_at          timestamptz,
    counted_by          name,
    minutes_number      text CHECK (minutes_number ~ '^\S(.*\S)?$' AND length(minutes_number) <= 60),
    minutes_date        date,
    CHECK ((counted_at IS NULL) = (minutes_number IS NULL) AND (counted_at IS NULL) = (minutes_date IS NULL)
           AND (counted_at IS NULL) = (counted_by IS NULL)),
    CHECK (minutes_date IS NULL OR minutes_date >= held_on)
);
CREATE TABLE awards.council_meeting_proposals (
    meeting_id          bigint NOT NULL REFERENCES awards.council_meetings (id),
    proposal_id         bigint NOT NULL REFERENCES awards.proposals (id),
    PRIMARY KEY (meeting_id, proposal_id)
);
CREATE INDEX council_meeting_proposals_proposal ON awards.council_meeting_proposals (proposal_id);

-- Every voting member of the council on the meeting's day, as they attended.
CREATE TABLE awards.council_attendance (
    meeting_id          bigint NOT NULL REFERENCES awards.council_meetings (id),
    person_id           bigint NOT NULL REFERENCES awards.people (id),
    presence            text NOT NULL CHECK (presence IN ('present', 'absent', 'absent_written')),
    PRIMARY KEY (meeting_id, person_id)
);

-- A member who may not vote on a line: their own conflict of interest, with the reason.
CREATE TABLE awards.council_recusals (
    meeting_id          bigint NOT NULL REFERENCES awards.council_meetings (id),
    person_id           bigint NOT NULL REFERENCES awards.people (id),
    proposal_id         bigint NOT NULL,
    line_no             integer NOT NULL,
    reason              text NOT NULL CHECK (reason ~ '\S' AND length(reason) <= 500),
    recorded_by         name NOT NULL DEFAULT session_user,
    PRIMARY KEY (meeting_id, person_id, proposal_id, line_no),
    FOREIGN KEY (proposal_id, line_no) REFERENCES awards.proposal_lines (proposal_id, line_no),
    FOREIGN KEY (meeting_id, person_id) REFERENCES awards.council_attendance (meeting_id, person_id)
);

-- That a member voted on a line, never how.
CREATE TABLE awards.ballot_receipts (
    meeting_id          bigint NOT NULL,
    person_id           bigint NOT NULL,
    proposal_id         bigint NOT NULL,
    line_no             integer NOT NULL,
    PRIMARY KEY (meeting_id, proposal_id, line_no, person_id),
    FOREIGN KEY (meeting_id, person_id) REFERENCES awards.council_attendance (meeting_id, person_id),
    FOREIGN KEY (proposal_id, line_no) REFERENCES awards.proposal_lines (proposal_id, line_no)
);

-- The sealed box: what a ballot said, not who cast it or when. No role may read it.
CREATE TABLE awards.ballots (
    meeting_id          bigint NOT NULL REFERENCES awards.council_meetings (id),
    proposal_id         bigint NOT NULL,
    line_no             integer NOT NULL,
    choice              text NOT NULL CHECK (choice IN ('agree', 'disagree', 'lower')),
    lower_award         text REFERENCES awards.award_types (code),
    CHECK ((choice = 'lower') = (lower_award IS NOT NULL))
);
CREATE INDEX ballots_meeting ON awards.ballots (meeting_id);

-- The box opened by the count, in an order that says nothing of who voted when.
CREATE TABLE awards.counted_ballots (
    meeting_id          bigint NOT NULL REFERENCES awards.council_meetings (id),
    proposal_id         bigint NOT NULL,
    line_no             integer NOT NULL,
    choice              text NOT NULL CHECK (choice IN ('agree', 'disagree', 'lower')),
    lower_award         text REFERENCES awards.award_types (code)
);
CREATE INDEX counted_ballots_meeting ON awards.counted_ballots (meeting_id, proposal_id, line_no);

-- The tally of each line, computed by the count under the rule in force on the meeting's day.
CREATE TABLE awards.council_results (
    meeting_id          bigint NOT NULL REFERENCES awards.council_meetings (id),
    proposal_id         bigint NOT NULL,
    line_no             integer NOT NULL,
    proposed_award      text NOT NULL REFERENCES awards.award_types (code),
    voting_members      integer NOT NULL,
    present_members     integer NOT NULL,
    ballots             integer NOT NULL,
    agree               integer NOT NULL,
    disagree            integer NOT NULL,
    -- {award: ballots} for the ballots that chose a lower award.
    lower_votes         jsonb NOT NULL DEFAULT '{}',
    outcome             text NOT NULL CHECK (outcome IN ('passed', 'passed_lower', 'failed', 'no_vote_needed')),
    -- The award the council supports: the proposed one, a lower one, or NULL when it failed.
    passed_award        text REFERENCES awards.award_types (code),
    -- The rule applied: its document and article, and the threshold in words.
    rule_text           text,
    PRIMARY KEY (meeting_id, proposal_id, line_no),
    FOREIGN KEY (proposal_id, line_no) REFERENCES awards.proposal_lines (proposal_id, line_no),
    CHECK ((outcome = 'failed') = (passed_award IS NULL))
);
CREATE INDEX council_results_line ON awards.council_results (proposal_id, line_no);

-- Append-only, and fixed once counted.
CREATE TRIGGER councils_append_only BEFORE UPDATE OR DELETE ON awards.councils
    FOR EACH ROW EXECUTE FUNCTION awards.refuse_change();
CREATE TRIGGER council_meeting_proposals_append_only BEFORE UPDATE OR DELETE ON awards.council_meeting_proposals
    FOR EACH ROW EXECUTE FUNCTION awards.refuse_change();
CREATE TRIGGER council_attendance_append_only BEFORE UPDATE OR DELETE ON awards.council_attendance
    FOR EACH ROW EXECUTE FUNCTION awards.refuse_change();
CREATE TRIGGER council_recusals_append_only BEFORE UPDATE OR DELETE ON awards.council_recusals
    FOR EACH ROW EXECUTE FUNCTION awards.refuse_change();
CREATE TRIGGER ballot_receipts_append_only BEFORE UPDATE OR DELETE ON awards.ballot_receipts
    FOR EACH ROW EXECUTE FUNCTION awards.refuse_change();
CREATE TRIGGER counted_ballots_append_only BEFORE UPDATE OR DELETE ON awards.counted_ballots
    FOR EACH ROW EXECUTE FUNCTION awards.refuse_change();
CREATE TRIGGER council_results_append_only BEFORE UPDATE OR DELETE ON awards.council_results
    FOR EACH ROW EXECUTE FUNCTION awards.refuse_change();
CREATE TRIGGER council_tables_no_truncate BEFORE TRUNCATE ON awards.ballot_receipts
    FOR EACH STATEMENT EXECUTE FUNCTION awards.refuse_truncate();
CREATE TRIGGER counted_ballots_no_truncate BEFORE TRUNCATE ON awards.counted_ballots
    FOR EACH STATEMENT EXECUTE FUNCTION awards.refuse_truncate();
CREATE TRIGGER council_results_no_truncate BEFORE TRUNCATE ON awards.council_results
    FOR EACH STATEMENT EXECUTE FUNCTION awards.refuse_truncate();

-- A membership may only be ended, once; a meeting may only be counted, once; a ballot only leaves the
-- box by the count of its meeting.
CREATE FUNCTION awards.refuse_council_rewrite() RETURNS trigger
    LANGUAGE plpgsql SET search_path = pg_catalog, awards, pg_temp AS $$
BEGIN
    -- Nested, not joined by AND: a record's field is only looked up on the table that has it.
    IF TG_TABLE_NAME = 'council_members' THEN
        IF TG_OP = 'UPDATE' AND OLD.valid_to IS NULL
           AND (to_jsonb(NEW) - 'valid_to' - 'ended_by_decision') = (to_jsonb(OLD) - 'valid_to' - 'ended_by_decision') THEN
            RETURN NEW;
        END IF;
    ELSIF TG_TABLE_NAME = 'council_meetings' THEN
        IF TG_OP = 'UPDATE' AND OLD.counted_at IS NULL
           AND (to_jsonb(NEW) - 'counted_at' - 'counted_by' - 'minutes_number' - 'minutes_date')
             = (to_jsonb(OLD) - 'counted_at' - 'counted_by' - 'minutes_number' - 'minutes_date') THEN
            RETURN NEW;
        END IF;
        IF OLD.counted_at IS NOT NULL THEN
            RAISE EXCEPTION 'council meeting % was counted on %: its minutes and ballots cannot be changed', OLD.id,
                to_char(OLD.counted_at AT TIME ZONE 'Asia/Ho_Chi_Minh', 'DD/MM/YYYY') USING ERRCODE = 'insufficient_privilege';
        END IF;
    ELSIF TG_TABLE_NAME = 'ballots' THEN
        IF TG_OP = 'DELETE' AND coalesce(current_setting('awards.counting_meeting', true), '') = OLD.meeting_id::text THEN
            RETURN OLD;
        END IF;
    END IF;
    RAISE EXCEPTION '% is append-only: rows cannot be changed or deleted', TG_TABLE_NAME
        USING ERRCODE = 'insufficient_privilege';
END
$$;
REVOKE ALL ON FUNCTION awards.refuse_council_rewrite() FROM PUBLIC;
CREATE TRIGGER council_members_only_ended BEFORE UPDATE OR DELETE ON awards.council_members
    FOR EACH ROW EXECUTE FUNCTION awards.refuse_council_rewrite();
CREATE TRIGGER council_meetings_only_counted BEFORE UPDATE OR DELETE ON awards.council_meetings
    FOR EACH ROW EXECUTE FUNCTION awards.refuse_council_rewrite();
CREATE TRIGGER ballots_leave_only_by_the_count BEFORE UPDATE OR DELETE ON awards.ballots
    FOR EACH ROW EXECUTE FUNCTION awards.refuse_council_rewrite();
CREATE TRIGGER ballots_no_truncate BEFORE TRUNCATE ON awards.ballots
    FOR EACH STATEMENT EXECUTE FUNCTION awards.refuse_truncate();

-- Once counted, nothing is added to a meeting either: no late ballot, recusal or attendance.
CREATE FUNCTION awards.refuse_after_count() RETURNS trigger
    LANGUAGE plpgsql SET search_path = pg_catalog, awards, pg_temp AS $$
DECLARE
    v_counted timestamptz;
BEGIN
    SELECT counted_at INTO v_counted FROM awards.council_meetings WHERE id = NEW.meeting_id;
    IF v_counted IS NOT NULL AND coalesce(current_setting('awards.counting_meeting', true), '') <> NEW.meeting_id::text THEN
        RAISE EXCEPTION 'council meeting % was counted on %: its minutes and ballots cannot be changed', NEW.meeting_id,
            to_char(v_counted AT TIME ZONE 'Asia/Ho_Chi_Minh', 'DD/MM/YYYY') USING ERRCODE = 'insufficient_privilege';
    END IF;
    RETURN NEW;
END
$$;
REVOKE ALL ON FUNCTION awards.refuse_after_count() FROM PUBLIC;
CREATE TRIGGER ballots_before_the_count BEFORE INSERT ON awards.ballots
    FOR EACH ROW EXECUTE FUNCTION awards.refuse_after_count();
CREATE TRIGGER ballot_receipts_before_the_count BEFORE INSERT ON awards.ballot_receipts
    FOR EACH ROW EXECUTE FUNCTION awards.refuse_after_count();
CREATE TRIGGER council_recusals_before_the_count BEFORE INSERT ON awards.council_recusals
    FOR EACH ROW EXECUTE FUNCTION awards.refuse_after_count();
CREATE TRIGGER council_attendance_before_the_count BEFORE INSERT ON awards.council_attendance
    FOR EACH ROW EXECUTE FUNCTION awards.refuse_after_count();
CREATE TRIGGER council_meeting_proposals_before_the_count BEFORE INSERT ON awards.council_meeting_proposals
    FOR EACH ROW EXECUTE FUNCTION awards.refuse_after_count();
CREATE TRIGGER council_results_by_the_count BEFORE INSERT ON awards.council_results
    FOR EACH ROW EXECUTE FUNCTION awards.refuse_after_count();

-- Who sees what: the council, its members, meetings, attendance, recusals and receipts are seen by those
-- who see its unit; the results only once counted; the box and the opened ballots by nobody (the
-- results say everything the count publishes).
ALTER TABLE awards.councils ENABLE ROW LEVEL SECURITY;
ALTER TABLE awards.council_members ENABLE ROW LEVEL SECURITY;
ALTER TABLE awards.council_meetings ENABLE ROW LEVEL SECURITY;
ALTER TABLE awards.council_meeting_proposals ENABLE ROW LEVEL SECURITY;
ALTER TABLE awards.council_attendance ENABLE ROW LEVEL SECURITY;
ALTER TABLE awards.council_recusals ENABLE ROW LEVEL SECURITY;
ALTER TABLE awards.ballot_receipts ENABLE ROW LEVEL SECURITY;
ALTER TABLE awards.ballots ENABLE ROW LEVEL SECURITY;
ALTER TABLE awards.counted_ballots ENABLE ROW LEVEL SECURITY;
ALTER TABLE awards.council_results ENABLE ROW LEVEL SECURITY;
CREATE POLICY councils_in_scope ON awards.councils FOR SELECT
    TO awards_officer, awards_manager, awards_standing_agency, awards_admin
    USING ((SELECT awards.sees_all_units()) OR unit_id IN (SELECT awards.my_units())
           OR EXISTS (SELECT 1 FROM awards.people p WHERE p.login_role = session_user AND p.unit_id = councils.unit_id));
CREATE POLICY council_members_in_scope ON awards.council_members FOR SELECT
    TO awards_officer, awards_manager, awards_standing_agency, awards_admin
    USING (EXISTS (SELECT 1 FROM awards.councils c WHERE c.id = council_id));
CREATE POLICY council_meetings_in_scope ON awards.council_meetings FOR SELECT
    TO awards_officer, awards_manager, awards_standing_agency, awards_admin
    USING (EXISTS (SELECT 1 FROM awards.councils c WHERE c.id = council_id));
CREATE POLICY council_meeting_proposals_in_scope ON awards.council_meeting_proposals FOR SELECT
    TO awards_officer, awards_manager, awards_standing_agency, awards_admin
    USING (EXISTS (SELECT 1 FROM awards.council_meetings m WHERE m.id = meeting_id));
CREATE POLICY council_attendance_in_scope ON awards.council_attendance FOR SELECT
    TO awards_officer, awards_manager, awards_standing_agency, awards_admin
    USING (EXISTS (SELECT 1 FROM awards.council_meetings m WHERE m.id = meeting_id));
CREATE POLICY council_recusals_in_scope ON awards.council_recusals FOR SELECT
    TO awards_officer, awards_manager, awards_standing_agency, awards_admin
    USING (EXISTS (SELECT 1 FROM awards.council_meetings m WHERE m.id = meeting_id));
CREATE POLICY ballot_receipts_in_scope ON awards.ballot_receipts FOR SELECT
    TO awards_officer, awards_manager, awards_standing_agency, awards_admin
    USING (EXISTS (SELECT 1 FROM awards.council_meetings m WHERE m.id = meeting_id));
-- Results exist only once counted; those who see the meeting or the proposal see them.
CREATE POLICY council_results_in_scope ON awards.council_results FOR SELECT
    TO awards_officer, awards_manager, awards_standing_agency, awards_admin
    USING (EXISTS (SELECT 1 FROM awards.council_meetings m WHERE m.id = meeting_id)
           OR EXISTS (SELECT 1 FROM awards.proposals p WHERE p.id = proposal_id));
REVOKE ALL ON awards.councils, awards.council_members, awards.council_meetings, awards.council_meeting_proposals,
    awards.council_attendance, awards.council_recusals, awards.ballot_receipts, awards.ballots,
    awards.counted_ballots, awards.council_results FROM PUBLIC;
GRANT SELECT ON awards.councils, awards.council_members, awards.council_meetings, awards.council_meeting_proposals,
    awards.council_attendance, awards.council_recusals, awards.ballot_receipts, awards.council_results
    TO awards_officer, awards_manager, awards_standing_agency, awards_admin;

-- The council of a unit, or "not found" outside the person's sight.
CREATE FUNCTION awards.council_of(p_person awards.people, p_unit_code text) RETURNS awards.councils
    LANGUAGE plpgsql STABLE SET search_path = pg_catalog, awards, pg_temp AS $$
DECLARE
    v_council awards.councils;
BEGIN
    SELECT c.* INTO v_council FROM awards.councils c JOIN awards.units u ON u.id = c.unit_id WHERE u.code = p_unit_code;
    IF NOT FOUND OR NOT (awards.in_scope(p_person, v_council.unit_id) OR p_person.unit_id = v_council.unit_id) THEN
        RAISE EXCEPTION 'unit % has no council you may see', p_unit_code USING ERRCODE = 'no_data_found',
            HINT = 'record it with: awards council create --unit CODE --name NAME --decision NUMBER --date DD/MM/YYYY';
    END IF;
    RETURN v_council;
END
$$;
REVOKE ALL ON FUNCTION awards.council_of(awards.people, text) FROM PUBLIC;

-- Councils and their membership are recorded by an officer of the unit (or an administrator), from
-- the unit head's decision; nobody records their own seat.
CREATE FUNCTION awards.require_council_clerk(p_person awards.people, p_unit bigint, p_what text) RETURNS void
    LANGUAGE plpgsql STABLE SET search_path = pg_catalog, awards, pg_temp AS $$
BEGIN
    IF NOT (p_person.roles && ARRAY['officer', 'admin']) OR NOT awards.in_scope(p_person, p_unit) THEN
        RAISE EXCEPTION '% may not %: only an officer of the unit or an administrator records its council', p_person.login_role, p_what
            USING ERRCODE = 'insufficient_privilege';
    END IF;
END
$$;
REVOKE ALL ON FUNCTION awards.require_council_clerk(awards.people, bigint, text) FROM PUBLIC;

CREATE FUNCTION awards.create_council(p_unit_code text, p_name text, p_decision text, p_founded_on date) RETURNS bigint
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, awards, pg_temp AS $$
DECLARE
    v_person awards.people := awards.acting_person();
    v_unit bigint;
    v_id bigint;
BEGIN
    SELECT id INTO v_unit FROM awards.units WHERE code = p_unit_code;
    IF v_unit IS NULL THEN
        RAISE EXCEPTION 'unknown unit "%"', p_unit_code USING ERRCODE = 'foreign_key_violation', HINT = 'list units with: awards unit list';
    END IF;
    PERFORM awards.require_council_clerk(v_person, v_unit, 'record a council');
    IF EXISTS (SELECT 1 FROM awards.councils WHERE unit_id = v_unit) THEN
        RAISE EXCEPTION 'unit % already has its council', p_unit_code USING ERRCODE = 'unique_violation',
            HINT = 'change its membership with: awards council member add|end';
    END IF;
    INSERT INTO awards.councils (unit_id, name, founding_decision, founded_on)
    VALUES (v_unit, normalize(btrim(p_name), NFC), btrim(p_decision), p_founded_on)
    RETURNING id INTO v_id;
    RETURN v_id;
END
$$;

CREATE FUNCTION awards.add_council_member(p_unit_code text, p_login text, p_position text, p_votes boolean,
                                          p_from date, p_decision text) RETURNS void
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, awards, pg_temp AS $$
DECLARE
    v_person awards.people := awards.acting_person();
    v_council awards.councils := awards.council_of(v_person, p_unit_code);
    v_member awards.people;
BEGIN
    PERFORM awards.require_council_clerk(v_person, v_council.unit_id, 'change a council');
    SELECT * INTO v_member FROM awards.people WHERE login_role = p_login AND deactivated_at IS NULL;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'no active person has the login "%"', p_login USING ERRCODE = 'no_data_found',
            HINT = 'list people with: awards person list';
    END IF;
    IF v_member.id = v_person.id THEN
        RAISE EXCEPTION 'you cannot record your own seat on the council' USING ERRCODE = 'insufficient_privilege',
            HINT = 'another officer of the unit must record it';
    END IF;
    IF p_from < v_council.founded_on THEN
        RAISE EXCEPTION 'the council of % was founded on %; a seat cannot start on %', p_unit_code,
            to_char(v_council.founded_on, 'DD/MM/YYYY'), to_char(p_from, 'DD/MM/YYYY') USING ERRCODE = 'invalid_parameter_value';
    END IF;
    IF EXISTS (SELECT 1 FROM awards.council_members WHERE council_id = v_council.id AND person_id = v_member.id
               AND (valid_to IS NULL OR valid_to >= p_from)) THEN
        RAISE EXCEPTION '% already sits on the council of % on %; end that seat first', p_login, p_unit_code, to_char(p_from, 'DD/MM/YYYY')
            USING ERRCODE = 'unique_violation', HINT = 'awards council member end --unit CODE LOGIN --on DD/MM/YYYY --decision NUMBER';
    END IF;
    INSERT INTO awards.council_members (council_id, person_id, position, votes, valid_from, decision)
    VALUES (v_council.id, v_member.id, p_position, p_votes, p_from, btrim(p_decision));
END
$$;

CREATE FUNCTION awards.end_council_member(p_unit_code text, p_login text, p_last_day date, p_decision text) RETURNS void
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, awards, pg_temp AS $$
DECLARE
    v_person awards.people := awards.acting_person();
    v_council awards.councils := awards.council_of(v_person, p_unit_code);
    v_found integer;
BEGIN
    PERFORM awards.require_council_clerk(v_person, v_council.unit_id, 'change a council');
    UPDATE awards.council_members m SET valid_to = p_last_day, ended_by_decision = btrim(p_decision)
    FROM awards.people p
    WHERE m.council_id = v_council.id AND p.id = m.person_id AND p.login_role = p_login AND m.valid_to IS NULL
      AND m.valid_from <= p_last_day;
    GET DIAGNOSTICS v_found = ROW_COUNT;
    IF v_found = 0 THEN
        RAISE EXCEPTION '% has no open seat on the council of % that started by %', p_login, p_unit_code, to_char(p_last_day, 'DD/MM/YYYY')
            USING ERRCODE = 'no_data_found', HINT = 'list the members with: awards council members --unit CODE';
    END IF;
END
$$;

-- The seats on the day: who votes, in which position.
CREATE FUNCTION awards.council_seats(p_council bigint, p_on date)
    RETURNS TABLE (person_id bigint, login_role name, full_name text, "position" text, votes boolean)
    LANGUAGE plpgsql STABLE SET search_path = pg_catalog, awards, pg_temp AS $$
BEGIN
    RETURN QUERY
    SELECT p.id, p.login_role, p.full_name::text, m.position, m.votes
    FROM awards.council_members m JOIN awards.people p ON p.id = m.person_id
    WHERE m.council_id = p_council AND m.valid_from <= p_on AND (m.valid_to IS NULL OR m.valid_to >= p_on)
    ORDER BY array_position(ARRAY['chair', 'vice_chair', 'secretary', 'member'], m.position), p.full_name;
END
$$;
GRANT EXECUTE ON FUNCTION awards.council_seats(bigint, date) TO awards_officer, awards_manager, awards_standing_agency, awards_admin;

-- A meeting of the council on the day, on proposals of its unit (before they leave it) or addressed
-- to it; every voting member on the day is recorded present unless named absent (with a written
-- opinion or without). Opened by the chair, the secretary or an officer of the unit.
CREATE FUNCTION awards.open_council_meeting(p_unit_code text, p_held_on date, p_place text, p_proposals bigint[],
                                            p_absent text[] DEFAULT '{}', p_written text[] DEFAULT '{}') RETURNS bigint
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, awards, pg_temp AS $$
DECLARE
    v_person awards.people := awards.acting_person();
    v_council awards.councils := awards.council_of(v_person, p_unit_code);
    v_today date := (now() AT TIME ZONE 'Asia/Ho_Chi_Minh')::date;
    v_proposal awards.proposals;
    v_id bigint;
    v_unknown text;
    v_proposal_id bigint;
BEGIN
    IF NOT (EXISTS (SELECT 1 FROM awards.council_seats(v_council.id, p_held_on) s
                    WHERE s.person_id = v_person.id AND s.position IN ('chair', 'secretary'))
            OR ('officer' = ANY (v_person.roles) AND awards.in_scope(v_person, v_council.unit_id))) THEN
        RAISE EXCEPTION '% may not open a meeting of the council of %: only its chair, its secretary or an officer of the unit',
            v_person.login_role, p_unit_code USING ERRCODE = 'insufficient_privilege';
    END IF;
    IF p_held_on > v_today THEN
        RAISE EXCEPTION 'a meeting is recorded on its day or after; % is still to come', to_char(p_held_on, 'DD/MM/YYYY')
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    IF p_proposals IS NULL OR cardinality(p_proposals) = 0 THEN
        RAISE EXCEPTION 'a council meeting considers at least one proposal' USING ERRCODE = 'invalid_parameter_value';
    END IF;
    IF NOT EXISTS (SELECT 1 FROM awards.council_seats(v_council.id, p_held_on) WHERE votes) THEN
        RAISE EXCEPTION 'the council of % has no voting member on %', p_unit_code, to_char(p_held_on, 'DD/MM/YYYY')
            USING ERRCODE = 'object_not_in_prerequisite_state', HINT = 'awards council member add --unit CODE LOGIN --position member --from DD/MM/YYYY --decision NUMBER';
    END IF;
    SELECT string_agg(a, ', ') INTO v_unknown FROM unnest(p_absent || p_written) a
    WHERE a NOT IN (SELECT login_role FROM awards.council_seats(v_council.id, p_held_on) WHERE votes);
    IF v_unknown IS NOT NULL THEN
        RAISE EXCEPTION 'not voting members of the council of % on %: %', p_unit_code, to_char(p_held_on, 'DD/MM/YYYY'), v_unknown
            USING ERRCODE = 'invalid_parameter_value', HINT = 'list the members with: awards council members --unit CODE';
    END IF;
    IF EXISTS (SELECT 1 FROM unnest(p_absent) a WHERE a = ANY (p_written)) THEN
        RAISE EXCEPTION 'a member is either absent or absent with a written opinion, not both' USING ERRCODE = 'invalid_parameter_value';
    END IF;
    INSERT INTO awards.council_meetings (council_id, held_on, place) VALUES (v_council.id, p_held_on, normalize(btrim(p_place), NFC))
    RETURNING id INTO v_id;
    FOREACH v_proposal_id IN ARRAY (SELECT array_agg(DISTINCT x) FROM unnest(p_proposals) x) LOOP
        SELECT * INTO v_proposal FROM awards.proposals WHERE id = v_proposal_id;
        IF NOT FOUND OR NOT awards.in_scope(v_person, v_council.unit_id) AND NOT (awards.in_scope(v_person, v_proposal.unit_id)
                                                                                 OR awards.in_scope(v_person, v_proposal.addressee_unit_id)) THEN
            RAISE EXCEPTION 'proposal % not found', v_proposal_id USING ERRCODE = 'no_data_found',
                HINT = 'list the proposals you may see with: awards proposal list';
        END IF;
        IF v_council.unit_id NOT IN (v_proposal.unit_id, v_proposal.addressee_unit_id) THEN
            RAISE EXCEPTION 'the council of % does not consider proposal %: it is neither made by nor addressed to its unit',
                p_unit_code, v_proposal_id USING ERRCODE = 'invalid_parameter_value';
        END IF;
        IF (SELECT terminal FROM awards.proposal_states WHERE version = v_proposal.definition_version AND state = v_proposal.state) THEN
            RAISE EXCEPTION 'proposal % is already %', v_proposal_id, v_proposal.state USING ERRCODE = 'object_not_in_prerequisite_state';
        END IF;
        INSERT INTO awards.council_meeting_proposals (meeting_id, proposal_id) VALUES (v_id, v_proposal_id);
    END LOOP;
    INSERT INTO awards.council_attendance (meeting_id, person_id, presence)
    SELECT v_id, s.person_id, CASE WHEN s.login_role = ANY (p_absent) THEN 'absent'
                                   WHEN s.login_role = ANY (p_written) THEN 'absent_written' ELSE 'present' END
    FROM awards.council_seats(v_council.id, p_held_on) s WHERE s.votes;
    RETURN v_id;
END
$$;

-- The open meeting, locked, for a person of its council's unit's sight.
CREATE FUNCTION awards.meeting_to_use(p_person awards.people, p_meeting bigint) RETURNS awards.council_meetings
    LANGUAGE plpgsql SET search_path = pg_catalog, awards, pg_temp AS $$
DECLARE
    v_meeting awards.council_meetings;
BEGIN
    SELECT * INTO v_meeting FROM awards.council_meetings WHERE id = p_meeting FOR UPDATE;
    IF NOT FOUND OR NOT (awards.in_scope(p_person, (SELECT unit_id FROM awards.councils WHERE id = v_meeting.council_id))
                         OR EXISTS (SELECT 1 FROM awards.council_attendance WHERE meeting_id = p_meeting AND person_id = p_person.id)) THEN
        RAISE EXCEPTION 'council meeting % not found', p_meeting USING ERRCODE = 'no_data_found',
            HINT = 'list the meetings with: awards council meetings --unit CODE';
    END IF;
    IF v_meeting.counted_at IS NOT NULL THEN
        RAISE EXCEPTION 'council meeting % was counted on %: its minutes and ballots cannot be changed', p_meeting,
            to_char(v_meeting.counted_at AT TIME ZONE 'Asia/Ho_Chi_Minh', 'DD/MM/YYYY') USING ERRCODE = 'insufficient_privilege';
    END IF;
    RETURN v_meeting;
END
$$;
REVOKE ALL ON FUNCTION awards.meeting_to_use(awards.people, bigint) FROM PUBLIC;

-- The open lines a meeting votes on: the lines of its proposals that have not left them.
CREATE FUNCTION awards.meeting_lines(p_meeting bigint)
    RETURNS TABLE (proposal_id bigint, line_no integer, award_code text, nominee_kind text, nominee_name text, unit_id bigint)
    LANGUAGE plpgsql STABLE SET search_path = pg_catalog, awards, pg_temp AS $$
BEGIN
    RETURN QUERY
    SELECT l.proposal_id, l.line_no, l.award_code, n.nominee_kind, n.nominee_name::text, n.unit_id
    FROM awards.council_meeting_proposals mp
    JOIN awards.proposal_lines l ON l.proposal_id = mp.proposal_id AND l.left_at IS NULL
    JOIN awards.nominations n ON n.id = l.nomination_id
    WHERE mp.meeting_id = p_meeting;
END
$$;
REVOKE ALL ON FUNCTION awards.meeting_lines(bigint) FROM PUBLIC;

-- A member steps aside from a line (conflict of interest), themselves or recorded by the chair or the
-- secretary, with the reason, before they vote on it.
CREATE FUNCTION awards.recuse_council_member(p_meeting bigint, p_login text, p_proposal bigint, p_line integer, p_reason text) RETURNS void
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, awards, pg_temp AS $$
DECLARE
    v_person awards.people := awards.acting_person();
    v_meeting awards.council_meetings := awards.meeting_to_use(v_person, p_meeting);
    v_member bigint;
BEGIN
    SELECT a.person_id INTO v_member FROM awards.council_attendance a JOIN awards.people p ON p.id = a.person_id
    WHERE a.meeting_id = p_meeting AND p.login_role = p_login;
    IF v_member IS NULL THEN
        RAISE EXCEPTION '% is not a voting member at council meeting %', p_login, p_meeting USING ERRCODE = 'no_data_found';
    END IF;
    IF v_member <> v_person.id AND NOT EXISTS (SELECT 1 FROM awards.council_seats(v_meeting.council_id, v_meeting.held_on) s
                                               WHERE s.person_id = v_person.id AND s.position IN ('chair', 'secretary')) THEN
        RAISE EXCEPTION '% may not recuse another member: only the member, the chair or the secretary', v_person.login_role
            USING ERRCODE = 'insufficient_privilege';
    END IF;
    IF NOT EXISTS (SELECT 1 FROM awards.meeting_lines(p_meeting) l WHERE l.proposal_id = p_proposal AND l.line_no = p_line) THEN
        RAISE EXCEPTION 'line % of proposal % is not before council meeting %', p_line, p_proposal, p_meeting
            USING ERRCODE = 'no_data_found', HINT = 'see the lines with: awards council show MEETING';
    END IF;
    IF EXISTS (SELECT 1 FROM awards.ballot_receipts WHERE meeting_id = p_meeting AND person_id = v_member
               AND proposal_id = p_proposal AND line_no = p_line) THEN
        RAISE EXCEPTION '% has already voted on line % of proposal %; a ballot cast cannot be withdrawn', p_login, p_line, p_proposal
            USING ERRCODE = 'unique_violation';
    END IF;
    IF btrim(coalesce(p_reason, '')) = '' THEN
        RAISE EXCEPTION 'a recusal needs its reason' USING ERRCODE = 'invalid_parameter_value';
    END IF;
    INSERT INTO awards.council_recusals (meeting_id, person_id, proposal_id, line_no, reason)
    VALUES (p_meeting, v_member, p_proposal, p_line, normalize(btrim(p_reason), NFC))
    ON CONFLICT DO NOTHING;
END
$$;

-- Whether a line names the member as its nominee: an individual of the member's unit with the member's
-- name, compared in NFC, case aside. Names are all the line knows of its nominee (issue 15 gives
-- nominees an identity).
CREATE FUNCTION awards.names_the_member(p_kind text, p_name text, p_unit bigint, p_member_name text, p_member_unit bigint)
    RETURNS boolean LANGUAGE sql IMMUTABLE SET search_path = pg_catalog, awards, pg_temp
    RETURN p_kind = 'individual' AND p_unit = p_member_unit AND lower(normalize(p_name, NFC)) = lower(normalize(p_member_name, NFC));

-- What keeps a member from voting on a line of a meeting: a ballot already cast, a recusal, or being
-- its nominee. One rule for casting ballots and for listing the lines a member may still vote on.
CREATE FUNCTION awards.ballot_bars(p_meeting bigint, p_member awards.people)
    RETURNS TABLE (proposal_id bigint, line_no integer, bar text)
    LANGUAGE plpgsql STABLE SET search_path = pg_catalog, awards, pg_temp AS $$
BEGIN
    RETURN QUERY
    SELECT l.proposal_id, l.line_no,
           CASE WHEN EXISTS (SELECT 1 FROM awards.ballot_receipts r WHERE r.meeting_id = p_meeting AND r.person_id = p_member.id
                               AND r.proposal_id = l.proposal_id AND r.line_no = l.line_no) THEN 'voted'
                WHEN EXISTS (SELECT 1 FROM awards.council_recusals x WHERE x.meeting_id = p_meeting AND x.person_id = p_member.id
                               AND x.proposal_id = l.proposal_id AND x.line_no = l.line_no) THEN 'recused'
                ELSE 'nominee' END
    FROM awards.meeting_lines(p_meeting) l
    WHERE EXISTS (SELECT 1 FROM awards.ballot_receipts r WHERE r.meeting_id = p_meeting AND r.person_id = p_member.id
                    AND r.proposal_id = l.proposal_id AND r.line_no = l.line_no)
       OR EXISTS (SELECT 1 FROM awards.council_recusals x WHERE x.meeting_id = p_meeting AND x.person_id = p_member.id
                    AND x.proposal_id = l.proposal_id AND x.line_no = l.line_no)
       OR awards.names_the_member(l.nominee_kind, l.nominee_name, l.unit_id, p_member.full_name::text, p_member.unit_id);
END
$$;
REVOKE ALL ON FUNCTION awards.ballot_bars(bigint, awards.people) FROM PUBLIC;
REVOKE ALL ON FUNCTION awards.names_the_member(text, text, bigint, text, bigint) FROM PUBLIC;

-- The lines of a meeting the session's member may still vote on.
CREATE FUNCTION awards.my_ballot_lines(p_meeting bigint) RETURNS TABLE (proposal_id bigint, line_no integer)
    LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = pg_catalog, awards, pg_temp AS $$
DECLARE
    v_member awards.people;
    v_presence text;
BEGIN
    SELECT * INTO v_member FROM awards.people WHERE login_role = session_user AND deactivated_at IS NULL;
    SELECT a.presence INTO v_presence FROM awards.council_attendance a WHERE a.meeting_id = p_meeting AND a.person_id = v_member.id;
    IF v_presence IS NULL THEN
        RAISE EXCEPTION '% is not a voting member at council meeting %', session_user, p_meeting USING ERRCODE = 'insufficient_privilege';
    ELSIF v_presence = 'absent' THEN
        RAISE EXCEPTION '% is recorded absent from council meeting % without a written opinion, and cannot vote', session_user, p_meeting
            USING ERRCODE = 'insufficient_privilege';
    END IF;
    RETURN QUERY
    SELECT l.proposal_id, l.line_no FROM awards.meeting_lines(p_meeting) l
    WHERE NOT EXISTS (SELECT 1 FROM awards.ballot_bars(p_meeting, v_member) b WHERE b.proposal_id = l.proposal_id AND b.line_no = l.line_no)
    ORDER BY l.proposal_id, l.line_no;
END
$$;

-- The session's own ballots: `p_ballots` is a JSON array of {proposal, line, choice, award}; choice
-- agree, disagree or lower (with the lower award). Each line once, every line or none: a refusal
-- writes nothing. The member must be present, or absent with a written opinion where the line's rule
-- counts one; never on a line where they are recused or are the nominee.
CREATE FUNCTION awards.cast_ballots(p_meeting bigint, p_ballots jsonb) RETURNS integer
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, awards, pg_temp AS $$
DECLARE
    v_member awards.people;
    v_meeting awards.council_meetings;
    v_presence text;
    v_refused_problem text;
    v_refused_proposal bigint;
    v_refused_line integer;
    v_refused_choice text;
    v_refused_lower text;
    v_refused_award text;
    v_count integer;
BEGIN
    SELECT * INTO v_member FROM awards.people WHERE login_role = session_user AND deactivated_at IS NULL;
    SELECT a.presence INTO v_presence FROM awards.council_attendance a WHERE a.meeting_id = p_meeting AND a.person_id = v_member.id;
    IF v_presence IS NULL THEN
        RAISE EXCEPTION '% is not a voting member at council meeting %', session_user, p_meeting USING ERRCODE = 'insufficient_privilege';
    END IF;
    v_meeting := awards.meeting_to_use(v_member, p_meeting);
    IF v_presence = 'absent' THEN
        RAISE EXCEPTION '% is recorded absent from council meeting % without a written opinion, and cannot vote', session_user, p_meeting
            USING ERRCODE = 'insufficient_privilege';
    END IF;
    IF jsonb_typeof(p_ballots) IS DISTINCT FROM 'array' OR jsonb_array_length(p_ballots) = 0 THEN
        RAISE EXCEPTION 'ballots must be a non-empty JSON array' USING ERRCODE = 'invalid_parameter_value';
    END IF;
    -- No temporary table: a table the caller made beforehand under that name could run their code here.
    WITH given AS (
        SELECT (b->>'proposal')::bigint AS proposal_id, (b->>'line')::integer AS line_no, b->>'choice' AS choice,
               nullif(b->>'award', '') AS lower_award
        FROM jsonb_array_elements(p_ballots) b
    ),
    lines AS (SELECT * FROM awards.meeting_lines(p_meeting)),
    bars AS (SELECT * FROM awards.ballot_bars(p_meeting, v_member)),
    problems AS (
        SELECT c.proposal_id, c.line_no, c.choice, c.lower_award, l.award_code,
            CASE WHEN l.line_no IS NULL THEN 'not_before'
                 WHEN count(*) OVER (PARTITION BY c.proposal_id, c.line_no) > 1 THEN 'twice'
                 WHEN c.choice IS NULL OR c.choice NOT IN ('agree', 'disagree', 'lower') THEN 'choice'
                 WHEN (c.choice = 'lower') <> (c.lower_award IS NOT NULL) THEN 'lower_award'
                 WHEN bars.bar IS NOT NULL THEN bars.bar
                 WHEN v_presence = 'absent_written'
                      AND NOT coalesce((awards.council_vote_rule(l.award_code, v_meeting.held_on)).written_opinions, false)
                      THEN 'written'
                 WHEN c.choice = 'lower' AND NOT EXISTS (SELECT 1 FROM awards.award_types a WHERE a.code = c.lower_award)
                      THEN 'unknown_award'
                 WHEN c.choice = 'lower' AND NOT coalesce(
                      c.lower_award <> l.award_code
                      AND awards.reward_multiple(c.lower_award, l.nominee_kind, v_meeting.held_on)
                          <= awards.reward_multiple(l.award_code, l.nominee_kind, v_meeting.held_on), false)
                      THEN 'not_lower'
            END AS problem
        FROM given c LEFT JOIN lines l ON l.proposal_id = c.proposal_id AND l.line_no = c.line_no
        LEFT JOIN bars ON bars.proposal_id = c.proposal_id AND bars.line_no = c.line_no
    ),
    refused AS (
        SELECT * FROM problems WHERE problem IS NOT NULL ORDER BY proposal_id, line_no LIMIT 1
    ),
    receipts AS (
        INSERT INTO awards.ballot_receipts (meeting_id, person_id, proposal_id, line_no)
        SELECT p_meeting, v_member.id, proposal_id, line_no FROM given WHERE NOT EXISTS (SELECT 1 FROM refused)
    ),
    cast_ballots AS (
        INSERT INTO awards.ballots (meeting_id, proposal_id, line_no, choice, lower_award)
        SELECT p_meeting, proposal_id, line_no, choice, lower_award FROM given WHERE NOT EXISTS (SELECT 1 FROM refused)
        ORDER BY random()
        RETURNING 1
    )
    SELECT r.problem, r.proposal_id, r.line_no, r.choice, r.lower_award, r.award_code, (SELECT count(*) FROM cast_ballots)
    INTO v_refused_problem, v_refused_proposal, v_refused_line, v_refused_choice, v_refused_lower, v_refused_award, v_count
    FROM (SELECT 1) one LEFT JOIN refused r ON true;
    -- One clear line for the first problem; nothing was cast.
    CASE v_refused_problem
        WHEN 'not_before' THEN
            RAISE EXCEPTION 'line % of proposal % is not before council meeting %', v_refused_line, v_refused_proposal, p_meeting
                USING ERRCODE = 'no_data_found', HINT = 'see the lines with: awards council show MEETING';
        WHEN 'twice' THEN
            RAISE EXCEPTION 'line % of proposal % has two ballots in what you cast; give one', v_refused_line, v_refused_proposal
                USING ERRCODE = 'invalid_parameter_value';
        WHEN 'choice' THEN
            RAISE EXCEPTION 'the ballot on line % of proposal % is agree, disagree or lower, not "%"', v_refused_line,
                v_refused_proposal, coalesce(v_refused_choice, '') USING ERRCODE = 'invalid_parameter_value';
        WHEN 'lower_award' THEN
            RAISE EXCEPTION 'the ballot on line % of proposal % names an award if and only if it is lower', v_refused_line,
                v_refused_proposal USING ERRCODE = 'invalid_parameter_value';
        WHEN 'voted' THEN
            RAISE EXCEPTION '% has already voted on line % of proposal %; a ballot cast cannot be withdrawn', session_user,
                v_refused_line, v_refused_proposal USING ERRCODE = 'unique_violation';
        WHEN 'recused' THEN
            RAISE EXCEPTION '% is recused from line % of proposal % and cannot vote on it', session_user, v_refused_line,
                v_refused_proposal USING ERRCODE = 'insufficient_privilege';
        WHEN 'nominee' THEN
            RAISE EXCEPTION '% is the nominee of line % of proposal % and cannot vote on it', session_user, v_refused_line,
                v_refused_proposal USING ERRCODE = 'insufficient_privilege';
        WHEN 'written' THEN
            RAISE EXCEPTION '% is absent from council meeting %, and the rule for % counts no written opinion', session_user,
                p_meeting, v_refused_award USING ERRCODE = 'insufficient_privilege';
        WHEN 'unknown_award' THEN
            RAISE EXCEPTION 'the ballot on line % of proposal % names unknown award "%"', v_refused_line, v_refused_proposal,
                v_refused_lower USING ERRCODE = 'foreign_key_violation', HINT = 'list awards with: awards catalog';
        WHEN 'not_lower' THEN
            RAISE EXCEPTION 'the ballot on line % of proposal % names %, which is not below % for this nominee', v_refused_line,
                v_refused_proposal, v_refused_lower, v_refused_award USING ERRCODE = 'invalid_parameter_value';
        ELSE NULL;
    END CASE;
    RETURN v_count;
END
$$;

-- The count (kiểm phiếu), by the chair or the secretary, with the minutes' number and date: refused
-- while a line lacks the quorum its rule sets; then each line's result under the rule in force on the
-- meeting's day, the ballots moved out of the box shuffled, and the meeting fixed.
--
-- A ballot for a lower award supports that award and every award below it; an agreeing ballot supports
-- the proposed award and all below. The line passes at the highest award that its supporters carry
-- under that award's own rule: the proposed one (passed), a lower one (passed_lower), or none (failed).
-- An award with no rule that day needs no vote (no_vote_needed).
CREATE FUNCTION awards.count_council_ballots(p_meeting bigint, p_minutes_number text, p_minutes_date date) RETURNS integer
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, awards, pg_temp AS $$
DECLARE
    v_person awards.people := awards.acting_person();
    v_meeting awards.council_meetings := awards.meeting_to_use(v_person, p_meeting);
    v_voting integer;
    v_present integer;
    v_written integer;
    v_quorum_award text;
    v_quorum_percent text;
    v_quorum_source text;
    v_lines integer;
BEGIN
    IF NOT EXISTS (SELECT 1 FROM awards.council_seats(v_meeting.council_id, v_meeting.held_on) s
                   WHERE s.person_id = v_person.id AND s.position IN ('chair', 'secretary')) THEN
        RAISE EXCEPTION '% may not count the ballots of council meeting %: only its chair or its secretary', v_person.login_role, p_meeting
            USING ERRCODE = 'insufficient_privilege';
    END IF;
    IF btrim(coalesce(p_minutes_number, '')) = '' OR p_minutes_date IS NULL THEN
        RAISE EXCEPTION 'the count is recorded in the minutes: give their number and date' USING ERRCODE = 'invalid_parameter_value';
    END IF;
    SELECT count(*), count(*) FILTER (WHERE presence = 'present'), count(*) FILTER (WHERE presence = 'absent_written')
    INTO v_voting, v_present, v_written FROM awards.council_attendance WHERE meeting_id = p_meeting;

    -- The strictest quorum among the rules of the lines before the meeting decides.
    SELECT l.award_code, trim_scale(r.quorum_percent)::text, r.document || coalesce(', ' || r.article, '')
    INTO v_quorum_award, v_quorum_percent, v_quorum_source
    FROM awards.meeting_lines(p_meeting) l
    CROSS JOIN LATERAL awards.council_vote_rule(l.award_code, v_meeting.held_on) r
    WHERE r.award_code IS NOT NULL AND r.quorum_percent IS NOT NULL AND v_present * 100 < r.quorum_percent * v_voting
    ORDER BY r.quorum_percent DESC, l.award_code LIMIT 1;
    IF v_quorum_award IS NOT NULL THEN
        RAISE EXCEPTION 'council meeting % lacks its quorum: % of % voting members are present, and % needs % %% (%)', p_meeting,
            v_present, v_voting, v_quorum_award, v_quorum_percent, v_quorum_source USING ERRCODE = 'object_not_in_prerequisite_state';
    END IF;

    UPDATE awards.council_meetings SET counted_at = now(), counted_by = session_user,
        minutes_number = btrim(p_minutes_number), minutes_date = p_minutes_date
    WHERE id = p_meeting;
    PERFORM set_config('awards.counting_meeting', p_meeting::text, true);

    -- A member recused from a line, or its nominee, is not counted for it: neither among all members nor
    -- among those present.
    WITH lines AS (
        SELECT l.*, count(a.person_id) AS barred,
               count(a.person_id) FILTER (WHERE a.presence = 'present') AS barred_present,
               count(a.person_id) FILTER (WHERE a.presence = 'absent_written') AS barred_written
        FROM awards.meeting_lines(p_meeting) l
        LEFT JOIN awards.council_attendance a ON a.meeting_id = p_meeting AND (
            EXISTS (SELECT 1 FROM awards.council_recusals x WHERE x.meeting_id = p_meeting AND x.person_id = a.person_id
                      AND x.proposal_id = l.proposal_id AND x.line_no = l.line_no)
            OR EXISTS (SELECT 1 FROM awards.people p WHERE p.id = a.person_id
                         AND awards.names_the_member(l.nominee_kind, l.nominee_name, l.unit_id, p.full_name::text, p.unit_id)))
        GROUP BY l.proposal_id, l.line_no, l.award_code, l.nominee_kind, l.nominee_name, l.unit_id
    ),
    box AS (
        SELECT b.proposal_id, b.line_no, b.choice, b.lower_award FROM awards.ballots b WHERE b.meeting_id = p_meeting
    ),
    -- Each award the line could pass at: the proposed one and every lower award a ballot names.
    candidates AS (
        SELECT l.proposal_id, l.line_no, l.award_code AS award FROM lines l
        UNION
        SELECT proposal_id, line_no, lower_award FROM box WHERE choice = 'lower'
    ),
    judged AS (
        SELECT c.proposal_id, c.line_no, c.award, r AS rule,
               awards.reward_multiple(c.award, l.nominee_kind, v_meeting.held_on) AS multiple,
               (SELECT count(*) FROM box b WHERE b.proposal_id = c.proposal_id AND b.line_no = c.line_no
                  AND (b.choice = 'agree' OR (b.choice = 'lower'
                       AND awards.reward_multiple(b.lower_award, l.nominee_kind, v_meeting.held_on)
                           >= awards.reward_multiple(c.award, l.nominee_kind, v_meeting.held_on)))) AS supporters,
               CASE r.share_of WHEN 'all_members' THEN v_voting - l.barred
                    ELSE v_present - l.barred_present + CASE WHEN r.written_opinions THEN v_written - l.barred_written ELSE 0 END END AS base
        FROM candidates c JOIN lines l USING (proposal_id, line_no)
        CROSS JOIN LATERAL awards.council_vote_rule(c.award, v_meeting.held_on) r
    ),
    passing AS (
        SELECT DISTINCT ON (proposal_id, line_no) proposal_id, line_no, award, rule
        FROM judged
        WHERE (rule).award_code IS NULL
           OR base > 0 AND CASE WHEN (rule).at_least THEN supporters * 100 >= (rule).agree_percent * base
                   ELSE supporters * 100 > (rule).agree_percent * base END
        ORDER BY proposal_id, line_no, multiple DESC NULLS LAST, award
    )
    INSERT INTO awards.council_results (meeting_id, proposal_id, line_no, proposed_award, voting_members, present_members,
                                        ballots, agree, disagree, lower_votes, outcome, passed_award, rule_text)
    SELECT p_meeting, l.proposal_id, l.line_no, l.award_code, v_voting, v_present,
           (SELECT count(*) FROM box b WHERE b.proposal_id = l.proposal_id AND b.line_no = l.line_no),
           (SELECT count(*) FROM box b WHERE b.proposal_id = l.proposal_id AND b.line_no = l.line_no AND b.choice = 'agree'),
           (SELECT count(*) FROM box b WHERE b.proposal_id = l.proposal_id AND b.line_no = l.line_no AND b.choice = 'disagree'),
           coalesce((SELECT jsonb_object_agg(lower_award, n) FROM (
                SELECT b.lower_award, count(*) AS n FROM box b
                WHERE b.proposal_id = l.proposal_id AND b.line_no = l.line_no AND b.choice = 'lower' GROUP BY b.lower_award) v), '{}'),
           CASE WHEN p.award IS NULL THEN 'failed'
                WHEN p.award <> l.award_code THEN 'passed_lower'
                WHEN (p.rule).award_code IS NULL THEN 'no_vote_needed'
                ELSE 'passed' END,
           p.award,
           -- The rule the proposed award was judged by, as the minutes state it.
           (SELECT format('%s %s%% %s — %s%s', CASE WHEN r.at_least THEN '≥' ELSE '>' END, trim_scale(r.agree_percent),
                          CASE r.share_of WHEN 'all_members' THEN 'tổng số thành viên' ELSE 'số thành viên có mặt' END,
                          r.document, coalesce(', ' || r.article, ''))
            FROM awards.council_vote_rule(l.award_code, v_meeting.held_on) r WHERE r.award_code IS NOT NULL)
    FROM lines l LEFT JOIN passing p USING (proposal_id, line_no);
    GET DIAGNOSTICS v_lines = ROW_COUNT;

    INSERT INTO awards.counted_ballots (meeting_id, proposal_id, line_no, choice, lower_award)
    SELECT meeting_id, proposal_id, line_no, choice, lower_award FROM awards.ballots WHERE meeting_id = p_meeting ORDER BY random();
    DELETE FROM awards.ballots WHERE meeting_id = p_meeting;
    PERFORM set_config('awards.counting_meeting', '', true);
    RETURN v_lines;
END
$$;

-- What the decision may grant on a line whose award needs the council's vote: the latest count of
-- the deciding unit's council must have passed it at that award or above. Checked on every statement
-- that writes decision lines, so signing refuses and names the lines.
CREATE FUNCTION awards.check_lines_passed_council() RETURNS trigger
    LANGUAGE plpgsql SET search_path = pg_catalog, awards, pg_temp AS $$
DECLARE
    v_problem text;
BEGIN
    WITH added AS (
        SELECT a.*, d.decision_date, p.addressee_unit_id
        FROM added_lines a JOIN awards.decisions d ON d.id = a.decision_id JOIN awards.proposals p ON p.id = a.proposal_id
    ),
    needing AS (
        SELECT a.*, r FROM added a CROSS JOIN LATERAL awards.council_vote_rule(a.granted_award, a.decision_date) r
        WHERE r.award_code IS NOT NULL
    ),
    latest AS (
        SELECT n.proposal_id, n.proposal_line_no, n.nominee_name, n.granted_award, n.nominee_kind, n.decision_date, (n.r).document AS document,
               (SELECT cr FROM awards.council_results cr
                JOIN awards.council_meetings m ON m.id = cr.meeting_id
                JOIN awards.councils c ON c.id = m.council_id
                WHERE cr.proposal_id = n.proposal_id AND cr.line_no = n.proposal_line_no AND c.unit_id = n.addressee_unit_id
                  AND m.counted_at IS NOT NULL
                ORDER BY m.held_on DESC, m.id DESC LIMIT 1) AS result
        FROM needing n
    )
    SELECT string_agg(format('%s/%s %s: %s', proposal_id, proposal_line_no, nominee_name, granted_award), '; '
                      ORDER BY proposal_id, proposal_line_no)
    INTO v_problem
    FROM latest
    WHERE result IS NULL OR (result).passed_award IS NULL
       OR ((result).passed_award <> granted_award
           AND coalesce(awards.reward_multiple((result).passed_award, nominee_kind, decision_date), -1)
               < coalesce(awards.reward_multiple(granted_award, nominee_kind, decision_date), 0));
    IF v_problem IS NOT NULL THEN
        RAISE EXCEPTION 'these lines have not passed the council''s vote their award needs: %', v_problem
            USING ERRCODE = 'AW002',
                  HINT = 'see what the council passed with: awards council show MEETING; leave those lines out, lower them to it, or hold a council meeting on them first';
    END IF;
    RETURN NULL;
END
$$;
REVOKE ALL ON FUNCTION awards.check_lines_passed_council() FROM PUBLIC;
CREATE TRIGGER decision_lines_passed_council AFTER INSERT ON awards.decision_lines
    REFERENCING NEW TABLE AS added_lines FOR EACH STATEMENT EXECUTE FUNCTION awards.check_lines_passed_council();

REVOKE ALL ON FUNCTION awards.council_vote_rule(text, date), awards.create_council(text, text, text, date),
    awards.add_council_member(text, text, text, boolean, date, text), awards.end_council_member(text, text, date, text),
    awards.open_council_meeting(text, date, text, bigint[], text[], text[]),
    awards.recuse_council_member(bigint, text, bigint, integer, text), awards.cast_ballots(bigint, jsonb),
    awards.count_council_ballots(bigint, text, date), awards.my_ballot_lines(bigint) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION awards.council_vote_rule(text, date), awards.create_council(text, text, text, date),
    awards.add_council_member(text, text, text, boolean, date, text), awards.end_council_member(text, text, date, text),
    awards.open_council_meeting(text, date, text, bigint[], text[], text[]),
    awards.recuse_council_member(bigint, text, bigint, integer, text), awards.cast_ballots(bigint, jsonb),
    awards.count_council_ballots(bigint, text, date), awards.my_ballot_lines(bigint)
    TO awards_officer, awards_manager, awards_standing_agency, awards_admin;
