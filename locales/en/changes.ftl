## Notices of a changed lesson, sent to the families of the group and its pupils.

lesson-cancelled = ❌ <b>Lesson cancelled</b>
    { $quantum } · group “{ $group }”
    { $old }
lesson-moved = 🔁 <b>Lesson moved</b>
    { $quantum } · group “{ $group }”
    Was: <s>{ $old }</s>
    Now: <b>{ $new }</b>
lesson-on-again = ✅ <b>The lesson is on after all</b>
    { $quantum } · group “{ $group }”
    { $new }
lesson-children = 👤 { $names }
lesson-reason = Reason: { $reason }
btn-schedule = 🗓 Schedule
cmd-lessons = Group lessons: cancel, move
cmd-week = All lessons of the week by room
cmd-closures = Holidays and closures
