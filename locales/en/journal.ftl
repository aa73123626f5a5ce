## Staff: attendance — the month's journal and the chart of eight weeks

cmd-attendance = Attendance: chart and register

# the register's letters for the marks
journal-letter-present = +
journal-letter-absent = a
journal-letter-late = l
journal-letter-excused = e
# a child whose family asked to delete its data: the counts stay, the name does not
journal-left = left
journal-sheet-fallback = Group
journal-none = No lessons were held in { $month }.
journal-month = Attendance register, { $month }
journal-col-child = Child
journal-col-present = Present
journal-col-missed = Missed
journal-col-hours = Hours
journal-lessons-held = Lessons held
journal-person-hours = Pupil-hours
journal-legend = { $m_present } present, { $m_absent } absent, { $m_late } late, { $m_excused } excused. Hours are academic (45 minutes), counted when present or late.
journal-csv-group = Group
journal-csv-child = Child
journal-csv-date = Date
journal-csv-mark = Mark
journal-csv-hours = Hours

journal-chart-title = Attendance by group
journal-chart-ylabel = Present, %

journal-no-marks = 📊 <b>Attendance</b>

    No marks in the last eight weeks yet: the chart appears after the first registers.
journal-caption-group = 📊 <b>{ $group }</b>: share present per week, last 8 weeks.
journal-caption-all = 📊 <b>Attendance</b>: share present per week, last 8 weeks.
journal-caption-shown = The chart shows { $shown } of { $groups } groups: the largest ones.
journal-missed-head = <b>Missed two lessons in a row:</b>
journal-missed-line = • { $name } — { $group }
journal-missed-more = …and { $count } more
journal-missed-none = Nobody missed two lessons in a row.
journal-chart-drawing = 📊 Drawing the chart…
journal-file-making = ⬇️ Preparing the register…
journal-chart-failed = Could not draw the chart — please try again.
btn-journal = ⬇️ Monthly register
btn-journal-back = ⬅️ To the group
journal-pick-month = ⬇️ <b>Attendance register</b>{ $group ->
        [none] , all groups
       *[other] : { $group }
    }

    Which month?
journal-file-caption = 📄 Register for { $month }: { $lessons } { $lessons ->
        [one] lesson
       *[other] lessons
    }, pupil-hours: { $hours }.
journal-file-empty = No lessons were held in { $month }: the register is empty.
journal-group-gone = This group no longer exists.
