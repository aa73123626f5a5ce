## Staff: brief and operational

btn-broadcast = 📣 Broadcast
btn-broadcasts = 📜 Broadcasts
btn-staff = 👥 Staff

cmd-broadcast = New broadcast
cmd-broadcasts = Recent broadcasts
cmd-staff = Staff: grant and revoke

## Staff list (admins)

staff-title = 👥 <b>Staff</b>
staff-empty = Nobody yet apart from the administrators.
staff-line = { $role ->
        [admin] • { $name } — administrator
       *[staff] • { $name } — staff
    }
staff-hint = A ✖️ button revokes the role.
btn-staff-add = ➕ Add
btn-staff-remove = ✖️ { $name }
staff-add-ask = Who should be added? Forward any message from them here, or send their @username or Telegram id.
    For example: @ivanova_kvant or 123456789
    /cancel to stop
staff-add-hidden = This person hides their account in forwards. Send their @username or Telegram id instead.
staff-add-unknown = I couldn't find “{ $handle }” among people who have started the bot. Ask them to send /start to the bot, then try again.
staff-add-already-staff = { $name } is already staff.
staff-add-admin = { $name } is an administrator (ADMIN_IDS); the role stays as it is.
staff-add-bot = A bot can't be staff.
staff-added = Done: { $name } is now staff.
staff-removed = Role revoked: { $name }.
staff-revoke-confirm = ✖️ <b>Revoke the staff role?</b>
    { $name } will be told. Their unsent drafts and answers in progress will be dropped; their family side of the bot stays as it is.
btn-staff-revoke-sure = ✖️ Yes, revoke
btn-staff-keep = ⬅️ No, keep
staff-remove-gone = { $name } is no longer staff.
staff-granted-notice = 🎓 You've been given the tech park staff role.
    You can now use applications (/applications), questions (/questions), your groups and their registers (/mygroups), lessons (/lessons), attendance (/attendance), news (/post) and broadcasts (/broadcast). Your command menu is updated; /help lists it all.
staff-revoked-notice = Your tech park staff role has been revoked. Your command menu is updated.
admin-revoked-notice = You are no longer an administrator of the tech park in this bot (taken off ADMIN_IDS). Your command menu is updated.

## Broadcasts

bc-ask-text = 📣 <b>New broadcast</b>
    Send the announcement. Format it with bold, italics and links right in Telegram, or with &lt;b&gt;, &lt;i&gt;, &lt;a href="…"&gt; tags. A photo with a caption works too.
    /cancel to stop
bc-need-text = I need text, or a photo with a caption. Send the announcement again.
bc-empty = The text is empty. Send the announcement again.
bc-invisible = The announcement is only invisible characters, so recipients would see nothing. Send it again.
bc-too-long = Too long: { $length } characters, the limit is { $limit }. Shorten it and send it again.
bc-html-unsupported = Telegram doesn't support the &lt;{ $tag }&gt; tag. Allowed: b, i, u, s, a, code, pre, blockquote, tg-spoiler. Fix it and send it again.
bc-html-unclosed = The &lt;{ $tag }&gt; tag isn't closed. Add &lt;/{ $tag }&gt; and send it again.
bc-html-unexpected-end = There's a stray closing tag &lt;/{ $tag }&gt;. Fix it and send it again.
bc-html-bare-lt = There's a “&lt;” that isn't a tag. Write &amp;lt; or remove it, then send it again.
bc-html-no-href = The &lt;a&gt; link has no address: use &lt;a href="https://…"&gt;text&lt;/a&gt;.
bc-html-bad-link = The link { $link } won't work here: only http://, https:// and tg:// links are allowed. Fix it and send it again.

bc-audience-title = 👥 <b>Who gets it?</b>
bc-audience-role = Who: { $role ->
        [pupil] pupils
        [parent] parents
        [staff] staff
       *[any] everyone
    }
bc-audience-language = Language: { $language ->
        [ru] Russian
        [en] English
       *[any] any
    }
bc-audience-quanta = Quanta from the quiz: { $quanta }
bc-audience-any-quantum = any
bc-audience-count = Recipients: { $count }
bc-audience-none = Nobody is in this audience — change the conditions.
btn-aud-all = All
btn-aud-pupils = Pupils
btn-aud-parents = Parents
btn-aud-staff = Staff
btn-aud-any-language = Any language
btn-aud-quanta = 🎯 Quanta: { $count ->
        [0] any
       *[other] { $count }
    }
btn-aud-done = ✅ Done
btn-aud-clear = Clear
bc-quanta-title = 🎯 Whose quiz result includes (any of those ticked):
btn-bc-preview = 👁 Preview
btn-bc-send = ✅ Send ({ $count })
btn-bc-edit = ✏️ Text
btn-bc-audience = 👥 Audience
btn-bc-cancel = ✖️ Cancel
bc-cancelled = Broadcast cancelled, nothing was sent.
bc-no-recipients = No recipients are left — the broadcast was not created.

bc-progress = 📣 <b>Broadcast #{ $id }</b>{ $state ->
        [sending] {""}
        [done] {" "}— finished
       *[cancelled] {" "}— stopped
    }
    Sent: { $sent } of { $total }
    Left: { $left }
    Blocked the bot: { $blocked }
    Not delivered: { $failed }{ $cancelled ->
        [0] {""}
       *[other] {"\u000A"}Cancelled: { $cancelled }
    }{ $unreached ->
        [0] {""}
        [one] {"\u000A"}Did not reach { $unreached } family: they blocked the bot or never started it.
       *[other] {"\u000A"}Did not reach { $unreached } families: they blocked the bot or never started it.
    }{ $eta ->
        [none] {""}
       *[other] {"\u000A"}About { $eta } to go
    }
btn-bc-stop = ⛔ Stop
bc-stopping = Stopping the broadcast…
bc-already-finished = That broadcast has already finished.
bc-report = { $state ->
        [done] ✅ Broadcast #{ $id } finished.
       *[cancelled] ⛔ Broadcast #{ $id } stopped.
    }
    Delivered: { $sent } of { $total }. Blocked the bot: { $blocked }. Not delivered: { $failed }.{ $cancelled ->
        [0] {""}
       *[other] {" "}Cancelled: { $cancelled }.
    }{ $unreached ->
        [0] {""}
        [one] {"\u000A"}Did not reach { $unreached } family: they blocked the bot or never started it.
       *[other] {"\u000A"}Did not reach { $unreached } families: they blocked the bot or never started it.
    }
eta-seconds = { $n } s
eta-minutes = { $n } min

bc-list-title = 📜 <b>Recent broadcasts</b>
bc-list-empty = No broadcasts yet.
bc-list-line = <b>#{ $id }</b> · { $when } · { $audience }
    { $state ->
        [sending] ⏳ sending:
        [done] ✅
       *[cancelled] ⛔ stopped:
    } { $sent } of { $total }, blocked { $blocked }, not delivered { $failed }{ $unreached ->
        [0] {""}
        [one] , did not reach { $unreached } family
       *[other] , did not reach { $unreached } families
    }
bc-audience-everyone = everyone
bc-audience-pupils = pupils
bc-audience-parents = parents
bc-audience-staff = staff
btn-aud-enrolled = 🎓 Enrolled: { $count ->
        [0] —
       *[other] { $count }
    }
btn-aud-members-all = Whole family
btn-aud-members-parents = Their parents
btn-aud-members-children = The children
btn-aud-enrolled-now = Enrolled
btn-aud-waitlist = Waiting list
help-staff = <b>For staff</b>
    /applications — applications: new ones to decide, the rest by status
    /questions — questions without an answer
    /post — write news, posts
    /mygroups — my groups: the register, what was done at a lesson, a message to the group
    /attendance — attendance of all groups and the month's journal
    /checkin — the door of an event: a ticket's code (or scan its QR)
    /pastevents — events under way and past: who came, feedback
    /lessons — group lessons: cancel, move
    /week — all lessons of the week by room
    /closures — holidays and closures
    /find — find a family by a name or a phone
    /export — export applications to Excel
    /broadcast — a new broadcast
    /broadcasts — recent broadcasts
help-admin = /staff — staff: grant and revoke the role
    /audit — who looked at children's data

btn-posts = 📝 Posts
btn-questions = ❓ Questions
cmd-post = Write news, my posts
cmd-questions = Questions without an answer
