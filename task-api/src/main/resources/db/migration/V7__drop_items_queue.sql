-- items_queue (V1) was the claim's index until V6 added items_claimable, which holds the same
-- columns for the items with a free place only; the claim queries (work/Assignments.java) use
-- items_claimable, and no other statement reads items_queue. Every update of an item (a claim
-- and a submit each update it, and neither update can be HOT because indexed columns change)
-- still wrote an entry into it, so it cost index maintenance and WAL on every label for nothing.
DROP INDEX IF EXISTS items_queue;
