## The catalogue of quanta

catalogue-title = 📚 <b>Квантумы</b> — { $count } { $count ->
        [one] направление
        [few] направления
       *[many] направлений
    }{ $pages ->
        [1] {""}
       *[other] {" "}· стр. { $page } из { $pages }
    }
    { $you ->
        [ty] Выбирай, о чём рассказать подробнее.
       *[vy] Выберите направление, чтобы узнать подробнее.
    }

card-activities = Чем { $you ->
        [ty] займёшься
       *[vy] займётся ребёнок
    }
card-projects = Примеры проектов
card-age = Возраст: { $min }–{ $max } { $max ->
        [one] год
        [few] года
       *[many] лет
    }
btn-back-catalogue = ⬅️ Все квантумы
btn-back-result = ⬅️ К результату
card-events = 🎪 Ближайшие события
