-- A person is several things at once: a mother who teaches here, a pupil inside a family. The
-- family capacity (pupil or parent, or none yet) is kept apart from the staff capacity (staff or
-- admin), so granting or revoking staff never touches how the family side speaks to them.
ALTER TABLE users RENAME COLUMN role TO family_role;
ALTER TABLE users ADD COLUMN staff_role TEXT CHECK (staff_role IN ('staff', 'admin'));

UPDATE users SET staff_role = family_role WHERE family_role IN ('staff', 'admin');
-- staff who are in a family keep that capacity; the others have none yet
UPDATE users SET family_role = (
    SELECT CASE m.relation WHEN 'child' THEN 'pupil' ELSE 'parent' END
    FROM family_members m WHERE m.user_id = users.id
) WHERE family_role IN ('staff', 'admin');

DROP INDEX users_role;
CREATE INDEX users_family_role ON users (family_role);
CREATE INDEX users_staff_role ON users (staff_role) WHERE staff_role IS NOT NULL;

-- the old column's CHECK still admits staff values: these keep it to the family's two
CREATE TRIGGER users_family_role_insert BEFORE INSERT ON users
WHEN NEW.family_role IS NOT NULL AND NEW.family_role NOT IN ('pupil', 'parent')
BEGIN SELECT RAISE(ABORT, 'family_role must be pupil or parent'); END;
CREATE TRIGGER users_family_role_update BEFORE UPDATE OF family_role ON users
WHEN NEW.family_role IS NOT NULL AND NEW.family_role NOT IN ('pupil', 'parent')
BEGIN SELECT RAISE(ABORT, 'family_role must be pupil or parent'); END;
