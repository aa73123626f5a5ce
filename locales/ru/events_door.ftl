# An event's ticket, the check-in at the door, «Как вам?» after it, the open day's follow-up.

cmd-checkin = Вход на событие по коду билета

ticket-caption = 🎟 <b>Билет: { $title }</b>
    { $when }
    { $place }{ $named ->
        [yes] {""}
    Идут: { $names }{ $companions ->
        [0] {""}
       *[other] , взрослых: { $companions }
    }
       *[no] {""}
    }
    Код для входа: <b>{ $code }</b>
    { $you ->
        [ty] Покажи QR-код на входе или назови код.
       *[vy] Покажите QR-код на входе или назовите код.
    }
ticket-names-more = { $names } и ещё { $count }
btn-my-ticket = 🎟 Мой билет
btn-ticket-event = 🎪 К событию
door-ticket-sent = 🎟 Билет отправлен
door-ticket-recent = 🎟 Билет уже отправлен
door-ticket-cancelled = ❌ Событие отменено, билет больше не нужен.
door-ticket-over = Событие уже прошло, билет больше не нужен.
door-ticket-waiting = { $you ->
        [ty] ⏳ Ты в листе ожидания. Билет придёт, как только освободится место.
       *[vy] ⏳ Вы в листе ожидания. Билет придёт, как только освободится место.
    }
door-not-found = 🎟 Билет не найден. Проверьте ссылку или код.
door-code-ask = 🎟 Введите код с билета — 6 букв и цифр.
    Например: K7M2PX
door-code-unknown = Такого кода нет. Проверьте и введите ещё раз — 6 букв и цифр, например K7M2PX.
door-check-title = 🎟 <b>Вход: { $title }</b>
door-cancelled = ❌ Событие отменено — отмечать приход не нужно.
door-over = ⚠️ Событие уже закончилось: { $when }.
door-not-today = ⚠️ Событие { $day }, не сегодня.
door-child = { $name } — { $age } { $age ->
        [one] год
        [few] года
       *[many] лет
    }, { $status }
door-no-children = Детей в записи нет.
door-companions = Взрослых: { $count }
door-seat = место есть
door-offered = место предложено, ждёт ответа
door-waitlist = в листе ожидания
door-consent = ждёт согласия родителя
door-waitlisted = ⚠️ Семья в листе ожидания: места нет, но отметить приход можно.
door-checked = ✅ Уже отмечены в { $at }
door-other-events = С этим кодом есть ещё { $count ->
        [one] { $count } событие
        [few] { $count } события
       *[many] { $count } событий
    }: показано ближайшее по времени.
btn-door-check = ✅ Отметить приход
btn-door-next = 🎟 Следующий билет
door-done = ✅ Приход отмечен в { $at }
door-already = Уже отмечены в { $at }

door-feedback-ask = { $you ->
        [ty] 💬 <b>Как тебе «{ $title }»?</b>
    Поставь оценку от 1 до 5.
       *[vy] 💬 <b>Как вам «{ $title }»?</b>
    Поставьте оценку от 1 до 5.
    }
door-stars-saved = Оценка сохранена
door-rated = Спасибо! Оценка «{ $title }»: { $stars }
    { $you ->
        [ty] Если хочешь, напиши пару слов (до 1000 символов) или нажми «Пропустить». Оценку можно поменять.
       *[vy] Если хотите, напишите пару слов (до 1000 символов) или нажмите «Пропустить». Оценку можно поменять.
    }
btn-door-skip = Пропустить
door-thanks = Спасибо за оценку!
door-comment-saved = Спасибо! Отзыв передан команде технопарка.
door-comment-long = Получилось { $length } символов, а можно до { $limit }. Сократите, пожалуйста, и отправьте ещё раз.
door-comment-empty = Напишите отзыв текстом или нажмите «Пропустить».
door-feedback-gone = Эта оценка уже недоступна.

door-followup = 🚀 <b>Спасибо, что пришли на «{ $title }»!</b>
    Вот программы, на которые сейчас открыта запись по возрасту { $you ->
        [ty] тебя:
       *[vy] ваших детей:
    }
    { $programmes }
btn-door-signup = ✍️ { $quantum }
door-followup-line = • { $quantum }: «{ $programme }», { $min }–{ $max } лет
