## Напоминание о занятии: приходит заранее (вечером накануне, за 3 ч, 2 ч, 1 ч, 30 мин).
## $when — «завтра в 15:00», «через 2 часа»; $you: "ty" ученику, "vy" всем остальным.

reminder-title = 🔔 <b>{ $you ->
        [ty] У тебя занятие { $when }
       *[vy] Занятие { $when }
    }</b>
reminder-who = 👤 { $names }
reminder-what = 📚 { $title }, группа «{ $group }»
reminder-time = 🕒 { $time }
reminder-room = 📍 { $room }
reminder-teacher = 🧑‍🏫 Педагог: { $teacher }
reminder-note = 🎒 { $note }
btn-reminder-schedule = 🗓 Расписание
btn-absent = { $you ->
        [ty] 🙅 Не приду
       *[vy] 🙅 Не придём
    }
btn-absent-child = 🙅 { $name } не придёт
