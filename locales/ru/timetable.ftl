## Staff: every group's lessons of a week; closures (holidays, breaks)

week-title = 🗓 <b>Неделя { $dates }</b>{ $offset ->
        [0] {" "}· эта
        [1] {" "}· следующая
        [-1] {" "}· прошлая
       *[other] {""}
    }
week-summary = { $lessons ->
        [one] { $lessons } занятие
        [few] { $lessons } занятия
       *[many] { $lessons } занятий
    }{ $off ->
        [0] {""}
       *[other] , отменено: { $off }
    }{ $clashes ->
        [0] {""}
       *[other] {"\u000A"}⚠️ Накладок: { $clashes } — два занятия в одном кабинете в одно время.
    }{ $teacher_clashes ->
        [0] {""}
       *[other] {"\u000A"}⚠️ Накладок у педагогов: { $teacher_clashes } — один педагог в двух группах в одно время.
    }
week-empty = Занятий на этой неделе нет.
week-by-day = Занятий много — показываю по дням.
week-part = часть { $part } из { $parts }
week-no-room = кабинет не указан
week-off = отменено
week-off-why = отменено: { $reason }
week-moved = перенесено с { $moved_from }
week-moved-why = перенесено с { $moved_from }: { $reason }
week-kept = проводится, хотя в эти дни закрытие
week-clash = ⚠️ накладка
week-clash-teacher = ⚠️ накладка у педагога
week-clash-both = ⚠️ накладка: кабинет и педагог
btn-week-prev = ◀️ Неделя
btn-week-next = Неделя ▶️
btn-week-part-prev = ◀️ Часть { $part }
btn-week-part-next = Часть { $part } ▶️
btn-staff-week = 🗓 Неделя

closure-list-title = 📅 <b>Закрытия технопарка</b>
closure-list-empty = Впереди закрытий нет.
closure-line = • { $dates } — { $reason }
closure-line-quanta = • { $dates } — { $reason } (только { $quanta })
closure-list-more = …и ещё { $count }
closure-list-hint = Занятия в эти дни отменены. Праздники на весь год удобнее загрузить файлом: python -m bot import closures FILE.csv
btn-closure-add = ➕ Добавить
closure-ask-dates = 📅 <b>Новое закрытие</b>
    С какого по какое число технопарк закрыт? Можно одну дату.
    Например: 31.12–08.01, 31.12.2026–08.01.2027 или 04.11
    /cancel — отмена
closure-dates-format = Не получилось прочитать даты. Нужна одна дата или две через дефис, день и месяц цифрами.
closure-dates-no-such = Такой даты нет: { $value }. Проверьте день и месяц.
closure-dates-order = Первая дата позже второй. Напишите сначала начало, потом конец.
closure-dates-past = Эти дни уже прошли. Закрытие должно заканчиваться сегодня или позже.
closure-dates-long = Получилось больше { $days } дней — похоже на опечатку в дате.
closure-dates-far = Закрытие в { $year } году? Это больше чем через два года — похоже на опечатку в годе.
closure-ask-reason = { $dates }. Какая причина? Её увидят в расписании.
    Например: Новогодние каникулы
    /cancel — отмена
closure-reason-holiday = Праздничный день
closure-reason-break = Каникулы технопарка
closure-reason-sanitary = Санитарный день
closure-reason-empty = Причина пустая. Напишите её словами.
closure-reason-too-long = Слишком длинно: { $length } символов, можно не больше { $limit }. Сократите и пришлите ещё раз.
closure-quanta = 🎯 <b>Для кого закрытие?</b>
    { $dates } — { $reason }
    Сейчас: { $who }
    Если закрывается не весь технопарк, отметьте квантумы.
closure-whole = весь технопарк
btn-closure-whole = Весь технопарк
btn-closure-page-prev = ◀️ Предыдущие
btn-closure-page-next = Ещё квантумы ▶️
btn-closure-check = 👁 Проверить
btn-closure-cancel = ✖️ Отмена
closure-preview = 📅 <b>Проверьте закрытие</b>
    Даты: { $dates } ({ $days ->
        [one] { $days } день
        [few] { $days } дня
       *[many] { $days } дней
    })
    Причина: { $reason }
    Для кого: { $who }
    { $count ->
        [0] Занятий в эти дни нет.
        [one] Внутри { $count } занятие — оно будет отменено.
        [few] Внутри { $count } занятия — они будут отменены.
       *[many] Внутри { $count } занятий — они будут отменены.
    } Занятия, которые уже отменили или перенесли вручную, останутся как есть.
    Отдельного сообщения семьи не получат: в их расписании занятия будут отмечены отменёнными.
closure-preview-exists = Закрытие с такими датами уже есть — у него обновится причина.
btn-closure-confirm = ✅ Добавить
btn-closure-quanta = 🎯 Для кого
closure-done = { $count ->
        [0] ✅ Готово: закрытие добавлено, занятий в эти дни нет.
        [one] ✅ Готово: { $count } занятие отменено.
        [few] ✅ Готово: { $count } занятия отменены.
       *[many] ✅ Готово: { $count } занятий отменены.
    }
closure-updated = ✅ Готово: причина обновлена. { $count ->
        [0] Занятий в эти дни нет.
        [one] Отменено { $count } занятие.
        [few] Отменены { $count } занятия.
       *[many] Отменено { $count } занятий.
    }
closure-cancelled = Закрытие не добавлено, ничего не сохранено.
closure-use-buttons = Здесь нужен выбор кнопкой.
closure-outdated = Эта кнопка устарела.
