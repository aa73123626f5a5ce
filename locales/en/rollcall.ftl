# The roll call: a lesson's register, marked by staff; the "not at the lesson" notices to families.

rc-title = 📋 <b>Register: { $programme }</b>
rc-lesson = Group “{ $group }” · { $when }
rc-counts = ✅ { $present } · ❌ { $absent } · ⏰ { $late } · 🙅 { $excused } · not marked { $unmarked }
rc-hint = Tap a name: ✅ here → ❌ absent → ⏰ late. Every tap is saved at once.
rc-empty = No children are enrolled in the group yet — nobody to mark.
rc-failed = ⚠️ Couldn't save — please try again. The marks not saved are shown on the buttons.
rc-done = ✔️ Register saved.
rc-done-told = ✔️ Register saved. Messages sent to the families of absent children: { $told }.
rc-done-later = ✔️ Register saved. The families of absent children will be told once the lesson starts.
rc-done-unmarked = Not marked yet: { $unmarked }. Marks can be set for 7 days after the lesson.
rc-saved = Saved

rc-not-staff = Only the technopark's staff can take the register — nothing has changed.
rc-gone = There is no such lesson — nothing has changed.
rc-off = This lesson is cancelled — there is nothing to mark.
rc-early = Marking opens at { $at }, 15 minutes before the lesson starts.
rc-closed = Marks can be set or corrected for 7 days after a lesson — that time is over.
rc-not-in-group = This child is not in the group — the mark has not changed.

rc-nothing = Nothing to mark now: there is no lesson today, and the past week's lessons are marked.
rc-today-later = Today's lesson starts at { $start } — marking opens at { $at }, 15 minutes before it.
rc-next = The next lesson: { $when }.
rc-no-next = There are no further lessons in the timetable yet.
rc-ls-marks = Marked: ✅ { $present } · ❌ { $absent } · ⏰ { $late } · 🙅 { $excused }

btn-rc-all = ✅ All here
btn-rc-done = ✔️ Done
btn-rc-retry = 💾 Save again
btn-rc-lesson = 🗓 Lesson
btn-rc-group = ↩️ To the group
btn-rc-open = 📋 Take register
btn-rc-ask = 💬 Reply to the teacher

rc-notice-absent = Teacher's register: { $name } — not at “{ $programme }”, { $when }. If this is a mistake, reply to the teacher.
rc-notice-fixed = Teacher's register: { $name } — mark corrected: at “{ $programme }”, { $when }.
rc-forgotten = 📋 The lesson is over and nobody is marked
    { $programme }, group “{ $group }”
    { $when }
    Mark who came — it takes a few seconds.

rc-ask-prompt = 💬 Write to the teacher in one message. For example: “At the lesson, 10 minutes late”.
rc-ask-form-open = ⚠️ A form is not finished yet. Writing to the teacher now will lose the answers typed so far.
btn-rc-ask-anyway = 💬 Write anyway

btn-rc-quiet = { $on ->
        [yes] 🔔 If absent: on
       *[no] 🔕 If absent: off
    }
rc-quiet-saved = { $on ->
        [yes] 🔔 Tell me if absent: on
       *[no] 🔕 Tell me if absent: off
    }
