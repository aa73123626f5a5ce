## Staff and events: the «➕ Новое событие» form, an event's screen for staff, notices of a move or a cancellation (handlers/staff/events).

ev-kind-open_day = 🚪 День открытых дверей
ev-kind-master_class = 🛠 Мастер-класс
ev-kind-trial = 🧪 Пробное занятие
ev-kind-competition = 🏆 Соревнование

btn-eva-cancel = ✖️ Отмена
btn-eva-same = Как по-русски
btn-eva-any-age = Любой возраст
btn-eva-done = ✅ Готово
btn-eva-skip = Пропустить
btn-eva-create = ✅ Создать
btn-eva-save = 💾 Сохранить
btn-eva-f-kind = Вид
btn-eva-f-title = Название
btn-eva-f-when = Когда
btn-eva-f-place = Место
btn-eva-f-seats = Места и возраст
btn-eva-f-quanta = Квантумы
btn-eva-f-comp = Взрослые
btn-eva-f-until = Запись до
btn-eva-f-desc = Описание
btn-eva-write = 📣 Написать участникам
btn-eva-edit = ✏️ Изменить
btn-eva-cancel-event = ❌ Отменить событие
btn-eva-cancel-yes = ❌ Да, отменить
btn-eva-list = ⬇️ Список
btn-eva-events = ⬅️ К событиям
btn-eva-back = ⬅️ К событию
btn-ev-open = 🎪 Событие
btn-ev-list = 🎪 События

eva-ask-kind = ➕ <b>Новое событие</b>

    Что это будет?
eva-ask-title-ru = Название по-русски — так его увидят семьи. Например: Мастер-класс «Первый робот»
eva-ask-title-en = Название по-английски — для тех, кто читает бот на английском. Или нажмите «Как по-русски».
eva-ask-starts = Когда начало? Дата и время, например: { $example } 16:00 (или { $short } 16:00).
eva-ask-ends = Сколько длится? Например: 90 (минут), 1,5 ч — или время конца: 17:30.
eva-ask-place = Где? Например: Кванториум, 2 этаж, лаборатория 204
eva-ask-seats = Сколько мест для детей? Число; 0 — без ограничения.
eva-ask-ages = Возраст детей, например: 7–12, от 10, до 14 — или «Любой возраст».
eva-ask-quanta = Какие квантумы участвуют? Отметьте и нажмите «Готово» (можно ни одного).
eva-ask-companions = Сколько взрослых может прийти с ребёнком? Кнопкой или числом от 0 до 5.
eva-ask-until = До какого момента можно записаться? Например: { $example } 20:00 — или «Пропустить» (до начала).
eva-ask-description = Пара слов о событии для семей (до 1000 знаков) — или «Пропустить».
eva-ask-description-en = То же по-английски — для тех, кто читает бот на английском. Или нажмите «Как по-русски».

eva-empty = Здесь нужен текст — буквы или цифры.
eva-too-long = Слишком длинно: не больше { $limit } знаков.
eva-when-format = Не понял дату и время. Напишите так: { $example } 16:00
eva-when-no-such = Такой даты или времени нет — проверьте цифры.
eva-when-past = Это время уже прошло — укажите будущее.
eva-when-far = Это больше чем через два года — наверное, опечатка в годе.
eva-end-format = Не понял. Напишите длительность (90 или 1,5 ч) или время конца (17:30).
eva-end-before = Конец должен быть позже начала.
eva-end-long = Больше двух недель — наверное, опечатка.
eva-number = Нужно целое число от { $low } до { $high }.
eva-ages-format = Не понял возраст. Например: 7–12, от 10 или до 14 (от 3 до 99 лет).
eva-ages-order = Первый возраст больше второго — поменяйте местами.
eva-until-after = Запись должна закрываться до начала события.
eva-use-buttons = Здесь ответ кнопкой.
eva-cancelled = Событие не сохранено.
eva-form-stale = Эта форма уже закрыта. События — по кнопке ниже.
eva-gone = Такого события нет — возможно, его удалили.
eva-save-gone = Событие не найдено, изменения не сохранены.
eva-save-cancelled = Событие уже отменено — изменения не сохранены.
eva-staff-only = Это только для сотрудников технопарка.

eva-preview-new = ➕ <b>Новое событие</b> — проверьте и нажмите «Создать»:
eva-preview-edit = ✏️ <b>Изменение события</b> — проверьте и нажмите «Сохранить»:
eva-when = 🗓 { $when }
eva-place = 📍 { $place }
eva-seats = Мест: { $n ->
        [0] без ограничения
       *[other] { $n }
    }
eva-ages = Возраст: { $low ->
        [none] { $high ->
            [none] любой
           *[other] до { $high } лет
        }
       *[other] { $high ->
            [none] от { $low } лет
           *[other] { $low }–{ $high } лет
        }
    }
eva-quanta = Квантумы: { $names ->
        [none] —
       *[other] { $names }
    }
eva-companions = { $n ->
        [0] Дети приходят без взрослых
       *[other] Взрослых с ребёнком: до { $n }
    }
eva-until = Запись до: { $when }
eva-code = Ссылка для афиши: { $link }
eva-created = Событие создано.
eva-updated = Событие сохранено.{ $n ->
        [0] {""}
        [one] {" "}Об изменении узнает { $n } человек.
        [few] {" "}Об изменении узнают { $n } человека.
       *[many] {" "}Об изменении узнают { $n } человек.
    }

eva-screen-title = <b>{ $title }</b>
eva-screen-cancelled = ❌ Событие отменено.
eva-registered = Записаны: { $seats ->
        [0] { $taken } (места без ограничения)
        [one] { $taken } из { $seats } места
       *[other] { $taken } из { $seats } мест
    }
eva-waiting = В листе ожидания: { $n }
eva-checked-in = Пришли: { $n } из { $of }
eva-companions-expected = Взрослых ожидается: { $n }
eva-people = <b>Дети</b> (стр. { $page } из { $pages }):
eva-came = · ✅ на месте
eva-people-none = Пока никто не записался.
eva-person = { $number }. { $name } — { $age ->
        [one] { $age } год
        [few] { $age } года
       *[many] { $age } лет
    } · { $status }
eva-status = { $status ->
        [seat] место
        [offered] предложено место
        [waitlist] ожидание
       *[consent] ждёт согласия
    }
eva-csv-columns = Ребёнок;Возраст;Статус;Взрослых;Родитель;Телефон;Пришли
eva-stars = Отзывы: ★ { $stars } ({ $n })
eva-comment = — «{ $comment }» ({ $stars }★)
eva-cancel-ask = ❌ Отменить «{ $title }»? { $n ->
        [0] Записавшихся пока нет.
        [one] { $n } записавшийся получит сообщение об отмене.
        [few] { $n } записавшихся получат сообщение об отмене.
       *[many] { $n } записавшихся получат сообщение об отмене.
    } Вернуть отменённое событие нельзя.
eva-cancel-done = Сообщений об отмене: { $n }.
eva-list-caption = ⬇️ Список: { $title }
eva-write-title = 📣 <b>Сообщение участникам</b> «{ $title }»
    { $when }
eva-write-ask = Напишите сообщение одним текстом; можно приложить фото. Его получат все записавшиеся, включая лист ожидания. Перед отправкой я покажу, как оно будет выглядеть. /cancel — передумать.
eva-write-nobody = На событие пока никто не записался — писать некому.
bc-aud-one-event = все записавшиеся на событие

ev-moved-notice = 🗓 <b>Событие перенесено</b>
    «{ $title }» теперь: { $when }, { $place }.
    Если новое время не подходит, запись можно отменить в карточке события.
ev-cancelled-notice = ❌ <b>Событие отменено</b>
    «{ $title }» ({ $when }) не состоится. Простите за неудобство — посмотрите другие события.

eva-ended-cancel = Событие уже прошло — отменить его нельзя.
eva-ended-time = Событие уже прошло — его время не меняется. Место и описание поправить можно.
eva-seats-cut = ⚠️ Уже записаны { $n }: они остаются, новых мест не будет.
btn-eva-past = 🗂 Идущие и прошедшие
eva-past-title = 🗂 <b>Идущие и прошедшие события</b> — за последние 7 дней (стр. { $page } из { $pages }):
eva-past-line = <b>{ $title }</b>{ $status ->
        [cancelled] {" "}(отменено)
       *[other] {""}
    }
    🗓 { $when }
eva-past-none = Идущих и недавно прошедших событий нет.
eva-write-reach = Получат: { $n ->
        [one] { $n } человек
        [few] { $n } человека
       *[many] { $n } человек
    } — все, кто записал детей на событие, включая лист ожидания.
eva-write-heading = 📣 <b>{ $title }</b>, { $when }
eva-write-sent = ⬅️ К событию: «{ $title }»
cmd-pastevents = События идущие и прошедшие
