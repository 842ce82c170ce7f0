-- Personal data within scope (issue 9, finding 9; Decree 13/2023/NĐ-CP on personal data protection).
-- Every officer could read every person's e-mail address in the province. Now officers and managers
-- read a person's address only within their units (or their own); outside, the directory shows the
-- name, unit and function — what a government directory publishes — and no address. The standing
-- agency and administrators, who work province-wide, see all. The table's e-mail column is no longer
-- readable by officers and managers; awards.people_directory is how everyone reads people.

REVOKE SELECT (email) ON awards.people FROM awards_officer, awards_manager;

-- security_barrier: a user's own functions in a WHERE clause cannot see the addresses the CASE hides.
CREATE VIEW awards.people_directory WITH (security_barrier = true) AS
SELECT p.id, p.full_name, p.unit_id, p.login_role, p.roles, p.authority_level, p.search_key, p.deactivated_at,
       CASE WHEN p.login_role = session_user OR awards.sees_all_units() OR p.unit_id IN (SELECT awards.my_units())
            THEN p.email END AS email
FROM awards.people p;

REVOKE ALL ON awards.people_directory FROM PUBLIC;
GRANT SELECT ON awards.people_directory TO awards_officer, awards_manager, awards_standing_agency, awards_admin;
