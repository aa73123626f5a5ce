## "⚙️ Settings → 🔔 Reminders": when to remind of lessons (for each child), quiet hours,
## all reminders on/off. $you: "ty" for pupils, "vy" for everyone else.

btn-reminders = 🔔 Reminders

rset-title = 🔔 <b>Lesson reminders</b>
rset-hint-toggles = Tick when you'd like to be reminded.
rset-hint-children = Tap a name to choose the times for that child.

# $leads: "the evening before and 2 hours before" (rset-lead-*, as a list) or rset-leads-none
rset-child = { $name } — { $leads }
rset-self = I'll remind you of each lesson { $leads }.
rset-self-none = No time chosen — you won't get lesson reminders.
rset-leads-none = no reminders
rset-lead-evening = the evening before
rset-lead-3h = 3 hours before
rset-lead-2h = 2 hours before
rset-lead-1h = 1 hour before
rset-lead-30m = 30 minutes before

rset-quiet-on = Quiet hours: { $from }–{ $until } — no messages at night; a reminder due then comes in the morning.
rset-quiet-off = Quiet hours are off — reminders come on time, even at night.
rset-off = Reminders are off — I won't write about lessons. You can turn them back on below.

# $when: "today at 19:00", "in 2 hours", "on Monday at 19:00"
rset-next = <b>Next reminder: { $when }</b>
rset-next-lesson = { $title }, { $time }
rset-next-for = { $name } — { $title }, { $time }
rset-next-none = Nothing to remind of in the next two weeks.
rset-next-awaiting = { $you ->
        [ty] Reminders start once your application is confirmed. Where it stands is in “My applications”.
       *[vy] { $count ->
            [1] Reminders start once the application is confirmed. Where it stands is in “My children”.
           *[other] Reminders start once the applications are confirmed. Where they stand is in “My children”.
        }
    }

rset-empty = { $you ->
        [ty] Reminders come for lessons of the group you're signed up to. There's nothing to remind of yet: pick a quantum in the catalogue and sign up from its card.
       *[vy] Reminders come for lessons of children signed up to a group. There's nothing to remind of yet: pick a quantum in the catalogue and sign your child up from its card.
    }

## One child: when to remind of their lessons

rset-child-title = 🔔 <b>Reminders: { $name }</b>
rset-child-ask = When should I remind you of lessons? Tap to tick or untick.
rset-child-chosen = Now: { $leads }.
rset-child-nothing = Nothing ticked — no reminders for these lessons.

## Buttons (24 characters at most)

btn-rset-child = 🧒 { $name }: { $leads }
rset-short-evening = evening
rset-short-3h = 3 h
rset-short-2h = 2 h
rset-short-1h = 1 h
rset-short-30m = 30 min
rset-short-none = off
btn-rset-evening = Evening before, { $time }
btn-rset-3h = 3 hours before
btn-rset-2h = 2 hours before
btn-rset-1h = 1 hour before
btn-rset-30m = 30 minutes before
btn-rset-quiet = 🌙 Quiet hours: { $on ->
        [yes] on
       *[no] off
    }
btn-rset-off = 🔕 Turn all off
btn-rset-on = 🔔 Turn on
btn-rset-settings = ⬅️ Settings
btn-rset-back = ⬅️ Reminders

rset-saved-off = Reminders are off
rset-saved-on = Reminders are on
rset-saved-quiet-on = Quiet hours on
rset-saved-quiet-off = Quiet hours off
rset-stale = This button is out of date — here are your current settings.
