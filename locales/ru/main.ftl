## Welcome, menu, settings, help. $you is "ty" for pupils, "vy" for everyone else.

welcome-new = 👋 Привет{ $named ->
        [yes] , { $name }
       *[no] {""}
    }! Это бот Кванториума — детского технопарка, где собирают роботов, запускают дроны и пишут свои игры.
welcome-back = 👋 { $you ->
        [ty] С возвращением{ $named ->
                [yes] , { $name }
               *[no] {""}
            }!
       *[vy] Рады видеть вас снова!
    }

role-question = Подскажите, кто вы? Так я буду знать, как с вами говорить и что показывать.
btn-role-pupil = 🧒 Я ученик
btn-role-parent = 👪 Я родитель
role-saved = Готово, запомнил!

menu-text = 🏠 <b>Меню</b>
    { $you ->
        [ty] Выбирай, с чего начнём:
       *[vy] Выберите, с чего начать:
    }
btn-home = 🏠 Меню
btn-catalogue = 📚 Все квантумы
btn-quiz = 🎯 Какой квантум мой?
btn-settings = ⚙️ Настройки

settings-text = ⚙️ <b>Настройки</b>

    Язык: { $language }
    { $role ->
        [pupil] Ты — ученик
        [parent] Вы — родитель
        [staff] Вы — сотрудник технопарка
        [admin] Вы — администратор
       *[none] Роль не выбрана
    }
btn-language = 🌐 Язык
btn-change-role = 👤 Сменить роль

language-question = 🌐 Выберите язык / Choose your language:
language-saved = Теперь говорим по-русски.

help-text = ℹ️ <b>Что я умею</b>

    { $you ->
        [ty] Я расскажу про квантумы Кванториума и помогу выбрать свой.
       *[vy] Я расскажу о квантумах Кванториума и помогу выбрать направление для ребёнка.
    }

    /menu — главное меню
    /quanta — все квантумы
    /quiz — тест «Какой квантум мой?»
    /children — { $you ->
        [ty] мои заявки
       *[vy] мои дети и их заявки
    }
    /mydata — что бот хранит о семье
    /forget — удалить данные семьи
    /language — язык
    /cancel — отменить то, что сейчас заполняется
    /help — эта подсказка

cancel-done = Отменено, ничего не сохранено.
cancel-nothing = Сейчас нечего отменять.

unknown-command = { $you ->
        [ty] Такой команды я не знаю. Вот что есть:
       *[vy] Такой команды я не знаю. Вот что есть:
    }
not-understood = { $you ->
        [ty] Я понимаю кнопки и команды. Выбирай, что посмотреть:
       *[vy] Я понимаю кнопки и команды. Выберите, что посмотреть:
    }
stale-button = Эта кнопка устарела — вот актуальное меню.

btn-prev = ◀️ Назад
btn-next = Дальше ▶️

cmd-start = Начать сначала
cmd-menu = Главное меню
cmd-quanta = Все квантумы
cmd-quiz = Тест «Какой квантум мой?»
cmd-language = Язык / Language
cmd-help = Что умеет бот
cmd-cancel = Отменить текущее действие

## The offline demo

demo-banner = Кванториум — офлайн-демо. Пишите сообщение или /команду; номер кнопки (или её текст) нажимает её; Ctrl-D — выход.
demo-bot = Бот
demo-edited = Бот (изменил сообщение)
demo-toast = всплывающая подсказка
demo-no-button = Кнопки с номером { $number } нет: на экране { $count ->
        [one] { $count } кнопка
        [few] { $count } кнопки
       *[many] { $count } кнопок
    }.

too-fast = Не так быстро 🙂 Подождите немного и попробуйте снова.
