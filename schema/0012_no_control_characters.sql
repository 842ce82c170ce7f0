-- Names and e-mail addresses carry no control characters (issue 9, finding 9): an ESC stored in a name
-- was printed raw to other users' terminals, where it can move the cursor, recolour or hide text.
-- Every stored name is an awards.display_name, so one domain check covers units, people, movements,
-- groups and nominees, for psql users as for the CLI.
ALTER DOMAIN awards.display_name ADD CONSTRAINT display_name_printable CHECK (VALUE !~ '[[:cntrl:]]');
ALTER TABLE awards.people ADD CONSTRAINT people_email_printable CHECK (email !~ '[[:cntrl:]]');
