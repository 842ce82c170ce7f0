-- PROPOSED for schema/ (not applied by migrations; scripts/bench --proposed-fix applies it to its
-- throwaway cluster only, to measure its effect). Found by the transitions/s benchmark (issue 5).
--
-- 1. The integrity triggers ran as the session's login, so their look-ups went through row-level
--    security. The deferred check_state_matches_history runs at COMMIT, outside awards.advance's
--    SECURITY DEFINER, and its history look-up was filtered by history_in_scope, whose
--    `nomination_id IN (SELECT id FROM awards.nominations)` builds a hash of every nomination the
--    session may see — a sequential scan of the whole table, calling awards.sees_all_units() once per
--    row — twice per transition (one trigger per table). The cost of one transition grew with the size
--    of the register. Integrity checks must see every row whoever commits: run them as the owner.
ALTER FUNCTION awards.check_state_matches_history() SECURITY DEFINER SET search_path = pg_catalog, awards;
ALTER FUNCTION awards.check_history_continues() SECURITY DEFINER SET search_path = pg_catalog, awards;

-- 2. The read policies themselves: evaluate "sees everything" once per statement (an InitPlan) instead
--    of once per row, and let history follow its nomination through an index look-up per row instead of
--    a hash of every visible nomination.
ALTER POLICY nominations_in_scope ON awards.nominations
    USING ((SELECT awards.sees_all_units()) OR unit_id IN (SELECT awards.my_units()));
ALTER POLICY history_in_scope ON awards.nomination_history
    USING (EXISTS (SELECT 1 FROM awards.nominations n WHERE n.id = nomination_id));
