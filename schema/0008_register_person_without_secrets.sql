-- Registering a person, as the review of issue 9 asked:
-- - No password in SQL text. `CREATE ROLE … PASSWORD %L` echoed the plain password in the error context,
--   to the client and to the server log, whenever it failed. The client now hashes the password itself
--   (libpq's PQencryptPasswordConn) and sends only the SCRAM-SHA-256 verifier; anything else is refused.
-- - An existing database role is not silently made into a person: it is refused, or adopted on request,
--   in which case its password is left as it is (and none may be given).
-- - The authority level must be one of the catalogue's, and within the province: the levels above it
--   (prime_minister, president) belong to no one registered here; their awards are forwarded.
-- - Each person's login is limited (below).

DROP FUNCTION awards.register_person(text, text, text, text, text[], text, text);

-- One person cannot take the server from the others (the review opened 97 connections as one officer
-- and locked out the managers and the daemon): a person's login has at most 10 connections, statements
-- of at most 30 s and no transaction idle for more than 60 s. Settings of a group role do not reach its
-- members, so each login role carries them.
CREATE FUNCTION awards.limit_person_role(p_login text) RETURNS void
    LANGUAGE plpgsql SET search_path = pg_catalog, awards, pg_temp AS $$
BEGIN
    EXECUTE format('ALTER ROLE %I CONNECTION LIMIT 10', p_login);
    EXECUTE format('ALTER ROLE %I SET statement_timeout = %L', p_login, '30s');
    EXECUTE format('ALTER ROLE %I SET idle_in_transaction_session_timeout = %L', p_login, '60s');
END
$$;
REVOKE ALL ON FUNCTION awards.limit_person_role(text) FROM PUBLIC;
SELECT awards.limit_person_role(login_role) FROM awards.people;

-- Changing who is a person is for administrators (awards_admin) and the schema's owner; `p_action`
-- says what was refused.
CREATE FUNCTION awards.require_administrator(p_action text) RETURNS void
    LANGUAGE plpgsql STABLE SET search_path = pg_catalog, awards, pg_temp AS $$
BEGIN
    IF NOT (pg_has_role(session_user, 'awards_admin', 'MEMBER')
            OR pg_has_role(session_user, (SELECT nspowner FROM pg_namespace WHERE nspname = 'awards'), 'MEMBER')) THEN
        RAISE EXCEPTION 'only an administrator may %', p_action USING ERRCODE = 'insufficient_privilege';
    END IF;
END
$$;
REVOKE ALL ON FUNCTION awards.require_administrator(text) FROM PUBLIC;

CREATE FUNCTION awards.register_person(
    p_full_name text, p_email text, p_unit_code text, p_login text, p_roles text[],
    p_authority_level text DEFAULT NULL, p_password_verifier text DEFAULT NULL, p_adopt_existing boolean DEFAULT false
) RETURNS bigint
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, awards, pg_temp AS $$
DECLARE
    v_unit bigint;
    v_id bigint;
    v_role text;
    v_role_exists boolean;
    v_levels text;
BEGIN
    PERFORM awards.require_administrator('register people');
    IF p_login !~ '^[a-z][a-z0-9_.]{1,62}$' THEN
        RAISE EXCEPTION 'login "%" is not valid', p_login
            USING ERRCODE = 'invalid_parameter_value',
                  HINT = 'use lower-case letters, digits, "_" or "."; start with a letter';
    END IF;
    IF p_login LIKE 'awards\_%' OR p_login LIKE 'pg\_%' OR p_login = 'postgres' THEN
        RAISE EXCEPTION 'login "%" is reserved', p_login USING ERRCODE = 'invalid_parameter_value';
    END IF;
    -- Never echo what was given: it might be a password typed in the wrong place.
    IF p_password_verifier IS NOT NULL AND p_password_verifier !~ '^SCRAM-SHA-256\$[0-9]+:[A-Za-z0-9+/=]+\$[A-Za-z0-9+/=]+:[A-Za-z0-9+/=]+$' THEN
        RAISE EXCEPTION 'a password must reach the server as a SCRAM-SHA-256 verifier, never as plain text'
            USING ERRCODE = 'invalid_parameter_value',
                  HINT = 'awards person add hashes the password from AWARDS_NEW_PASSWORD on the client';
    END IF;
    SELECT id INTO v_unit FROM awards.units WHERE code = p_unit_code;
    IF v_unit IS NULL THEN
        RAISE EXCEPTION 'unknown unit "%"', p_unit_code
            USING ERRCODE = 'foreign_key_violation', HINT = 'list units with: awards unit list';
    END IF;
    IF p_authority_level IS NOT NULL AND NOT EXISTS (
        SELECT 1 FROM awards.authority_levels WHERE code = p_authority_level AND within_province
    ) THEN
        SELECT string_agg(code, ', ' ORDER BY code) INTO v_levels FROM awards.authority_levels WHERE within_province;
        IF EXISTS (SELECT 1 FROM awards.authority_levels WHERE code = p_authority_level) THEN
            RAISE EXCEPTION 'authority level "%" is above the province and cannot be given to its people', p_authority_level
                USING ERRCODE = 'invalid_parameter_value',
                      HINT = format('awards it alone grants are forwarded; give one of: %s', v_levels);
        END IF;
        RAISE EXCEPTION 'unknown authority level "%"', p_authority_level
            USING ERRCODE = 'invalid_parameter_value', HINT = format('give one of: %s', v_levels);
    END IF;
    IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = p_login AND (rolsuper OR rolcreaterole OR rolbypassrls)) THEN
        RAISE EXCEPTION 'login "%" is a privileged role and cannot be a person', p_login
            USING ERRCODE = 'insufficient_privilege';
    END IF;
    v_role_exists := EXISTS (SELECT 1 FROM pg_roles WHERE rolname = p_login);
    IF v_role_exists AND NOT p_adopt_existing THEN
        RAISE EXCEPTION 'database role "%" already exists', p_login
            USING ERRCODE = 'duplicate_object',
                  HINT = 'choose another login, or adopt that role as this person (awards person add --adopt-existing-role); its password stays as it is';
    END IF;
    IF v_role_exists AND p_password_verifier IS NOT NULL THEN
        RAISE EXCEPTION 'an adopted role keeps its password; none may be given'
            USING ERRCODE = 'invalid_parameter_value', HINT = 'unset AWARDS_NEW_PASSWORD, or change the password with ALTER ROLE … PASSWORD';
    END IF;
    IF NOT v_role_exists AND p_adopt_existing THEN
        RAISE EXCEPTION 'there is no database role "%" to adopt', p_login USING ERRCODE = 'undefined_object';
    END IF;

    INSERT INTO awards.people (full_name, email, unit_id, login_role, roles, authority_level)
    VALUES (p_full_name, lower(p_email), v_unit, p_login, p_roles, p_authority_level)
    RETURNING id INTO v_id;

    IF NOT v_role_exists THEN
        IF p_password_verifier IS NULL THEN
            EXECUTE format('CREATE ROLE %I LOGIN', p_login);
        ELSE
            EXECUTE format('CREATE ROLE %I LOGIN PASSWORD %L', p_login, p_password_verifier);
        END IF;
    END IF;
    FOREACH v_role IN ARRAY p_roles LOOP
        EXECUTE format('GRANT %I TO %I', 'awards_' || v_role, p_login);
    END LOOP;
    PERFORM awards.limit_person_role(p_login);
    RETURN v_id;
END
$$;
REVOKE ALL ON FUNCTION awards.register_person(text, text, text, text, text[], text, text, boolean) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION awards.register_person(text, text, text, text, text[], text, text, boolean) TO awards_admin;
