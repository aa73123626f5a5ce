## Staff: the enrolment export (/export and `python -m bot export enrolments`)

cmd-export = Выгрузка заявок в Excel
export-caption = 📄 <b>Выгрузка заявок</b>: { $count } { $count ->
        [one] заявка
        [few] заявки
       *[many] заявок
    }, все статусы. Таблица Excel: с фильтрами в шапке.
export-none = Выгружать пока нечего: заявок ещё нет.

# the workbook's sheet
export-sheet = Заявки

# the header row of the file
export-col-id = № заявки
export-col-child = Ребёнок
export-col-birth-date = Дата рождения
export-col-school = Школа
export-col-grade = Класс
export-col-parent = Родитель
export-col-phone = Телефон родителя
export-col-quantum = Квантум
export-col-programme = Программа
export-col-group-code = Код группы
export-col-group = Группа
export-col-status = Статус
export-col-reason = Причина
export-col-created = Подана
export-col-updated = Изменена

export-status = { $status ->
        [awaiting_consent] ждёт согласия родителя
        [applied] на рассмотрении
        [navigator] ждёт заявку в Навигаторе
        [confirmed] подтверждена
        [rejected] отклонена
        [waitlisted] лист ожидания
        [offered] предложено место
        [cancelled] отменена
        [withdrawn] отозвана после зачисления
       *[other] { $status }
    }
export-reason-offer-expired = не ответили на предложение места вовремя
