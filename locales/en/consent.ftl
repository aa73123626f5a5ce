## Consent texts, one per version: bot/services/consent_texts.py says which is current, what
## each covers, and which wording (a parent for their child, a pupil of 14+ for themself).

consent-text-parent-p1 = 📄 <b>Consent to personal data processing</b> (version { $version })

    I, the child's legal representative, consent to the Kvantorium tech park processing personal data — the child's name, date of birth, school and grade, and a parent's phone number — to enrol in classes, contact the family and keep attendance. The data is kept while the child attends and deleted within 30 days after consent is withdrawn. Consent can be withdrawn at any time with /forget.

    May the child be photographed and filmed in class for the tech park's news?
consent-text-self-s1 = 📄 <b>Consent to personal data processing</b> (version { $version })

    I consent to the Kvantorium tech park processing my personal data to enrol me in classes, contact me and my family and keep my attendance: my name, date of birth, school and grade, and my parent's phone number. The data is kept while I attend and deleted within 30 days after I withdraw my consent. I can withdraw it at any time with /forget.

    May I be photographed and filmed in class for the tech park's news?

## What a version covers (its scope), as «what is new» when a family is asked again

consent-scope-data = processing data to enrol, keep in touch and keep attendance
consent-scope-photos = photos and video from classes for the tech park's news
consent-changes-wording = the text is written anew and covers what the old one did

## A new version, put to the family once at their next visit, and again from «My children»

consent-renew = 📝 <b>A new version of the data consent</b>
    { $name } — the consent in force is version { $old } of { $date }.
    What's new: { $changes }.
consent-renew-meanwhile = Until you answer, the old consent stays in force.
consent-renew-once = { $you ->
        [ty] I won't bring it up again myself — you can answer later in “📋 My applications” → “📝 Data consent”.
       *[vy] I won't bring it up again myself — you can answer later in “👪 My children” → “📝 Data consent”.
    }
btn-consent-renew-photo = ✅ Yes, photos OK
btn-consent-renew-no-photo = ✅ Yes, no photos
btn-consent-renew-yes = ✅ I consent
btn-consent-renew-no = ✖️ I don't
consent-renew-accepted = ✅ Thank you! Consent to version { $version } is recorded.
consent-renew-refused = { $you ->
        [ty] All right, not the new version. The old consent (version { $old }) stays in force and nothing is deleted. If you change your mind: “📋 My applications” → “📝 Data consent”.
       *[vy] All right, not the new version. The old consent (version { $old }) stays in force and nothing is deleted. If you change your mind: “👪 My children” → “📝 Data consent”.
    }
consent-renew-current = The latest version of the consent is already in force here — nothing to answer.
consent-renew-gone = This consent no longer waits for an answer — here is what's in force now.

## The state of the family's consents («My children» → «📝 Data consent»)

btn-consent-state = 📝 Data consent
consent-state-title = 📝 <b>Consent to data processing</b>
consent-state-none = No consents yet: they are given when signing up for classes.
consent-state-child = <b>{ $name }</b> — version { $version } of { $date }, { $photo ->
        [yes] photos OK
       *[no] no photos
    }
consent-state-new = 🆕 There is a new version, { $version }. { $who ->
        [me] Answer it with the buttons below.
        [pupil] The pupil answers it themself.
       *[parent] A parent answers it.
    }{ $refused ->
        [yes] {" "}The new version was declined — the old one stays in force.
       *[no] {""}
    }
btn-consent-open = 🆕 { $name }
