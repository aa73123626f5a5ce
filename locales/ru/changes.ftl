## Notices of a changed lesson, sent to the families of the group and its pupils.

lesson-cancelled = ❌ <b>Занятие отменено</b>
    { $quantum } · группа «{ $group }»
    { $old }
lesson-moved = 🔁 <b>Занятие перенесено</b>
    { $quantum } · группа «{ $group }»
    Было: <s>{ $old }</s>
    Стало: <b>{ $new }</b>
lesson-on-again = ✅ <b>Занятие состоится</b>
    { $quantum } · группа «{ $group }»
    { $new }
lesson-children = 👤 { $names }
lesson-reason = Причина: { $reason }
btn-schedule = 🗓 Расписание
cmd-lessons = Занятия групп: отменить, перенести
cmd-week = Все занятия недели по кабинетам
cmd-closures = Праздники и закрытия
