-- A person acts only in the roles their login still holds (issue 9, finding 8). Acting roles were read
-- from awards.people.roles alone, so revoking awards_manager from a login did not stop it approving and
-- nobody could be offboarded. Now a role counts only while the login is a member of its group role, and
-- an administrator can deactivate a person: the login can no longer connect, loses its group roles (so a
-- session still open can do nothing more), and the person stays on record with their history.

ALTER TABLE awards.people ADD COLUMN deactivated_at timestamptz;
ALTER TABLE awards.people ADD COLUMN deactivated_by name;
GRANT SELECT (deactivated_at) ON awards.people TO awards_officer, awards_manager, awards_standing_agency, awards_admin;

CREATE OR REPLACE FUNCTION awards.acting_person() RETURNS awards.people
    LANGUAGE plpgsql STABLE SET search_path = pg_catalog, awards, pg_temp AS $$
DECLARE
    v_person awards.people;
    v_recorded text[];
BEGIN
    SELECT * INTO v_person FROM awards.people WHERE login_role = session_user;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'login % is not a registered person', session_user
            USING ERRCODE = 'insufficient_privilege', HINT = 'register people with: awards person add';
    END IF;
    v_recorded := v_person.roles;
    v_person.roles := ARRAY(SELECT r FROM unnest(v_recorded) r WHERE pg_has_role(session_user, 'awards_' || r, 'MEMBER'));
    IF v_person.deactivated_at IS NOT NULL OR cardinality(v_person.roles) = 0 THEN
        RAISE EXCEPTION 'login % no longer holds any of its roles (%)', session_user, array_to_string(v_recorded, ', ')
            USING ERRCODE = 'insufficient_privilege',
                  HINT = CASE WHEN v_person.deactivated_at IS NOT NULL
                              THEN format('the person was deactivated on %s', to_char(v_person.deactivated_at AT TIME ZONE 'Asia/Ho_Chi_Minh', 'DD/MM/YYYY'))
                              ELSE format('an administrator may grant a role again: GRANT awards_<role> TO %s', session_user) END;
    END IF;
    RETURN v_person;
END
$$;

-- Seeing the whole province likewise needs the group role, not only the record.
CREATE OR REPLACE FUNCTION awards.sees_all_units() RETURNS boolean
    LANGUAGE plpgsql STABLE SET search_path = pg_catalog, awards, pg_temp AS $$
BEGIN
    RETURN EXISTS (SELECT 1 FROM awards.people
                   WHERE login_role = session_user AND deactivated_at IS NULL
                     AND (('standing_agency' = ANY (roles) AND pg_has_role(session_user, 'awards_standing_agency', 'MEMBER'))
                          OR ('admin' = ANY (roles) AND pg_has_role(session_user, 'awards_admin', 'MEMBER'))));
END
$$;

CREATE FUNCTION awards.deactivate_person(p_login text) RETURNS void
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, awards, pg_temp AS $$
DECLARE
    v_person awards.people;
    v_group text;
BEGIN
    PERFORM awards.require_administrator('deactivate people');
    SELECT * INTO v_person FROM awards.people WHERE login_role = p_login FOR UPDATE;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'no person has the login "%"', p_login
            USING ERRCODE = 'no_data_found', HINT = 'list people with: awards person list';
    END IF;
    IF v_person.login_role = session_user THEN
        RAISE EXCEPTION 'you cannot deactivate yourself' USING ERRCODE = 'invalid_parameter_value',
            HINT = 'another administrator must do it';
    END IF;
    IF v_person.deactivated_at IS NOT NULL THEN
        RAISE EXCEPTION 'login "%" was already deactivated on %', p_login,
            to_char(v_person.deactivated_at AT TIME ZONE 'Asia/Ho_Chi_Minh', 'DD/MM/YYYY') USING ERRCODE = 'AW002';
    END IF;
    UPDATE awards.people SET deactivated_at = now(), deactivated_by = session_user WHERE id = v_person.id;
    EXECUTE format('ALTER ROLE %I NOLOGIN', p_login);
    FOREACH v_group IN ARRAY ARRAY['awards_officer', 'awards_manager', 'awards_standing_agency', 'awards_admin'] LOOP
        IF pg_has_role(p_login, v_group, 'MEMBER') THEN
            EXECUTE format('REVOKE %I FROM %I', v_group, p_login);
        END IF;
    END LOOP;
END
$$;
REVOKE ALL ON FUNCTION awards.deactivate_person(text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION awards.deactivate_person(text) TO awards_admin;
