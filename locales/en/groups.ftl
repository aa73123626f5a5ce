## Staff: "My groups", a group's screen, its teacher, a message to the group (handlers/staff/groups).

cmd-mygroups = My groups: lessons, roster, a message to the group
btn-my-groups = 🧑‍🏫 My groups
btn-gr-all = 🗓 All groups
btn-gr-mine = ⬅️ My groups
btn-gr-back = ⬅️ To the group
btn-gr-mark = 📋 Take register
btn-gr-roster = 👥 Roster
btn-gr-notes = 📝 What we did
btn-gr-write = 📣 Message the group
btn-gr-stats = 📊 Attendance
btn-gr-lessons = 🗓 Lessons
btn-gr-teacher = 🧑‍🏫 Teacher
btn-gr-no-teacher = No teacher

gr-mine = 🧑‍🏫 <b>My groups</b>
gr-mine-none = You don't teach any group yet. An admin names a group's teacher, on the group's screen or in the groups file. Every group and its lessons are under /lessons.
gr-title = 🧑‍🏫 <b>{ $programme }</b>
    Group “{ $group }” ({ $code })
gr-today = Today: { $when }, { $room }{ $off ->
        [yes] {" "}— cancelled
       *[no] {""}
    }
gr-today-none = No lesson today
gr-next = Next: { $when }, { $room }
gr-next-none = No more lessons ahead
gr-teacher = Teacher: { $named ->
        [yes] { $teacher }
       *[no] not named
    }
gr-teacher-listed = Teacher: not named (the timetable says { $listed })
gr-teacher-both = Teacher: { $listed } (in the timetable) · in the bot: { $teacher }, who gets the families' answers
gr-children = Children: { $n } of { $capacity } seats

gr-admin-only = Only an admin names a group's teacher.
gr-teacher-pick = Choose the group's teacher from the staff:
gr-teacher-set = Done: the group's teacher is set.
gr-teacher-cleared = Done: the group has no teacher now.
gr-teacher-not-staff = That person is no longer on staff: choose someone else.

gr-write-title = 📣 <b>Message to the group</b>
gr-write-reach = { $n ->
        [one] { $n } person
       *[other] { $n } people
    } will get it: the parents of the group's children and the children themselves (those with an account).
gr-write-ask = Write the message as one text; you may attach a photo. I'll show how it looks before it goes. /cancel to drop it.
gr-write-nobody = The group has no children whose families use the bot yet — nobody to write to.
gr-write-refused = Only the group's teacher or an admin can message the group.
gr-write-cancelled = The message to the group is cancelled, nothing was sent.
gr-write-dropped = The message to the group was not sent.
gr-write-not-yours = The message was not sent: you no longer teach this group, and only its teacher or an admin can message it. The draft is kept — if you are made its teacher again, press “✅ Send” above once more.
bc-aud-one-group = 👥 the families of the group: { $where }

sched-marks-legend = ✅ present · ❌ absent · ⏰ late · 🙅 said they would miss it
gr-write-heading = 📣 <b>A message from the teacher of the group “{ $group }”</b> — { $programme }
