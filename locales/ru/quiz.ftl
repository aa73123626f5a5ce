## «Какой квантум мой?» — the questions speak to the child

quiz-intro = 🎯 <b>Какой квантум твой?</b>
    Шесть быстрых вопросов — и я подскажу три направления. Неправильных ответов нет!
quiz-intro-parent = <i>Передайте телефон ребёнку: вопросы для него.</i>
quiz-step = Вопрос { $step } из { $total }

quiz-evening = Свободный вечер. Чем займёшься?
quiz-evening-build = 🔧 Что-то соберу
quiz-evening-game = 🎮 Сделаю свою игру
quiz-evening-walk = 🌲 Пойду исследовать
quiz-evening-draw = ✏️ Буду рисовать

quiz-power = Выбери суперсилу:
quiz-power-fly = 🦅 Летать
quiz-power-micro = 🔍 Видеть атомы
quiz-power-minds = 🧠 Читать мысли
quiz-power-lightning = ⚡ Метать молнии

quiz-video = Какое видео откроешь первым?
quiz-video-rocket = 🚀 Запуск ракеты
quiz-video-race = 🏁 Гонки
quiz-video-experiment = 🧪 Опыты в лаборатории
quiz-video-vr = 🕶 Обзор VR-шлема

quiz-team = В команде ты скорее…
quiz-team-ideas = 💡 Генератор идей
quiz-team-solder = 🛠 Мастер-паяльщик
quiz-team-code = ⌨️ Главный по коду
quiz-team-explore = 🧭 Разведчик

quiz-expo = Что привезёшь на выставку изобретений?
quiz-expo-drone = 🚁 Дрон-картограф
quiz-expo-robot = 🤖 Робота-помощника
quiz-expo-solar = ☀️ Солнечную машинку
quiz-expo-laser = ✨ Лазерное шоу

quiz-age = Сколько тебе лет? Так я не предложу то, что пока рано.
quiz-age-skip = Пропустить

quiz-result-title = 🎯 <b>{ $you ->
        [ty] Твои квантумы
       *[vy] Подходящие квантумы
    }</b>
quiz-result-line = { $rank }. <b>{ $title }</b> — { $reason }.
quiz-result-hint = { $you ->
        [ty] Нажми на квантум, чтобы узнать о нём больше.
       *[vy] Нажмите на квантум, чтобы узнать о нём больше.
    }
quiz-result-empty = 🤔 Точного совпадения не нашлось — так бывает! Загляни в список квантумов: вдруг что-то зацепит.
quiz-last = 🎯 Прошлый результат: { $quanta }.
    Пройдёшь тест ещё раз?
btn-quiz-again = 🔁 Пройти заново
btn-quiz-result = 🎯 Мой результат
quiz-stale = Этот вопрос уже позади — вот текущий.
quiz-use-buttons = Ответь кнопкой под вопросом 👇

quiz-why-build = ты любишь собирать вещи своими руками
quiz-why-code = тебе нравится программировать и делать игры
quiz-why-fly = ты мечтаешь о полёте
quiz-why-space = тебя манит космос
quiz-why-nature = тебе интересно всё живое
quiz-why-brain = тебе любопытно, как устроен мозг
quiz-why-design = ты придумываешь и рисуешь
quiz-why-energy = тебя заряжает электричество
quiz-why-light = тебя завораживает свет
quiz-why-vehicles = ты любишь скорость и машины
quiz-why-virtual = тебя тянет в виртуальные миры
quiz-why-maps = ты любишь исследовать места вокруг
quiz-why-micro = тебе интересен микромир
quiz-why-science = ты любишь опыты и эксперименты
