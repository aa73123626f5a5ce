## Staff: attendance — the month's journal and the chart of eight weeks

cmd-attendance = Посещаемость: график и журнал

# the journal's letters for the marks
journal-letter-present = +
journal-letter-absent = н
journal-letter-late = оп
journal-letter-excused = ув
# a child whose family asked to delete its data: the counts stay, the name does not
journal-left = выбыл
journal-sheet-fallback = Группа
journal-none = За { $month } занятий не было.
journal-month = Журнал посещаемости за { $month }
journal-col-child = Ребёнок
journal-col-present = Посещено
journal-col-missed = Пропущено
journal-col-hours = Часы
journal-lessons-held = Проведено занятий
journal-person-hours = Человеко-часы
journal-legend = { $m_present } — на занятии, { $m_absent } — нет на занятии, { $m_late } — опоздание, { $m_excused } — семья предупредила. Часы — академические (45 минут), считаются за присутствие и опоздание.
journal-csv-group = Группа
journal-csv-child = Ребёнок
journal-csv-date = Дата
journal-csv-mark = Отметка
journal-csv-hours = Часы

journal-chart-title = Посещаемость групп
journal-chart-ylabel = Пришли, %

journal-no-marks = 📊 <b>Посещаемость</b>

    Отметок за последние восемь недель пока нет: график появится после первых перекличек.
journal-caption-group = 📊 <b>{ $group }</b>: доля пришедших по неделям, последние 8 недель.
journal-caption-all = 📊 <b>Посещаемость</b>: доля пришедших по неделям, последние 8 недель.
journal-caption-shown = На графике { $shown } { $shown ->
        [one] группа
        [few] группы
       *[many] групп
    } из { $groups } — где больше всего детей.
journal-missed-head = <b>Пропустили два занятия подряд:</b>
journal-missed-line = • { $name } — { $group }
journal-missed-more = …и ещё { $count }
journal-missed-none = Двух пропусков подряд нет ни у кого.
journal-chart-drawing = 📊 Рисую график…
journal-file-making = ⬇️ Готовлю журнал…
journal-chart-failed = Не получилось нарисовать график — попробуйте ещё раз.
btn-journal = ⬇️ Журнал за месяц
btn-journal-back = ⬅️ К группе
journal-pick-month = ⬇️ <b>Журнал посещаемости</b>{ $group ->
        [none] , все группы
       *[other] : { $group }
    }

    За какой месяц?
journal-file-caption = 📄 Журнал за { $month }: { $lessons } { $lessons ->
        [one] занятие
        [few] занятия
       *[many] занятий
    }, человеко-часы: { $hours }.
journal-file-empty = За { $month } занятий не было — журнал пуст.
journal-group-gone = Этой группы больше нет.
