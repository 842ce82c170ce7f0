-- Units (đơn vị), emulation clusters and blocks (cụm, khối thi đua), people tied to login roles, and
-- emulation movements (phong trào thi đua).

CREATE TABLE awards.emulation_groups (
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    code        awards.code NOT NULL UNIQUE,
    name        awards.display_name NOT NULL,
    kind        text NOT NULL CHECK (kind IN ('cluster', 'block'))
);

CREATE TABLE awards.units (
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    code        awards.code NOT NULL UNIQUE,
    name        awards.display_name NOT NULL,
    kind        text NOT NULL CHECK (kind IN ('province', 'department', 'district', 'commune',
                                              'enterprise', 'standing_agency', 'other')),
    parent_id   bigint REFERENCES awards.units (id),
    group_id    bigint REFERENCES awards.emulation_groups (id),
    search_key  text GENERATED ALWAYS AS (awards.search_key(name)) STORED,
    created_at  timestamptz NOT NULL DEFAULT now(),
    CHECK (parent_id IS DISTINCT FROM id)
);
CREATE INDEX units_parent ON awards.units (parent_id);
CREATE INDEX units_search ON awards.units USING gin (search_key awards.gin_trgm_ops);

-- A unit may not become its own ancestor: scopes are computed by walking parents.
CREATE FUNCTION awards.refuse_unit_cycles() RETURNS trigger
    LANGUAGE plpgsql AS $$
BEGIN
    IF NEW.parent_id IS NOT NULL AND EXISTS (
        WITH RECURSIVE ancestors(id) AS (
            SELECT NEW.parent_id
            UNION
            SELECT u.parent_id FROM awards.units u JOIN ancestors a ON u.id = a.id WHERE u.parent_id IS NOT NULL
        )
        SELECT 1 FROM ancestors WHERE id = NEW.id
    ) THEN
        RAISE EXCEPTION 'unit % cannot be placed under its own sub-unit', NEW.code
            USING ERRCODE = 'check_violation';
    END IF;
    RETURN NEW;
END
$$;
CREATE TRIGGER units_no_cycles BEFORE INSERT OR UPDATE OF parent_id ON awards.units
    FOR EACH ROW EXECUTE FUNCTION awards.refuse_unit_cycles();

-- The unit and every unit below it: an officer's or a manager's scope.
CREATE FUNCTION awards.unit_subtree(root bigint) RETURNS TABLE (unit_id bigint)
    LANGUAGE sql STABLE AS $$
    WITH RECURSIVE tree(id) AS (
        SELECT root
        UNION
        SELECT u.id FROM awards.units u JOIN tree t ON u.parent_id = t.id
    )
    SELECT id FROM tree
$$;

CREATE TABLE awards.people (
    id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    full_name       awards.display_name NOT NULL,
    email           text NOT NULL CHECK (email ~ '^[^@[:space:]]+@[^@[:space:]]+\.[^@[:space:]]+$'),
    unit_id         bigint NOT NULL REFERENCES awards.units (id),
    login_role      name NOT NULL UNIQUE,
    roles           text[] NOT NULL CHECK (cardinality(roles) > 0
                        AND roles <@ ARRAY['officer', 'manager', 'standing_agency', 'admin']),
    -- Which awards a manager may grant is decided by this level against the award catalogue.
    authority_level text CHECK (authority_level ~ '^[a-z_]+$'),
    search_key      text GENERATED ALWAYS AS (awards.search_key(full_name)) STORED,
    created_at      timestamptz NOT NULL DEFAULT now(),
    CHECK ((authority_level IS NOT NULL) = ('manager' = ANY (roles)))
);
CREATE INDEX people_unit ON awards.people (unit_id);
CREATE INDEX people_search ON awards.people USING gin (search_key awards.gin_trgm_ops);

CREATE TABLE awards.movements (
    id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    code            awards.code NOT NULL UNIQUE,
    name            awards.display_name NOT NULL,
    kind            text NOT NULL CHECK (kind IN ('regular', 'thematic')),
    starts_on       date NOT NULL,
    ends_on         date,
    review_on       date,
    launched_by     bigint NOT NULL REFERENCES awards.units (id),
    search_key      text GENERATED ALWAYS AS (awards.search_key(name)) STORED,
    created_at      timestamptz NOT NULL DEFAULT now(),
    CHECK (ends_on IS NULL OR ends_on >= starts_on),
    CHECK (review_on IS NULL OR review_on >= starts_on)
);
CREATE INDEX movements_search ON awards.movements USING gin (search_key awards.gin_trgm_ops);

-- Who is asking: the person whose login role this session authenticated as.
CREATE VIEW awards.me WITH (security_barrier) AS
    SELECT p.id, p.full_name, p.email, p.login_role, p.roles, p.authority_level,
           u.code AS unit_code, u.name AS unit_name
    FROM awards.people p JOIN awards.units u ON u.id = p.unit_id
    WHERE p.login_role = session_user;

-- Registering a person creates (or adopts) their login role and grants the group roles that match
-- their duties, so identity in the database is the same as identity in the system. Only admins may.
CREATE FUNCTION awards.register_person(
    p_full_name text, p_email text, p_unit_code text, p_login text, p_roles text[],
    p_authority_level text DEFAULT NULL, p_password text DEFAULT NULL
) RETURNS bigint
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, awards AS $$
DECLARE
    v_unit bigint;
    v_id bigint;
    v_role text;
BEGIN
    IF NOT (pg_has_role(session_user, 'awards_admin', 'MEMBER')
            OR pg_has_role(session_user, (SELECT nspowner FROM pg_namespace WHERE nspname = 'awards'), 'MEMBER')) THEN
        RAISE EXCEPTION 'only an administrator may register people'
            USING ERRCODE = 'insufficient_privilege';
    END IF;
    IF p_login !~ '^[a-z][a-z0-9_.]{1,62}$' THEN
        RAISE EXCEPTION 'login "%" is not valid', p_login
            USING ERRCODE = 'invalid_parameter_value',
                  HINT = 'use lower-case letters, digits, "_" or "."; start with a letter';
    END IF;
    IF p_login LIKE 'awards\_%' OR p_login LIKE 'pg\_%' OR p_login = 'postgres' THEN
        RAISE EXCEPTION 'login "%" is reserved', p_login USING ERRCODE = 'invalid_parameter_value';
    END IF;
    SELECT id INTO v_unit FROM awards.units WHERE code = p_unit_code;
    IF v_unit IS NULL THEN
        RAISE EXCEPTION 'unknown unit "%"', p_unit_code
            USING ERRCODE = 'foreign_key_violation', HINT = 'list units with: awards unit list';
    END IF;
    IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = p_login AND (rolsuper OR rolcreaterole OR rolbypassrls)) THEN
        RAISE EXCEPTION 'login "%" is a privileged role and cannot be a person', p_login
            USING ERRCODE = 'insufficient_privilege';
    END IF;

    INSERT INTO awards.people (full_name, email, unit_id, login_role, roles, authority_level)
    VALUES (p_full_name, lower(p_email), v_unit, p_login, p_roles, p_authority_level)
    RETURNING id INTO v_id;

    IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = p_login) THEN
        IF p_password IS NULL THEN
            EXECUTE format('CREATE ROLE %I LOGIN', p_login);
        ELSE
            EXECUTE format('CREATE ROLE %I LOGIN PASSWORD %L', p_login, p_password);
        END IF;
    END IF;
    FOREACH v_role IN ARRAY p_roles LOOP
        EXECUTE format('GRANT %I TO %I', 'awards_' || v_role, p_login);
    END LOOP;
    RETURN v_id;
END
$$;
REVOKE ALL ON FUNCTION awards.register_person FROM PUBLIC;
GRANT EXECUTE ON FUNCTION awards.register_person TO awards_admin;

GRANT SELECT ON awards.units, awards.emulation_groups, awards.movements, awards.me
    TO awards_officer, awards_manager, awards_standing_agency, awards_admin;
GRANT SELECT (id, full_name, email, unit_id, login_role, roles, authority_level, search_key)
    ON awards.people TO awards_officer, awards_manager, awards_standing_agency, awards_admin;
GRANT INSERT, UPDATE ON awards.units, awards.emulation_groups TO awards_admin;
GRANT INSERT, UPDATE ON awards.movements TO awards_admin, awards_standing_agency;
