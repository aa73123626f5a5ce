## Расписание семьи и ученика (/schedule), ближайшее занятие, файл для календаря, расписание
## групп квантума. $you: "ty" ученику, "vy" всем остальным.

sched-title = 🗓 <b>{ $you ->
        [ty] Твоё расписание
       *[vy] Расписание занятий
    }</b>
sched-week = <b>{ $which ->
        [this] Эта неделя
        [next] Следующая неделя
        [last] Прошлая неделя
       *[other] Неделя
    } · { $range }</b>
sched-no-lessons = Занятий нет.
sched-group = «{ $group }»
sched-cancelled = отменено
sched-cancelled-because = отменено: { $reason }
sched-moved = перенесено с { $when }
sched-moved-because = перенесено с { $when }: { $reason }
# $status: статус заявки (application-status)
sched-application = заявка: { $status }
# $name: имя ребёнка (родителю — даже если ребёнок один)
sched-absent = { $you ->
        [ty] тебя не будет
       *[vy] { $name } не придёт
    }
# что взять с собой: под неделями — для каждой группы, где это указано
sched-note = 🎒 С собой на «{ $group }»: { $note }
sched-next-note = 🎒 С собой: { $note }
sched-more = …и ещё { $count ->
        [one] { $count } занятие
        [few] { $count } занятия
       *[many] { $count } занятий
    } — листайте по неделям.
sched-empty = { $you ->
        [ty] Пока здесь пусто: занятия появятся, когда ты запишешься в группу. Выбери квантум в каталоге или пройди тест «Какой квантум мой?» — записаться можно с карточки квантума.
       *[vy] Пока здесь пусто: занятия появятся, когда ребёнка запишут в группу. Выберите квантум в каталоге или пройдите тест «Какой квантум мой?» — записать ребёнка можно с карточки квантума.
    }{ $family ->
        [yes] {" "}{ $you ->
            [ty] Твои заявки и их статусы — в «Моих заявках».
           *[vy] Заявки и их статусы — в разделе «Мои дети».
        }
       *[no] {""}
    }

btn-sched-earlier = ◀️ Раньше
btn-sched-later = Позже ▶️
btn-sched-now = 📍 Сейчас
btn-sched-next = ⏭ Ближайшее
btn-sched-ics = 📅 В календарь
btn-sched-back = 🗓 К расписанию

## Ближайшее занятие

sched-next-title = ⏭ <b>{ $count ->
        [one] Ближайшее занятие
       *[other] Ближайшие занятия
    }</b>
sched-next-child = <b>{ $name }</b> — { $when }

when-now = идёт сейчас, до { $until }
when-minutes = через { $minutes ->
        [one] { $minutes } минуту
        [few] { $minutes } минуты
       *[many] { $minutes } минут
    }
when-hours = через { $hours ->
        [one] { $hours } час
        [few] { $hours } часа
       *[many] { $hours } часов
    }
when-hours-minutes = через { $hours ->
        [one] { $hours } час
        [few] { $hours } часа
       *[many] { $hours } часов
    } { $minutes ->
        [one] { $minutes } минуту
        [few] { $minutes } минуты
       *[many] { $minutes } минут
    }
when-today = сегодня в { $time }
when-tomorrow = завтра в { $time }
when-weekday = { $day ->
        [0] в понедельник
        [1] во вторник
        [2] в среду
        [3] в четверг
        [4] в пятницу
        [5] в субботу
       *[6] в воскресенье
    } в { $time }
when-date = { $date }, { $time }

## Файл для календаря (.ics)

ics-pick = 📅 <b>В календарь</b>
    Чьи занятия добавить? Файл откроется в календаре телефона.
btn-ics-family = 👪 Вся семья
ics-caption = 📅 { $you ->
        [ty] Открой файл — занятия появятся в календаре телефона. Если расписание поменяется, скачай файл снова: события обновятся, а не задвоятся.
       *[vy] Откройте файл — занятия появятся в календаре телефона. Если расписание поменяется, скачайте файл снова: события обновятся, а не задвоятся.
    }
ics-name-child = Кванториум — { $name }
ics-name-family = Кванториум — семья
ics-summary = { $title } · «{ $group }»
ics-summary-child = { $name }: { $summary }
ics-summary-cancelled = Отменено — { $summary }
ics-cancelled = Занятие отменено.
ics-cancelled-because = Занятие отменено: { $reason }.
ics-moved = Перенесено с { $when }.
ics-moved-because = Перенесено с { $when }: { $reason }.
ics-pending = Заявка: { $status }. Занятие в силе, когда её подтвердят.
ics-note = С собой: { $note }
ics-teacher = Педагог: { $teacher }

## Расписание групп квантума (с карточки квантума и в выборе группы при записи)

tt-title = 🗓 <b>{ $quantum }: расписание групп</b>
tt-when = «{ $group }» — { $when }
tt-not-published = расписание пока не опубликовано
tt-ages = { $min }–{ $max } лет
tt-free = { $free ->
        [0] мест нет, в очереди { $waiting }
        [one] свободно { $free } место
        [few] свободно { $free } места
       *[many] свободно { $free } мест
    }
tt-dates = с { $start } по { $end }
tt-note = 🎒 С собой: { $note }
tt-none = Групп у этого квантума пока нет. Когда откроется набор, об этом напишем в новостях квантума: подписаться на них можно в карточке квантума («🔔 Новости квантума»). А пока — другие квантумы в каталоге.
tt-more = …и ещё { $count ->
        [one] { $count } группа
        [few] { $count } группы
       *[many] { $count } групп
    } — все есть в списке при записи.
btn-tt-quantum = 🗓 Расписание групп
btn-tt-back = ⬅️ К квантуму
