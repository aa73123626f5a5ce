## Events as families see them: the list, the card, registering, the ticket, the waitlist,
## reminders. $you: "ty" to a pupil, "vy" to everyone else (English ignores it).

## ---- queued messages: the ticket, a seat from the waitlist, reminders ----
btn-eb-not-coming = 🙅 Can't come
btn-eb-come = ✅ I'll be there
btn-eb-ticket = 🎟 My ticket
btn-eb-card = 🎪 The event
eb-offer = 🎉 A seat is free: <b>{ $title }</b>
    { $when }, { $place }

    The seat is for { $child }. We hold it until { $until } — please confirm you're coming.
eb-lapsed = { $promoted ->
        [yes] ⌛ The seat at <b>{ $title }</b> for { $child } went to the next in line: no answer came in time.
       *[no] ⌛ The seat at <b>{ $title }</b> for { $child } is no longer held: no answer came in time. If your plans still stand, you can register again.
    }
eb-reminder = ⏰ { $day ->
        [tomorrow] Tomorrow
       *[today] Today at { $at }
    }: <b>{ $title }</b>
    { $when }
    { $place }

    Children: { $children }
    Door code: <b>{ $code }</b>
eb-consent-asked = ✍️ Your child is registering for an event: <b>{ $title }</b>
    { $when }, { $place }

    Who: { $children }. A parent's consent to process the child's data is needed — without it no seat is taken.
btn-eb-consent-yes = ✅ I agree
btn-eb-consent-no = ✖️ I don't agree
eb-consent-given = ✅ A parent agreed: <b>{ $title }</b>, { $when }. { $seated ->
        [yes] The seat is yours — the ticket comes in the next message.
       *[no] No seats yet — you're on the waitlist.
    }

## ---- the list and the card ----
btn-events = 🎪 Events
cmd-events = Events: open days, master classes
ev-ages = { $low ->
        [none] { $high ->
            [none] any age
           *[other] up to { $high }
        }
       *[other] { $high ->
            [none] from { $low }
           *[other] ages { $low }–{ $high }
        }
    }
ev-seats = { $free ->
        [none] no seat limit
        [0] full — waitlist
        [one] { $free } seat left
       *[other] { $free } seats left
    }
ev-list-title = 🎪 <b>Events</b> (page { $page } of { $pages })
ev-list-empty = No events coming up yet — check back later.
ev-list-filtered = Showing events for your children's ages.
ev-list-nothing-fits = Nothing for your children's ages yet — here are all the events.
ev-list-line = <b>{ $n }. { $title }</b>
    { $when } · { $place }
    { $ages } · { $seats }{ $quanta ->
        [none] {""}
       *[other] {" · "}{ $quanta }
    }
btn-ev-new = ➕ New event
ev-not-found = Event not found — the link may be out of date. Here is what's coming:
ev-card = 🎪 <b>{ $title }</b>{ $status ->
        [cancelled] {" "}— cancelled
       *[open] {""}
    }
ev-card-facts = 🗓 { $when }
    📍 { $place }
    👧 { $ages }
    🎫 { $seats }
    👪 { $companions ->
        [0] no adults along
       *[other] adults along: up to { $companions }
    }
ev-card-quanta = { $quanta }
ev-closed = 🔒 Registration closed
ev-card-until = ⏳ Registration until { $until }
ev-mine-line = { $status ->
        [seat] ✅ { $child } — has a seat
        [offered] 🎉 { $child } — a seat is free, waiting for your answer
        [waitlist] ⏳ { $child } — on the waitlist
       *[consent] ✍️ { $child } — waiting for a parent's consent
    }
btn-ev-register = ✍️ Register
btn-ev-register-more = ➕ Register more
btn-ev-manage = 🛠 Manage
btn-ev-back = ⬅️ To events

## ---- registering ----
eb-ask-children = Who is coming? Tap the children's names, then “Next”.
    Chosen: { $chosen ->
        [none] nobody yet
       *[other] { $chosen }
    }
btn-eb-other-child = { $relation ->
        [child] ✍️ Enter myself
       *[parent] ➕ Another child
    }
btn-eb-next = ➡️ Next
btn-eb-leave = ✖️ Don't register
eb-ask-name = { $relation ->
        [child] What's your name? Surname and first name, e.g. Ivanova Maria
       *[parent] The child's name? Surname and first name, e.g. Ivanova Maria
    }
eb-ask-birth = { $relation ->
        [child] When is your birthday? E.g. 12.05.2014
       *[parent] The child's date of birth? E.g. 12.05.2014
    }
eb-ask-adults = { $you ->
        [ty] How many adults come with you?
       *[vy] How many adults in all come with the children?
    } { $most ->
        [1] One at most.
       *[other] Up to { $most }.
    }{ $current ->
        [none] {""}
       *[other] {" "}Registered now: { $current }.
    }
eb-ask-phone = A phone number to reach you? E.g. +7 912 345-67-89
eb-summary = 📝 <b>Registration: { $title }</b>
    { $when }, { $place }

    Children: { $children }
    Adults: { $adults }
    Phone: { $phone ->
        [none] —
       *[other] { $phone }
    }
eb-summary-parents = A parent's consent is needed — we'll ask them; the seat is taken once they agree.
btn-eb-submit = ✅ Register
eb-choose = Seats left: { $free }, children: { $count }. What shall we do?
btn-eb-split = { $free } now, rest wait
btn-eb-wait = All on the waitlist
eb-booked = ✅ <b>Registered!</b>
eb-booked-seated = { $you ->
        [ty] You have a seat. The ticket with a QR code comes in the next message.
       *[vy] Seats for: { $seated }. The ticket with a QR code comes in the next message.
    }
eb-booked-waiting = On the waitlist: { $waiting } (place in line: { $position }). We'll write when a seat frees up — the ticket comes then.
eb-booked-pending = Waiting for a parent's consent for: { $pending } — we asked them in the bot.
eb-booked-twice = Already registered before: { $twice }.
eb-ask-parent = ✍️ Registration saved, but a parent's consent is needed. Send them this link — when they open it, we'll ask them: { $link }
eb-age = This event is for { $ages }, and { $children } doesn't fit the age range. Have a look at other events.
eb-already = Already registered for this event: { $children }.
eb-closed = Registration for this event is closed. Have a look at other events.
eb-cancelled-event = This event is cancelled. Have a look at other events.
eb-left = Registration dropped, nothing saved.
eb-stale = That button belongs to an old registration.
eb-gone = That registration is gone — nothing changed.

## ---- can't come, a seat from the waitlist, consent ----
eb-cancel-confirm = { $count ->
        [one] Sure you can't come? The seat will be freed for others.
       *[other] Who can't come? Freed seats go to the next in line.
    }
btn-eb-cancel-all = { $you ->
        [ty] 🙅 I can't come
       *[vy] 🙅 Nobody can come
    }
btn-eb-cancel-one = Not coming: { $child }
btn-eb-keep = { $you ->
        [ty] ⬅️ I'll come after all
       *[vy] ⬅️ We'll come after all
    }
eb-cancelled = { $promoted ->
        [yes] Registration cancelled — the seat went to the next in line.
       *[no] Registration cancelled.
    }
eb-cancelled-one = Seat freed: { $child }. Still registered: { $staying }.{ $promoted ->
        [yes] {" "}The seat went to the next in line.
       *[no] {""}
    }
eb-offer-taken = ✅ The seat is yours! The ticket comes in the next message.
eb-offer-late = Time to answer ran out — the seat is no longer held.
eb-offer-declined = { $promoted ->
        [yes] All right, the seat went to the next in line.
       *[no] All right, the seat is freed.
    }
eb-consent-thanks = ✅ Thank you, consent received.
eb-consent-refused = Understood — the child's registration is withdrawn.
eb-cancel-late = The event has started or you have checked in — the registration can't be cancelled now.
eb-too-many = At most { $max } children per registration. { $you ->
        [ty] Please remove someone from the list.
       *[vy] Please remove someone from the list, or register the others separately.
    }
eb-awaiting = Your child registered on their own: { $children }. The registration waits for a parent's consent — press «✅ I agree» and the seat is taken, if any are left.

## ---- ages, those registered already, a button to an event that fits ----
eb-misfit = { $relation ->
        [child] You'll be { $age } on the day, and this event is for { $ages }.{ $fitting ->
            [yes] {" "}The events below fit you.
           *[no] {""}
        }
       *[parent] { $child } will be { $age } on the day, and this event is for { $ages }. The others stay chosen.{ $fitting ->
            [yes] {" "}The events below fit that age.
           *[no] {""}
        }
    }
eb-misfit-again = If the date has a typo, type it again, for example: 12.05.2014.
eb-children-there = 🎟 Already registered for this event: { $children }.
btn-eb-fitting = 🎪 { $title }
