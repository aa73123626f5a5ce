## Families: my children, invites, offers, my data, forgetting

btn-children = 👪 Мои дети
btn-my-applications = 📋 Мои заявки
cmd-children = Мои дети и заявки
cmd-mydata = Что бот хранит о семье
cmd-forget = Удалить данные семьи
children-title = 👪 <b>{ $you ->
        [ty] Мои заявки
       *[vy] Мои дети
    }</b>
children-none = { $you ->
        [ty] Заявок пока нет. Запишись из карточки квантума — кнопка «✍️ Записаться».
       *[vy] Пока никого нет. Запишитесь из карточки квантума — кнопка «✍️ Записаться».
    }
children-child = <b>{ $name }</b>, { $age } { $age ->
        [one] год
        [few] года
       *[many] лет
    }
children-enrolment = • { $programme }, «{ $group }» — { $status ->
        [awaiting_consent] ждём согласия родителя
        [applied] ⏳ на рассмотрении
        [navigator] ⏳ ждём заявку в Навигаторе
        [confirmed] ✅ подтверждена
        [rejected] ❌ отклонена
        [waitlisted] 🕒 лист ожидания, { $position }-е место
        [offered] 🎟 освободилось место — ответьте до { $until }
        [cancelled] отменена
       *[withdrawn] отозвана после зачисления
    }
children-reason = Причина: { $reason }
btn-cancel-enrolment = ✖️ Отменить: { $name }
btn-invite = 🔗 Пригласить в семью
children-cancel-confirm = Отменить заявку? { $name } — «{ $programme }». Место перейдёт следующему в очереди.
btn-yes-cancel = Да, отменить
btn-no = Нет
children-cancelled = Заявка отменена.
children-invite = 🔗 <b>Приглашение в семью</b>
    Второй родитель или сам ребёнок (со своего телефона) откроет эту ссылку — и увидит заявки и уведомления семьи:
    { $link }
    Или пусть напишет боту: /start fam_{ $code }

## Joining by an invite

join-who = 👪 Это приглашение в семью. Кто вы в ней?
join-done = 👪 Вы в семье! Теперь заявки и уведомления видны и вам.
join-which-child = Кто из них ты? Так бот будет напоминать о твоих занятиях, а не о чужих.
btn-none-of-them = Меня тут нет
child-linked = Готово: это ты.
join-unknown = Ссылка-приглашение не подошла: возможно, она устарела. Попросите прислать новую в «Мои дети».
join-other-family = Вы уже состоите в другой семье. Чтобы перейти, сначала удалите данные командой /forget.
consent-needed = 📄 <b>Нужно ваше согласие</b>
    { $name } хочет заниматься: { $programme }, группа «{ $group }».
consent-done = Спасибо! Согласие получено, заявка ушла в технопарк.
consent-parent-only = { $you ->
        [ty] Согласие за ребёнка младше 14 лет может дать только родитель. Отправь ему ссылку-приглашение из «Моих заявок» — он откроет её со своего телефона.
       *[vy] Согласие за ребёнка младше 14 лет может дать только родитель из этой семьи, и не с аккаунта самого ребёнка.
    }

## Notices the family gets

notice-status = { $status ->
        [confirmed] ✅ <b>Заявка подтверждена!</b> { $name }: { $programme }, группа «{ $group }». Ждём на занятиях!
        [rejected] ❌ { $name } — заявка на «{ $programme }» отклонена.
        [navigator] 📨 { $name } — заявка на «{ $programme }» одобрена. Осталось подать её в Навигаторе — технопарк подтвердит там.
        [applied] 📨 { $name } — заявка на «{ $programme }», группа «{ $group }», отправлена в технопарк.
        [waitlisted] 🕒 { $name } в листе ожидания: «{ $programme }», группа «{ $group }», { $position }-е место.
        [offered] 🎟 <b>Освободилось место!</b> { $name }: «{ $programme }», группа «{ $group }». Место держим до { $until }.
       *[cancelled] { $name } — заявка на «{ $programme }» закрыта.
    }
notice-reason = Причина: { $reason }
notice-offer-expired = Время ответа на предложение места истекло — место передано следующему в очереди.
btn-offer-accept = ✅ Беру место
btn-offer-decline = ✖️ Отказаться
offer-accepted = Отлично, место за вами! Технопарк подтвердит заявку.
offer-declined = Хорошо, место передано следующему.
offer-gone = Это предложение уже неактуально.

## My data and forgetting

mydata-caption = 📄 Всё, что бот хранит о вашей семье.
mydata-none = Бот не хранит данных о вашей семье: вы ещё никого не записывали.
forget-ask = 🗑 <b>Удалить данные семьи?</b>
    Согласие будет отозвано, удалятся дети, заявки (места перейдут следующим в очереди), приглашения и результаты теста. Это нельзя отменить.
btn-forget-yes = 🗑 Да, удалить всё
forget-done = Данные семьи удалены, согласие отозвано.
forget-none = Удалять нечего: данных о семье нет.
leave-ask = 🚪 <b>Выйти из семьи?</b>
    Твой аккаунт отвяжется от семьи, удалятся твои результаты теста и начатые анкеты. Заявки и данные детей останутся у родителей — удалить их может только родитель.
btn-leave-yes = 🚪 Да, выйти
forget-left = Готово: ты больше не в семье, твои данные удалены. Родители получили уведомление.
notice-family-forgotten = 🗑 Данные вашей семьи удалены по просьбе другого родителя: дети, заявки и согласие. Записаться снова можно в любой момент — /start
notice-child-left = 🚪 Аккаунт «{ $account }» вышел из семьи. Заявки и данные детей остались у вас — они в «Моих детях».

## Staff: applications

btn-applications = 📥 Заявки
cmd-applications = Заявки на рассмотрении
apps-title = 📥 <b>Заявки на рассмотрении</b>{ $filter ->
        [none] {""}
       *[other] {" "}· { $filter }
    }
apps-none = Новых заявок нет.
apps-line = №{ $id } · { $name } · { $group }
btn-apps-all = Все
app-card = 📋 <b>Заявка №{ $id }</b>
    { $programme }, группа «{ $group }»
    Ребёнок: { $name }, { $birth } ({ $age } { $age ->
        [one] год
        [few] года
       *[many] лет
    })
    Школа: { $school }, { $grade } класс
    Телефон: { $phone }
    Подана: { $when }
    Статус: { $status ->
        [applied] на рассмотрении
        [navigator] ждём Навигатор
       *[other] { $status }
    }
btn-app-confirm = ✅ Подтвердить
btn-app-navigator = 📨 Навигатор
btn-app-reject = ❌ Отклонить
btn-app-back = ⬅️ К заявкам
btn-app-open = 📋 Открыть заявку
app-ask-reason = Почему отклоняем? Напишите причину — её увидит семья. Или нажмите «Без причины».
btn-no-reason = Без причины
app-decided = { $status ->
        [confirmed] ✅ Заявка №{ $id } подтверждена, семья получит уведомление.
        [navigator] 📨 Заявка №{ $id } ждёт Навигатор, семья получит уведомление.
       *[rejected] ❌ Заявка №{ $id } отклонена, семья получит уведомление.
    }
app-gone = Заявка №{ $id } уже обработана.
app-reason-too-long = Слишком длинно: не больше 300 символов.
staff-new-application = 📥 <b>Новая заявка №{ $id }</b>{ $status ->
        [waitlisted] {" "}(лист ожидания)
       *[other] {""}
    }
    { $name }, { $age } { $age ->
        [one] год
        [few] года
       *[many] лет
    } — { $programme }, группа «{ $group }»
