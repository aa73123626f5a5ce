## The offline demo: its own lines, around what the bot says

demo-banner = Кванториум — офлайн-демо. Пишите сообщение или /команду; номер кнопки (или её текст) нажимает её; Ctrl-D — выход.
demo-commands =
    Команды демо:
      :as admin — писать от имени администратора
      :as <id> — писать от имени человека с этим id
      :as new — новый человек; :as — кто есть в демо
      :напоминания (:reminders) — прислать напоминания о ближайшем занятии сейчас
      'текст — отправить как сообщение: '2 пошлёт «2», а не нажмёт кнопку 2
demo-you-are = Сейчас пишет { $name } (id { $id }{ $role ->
        [admin] , администратор
       *[other] {""}
    }).
demo-files = Файлы, которые присылает бот, демо сохраняет в папку { $path }
demo-no-reminders = Напоминать пока не о чем: напоминания приходят о занятиях детей, чья запись в группу подтверждена.
demo-reminders-off = 🔕 Напоминания выключены в настройках, поэтому присылать нечего. Включить: { $path }.
demo-reminders-early = ⏩ Демо прислало напоминания раньше срока: занятие — { $lesson }; без демо первое из них пришло бы { $due }.
demo-bot = Бот
demo-edited = Бот (изменил сообщение)
demo-toast = всплывающая подсказка
demo-link = 🔗 «{ $label }» — ссылка, в Telegram она открыла бы { $url }
demo-contact = 📱 Отправлен контакт: { $name }, { $phone }
demo-error = ⚠️ Эту строку выполнить не удалось ({ $error }). Демо продолжается: попробуйте другое действие.
demo-venue = 📍 Точка на карте: { $title }, { $address } ({ $latitude }, { $longitude })
demo-file-saved = 💾 сохранён: { $path }
demo-switched = Теперь пишет { $name } (id { $id }{ $role ->
        [admin] , администратор
       *[other] {""}
    })
demo-new-messages = { $count ->
        [0] Новых сообщений нет.
        [one] { $count } новое сообщение:
        [few] { $count } новых сообщения:
       *[many] { $count } новых сообщений:
    }
demo-elsewhere = 📨 { $name } (id { $id }): { $n ->
        [one] { $n } новое сообщение
        [few] { $n } новых сообщения
       *[many] { $n } новых сообщений
    } — прочитать: :as { $id }
demo-elsewhere-more = 📨 …и ещё { $n ->
        [one] { $n } человек
        [few] { $n } человека
       *[many] { $n } человек
    } с новыми сообщениями
demo-people = Люди в этом демо:
demo-person = { $id } — { $name }{ $role ->
        [admin] , администратор
       *[other] {""}
    }
demo-person-current = ← пишет сейчас
demo-as-usage = Так: :as admin, :as <id> (число) или :as new.
demo-admin-name = Ольга
demo-names = Борис, Вера, Глеб, Дина, Егор, Жанна, Илья, Ксения

## The sample news the demo starts with

demo-post-robo-title = Наша команда — в финале «РобоФеста»
demo-post-robo-body = Ребята из Робоквантума собрали робота-сортировщика и прошли в финал фестиваля. <b>Болеем всем технопарком!</b>
demo-post-it-title = Хакатон вместе с Яндекс Лицеем
demo-post-it-body = За два дня школьники из IT-квантума написали бота для школьной библиотеки. Наставники Яндекс Лицея помогали командам с кодом и презентацией.
demo-post-aero-title = Первые полёты в Аэроквантуме
demo-post-aero-body = Новички собрали свои первые квадрокоптеры и подняли их в воздух. Дальше — полёт по маршруту и аэросъёмка.

## The sample events the demo starts with

demo-event-open-day-title = День открытых дверей
demo-event-open-day-about = Все квантумы открыты: наставники покажут проекты, можно собрать робота, полетать на симуляторе и выбрать направление.
demo-event-open-day-place = Технопарк, главный вход
demo-event-master-title = Мастер-класс: робот за час
demo-event-master-about = Соберём и запрограммируем небольшого робота. Всё нужное выдадим, ноутбук не нужен.
demo-event-master-place = Лаборатория Робоквантума, каб. 204
demo-event-trial-title = Пробное занятие: { $quantum }
demo-event-trial-about = Обычное занятие группы новичков: можно прийти, попробовать и решить, ваше ли это.
demo-event-trial-place = Каб. 210
