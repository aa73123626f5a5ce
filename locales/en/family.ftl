## Families: my children, invites, offers, my data, forgetting

btn-children = 👪 My children
btn-my-applications = 📋 My applications
cmd-children = My children and applications
cmd-mydata = What the bot keeps about the family
cmd-forget = Delete the family's data
children-title = { $you ->
        [ty] 📋 <b>My applications</b>
       *[vy] 👪 <b>My children</b>
    }
children-none = { $you ->
        [ty] No applications yet. Sign up from a quantum's card — the “✍️ Sign up” button.
       *[vy] Nobody yet. Sign your child up from a quantum's card — the “✍️ Sign up” button.
    }
children-child = <b>{ $name }</b>, age { $age }
children-enrolment = • { $programme }, “{ $group }” — { $code ->
        [applied] ⏳{" "}
        [awaiting_consent] ⏳{" "}
        [navigator] ⏳{" "}
        [confirmed] ✅{" "}
        [rejected] ❌{" "}
        [waitlisted] 🕒{" "}
        [offered] 🎟{" "}
       *[other] {""}
    }{ $status }
# One application's status, in the same words wherever a family sees it ("My children",
# "My applications", the note on a lesson in the schedule).
application-status = { $status ->
        [awaiting_consent] waiting for a parent's consent
        [applied] under review
        [navigator] waiting for the Navigator application
        [confirmed] confirmed
        [rejected] declined
        [waitlisted] waiting list, number { $position }
        [offered] a place is free — answer by { $until }
        [cancelled] cancelled
       *[withdrawn] withdrawn after enrolment
    }
children-reason = Reason: { $reason }
btn-cancel-enrolment = ✖️ Cancel: { $name }
btn-cancel-enrolment-group = ✖️ { $name } · { $group }
btn-invite = 🔗 Invite to the family
children-cancel-confirm = Cancel the application? { $name } — “{ $programme }”. The place will go to the next in line.
btn-yes-cancel = Yes, cancel
btn-keep-application = ↩️ Keep it
btn-no = No
children-cancelled = Application cancelled.
children-not-yours = This isn't your application: only a parent can change it.
children-ask-parent = Your place is confirmed — only a parent can give it up. If you want to leave the group, ask a parent to cancel it in “My children”.
children-invite = 🔗 <b>Family invite</b>
    The other parent, or the child on their own phone, opens this link and sees the family's applications and notices:
    { $link }
    Or they can send the bot: /start fam_{ $code }

## Joining by an invite

join-who = 👪 This is an invite to a family. Who are you in it?
join-done = 👪 You're in the family! You'll see its applications and notices now.
join-already = You're already in this family — everything's in place.
join-which-child = Which of them are you? Then the bot tells you about your own lessons, not your siblings'.
btn-none-of-them = I'm not listed
child-linked = Done: that's you.
join-unknown = That invite link didn't work — it may be out of date. Ask for a new one from “My children”.
join-other-family = You already belong to another family. To switch, first delete your data with /forget.
consent-needed = 📄 <b>Your consent is needed</b>
    { $name } wants to join: { $programme }, group “{ $group }”.
consent-done = Thank you! Consent received; the application has gone to the tech park.
consent-request-details = Date of birth: { $birth } (age { $age })
    School: { $school }, grade { $grade }
    Phone: { $phone }
consent-decided = This application has already been answered. { $status ->
        [refused] Consent was not given, so it's cancelled.
        [cancelled] It has been cancelled.
        [gone] It no longer exists.
       *[other] Consent was given; it has gone to the tech park.
    }
consent-refused-done = All right, the application is cancelled. { $name } will get a message from me about it.
consent-parent-only = { $you ->
        [ty] Only a parent can consent for a child under 14. If your parent isn't in the bot yet, send them the invite link from “My applications” — they'll open it on their own phone.
       *[vy] Only a parent in this family can consent for a child under 14, and not from the child's own account.
    }

## Notices the family gets

notice-status = { $status ->
        [confirmed] ✅ <b>Application confirmed!</b> { $name }: { $programme }, group “{ $group }”. See you in class!
        [rejected] ❌ The “{ $programme }” application for { $name } was declined.
        [navigator] { $you ->
            [ty] 📨 <b>Waiting for your Navigator application</b>
                “{ $programme }”, group “{ $group }”. The tech park has reviewed your application: to join, also apply in Navigator, the region's portal for clubs (a parent can help). The tech park will confirm it there.
           *[vy] 📨 <b>Waiting for the Navigator application</b>
                { $name }: “{ $programme }”, group “{ $group }”. The tech park has reviewed the application: to sign your child up, also apply in Navigator, the region's portal for clubs. The tech park will confirm it there.
        }
        [applied] 📨 { $name }'s application for “{ $programme }”, group “{ $group }”, has gone to the tech park.
        [waitlisted] 🕒 { $name } is on the waiting list: “{ $programme }”, group “{ $group }”, number { $position }.
        [offered] 🎟 <b>A place is free!</b> { $name }: “{ $programme }”, group “{ $group }”. We're holding it until { $until }.
       *[cancelled] { $name }'s application for “{ $programme }” is closed.
    }
notice-reason = Reason: { $reason }
notice-consent-refused = Your parents didn't consent to the sign-up for “{ $programme }”, group “{ $group }”, so I've cancelled the application. If you'd really like to come, talk it over with them — you can sign up again from the quantum's card.
notice-offer-expired = The time to answer the offer ran out — the place went to the next in line.
btn-offer-accept = ✅ Take the place
btn-navigator-open = 🔗 Open in Navigator
btn-offer-decline = ✖️ Decline
offer-accepted = Great, the place is yours! The tech park will confirm the application.
offer-declined = All right, the place goes to the next in line.
offer-gone = That offer is no longer open.

## My data and forgetting

mydata-caption = 📄 Everything the bot keeps about your family.
mydata-after = To erase this data, send /forget.
mydata-none = The bot keeps no data about your family: you haven't signed anyone up.
forget-ask = 🗑 <b>Delete the family's data?</b>
    Consent will be withdrawn; the children, applications (their places go to the next in line), invites, and everyone's questions to the tech park, quiz results, news subscriptions and unfinished forms will be deleted. This can't be undone.
btn-forget-yes = 🗑 Yes, delete it all
forget-done = The family's data is deleted and consent withdrawn.
forget-none = Nothing to delete: there's no family data.
leave-ask = 🚪 <b>Leave the family?</b>
    Your account will be unlinked from the family, and your questions, quiz results, news subscriptions, reminder settings and unfinished forms deleted. The applications and the children's details stay with your parents — only a parent can delete them.
btn-leave-yes = 🚪 Yes, leave
forget-left = Done: you've left the family and your data is deleted. Your parents have been told.
notice-family-forgotten = 🗑 { $you ->
        [ty] Your family's data was deleted at a parent's request: the applications and consent. You can sign up again any time — /start
       *[vy] Your family's data was deleted at another parent's request: the children, applications and consent. You can sign your child up again any time — /start
    }
notice-child-left = 🚪 The account “{ $account }” has left the family. The applications and the children's details stay with you — see “My children”.

## Staff: applications

btn-applications = 📥 Applications
cmd-applications = Applications: to decide, by status
apps-title = 📥 <b>Applications to review</b>{ $filter ->
        [none] {""}
       *[other] {" "}· { $filter }
    }
apps-none = No new applications.
apps-line = #{ $id } · { $name } · { $group }
btn-apps-all = All
app-card = 📋 <b>Application #{ $id }</b>
    { $programme }, group “{ $group }”
    Child: { $name }, { $birth } (age { $age })
    School: { $school }, grade { $grade }
    Phone: { $phone }
    Sent: { $when }
    Status: { $status ->
        [applied] under review
        [navigator] passed to Navigator
       *[other] { $status }
    }
btn-app-confirm = ✅ Confirm
btn-app-navigator = 📨 Navigator
btn-app-reject = ❌ Decline
btn-app-back = ⬅️ Applications
btn-app-open = 📋 Open
app-ask-reason = Why decline? Write the reason — the family will see it. Or tap “No reason”.
btn-no-reason = No reason
app-decided = { $status ->
        [confirmed] ✅ Application #{ $id } confirmed; the family will be told.
        [navigator] 📨 Application #{ $id } has been passed to Navigator; the family will be told.
       *[rejected] ❌ Application #{ $id } declined; the family will be told.
    }
app-gone = Application #{ $id } has already been handled.
app-reason-too-long = Too long: 300 characters at most.
staff-new-application = 📥 <b>New application #{ $id }</b>{ $status ->
        [waitlisted] {" "}(waiting list)
       *[other] {""}
    }
    { $name }, age { $age } — { $programme }, group “{ $group }”
