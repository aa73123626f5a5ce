-- An event's seats of given children, found without reading all the event's seats: by the
-- children's birth dates (a child registered twice, «🎟 Уже записаны» on «Кто придёт?») and by
-- their records (also what deleting a child's record looks up for its seats).
CREATE INDEX event_seats_born ON event_seats (event_id, birth_date);
CREATE INDEX event_seats_of_child ON event_seats (child_id) WHERE child_id IS NOT NULL;
