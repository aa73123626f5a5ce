## Посты: сотрудники пишут новости проектов (/post), планируют, правят и снимают их.

post-status = { $status ->
        [draft] 📝 Черновик
        [scheduled] ⏰ Запланирован на { $when }
        [published] ✅ Опубликован { $when }
       *[unpublished] 🙈 Снят с публикации
    }
post-none = нет

post-list-title = 📝 <b>Посты</b> · всего { $count }
    Сначала черновики и запланированные, дальше — свежие.
post-list-empty = Постов пока нет. Напишите первый — «➕ Новый пост».
post-list-line = { $mark } { $title } — { $status ->
        [draft] черновик
        [scheduled] выйдет { $when }
        [published] { $when }
       *[unpublished] снят
    }
btn-post-new = ➕ Новый пост
btn-post-all = 📝 Все посты

post-card-quantum = Квантум: { $quantum }
post-card-partner = Партнёр: { $partner }
post-card-photo = Фото: { $photo ->
        [yes] есть
       *[no] нет
    }
btn-post-edit = ✏️ Изменить
btn-post-preview = 👁 Предпросмотр
btn-post-publish = 🚀 Опубликовать сейчас
btn-post-schedule = ⏰ Запланировать
btn-post-reschedule = ⏰ Другое время
btn-post-unpublish = 🙈 Снять с публикации

## Вопросы

post-head-new = 📝 <b>Новый пост</b> · шаг { $step } из { $steps }
post-head-edit = ✏️ <b>Правка поста</b>
post-head-fix = 📝 <b>Новый пост</b> · исправляем
post-head-when = ⏰ <b>Когда опубликовать?</b>
btn-post-back-fields = ⬅️ Что изменить
btn-post-back-partners = ⬅️ К партнёрам
btn-post-back-preview = ⬅️ К предпросмотру
btn-post-back-card = ⬅️ К посту
btn-post-cancel = ✖️ Отмена

post-ask-title = Напишите заголовок — простым текстом, до { $limit } знаков.
    Например: Наши роботы — призёры «Робофеста»
post-ask-text = Пришлите текст поста. Оформляйте прямо в Telegram (жирный, курсив, ссылки) или тегами &lt;b&gt;, &lt;i&gt;, &lt;a href="…"&gt;.
    Например: Команда Робоквантума собрала манипулятор по кейсу партнёра и заняла &lt;b&gt;первое место&lt;/b&gt;.
post-ask-photo = { $has ->
        [yes] Пришлите новое фото или нажмите «Без фото», чтобы убрать его.
       *[no] Пришлите фото к посту или нажмите «Без фото».
    } С фото текст станет подписью — до 1024 знаков вместе с заголовком.
btn-post-no-photo = Без фото
post-ask-quantum = К какому квантуму пост? Уведомление получат семьи, чьи дети в нём учатся, и подписчики.
btn-post-no-quantum = Без квантума
post-ask-partner = Это проект с партнёром? Выберите его или добавьте нового.
post-ask-partner-first = Это проект с партнёром? Партнёров пока нет — добавьте первого.
btn-post-new-partner = ➕ Новый партнёр
btn-post-no-partner = Без партнёра
post-ask-partner-name = Как называется партнёр? До { $limit } знаков.
    Например: Ростех
post-ask-partner-about = Пара слов о партнёре «{ $partner }» — до { $limit } знаков. Или «Пропустить».
    Например: Госкорпорация, даёт кейсы по робототехнике
btn-post-skip = Пропустить
post-ask-when = Напишите дату и время по часам технопарка ({ $zone }).
    Например: 28.11 18:00 или завтра 10:00

post-fields = Что написать заново? Остальное останется как есть.
btn-post-field-title = Заголовок
btn-post-field-text = Текст
btn-post-field-photo = Фото
btn-post-field-quantum = Квантум
btn-post-field-partner = Партнёр

## Предпросмотр и итог

post-preview = ☝️ Так пост увидят читатели.
post-preview-reach = 🔔 Получателей уведомления: { $count } — семьи квантума и подписчики.
post-preview-no-quantum = Без квантума: пост появится в ленте, уведомлений не будет.
post-preview-ask = Опубликовать?
post-preview-change = ☝️ Так пост будет выглядеть после правки.{ $announced ->
        [yes] {" "}Уведомления заново не уйдут.
       *[no] {""}
    }
post-preview-save-ask = Сохранить?
post-preview-card = ☝️ Так пост видят читатели.
btn-post-save = 💾 Сохранить
btn-post-edit-more = ✏️ Изменить ещё

post-published = 🚀 Опубликован. Получателей уведомления: { $count }.
post-published-quiet = 🚀 Опубликован в ленте.
post-republished = 🚀 Пост снова в ленте, на прежнем месте. Повторно уведомления не уходят.
post-published-toast = Опубликовано
post-scheduled = ⏰ Запланирован: выйдет сам в назначенное время, уведомления уйдут тогда же.
post-unpublished = 🙈 Снят с публикации: в ленте его нет. Доставленные уведомления остались, неотправленные отменены.
post-unpublished-toast = Снят с публикации
post-saved = 💾 Сохранено. Читатели видят пост уже с правкой.
post-saved-toast = Сохранено
post-nothing-changed = Правка отменена, пост не изменён.
post-cancelled = ✖️ Пост не сохранён.
post-cancelled-toast = Отменено

## Ошибки

post-title-empty = Заголовок пустой — напишите его словами.
post-title-invisible = В заголовке одни невидимые символы — напишите его словами.
post-title-too-long = Заголовок длинноват: { $length } { $length ->
        [one] знак
        [few] знака
       *[many] знаков
    }, а можно до { $limit }. Сократите и пришлите ещё раз.
post-text-need = Нужен текст. Пришлите его сообщением (или фото с текстом в подписи).
post-text-empty = Текст пустой. Пришлите текст поста ещё раз.
post-text-invisible = В тексте одни невидимые символы — читатели ничего не увидят. Пришлите текст поста ещё раз.
post-too-long = { $photo ->
        [yes] С фото пост идёт подписью, а в ней можно до { $limit } знаков. Сейчас { $length } (с заголовком и строкой про квантум и дату). Сократите текст или уберите фото.
       *[no] Пост длиннее, чем можно: { $length } { $length ->
            [one] знак
            [few] знака
           *[many] знаков
        } при пределе { $limit } (с заголовком и строкой про квантум и дату). Сократите текст.
    }
post-partner-name-empty = Название пустое — напишите его словами.
post-partner-name-too-long = Название длинновато: { $length } { $length ->
        [one] знак
        [few] знака
       *[many] знаков
    }, а можно до { $limit }.
post-partner-about-empty = Описание пустое. Напишите пару слов или нажмите «Пропустить».
post-partner-about-too-long = Описание длинновато: { $length } { $length ->
        [one] знак
        [few] знака
       *[many] знаков
    }, а можно до { $limit }. Сократите.
post-partner-gone = Этого партнёра уже нет — выберите другого.
post-when-format = Не понял дату и время. Напишите, например, 28.11 18:00 или завтра 10:00.
post-when-no-such-day = Такого дня в календаре нет — проверьте число и месяц.
post-when-no-such-time = Такого времени нет: часы от 0 до 23, минуты от 00 до 59.
post-when-past = Это время уже прошло — выберите позже.
post-when-far = Это больше чем через год — проверьте дату.
post-need-text = Здесь нужен ответ текстом.
post-need-photo = Нужна фотография — или нажмите «Без фото».
post-use-buttons = Выберите кнопкой ниже.
post-gone = Такого поста нет — вот список.
post-stale = Пост изменили, пока вы с ним работали, — вот он сейчас. Ничего не записано: проверьте и повторите.
post-recheck = Вот пост как он сейчас — проверьте и нажмите ещё раз.
post-stale-toast = Пост уже изменили
post-form-gone = Этот черновик уже закрыт — вот список постов.
btn-post-unschedule = ⏹ Не публиковать
