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
closure-ask-dates-change = 📅 <b>Другие даты закрытия</b>
    С какого по какое число технопарк закрыт? Можно одну дату.
    Например: 31.12–08.01, 31.12.2026–08.01.2027 или 04.11
    /cancel — отмена, закрытие останется как было
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
        [0] Занятий в эти дни нет — сообщать семьям нечего.
        [one] Внутри { $count } занятие — оно будет отменено.
        [few] Внутри { $count } занятия — они будут отменены.
       *[many] Внутри { $count } занятий — они будут отменены.
    }{ $count ->
        [0] {""}
       *[other] {" "}Занятия, которые уже отменили или перенесли вручную, останутся как есть.
        Семьи детей из этих групп получат сообщение со списком отменённых занятий.
    }
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
closure-change-cancelled = Закрытие не изменено, ничего не сохранено.
closure-use-buttons = Здесь нужен выбор кнопкой.
closure-outdated = Эта кнопка устарела.

closure-preview-en = Причина по-английски: { $reason }
closure-preview-change = 📅 <b>Проверьте изменение закрытия</b>
    Даты: { $dates } ({ $days ->
        [one] { $days } день
        [few] { $days } дня
       *[many] { $days } дней
    })
    Причина: { $reason }
    Для кого: { $who }
    { $count ->
        [0] Новых отмен нет.
        [one] Отменится ещё { $count } занятие.
        [few] Отменятся ещё { $count } занятия.
       *[many] Отменятся ещё { $count } занятий.
    }{ $back ->
        [0] {""}
        [one] {" "}{ $back } занятие снова пройдёт по расписанию.
        [few] {" "}{ $back } занятия снова пройдут по расписанию.
       *[many] {" "}{ $back } занятий снова пройдут по расписанию.
    }
    { $tell ->
        [yes] Семьи, чьих детей это касается, получат сообщение.
       *[no] Сообщать семьям нечего.
    }
btn-closure-save = ✅ Сохранить
btn-closure-dates = 📅 Даты
btn-closure-reason = 💬 Причина
btn-closure-en = 🇬🇧 По-английски
btn-closure-unchanged = ↩️ Не менять
btn-closure-no-en = Без перевода
closure-ask-reason-en = Причина по-английски — её увидят те, у кого бот на английском. Например: New Year holidays
    Без перевода все увидят причину по-русски.
    /cancel — отмена
closure-card = 📅 <b>Закрытие: { $dates }</b>
    Причина: { $reason }
    Для кого: { $who }
    { $count ->
        [0] Занятий, которые ещё впереди, оно не отменяет.
        [one] Отменено { $count } занятие.
        [few] Отменены { $count } занятия.
       *[many] Отменено { $count } занятий.
    }
closure-card-en = По-английски: { $reason }
btn-closure-edit = ✏️ Изменить
btn-closure-remove = 🗑 Удалить
btn-closure-list = ⬅️ Закрытия
btn-closure-remove-yes = 🗑 Да, удалить
btn-closure-keep = ↩️ Не удалять
closure-remove-confirm = 🗑 <b>Удалить закрытие { $dates }?</b>
    { $count ->
        [0] Отменённых им занятий нет.
        [one] { $count } занятие снова пройдёт по расписанию, семьи получат сообщение.
        [few] { $count } занятия снова пройдут по расписанию, семьи получат сообщение.
       *[many] { $count } занятий снова пройдут по расписанию, семьи получат сообщение.
    }
closure-removed = 🗑 Закрытие удалено. { $back ->
        [0] Занятий оно не отменяло.
        [one] { $back } занятие снова по расписанию.
        [few] { $back } занятия снова по расписанию.
       *[many] { $back } занятий снова по расписанию.
    }
closure-changed = ✅ Закрытие изменено: { $parts }.
closure-changed-off = ещё { $n ->
        [one] { $n } занятие отменено
        [few] { $n } занятия отменены
       *[many] { $n } занятий отменено
    }
closure-changed-back = { $n ->
        [one] { $n } занятие снова по расписанию
        [few] { $n } занятия снова по расписанию
       *[many] { $n } занятий снова по расписанию
    }
closure-changed-same = ✅ Закрытие изменено, { $kept ->
        [0] занятий оно не отменяет.
       *[other] отменены те же занятия, что и раньше.
    }
closure-told = { $told ->
        [0] Сообщать семьям нечего.
        [one] Семьям отправляется { $told } сообщение.
        [few] Семьям отправляются { $told } сообщения.
       *[many] Семьям отправляется { $told } сообщений.
    }
closure-gone = Этого закрытия уже нет.
closure-taken = Закрытие с такими датами и квантумами уже есть. Поменяйте даты или квантумы.
# $count — сколько занятий в списке ниже; числа в заголовке нет, поэтому одно занятие — [1],
# а не категория [one] (в неё попадает и 21)
closure-notice-off = 📅 <b>{ $count ->
        [1] Занятие отменено
       *[other] Занятия отменены
    }</b>: { $reason }
# закрытие удалили или сократили: занятия снова в силе (с причиной закрытия, если она есть)
closure-notice-back = ✅ <b>{ $count ->
        [1] Занятие снова по расписанию
       *[other] Занятия снова по расписанию
    }</b>:
closure-notice-back-because = { $count ->
        [1] ✅ <b>Занятие снова по расписанию</b> — закрытие «{ $reason }» его больше не касается:
       *[other] ✅ <b>Занятия снова по расписанию</b> — закрытие «{ $reason }» их больше не касается:
    }
# у закрытия поменялась причина: занятия, о которых уже сказали, по-прежнему отменены
closure-notice-reason = 📅 <b>{ $count ->
        [1] Занятие по-прежнему отменено
       *[other] Занятия по-прежнему отменены
    }</b> — причина теперь другая: { $reason }
closure-notice-line = • { $child } — { $quantum }, группа «{ $group }», { $when }
closure-notice-more = …и ещё { $count }
