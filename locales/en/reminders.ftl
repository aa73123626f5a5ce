## A class reminder, sent ahead of a lesson (the evening before, 3 h, 2 h, 1 h, 30 min).
## $when is "tomorrow at 15:00", "in 2 hours"; $you: "ty" for pupils, "vy" for others.

reminder-title = 🔔 <b>{ $you ->
        [ty] You have a lesson { $when }
       *[vy] Lesson { $when }
    }</b>
reminder-who = 👤 { $names }
reminder-what = 📚 { $title }, group “{ $group }”
reminder-time = 🕒 { $time }
reminder-room = 📍 { $room }
reminder-teacher = 🧑‍🏫 Teacher: { $teacher }
reminder-note = 🎒 { $note }
btn-reminder-schedule = 🗓 Schedule
btn-absent = { $you ->
        [ty] 🙅 I can't come
       *[vy] 🙅 We can't come
    }
btn-absent-child = 🙅 { $name } can't come
