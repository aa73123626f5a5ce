## Staff: a group's lessons; one lesson cancelled, moved or restored (handlers/staff/lessons).

btn-lessons = 🗓 Lessons
ls-groups = 🗓 <b>Group lessons</b>
    Pick a group: those running now come first.
ls-groups-none = No groups yet: they are loaded from a spreadsheet with <code>python -m bot import groups</code>.
ls-group-line = { $code } — “{ $group }” · { $programme }{ $over ->
        [yes] {" "}(finished)
       *[no] {""}
    }
ls-group-title = 🗓 <b>{ $programme }</b>
    Group “{ $group }” ({ $code })
ls-list-line = { $when }{ $status ->
        [cancelled] {" "}— cancelled
        [closure] {" "}— not held
        [moved] {" "}— moved
       *[planned] {""}
    }
ls-list-none = No lessons ahead: the group has no timetable or its term is over.
ls-list-hint = Pick a lesson to cancel or move it.
btn-ls-groups = ⬅️ Groups
btn-ls-list = ⬅️ Group's lessons

ls-no-room = no room given
ls-card-when = When: { $when }
ls-card-room = Where: { $room }
ls-card-teacher = Teacher: { $teacher }
ls-card-status = Status: { $status ->
        [cancelled] cancelled
        [closure] not held, the tech park is closed
        [moved] moved
       *[planned] as scheduled
    }
ls-card-reason = Reason: { $reason }
ls-card-planned = Scheduled for: { $when }
ls-reminded = 🔔 Reminders sent: { $n }
ls-absent = { $n ->
        [0] 🙅 Nobody has said they can't come
       *[other] 🙅 Can't come ({ $n }): { $names }
    }
ls-audience = { $n ->
        [0] Nobody to tell about a change: the group has no confirmed pupils.
        [one] { $n } person will hear about a change.
       *[other] { $n } people will hear about a change.
    }
ls-over = This lesson is over — it can't be changed.
ls-restore-past = Its scheduled time has passed, so it can't go back to it — move it instead.
btn-ls-cancel = ❌ Cancel it
btn-ls-move = 🔁 Move it
btn-ls-restore = ↩️ Back to schedule

ls-head = { $action ->
        [cancel] ❌ <b>Cancelling a lesson</b>
        [move] 🔁 <b>Moving a lesson</b>
       *[restore] ↩️ <b>Back to the schedule</b>
    }
    { $programme } · group “{ $group }”
ls-now = Now: { $when }
ls-ask-day = Which day does it move to? For example { $short }, { $full } or “tomorrow”.
ls-ask-time = What time? Type the start, e.g. 17:00, and it keeps its length ({ $minutes } min) — or the start and end: 17:00-18:30.
ls-ask-room = Which room? Type it, or “-” to keep the same one ({ $room }).
ls-ask-reason = { $action ->
        [cancel] Why is it cancelled?
       *[move] Why is it moved?
    } Families will see the reason, up to { $limit } characters. For example: { $action ->
        [cancel] the teacher is ill.
       *[move] the room is taken by a competition.
    }
btn-ls-keep-day = 📅 Same day
btn-ls-keep-time = 🕒 Same time
btn-ls-keep-room = 🚪 Same room
btn-ls-back = ✖️ Cancel
btn-ls-keep-lesson = ↩️ Keep the lesson
ls-not-text = Please answer with text.

ls-day-format = I didn't get the date. Type the day and month, e.g. 15.10, or “tomorrow”.
ls-day-no-such = There's no such day in the calendar — check the day and month.
ls-day-past = That day is over — a lesson can move to today or later.
ls-day-far = That's more than a year away — check the date.
ls-time-format = I didn't get the time. Type e.g. 17:00 or 17:00-18:30.
ls-time-no-such = There's no such time: hours 0 to 23, minutes 00 to 59.
ls-time-order = The end is before the start — type e.g. 17:00-18:30.
ls-time-length = A lesson lasts from 15 minutes to 8 hours.
ls-time-midnight = It would end after midnight — pick an earlier start.
ls-time-past = That time has passed — pick a later one.
ls-room-too-long = Too long: a room's name takes up to { $limit } characters.
ls-room-chars = A room's name is letters, digits and punctuation — no emoji.
ls-room-empty = Type the room's name, or “-” to keep the same one.
ls-reason-too-long = Too long: a reason takes up to { $limit } characters. Please make it shorter.
ls-reason-empty = Give the reason in words — families will read it.
ls-same = That's the time and room it has now — nothing to move.

ls-before = Was: { $when }
ls-was-off = (cancelled)
ls-after = Will be: <b>{ $when }</b>
ls-after-off = Will be: <b>cancelled</b>
ls-clash-closure = ⚠️ { $whole ->
        [yes] The tech park is
       *[no] This quantum is
    } closed that day: { $reason }
ls-clash-room = ⚠️ The room is taken by another group: { $code } “{ $group }”, { $time }
ls-clash-teacher = ⚠️ { $named ->
        [yes] { $teacher }
       *[no] The teacher
    } teaches another group then: { $code } “{ $group }”, { $time }
ls-clash-more = …and { $n } more
ls-clash-anyway = You can still confirm the move.
ls-notify = { $n ->
        [0] Nobody to notify: the group has no confirmed pupils.
        [one] We'll notify { $n } person.
       *[other] We'll notify { $n } people.
    }
btn-ls-confirm = ✅ Confirm

ls-done = ✅ <b>Done: { $action ->
        [cancel] the lesson is cancelled
        [move] the lesson is moved
       *[restore] the lesson is back on schedule
    }</b>
ls-done-group = { $programme } · group “{ $group }”
ls-told = { $n ->
        [0] Nobody needed to be notified.
        [one] { $n } person will get a notice.
       *[other] { $n } people will get a notice.
    }
ls-stale = ⚠️ This lesson has already been changed: it is now { $status ->
        [cancelled] cancelled
        [closure] not held
        [moved] moved
       *[planned] as scheduled
    }. Have a look and decide again.
ls-gone = That lesson no longer exists — perhaps the group's timetable was updated. Here are the groups.
ls-group-gone = That group no longer exists. Here's the current list.
ls-form-gone = That button belongs to an earlier draft — here's the lesson as it is now.
ls-nothing-changed = Nothing was changed.
