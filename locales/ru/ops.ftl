## Operations: messages to the administrators when sending is stuck, and when it recovers

ops-stuck = ⚠️ <b>Сообщения не уходят</b>
    В очереди { $waiting ->
        [one] { $waiting } сообщение
        [few] { $waiting } сообщения
       *[many] { $waiting } сообщений
    }; самое старое ждёт уже { $minutes ->
        [one] { $minutes } минуту
        [few] { $minutes } минуты
       *[many] { $minutes } минут
    }, с { $since }.
    Проверьте, что бот запущен и Telegram доступен; причину подскажут журнал и /metrics.
ops-recovered = ✅ <b>Сообщения снова уходят</b>
    Отправка стояла около { $minutes ->
        [one] { $minutes } минуты
       *[other] { $minutes } минут
    }, с { $since }.
