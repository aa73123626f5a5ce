## Events as families see them: the list, the card, registering, the ticket, the waitlist,
## reminders. $you: "ty" to a pupil, "vy" to everyone else (English ignores it).

## ---- queued messages: the ticket, a seat from the waitlist, reminders ----
eb-ticket = 🎟 <b>Ticket: { $title }</b>
    { $when }
    { $place }

    Children: { $children }{ $companions ->
        [0] {""}
       *[other] , adults: { $companions }
    }
    Door code: <b>{ $code }</b>
btn-eb-not-coming = 🙅 Can't come
btn-eb-come = ✅ I'll be there
btn-eb-ticket = 🎟 My ticket
btn-eb-card = 🎪 The event
eb-offer = 🎉 A seat is free: <b>{ $title }</b>
    { $when }, { $place }

    The seat is for { $child }. We hold it until { $until } — please confirm you're coming.
eb-lapsed = ⌛ The seat at “{ $title }” for { $child } went to the next in line: no answer came in time.
eb-reminder = ⏰ { $lead ->
        [evening] Tomorrow
       *[other] Soon
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
