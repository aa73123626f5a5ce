-- The register after a family is forgotten, and the first marker of a corrected mark.
--
-- A forgotten child's marks move off the child's id (which SQLite may hand to the next child)
-- to a number of their own, negative so it can never be a child's: one per child, taken from
-- this counter (AUTOINCREMENT never gives a number twice). The rows hold nothing else.
CREATE TABLE forgotten_pupils (
    id INTEGER PRIMARY KEY AUTOINCREMENT
);

-- Marks already left by a forgotten child (child_id gone, pupil still the old id) get theirs.
CREATE TEMP TABLE pupils_gone AS
    SELECT pupil, row_number() OVER (ORDER BY pupil) AS n
    FROM (SELECT DISTINCT pupil FROM attendance WHERE child_id IS NULL AND pupil > 0
          UNION SELECT DISTINCT pupil FROM attendance_changes
          WHERE child_id IS NULL AND pupil > 0);
INSERT INTO forgotten_pupils (id) SELECT n FROM pupils_gone;
UPDATE attendance SET pupil = -(SELECT n FROM pupils_gone g WHERE g.pupil = attendance.pupil)
    WHERE child_id IS NULL AND pupil > 0;
UPDATE attendance_changes
    SET pupil = -(SELECT n FROM pupils_gone g WHERE g.pupil = attendance_changes.pupil)
    WHERE child_id IS NULL AND pupil > 0;
DROP TABLE pupils_gone;

-- A correction keeps who had set the mark before, and when (the first register survives).
ALTER TABLE attendance_changes ADD COLUMN by_was INTEGER;   -- a user id (staff work, kept)
ALTER TABLE attendance_changes ADD COLUMN at_was TEXT;      -- UTC

-- «Не пришёл» rows that can never be told (the family gone, a «Не придём», the lesson off)
-- are settled, `told_at` set, so the index of notices still to decide holds only live ones.
UPDATE attendance SET told_at = marked_at
    WHERE mark = 'absent' AND told_at IS NULL AND child_id IS NULL;
