## «🙅 We can't come» under a reminder: the answer to the press, the line in the reminder and
## the notice to the teacher. $name is the child's name; $relation: "child" when the pupil
## marked themself, "parent" otherwise; $you: "ty" for pupils, "vy" for others.

absence-line = 🙅 { $relation ->
        [child] You won't be there
       *[parent] { $name } won't be there
    } — the teacher has been told
btn-absent-undo = { $you ->
        [ty] ↩️ I'll come after all
       *[vy] ↩️ We'll come after all
    }
btn-absent-undo-child = ↩️ { $name } will come

absence-recorded = ✅ Noted
absence-already = { $relation ->
        [child] Already noted: you won't be there.
       *[parent] Already noted: { $name } won't be there.
    }
absence-taken-back = { $relation ->
        [child] Mark removed — see you at the lesson!
       *[parent] Mark removed: { $name } will come.
    }
absence-not-absent = There is no “can't come” mark to remove — see you at the lesson.
absence-not-yours = { $you ->
        [ty] You can only mark yourself — nothing has changed.
       *[vy] You can only mark your own child — nothing has changed.
    }
absence-not-in-group = This lesson isn't in your schedule — nothing has changed.
absence-gone = That lesson no longer exists — the schedule was updated. Have a look at “🗓 Schedule”.
absence-off = This lesson is cancelled — there's nothing to mark.
absence-started = The lesson has already started — the mark can't be changed now.

## To the teacher (or every member of staff when the group has no teacher's account).
absence-staff = 🙅 <b>{ $name } won't be there</b>
    { $programme }, group “{ $group }”
    { $when }
    Reported by { $relation ->
        [child] the pupil
       *[parent] a parent
    }
absence-staff-back = ↩️ <b>{ $name } will come after all</b>
    { $programme }, group “{ $group }”
    { $when }
    The “can't come” mark was removed by { $relation ->
        [child] the pupil
       *[parent] a parent
    }
btn-absence-lesson = 🗓 Lesson
