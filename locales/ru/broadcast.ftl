## Broadcasts: the audience by enrolment, and the audience in words

bc-enrolled-quanta = 🎓 <b>Кому из записанных</b>
    Отметьте квантум целиком или откройте его программы и группы. Получат семьи, где ребёнок записан хотя бы в одно из отмеченного.
bc-enrolled-quantum = 🎓 <b>{ $quantum }: программы и группы</b>
    Получат семьи, где ребёнок записан хотя бы в одно из отмеченного.
bc-aud-ticked = Отмечено: { $where }
bc-aud-any-group = любые группы
bc-aud-path-group = группа { $name }
bc-aud-gone-programme = программа №{ $id }
bc-aud-gone-group = группа №{ $id }
bc-aud-members = { $members ->
        [parents] родители
        [children] дети
       *[all] семьи
    }
bc-aud-waitlisted = лист ожидания
bc-aud-enrolled = Семьи с заявками: { $where }; { $members ->
        [parents] только родители
        [children] только дети
       *[all] вся семья
    }; { $waitlisted ->
        [yes] в листе ожидания
       *[no] записаны
    }
bc-preview-confirm = ☝️ Так сообщение увидят получатели: { $count }.
    Кому: { $audience }
    Отправить?
btn-aud-programmes = Программы{ $count ->
        [0] {""}
       *[other] {" "}({ $count })
    } ›
btn-aud-back-quanta = ⬅️ Квантумы
