# An event's ticket, the check-in at the door, «How was it?» after it, the open day's follow-up.

cmd-checkin = The door of an event: a ticket's code

ticket-caption = 🎟 <b>Ticket: { $title }</b>
    { $when }
    { $place }{ $named ->
        [yes] {""}
    Coming: { $names }{ $companions ->
        [0] {""}
       *[other] , adults: { $companions }
    }
       *[no] {""}
    }
    Door code: <b>{ $code }</b>
    Show the QR code at the door or say the code.
ticket-names-more = { $names } and { $count } more
btn-my-ticket = 🎟 My ticket
btn-ticket-event = 🎪 The event
door-ticket-sent = 🎟 Ticket sent
door-ticket-recent = 🎟 The ticket has just been sent
door-ticket-cancelled = ❌ The event is cancelled; the ticket is no longer needed.
door-ticket-over = The event is over; the ticket is no longer needed.
door-ticket-waiting = ⏳ You are on the waitlist. The ticket comes as soon as a seat is free.
door-not-found = 🎟 Ticket not found. Check the link or the code.
door-code-ask = 🎟 Type the ticket's code: 6 letters and digits.
    For example: K7M2PX
door-code-unknown = No such code. Check it and type it again: 6 letters and digits, e.g. K7M2PX.
door-check-title = 🎟 <b>Door: { $title }</b>
door-cancelled = ❌ The event is cancelled: there is no one to check in.
door-over = ⚠️ The event is already over: { $when }.
door-not-today = ⚠️ The event is on { $day }, not today.
door-child = { $name }, { $age }, { $status }
door-no-children = No children in this registration.
door-companions = Adults: { $count }
door-seat = has a seat
door-offered = offered a seat, not answered yet
door-waitlist = on the waitlist
door-consent = waiting for a parent's consent
door-waitlisted = ⚠️ This family is on the waitlist: no seat, but you may still check them in.
door-checked = ✅ Already checked in at { $at }
door-other-events = This code belongs to { $count ->
        [one] { $count } more event
       *[other] { $count } more events
    } too: the nearest in time is shown.
btn-door-check = ✅ Check in
btn-door-next = 🎟 Next ticket
door-done = ✅ Checked in at { $at }
door-already = Already checked in at { $at }

door-feedback-ask = 💬 <b>How was «{ $title }»?</b>
    Give it 1 to 5 stars.
door-stars-saved = Rating saved
door-rated = Thank you! «{ $title }»: { $stars }
    If you like, write a few words (up to 1000 characters) or press «Skip». You can change the stars.
btn-door-skip = Skip
door-thanks = Thank you for the rating!
door-comment-saved = Thank you! Your words went to the technopark's team.
door-comment-long = That is { $length } characters; up to { $limit } fit. Please shorten it and send it again.
door-comment-empty = Write your feedback as text or press «Skip».
door-feedback-gone = This rating is no longer open.

door-followup = 🚀 <b>Thank you for coming to «{ $title }»!</b>
    These programmes are open for sign-up for { $you ->
        [ty] your age:
       *[vy] your children's ages:
    }
    { $programmes }
btn-door-signup = ✍️ { $quantum }
door-followup-line = • { $quantum }: «{ $programme }», ages { $min }–{ $max }
