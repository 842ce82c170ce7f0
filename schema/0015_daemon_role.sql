-- The reminder daemon's own group role, with exactly what it needs (issue 9, finding 6). awardsd
-- connected as the schema owner — on the embedded default a superuser — so a flaw in it, or anyone who
-- had its connection settings, could rewrite every nomination. Its login (awardsd by default:
-- settings daemon.user) joins awards_daemon and may only:
--   * read the open deadlines due for a reminder, the units and the people who receive them;
--   * move a deadline's next reminder time (FOR UPDATE SKIP LOCKED needs an UPDATE privilege);
--   * write each reminder once and the message that carries it;
--   * lease, mark sent, retry or fail messages in the outbox.
-- Nothing else: not a nomination, not its history, not a workflow, not a function of the schema.
-- awardsd itself refuses to run as a superuser or as a member of the schema's owner.

DO $roles$
BEGIN
    CREATE ROLE awards_daemon NOLOGIN;
EXCEPTION WHEN duplicate_object OR unique_violation THEN
    NULL;
END
$roles$;

GRANT USAGE ON SCHEMA awards TO awards_daemon;

GRANT SELECT (id, title, action, due_on, unit_id, assignee_role, nomination_id, obligation_id, state, closed_at, next_reminder_at),
      UPDATE (next_reminder_at) ON awards.deadlines TO awards_daemon;
GRANT SELECT (id, receiving_unit_id) ON awards.obligations TO awards_daemon;
GRANT SELECT (id, parent_id, code, name) ON awards.units TO awards_daemon;
GRANT SELECT (id, email, full_name, unit_id, roles, login_role, deactivated_at) ON awards.people TO awards_daemon;
GRANT SELECT (deadline_id, step, recipient_email, outbox_id), INSERT (deadline_id, step, recipient_email),
      UPDATE (outbox_id) ON awards.reminders TO awards_daemon;
GRANT SELECT, INSERT (message_key, recipient_email, recipient_name, subject, body_text, body_html),
      UPDATE (status, attempts, next_attempt_at, lease_owner, lease_until, last_error, sent_at) ON awards.outbox TO awards_daemon;

-- The people's policies call functions the daemon may not execute; a policy applies to every role it
-- names, so they name the people's group roles and the daemon gets policies of its own. The daemon
-- reminds every unit: its rows are all the open deadlines (its column grants bound what it reads).
ALTER POLICY deadlines_in_scope ON awards.deadlines TO awards_officer, awards_manager, awards_standing_agency, awards_admin;
ALTER POLICY obligations_in_scope ON awards.obligations TO awards_officer, awards_manager, awards_standing_agency, awards_admin;
CREATE POLICY deadlines_for_the_daemon ON awards.deadlines FOR SELECT TO awards_daemon USING (closed_at IS NULL);
CREATE POLICY deadlines_rescheduled_by_the_daemon ON awards.deadlines FOR UPDATE TO awards_daemon
    USING (closed_at IS NULL) WITH CHECK (closed_at IS NULL);
CREATE POLICY obligations_for_the_daemon ON awards.obligations FOR SELECT TO awards_daemon USING (true);
