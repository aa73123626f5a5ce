## «Not reached»: families a lesson change, closure or broadcast did not reach

btn-undelivered = 📭 Not reached
undelivered-title = 📭 <b>Not reached</b> · { $subject }
undelivered-subject-lesson = lesson change
undelivered-subject-closure = closure
undelivered-subject-broadcast = broadcast #{ $id }
undelivered-summary = Families reached: { $reached }{ $waiting ->
        [0] {""}
       *[other] , still in the queue: { $waiting }
    }, not reached: { $missed }.
undelivered-none = Everyone got it — nobody to call.
undelivered-hint = The youngest children's families first.
undelivered-family = <b>{ $number }.</b> { $children }
    { $count ->
        [1] Parent
       *[other] Parents
    }: { $parents } · { $phone }
    { $why ->
        [blocked] Blocked the bot
        [never] Nobody in the family has started the bot
       *[failed] The message did not arrive
    }
undelivered-child = { $name }, { $age }
undelivered-no-parents = unknown
undelivered-no-phone = no phone
undelivered-page = Page { $page } of { $pages }
btn-undelivered-back = ⬅️ Back
btn-undelivered-broadcast = 📭 #{ $id }
undelivered-alone = People in no family (quiz, staff) reached: { $reached }{ $waiting ->
        [0] {""}
       *[other] , still in the queue: { $waiting }
    }, not reached: { $missed }.
undelivered-person = <b>{ $number }.</b> { $name } · in no family, no phone
    { $why ->
        [blocked] Blocked the bot
       *[failed] The message did not arrive
    }
