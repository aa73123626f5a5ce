## Staff: finding a family (/find), a group's roster, applications by status, the record of who looked (/audit)

btn-find = 🔎 Найти
cmd-find = Найти семью по имени или телефону
find-ask = 🔎 <b>Поиск семьи</b>
    Напишите часть имени ребёнка или родителя (слова — в любом порядке) или телефон в любом виде.
    Например: Петров, Мария Петрова или 8 912 345-67-89
find-too-short = Слишком коротко: нужно хотя бы 2 буквы имени или 4 цифры телефона.
find-too-long = Слишком длинно: не больше { $limit } символов.
find-not-text = Нужен текст: имя или телефон.
find-title = 🔎 <b>{ $n ->
        [0] Никого не нашёл
        [one] Нашёл { $n } семью
        [few] Нашёл { $n } семьи
       *[many] Нашёл { $n } семей
    }</b>{ $kind ->
        [phone] {" "}по телефону
       *[name] {" "}по имени
    }{ $more ->
        [yes] {"\u000A"}Показаны первые { $limit } — уточните запрос.
       *[no] {""}
    }
find-none = Ни ребёнка, ни родителя с таким именем или телефоном нет.
find-family = <b>{ $n }.</b> { $count ->
        [1] Родитель
       *[other] Родители
    }: { $parents } · { $phone }
find-child = 👤 { $name }, { $age } { $age ->
        [one] год
        [few] года
       *[many] лет
    }{ $apps ->
        [0] {" "}— заявок нет
       *[other] {""}
    }
find-application = {"   "}№{ $id } · { $group } ({ $code }) — { $status }
find-cut = …дальше не поместилось — уточните запрос.
find-again = Напишите другое имя или телефон, чтобы искать ещё.
btn-find-back = ⬅️ К результатам
find-results-gone = Результатов того поиска уже нет.

btn-roster = 👥 Состав группы
roster-title = 👥 <b>Состав группы</b>
    { $programme } · группа «{ $group }» ({ $code })
roster-confirmed = <b>Записаны: { $n } из { $capacity }</b>
roster-none = Подтверждённых учеников пока нет.
roster-line = { $n }. { $name }, { $age } { $age ->
        [one] год
        [few] года
       *[many] лет
    } · { $phone }{ $offered ->
        [yes] {" "}(предложено место)
       *[no] {""}
    }
roster-waiting = <b>⏳ Лист ожидания: { $n }</b>
roster-more = …и ещё { $n }

btn-apps-statuses = 🗂 Все статусы
apps-statuses = 🗂 <b>Заявки по статусам</b>
    Выберите статус.
apps-statuses-none = Заявок пока нет.
btn-apps-status = { $status ->
        [awaiting_consent] 🕊 Ждут согласия
        [applied] 📥 На рассмотрении
        [navigator] 📨 В Навигаторе
        [confirmed] ✅ Подтверждены
        [rejected] ❌ Отклонены
        [waitlisted] ⏳ Лист ожидания
        [offered] 🎟 Предложено место
        [cancelled] ✖️ Отменены
        [withdrawn] 🚪 Отозваны
       *[other] { $status }
    } · { $n }
apps-status-title = 🗂 <b>{ $status ->
        [awaiting_consent] Ждут согласия родителя
        [applied] На рассмотрении
        [navigator] Переданы в Навигатор
        [confirmed] Подтверждённые заявки
        [rejected] Отклонённые заявки
        [waitlisted] Лист ожидания
        [offered] Предложено место
        [cancelled] Отменённые заявки
        [withdrawn] Отозванные после зачисления
       *[other] Заявки: { $status }
    }</b> · { $n }
apps-status-none = Заявок с этим статусом нет.
btn-apps-statuses-back = ⬅️ Статусы
btn-app-to-status = ⬅️ { $status ->
        [awaiting_consent] Ждут согласия
        [applied] На рассмотрении
        [navigator] В Навигаторе
        [confirmed] Подтверждены
        [rejected] Отклонены
        [waitlisted] Лист ожидания
        [offered] Предложено место
        [cancelled] Отменены
        [withdrawn] Отозваны
       *[other] { $status }
    }
app-card-reason = Причина: { $reason }
btn-app-keep = ✖️ Отмена

btn-audit = 🕵️ Журнал доступа
cmd-audit = Кто смотрел данные детей
audit-title = 🕵️ <b>Журнал доступа к данным детей</b>
    Выгрузки, поиск, составы групп, «кому не доставлено» — за последний год, новые сверху.
audit-none = Пока никто ничего не смотрел.
audit-line = { $when } · { $who } — { $kind ->
        [export] 📄 выгрузка заявок: { $found }
        [search_name] 🔎 поиск по имени, семей: { $found }
        [search_phone] 🔎 поиск по телефону, семей: { $found }
        [roster] 👥 состав группы { $group }: { $found }
        [undelivered] 📭 «кому не доставлено», семей на странице: { $found }
        [journal] 📒 журнал посещаемости, детей: { $found }
       *[other] { $kind }
    }
audit-group = { $code } «{ $title }»
audit-group-gone = (группы уже нет)
audit-page = Страница { $page } из { $pages }
