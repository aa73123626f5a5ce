## Staff: «Мои группы», a group's screen, its teacher, a message to the group (handlers/staff/groups).

cmd-mygroups = Мои группы: занятия, состав, сообщение группе
btn-my-groups = 🧑‍🏫 Мои группы
btn-gr-all = 🗓 Все группы
btn-gr-mine = ⬅️ Мои группы
btn-gr-back = ⬅️ К группе
btn-gr-mark = 📋 Отметить
btn-gr-roster = 👥 Состав
btn-gr-notes = 📝 Что было на занятии
btn-gr-write = 📣 Написать группе
btn-gr-stats = 📊 Посещаемость
btn-gr-lessons = 🗓 Занятия
btn-gr-teacher = 🧑‍🏫 Педагог
btn-gr-no-teacher = Без педагога

gr-mine = 🧑‍🏫 <b>Мои группы</b>
gr-mine-none = Вы пока не ведёте ни одной группы. Педагога группы назначает администратор — на экране группы или в таблице групп. Все группы и их занятия — в /lessons.
gr-title = 🧑‍🏫 <b>{ $programme }</b>
    Группа «{ $group }» ({ $code })
gr-today = Сегодня: { $when }, { $room }{ $off ->
        [yes] {" "}— отменено
       *[no] {""}
    }
gr-today-none = Сегодня занятия нет
gr-next = Следующее: { $when }, { $room }
gr-next-none = Следующих занятий нет
gr-teacher = Педагог: { $named ->
        [yes] { $teacher }
       *[no] не назначен
    }
gr-teacher-listed = Педагог: не назначен (в расписании — { $listed })
gr-children = Дети: { $n } из { $capacity } мест

gr-admin-only = Педагога группы назначает администратор.
gr-teacher-pick = Выберите педагога группы среди сотрудников:
gr-teacher-set = Готово: педагог группы назначен.
gr-teacher-cleared = Готово: у группы теперь нет педагога.
gr-teacher-not-staff = Этот человек больше не сотрудник — выберите другого.

gr-write-title = 📣 <b>Сообщение группе</b>
gr-write-reach = Получат: { $n ->
        [one] { $n } человек
        [few] { $n } человека
       *[many] { $n } человек
    } — родители детей группы и сами дети (у кого есть аккаунт).
gr-write-ask = Напишите сообщение одним текстом; можно приложить фото. Перед отправкой я покажу, как оно будет выглядеть. /cancel — передумать.
gr-write-nobody = Писать пока некому: в группе нет подтверждённых детей, а у их семей — аккаунтов в боте.
gr-write-refused = Написать группе может её педагог или администратор.
bc-aud-one-group = 👥 семьи группы: { $where }

sched-marks-legend = ✅ на занятии · ❌ нет на занятии · ⏰ опоздание · 🙅 предупредили
