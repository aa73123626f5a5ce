## Staff and events: the «➕ New event» form, an event's screen for staff, notices of a move or a cancellation (handlers/staff/events).

ev-kind-open_day = 🚪 Open day
ev-kind-master_class = 🛠 Master class
ev-kind-trial = 🧪 Trial lesson
ev-kind-competition = 🏆 Competition

btn-eva-cancel = ✖️ Cancel
btn-eva-same = Same as Russian
btn-eva-any-age = Any age
btn-eva-done = ✅ Done
btn-eva-skip = Skip
btn-eva-create = ✅ Create
btn-eva-save = 💾 Save
btn-eva-f-kind = Kind
btn-eva-f-title = Title
btn-eva-f-when = When
btn-eva-f-place = Place
btn-eva-f-seats = Seats and ages
btn-eva-f-quanta = Quanta
btn-eva-f-comp = Adults
btn-eva-f-until = Sign-up until
btn-eva-f-desc = Description
btn-eva-write = 📣 Message everyone
btn-eva-edit = ✏️ Edit
btn-eva-cancel-event = ❌ Cancel event
btn-eva-cancel-yes = ❌ Yes, cancel it
btn-eva-list = ⬇️ List
btn-eva-events = ⬅️ Events
btn-eva-back = ⬅️ Back to event
btn-ev-open = 🎪 The event
btn-ev-list = 🎪 Events

eva-ask-kind = ➕ <b>New event</b>

    What kind of event is it?
eva-ask-title-ru = The title in Russian, as families will see it. For example: Мастер-класс «Первый робот»
eva-ask-title-en = The title in English, for people who read the bot in English. Or press «Same as Russian».
eva-ask-starts = When does it start? Date and time, e.g. { $example } 16:00 (or { $short } 16:00).
eva-ask-ends = How long is it? E.g. 90 (minutes), 1.5 h — or the end time: 17:30.
eva-ask-place = Where? E.g. Kvantorium, 2nd floor, lab 204
eva-ask-seats = How many seats for children? A number; 0 means no limit.
eva-ask-ages = Children's ages, e.g. 7–12, from 10, to 14 — or «Any age».
eva-ask-quanta = Which quanta take part? Tick them and press «Done» (none is fine).
eva-ask-companions = How many adults may come with a child? A button or a number from 0 to 5.
eva-ask-until = Until when can people sign up? E.g. { $example } 20:00 — or «Skip» (until it starts).
eva-ask-description = A few words about the event for families (up to 1000 characters) — or «Skip».
eva-ask-description-en = The same in English, for those who read the bot in English. Or press «Same as Russian».

eva-empty = This needs some text — letters or digits.
eva-too-long = Too long: { $limit } characters at most.
eva-when-format = I didn't get the date and time. Write it like this: { $example } 16:00
eva-when-no-such = There is no such date or time — check the numbers.
eva-when-past = That time has passed — give one in the future.
eva-when-far = That is more than two years away — probably a typo in the year.
eva-end-format = I didn't get that. Write a length (90 or 1.5 h) or an end time (17:30).
eva-end-before = The end must be after the start.
eva-end-long = More than two weeks — probably a typo.
eva-number = This needs a whole number from { $low } to { $high }.
eva-ages-format = I didn't get the ages. E.g. 7–12, from 10 or to 14 (3 to 99 years).
eva-ages-order = The first age is greater than the second — swap them.
eva-until-after = Sign-up must close before the event starts.
eva-use-buttons = Please answer with a button here.
eva-cancelled = The event was not saved.
eva-form-stale = This form is already closed. Events are one press away.
eva-gone = There is no such event — perhaps it was removed.
eva-save-gone = The event was not found; the changes were not saved.
eva-save-cancelled = The event is already cancelled; the changes were not saved.
eva-staff-only = This is for the technopark's staff only.

eva-preview-new = ➕ <b>New event</b> — check it and press «Create»:
eva-preview-edit = ✏️ <b>Editing the event</b> — check it and press «Save»:
eva-when = 🗓 { $when }
eva-place = 📍 { $place }
eva-seats = Seats: { $n ->
        [0] no limit
       *[other] { $n }
    }
eva-ages = Ages: { $low ->
        [none] { $high ->
            [none] any
           *[other] up to { $high }
        }
       *[other] { $high ->
            [none] { $low } and up
           *[other] { $low }–{ $high }
        }
    }
eva-quanta = Quanta: { $names ->
        [none] —
       *[other] { $names }
    }
eva-companions = { $n ->
        [0] Children come without adults
       *[other] Adults per child: up to { $n }
    }
eva-until = Sign-up until: { $when }
eva-code = Poster link: { $link }
eva-created = The event is created.
eva-updated = The event is saved.{ $n ->
        [0] {""}
        [one] {" "}{ $n } person will hear of the change.
       *[other] {" "}{ $n } people will hear of the change.
    }

eva-screen-title = <b>{ $title }</b>
eva-screen-cancelled = ❌ The event is cancelled.
eva-registered = Registered: { $seats ->
        [0] { $taken } (no seat limit)
        [one] { $taken } of { $seats } seat
       *[other] { $taken } of { $seats } seats
    }
eva-waiting = On the waitlist: { $n }
eva-checked-in = Checked in: { $n } of { $of }
eva-companions-expected = Adults expected: { $n }
eva-people = <b>Children</b> (page { $page } of { $pages }):
eva-came = · ✅ here
eva-people-none = Nobody has signed up yet.
eva-person = { $number }. { $name } — { $age } · { $status }
eva-status = { $status ->
        [seat] seat
        [offered] seat offered
        [waitlist] waitlist
       *[consent] awaiting consent
    }
eva-csv-columns = Child;Age;Status;Adults;Parent;Phone;Checked in
eva-stars = Feedback: ★ { $stars } ({ $n })
eva-comment = — «{ $comment }» ({ $stars }★)
eva-cancel-ask = ❌ Cancel «{ $title }»? { $n ->
        [0] Nobody has signed up yet.
        [one] { $n } person signed up will be told.
       *[other] { $n } people signed up will be told.
    } A cancelled event cannot be brought back.
eva-cancel-done = Cancellation messages: { $n }.
eva-list-caption = ⬇️ List: { $title }
eva-write-title = 📣 <b>Message to everyone at</b> «{ $title }»
    { $when }
eva-write-ask = Write the message as one text; a photo may go with it. Everyone signed up gets it, the waitlist too. I'll show a preview before sending. /cancel to drop it.
eva-write-nobody = Nobody has signed up for the event yet — there is no one to write to.
bc-aud-one-event = everyone signed up for the event

ev-moved-notice = 🗓 <b>The event has moved</b>
    «{ $title }» is now on { $when }, { $place }.
    If the new time doesn't suit you, you can cancel your place on the event's card.
ev-cancelled-notice = ❌ <b>The event is cancelled</b>
    «{ $title }» ({ $when }) will not take place. We're sorry — have a look at the other events.

eva-ended-cancel = The event is over — it can't be cancelled.
eva-ended-time = The event is over — its time no longer changes. The place and the description may still be put right.
eva-seats-cut = ⚠️ { $n } are already signed up: they keep their places, no new seats will open.
btn-eva-past = 🗂 Under way and past
eva-past-title = 🗂 <b>Events under way and past</b> — the last 7 days (page { $page } of { $pages }):
eva-past-line = <b>{ $title }</b>{ $status ->
        [cancelled] {" "}(cancelled)
       *[other] {""}
    }
    🗓 { $when }
eva-past-none = No events under way or over in the last 7 days.
eva-write-reach = { $n ->
        [one] { $n } person gets it
       *[other] { $n } people get it
    } — everyone who signed children up for the event, the waitlist too.
eva-write-heading = 📣 <b>{ $title }</b>, { $when }
eva-write-sent = ⬅️ Back to «{ $title }»
cmd-pastevents = Events under way and past
