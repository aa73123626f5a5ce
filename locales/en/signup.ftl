## Sign-up form. $you: "ty" for a pupil signing up themself, "vy" for parents.

btn-signup = ✍️ Sign up
signup-title = ✍️ <b>Sign-up: { $quantum }</b>{ $pages ->
        [1] {""}
       *[other] {" "}· page { $page } of { $pages }
    }
signup-pick-programme = Choose a programme:
signup-programme-line = { $n }. <b>{ $title }</b> — { $level ->
        [intro] introductory
        [advanced] advanced
       *[project] project level
    }, ages { $min }–{ $max }{ $interview ->
        [yes] , by interview
       *[no] {""}
    }
signup-closed = Sign-up here is closed right now: intake runs at the start of each half-year. Check back later or ask at the tech park.
signup-navigator = The programme in Navigator: { $url }
signup-pick-group = <b>{ $programme }</b>{ $pages ->
        [1] {""}
       *[other] {" "}· page { $page } of { $pages }
    }
    Choose a group:
signup-group-line = { $n }. { $name }{ $ages ->
        [none] {""}
       *[other] {" · "}{ $ages }
    } · { $teacher }{ $room ->
        [none] {""}
       *[other] , { $room }
    } · { $running ->
        [yes] running since { $start }, you can still join
       *[no] from { $start }
    } — { $free ->
        [0] full, { $waiting } waiting
        [one] { $free } place
       *[other] { $free } places
    }
signup-group-ages = ages { $min }–{ $max }
signup-no-groups = There are no groups to sign up for yet.
signup-full-note = This group is full — the application will join the waiting list.
signup-who = Who is signing up?
btn-who-parent = 👪 My child
btn-who-child = 🧒 Myself
signup-ask-name = { $relation ->
        [child] What's your name? Write your surname and first name.
       *[parent] Your child's surname and first name?
    }
    For example: Ivanova Maria
signup-known-children = Or pick someone already signed up:
signup-same-child = { $relation ->
        [child] Is this you — { $name }? The family already has someone with the same date of birth ({ $birth }).
       *[parent] Is this { $name }? The family already has a child with the same date of birth ({ $birth }) and a similar name.
    }
btn-same-child = { $relation ->
        [child] ✅ Yes, that's me
       *[parent] ✅ Yes, the same child
    }
btn-other-child = { $relation ->
        [child] ➕ No, not me
       *[parent] ➕ No, another child
    }
signup-ask-birth = { $relation ->
        [child] Your date of birth?
       *[parent] Your child's date of birth?
    }
    For example: 12.05.2014 or 12 May 2014
signup-ask-school = { $relation ->
        [child] Which school do you go to?
       *[parent] Which school does your child go to?
    }
    For example: School No. 5
signup-ask-grade = { $relation ->
        [child] Which grade are you in?
       *[parent] Which grade?
    }
signup-ask-phone-parent = Your phone number, so the tech park can reach you. Tap the button below or type the number.
    For example: +7 912 345-67-89
signup-ask-phone-child = A parent's phone number, so the tech park can reach your family.
    For example: +7 912 345-67-89
btn-share-phone = 📱 Share my number
signup-phone-saved = ✅ Number saved: { $phone }
btn-consent-photo = ✅ I consent, photos OK
btn-consent-no-photo = ✅ I consent, no photos
btn-consent-refuse = ✖️ I don't consent
signup-consent-refused = We can't accept the application without consent. Nothing was saved. { $you ->
        [ty] If you change your mind, sign up again from the quantum's card.
       *[vy] If you change your mind, sign your child up again from the quantum's card.
    }
signup-consent-by-parent = A parent will give consent: after you send the application I'll give you a link for them.
signup-summary = 📋 <b>Check the application</b>

    Programme: { $programme }
    Group: { $group }
    { $relation ->
        [child] Pupil
       *[parent] Child
    }: { $name }
    Date of birth: { $birth } (age { $age })
    School: { $school }, grade { $grade }
    Phone: { $phone }
    { $consent ->
        [photo] Consent: given, photos OK
        [nophoto] Consent: given, no photos
        [asked] Consent: we'll ask your parents
       *[parent] Consent: a parent will give it through a link
    }{ $full ->
        [yes] {"\u000A\u000A"}The group is full — the application will join the waiting list.
       *[no] {""}
    }
btn-edit-name = ✏️ Name
btn-edit-birth = ✏️ Date of birth
btn-edit-school = ✏️ School
btn-edit-grade = ✏️ Grade
btn-edit-phone = ✏️ Phone
btn-edit-group = ✏️ Group
btn-submit = ✅ Send application
btn-cancel-form = ✖️ Cancel
signup-done-applied = 🎉 <b>Application sent!</b>
    { $name } — { $programme }, group “{ $group }”. The place is held; the tech park will confirm within 3–5 days and I'll let you know.
signup-done-waitlisted = 📝 <b>On the waiting list</b>
    { $name } — { $programme }, group “{ $group }”. The group is full; you're number { $position } in line. As soon as a place frees up I'll offer it — you'll have a day to answer.
signup-done-consent = 📝 <b>Application saved</b>
    It needs a parent's consent. Send them this link — once they open it and agree, the application goes to the tech park:
    { $link }
signup-done-asked = 📝 <b>Application saved</b>
    It needs a parent's consent — I've already asked { $parents ->
        [one] your parent
       *[other] your parents
    } here in the bot. As soon as { $parents ->
        [one] they answer
       *[other] one of them answers
    }, the application goes to the tech park and I'll let you know.
signup-duplicate = { $you ->
        [ty] This application already exists — see “My applications”.
       *[vy] This application already exists — see “My children”.
    }
signup-stale = This sign-up is out of date — start again from the quantum's card.
form-use-buttons = Choose with a button below 👇
form-cancelled = Sign-up cancelled, nothing was saved.

## What to fix in a typed answer

form-name-too-long = Too long: { $limit } characters at most.
form-name-chars = A name may only have letters, spaces, hyphens and apostrophes.
form-name-short = Please write the whole name — at least two letters.
form-name-invisible = That name is only invisible characters. Please type the surname and first name in letters.
form-birth-format = I didn't get that date. Please write it in one of these forms: 12.05.2014, 12.05.14, 12 May 2014, May 12, 2014 or 2014-05-12.
form-birth-no-such-day = There's no such day in the calendar. Check the day and month.
form-birth-future = That date hasn't happened yet.
form-birth-too-old = The year looks wrong: the tech park is for ages 5–18.
form-age-misfit = This group is for ages { $min }–{ $max }. { $you ->
        [ty] { $started ->
            [yes] You're { $age }.
           *[no] You'll be { $age } when classes start.
        }
       *[vy] { $started ->
            [yes] { $name } is { $age }.
           *[no] { $name } will be { $age } when classes start.
        }
    } Check the date or choose another group.
btn-other-group = ↩️ Another group
form-school-too-long = Too long: { $limit } characters at most.
form-school-empty = Write the school's name or number.
form-school-invisible = That's only invisible characters. Please write the school's name or number in letters and digits.
form-school-chars = No emoji, please: just the school's name.
form-grade = The grade is a number from 1 to 11.
form-phone-format = That doesn't look like a phone number. Write it like this: +7 912 345-67-89
form-phone-digits = Please type the number with the ordinary digits 0–9, like this: +7 912 345-67-89
form-phone-russian = A Russian number has 10 digits after +7 or 8, and this one has { $count }. Please check it.
form-phone-plus-eight = Russia's country code is +7, and a leading 8 goes without a plus: +7 912 345-67-89 or 8 912 345-67-89.
btn-signup-programmes = ⬅️ Programmes
