-- Explicit assignment lists: which of a contributor's pairs they may still be handed.
--
-- A claim under an explicit list read every pair the contributor was ever assigned, joined each
-- to its item and only then dropped the items they had already labeled or skipped. On the rel
-- replay (a contributor listed on 7,531 items), one such claim took 62 ms of PostgreSQL time,
-- whether it found an item or not, and it stayed that slow to the end of the contributor's list:
-- the claims of the few prolific contributors were most of the database's work.
--
-- A pair stops being pending when its lease is submitted or skipped, in the same statement
-- (work/LabelSubmission.java, work/Assignments.java): neither can be undone, and the claim keeps
-- its own check against leases, so this column only narrows what a claim reads. Released and
-- expired leases leave the pair pending: the contributor may get the item again.
ALTER TABLE item_assignments ADD COLUMN pending boolean NOT NULL DEFAULT true;

UPDATE item_assignments a SET pending = false
FROM leases l
WHERE l.item_id = a.item_id AND l.contributor_id = a.contributor_id
  AND l.state IN ('submitted', 'skipped');

-- item_id in the key lets a claim read a contributor's pending items from the index alone.
CREATE INDEX item_assignments_pending ON item_assignments (project_id, contributor_id, item_id)
    WHERE pending;

-- Only the claims read item_assignments by project and contributor, now through the index above.
DROP INDEX item_assignments_project;
