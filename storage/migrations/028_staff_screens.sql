-- Staff's lesson screens (every group, a group's screen and its lessons, a lesson's card) are
-- kept in memory until what they show changes, by this process or another: the schedule's
-- data (versions 'schedule'), and what that counter leaves out, counted here (versions
-- 'staff'): a member of staff's capacity and name (a group's teacher), who blocked the bot
-- (a change is not told to them), the reminders delivered for a lesson and its change notices.
INSERT INTO versions (name, n) VALUES ('staff', 0);

CREATE TRIGGER users_update_staff AFTER UPDATE OF staff_role, first_name, username, blocked
ON users
WHEN OLD.staff_role IS NOT NEW.staff_role OR OLD.first_name IS NOT NEW.first_name
    OR OLD.username IS NOT NEW.username OR OLD.blocked IS NOT NEW.blocked
BEGIN UPDATE versions SET n = n + 1 WHERE name = 'staff'; END;
CREATE TRIGGER users_insert_staff AFTER INSERT ON users WHEN NEW.staff_role IS NOT NULL
BEGIN UPDATE versions SET n = n + 1 WHERE name = 'staff'; END;
CREATE TRIGGER users_delete_staff AFTER DELETE ON users
BEGIN UPDATE versions SET n = n + 1 WHERE name = 'staff'; END;

-- a lesson's outbox rows its card counts: its change notices, its reminders delivered
CREATE TRIGGER outbox_insert_staff AFTER INSERT ON outbox
WHEN NEW.lesson_id IS NOT NULL
    AND (NEW.kind = 'lesson' OR (NEW.kind = 'reminder' AND NEW.status = 'sent'))
BEGIN UPDATE versions SET n = n + 1 WHERE name = 'staff'; END;
CREATE TRIGGER outbox_update_staff AFTER UPDATE OF status, kind, lesson_id ON outbox
WHEN (OLD.lesson_id IS NOT NULL OR NEW.lesson_id IS NOT NULL)
    AND (OLD.lesson_id IS NOT NEW.lesson_id OR OLD.kind IS NOT NEW.kind
         OR (NEW.kind = 'reminder' AND (OLD.status = 'sent') IS NOT (NEW.status = 'sent')))
BEGIN UPDATE versions SET n = n + 1 WHERE name = 'staff'; END;
CREATE TRIGGER outbox_delete_staff AFTER DELETE ON outbox
WHEN OLD.lesson_id IS NOT NULL
    AND (OLD.kind = 'lesson' OR (OLD.kind = 'reminder' AND OLD.status = 'sent'))
BEGIN UPDATE versions SET n = n + 1 WHERE name = 'staff'; END;
