-- A reminder queued before its deadline closed was still delivered (issue 10, finding 4): an
-- obligation completed while the SMTP server was down, a nomination approved while its reminder waited
-- for a retry. When the daemon claims messages, one whose reminders' deadlines have all closed is
-- marked superseded instead of being sent; `awards reminders --status superseded` lists them.
ALTER TABLE awards.outbox DROP CONSTRAINT outbox_status_check;
ALTER TABLE awards.outbox ADD CONSTRAINT outbox_status_check CHECK (status IN ('pending', 'sent', 'failed', 'superseded'));
