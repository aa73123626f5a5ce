-- A lesson's version counts every change a family's calendar must apply: staff's changes
-- (written with the version), and a closure put on or taken off its day or an import that
-- moves it (these triggers). So a calendar file's SEQUENCE, which is the version, only grows.
-- A lesson staff changed by hand stays as they left it whatever the closures: not counted.
CREATE TRIGGER lessons_closure_version AFTER UPDATE OF closure_id ON lessons
WHEN OLD.closure_id IS NOT NEW.closure_id AND OLD.version = NEW.version AND NEW.manual = 0
BEGIN UPDATE lessons SET version = version + 1 WHERE id = NEW.id; END;
CREATE TRIGGER lessons_time_version AFTER UPDATE OF starts_at, ends_at, room ON lessons
WHEN (OLD.starts_at IS NOT NEW.starts_at OR OLD.ends_at IS NOT NEW.ends_at
      OR OLD.room IS NOT NEW.room) AND OLD.version = NEW.version
BEGIN UPDATE lessons SET version = version + 1 WHERE id = NEW.id; END;

-- a «не придём» shows on the lesson in the family's schedule: its cached screens go
CREATE TRIGGER absences_insert_schedule AFTER INSERT ON absences
BEGIN UPDATE versions SET n = n + 1 WHERE name = 'schedule'; END;
CREATE TRIGGER absences_delete_schedule AFTER DELETE ON absences
BEGIN UPDATE versions SET n = n + 1 WHERE name = 'schedule'; END;
