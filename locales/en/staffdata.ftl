## Staff: finding a family (/find), a group's roster, applications by status, the record of who looked (/audit)

btn-find = 🔎 Find
cmd-find = Find a family by a name or a phone
find-ask = 🔎 <b>Find a family</b>
    Type a part of a child's or a parent's name (its words in any order), or a phone in any form.
    For example: Petrov, Maria Petrova or 8 912 345-67-89
find-too-short = Too short: at least 2 letters of a name or 4 digits of a phone.
find-too-long = Too long: { $limit } characters at most.
find-not-text = Please type a name or a phone.
find-title = 🔎 <b>{ $n ->
        [0] Nobody found
        [one] { $n } family found
       *[other] { $n } families found
    }</b>{ $kind ->
        [phone] {" "}by phone
       *[name] {" "}by name
    }{ $more ->
        [yes] {"\u000A"}Showing the first { $limit } — narrow the search.
       *[no] {""}
    }
find-none = No child or parent has that name or phone.
find-family = <b>{ $n }.</b> { $count ->
        [1] Parent
       *[other] Parents
    }: { $parents } · { $phone }
find-child = 👤 { $name }, { $age } { $age ->
        [one] year
       *[other] years
    } old{ $apps ->
        [0] {" "}— no applications
       *[other] {""}
    }
find-application = {"   "}#{ $id } · { $group } ({ $code }) — { $status }
find-cut = …more did not fit — narrow the search.
find-again = Type another name or phone to search again.
btn-find-back = ⬅️ Back to results
find-results-gone = Those search results are gone.

btn-roster = 👥 Group roster
roster-title = 👥 <b>Group roster</b>
    { $programme } · group “{ $group }” ({ $code })
roster-confirmed = <b>Enrolled: { $n } of { $capacity }</b>
roster-none = No confirmed pupils yet.
roster-line = { $n }. { $name }, { $age } · { $phone }{ $offered ->
        [yes] {" "}(offered a seat)
       *[no] {""}
    }
roster-waiting = <b>⏳ Waitlist: { $n }</b>
roster-more = …and { $n } more

btn-apps-statuses = 🗂 All statuses
apps-statuses = 🗂 <b>Applications by status</b>
    Choose a status.
apps-statuses-none = No applications yet.
btn-apps-status = { $status ->
        [awaiting_consent] 🕊 Awaiting consent
        [applied] 📥 To review
        [navigator] 📨 In Navigator
        [confirmed] ✅ Confirmed
        [rejected] ❌ Declined
        [waitlisted] ⏳ Waitlist
        [offered] 🎟 Seat offered
        [cancelled] ✖️ Cancelled
        [withdrawn] 🚪 Withdrawn
       *[other] { $status }
    } · { $n }
apps-status-title = 🗂 <b>{ $status ->
        [awaiting_consent] Waiting for a parent's consent
        [applied] Under review
        [navigator] Passed to Navigator
        [confirmed] Confirmed applications
        [rejected] Declined applications
        [waitlisted] Waiting list
        [offered] Offered a place
        [cancelled] Cancelled applications
        [withdrawn] Withdrawn after enrolment
       *[other] Applications: { $status }
    }</b> · { $n }
apps-status-none = No applications with this status.
btn-apps-statuses-back = ⬅️ Statuses
btn-app-to-status = ⬅️ { $status ->
        [awaiting_consent] Awaiting consent
        [applied] To review
        [navigator] In Navigator
        [confirmed] Confirmed
        [rejected] Declined
        [waitlisted] Waitlist
        [offered] Seat offered
        [cancelled] Cancelled
        [withdrawn] Withdrawn
       *[other] { $status }
    }
app-card-reason = Reason: { $reason }
btn-app-keep = ✖️ Cancel

btn-audit = 🕵️ Access log
cmd-audit = Who looked at children's data
audit-title = 🕵️ <b>Access to children's data</b>
    Exports, searches, group rosters, “not reached” lists — the last year, newest first.
audit-none = Nobody has looked at anything yet.
audit-line = { $when } · { $who } — { $kind ->
        [export] 📄 export of applications: { $found }
        [search_name] 🔎 search by name, families: { $found }
        [search_phone] 🔎 search by phone, families: { $found }
        [roster] 👥 roster of group { $group }: { $found }
        [undelivered] 📭 “not reached” list, families on the page: { $found }
        [journal] 📒 attendance journal, children: { $found }
       *[other] { $kind }
    }
audit-group = { $code } “{ $title }”
audit-group-gone = (group removed)
audit-page = Page { $page } of { $pages }
