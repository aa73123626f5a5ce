## Staff: every group's lessons of a week; closures (holidays, breaks)

week-title = 🗓 <b>Week of { $dates }</b>{ $offset ->
        [0] {" "}· this week
        [1] {" "}· next week
        [-1] {" "}· last week
       *[other] {""}
    }
week-summary = { $lessons ->
        [one] { $lessons } lesson
       *[other] { $lessons } lessons
    }{ $off ->
        [0] {""}
       *[other] , { $off } off
    }{ $clashes ->
        [0] {""}
       *[other] {"\u000A"}⚠️ Clashes: { $clashes } — two lessons in one room at the same time.
    }{ $teacher_clashes ->
        [0] {""}
       *[other] {"\u000A"}⚠️ Teacher clashes: { $teacher_clashes } — one teacher with two groups at the same time.
    }
week-empty = No lessons this week.
week-by-day = A busy week — one day at a time.
week-part = part { $part } of { $parts }
week-no-room = no room given
week-off = cancelled
week-off-why = cancelled: { $reason }
week-moved = moved from { $moved_from }
week-moved-why = moved from { $moved_from }: { $reason }
week-kept = on, although the tech park is closed
week-clash = ⚠️ clash
week-clash-teacher = ⚠️ teacher clash
week-clash-both = ⚠️ clash: room and teacher
btn-week-prev = ◀️ Week
btn-week-next = Week ▶️
btn-week-part-prev = ◀️ Part { $part }
btn-week-part-next = Part { $part } ▶️
btn-staff-week = 🗓 Week

closure-list-title = 📅 <b>Closures</b>
closure-list-empty = No closures ahead.
closure-line = • { $dates } — { $reason }
closure-line-quanta = • { $dates } — { $reason } · { $quanta } only
closure-list-more = …and { $count } more
closure-list-hint = Lessons on these days are off. A whole year of holidays is easier to load from a file: python -m bot import closures FILE.csv
btn-closure-add = ➕ Add
closure-ask-dates = 📅 <b>New closure</b>
    From when to when is the tech park closed? One date is fine too.
    For example: 31.12–08.01, 31.12.2026–08.01.2027 or 04.11
    /cancel — cancel
closure-ask-dates-change = 📅 <b>The closure's new dates</b>
    From when to when is the tech park closed? One date is fine too.
    For example: 31.12–08.01, 31.12.2026–08.01.2027 or 04.11
    /cancel — cancel, the closure stays as it was
closure-dates-format = I couldn't read the dates. Send one date, or two joined by a dash, day and month in digits.
closure-dates-no-such = There is no such date: { $value }. Check the day and the month.
closure-dates-order = The first date is after the second. Put the start first, then the end.
closure-dates-past = These days are over. A closure has to end today or later.
closure-dates-long = That is more than { $days } days — probably a typo in a date.
closure-dates-far = A closure in { $year }? That is more than two years ahead — probably a typo in the year.
closure-ask-reason = { $dates }. What is the reason? It will show in the schedule.
    For example: New Year holidays
    /cancel — cancel
closure-reason-holiday = Public holiday
closure-reason-break = Technopark break
closure-reason-sanitary = Maintenance day
closure-reason-empty = The reason is empty. Please put it in words.
closure-reason-too-long = Too long: { $length } characters, at most { $limit }. Shorten it and send it again.
closure-quanta = 🎯 <b>Who is closed?</b>
    { $dates } — { $reason }
    Now: { $who }
    If only part of the tech park closes, tick its quanta.
closure-whole = the whole tech park
btn-closure-whole = Whole tech park
btn-closure-page-prev = ◀️ Previous
btn-closure-page-next = More quanta ▶️
btn-closure-check = 👁 Review
btn-closure-cancel = ✖️ Cancel
closure-preview = 📅 <b>Check the closure</b>
    Dates: { $dates } ({ $days ->
        [one] { $days } day
       *[other] { $days } days
    })
    Reason: { $reason }
    Who: { $who }
    { $count ->
        [0] There are no lessons on these days, so nobody needs to be told.
        [one] { $count } lesson falls inside — it will be cancelled.
       *[other] { $count } lessons fall inside — they will be cancelled.
    }{ $count ->
        [0] {""}
       *[other] {" "}Lessons already cancelled or moved by hand stay as they are.
        The families of the children in these groups get a message listing the cancelled lessons.
    }
closure-preview-exists = A closure with these dates already exists — its reason will be updated.
btn-closure-confirm = ✅ Add
btn-closure-quanta = 🎯 Who
closure-done = { $count ->
        [0] ✅ Done: the closure is added; there are no lessons on these days.
        [one] ✅ Done: { $count } lesson cancelled.
       *[other] ✅ Done: { $count } lessons cancelled.
    }
closure-updated = ✅ Done: the reason is updated. { $count ->
        [0] There are no lessons on these days.
        [one] { $count } lesson is off.
       *[other] { $count } lessons are off.
    }
closure-cancelled = The closure was not added; nothing was saved.
closure-change-cancelled = The closure was not changed; nothing was saved.
closure-use-buttons = Please choose with a button here.
closure-outdated = This button is out of date.

closure-preview-en = Reason in English: { $reason }
closure-preview-ru = Reason in Russian: { $reason }
# no English reason, and some of the people these lessons concern read the bot in English
closure-preview-no-en = ⚠️ There is no English reason, and { $english ->
        [one] { $english } person in these lessons' families reads the bot in English and will see
       *[other] { $english } people in these lessons' families read the bot in English and will see
    } the Russian one. Add it with “🇬🇧 In English”.
closure-preview-change = 📅 <b>Check the change</b>
    Dates: { $dates } ({ $days ->
        [one] { $days } day
       *[other] { $days } days
    })
    Reason: { $reason }
    Who: { $who }
    { $count ->
        [0] No more lessons are cancelled.
        [one] { $count } more lesson is cancelled.
       *[other] { $count } more lessons are cancelled.
    }{ $back ->
        [0] {""}
        [one] {" "}{ $back } lesson takes place as planned again.
       *[other] {" "}{ $back } lessons take place as planned again.
    }
    { $tell ->
        [yes] The families concerned get a message.
       *[no] Nobody needs to be told.
    }
btn-closure-save = ✅ Save
btn-closure-dates = 📅 Dates
btn-closure-reason = 💬 Reason
btn-closure-en = 🇬🇧 In English
btn-closure-unchanged = ↩️ Leave as is
btn-closure-no-en = No translation
closure-ask-reason-en = The reason in English — people using the bot in English see it. For example: New Year holidays
    Without it, everyone sees the Russian reason.
    /cancel — cancel
closure-card = 📅 <b>Closure: { $dates }</b>
    Reason: { $reason }
    Who: { $who }
    { $count ->
        [0] It cancels no lessons still to come.
        [one] { $count } lesson is cancelled.
       *[other] { $count } lessons are cancelled.
    }
closure-card-en = In English: { $reason }
closure-card-ru = In Russian: { $reason }
closure-reason-en-now = Now in English: { $reason }
closure-reason-en-stale = ✏️ The Russian reason is now “{ $reason }”, but the English one is still the old one. Send a new one, keep it (“↩️ Leave as is”) or drop it (“No translation”).
btn-closure-edit = ✏️ Change
btn-closure-remove = 🗑 Remove
btn-closure-list = ⬅️ Closures
btn-closure-remove-yes = 🗑 Yes, remove
btn-closure-keep = ↩️ Keep it
closure-remove-confirm = 🗑 <b>Remove the closure { $dates }?</b>
    { $count ->
        [0] It cancels no lessons.
        [one] { $count } lesson takes place as planned again; families get a message.
       *[other] { $count } lessons take place as planned again; families get a message.
    }
closure-removed = 🗑 The closure is removed. { $back ->
        [0] It cancelled no lessons.
        [one] { $back } lesson is on again.
       *[other] { $back } lessons are on again.
    }
closure-changed = ✅ The closure is changed: { $parts }.
closure-changed-off = { $n ->
        [one] one more lesson is cancelled
       *[other] { $n } more lessons are cancelled
    }
closure-changed-back = { $n ->
        [one] { $n } lesson is on again
       *[other] { $n } lessons are on again
    }
closure-changed-same = ✅ The closure is changed; { $kept ->
        [0] it cancels no lessons.
       *[other] the same lessons stay cancelled.
    }
closure-told = { $told ->
        [0] Nothing to tell families.
        [one] { $told } message to families is on its way.
       *[other] { $told } messages to families are on their way.
    }
closure-gone = This closure no longer exists.
closure-taken = A closure with these dates and quanta already exists. Change the dates or the quanta.
# $count: the lessons listed below
closure-notice-off = 📅 <b>{ $count ->
        [one] Lesson cancelled
       *[other] Lessons cancelled
    }</b>: { $reason }
closure-notice-back = ✅ <b>{ $count ->
        [one] The lesson is on again
       *[other] Lessons are on again
    }</b>:
closure-notice-back-because = { $count ->
        [one] ✅ <b>The lesson is on again</b> — the closure “{ $reason }” no longer covers it:
       *[other] ✅ <b>Lessons are on again</b> — the closure “{ $reason }” no longer covers them:
    }
# a closure's reason changed: the lessons already told of stay cancelled
closure-notice-reason = 📅 <b>{ $count ->
        [one] The lesson is still cancelled
       *[other] The lessons are still cancelled
    }</b>, for a new reason: { $reason }
closure-notice-line = • { $child } — { $quantum }, group “{ $group }”, { $when }
closure-notice-more = …and { $count } more
