-- Dated authority (issue 12, item 1): who may sign an award changes with the law on given days — the
-- commune chair takes the district chair's powers of Luật 06/2022/QH15 Điều 80 khoản 2 from 01/07/2025,
-- a board chair signs Giấy khen only. Each grant has the days it applies and its article, loaded from
-- config/awards.yaml; awards.granting_levels, which awards.advance asks on the decision date, reads them.

CREATE TABLE awards.award_grants (
    award_code      text NOT NULL REFERENCES awards.award_types (code),
    authority_level text NOT NULL REFERENCES awards.authority_levels (code),
    valid_from      date,
    valid_to        date,
    article         text,
    CHECK (valid_from IS NULL OR valid_to IS NULL OR valid_from <= valid_to)
);
CREATE INDEX award_grants_award ON awards.award_grants (award_code);
GRANT SELECT ON awards.award_grants TO awards_officer, awards_manager, awards_standing_agency, awards_admin;

-- Until the catalogue is loaded again, each award keeps the undated grants it had.
INSERT INTO awards.award_grants (award_code, authority_level)
SELECT a.code, l FROM awards.award_types a, unnest(a.granted_by) AS l
WHERE EXISTS (SELECT 1 FROM awards.authority_levels WHERE code = l);

-- Levels that sign the award on the day: the level exists that day, and so does its grant.
CREATE OR REPLACE FUNCTION awards.granting_levels(p_code text, p_on date) RETURNS SETOF awards.authority_levels
    LANGUAGE plpgsql STABLE SET search_path = pg_catalog, awards, pg_temp AS $$
BEGIN
    RETURN QUERY
    SELECT l.* FROM awards.authority_levels l
    WHERE (l.valid_from IS NULL OR l.valid_from <= p_on) AND (l.valid_to IS NULL OR l.valid_to >= p_on)
      AND EXISTS (SELECT 1 FROM awards.award_grants g
                  WHERE g.award_code = p_code AND g.authority_level = l.code
                    AND (g.valid_from IS NULL OR g.valid_from <= p_on) AND (g.valid_to IS NULL OR g.valid_to >= p_on));
END
$$;
