## «Кому не доставлено»: семьи, до которых не дошло сообщение о занятии, закрытии или рассылке

btn-undelivered = 📭 Кому не доставлено
undelivered-title = 📭 <b>Кому не доставлено</b> · { $subject }
undelivered-subject-lesson = изменение занятия
undelivered-subject-closure = закрытие
undelivered-subject-broadcast = рассылка №{ $id }
undelivered-summary = Семьи: получили { $reached }{ $waiting ->
        [0] {""}
       *[other] , ещё в очереди — { $waiting }
    }, не получили { $missed }.
undelivered-none = Всем доставлено — звонить некому.
undelivered-hint = Сначала — семьи самых младших.
undelivered-family = <b>{ $number }.</b> { $children }
    { $count ->
        [1] Родитель
       *[other] Родители
    }: { $parents } · { $phone }
    { $why ->
        [blocked] Заблокировали бота
        [never] Никто из семьи не запускал бота
       *[failed] Сообщение не дошло
    }
undelivered-child = { $name }, { $age ->
        [one] { $age } год
        [few] { $age } года
       *[many] { $age } лет
    }
undelivered-no-parents = не знаем
undelivered-no-phone = телефона нет
undelivered-page = Страница { $page } из { $pages }
btn-undelivered-back = ⬅️ Назад
btn-undelivered-broadcast = 📭 №{ $id }
undelivered-alone = Не из семей (квиз, сотрудники): получили { $reached }{ $waiting ->
        [0] {""}
       *[other] , ещё в очереди — { $waiting }
    }, не получили { $missed }.
undelivered-person = <b>{ $number }.</b> { $name } · не из семьи, телефона нет
    { $why ->
        [blocked] Бот заблокирован
       *[failed] Сообщение не дошло
    }
