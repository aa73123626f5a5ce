-- This number belongs to another change of the schema, made alongside this one; the file
-- gives way to it and does nothing.
SELECT 1;
