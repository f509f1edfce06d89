-- Explicit assignment lists get a claim queue per contributor.
--
-- A claim under an explicit list read every pair the contributor was ever assigned, joined each to
-- its item, dropped the items they had labeled or skipped and sorted the rest by label count. On
-- the rel replay (a contributor listed on 7,531 items) one such claim took 62-153 ms of PostgreSQL
-- time, whether it found an item or not, to the end of the contributor's list; such claims were
-- nearly every active statement sampled in pg_stat_activity, and the prolific contributors' long
-- lists kept the replay running long after everyone else had finished.
--
-- Each pair now carries what the claim orders and filters by, so that item_assignments_queue
-- reads a contributor's pairs in claim order (items closest to resolution first) and the claim
-- stops at the first one it can take:
--   pending       the contributor has not labeled or skipped the item. Cleared by a trigger on
--                 leases when the pair's lease is submitted or skipped, whichever statement does
--                 it; neither can be undone, so a pair never becomes pending again. Released and
--                 expired leases leave it pending: the contributor may get the item again.
--   item_open,    copies of the item's status = 'open', labels_count and is_gold, kept equal to
--   labels_count, the item's on every pending pair by a trigger on items, in the same transaction
--   is_gold       as any change of the item. A pair that is no longer pending is out of the queue
--                 for good, so its copies are left as they were.
-- Both are triggers so that no statement that changes an item or closes a lease has to know about
-- the queue. The claim still checks the item and the contributor's leases, so these columns only
-- decide what it reads, not what it may hand out.
ALTER TABLE item_assignments
    ADD COLUMN pending      boolean NOT NULL DEFAULT true,
    ADD COLUMN item_open    boolean NOT NULL DEFAULT true,
    ADD COLUMN labels_count integer NOT NULL DEFAULT 0,
    ADD COLUMN is_gold      boolean NOT NULL DEFAULT false;

UPDATE item_assignments a
SET item_open = (i.status = 'open'), labels_count = i.labels_count, is_gold = i.is_gold
FROM items i
WHERE i.id = a.item_id;

UPDATE item_assignments a SET pending = false
FROM leases l
WHERE l.item_id = a.item_id AND l.contributor_id = a.contributor_id
  AND l.state IN ('submitted', 'skipped');

CREATE INDEX item_assignments_queue
    ON item_assignments (project_id, contributor_id, is_gold, labels_count DESC, item_id)
    WHERE pending AND item_open;

-- The trigger's lookup, and the cascade when an item is deleted (which read the whole table).
CREATE INDEX item_assignments_item ON item_assignments (item_id);

-- Only the claims read item_assignments by project and contributor, now through the queue.
DROP INDEX item_assignments_project;

CREATE FUNCTION item_assignments_follow() RETURNS trigger AS $$
BEGIN
    UPDATE item_assignments
    SET item_open = (NEW.status = 'open'), labels_count = NEW.labels_count, is_gold = NEW.is_gold
    WHERE item_id = NEW.id AND pending
      AND (item_open IS DISTINCT FROM (NEW.status = 'open')
           OR labels_count IS DISTINCT FROM NEW.labels_count
           OR is_gold IS DISTINCT FROM NEW.is_gold);
    RETURN NULL;
END $$ LANGUAGE plpgsql;

-- Claims (open_leases) do not fire it: only what the queue orders and filters by. An item of an
-- open-assignment project has no pairs, and the lookup finds none.
CREATE TRIGGER items_follow AFTER UPDATE OF status, labels_count, gold_label ON items
    FOR EACH ROW
    WHEN (OLD.status IS DISTINCT FROM NEW.status
          OR OLD.labels_count IS DISTINCT FROM NEW.labels_count
          OR OLD.gold_label IS DISTINCT FROM NEW.gold_label)
    EXECUTE FUNCTION item_assignments_follow();

CREATE FUNCTION item_assignments_done() RETURNS trigger AS $$
BEGIN
    UPDATE item_assignments SET pending = false
    WHERE contributor_id = NEW.contributor_id AND item_id = NEW.item_id AND pending;
    RETURN NULL;
END $$ LANGUAGE plpgsql;

-- A lease is inserted open and closed by an update; only submitting or skipping ends the pair.
CREATE TRIGGER leases_done AFTER UPDATE OF state ON leases
    FOR EACH ROW
    WHEN (NEW.state IN ('submitted', 'skipped') AND OLD.state IS DISTINCT FROM NEW.state)
    EXECUTE FUNCTION item_assignments_done();
