-- Nominees with an identity across years, their award history and the facts eligibility is judged
-- from (issue 15, items 1–3).
--
-- A nominee is a person or a collective that is proposed, not a user of the system. It belongs to one
-- unit at a time (`nominee_units`); each span carries the identity key the lines of that unit use
-- (awards.nominee_key: kind, unit, name, date of birth), so every line and decision line, past or
-- future, finds its nominee by that key without a column of its own. A line whose key is new registers
-- its nominee in the same statement. The history is every decided award: the decisions made here
-- (decision_lines) and those of past years imported from a sheet (`past_awards`), revocations included.
-- Beside it: the annual performance rating (xếp loại), initiatives and research recognised and at what
-- scope, and the blocks (discipline being considered, inspection, investigation, complaint being
-- verified). The rules that judge them are dated data of the catalogue (`eligibility:`), evaluated here
-- by awards.eligibility and nowhere else. Personal data is visible only within the unit scope.

CREATE TABLE awards.nominees (
    id                  bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    kind                text NOT NULL CHECK (kind IN ('individual', 'collective')),
    full_name           awards.display_name NOT NULL,
    search_key          text GENERATED ALWAYS AS (awards.search_key(full_name)) STORED,
    birth_date          date CHECK (birth_date > '1900-01-01'),
    gender              text CHECK (gender IN ('female', 'male')),
    -- Recorded where the unit records it (dân tộc).
    ethnicity           text CHECK (ethnicity ~ '^\S(.*\S)?$' AND length(ethnicity) <= 60 AND ethnicity !~ '[[:cntrl:]]'),
    -- For the directive's share of awards to workers, farmers and direct labourers.
    occupation          text NOT NULL DEFAULT 'other' CHECK (occupation IN ('worker', 'farmer', 'direct_labourer', 'civil_servant',
                                                                            'manager', 'scientist', 'enterprise', 'other')),
    created_by          name NOT NULL DEFAULT session_user,
    created_at          timestamptz NOT NULL DEFAULT now(),
    CHECK (kind = 'individual' OR (birth_date IS NULL AND gender IS NULL AND ethnicity IS NULL))
);
CREATE INDEX nominees_search ON awards.nominees USING gin (search_key awards.gin_trgm_ops);

-- The unit a nominee belongs to, from a day to a day; one span at a time.
CREATE TABLE awards.nominee_units (
    nominee_id          bigint NOT NULL REFERENCES awards.nominees (id),
    unit_id             bigint NOT NULL REFERENCES awards.units (id),
    valid_from          date NOT NULL,
    valid_to            date,
    -- awards.nominee_key of the nominee in this unit: what its lines there carry.
    nominee_key         text NOT NULL,
    PRIMARY KEY (nominee_id, valid_from),
    CHECK (valid_to IS NULL OR valid_to >= valid_from),
    CONSTRAINT nominee_units_one_at_a_time EXCLUDE USING gist (nominee_id WITH =, daterange(valid_from, valid_to, '[]') WITH &&),
    -- A key names one nominee.
    CONSTRAINT nominee_units_key_names_one_nominee EXCLUDE USING gist (nominee_key WITH =, nominee_id WITH <>)
);
CREATE INDEX nominee_units_key ON awards.nominee_units (nominee_key);
CREATE INDEX nominee_units_unit ON awards.nominee_units (unit_id);

-- A collective's size in a year: what its shares of members are counted against.
CREATE TABLE awards.collective_sizes (
    nominee_id          bigint NOT NULL REFERENCES awards.nominees (id),
    year                integer NOT NULL CHECK (year BETWEEN 1945 AND 2100),
    members             integer NOT NULL CHECK (members BETWEEN 1 AND 1000000),
    recorded_by         name NOT NULL DEFAULT session_user,
    recorded_at         timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (nominee_id, year)
);

-- Awards of past years, imported from a sheet with their decisions.
CREATE TABLE awards.past_awards (
    id                  bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    nominee_id          bigint NOT NULL REFERENCES awards.nominees (id),
    award_code          text NOT NULL REFERENCES awards.award_types (code),
    -- The year of the achievement (the emulation year the title is for).
    year                integer NOT NULL CHECK (year BETWEEN 1945 AND 2100),
    decision_number     text NOT NULL CHECK (decision_number ~ '^\S(.*\S)?$' AND length(decision_number) <= 60),
    decision_date       date NOT NULL,
    issuer              text NOT NULL CHECK (issuer ~ '^\S(.*\S)?$' AND length(issuer) <= 300 AND issuer !~ '[[:cntrl:]]'),
    revoked_number      text CHECK (revoked_number ~ '^\S(.*\S)?$' AND length(revoked_number) <= 60),
    revoked_date        date,
    sheet_row           integer,
    recorded_by         name NOT NULL DEFAULT session_user,
    recorded_at         timestamptz NOT NULL DEFAULT now(),
    CHECK (decision_date >= make_date(year, 1, 1)),
    CHECK ((revoked_number IS NULL) = (revoked_date IS NULL) AND (revoked_date IS NULL OR revoked_date >= decision_date)),
    CONSTRAINT past_awards_one_decision_once UNIQUE (nominee_id, award_code, decision_number)
);
CREATE INDEX past_awards_nominee ON awards.past_awards (nominee_id, award_code, year);

-- The annual performance rating; a later rating of the same year corrects the earlier, both kept.
CREATE TABLE awards.performance_ratings (
    nominee_id          bigint NOT NULL REFERENCES awards.nominees (id),
    year                integer NOT NULL CHECK (year BETWEEN 1945 AND 2100),
    seq                 integer NOT NULL CHECK (seq >= 1),
    rating              text NOT NULL CHECK (rating IN ('excellent', 'good', 'completed', 'not_completed')),
    recorded_by         name NOT NULL DEFAULT session_user,
    recorded_at         timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (nominee_id, year, seq)
);

-- Initiatives (sáng kiến) and research recognised, by whom, at what scope and when.
CREATE TABLE awards.initiatives (
    id                  bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    nominee_id          bigint NOT NULL REFERENCES awards.nominees (id),
    kind                text NOT NULL CHECK (kind IN ('initiative', 'research')),
    title               text NOT NULL CHECK (title ~ '\S' AND length(title) <= 500 AND title !~ '[[:cntrl:]]'),
    -- Where its effect is recognised: the unit (cơ sở), the ministry or province, the nation.
    scope               text NOT NULL CHECK (scope IN ('grassroots', 'province', 'national')),
    recognised_by       text NOT NULL CHECK (recognised_by ~ '\S' AND length(recognised_by) <= 300 AND recognised_by !~ '[[:cntrl:]]'),
    document            text NOT NULL CHECK (document ~ '^\S(.*\S)?$' AND length(document) <= 60),
    recognised_on       date NOT NULL,
    recorded_by         name NOT NULL DEFAULT session_user,
    recorded_at         timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX initiatives_nominee ON awards.initiatives (nominee_id);

-- What keeps a nominee from being proposed while it lasts; ended once, on the day it ends.
CREATE TABLE awards.nominee_blocks (
    id                  bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    nominee_id          bigint NOT NULL REFERENCES awards.nominees (id),
    kind                text NOT NULL CHECK (kind IN ('discipline_pending', 'disciplined', 'inspection', 'investigation', 'complaint')),
    from_date           date NOT NULL,
    to_date             date,
    note                text NOT NULL CHECK (note ~ '\S' AND length(note) <= 2000),
    recorded_by         name NOT NULL DEFAULT session_user,
    recorded_at         timestamptz NOT NULL DEFAULT now(),
    ended_by            name,
    ended_at            timestamptz,
    CHECK (to_date IS NULL OR to_date >= from_date),
    CHECK ((to_date IS NULL) = (ended_at IS NULL) AND (ended_at IS NULL) = (ended_by IS NULL))
);
CREATE INDEX nominee_blocks_nominee ON awards.nominee_blocks (nominee_id);

CREATE TRIGGER past_awards_append_only BEFORE UPDATE OR DELETE ON awards.past_awards
    FOR EACH ROW EXECUTE FUNCTION awards.refuse_change();
CREATE TRIGGER performance_ratings_append_only BEFORE UPDATE OR DELETE ON awards.performance_ratings
    FOR EACH ROW EXECUTE FUNCTION awards.refuse_change();
CREATE TRIGGER initiatives_append_only BEFORE UPDATE OR DELETE ON awards.initiatives
    FOR EACH ROW EXECUTE FUNCTION awards.refuse_change();
CREATE TRIGGER collective_sizes_append_only BEFORE UPDATE OR DELETE ON awards.collective_sizes
    FOR EACH ROW EXECUTE FUNCTION awards.refuse_change();
CREATE TRIGGER nominees_append_only BEFORE UPDATE OR DELETE ON awards.nominees
    FOR EACH ROW EXECUTE FUNCTION awards.refuse_change();
DO $$
DECLARE
    v_table text;
BEGIN
    FOREACH v_table IN ARRAY ARRAY['nominees', 'nominee_units', 'collective_sizes', 'past_awards', 'performance_ratings',
                                   'initiatives', 'nominee_blocks'] LOOP
        EXECUTE format('CREATE TRIGGER %I BEFORE TRUNCATE ON awards.%I FOR EACH STATEMENT EXECUTE FUNCTION awards.refuse_truncate()',
                       v_table || '_no_truncate', v_table);
    END LOOP;
END
$$;

-- A span changes once: when it ends (the nominee moves); a block likewise.
CREATE FUNCTION awards.refuse_rewrite_but_ending() RETURNS trigger
    LANGUAGE plpgsql SET search_path = pg_catalog, awards, pg_temp AS $$
DECLARE
    v_end text := CASE TG_TABLE_NAME WHEN 'nominee_blocks' THEN 'to_date' ELSE 'valid_to' END;
BEGIN
    IF TG_OP = 'UPDATE' AND to_jsonb(OLD) ->> v_end IS NULL
       AND (to_jsonb(NEW) - v_end - 'ended_by' - 'ended_at') = (to_jsonb(OLD) - v_end - 'ended_by' - 'ended_at') THEN
        RETURN NEW;
    END IF;
    RAISE EXCEPTION '% of % has ended: it cannot be changed', TG_TABLE_NAME, coalesce(to_jsonb(OLD) ->> 'nominee_id', '?')
        USING ERRCODE = 'insufficient_privilege';
END
$$;
REVOKE ALL ON FUNCTION awards.refuse_rewrite_but_ending() FROM PUBLIC;
CREATE TRIGGER nominee_units_only_ended BEFORE UPDATE OR DELETE ON awards.nominee_units
    FOR EACH ROW EXECUTE FUNCTION awards.refuse_rewrite_but_ending();
CREATE TRIGGER nominee_blocks_only_ended BEFORE UPDATE OR DELETE ON awards.nominee_blocks
    FOR EACH ROW EXECUTE FUNCTION awards.refuse_rewrite_but_ending();

-- Personal data within scope, as for nominations: a nominee, its past units and its facts are seen by
-- whoever sees one of the units it belongs or belonged to (so a person who moved keeps their history).
CREATE FUNCTION awards.sees_nominee(p_nominee bigint) RETURNS boolean
    LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, awards, pg_temp AS $$
    SELECT awards.sees_all_units()
        OR EXISTS (SELECT 1 FROM awards.nominee_units u WHERE u.nominee_id = p_nominee AND u.unit_id IN (SELECT awards.my_units()))
$$;
REVOKE ALL ON FUNCTION awards.sees_nominee(bigint) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION awards.sees_nominee(bigint) TO awards_officer, awards_manager, awards_standing_agency, awards_admin;
DO $$
DECLARE
    v_table text;
BEGIN
    FOREACH v_table IN ARRAY ARRAY['nominees', 'nominee_units', 'collective_sizes', 'past_awards', 'performance_ratings',
                                   'initiatives', 'nominee_blocks'] LOOP
        EXECUTE format('ALTER TABLE awards.%I ENABLE ROW LEVEL SECURITY', v_table);
        EXECUTE format('CREATE POLICY %I ON awards.%I FOR SELECT TO awards_officer, awards_manager, awards_standing_agency, awards_admin '
                       'USING (awards.sees_nominee(%s))', v_table || '_in_scope', v_table,
                       CASE v_table WHEN 'nominees' THEN 'id' ELSE 'nominee_id' END);
    END LOOP;
END
$$;
REVOKE ALL ON awards.nominees, awards.nominee_units, awards.collective_sizes, awards.past_awards, awards.performance_ratings,
    awards.initiatives, awards.nominee_blocks FROM PUBLIC;
GRANT SELECT ON awards.nominees, awards.nominee_units, awards.collective_sizes, awards.past_awards, awards.performance_ratings,
    awards.initiatives, awards.nominee_blocks TO awards_officer, awards_manager, awards_standing_agency, awards_admin;

-- The nominee of an identity key, if registered.
CREATE FUNCTION awards.nominee_of_key(p_key text) RETURNS bigint
    LANGUAGE sql STABLE SET search_path = pg_catalog, awards, pg_temp AS $$
    SELECT nominee_id FROM awards.nominee_units WHERE nominee_key = p_key LIMIT 1
$$;

-- Registers the nominee of every identity key not yet known, in one statement however many: a JSON array
-- of {nominee_key, kind, name, birth_date, gender, occupation, unit_id, since}; a key given twice is
-- registered once, in the unit and from the day of its earliest entry.
CREATE FUNCTION awards.register_nominees(p_candidates jsonb) RETURNS void
    LANGUAGE plpgsql SET search_path = pg_catalog, awards, pg_temp AS $$
BEGIN
    WITH fresh AS (
        SELECT DISTINCT ON (c.nominee_key) c.*
        FROM jsonb_to_recordset(coalesce(p_candidates, '[]')) AS c(nominee_key text, kind text, name text, birth_date date, gender text,
                                                                  occupation text, unit_id bigint, since date)
        WHERE NOT EXISTS (SELECT 1 FROM awards.nominee_units u WHERE u.nominee_key = c.nominee_key)
        ORDER BY c.nominee_key, c.since
    ),
    numbered AS (
        SELECT f.*, nextval(pg_get_serial_sequence('awards.nominees', 'id')) AS id FROM fresh f
    ),
    registered AS (
        INSERT INTO awards.nominees (id, kind, full_name, birth_date, gender, occupation) OVERRIDING SYSTEM VALUE
        SELECT id, kind, name, birth_date, gender, coalesce(occupation, 'other') FROM numbered
    )
    INSERT INTO awards.nominee_units (nominee_id, unit_id, valid_from, nominee_key)
    SELECT id, unit_id, since, nominee_key FROM numbered;
END
$$;
REVOKE ALL ON FUNCTION awards.register_nominees(jsonb) FROM PUBLIC;

-- The nominees of proposal lines, as awards.register_nominees takes them: in the line's unit, from the
-- start of its achievement.
CREATE FUNCTION awards.nominees_of_lines(p_lines awards.proposal_lines[]) RETURNS jsonb
    LANGUAGE sql STABLE SET search_path = pg_catalog, awards, pg_temp AS $$
    SELECT jsonb_agg(jsonb_build_object('nominee_key', l.nominee_key, 'kind', n.nominee_kind, 'name', n.nominee_name,
                                        'birth_date', n.birth_date, 'gender', n.gender, 'occupation', n.occupation,
                                        'unit_id', n.unit_id, 'since', l.achievement_from))
    FROM unnest(p_lines) l JOIN awards.nominations n ON n.id = l.nomination_id
$$;
REVOKE ALL ON FUNCTION awards.nominees_of_lines(awards.proposal_lines[]) FROM PUBLIC;

-- Every line of a proposal whose key is new registers its nominee.
CREATE FUNCTION awards.register_nominees_of_lines() RETURNS trigger
    LANGUAGE plpgsql SET search_path = pg_catalog, awards, pg_temp AS $$
BEGIN
    PERFORM awards.register_nominees(awards.nominees_of_lines(ARRAY(SELECT ROW(l.*)::awards.proposal_lines FROM added_lines l)));
    RETURN NULL;
END
$$;
REVOKE ALL ON FUNCTION awards.register_nominees_of_lines() FROM PUBLIC;
CREATE TRIGGER proposal_lines_register_nominees AFTER INSERT ON awards.proposal_lines
    REFERENCING NEW TABLE AS added_lines FOR EACH STATEMENT EXECUTE FUNCTION awards.register_nominees_of_lines();

-- The lines proposed before nominees existed register theirs now.
SELECT awards.register_nominees(awards.nominees_of_lines(ARRAY(SELECT l FROM awards.proposal_lines l)));

-- Every decided award of a nominee, by the year of its achievement: the decisions made here and the
-- imported ones, whichever unit the nominee was in. For the owner's functions; people read
-- awards.award_history, which keeps to what they may see.
CREATE VIEW awards.nominee_award_years AS
SELECT k.nominee_id, dl.granted_award AS award_code, extract(year FROM dl.achievement_to)::integer AS year,
       d.number AS decision_number, d.decision_date, iu.name::text AS issuer, dl.revoked, 'decision'::text AS source,
       dl.decision_id, NULL::bigint AS past_award_id
FROM awards.decision_lines dl
JOIN awards.decisions d ON d.id = dl.decision_id
JOIN awards.units iu ON iu.id = dl.issuing_unit_id
JOIN (SELECT DISTINCT nominee_key, nominee_id FROM awards.nominee_units) k ON k.nominee_key = dl.nominee_key
UNION ALL
SELECT p.nominee_id, p.award_code, p.year, p.decision_number, p.decision_date, p.issuer, p.revoked_number IS NOT NULL, 'imported',
       NULL, p.id
FROM awards.past_awards p;
REVOKE ALL ON awards.nominee_award_years FROM PUBLIC;

CREATE VIEW awards.award_history WITH (security_barrier = true) AS
SELECT h.* FROM awards.nominee_award_years h WHERE awards.sees_nominee(h.nominee_id);
REVOKE ALL ON awards.award_history FROM PUBLIC;
GRANT SELECT ON awards.award_history TO awards_officer, awards_manager, awards_standing_agency, awards_admin;

-- Recording the facts: an officer (or administrator) of a unit the nominee belongs to.
CREATE FUNCTION awards.nominee_to_record(p_person awards.people, p_nominee bigint) RETURNS awards.nominees
    LANGUAGE plpgsql STABLE SET search_path = pg_catalog, awards, pg_temp AS $$
DECLARE
    v_nominee awards.nominees;
BEGIN
    SELECT * INTO v_nominee FROM awards.nominees WHERE id = p_nominee;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'nominee % not found', p_nominee USING ERRCODE = 'no_data_found',
            HINT = 'find nominees with: awards history NAME';
    END IF;
    IF NOT (p_person.roles && ARRAY['officer', 'admin'])
       OR NOT EXISTS (SELECT 1 FROM awards.nominee_units u WHERE u.nominee_id = p_nominee AND awards.in_scope(p_person, u.unit_id)) THEN
        RAISE EXCEPTION '% may not record facts about nominee %: only an officer of a unit they belong to', p_person.login_role, p_nominee
            USING ERRCODE = 'insufficient_privilege';
    END IF;
    RETURN v_nominee;
END
$$;
REVOKE ALL ON FUNCTION awards.nominee_to_record(awards.people, bigint) FROM PUBLIC;

CREATE FUNCTION awards.register_nominee(p_kind text, p_name text, p_birth date, p_gender text, p_ethnicity text, p_occupation text,
                                        p_unit_code text, p_from date) RETURNS bigint
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, awards, pg_temp AS $$
DECLARE
    v_person awards.people := awards.acting_person();
    v_unit bigint;
    v_name text := normalize(btrim(regexp_replace(coalesce(p_name, ''), '\s+', ' ', 'g')), NFC);
    v_key text;
    v_existing bigint;
    v_id bigint;
BEGIN
    SELECT id INTO v_unit FROM awards.units WHERE code = p_unit_code;
    IF v_unit IS NULL THEN
        RAISE EXCEPTION 'unknown unit "%"', p_unit_code USING ERRCODE = 'foreign_key_violation', HINT = 'list units with: awards unit list';
    END IF;
    IF NOT (v_person.roles && ARRAY['officer', 'admin']) OR NOT awards.in_scope(v_person, v_unit) THEN
        RAISE EXCEPTION '% may not register nominees of unit %: only its officers', v_person.login_role, p_unit_code
            USING ERRCODE = 'insufficient_privilege';
    END IF;
    v_key := awards.nominee_key(p_kind, v_unit, v_name, p_birth);
    v_existing := awards.nominee_of_key(v_key);
    IF v_existing IS NOT NULL THEN
        RAISE EXCEPTION '% is already registered as nominee %', v_name, v_existing USING ERRCODE = 'unique_violation',
            HINT = 'see the history with: awards history ID';
    END IF;
    INSERT INTO awards.nominees (kind, full_name, birth_date, gender, ethnicity, occupation)
    VALUES (p_kind, v_name, p_birth, p_gender, nullif(btrim(coalesce(p_ethnicity, '')), ''), coalesce(p_occupation, 'other'))
    RETURNING id INTO v_id;
    INSERT INTO awards.nominee_units (nominee_id, unit_id, valid_from, nominee_key) VALUES (v_id, v_unit, coalesce(p_from, current_date), v_key);
    RETURN v_id;
END
$$;

-- The nominee moves to another unit on a day: the span ends the day before, a new one begins.
CREATE FUNCTION awards.move_nominee(p_nominee bigint, p_unit_code text, p_from date) RETURNS void
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, awards, pg_temp AS $$
DECLARE
    v_person awards.people := awards.acting_person();
    v_nominee awards.nominees := awards.nominee_to_record(v_person, p_nominee);
    v_unit bigint;
    v_current awards.nominee_units;
BEGIN
    SELECT id INTO v_unit FROM awards.units WHERE code = p_unit_code;
    IF v_unit IS NULL THEN
        RAISE EXCEPTION 'unknown unit "%"', p_unit_code USING ERRCODE = 'foreign_key_violation', HINT = 'list units with: awards unit list';
    END IF;
    SELECT * INTO v_current FROM awards.nominee_units WHERE nominee_id = p_nominee AND valid_to IS NULL;
    IF v_current.nominee_id IS NULL OR p_from IS NULL OR p_from <= v_current.valid_from THEN
        RAISE EXCEPTION 'nominee % belongs to its unit since %: a move starts after that', p_nominee,
            coalesce(to_char(v_current.valid_from, 'DD/MM/YYYY'), '?') USING ERRCODE = 'invalid_parameter_value';
    END IF;
    UPDATE awards.nominee_units SET valid_to = p_from - 1 WHERE nominee_id = p_nominee AND valid_from = v_current.valid_from;
    INSERT INTO awards.nominee_units (nominee_id, unit_id, valid_from, nominee_key)
    VALUES (p_nominee, v_unit, p_from, awards.nominee_key(v_nominee.kind, v_unit, v_nominee.full_name, v_nominee.birth_date));
END
$$;

CREATE FUNCTION awards.rate_nominee(p_nominee bigint, p_year integer, p_rating text) RETURNS void
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, awards, pg_temp AS $$
DECLARE
    v_person awards.people := awards.acting_person();
    v_nominee awards.nominees := awards.nominee_to_record(v_person, p_nominee);
BEGIN
    IF p_rating IS NULL OR p_rating NOT IN ('excellent', 'good', 'completed', 'not_completed') THEN
        RAISE EXCEPTION 'a rating is excellent, good, completed or not_completed, not "%"', coalesce(p_rating, '')
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    IF p_year IS NULL OR p_year > extract(year FROM now() AT TIME ZONE 'Asia/Ho_Chi_Minh') THEN
        RAISE EXCEPTION 'a year is rated once it has begun, not %', coalesce(p_year::text, 'no year') USING ERRCODE = 'invalid_parameter_value';
    END IF;
    INSERT INTO awards.performance_ratings (nominee_id, year, seq, rating)
    SELECT p_nominee, p_year, coalesce(max(seq), 0) + 1, p_rating FROM awards.performance_ratings WHERE nominee_id = p_nominee AND year = p_year;
END
$$;

CREATE FUNCTION awards.record_initiative(p_nominee bigint, p_kind text, p_title text, p_scope text, p_recognised_by text,
                                         p_document text, p_recognised_on date) RETURNS bigint
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, awards, pg_temp AS $$
DECLARE
    v_person awards.people := awards.acting_person();
    v_nominee awards.nominees := awards.nominee_to_record(v_person, p_nominee);
    v_id bigint;
BEGIN
    IF p_scope IS NULL OR p_scope NOT IN ('grassroots', 'province', 'national') THEN
        RAISE EXCEPTION 'an initiative''s scope is grassroots, province or national, not "%"', coalesce(p_scope, '')
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    IF p_recognised_on IS NULL OR p_recognised_on > (now() AT TIME ZONE 'Asia/Ho_Chi_Minh')::date THEN
        RAISE EXCEPTION 'an initiative is recorded once it is recognised: give the day, not after today' USING ERRCODE = 'invalid_parameter_value';
    END IF;
    INSERT INTO awards.initiatives (nominee_id, kind, title, scope, recognised_by, document, recognised_on)
    VALUES (p_nominee, coalesce(p_kind, 'initiative'), normalize(btrim(p_title), NFC), p_scope, normalize(btrim(p_recognised_by), NFC),
            btrim(p_document), p_recognised_on)
    RETURNING id INTO v_id;
    RETURN v_id;
END
$$;

CREATE FUNCTION awards.record_block(p_nominee bigint, p_kind text, p_from date, p_note text) RETURNS bigint
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, awards, pg_temp AS $$
DECLARE
    v_person awards.people := awards.acting_person();
    v_nominee awards.nominees := awards.nominee_to_record(v_person, p_nominee);
    v_id bigint;
BEGIN
    IF p_kind IS NULL OR p_kind NOT IN ('discipline_pending', 'disciplined', 'inspection', 'investigation', 'complaint') THEN
        RAISE EXCEPTION 'a block is discipline_pending, disciplined, inspection, investigation or complaint, not "%"', coalesce(p_kind, '')
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    IF p_from IS NULL OR nullif(btrim(coalesce(p_note, '')), '') IS NULL THEN
        RAISE EXCEPTION 'a block is recorded with the day it began and what it is' USING ERRCODE = 'invalid_parameter_value';
    END IF;
    INSERT INTO awards.nominee_blocks (nominee_id, kind, from_date, note) VALUES (p_nominee, p_kind, p_from, normalize(btrim(p_note), NFC))
    RETURNING id INTO v_id;
    RETURN v_id;
END
$$;

CREATE FUNCTION awards.end_block(p_block bigint, p_to date) RETURNS void
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, awards, pg_temp AS $$
DECLARE
    v_person awards.people := awards.acting_person();
    v_block awards.nominee_blocks;
    v_nominee awards.nominees;
BEGIN
    SELECT * INTO v_block FROM awards.nominee_blocks WHERE id = p_block FOR UPDATE;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'block % not found', p_block USING ERRCODE = 'no_data_found';
    END IF;
    v_nominee := awards.nominee_to_record(v_person, v_block.nominee_id);
    IF v_block.to_date IS NOT NULL THEN
        RAISE EXCEPTION 'block % ended on %', p_block, to_char(v_block.to_date, 'DD/MM/YYYY') USING ERRCODE = 'object_not_in_prerequisite_state';
    END IF;
    IF p_to IS NULL OR p_to < v_block.from_date THEN
        RAISE EXCEPTION 'block % began on %: it ends on that day or later', p_block, to_char(v_block.from_date, 'DD/MM/YYYY')
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    UPDATE awards.nominee_blocks SET to_date = p_to, ended_by = session_user, ended_at = now() WHERE id = p_block;
END
$$;

CREATE FUNCTION awards.record_collective_size(p_nominee bigint, p_year integer, p_members integer) RETURNS void
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, awards, pg_temp AS $$
DECLARE
    v_person awards.people := awards.acting_person();
    v_nominee awards.nominees := awards.nominee_to_record(v_person, p_nominee);
BEGIN
    IF v_nominee.kind <> 'collective' THEN
        RAISE EXCEPTION 'nominee % is a person: only a collective has members', p_nominee USING ERRCODE = 'invalid_parameter_value';
    END IF;
    IF EXISTS (SELECT 1 FROM awards.collective_sizes WHERE nominee_id = p_nominee AND year = p_year) THEN
        RAISE EXCEPTION 'the members of nominee % in % are already recorded', p_nominee, p_year USING ERRCODE = 'unique_violation';
    END IF;
    INSERT INTO awards.collective_sizes (nominee_id, year, members) VALUES (p_nominee, p_year, p_members);
END
$$;

-- The rows of a sheet of past awards: a JSON array of {row, kind, name, birth_date, gender, unit, award,
-- year, decision_number, decision_date, issuer, revoked_number, revoked_date}, each with its name as
-- stored, its unit's id (NULL when unknown) and its nominee's identity key.
CREATE FUNCTION awards.past_award_rows(p_rows jsonb)
    RETURNS TABLE ("row" integer, kind text, clean_name text, birth_date date, gender text, unit text, unit_id bigint, award text,
                   year integer, decision_number text, decision_date date, issuer text, revoked_number text, revoked_date date,
                   nominee_key text)
    LANGUAGE sql STABLE SET search_path = pg_catalog, awards, pg_temp AS $$
    SELECT g."row", g.kind, g.clean_name, g.birth_date, g.gender, g.unit, g.unit_id, g.award, g.year, g.decision_number, g.decision_date,
           g.issuer, g.revoked_number, g.revoked_date, awards.nominee_key(g.kind, g.unit_id, g.clean_name, g.birth_date)
    FROM (SELECT r.*, u.id AS unit_id, normalize(btrim(regexp_replace(coalesce(r.name, ''), '\s+', ' ', 'g')), NFC) AS clean_name
          FROM jsonb_to_recordset(p_rows) AS r("row" integer, kind text, name text, birth_date date, gender text, unit text, award text,
                                              year integer, decision_number text, decision_date date, issuer text,
                                              revoked_number text, revoked_date date)
          LEFT JOIN awards.units u ON u.code = r.unit) g
$$;
REVOKE ALL ON FUNCTION awards.past_award_rows(jsonb) FROM PUBLIC;

-- The problems of a sheet of past awards, every row at once, without writing: a JSON array of {row,
-- kind, name, birth_date, gender, unit, award, year, decision_number, decision_date, issuer,
-- revoked_number, revoked_date}. Each problem names its row and field.
CREATE FUNCTION awards.award_history_problems(p_rows jsonb) RETURNS TABLE ("row" integer, field text, problem text)
    LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = pg_catalog, awards, pg_temp AS $$
DECLARE
    v_person awards.people := awards.acting_person();
BEGIN
    RETURN QUERY
    WITH keyed AS (
        SELECT * FROM awards.past_award_rows(p_rows)
    ),
    found AS (
        SELECT k."row", 'unit'::text AS field, format('unknown unit "%s"', k.unit) AS problem FROM keyed k WHERE k.unit_id IS NULL
        UNION ALL
        SELECT k."row", 'unit', format('unit %s is outside your units', k.unit) FROM keyed k
        WHERE k.unit_id IS NOT NULL AND NOT (v_person.roles && ARRAY['officer', 'admin'] AND awards.in_scope(v_person, k.unit_id))
        UNION ALL
        SELECT k."row", 'award', format('unknown award "%s"', k.award) FROM keyed k
        WHERE NOT EXISTS (SELECT 1 FROM awards.award_types a WHERE a.code = k.award)
        UNION ALL
        SELECT k."row", 'award', format('%s is not given to a %s', k.award, k.kind) FROM keyed k
        JOIN awards.award_types a ON a.code = k.award WHERE NOT k.kind = ANY (a.nominees)
        UNION ALL
        SELECT k."row", 'decision_date', format('the decision of %s is dated before the year %s began', to_char(k.decision_date, 'DD/MM/YYYY'), k.year)
        FROM keyed k WHERE k.decision_date < make_date(k.year, 1, 1)
        UNION ALL
        SELECT k."row", 'revoked_date', 'a revocation needs both its decision number and its date, on or after the award''s'
        FROM keyed k WHERE (k.revoked_number IS NULL) <> (k.revoked_date IS NULL) OR k.revoked_date < k.decision_date
        UNION ALL
        SELECT k."row", 'decision_number', format('decision %s of %s for %s is on row %s too', k.decision_number, k.clean_name, k.award, f."row")
        FROM keyed k
        JOIN keyed f ON f.nominee_key = k.nominee_key AND f.award = k.award AND f.decision_number = k.decision_number AND f."row" < k."row"
        UNION ALL
        SELECT k."row", 'decision_number', format('decision %s of %s for %s is already recorded', k.decision_number, k.clean_name, k.award)
        FROM keyed k
        JOIN awards.past_awards p ON p.nominee_id = awards.nominee_of_key(k.nominee_key) AND p.award_code = k.award
                                 AND p.decision_number = k.decision_number
    )
    SELECT f."row", f.field, f.problem FROM found f ORDER BY f."row", f.field;
END
$$;

-- Imports the rows, all or none: a nominee not yet registered is registered in the row's unit.
CREATE FUNCTION awards.import_award_history(p_rows jsonb) RETURNS integer
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, awards, pg_temp AS $$
DECLARE
    v_problem record;
    v_count integer;
BEGIN
    SELECT * INTO v_problem FROM awards.award_history_problems(p_rows) LIMIT 1;
    IF FOUND THEN
        RAISE EXCEPTION 'row %: %; nothing was imported', v_problem."row", v_problem.problem USING ERRCODE = 'check_violation';
    END IF;
    PERFORM awards.register_nominees((
        SELECT jsonb_agg(jsonb_build_object('nominee_key', k.nominee_key, 'kind', k.kind, 'name', k.clean_name, 'birth_date', k.birth_date,
                                            'gender', k.gender, 'unit_id', k.unit_id, 'since', make_date(k.year, 1, 1)))
        FROM awards.past_award_rows(p_rows) k));
    INSERT INTO awards.past_awards (nominee_id, award_code, year, decision_number, decision_date, issuer, revoked_number, revoked_date, sheet_row)
    SELECT awards.nominee_of_key(k.nominee_key), k.award, k.year, btrim(k.decision_number), k.decision_date,
           normalize(btrim(k.issuer), NFC), nullif(btrim(coalesce(k.revoked_number, '')), ''), k.revoked_date, k."row"
    FROM awards.past_award_rows(p_rows) k;
    GET DIAGNOSTICS v_count = ROW_COUNT;
    RETURN v_count;
END
$$;

REVOKE ALL ON FUNCTION awards.nominee_of_key(text), awards.register_nominee(text, text, date, text, text, text, text, date),
    awards.move_nominee(bigint, text, date), awards.rate_nominee(bigint, integer, text),
    awards.record_initiative(bigint, text, text, text, text, text, date), awards.record_block(bigint, text, date, text),
    awards.end_block(bigint, date), awards.record_collective_size(bigint, integer, integer),
    awards.award_history_problems(jsonb), awards.import_award_history(jsonb) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION awards.register_nominee(text, text, date, text, text, text, text, date),
    awards.move_nominee(bigint, text, date), awards.rate_nominee(bigint, integer, text),
    awards.record_initiative(bigint, text, text, text, text, text, date), awards.record_block(bigint, text, date, text),
    awards.end_block(bigint, date), awards.record_collective_size(bigint, integer, integer),
    awards.award_history_problems(jsonb), awards.import_award_history(jsonb)
    TO awards_officer, awards_manager, awards_standing_agency, awards_admin;
