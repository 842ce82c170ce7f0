-- The annual round, part 1 (issue 13): proposals (tờ trình) listing many nominations, and the one signed
-- decision (quyết định) that rewards them, with the money.
--
-- A proposal moves through the states of config/proposals.yaml (loaded into proposal_definitions, as
-- the nomination workflow is), and each move may move every open line by a nomination event, through
-- awards.advance, in the same transaction: each nomination keeps its own history. A decision is signed
-- by awards.sign_decision only: the signer's authority is checked per line on the decision date, the
-- money is computed here from the catalogue in force (multiple × base salary, rounded up), and the
-- decision, its lines, every line's transitions and the proposals' moves commit together. People read
-- proposals and decisions in their scope; nobody writes them but these functions.

-- The money rules, from config/awards.yaml: base salaries by date, multiples per legal basis.
CREATE TABLE awards.base_salaries (
    valid_from  date PRIMARY KEY,
    amount      integer NOT NULL CHECK (amount > 0),
    document    text NOT NULL,
    article     text,
    source      text NOT NULL
);
GRANT SELECT ON awards.base_salaries TO awards_officer, awards_manager, awards_standing_agency, awards_admin;
-- Ten-thousandths of the base salary per nominee kind: {"individual": 15000, "collective": 30000}.
ALTER TABLE awards.award_legal_bases ADD COLUMN reward_multiples jsonb NOT NULL DEFAULT '{}';
ALTER TABLE awards.catalogue_versions ADD COLUMN reward_rounding integer NOT NULL DEFAULT 10000 CHECK (reward_rounding > 0);

-- The multiple (ten-thousandths of the base salary) an award pays a nominee of the kind under the legal
-- basis in force on the day; NULL when the catalogue has none.
CREATE FUNCTION awards.reward_multiple(p_award text, p_kind text, p_on date) RETURNS integer
    LANGUAGE sql STABLE SET search_path = pg_catalog, awards, pg_temp AS $$
    SELECT (b.reward_multiples->>p_kind)::integer FROM awards.award_legal_bases b
    WHERE b.award_code = p_award AND b.valid_from <= p_on AND (b.valid_to IS NULL OR b.valid_to >= p_on)
    ORDER BY b.valid_from DESC LIMIT 1
$$;

-- What an award pays a nominee of the kind on the day, as AwardCatalogue.reward computes it (a test
-- proves they agree on every award, kind and date where a rule changes): multiple × the base salary in
-- force, rounded up to the catalogue's step; no row when the catalogue lacks any of them.
CREATE FUNCTION awards.reward_money(p_award text, p_kind text, p_on date)
    RETURNS TABLE (dong bigint, multiple integer, base_salary integer, legal_basis text)
    LANGUAGE sql STABLE SET search_path = pg_catalog, awards, pg_temp AS $$
    SELECT ((s.amount::bigint * m.multiple + 10000::bigint * r.step - 1) / (10000::bigint * r.step)) * r.step,
           m.multiple, s.amount, b.document
    FROM (SELECT awards.reward_multiple(p_award, p_kind, p_on) AS multiple) m
    CROSS JOIN LATERAL (SELECT document FROM awards.award_legal_bases
                        WHERE award_code = p_award AND valid_from <= p_on AND (valid_to IS NULL OR valid_to >= p_on)
                        ORDER BY valid_from DESC LIMIT 1) b
    CROSS JOIN LATERAL (SELECT amount FROM awards.base_salaries WHERE valid_from <= p_on ORDER BY valid_from DESC LIMIT 1) s
    CROSS JOIN LATERAL (SELECT coalesce((SELECT reward_rounding FROM awards.catalogue_versions WHERE in_force), 10000) AS step) r
    WHERE m.multiple IS NOT NULL
$$;
-- Called by the functions that sign and lower awards; nobody calls them directly.
REVOKE ALL ON FUNCTION awards.reward_money(text, text, date), awards.reward_multiple(text, text, date) FROM PUBLIC;

-- A nominee is the same one when kind, unit, name (NFC, case and spaces aside, diacritics kept: Hà is
-- not Hạ) and date of birth agree.
ALTER TABLE awards.nominations ADD COLUMN birth_date date CHECK (birth_date > '1900-01-01');
CREATE FUNCTION awards.nominee_key(p_kind text, p_unit bigint, p_name text, p_birth date) RETURNS text
    LANGUAGE sql IMMUTABLE SET search_path = pg_catalog, awards, pg_temp AS $$
    SELECT p_kind || '|' || p_unit || '|' || lower(regexp_replace(btrim(normalize(p_name, NFC)), '\s+', ' ', 'g'))
           || '|' || coalesce(p_birth::text, '')
$$;

-- The proposal workflow, loaded by `awards db migrate` from config/proposals.yaml.
CREATE TABLE awards.proposal_definitions (
    version         text PRIMARY KEY,
    fingerprint     text NOT NULL,
    name            text NOT NULL,
    initial_state   text NOT NULL,
    loaded_at       timestamptz NOT NULL DEFAULT now(),
    loaded_by       name NOT NULL DEFAULT session_user
);
CREATE TABLE awards.proposal_states (
    version         text NOT NULL REFERENCES awards.proposal_definitions (version),
    state           text NOT NULL,
    label           text,
    terminal        boolean NOT NULL,
    -- Lines may be added and removed only here (a draft, a returned proposal).
    lines_open      boolean NOT NULL,
    PRIMARY KEY (version, state)
);
CREATE TABLE awards.proposal_transitions (
    version             text NOT NULL REFERENCES awards.proposal_definitions (version),
    event               text NOT NULL,
    from_state          text,
    to_state            text NOT NULL,
    roles               text[] NOT NULL,
    fields              jsonb NOT NULL,
    -- The nomination event each open line takes with this move.
    line_event          text,
    -- Set only on the move a signed decision makes: the event of the rewarded lines, and of the others.
    accepted_event      text,
    others_event        text,
    UNIQUE NULLS NOT DISTINCT (version, event, from_state),
    FOREIGN KEY (version, to_state) REFERENCES awards.proposal_states (version, state),
    CHECK ((accepted_event IS NULL) = (others_event IS NULL) AND (accepted_event IS NULL OR line_event IS NULL))
);
CREATE TRIGGER proposal_definitions_append_only BEFORE UPDATE OR DELETE ON awards.proposal_definitions
    FOR EACH ROW EXECUTE FUNCTION awards.refuse_change();
CREATE TRIGGER proposal_states_append_only BEFORE UPDATE OR DELETE ON awards.proposal_states
    FOR EACH ROW EXECUTE FUNCTION awards.refuse_change();
CREATE TRIGGER proposal_transitions_append_only BEFORE UPDATE OR DELETE ON awards.proposal_transitions
    FOR EACH ROW EXECUTE FUNCTION awards.refuse_change();
GRANT SELECT ON awards.proposal_definitions, awards.proposal_states, awards.proposal_transitions
    TO awards_officer, awards_manager, awards_standing_agency, awards_admin;

CREATE TABLE awards.proposals (
    id                  bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    unit_id             bigint NOT NULL REFERENCES awards.units (id),
    -- The unit whose head decides: only a manager of it signs the decision.
    addressee_unit_id   bigint NOT NULL REFERENCES awards.units (id),
    round               text NOT NULL CHECK (round IN ('year_end', 'preliminary', 'final', 'ad_hoc')),
    year                integer NOT NULL CHECK (year BETWEEN 2000 AND 2100),
    movement_id         bigint REFERENCES awards.movements (id),
    title               awards.display_name NOT NULL,
    number              text,
    proposal_date       date,
    definition_version  text NOT NULL REFERENCES awards.proposal_definitions (version),
    state               text NOT NULL,
    history_length      integer NOT NULL,
    state_entered_at    timestamptz NOT NULL DEFAULT now(),
    created_by          name NOT NULL DEFAULT session_user,
    created_at          timestamptz NOT NULL DEFAULT now(),
    FOREIGN KEY (definition_version, state) REFERENCES awards.proposal_states (version, state),
    -- A sơ kết or tổng kết belongs to a movement.
    CHECK (round NOT IN ('preliminary', 'final') OR movement_id IS NOT NULL)
);
CREATE UNIQUE INDEX proposals_number_per_unit ON awards.proposals (unit_id, number) WHERE number IS NOT NULL;

CREATE TABLE awards.proposal_history (
    proposal_id         bigint NOT NULL REFERENCES awards.proposals (id),
    seq                 integer NOT NULL CHECK (seq >= 1),
    event               text NOT NULL,
    from_state          text,
    to_state            text NOT NULL,
    session_role        name NOT NULL DEFAULT session_user,
    acting_role         text NOT NULL,
    at                  timestamptz NOT NULL DEFAULT now(),
    note                text,
    fields              jsonb NOT NULL DEFAULT '{}',
    lines_moved         integer NOT NULL DEFAULT 0,
    definition_version  text NOT NULL REFERENCES awards.proposal_definitions (version),
    PRIMARY KEY (proposal_id, seq),
    CHECK ((seq = 1) = (from_state IS NULL))
);
CREATE TRIGGER proposal_history_append_only BEFORE UPDATE OR DELETE ON awards.proposal_history
    FOR EACH ROW EXECUTE FUNCTION awards.refuse_change();
CREATE TRIGGER proposal_history_no_truncate BEFORE TRUNCATE ON awards.proposal_history
    FOR EACH STATEMENT EXECUTE FUNCTION awards.refuse_truncate();

CREATE TABLE awards.proposal_lines (
    proposal_id         bigint NOT NULL REFERENCES awards.proposals (id),
    line_no             integer NOT NULL CHECK (line_no >= 1),
    nomination_id       bigint NOT NULL REFERENCES awards.nominations (id),
    nominee_key         text NOT NULL,
    award_code          text NOT NULL REFERENCES awards.award_types (code),
    achievement_from    date NOT NULL,
    achievement_to      date NOT NULL,
    -- The row of the imported sheet, to point at it.
    sheet_row           integer,
    joined_at           timestamptz NOT NULL DEFAULT now(),
    left_at             timestamptz,
    PRIMARY KEY (proposal_id, line_no),
    CHECK (achievement_from <= achievement_to)
);
-- A nomination is on one proposal at a time; a nominee is proposed once for one award in a proposal.
CREATE UNIQUE INDEX proposal_lines_one_proposal_at_a_time ON awards.proposal_lines (nomination_id) WHERE left_at IS NULL;
CREATE UNIQUE INDEX proposal_lines_nominee_once ON awards.proposal_lines (proposal_id, nominee_key, award_code) WHERE left_at IS NULL;
CREATE INDEX proposal_lines_nominee ON awards.proposal_lines (nominee_key);

CREATE TABLE awards.decisions (
    id                  bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    issuing_unit_id     bigint NOT NULL REFERENCES awards.units (id),
    number              text NOT NULL,
    decision_date       date NOT NULL,
    year                integer NOT NULL,
    signer_id           bigint NOT NULL REFERENCES awards.people (id),
    signer_login        name NOT NULL DEFAULT session_user,
    authority_level     text NOT NULL REFERENCES awards.authority_levels (code),
    -- Căn cứ: the documents the decision cites (the award's legal bases, and what the signer adds).
    legal_bases         text[] NOT NULL,
    catalogue_version   text NOT NULL REFERENCES awards.catalogue_versions (version),
    line_count          integer NOT NULL,
    total_dong          bigint NOT NULL,
    signed_at           timestamptz NOT NULL DEFAULT now(),
    CHECK (year = extract(year FROM decision_date)),
    -- A register: a number once per issuing body and year.
    UNIQUE (issuing_unit_id, year, number)
);
CREATE TABLE awards.decision_proposals (
    decision_id         bigint NOT NULL REFERENCES awards.decisions (id),
    proposal_id         bigint NOT NULL UNIQUE REFERENCES awards.proposals (id),
    PRIMARY KEY (decision_id, proposal_id)
);

CREATE EXTENSION IF NOT EXISTS btree_gist WITH SCHEMA awards;
CREATE TABLE awards.decision_lines (
    decision_id         bigint NOT NULL REFERENCES awards.decisions (id),
    line_no             integer NOT NULL CHECK (line_no >= 1),
    nomination_id       bigint NOT NULL UNIQUE REFERENCES awards.nominations (id),
    proposal_id         bigint NOT NULL REFERENCES awards.proposals (id),
    proposal_line_no    integer NOT NULL,
    -- The decision's, kept here so that reading a line needs no look at its decision.
    issuing_unit_id     bigint NOT NULL REFERENCES awards.units (id),
    nominee_kind        text NOT NULL,
    nominee_name        text NOT NULL,
    unit_id             bigint NOT NULL REFERENCES awards.units (id),
    nominee_key         text NOT NULL,
    proposed_award      text NOT NULL REFERENCES awards.award_types (code),
    granted_award       text NOT NULL REFERENCES awards.award_types (code),
    achievement_from    date NOT NULL,
    achievement_to      date NOT NULL,
    -- Ten-thousandths of the base salary, the base salary and the money, as computed on the decision date.
    reward_multiple     integer NOT NULL,
    base_salary         integer NOT NULL,
    money_dong          bigint NOT NULL CHECK (money_dong >= 0),
    legal_basis         text NOT NULL,
    revoked             boolean NOT NULL DEFAULT false,
    PRIMARY KEY (decision_id, line_no),
    FOREIGN KEY (proposal_id, proposal_line_no) REFERENCES awards.proposal_lines (proposal_id, line_no),
    -- One achievement is rewarded once (Luật 06/2022/QH15, Điều 5): the same award for an overlapping
    -- period of the same nominee is refused while the earlier one stands.
    CONSTRAINT decision_lines_achievement_rewarded_once EXCLUDE USING gist (
        nominee_key WITH =, granted_award WITH =, daterange(achievement_from, achievement_to, '[]') WITH &&) WHERE (NOT revoked)
);
CREATE INDEX decision_lines_unit ON awards.decision_lines (unit_id);

-- Decisions and their lines never change; only a revocation marks a line revoked.
CREATE FUNCTION awards.refuse_decision_rewrite() RETURNS trigger
    LANGUAGE plpgsql SET search_path = pg_catalog, awards, pg_temp AS $$
BEGIN
    IF TG_OP = 'DELETE' OR TG_TABLE_NAME <> 'decision_lines' OR OLD.revoked OR NOT NEW.revoked
       OR (to_jsonb(NEW) - 'revoked') IS DISTINCT FROM (to_jsonb(OLD) - 'revoked') THEN
        RAISE EXCEPTION 'a signed decision cannot be changed; revoke a line instead (awards decision revoke)'
            USING ERRCODE = 'insufficient_privilege';
    END IF;
    RETURN NEW;
END
$$;
REVOKE ALL ON FUNCTION awards.refuse_decision_rewrite() FROM PUBLIC;
CREATE TRIGGER decisions_signed BEFORE UPDATE OR DELETE ON awards.decisions
    FOR EACH ROW EXECUTE FUNCTION awards.refuse_decision_rewrite();
CREATE TRIGGER decision_lines_signed BEFORE UPDATE OR DELETE ON awards.decision_lines
    FOR EACH ROW EXECUTE FUNCTION awards.refuse_decision_rewrite();
CREATE TRIGGER decision_proposals_signed BEFORE UPDATE OR DELETE ON awards.decision_proposals
    FOR EACH ROW EXECUTE FUNCTION awards.refuse_decision_rewrite();
CREATE TRIGGER decisions_no_truncate BEFORE TRUNCATE ON awards.decisions
    FOR EACH STATEMENT EXECUTE FUNCTION awards.refuse_truncate();
CREATE TRIGGER decision_lines_no_truncate BEFORE TRUNCATE ON awards.decision_lines
    FOR EACH STATEMENT EXECUTE FUNCTION awards.refuse_truncate();

-- Thu hồi (Luật 06/2022/QH15, chương VII): a decided line annulled, with the reason and the money to be
-- recovered, append-only.
CREATE TABLE awards.revocations (
    decision_id         bigint NOT NULL,
    line_no             integer NOT NULL,
    reason              text NOT NULL CHECK (btrim(reason) <> '' AND char_length(reason) <= 4000),
    recover_dong        bigint NOT NULL CHECK (recover_dong >= 0),
    revoking_number     text NOT NULL,
    revoking_date       date NOT NULL,
    revoked_by          name NOT NULL DEFAULT session_user,
    revoked_at          timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (decision_id, line_no),
    FOREIGN KEY (decision_id, line_no) REFERENCES awards.decision_lines (decision_id, line_no)
);
CREATE TRIGGER revocations_append_only BEFORE UPDATE OR DELETE ON awards.revocations
    FOR EACH ROW EXECUTE FUNCTION awards.refuse_change();
CREATE TRIGGER revocations_no_truncate BEFORE TRUNCATE ON awards.revocations
    FOR EACH STATEMENT EXECUTE FUNCTION awards.refuse_truncate();

-- Reading: a proposal is seen by the people of the unit that sends it and of the unit it goes to (and
-- by the standing agency); its lines and history follow it. A decision is seen by the people of the
-- issuing unit and by those who see one of its lines' nominations.
ALTER TABLE awards.proposals ENABLE ROW LEVEL SECURITY;
ALTER TABLE awards.proposal_history ENABLE ROW LEVEL SECURITY;
ALTER TABLE awards.proposal_lines ENABLE ROW LEVEL SECURITY;
ALTER TABLE awards.decisions ENABLE ROW LEVEL SECURITY;
ALTER TABLE awards.decision_proposals ENABLE ROW LEVEL SECURITY;
ALTER TABLE awards.decision_lines ENABLE ROW LEVEL SECURITY;
ALTER TABLE awards.revocations ENABLE ROW LEVEL SECURITY;
CREATE POLICY proposals_in_scope ON awards.proposals FOR SELECT
    TO awards_officer, awards_manager, awards_standing_agency, awards_admin
    USING ((SELECT awards.sees_all_units()) OR unit_id IN (SELECT awards.my_units()) OR addressee_unit_id IN (SELECT awards.my_units()));
CREATE POLICY proposal_history_in_scope ON awards.proposal_history FOR SELECT
    TO awards_officer, awards_manager, awards_standing_agency, awards_admin
    USING (EXISTS (SELECT 1 FROM awards.proposals p WHERE p.id = proposal_id));
CREATE POLICY proposal_lines_in_scope ON awards.proposal_lines FOR SELECT
    TO awards_officer, awards_manager, awards_standing_agency, awards_admin
    USING (EXISTS (SELECT 1 FROM awards.proposals p WHERE p.id = proposal_id));
CREATE POLICY decisions_in_scope ON awards.decisions FOR SELECT
    TO awards_officer, awards_manager, awards_standing_agency, awards_admin
    USING ((SELECT awards.sees_all_units()) OR issuing_unit_id IN (SELECT awards.my_units())
           OR EXISTS (SELECT 1 FROM awards.decision_lines l WHERE l.decision_id = id AND l.unit_id IN (SELECT awards.my_units())));
CREATE POLICY decision_proposals_in_scope ON awards.decision_proposals FOR SELECT
    TO awards_officer, awards_manager, awards_standing_agency, awards_admin
    USING (EXISTS (SELECT 1 FROM awards.decisions d WHERE d.id = decision_id));
CREATE POLICY decision_lines_in_scope ON awards.decision_lines FOR SELECT
    TO awards_officer, awards_manager, awards_standing_agency, awards_admin
    USING ((SELECT awards.sees_all_units()) OR unit_id IN (SELECT awards.my_units()) OR issuing_unit_id IN (SELECT awards.my_units()));
CREATE POLICY revocations_in_scope ON awards.revocations FOR SELECT
    TO awards_officer, awards_manager, awards_standing_agency, awards_admin
    USING (EXISTS (SELECT 1 FROM awards.decision_lines l WHERE l.decision_id = revocations.decision_id AND l.line_no = revocations.line_no));
REVOKE ALL ON awards.proposals, awards.proposal_history, awards.proposal_lines, awards.decisions,
    awards.decision_proposals, awards.decision_lines, awards.revocations FROM PUBLIC;
GRANT SELECT ON awards.proposals, awards.proposal_history, awards.proposal_lines, awards.decisions,
    awards.decision_proposals, awards.decision_lines, awards.revocations
    TO awards_officer, awards_manager, awards_standing_agency, awards_admin;

-- The reward-money ledger (sổ theo dõi tiền thưởng): per line of each decision, what was decided for
-- whom, and what a revocation recovers; read with the reader's own row-level security.
CREATE VIEW awards.reward_ledger WITH (security_invoker = true) AS
    SELECT d.year, d.id AS decision_id, d.number AS decision_number, d.decision_date, iu.code AS issuing_unit,
           u.code AS unit, l.line_no, l.nominee_kind, l.nominee_name, l.granted_award, a.name AS award_name,
           l.money_dong, l.revoked, coalesce(r.recover_dong, 0) AS recover_dong
    FROM awards.decision_lines l
    JOIN awards.decisions d ON d.id = l.decision_id
    JOIN awards.units iu ON iu.id = d.issuing_unit_id
    JOIN awards.units u ON u.id = l.unit_id
    JOIN awards.award_types a ON a.code = l.granted_award
    LEFT JOIN awards.revocations r ON r.decision_id = l.decision_id AND r.line_no = l.line_no;
GRANT SELECT ON awards.reward_ledger TO awards_officer, awards_manager, awards_standing_agency, awards_admin;

-- The proposal being moved, locked, or "not found" when it is outside the person's sight.
CREATE FUNCTION awards.proposal_to_move(p_person awards.people, p_proposal bigint) RETURNS awards.proposals
    LANGUAGE plpgsql SET search_path = pg_catalog, awards, pg_temp AS $$
DECLARE
    v_proposal awards.proposals;
BEGIN
    SELECT * INTO v_proposal FROM awards.proposals WHERE id = p_proposal FOR UPDATE;
    IF NOT FOUND OR NOT (awards.in_scope(p_person, v_proposal.unit_id) OR awards.in_scope(p_person, v_proposal.addressee_unit_id)) THEN
        RAISE EXCEPTION 'proposal % not found', p_proposal USING ERRCODE = 'no_data_found',
            HINT = 'list the proposals you may see with: awards proposal list';
    END IF;
    RETURN v_proposal;
END
$$;
REVOKE ALL ON FUNCTION awards.proposal_to_move(awards.people, bigint) FROM PUBLIC;

CREATE FUNCTION awards.create_proposal(p_unit_code text, p_addressee_code text, p_round text, p_year integer,
                                       p_title text, p_movement_code text DEFAULT NULL) RETURNS bigint
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, awards, pg_temp AS $$
DECLARE
    v_person awards.people := awards.acting_person();
    v_definition awards.proposal_definitions;
    v_transition awards.proposal_transitions;
    v_role text;
    v_unit bigint;
    v_addressee bigint;
    v_movement bigint;
    v_id bigint;
BEGIN
    SELECT * INTO v_definition FROM awards.proposal_definitions ORDER BY loaded_at DESC, version DESC LIMIT 1;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'no proposal workflow is loaded' USING ERRCODE = 'object_not_in_prerequisite_state',
            HINT = 'run: awards db migrate';
    END IF;
    SELECT * INTO v_transition FROM awards.proposal_transitions WHERE version = v_definition.version AND from_state IS NULL;
    v_role := awards.acting_role(v_person, v_transition.event, v_transition.roles);
    SELECT id INTO v_unit FROM awards.units WHERE code = p_unit_code;
    SELECT id INTO v_addressee FROM awards.units WHERE code = p_addressee_code;
    IF v_unit IS NULL OR v_addressee IS NULL THEN
        RAISE EXCEPTION 'unknown unit "%"', CASE WHEN v_unit IS NULL THEN p_unit_code ELSE p_addressee_code END
            USING ERRCODE = 'foreign_key_violation', HINT = 'list units with: awards unit list';
    END IF;
    IF NOT awards.in_scope(v_person, v_unit) THEN
        RAISE EXCEPTION '% may not make a proposal of unit %; it is outside their units', v_person.login_role, p_unit_code
            USING ERRCODE = 'insufficient_privilege';
    END IF;
    IF p_movement_code IS NOT NULL THEN
        SELECT id INTO v_movement FROM awards.movements WHERE code = p_movement_code;
        IF v_movement IS NULL THEN
            RAISE EXCEPTION 'unknown movement "%"', p_movement_code USING ERRCODE = 'foreign_key_violation',
                HINT = 'list movements with: awards movement list';
        END IF;
    END IF;
    INSERT INTO awards.proposals (unit_id, addressee_unit_id, round, year, movement_id, title, definition_version, state, history_length)
    VALUES (v_unit, v_addressee, p_round, p_year, v_movement, normalize(btrim(p_title), NFC), v_definition.version,
            v_transition.to_state, 1)
    RETURNING id INTO v_id;
    INSERT INTO awards.proposal_history (proposal_id, seq, event, from_state, to_state, acting_role, definition_version)
    VALUES (v_id, 1, v_transition.event, NULL, v_transition.to_state, v_role, v_definition.version);
    RETURN v_id;
END
$$;

-- What is wrong with lines to be added to a proposal, every row at once: the importer shows them all
-- (translated by problem code), and awards.add_proposal_lines refuses while there is any. `p_lines` is
-- a JSON array of {row, kind, name, birth_date, gender, occupation, unit, award, from, to, note}. Kinds,
-- genders and occupations are closed sets the sheet reader checks and the nominations table constrains.
CREATE FUNCTION awards.proposal_line_problems(p_proposal bigint, p_lines jsonb)
    RETURNS TABLE ("row" integer, field text, problem text, detail text)
    LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = pg_catalog, awards, pg_temp AS $$
DECLARE
    v_person awards.people := awards.acting_person();
    v_proposal awards.proposals;
    v_today date := (now() AT TIME ZONE 'Asia/Ho_Chi_Minh')::date;
BEGIN
    SELECT * INTO v_proposal FROM awards.proposals WHERE id = p_proposal;
    IF NOT FOUND OR NOT awards.in_scope(v_person, v_proposal.unit_id) THEN
        RAISE EXCEPTION 'proposal % not found', p_proposal USING ERRCODE = 'no_data_found',
            HINT = 'list the proposals you may see with: awards proposal list';
    END IF;
    RETURN QUERY
    WITH given AS (
        SELECT l.*, u.id AS unit_id, a.code AS award_known, a.nominees,
               awards.nominee_key(l.kind, u.id, l.name, l.birth_date) AS nominee_key
        FROM jsonb_to_recordset(p_lines) AS l("row" integer, kind text, name text, birth_date date, gender text,
                                               occupation text, unit text, award text, "from" date, "to" date, note text)
        LEFT JOIN awards.units u ON u.code = l.unit
        LEFT JOIN awards.award_types a ON a.code = l.award
    ), problems AS (
        SELECT g."row", 'unit' AS field, 'unknown unit' AS problem, g.unit AS detail FROM given g WHERE g.unit_id IS NULL
        UNION ALL
        SELECT g."row", 'name', 'missing name', NULL FROM given g WHERE coalesce(btrim(g.name), '') = ''
        UNION ALL
        SELECT g."row", 'gender', 'a collective has no gender or date of birth', g.gender FROM given g
        WHERE g.kind = 'collective' AND (g.gender IS NOT NULL OR g.birth_date IS NOT NULL)
        UNION ALL
        SELECT g."row", 'period_to', 'achievement period missing or reversed', coalesce(g."from"::text, '') || '..' || coalesce(g."to"::text, '')
        FROM given g WHERE g."from" IS NULL OR g."to" IS NULL OR g."from" > g."to"
        UNION ALL
        SELECT g."row", 'unit', 'unit outside the proposal''s unit', g.unit FROM given g
        WHERE g.unit_id IS NOT NULL AND g.unit_id NOT IN (SELECT unit_id FROM awards.unit_subtree(v_proposal.unit_id))
        UNION ALL
        SELECT g."row", 'award', 'unknown award', g.award FROM given g
        WHERE g.award_known IS NULL OR NOT awards.award_in_force(g.award, v_today)
        UNION ALL
        SELECT g."row", 'award', 'award not for this kind of nominee', g.award || ' ' || g.kind FROM given g
        WHERE g.award_known IS NOT NULL AND NOT g.kind = ANY (g.nominees)
        UNION ALL
        SELECT g."row", 'name', 'nominee listed twice for the award', (SELECT min(o."row") FROM given o
            WHERE o.nominee_key = g.nominee_key AND o.award = g.award AND o."row" < g."row")::text
        FROM given g
        WHERE g.unit_id IS NOT NULL AND EXISTS (SELECT 1 FROM given o WHERE o.nominee_key = g.nominee_key AND o.award = g.award AND o."row" < g."row")
        UNION ALL
        SELECT g."row", 'name', 'nominee already in the proposal for the award', l.line_no::text FROM given g
        JOIN awards.proposal_lines l ON l.proposal_id = p_proposal AND l.left_at IS NULL
                                     AND l.nominee_key = g.nominee_key AND l.award_code = g.award
        UNION ALL
        SELECT g."row", 'period_from', 'achievement already rewarded', d.number FROM given g
        JOIN awards.decision_lines dl ON dl.nominee_key = g.nominee_key AND dl.granted_award = g.award AND NOT dl.revoked
             AND daterange(dl.achievement_from, dl.achievement_to, '[]') && daterange(g."from", g."to", '[]')
        JOIN awards.decisions d ON d.id = dl.decision_id
        UNION ALL
        SELECT g."row", 'period_from', 'achievement already proposed', p.number FROM given g
        JOIN awards.proposal_lines l ON l.proposal_id <> p_proposal AND l.left_at IS NULL
             AND l.nominee_key = g.nominee_key AND l.award_code = g.award
             AND daterange(l.achievement_from, l.achievement_to, '[]') && daterange(g."from", g."to", '[]')
        JOIN awards.proposals p ON p.id = l.proposal_id
        JOIN awards.nominations n ON n.id = l.nomination_id
        WHERE NOT EXISTS (SELECT 1 FROM awards.workflow_states s WHERE s.version = n.definition_version AND s.state = n.state AND s.terminal)
          AND NOT EXISTS (SELECT 1 FROM awards.decision_lines dl WHERE dl.nomination_id = n.id)
    )
    SELECT * FROM problems ORDER BY 1, 2, 3;
END
$$;

-- Adds lines to a proposal whose state lets its lines change: each row becomes a nomination (the
-- nomination workflow's creating event), which joins the proposal (join_proposal) with its award and
-- achievement period. Set-based: the rows of a sheet of 10,000 lines go in a few statements. Refused,
-- with nothing written, while awards.proposal_line_problems finds any problem.
CREATE FUNCTION awards.add_proposal_lines(p_proposal bigint, p_lines jsonb) RETURNS integer
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, awards, pg_temp AS $$
DECLARE
    v_person awards.people := awards.acting_person();
    v_today date := (now() AT TIME ZONE 'Asia/Ho_Chi_Minh')::date;
    v_proposal awards.proposals := awards.proposal_to_move(v_person, p_proposal);
    v_version text;
    v_create awards.workflow_transitions;
    v_join awards.workflow_transitions;
    v_role text;
    v_join_role text;
    v_problem record;
    v_problems integer;
    v_reference text;
    v_next integer;
    v_count integer;
BEGIN
    IF jsonb_typeof(p_lines) IS DISTINCT FROM 'array' THEN
        RAISE EXCEPTION 'lines must be a JSON array' USING ERRCODE = 'invalid_parameter_value';
    END IF;
    IF NOT (SELECT lines_open FROM awards.proposal_states WHERE version = v_proposal.definition_version AND state = v_proposal.state) THEN
        RAISE EXCEPTION 'proposal % is now %; lines change only while it is a draft or returned', p_proposal, v_proposal.state
            USING ERRCODE = 'AW002';
    END IF;
    IF NOT awards.in_scope(v_person, v_proposal.unit_id) THEN
        RAISE EXCEPTION '% may not make a proposal of unit %; it is outside their units', v_person.login_role,
            (SELECT code FROM awards.units WHERE id = v_proposal.unit_id) USING ERRCODE = 'insufficient_privilege';
    END IF;
    SELECT version INTO v_version FROM awards.workflow_definitions ORDER BY loaded_at DESC, version DESC LIMIT 1;
    SELECT * INTO v_create FROM awards.workflow_transitions WHERE version = v_version AND from_state IS NULL ORDER BY event LIMIT 1;
    SELECT * INTO v_join FROM awards.workflow_transitions
    WHERE version = v_version AND event = 'join_proposal' AND from_state = v_create.to_state;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'the nomination workflow % has no join_proposal from %', v_version, v_create.to_state
            USING ERRCODE = 'object_not_in_prerequisite_state';
    END IF;
    v_role := awards.acting_role(v_person, v_create.event, v_create.roles);
    v_join_role := awards.acting_role(v_person, v_join.event, v_join.roles);
    SELECT count(*) INTO v_problems FROM awards.proposal_line_problems(p_proposal, p_lines);
    IF v_problems > 0 THEN
        SELECT * INTO v_problem FROM awards.proposal_line_problems(p_proposal, p_lines) LIMIT 1;
        RAISE EXCEPTION 'row %: % (%); % problems in all, nothing was added', v_problem."row", v_problem.problem, v_problem.detail, v_problems
            USING ERRCODE = 'AW003', HINT = 'see every problem with: awards proposal import FILE --check';
    END IF;
    v_reference := coalesce(v_proposal.number, '#' || v_proposal.id);
    SELECT coalesce(max(line_no), 0) INTO v_next FROM awards.proposal_lines WHERE proposal_id = p_proposal;

    -- Creating and joining tell nobody; the trigger that looks for whom to tell need not look 20,000 times.
    PERFORM set_config('awards.moving_proposal_lines', 'on', true);
    -- One statement, no temporary table (a function running as the owner must not write into a table
    -- the caller may have made). Rows come back to their line by nominee and award, unique in the input.
    WITH input AS (
        SELECT l."row", l.kind, normalize(btrim(regexp_replace(l.name, '\s+', ' ', 'g')), NFC) AS name, l.birth_date,
               l.gender, l.occupation, u.id AS unit_id, l.award, l."from" AS achievement_from, l."to" AS achievement_to,
               nullif(btrim(normalize(l.note, NFC)), '') AS note,
               v_next + row_number() OVER (ORDER BY l."row") AS line_no
        FROM jsonb_to_recordset(p_lines) AS l("row" integer, kind text, name text, birth_date date, gender text,
                                              occupation text, unit text, award text, "from" date, "to" date, note text)
        JOIN awards.units u ON u.code = l.unit
    ), keyed AS (
        SELECT i.*, awards.nominee_key(i.kind, i.unit_id, i.name, i.birth_date) AS nominee_key,
               jsonb_build_object('proposal', v_reference, 'award_code', i.award,
                                  'achievement_from', i.achievement_from::text, 'achievement_to', i.achievement_to::text) AS joined
        FROM input i
    ), created AS (
        INSERT INTO awards.nominations (nominee_kind, nominee_name, occupation, gender, unit_id, movement_id, birth_date,
                                        definition_version, state, facts, proposed_award, history_length)
        SELECT k.kind, k.name, k.occupation, k.gender, k.unit_id, v_proposal.movement_id, k.birth_date, v_version,
               v_join.to_state, k.joined, k.award, 2
        FROM keyed k ORDER BY k.line_no
        RETURNING id, awards.nominee_key(nominee_kind, unit_id, nominee_name, birth_date) AS nominee_key, proposed_award
    ), matched AS (
        SELECT k.*, c.id AS nomination_id FROM keyed k JOIN created c ON c.nominee_key = k.nominee_key AND c.proposed_award = k.award
    ), history AS (
        INSERT INTO awards.nomination_history (nomination_id, seq, event, from_state, to_state, acting_role, note, fields, definition_version)
        SELECT m.nomination_id, s.seq, s.event, s.from_state, s.to_state, s.role, s.note, s.fields, v_version
        FROM matched m
        CROSS JOIN LATERAL (VALUES
            (1, v_create.event, NULL::text, v_create.to_state, v_role, NULL::text, '{}'::jsonb),
            (2, v_join.event, v_create.to_state, v_join.to_state, v_join_role, m.note,
             m.joined || CASE WHEN m.note IS NULL THEN '{}'::jsonb ELSE jsonb_build_object('note', m.note) END)
        ) AS s(seq, event, from_state, to_state, role, note, fields)
        ORDER BY m.nomination_id, s.seq
    )
    INSERT INTO awards.proposal_lines (proposal_id, line_no, nomination_id, nominee_key, award_code, achievement_from, achievement_to, sheet_row)
    SELECT p_proposal, m.line_no, m.nomination_id, m.nominee_key, m.award, m.achievement_from, m.achievement_to, m."row"
    FROM matched m;
    GET DIAGNOSTICS v_count = ROW_COUNT;
    PERFORM set_config('awards.moving_proposal_lines', 'off', true);
    RETURN v_count;
END
$$;

-- Moves a proposal by one event of its workflow, and every open line by the event's line event,
-- through awards.advance (each line's own checks and history), in this one transaction.
CREATE FUNCTION awards.advance_proposal(p_proposal bigint, p_event text, p_fields jsonb DEFAULT '{}', p_expected_state text DEFAULT NULL)
    RETURNS text
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, awards, pg_temp AS $$
DECLARE
    v_person awards.people := awards.acting_person();
    v_today date := (now() AT TIME ZONE 'Asia/Ho_Chi_Minh')::date;
    v_proposal awards.proposals := awards.proposal_to_move(v_person, p_proposal);
    v_transition awards.proposal_transitions;
    v_target awards.proposal_states;
    v_role text;
    v_fields jsonb;
    v_allowed text;
    v_line record;
    v_moved integer := 0;
    v_reference text;
BEGIN
    IF p_expected_state IS NOT NULL AND v_proposal.state <> p_expected_state THEN
        RAISE EXCEPTION 'this proposal is now %', v_proposal.state USING ERRCODE = 'AW001',
            DETAIL = format('expected state %s', p_expected_state);
    END IF;
    IF NOT EXISTS (SELECT 1 FROM awards.proposal_transitions WHERE version = v_proposal.definition_version AND event = p_event) THEN
        RAISE EXCEPTION 'unknown proposal event %; events: %', p_event,
            (SELECT string_agg(DISTINCT event, ', ') FROM awards.proposal_transitions WHERE version = v_proposal.definition_version)
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    SELECT * INTO v_transition FROM awards.proposal_transitions
    WHERE version = v_proposal.definition_version AND event = p_event AND from_state = v_proposal.state;
    IF NOT FOUND THEN
        SELECT string_agg(DISTINCT event, ', ') INTO v_allowed FROM awards.proposal_transitions
        WHERE version = v_proposal.definition_version AND from_state = v_proposal.state;
        RAISE EXCEPTION 'cannot %: this proposal is now %; from % you may: %', p_event, v_proposal.state, v_proposal.state,
            coalesce(v_allowed, 'nothing') USING ERRCODE = 'AW002';
    END IF;
    IF v_transition.accepted_event IS NOT NULL THEN
        RAISE EXCEPTION 'cannot %: a proposal is decided by signing its decision', p_event USING ERRCODE = 'AW002',
            HINT = 'sign it with: awards decision sign --proposal ID --number NUMBER --date DATE';
    END IF;
    v_role := awards.acting_role(v_person, p_event, v_transition.roles);
    -- Managers act for the unit the proposal goes to; everyone else for the unit that sends it.
    IF NOT awards.in_scope(v_person, CASE WHEN v_role = 'manager' THEN v_proposal.addressee_unit_id ELSE v_proposal.unit_id END) THEN
        RAISE EXCEPTION '% may not % proposal %: it is outside their units', v_person.login_role, p_event, p_proposal
            USING ERRCODE = 'insufficient_privilege';
    END IF;
    v_fields := awards.checked_fields(p_event, v_transition.fields, p_fields, 'individual', v_today);
    IF v_fields ? 'proposal_number' AND EXISTS (SELECT 1 FROM awards.proposals WHERE unit_id = v_proposal.unit_id
                                                AND number = v_fields->>'proposal_number' AND id <> p_proposal) THEN
        RAISE EXCEPTION 'proposal number % is already used by proposal %', v_fields->>'proposal_number',
            (SELECT id FROM awards.proposals WHERE unit_id = v_proposal.unit_id AND number = v_fields->>'proposal_number')
            USING ERRCODE = 'unique_violation';
    END IF;
    v_reference := coalesce(v_fields->>'proposal_number', v_proposal.number, '#' || v_proposal.id);
    SELECT * INTO v_target FROM awards.proposal_states WHERE version = v_proposal.definition_version AND state = v_transition.to_state;

    IF v_transition.line_event IS NOT NULL THEN
        -- The proposal's notice (below) tells for all its lines at once.
        PERFORM set_config('awards.moving_proposal_lines', 'on', true);
        FOR v_line IN
            SELECT l.line_no, n.id, n.proposed_award,
                   (SELECT t.fields FROM awards.workflow_transitions t
                    WHERE t.version = n.definition_version AND t.event = v_transition.line_event LIMIT 1) AS spec
            FROM awards.proposal_lines l JOIN awards.nominations n ON n.id = l.nomination_id
            WHERE l.proposal_id = p_proposal AND l.left_at IS NULL ORDER BY l.line_no
        LOOP
            -- A line event takes, by name, the move's fields, the line's award and the proposal's reference.
            PERFORM awards.advance(v_line.id, v_transition.line_event, (
                SELECT coalesce(jsonb_object_agg(f.key, f.value), '{}') FROM jsonb_each(
                    v_fields || jsonb_build_object('award_code', v_line.proposed_award, 'proposal', v_reference)) f
                WHERE f.key = 'note' OR f.key IN (SELECT s->>'name' FROM jsonb_array_elements(coalesce(v_line.spec, '[]')) s)));
            v_moved := v_moved + 1;
        END LOOP;
        PERFORM set_config('awards.moving_proposal_lines', 'off', true);
        IF v_moved = 0 AND NOT v_target.terminal THEN
            RAISE EXCEPTION 'cannot %: proposal % has no lines', p_event, p_proposal USING ERRCODE = 'AW002',
                HINT = 'add lines with: awards proposal import ID FILE, or awards proposal add';
        END IF;
    END IF;
    -- A proposal that ends otherwise than by a decision lets its lines go.
    IF v_target.terminal THEN
        UPDATE awards.proposal_lines SET left_at = now() WHERE proposal_id = p_proposal AND left_at IS NULL;
    END IF;
    UPDATE awards.proposals SET
        state = v_transition.to_state,
        number = coalesce(v_fields->>'proposal_number', number),
        proposal_date = coalesce((v_fields->>'proposal_date')::date, proposal_date),
        history_length = history_length + 1,
        state_entered_at = now()
    WHERE id = p_proposal;
    INSERT INTO awards.proposal_history (proposal_id, seq, event, from_state, to_state, acting_role, note, fields, lines_moved, definition_version)
    VALUES (p_proposal, v_proposal.history_length + 1, p_event, v_proposal.state, v_transition.to_state, v_role,
            v_fields->>'note', v_fields, v_moved, v_proposal.definition_version);
    RETURN v_transition.to_state;
END
$$;

-- Takes one line out of a proposal whose lines may change: the nomination leaves it (leave_proposal in
-- its history) and stays summarized, free for another proposal.
CREATE FUNCTION awards.remove_proposal_line(p_proposal bigint, p_line integer, p_reason text) RETURNS void
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, awards, pg_temp AS $$
DECLARE
    v_person awards.people := awards.acting_person();
    v_proposal awards.proposals := awards.proposal_to_move(v_person, p_proposal);
    v_line awards.proposal_lines;
BEGIN
    IF NOT (SELECT lines_open FROM awards.proposal_states WHERE version = v_proposal.definition_version AND state = v_proposal.state) THEN
        RAISE EXCEPTION 'proposal % is now %; lines change only while it is a draft or returned', p_proposal, v_proposal.state
            USING ERRCODE = 'AW002';
    END IF;
    SELECT * INTO v_line FROM awards.proposal_lines WHERE proposal_id = p_proposal AND line_no = p_line AND left_at IS NULL;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'proposal % has no line %', p_proposal, p_line USING ERRCODE = 'no_data_found',
            HINT = 'see its lines with: awards proposal show ID';
    END IF;
    PERFORM awards.advance(v_line.nomination_id, 'leave_proposal',
        jsonb_build_object('proposal', coalesce(v_proposal.number, '#' || v_proposal.id), 'reason', p_reason));
    UPDATE awards.proposal_lines SET left_at = now() WHERE proposal_id = p_proposal AND line_no = p_line;
END
$$;

-- A line as a decision decides it, with its money (NULL when left out, or when the catalogue has none).
CREATE TYPE awards.decided_line AS (
    proposal_id bigint, line_no integer, nomination_id bigint, nominee_kind text, nominee_name text, unit_id bigint,
    nominee_key text, proposed text, granted text, achievement_from date, achievement_to date, left_out boolean, reason text,
    dong bigint, multiple integer, base_salary integer, legal_basis text
);

-- The open lines of the proposals as a decision decides them: the award granted (the proposed one, or
-- the lower one a change names) or left out.
CREATE FUNCTION awards.decided_lines(p_proposals bigint[], p_changes jsonb)
    RETURNS TABLE (proposal_id bigint, line_no integer, nomination_id bigint, nominee_kind text, nominee_name text,
                   unit_id bigint, nominee_key text, proposed text, granted text, achievement_from date, achievement_to date,
                   left_out boolean, reason text)
    LANGUAGE sql STABLE SET search_path = pg_catalog, awards, pg_temp AS $$
    SELECT l.proposal_id, l.line_no, n.id, n.nominee_kind, n.nominee_name, n.unit_id, l.nominee_key, l.award_code,
           coalesce(nullif(btrim(c.award), ''), n.proposed_award), l.achievement_from, l.achievement_to,
           coalesce(c.leave_out, false), nullif(btrim(normalize(c.reason, NFC)), '')
    FROM awards.proposal_lines l
    JOIN awards.nominations n ON n.id = l.nomination_id
    LEFT JOIN jsonb_to_recordset(coalesce(p_changes, '[]')) AS c(proposal bigint, line integer, award text, leave_out boolean, reason text)
           ON c.proposal = l.proposal_id AND c.line = l.line_no
    WHERE l.proposal_id = ANY (p_proposals) AND l.left_at IS NULL
$$;
REVOKE ALL ON FUNCTION awards.decided_lines(bigint[], jsonb) FROM PUBLIC;

-- Signs one decision for the open lines of one or more proposals addressed to the signer's unit.
-- `p_changes` lists the lines decided otherwise than proposed: [{"proposal": 12, "line": 3, "award":
-- "LAO_DONG_TIEN_TIEN", "reason": "…"}] grants a lower award (hạ mức), [{"proposal": 12, "line": 5,
-- "leave_out": true, "reason": "…"}] leaves the line unrewarded. Every line within the signer's authority
-- on the decision date, or nothing: the refusal names every line beyond it. One transaction: the
-- decision and its lines with their money, every line's transitions and history, the proposals' moves.
CREATE FUNCTION awards.sign_decision(p_number text, p_date date, p_proposals bigint[], p_changes jsonb DEFAULT '[]',
                                     p_legal_bases text[] DEFAULT '{}') RETURNS bigint
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, awards, pg_temp AS $$
DECLARE
    v_person awards.people := awards.acting_person();
    v_today date := (now() AT TIME ZONE 'Asia/Ho_Chi_Minh')::date;
    v_fields jsonb;
    v_id bigint;
    v_proposal awards.proposals;
    v_transition awards.proposal_transitions;
    v_transitions jsonb := '{}';
    v_role text;
    v_level text;
    v_refused text;
    v_line awards.decided_line;
    v_decision bigint;
    v_line_no integer := 0;
    v_total bigint := 0;
    v_bases text[];
    v_catalogue text := (SELECT version FROM awards.catalogue_versions WHERE in_force);
    v_decided awards.decided_line[];
    v_grantable text[];
BEGIN
    IF p_proposals IS NULL OR cardinality(p_proposals) = 0 THEN
        RAISE EXCEPTION 'a decision decides at least one proposal' USING ERRCODE = 'invalid_parameter_value';
    END IF;
    IF jsonb_typeof(coalesce(p_changes, '[]')) <> 'array' THEN
        RAISE EXCEPTION 'changes must be a JSON array' USING ERRCODE = 'invalid_parameter_value';
    END IF;
    v_fields := awards.checked_fields('sign', '[{"name": "decision_number", "type": "decision_number", "required": true},
                                                {"name": "decision_date", "type": "date", "required": true}]',
                                      jsonb_build_object('decision_number', p_number, 'decision_date', p_date::text), 'individual', v_today);
    -- Locked in one order, so two signers of overlapping sets wait for each other instead of deadlocking.
    FOR v_id IN SELECT DISTINCT x FROM unnest(p_proposals) x ORDER BY x LOOP
        v_proposal := awards.proposal_to_move(v_person, v_id);
        SELECT * INTO v_transition FROM awards.proposal_transitions
        WHERE version = v_proposal.definition_version AND from_state = v_proposal.state AND accepted_event IS NOT NULL;
        IF NOT FOUND THEN
            RAISE EXCEPTION 'cannot sign a decision on proposal %: it is now %', v_id, v_proposal.state USING ERRCODE = 'AW002';
        END IF;
        v_role := awards.acting_role(v_person, v_transition.event, v_transition.roles);
        IF v_proposal.addressee_unit_id <> v_person.unit_id THEN
            RAISE EXCEPTION '% may not decide proposal %: it is addressed to unit %', v_person.login_role, v_id,
                (SELECT code FROM awards.units WHERE id = v_proposal.addressee_unit_id) USING ERRCODE = 'insufficient_privilege';
        END IF;
        v_transitions := v_transitions || jsonb_build_object(v_id::text, to_jsonb(v_transition));
    END LOOP;
    IF EXISTS (SELECT 1 FROM awards.decisions WHERE issuing_unit_id = v_person.unit_id AND year = extract(year FROM p_date)
               AND number = v_fields->>'decision_number') THEN
        RAISE EXCEPTION 'decision number % is already in the register of % for %', v_fields->>'decision_number',
            (SELECT code FROM awards.units WHERE id = v_person.unit_id), extract(year FROM p_date) USING ERRCODE = 'unique_violation';
    END IF;
    IF EXISTS (SELECT 1 FROM jsonb_to_recordset(coalesce(p_changes, '[]')) c(proposal bigint, line integer)
               WHERE c.proposal IS NULL OR NOT c.proposal = ANY (p_proposals) OR NOT EXISTS (
                   SELECT 1 FROM awards.proposal_lines l WHERE l.proposal_id = c.proposal AND l.line_no = c.line AND l.left_at IS NULL)) THEN
        RAISE EXCEPTION 'a change names a line that is not an open line of the proposals decided: %',
            (SELECT string_agg(coalesce(c.proposal::text, '?') || '/' || coalesce(c.line::text, '?'), ', ')
             FROM jsonb_to_recordset(coalesce(p_changes, '[]')) c(proposal bigint, line integer)
             WHERE c.proposal IS NULL OR NOT c.proposal = ANY (p_proposals) OR NOT EXISTS (
                 SELECT 1 FROM awards.proposal_lines l WHERE l.proposal_id = c.proposal AND l.line_no = c.line AND l.left_at IS NULL))
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    v_level := awards.authority_on(v_person.id, p_date);

    -- Every line as decided, with its money, computed once: the money once per award and kind.
    WITH d AS (
        SELECT * FROM awards.decided_lines(p_proposals, p_changes)
    ), pays AS (
        SELECT k.granted, k.nominee_kind, m.dong, m.multiple, m.base_salary, m.legal_basis
        FROM (SELECT DISTINCT granted, nominee_kind FROM d WHERE NOT left_out) k
        CROSS JOIN LATERAL awards.reward_money(k.granted, k.nominee_kind, p_date) m
    )
    SELECT ARRAY(SELECT ROW(d.*, p.dong, p.multiple, p.base_salary, p.legal_basis)::awards.decided_line
                 FROM d LEFT JOIN pays p ON NOT d.left_out AND p.granted = d.granted AND p.nominee_kind = d.nominee_kind
                 ORDER BY d.proposal_id, d.line_no)
    INTO v_decided;
    v_grantable := ARRAY(SELECT a.granted FROM (SELECT DISTINCT granted FROM unnest(v_decided) WHERE NOT left_out) a
                         WHERE v_level IS NOT NULL AND awards.award_in_force(a.granted, p_date)
                           AND EXISTS (SELECT 1 FROM awards.granting_levels(a.granted, p_date) g WHERE g.code = v_level));

    SELECT string_agg(format('%s/%s %s: %s (granted by: %s)', d.proposal_id, d.line_no, d.nominee_name, d.granted,
                             coalesce((SELECT string_agg(g.code, ', ') FROM awards.granting_levels(d.granted, p_date) g), 'nobody')),
                      '; ' ORDER BY d.proposal_id, d.line_no)
    INTO v_refused
    FROM unnest(v_decided) d
    WHERE NOT d.left_out AND NOT d.granted = ANY (v_grantable);
    IF v_refused IS NOT NULL THEN
        RAISE EXCEPTION 'authority % does not grant these lines on %; forward them or leave them out: %', coalesce(v_level, 'none'),
            to_char(p_date, 'DD/MM/YYYY'), v_refused USING ERRCODE = 'insufficient_privilege';
    END IF;
    SELECT string_agg(format('%s/%s %s: %s', d.proposal_id, d.line_no, d.nominee_name, d.granted), '; ' ORDER BY d.proposal_id, d.line_no)
    INTO v_refused
    FROM unnest(v_decided) d
    WHERE NOT d.left_out AND d.dong IS NULL;
    IF v_refused IS NOT NULL THEN
        RAISE EXCEPTION 'the catalogue gives no reward money on % for: %', to_char(p_date, 'DD/MM/YYYY'), v_refused
            USING ERRCODE = 'AW002', HINT = 'add the multiple or the base salary to config/awards.yaml from the legal text';
    END IF;
    SELECT string_agg(format('%s/%s %s: %s (%s)', d.proposal_id, d.line_no, d.nominee_name, d.granted, dd.number), '; '
                      ORDER BY d.proposal_id, d.line_no)
    INTO v_refused
    FROM unnest(v_decided) d
    JOIN awards.decision_lines dl ON dl.nominee_key = d.nominee_key AND dl.granted_award = d.granted AND NOT dl.revoked
         AND daterange(dl.achievement_from, dl.achievement_to, '[]') && daterange(d.achievement_from, d.achievement_to, '[]')
    JOIN awards.decisions dd ON dd.id = dl.decision_id
    WHERE NOT d.left_out;
    IF v_refused IS NOT NULL THEN
        RAISE EXCEPTION 'these achievements are already rewarded: %', v_refused USING ERRCODE = 'AW002';
    END IF;
    IF NOT EXISTS (SELECT 1 FROM unnest(v_decided) d WHERE NOT d.left_out) THEN
        RAISE EXCEPTION 'the decision rewards no line' USING ERRCODE = 'invalid_parameter_value';
    END IF;

    SELECT count(*), sum(d.dong), array_agg(DISTINCT d.legal_basis) INTO v_line_no, v_total, v_bases
    FROM unnest(v_decided) d WHERE NOT d.left_out;
    SELECT array_agg(DISTINCT b ORDER BY b) INTO v_bases
    FROM unnest(coalesce(p_legal_bases, '{}') || v_bases) AS b WHERE btrim(b) <> '';
    INSERT INTO awards.decisions (issuing_unit_id, number, decision_date, year, signer_id, authority_level, legal_bases,
                                  catalogue_version, line_count, total_dong)
    VALUES (v_person.unit_id, v_fields->>'decision_number', p_date, extract(year FROM p_date), v_person.id, v_level,
            v_bases, v_catalogue, v_line_no, v_total)
    RETURNING id INTO v_decision;
    v_line_no := 0;
    PERFORM set_config('awards.moving_proposal_lines', 'on', true);
    INSERT INTO awards.decision_proposals (decision_id, proposal_id) SELECT DISTINCT v_decision, x FROM unnest(p_proposals) x;

    FOREACH v_line IN ARRAY v_decided LOOP
        v_transition := jsonb_populate_record(NULL::awards.proposal_transitions, v_transitions->(v_line.proposal_id::text));
        IF v_line.left_out THEN
            PERFORM awards.advance(v_line.nomination_id, v_transition.others_event, jsonb_build_object('reason',
                coalesce(v_line.reason, format('Không được khen thưởng tại Quyết định số %s', v_fields->>'decision_number'))));
            CONTINUE;
        END IF;
        IF v_line.granted <> v_line.proposed THEN
            PERFORM awards.advance(v_line.nomination_id, 'downgrade', jsonb_build_object('award_code', v_line.granted, 'reason',
                coalesce(v_line.reason, format('Hạ mức khen tại Quyết định số %s', v_fields->>'decision_number'))));
        END IF;
        PERFORM awards.advance(v_line.nomination_id, v_transition.accepted_event, v_fields);
    END LOOP;

    PERFORM set_config('awards.moving_proposal_lines', 'off', true);
    INSERT INTO awards.decision_lines (decision_id, line_no, nomination_id, proposal_id, proposal_line_no, issuing_unit_id, nominee_kind,
                                       nominee_name, unit_id, nominee_key, proposed_award, granted_award, achievement_from,
                                       achievement_to, reward_multiple, base_salary, money_dong, legal_basis)
    SELECT v_decision, row_number() OVER (ORDER BY d.proposal_id, d.line_no), d.nomination_id, d.proposal_id, d.line_no, v_person.unit_id,
           d.nominee_kind, d.nominee_name, d.unit_id, d.nominee_key, d.proposed, d.granted, d.achievement_from, d.achievement_to,
           d.multiple, d.base_salary, d.dong, d.legal_basis
    FROM unnest(v_decided) d WHERE NOT d.left_out;
    FOR v_id IN SELECT DISTINCT x FROM unnest(p_proposals) x ORDER BY x LOOP
        v_transition := jsonb_populate_record(NULL::awards.proposal_transitions, v_transitions->(v_id::text));
        SELECT * INTO v_proposal FROM awards.proposals WHERE id = v_id;
        UPDATE awards.proposals SET state = v_transition.to_state, history_length = history_length + 1, state_entered_at = now()
        WHERE id = v_id;
        INSERT INTO awards.proposal_history (proposal_id, seq, event, from_state, to_state, acting_role, fields, lines_moved, definition_version)
        VALUES (v_id, v_proposal.history_length + 1, v_transition.event, v_proposal.state, v_transition.to_state, v_role,
                v_fields || jsonb_build_object('decision', v_decision),
                (SELECT count(*) FROM awards.proposal_lines WHERE proposal_id = v_id AND left_at IS NULL), v_proposal.definition_version);
    END LOOP;
    RETURN v_decision;
END
$$;

-- Thu hồi: a manager of the unit that issued the decision annuls one of its lines, with the reason, the
-- revoking decision and the money to recover (at most what was paid). The line stays, marked revoked;
-- its achievement may be rewarded again only after that.
CREATE FUNCTION awards.revoke_decision_line(p_decision bigint, p_line integer, p_reason text, p_recover_dong bigint,
                                            p_revoking_number text, p_revoking_date date) RETURNS void
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, awards, pg_temp AS $$
DECLARE
    v_person awards.people := awards.acting_person();
    v_today date := (now() AT TIME ZONE 'Asia/Ho_Chi_Minh')::date;
    v_decision awards.decisions;
    v_line awards.decision_lines;
    v_fields jsonb;
BEGIN
    SELECT * INTO v_decision FROM awards.decisions WHERE id = p_decision;
    IF NOT FOUND OR NOT awards.in_scope(v_person, v_decision.issuing_unit_id) THEN
        RAISE EXCEPTION 'decision % not found', p_decision USING ERRCODE = 'no_data_found',
            HINT = 'list decisions with: awards decision list';
    END IF;
    PERFORM awards.acting_role(v_person, 'revoke', ARRAY['manager']);
    IF v_person.unit_id <> v_decision.issuing_unit_id THEN
        RAISE EXCEPTION '% may not revoke decision %: it was issued by unit %', v_person.login_role, v_decision.number,
            (SELECT code FROM awards.units WHERE id = v_decision.issuing_unit_id) USING ERRCODE = 'insufficient_privilege';
    END IF;
    SELECT * INTO v_line FROM awards.decision_lines WHERE decision_id = p_decision AND line_no = p_line FOR UPDATE;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'decision % has no line %', v_decision.number, p_line USING ERRCODE = 'no_data_found',
            HINT = 'see its lines with: awards decision show ID';
    END IF;
    IF v_line.revoked THEN
        RAISE EXCEPTION 'line % of decision % is already revoked', p_line, v_decision.number USING ERRCODE = 'AW002';
    END IF;
    v_fields := awards.checked_fields('revoke', '[{"name": "reason", "type": "text", "required": true},
                                                  {"name": "decision_number", "type": "decision_number", "required": true},
                                                  {"name": "decision_date", "type": "date", "required": true}]',
                                      jsonb_build_object('reason', p_reason, 'decision_number', p_revoking_number,
                                                         'decision_date', p_revoking_date::text), 'individual', v_today);
    IF p_revoking_date < v_decision.decision_date OR p_revoking_date > v_today THEN
        RAISE EXCEPTION 'a revocation dated % must fall between the decision (%) and today', to_char(p_revoking_date, 'DD/MM/YYYY'),
            to_char(v_decision.decision_date, 'DD/MM/YYYY') USING ERRCODE = 'invalid_parameter_value';
    END IF;
    IF p_recover_dong IS NULL OR p_recover_dong < 0 OR p_recover_dong > v_line.money_dong THEN
        RAISE EXCEPTION 'the money to recover must be between 0 and the % đồng the line paid', v_line.money_dong
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    UPDATE awards.decision_lines SET revoked = true WHERE decision_id = p_decision AND line_no = p_line;
    INSERT INTO awards.revocations (decision_id, line_no, reason, recover_dong, revoking_number, revoking_date)
    VALUES (p_decision, p_line, v_fields->>'reason', p_recover_dong, v_fields->>'decision_number', p_revoking_date);
END
$$;

REVOKE ALL ON FUNCTION awards.create_proposal(text, text, text, integer, text, text), awards.proposal_line_problems(bigint, jsonb),
    awards.add_proposal_lines(bigint, jsonb), awards.advance_proposal(bigint, text, jsonb, text),
    awards.remove_proposal_line(bigint, integer, text), awards.sign_decision(text, date, bigint[], jsonb, text[]),
    awards.revoke_decision_line(bigint, integer, text, bigint, text, date) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION awards.create_proposal(text, text, text, integer, text, text), awards.proposal_line_problems(bigint, jsonb),
    awards.add_proposal_lines(bigint, jsonb), awards.advance_proposal(bigint, text, jsonb, text),
    awards.remove_proposal_line(bigint, integer, text)
    TO awards_officer, awards_manager, awards_standing_agency, awards_admin;
GRANT EXECUTE ON FUNCTION awards.sign_decision(text, date, bigint[], jsonb, text[]),
    awards.revoke_decision_line(bigint, integer, text, bigint, text, date) TO awards_manager;

-- awards.advance knows the guard of hạ mức khen (award_not_above_proposed), as the pure core does; a step
-- that stays in its state (downgrade, amend) neither restarts the state's clock nor counts as bringing
-- the nomination there, so the manager who lowers an award may still approve it.
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
    v_lower integer;
    v_higher integer;
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
            -- A step that stays in the state (a manager's downgrade, an officer's amendment) does not
            -- bring it there.
            IF EXISTS (SELECT 1 FROM awards.nomination_history h
                       WHERE h.nomination_id = p_nomination AND h.session_role = session_user
                         AND (h.seq = 1 OR h.seq = (SELECT max(e.seq) FROM awards.nomination_history e
                                                    WHERE e.nomination_id = p_nomination AND e.from_state IS DISTINCT FROM e.to_state))) THEN
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
        ELSIF v_guard = 'award_not_above_proposed' THEN
            -- checked_fields made award_code a known award that fits the nominee.
            IF v_nomination.proposed_award IS NULL THEN
                RAISE EXCEPTION 'cannot %: the nomination has no proposed award', p_event USING ERRCODE = 'AW002';
            END IF;
            IF v_fields->>'award_code' = v_nomination.proposed_award THEN
                RAISE EXCEPTION 'cannot %: % is already the proposed award', p_event, v_nomination.proposed_award USING ERRCODE = 'AW002';
            END IF;
            v_lower := awards.reward_multiple(v_fields->>'award_code', v_nomination.nominee_kind, v_today);
            v_higher := awards.reward_multiple(v_nomination.proposed_award, v_nomination.nominee_kind, v_today);
            IF v_lower IS NULL OR v_higher IS NULL THEN
                RAISE EXCEPTION 'cannot %: no reward multiple of % or % on % to compare the two awards', p_event,
                    v_nomination.proposed_award, v_fields->>'award_code', to_char(v_today, 'DD/MM/YYYY') USING ERRCODE = 'AW002';
            END IF;
            IF v_lower > v_higher THEN
                RAISE EXCEPTION 'cannot %: % (multiple %) is above the proposed % (multiple %); an award may only be lowered', p_event,
                    v_fields->>'award_code', trim_scale(v_lower / 10000.0), v_nomination.proposed_award, trim_scale(v_higher / 10000.0)
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
        state_entered_at = CASE WHEN v_transition.to_state = v_nomination.state THEN state_entered_at ELSE now() END
    WHERE id = p_nomination;
    INSERT INTO awards.nomination_history (nomination_id, seq, event, from_state, to_state, acting_role, note, fields, definition_version)
    VALUES (p_nomination, v_nomination.history_length + 1, p_event, v_nomination.state, v_transition.to_state, v_role,
            v_fields->>'note', v_fields, v_nomination.definition_version);
    RETURN v_transition.to_state;
END
$$;

-- The workflow's `notify:` lists (issue 13, item 6). A transition that names roles to tell writes one
-- notice per person in the same transaction as the transition (nothing if it rolls back); awardsd turns
-- each notice into one message of the outbox, once (the message key is the notice's), and delivers it
-- like a reminder. Whom: the holders of the role in the nomination's unit or the nearest unit above that
-- has any (for a proposal: its unit for officers, the unit it goes to for managers), every holder for the
-- standing agency; never the person who acted. A proposal's move tells once for all its lines.
ALTER TABLE awards.workflow_transitions ADD COLUMN notify text[] NOT NULL DEFAULT '{}', ADD COLUMN label text;
ALTER TABLE awards.proposal_transitions ADD COLUMN notify text[] NOT NULL DEFAULT '{}', ADD COLUMN label text;

CREATE TABLE awards.notices (
    id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    nomination_id   bigint REFERENCES awards.nominations (id),
    proposal_id     bigint REFERENCES awards.proposals (id),
    seq             integer NOT NULL,
    event           text NOT NULL,
    event_label     text,
    from_state      text,
    from_label      text,
    to_state        text NOT NULL,
    to_label        text,
    subject_name    text NOT NULL,
    unit_name       text NOT NULL,
    actor_login     name NOT NULL,
    actor_name      text NOT NULL,
    recipient_id    bigint NOT NULL REFERENCES awards.people (id),
    recipient_email text NOT NULL,
    recipient_name  text NOT NULL,
    role            text NOT NULL,
    lines           integer,
    created_at      timestamptz NOT NULL DEFAULT now(),
    outbox_id       bigint REFERENCES awards.outbox (id),
    CHECK ((nomination_id IS NULL) <> (proposal_id IS NULL)),
    UNIQUE NULLS NOT DISTINCT (nomination_id, proposal_id, seq, recipient_id)
);
CREATE INDEX notices_to_queue ON awards.notices (id) WHERE outbox_id IS NULL;
ALTER TABLE awards.notices ENABLE ROW LEVEL SECURITY;
REVOKE ALL ON awards.notices FROM PUBLIC;
GRANT SELECT, UPDATE (outbox_id) ON awards.notices TO awards_daemon;
CREATE POLICY notices_for_the_daemon ON awards.notices FOR ALL TO awards_daemon USING (true) WITH CHECK (outbox_id IS NOT NULL);

-- The people to tell in `p_role` about something of unit `p_unit`.
CREATE FUNCTION awards.people_to_notify(p_role text, p_unit bigint) RETURNS SETOF awards.people
    LANGUAGE sql STABLE SET search_path = pg_catalog, awards, pg_temp AS $$
    WITH RECURSIVE up(id, parent_id, depth) AS (
        SELECT id, parent_id, 0 FROM awards.units WHERE id = p_unit
        UNION ALL
        SELECT u.id, u.parent_id, up.depth + 1 FROM awards.units u JOIN up ON u.id = up.parent_id
    ), holders AS (
        SELECT p, up.depth FROM awards.people p
        LEFT JOIN up ON up.id = p.unit_id
        WHERE p_role = ANY (p.roles) AND p.deactivated_at IS NULL AND p.login_role <> session_user
          AND (p_role = 'standing_agency' OR up.id IS NOT NULL)
          AND EXISTS (SELECT 1 FROM pg_roles r WHERE r.rolname = p.login_role AND pg_has_role(r.oid, 'awards_' || p_role, 'MEMBER'))
    )
    SELECT (h.p).* FROM holders h
    WHERE p_role = 'standing_agency' OR h.depth = (SELECT min(depth) FROM holders)
$$;
REVOKE ALL ON FUNCTION awards.people_to_notify(text, bigint) FROM PUBLIC;

CREATE FUNCTION awards.notify_nomination_step() RETURNS trigger
    LANGUAGE plpgsql SET search_path = pg_catalog, awards, pg_temp AS $$
DECLARE
    v_transition awards.workflow_transitions;
    v_nomination awards.nominations;
    v_role text;
BEGIN
    -- The lines of a proposal moving together: the proposal's own notice tells once.
    IF coalesce(current_setting('awards.moving_proposal_lines', true), '') = 'on' THEN
        RETURN NULL;
    END IF;
    SELECT * INTO v_transition FROM awards.workflow_transitions
    WHERE version = NEW.definition_version AND event = NEW.event AND from_state IS NOT DISTINCT FROM NEW.from_state
      AND to_state = NEW.to_state LIMIT 1;
    IF NOT FOUND OR cardinality(v_transition.notify) = 0 THEN
        RETURN NULL;
    END IF;
    SELECT * INTO v_nomination FROM awards.nominations WHERE id = NEW.nomination_id;
    FOREACH v_role IN ARRAY v_transition.notify LOOP
        INSERT INTO awards.notices (nomination_id, seq, event, event_label, from_state, from_label, to_state, to_label,
                                    subject_name, unit_name, actor_login, actor_name, recipient_id, recipient_email,
                                    recipient_name, role)
        SELECT NEW.nomination_id, NEW.seq, NEW.event, v_transition.label, NEW.from_state,
               (SELECT label FROM awards.workflow_states WHERE version = NEW.definition_version AND state = NEW.from_state),
               NEW.to_state, (SELECT label FROM awards.workflow_states WHERE version = NEW.definition_version AND state = NEW.to_state),
               v_nomination.nominee_name, (SELECT name FROM awards.units WHERE id = v_nomination.unit_id), NEW.session_role,
               coalesce((SELECT full_name FROM awards.people WHERE login_role = NEW.session_role), NEW.session_role),
               p.id, p.email, p.full_name, v_role
        FROM awards.people_to_notify(v_role, v_nomination.unit_id) p
        ON CONFLICT DO NOTHING;
    END LOOP;
    RETURN NULL;
END
$$;
REVOKE ALL ON FUNCTION awards.notify_nomination_step() FROM PUBLIC;
CREATE TRIGGER nomination_history_notices AFTER INSERT ON awards.nomination_history
    FOR EACH ROW EXECUTE FUNCTION awards.notify_nomination_step();

CREATE FUNCTION awards.notify_proposal_step() RETURNS trigger
    LANGUAGE plpgsql SET search_path = pg_catalog, awards, pg_temp AS $$
DECLARE
    v_transition awards.proposal_transitions;
    v_proposal awards.proposals;
    v_role text;
BEGIN
    SELECT * INTO v_transition FROM awards.proposal_transitions
    WHERE version = NEW.definition_version AND event = NEW.event AND from_state IS NOT DISTINCT FROM NEW.from_state LIMIT 1;
    IF NOT FOUND OR cardinality(v_transition.notify) = 0 THEN
        RETURN NULL;
    END IF;
    SELECT * INTO v_proposal FROM awards.proposals WHERE id = NEW.proposal_id;
    FOREACH v_role IN ARRAY v_transition.notify LOOP
        INSERT INTO awards.notices (proposal_id, seq, event, event_label, from_state, from_label, to_state, to_label,
                                    subject_name, unit_name, actor_login, actor_name, recipient_id, recipient_email,
                                    recipient_name, role, lines)
        SELECT NEW.proposal_id, NEW.seq, NEW.event, v_transition.label, NEW.from_state,
               (SELECT label FROM awards.proposal_states WHERE version = NEW.definition_version AND state = NEW.from_state),
               NEW.to_state, (SELECT label FROM awards.proposal_states WHERE version = NEW.definition_version AND state = NEW.to_state),
               coalesce(v_proposal.number || ' — ', '') || v_proposal.title, (SELECT name FROM awards.units WHERE id = v_proposal.unit_id),
               NEW.session_role, coalesce((SELECT full_name FROM awards.people WHERE login_role = NEW.session_role), NEW.session_role),
               p.id, p.email, p.full_name, v_role, NEW.lines_moved
        FROM awards.people_to_notify(v_role, CASE WHEN v_role = 'manager' THEN v_proposal.addressee_unit_id ELSE v_proposal.unit_id END) p
        ON CONFLICT DO NOTHING;
    END LOOP;
    RETURN NULL;
END
$$;
REVOKE ALL ON FUNCTION awards.notify_proposal_step() FROM PUBLIC;
CREATE TRIGGER proposal_history_notices AFTER INSERT ON awards.proposal_history
    FOR EACH ROW EXECUTE FUNCTION awards.notify_proposal_step();
-- A notice wakes the daemons, as a deadline does (delivered at commit).
CREATE TRIGGER notices_notify AFTER INSERT ON awards.notices
    FOR EACH STATEMENT EXECUTE FUNCTION awards.notify_deadlines();
