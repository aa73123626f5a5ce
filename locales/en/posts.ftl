## Posts: staff write project news (/post), schedule, change and unpublish it.

post-status = { $status ->
        [draft] 📝 Draft
        [scheduled] ⏰ Scheduled for { $when }
        [published] ✅ Published { $when }
       *[unpublished] 🙈 Unpublished
    }
post-none = none

post-list-title = 📝 <b>Posts</b> · { $count } in all
    Drafts and scheduled ones first, then the latest.
post-list-empty = No posts yet. Write the first one with “➕ New post”.
post-list-line = { $mark } { $title } — { $status ->
        [draft] draft
        [scheduled] out { $when }
        [published] { $when }
       *[unpublished] unpublished
    }
btn-post-new = ➕ New post
btn-post-all = 📝 All posts

post-card-quantum = Quantum: { $quantum }
post-card-partner = Partner: { $partner }
post-card-photo = Photo: { $photo ->
        [yes] yes
       *[no] no
    }
btn-post-edit = ✏️ Change
btn-post-preview = 👁 Preview
btn-post-publish = 🚀 Publish now
btn-post-schedule = ⏰ Schedule
btn-post-reschedule = ⏰ Another time
btn-post-unpublish = 🙈 Unpublish

## Questions

post-head-new = 📝 <b>New post</b> · step { $step } of { $steps }
post-head-edit = ✏️ <b>Changing a post</b>
post-head-fix = 📝 <b>New post</b> · fixing
post-head-when = ⏰ <b>When should it go out?</b>
btn-post-back-fields = ⬅️ What to change
btn-post-back-partners = ⬅️ Partners
btn-post-back-preview = ⬅️ To the preview
btn-post-back-card = ⬅️ To the post
btn-post-cancel = ✖️ Cancel

post-ask-title = Write the title: plain text, up to { $limit } characters.
    For example: Our robots win a prize at Robofest
post-ask-text = Send the post's text. Format it in Telegram (bold, italics, links) or with the tags &lt;b&gt;, &lt;i&gt;, &lt;a href="…"&gt;.
    For example: The robotics team built a manipulator for our partner's case and took &lt;b&gt;first place&lt;/b&gt;.
post-ask-photo = { $has ->
        [yes] Send a new photo, or press “No photo” to remove it.
       *[no] Send a photo for the post, or press “No photo”.
    } With a photo the text becomes its caption: up to 1024 characters with the title.
btn-post-no-photo = No photo
post-ask-quantum = Which quantum is it about? Families with children in it and its followers will be notified.
btn-post-no-quantum = No quantum
post-ask-partner = A project with a partner? Pick one or add a new one.
post-ask-partner-first = A project with a partner? There are none yet: add the first.
btn-post-new-partner = ➕ New partner
btn-post-no-partner = No partner
post-ask-partner-name = What is the partner called? Up to { $limit } characters.
    For example: Rostec
post-ask-partner-about = A few words about “{ $partner }”, up to { $limit } characters. Or “Skip”.
    For example: State corporation, sets our robotics cases
btn-post-skip = Skip
post-ask-when = Type the date and time on the tech park's clock ({ $zone }).
    For example: 28.11 18:00 or tomorrow 10:00

post-fields = What should be written again? The rest stays as it is.
btn-post-field-title = Title
btn-post-field-text = Text
btn-post-field-photo = Photo
btn-post-field-quantum = Quantum
btn-post-field-partner = Partner

## Preview and outcome

post-preview = ☝️ This is how readers will see the post.
post-preview-reach = 🔔 Notified: { $count } (the quantum's families and followers).
post-preview-no-quantum = No quantum: the post goes to the feed, nobody is notified.
post-preview-ask = Publish it?
post-preview-change = ☝️ This is how the post will look once changed.{ $announced ->
        [yes] {" "}Nobody is notified again.
       *[no] {""}
    }
post-preview-save-ask = Save it?
post-preview-card = ☝️ This is how readers see the post.
btn-post-save = 💾 Save
btn-post-edit-more = ✏️ Change more

post-published = 🚀 Published. Notified: { $count }.
post-published-quiet = 🚀 Published in the feed.
post-republished = 🚀 Back in the feed, in its old place. Nobody is notified again.
post-published-toast = Published
post-scheduled = ⏰ Scheduled: it goes out by itself at that time, with its notifications.
post-unpublished = 🙈 Unpublished: it is out of the feed. Notifications already delivered stay; those not sent are cancelled.
post-unpublished-toast = Unpublished
post-saved = 💾 Saved. Readers already see the change.
post-saved-toast = Saved
post-nothing-changed = Change cancelled; the post is as it was.
post-cancelled = ✖️ The post was not saved.
post-cancelled-toast = Cancelled

## Errors

post-title-empty = The title is empty: write it in words.
post-title-invisible = The title is only invisible characters: write it in words.
post-title-too-long = The title is a bit long: { $length } characters, and { $limit } is the most. Shorten it and send it again.
post-text-need = The text is needed. Send it as a message (or a photo with the text as its caption).
post-text-empty = The text is empty. Send the post's text again.
post-text-invisible = The text is only invisible characters, so readers would see nothing. Send the post's text again.
post-too-long = { $photo ->
        [yes] With a photo the post is its caption, which holds up to { $limit } characters. This one has { $length } (with the title and the quantum and date line). Shorten the text or drop the photo.
       *[no] The post is too long: { $length } characters, and { $limit } is the most (with the title and the quantum and date line). Shorten the text.
    }
post-partner-name-empty = The name is empty: write it in words.
post-partner-name-too-long = The name is a bit long: { $length } characters, and { $limit } is the most.
post-partner-about-empty = The description is empty. Write a few words or press “Skip”.
post-partner-about-too-long = The description is a bit long: { $length } characters, and { $limit } is the most. Shorten it.
post-partner-gone = That partner is gone: pick another.
post-when-format = I could not read the date and time. Type, for example, 28.11 18:00 or tomorrow 10:00.
post-when-no-such-day = There is no such day in the calendar: check the day and the month.
post-when-no-such-time = There is no such time: hours 0 to 23, minutes 00 to 59.
post-when-past = That time has passed: pick a later one.
post-when-far = That is more than a year away: check the date.
post-need-text = An answer in text is needed here.
post-need-photo = A photo is needed here, or press “No photo”.
post-use-buttons = Pick one of the buttons below.
post-gone = There is no such post. Here is the list.
post-stale = The post was changed while you were working on it; here it is now. Nothing was written: check it and try again.
post-recheck = Here is the post as it is now: check it and press again.
post-stale-toast = The post was changed
post-form-gone = That draft is closed. Here are the posts.
btn-post-unschedule = ⏹ Don't publish
