# “📝 What we did today”: what staff write to a group's families, and how they see it

note-message = 📝 <b>What we did at the lesson</b>
    { $programme }, group “{ $group }”, { $when }

    { $text }
note-album-caption = 📷 Photos from the lesson: { $programme }, group “{ $group }”, { $when }
btn-note-schedule = 🗓 Schedule
# under the lesson in “My schedule”
sched-lesson-note = ↳ 📝 { $text }

note-none = The group has had no lessons in the last 7 days — nothing to tell yet.
note-pick = Which lesson is it about? The group's lessons of the last 7 days (📝 — a note is there already):
note-pick-button = { $mark }{ $when }
note-ask-text = 📝 <b>What we did at the lesson</b>
    { $programme }, group “{ $group }”, { $when }

    Write what the group did — the group's parents and pupils will get it. Up to { $limit } characters; photos can be added next.
note-too-long = The text is longer than { $limit } characters ({ $length } now). Please shorten it and send it again.
note-need-text = A text is needed: write in words what the group did.
note-ask-photos = Got the text. Send photos from the lesson — up to { $max }, one by one or as an album. Or press “Done”.
note-photo-added = Photos: { $count } of { $max }. Send more or press “Done”.
note-photo-full = That's { $max } photos already — an album holds no more. Press “Done”.
note-photo-only = Only photos go here — not files, videos or stickers. Send a photo or press “Done”.
note-photos-text = The text is there already. Send photos or press “Done”; before sending, “✏️ Change the text” lets you change it.
note-preview = 👀 <b>This is what families will see:</b>
note-preview-facts = 📷 Photos: { $photos }
    👥 Recipients: { $people } (families: { $families })
note-preview-no-one = No confirmed child of the group has a family writing to the bot yet: the note will show in the schedule, but nobody gets a message.
note-no-consent = ⚠️ No consent to photos: { $names }. Don't send pictures these children are in.
note-preview-ask = Send it?
btn-note-done = ✅ Done
btn-note-send = 📤 Send
btn-note-retype = ✏️ Change the text
btn-note-cancel = ✖️ Cancel
btn-note-group = ⬅️ To the group
note-sent = ✅ Sent, recipients: { $people }. The note shows under the lesson in the schedule; for 7 days after the lesson it can be changed or removed.
note-cancelled = The note was not sent; nothing was saved.
note-already = This lesson has a note already — you can change or remove it.
note-closed = A note can't be written for this lesson now: only once it has started and until 7 days after it.
note-gone = That lesson (or note) is no longer there.
note-form-gone = This form is closed — open the group again.
note-card = 📝 <b>Lesson note</b>
    { $programme }, group “{ $group }”, { $when }
    📷 Photos: { $photos }

    { $text }
btn-note-edit = ✏️ Change the text
btn-note-remove = 🗑 Remove from schedule
btn-note-remove-yes = 🗑 Yes, remove
btn-note-keep = ⬅️ Keep it
note-ask-edit = Send the note's new text (up to { $limit } characters). The photos stay as they are. Whoever has not got the note yet gets the new text; messages already delivered do not change — the schedule shows the new text.
note-edited = ✅ The note's text in the schedule is updated. { $queued ->
        [0] No messages were left to send; those already delivered stay as they were.
       *[other] Messages not sent yet ({ $queued }) will go with the new text; those already delivered stay as they were.
    }
note-ask-remove = Remove the note from the families' schedule? Messages not sent yet won't go; those delivered stay in the chats.
note-removed = 🗑 The note is removed from the schedule.
note-late = More than 7 days have passed since the lesson — the note can no longer be changed or removed.
note-not-staff = Only the technopark's staff can do this.
demo-album = 🖼 [{ $count } photos]
demo-photo = 🖼 [photo]
# in the demo's list of commands, under the others
demo-commands-photo = {"  "}:photo — send a photo; :photo 3 — an album of three (up to 10)
demo-photo-usage = Like this: :photo — one photo, :photo 3 — an album of three (at most { $max }).
