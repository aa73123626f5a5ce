## Staff: brief and operational

btn-broadcast = 📣 Рассылка
btn-broadcasts = 📜 Рассылки
btn-staff = 👥 Сотрудники

cmd-broadcast = Новая рассылка
cmd-broadcasts = Последние рассылки
cmd-staff = Сотрудники: выдать и снять роль

## Staff list (admins)

staff-title = 👥 <b>Сотрудники</b>
staff-empty = Пока никого, кроме администраторов.
staff-line = { $role ->
        [admin] • { $name } — администратор
       *[staff] • { $name } — сотрудник
    }
staff-hint = Кнопка с ✖️ снимает роль.
btn-staff-add = ➕ Добавить
btn-staff-remove = ✖️ { $name }
staff-add-ask = Кого добавить? Перешлите сюда любое сообщение этого человека, пришлите его @username или Telegram id.
    Например: @ivanova_kvant или 123456789
    /cancel — отмена
staff-add-hidden = Этот человек скрыл свой аккаунт в пересылках. Пришлите его @username или Telegram id.
staff-add-unknown = Не нашёл «{ $handle }» среди тех, кто запускал бота. Попросите человека написать боту /start и попробуйте снова.
staff-add-already-staff = { $name } уже сотрудник.
staff-add-admin = { $name } — администратор (из ADMIN_IDS), роль не меняется.
staff-add-bot = Бота нельзя сделать сотрудником.
staff-added = Готово: { $name } теперь сотрудник.
staff-removed = Роль снята: { $name }.
staff-revoke-confirm = ✖️ <b>Снять роль сотрудника?</b>
    { $name } получит уведомление. Неотправленные черновики и начатые ответы пропадут, а родительская часть бота останется.
btn-staff-revoke-sure = ✖️ Да, снять роль
btn-staff-keep = ⬅️ Нет, оставить
staff-remove-gone = { $name } уже не сотрудник.
staff-granted-notice = 🎓 Вам выдали роль сотрудника технопарка.
    Теперь доступны заявки (/applications), вопросы (/questions), ваши группы и отметка посещаемости (/mygroups), занятия (/lessons), посещаемость (/attendance), новости (/post) и рассылки (/broadcast). Меню команд обновлено, всё есть и в /help.
staff-revoked-notice = Роль сотрудника технопарка снята. Меню команд обновлено.
admin-revoked-notice = Вы больше не администратор технопарка в этом боте (вас убрали из ADMIN_IDS). Меню команд обновлено.

## Broadcasts

bc-ask-text = 📣 <b>Новая рассылка</b>
    Пришлите текст объявления. Можно оформить жирным, курсивом и ссылками прямо в Telegram или тегами &lt;b&gt;, &lt;i&gt;, &lt;a href="…"&gt;. Можно прислать фото с подписью.
    /cancel — отмена
bc-need-text = Нужен текст или фото с подписью. Пришлите объявление ещё раз.
bc-empty = Текст пустой. Пришлите объявление ещё раз.
bc-invisible = В объявлении одни невидимые символы — получатели ничего не увидят. Пришлите объявление ещё раз.
bc-too-long = Слишком длинно: { $length } символов, а можно не больше { $limit }. Сократите и пришлите ещё раз.
bc-html-unsupported = Тег &lt;{ $tag }&gt; Telegram не поддерживает. Можно: b, i, u, s, a, code, pre, blockquote, tg-spoiler. Исправьте и пришлите ещё раз.
bc-html-unclosed = Тег &lt;{ $tag }&gt; не закрыт. Добавьте &lt;/{ $tag }&gt; и пришлите ещё раз.
bc-html-unexpected-end = Лишний закрывающий тег &lt;/{ $tag }&gt;. Исправьте и пришлите ещё раз.
bc-html-bare-lt = Знак «&lt;» без тега. Напишите &amp;lt; или уберите его и пришлите ещё раз.
bc-html-no-href = У ссылки &lt;a&gt; нет адреса: нужно &lt;a href="https://…"&gt;текст&lt;/a&gt;.
bc-html-bad-link = Ссылка { $link } не подходит: можно только http://, https:// и tg://. Исправьте и пришлите ещё раз.

bc-audience-title = 👥 <b>Кому отправить?</b>
bc-audience-role = Кто: { $role ->
        [pupil] ученики
        [parent] родители
        [staff] сотрудники
       *[any] все
    }
bc-audience-language = Язык: { $language ->
        [ru] русский
        [en] английский
       *[any] любой
    }
bc-audience-quanta = Квантумы по тесту: { $quanta }
bc-audience-any-quantum = любые
bc-audience-count = Получателей: { $count }
bc-audience-none = В этой аудитории никого нет — измените условия.
btn-aud-all = Все
btn-aud-pupils = Ученики
btn-aud-parents = Родители
btn-aud-staff = Сотрудники
btn-aud-any-language = Любой язык
btn-aud-quanta = 🎯 Квантумы: { $count ->
        [0] любые
       *[other] { $count }
    }
btn-aud-done = ✅ Готово
btn-aud-clear = Сбросить
bc-quanta-title = 🎯 Кому квантум выпал в тесте (любой из отмеченных):
btn-bc-preview = 👁 Предпросмотр
btn-bc-send = ✅ Отправить ({ $count })
btn-bc-edit = ✏️ Текст
btn-bc-audience = 👥 Аудитория
btn-bc-cancel = ✖️ Отмена
bc-cancelled = Рассылка отменена, ничего не отправлено.
bc-no-recipients = Получателей не осталось — рассылка не создана.

bc-progress = 📣 <b>Рассылка №{ $id }</b>{ $state ->
        [sending] {""}
        [done] {" "}— завершена
       *[cancelled] {" "}— остановлена
    }
    Отправлено: { $sent } из { $total }
    Осталось: { $left }
    Заблокировали бота: { $blocked }
    Не доставлено: { $failed }{ $cancelled ->
        [0] {""}
       *[other] {"\u000A"}Отменено: { $cancelled }
    }{ $unreached ->
        [0] {""}
        [one] {"\u000A"}Не дошло до { $unreached } семьи: заблокировали бота или не запускали его.
       *[other] {"\u000A"}Не дошло до { $unreached } семей: заблокировали бота или не запускали его.
    }{ $eta ->
        [none] {""}
       *[other] {"\u000A"}Ещё примерно { $eta }
    }
btn-bc-stop = ⛔ Остановить
bc-stopping = Останавливаю рассылку…
bc-already-finished = Рассылка уже завершена.
bc-report = { $state ->
        [done] ✅ Рассылка №{ $id } завершена.
       *[cancelled] ⛔ Рассылка №{ $id } остановлена.
    }
    Доставлено: { $sent } из { $total }. Заблокировали бота: { $blocked }. Не доставлено: { $failed }.{ $cancelled ->
        [0] {""}
       *[other] {" "}Отменено: { $cancelled }.
    }{ $unreached ->
        [0] {""}
        [one] {"\u000A"}Не дошло до { $unreached } семьи: заблокировали бота или не запускали его.
       *[other] {"\u000A"}Не дошло до { $unreached } семей: заблокировали бота или не запускали его.
    }
eta-seconds = { $n } с
eta-minutes = { $n } мин

bc-list-title = 📜 <b>Последние рассылки</b>
bc-list-empty = Рассылок ещё не было.
bc-list-line = <b>№{ $id }</b> · { $when } · { $audience }
    { $state ->
        [sending] ⏳ идёт:
        [done] ✅
       *[cancelled] ⛔ остановлена:
    } { $sent } из { $total }, заблокировали { $blocked }, не доставлено { $failed }{ $unreached ->
        [0] {""}
        [one] , не дошло до { $unreached } семьи
       *[other] , не дошло до { $unreached } семей
    }
bc-audience-everyone = все
bc-audience-pupils = ученики
bc-audience-parents = родители
bc-audience-staff = сотрудники
btn-aud-enrolled = 🎓 Записаны: { $count ->
        [0] —
       *[other] { $count }
    }
btn-aud-members-all = Вся семья
btn-aud-members-parents = Их родители
btn-aud-members-children = Сами дети
btn-aud-enrolled-now = Записаны
btn-aud-waitlist = Лист ожидания
help-staff = <b>Для сотрудников</b>
    /applications — заявки: новые на решение, остальные по статусам
    /questions — вопросы без ответа
    /post — написать новость, посты
    /mygroups — мои группы: отметка посещаемости, что было на занятии, сообщение группе
    /attendance — посещаемость всех групп и журнал за месяц
    /checkin — вход на событие: код с билета (или отсканируйте QR)
    /pastevents — события идущие и прошедшие: кто пришёл, отзывы
    /lessons — занятия групп: отменить, перенести
    /week — все занятия недели по кабинетам
    /closures — праздники и закрытия
    /find — найти семью по имени или телефону
    /export — выгрузка заявок в Excel
    /broadcast — новая рассылка
    /broadcasts — последние рассылки
help-admin = /staff — сотрудники: выдать и снять роль
    /audit — кто смотрел данные детей

btn-posts = 📝 Посты
btn-questions = ❓ Вопросы
cmd-post = Написать новость, мои посты
cmd-questions = Вопросы без ответа
