## A family's and a pupil's schedule (/schedule), the next lesson, the calendar file, a
## quantum's group timetable. $you is "ty" for pupils, "vy" for everyone else.

sched-title = 🗓 <b>{ $you ->
        [ty] Your schedule
       *[vy] Class schedule
    }</b>
sched-week = <b>{ $which ->
        [this] This week
        [next] Next week
        [last] Last week
       *[other] Week
    } · { $range }</b>
sched-no-lessons = No lessons.
sched-group = “{ $group }”
sched-cancelled = cancelled
sched-cancelled-because = cancelled: { $reason }
sched-moved = moved from { $when }
sched-moved-because = moved from { $when }: { $reason }
# $status: the application's status (application-status)
sched-application = application: { $status }
sched-absent = { $you ->
        [ty] you won't be there
       *[vy] { $name } won't be there
    }
# what to bring: under the weeks, for each group that asks for something
sched-note = 🎒 Bring to “{ $group }”: { $note }
sched-next-note = 🎒 Bring: { $note }
sched-more = …and { $count ->
        [one] { $count } more lesson
       *[other] { $count } more lessons
    } — page through the weeks.
sched-empty = { $you ->
        [ty] Nothing here yet: your lessons will show up once you join a group. Pick a quantum in the catalogue or take the quiz — you can sign up from a quantum's card.
       *[vy] Nothing here yet: lessons will show up once your child joins a group. Pick a quantum in the catalogue or take the “Which quantum is mine?” quiz — you can sign your child up from a quantum's card.
    }{ $family ->
        [yes] {" "}{ $you ->
            [ty] Your applications and their status are under “My applications”.
           *[vy] Applications and their status are under “My children”.
        }
       *[no] {""}
    }

btn-sched-earlier = ◀️ Earlier
btn-sched-later = Later ▶️
btn-sched-now = 📍 Now
btn-sched-next = ⏭ Next lesson
btn-sched-ics = 📅 Add to calendar
btn-sched-back = 🗓 Back to schedule

## The next lesson

sched-next-title = ⏭ <b>{ $count ->
        [one] Next lesson
       *[other] Next lessons
    }</b>
sched-next-child = <b>{ $name }</b> — { $when }

when-now = on now, until { $until }
when-minutes = in { $minutes ->
        [one] { $minutes } minute
       *[other] { $minutes } minutes
    }
when-hours = in { $hours ->
        [one] { $hours } hour
       *[other] { $hours } hours
    }
when-hours-minutes = in { $hours ->
        [one] { $hours } hour
       *[other] { $hours } hours
    } { $minutes ->
        [one] { $minutes } minute
       *[other] { $minutes } minutes
    }
when-today = today at { $time }
when-tomorrow = tomorrow at { $time }
when-weekday = on { $day ->
        [0] Monday
        [1] Tuesday
        [2] Wednesday
        [3] Thursday
        [4] Friday
        [5] Saturday
       *[6] Sunday
    } at { $time }
when-date = { $date }, { $time }

## The calendar file (.ics)

ics-pick = 📅 <b>Add to calendar</b>
    Whose lessons should go in? The file opens in your phone's calendar.
btn-ics-family = 👪 Whole family
ics-caption = 📅 Open the file and the lessons appear in your phone's calendar. If the schedule changes, download it again: the events are updated, not doubled.
# a file of nothing but the cancelled lessons of applications that are over
ics-caption-removed = 📅 Open the file and the cancelled lessons leave your phone's calendar.
ics-name-child = Kvantorium — { $name }
ics-name-family = Kvantorium — family
ics-summary = { $title } · “{ $group }”
ics-summary-child = { $name }: { $summary }
ics-summary-cancelled = Cancelled — { $summary }
ics-cancelled = The lesson is cancelled.
ics-cancelled-because = The lesson is cancelled: { $reason }.
ics-moved = Moved from { $when }.
ics-moved-because = Moved from { $when }: { $reason }.
ics-pending = Application: { $status }. The lesson holds once it is confirmed.
ics-note = Bring: { $note }
ics-teacher = Teacher: { $teacher }
# a lesson of an application that is over ($status: its status): a calendar that has it from
# an earlier file drops it
ics-ended = { $status ->
        [withdrawn] The place in the group was given up, so this lesson is off the schedule.
        [waitlisted] The application is on the waiting list; the lesson comes back if a seat frees up.
        [rejected] The application was declined, so this lesson is off the schedule.
       *[cancelled] The application was cancelled, so this lesson is off the schedule.
    }
# under "Nothing here yet" when an application is over and its lessons may be in a calendar
sched-empty-ics = 📅 If the lessons are in your phone's calendar, download the file again and the cancelled ones will leave it.
btn-sched-ics-update = 📅 Update calendar

## A quantum's group timetable (from the quantum's card and the sign-up group list)

tt-title = 🗓 <b>{ $quantum }: group timetable</b>
tt-when = “{ $group }” — { $when }
tt-not-published = timetable not published yet
tt-ages = ages { $min }–{ $max }
tt-free = { $free ->
        [0] full, { $waiting } waiting
        [one] { $free } place free
       *[other] { $free } places free
    }
tt-dates = { $start } to { $end }
tt-note = 🎒 Bring: { $note }
tt-none = This quantum has no groups yet. When it opens for sign-up, its news will say so: follow it on its card (“🔔 Quantum news”). Meanwhile, the catalogue has the other quanta.
tt-more = …and { $count ->
        [one] { $count } more group
       *[other] { $count } more groups
    } — all of them are in the list when you sign up.
btn-tt-quantum = 🗓 Group timetable
btn-tt-back = ⬅️ Back to quantum
