-- The queue `next` claims from, holding only items that still have a free place.
--
-- items_queue (V1) keeps every open item, and an item stays 'open' after it got all its planned
-- labels until the consensus job resolves it. Ordered by labels_count DESC, those full items sit
-- at the head of the index, so each claim stepped over all of them before finding a free place:
-- 599 rows filtered per claim after 660 labels, and growing by one with every completed item
-- (20,000 items: ~20,000 rows per claim by the end). Here an item leaves the index as its last
-- place is leased and returns if a lease expires or is released, so a claim reads the few rows
-- at the head that are locked by concurrent claims and takes the next one.
--
-- The predicate is written exactly as in the claim queries (work/Assignments.java): PostgreSQL
-- uses a partial index only when the query's conditions imply its predicate.
CREATE INDEX items_claimable ON items (project_id, is_gold, labels_count DESC, id)
    WHERE status = 'open' AND labels_count + open_leases < target;
