-- awards.add_working_days counts backwards for a negative count (issue 9: it treated -3 as 0), as the
-- Swift calendar (WorkingCalendar.adding) does: the n-th working day before the date. A test compares
-- the two over every day of a year and counts from -15 to 15.
CREATE OR REPLACE FUNCTION awards.add_working_days(p_from date, p_days integer) RETURNS date
    LANGUAGE plpgsql STABLE SET search_path = pg_catalog, awards, pg_temp AS $$
DECLARE
    v_day date;
BEGIN
    IF p_days = 0 THEN
        SELECT day INTO v_day FROM awards.working_days WHERE day >= p_from ORDER BY day LIMIT 1;
    ELSIF p_days > 0 THEN
        SELECT day INTO v_day FROM awards.working_days WHERE day > p_from ORDER BY day OFFSET p_days - 1 LIMIT 1;
    ELSE
        SELECT day INTO v_day FROM awards.working_days WHERE day < p_from ORDER BY day DESC OFFSET -p_days - 1 LIMIT 1;
    END IF;
    IF v_day IS NULL THEN
        RAISE EXCEPTION 'the working-day calendar does not reach % working days from %', p_days, p_from
            USING ERRCODE = 'object_not_in_prerequisite_state', HINT = 'run: awards db migrate';
    END IF;
    RETURN v_day;
END
$$;
