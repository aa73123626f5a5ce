## «❓ Ask a question»: the asker's side. $you is "ty" for pupils, "vy" for everyone else.

ask-prompt = { $you ->
        [ty] ❓ <b>Ask the tech park</b>
            Write your question in one message — text, or a photo with a caption. The answer will come right here, in this chat.
       *[vy] ❓ <b>Ask the tech park</b>
            Please write your question in one message — text, or a photo with a caption. The answer will come right here, in this chat.
    }
btn-ask-cancel = ✖️ Cancel
btn-ask-more = ❓ Ask another
ask-cancelled = OK, the question wasn't sent.
ask-expired = I didn't send that message: it's been over half an hour since you tapped “Ask a question”. If it is a question, tap “❓ Ask a question” again.
ask-need-text = { $you ->
        [ty] Send your question as text or a photo with a caption — I can't pass on stickers, voice messages or files.
       *[vy] Please send your question as text or a photo with a caption — I can't pass on stickers, voice messages or files.
    }
ask-photo-caption = Add a caption to the photo: what exactly would you like to ask? Send the photo again with a caption.
ask-invisible = { $you ->
        [ty] Your question is only invisible characters, so nobody could read it. Write it in words and send it again.
       *[vy] Your question is only invisible characters, so nobody could read it. Please write it in words and send it again.
    }
ask-too-long = That's too long: { $length } characters, and the limit is { $limit }. Shorten it and send it again.
ask-caption-too-long = The caption is too long: { $length } characters, and a photo caption can have { $limit }. Shorten it, or send the question as text — text can be up to { $text_limit }.
ask-rate-limited = ⏳ You can ask up to { $limit } questions in { $window } minutes. The next one at { $time }, in { $minutes ->
        [one] { $minutes } minute
       *[other] { $minutes } minutes
    }.
ask-sent = { $you ->
        [ty] ✅ Question sent! The answer will come right here, in this chat.
       *[vy] ✅ Your question has been sent. The answer will come right here, in this chat.
    }

q-reply-title = 💬 <b>The tech park answers</b>
q-reply-footer = { $you ->
        [ty] More questions? Just ask!
       *[vy] If you have more questions, just ask — we'll answer.
    }

## Staff: the notice, the list, the card, answering.

q-title = ❓ <b>Question #{ $id }</b>
q-asker = 👤 { $name } · { $role ->
        [pupil] pupil
        [parent] parent
        [staff] staff
        [admin] administrator
       *[other] role not chosen
    }
q-no-name = no name
q-someone = a colleague
q-asked = 🕓 { $when }
q-children = Children:
q-child-line = • { $name } — { $programme }, group “{ $group }” ({ $status ->
        [confirmed] confirmed
        [waitlisted] waiting list
        [offered] offered a place
        [awaiting_consent] waiting for a parent's consent
       *[other] application pending
    })
q-child-no-group = • { $name } — no applications
q-children-more = …and { $n } more
q-photo-note = 🖼 A photo comes with the question.
btn-q-answer = ✍️ Answer
btn-q-all = 📋 All questions
btn-q-photo = 🖼 Photo
btn-q-cancel = ✖️ Cancel
btn-q-open-again = ❓ Open the question

ago-now = just now
ago-minutes = { $n ->
        [one] { $n } minute ago
       *[other] { $n } minutes ago
    }
ago-hours = { $n ->
        [one] { $n } hour ago
       *[other] { $n } hours ago
    }
ago-days = { $n ->
        [one] { $n } day ago
       *[other] { $n } days ago
    }

q-list-title = ❓ <b>Unanswered questions: { $total }</b>{ $pages ->
        [1] {""}
       *[other] {" "}· page { $page } of { $pages }
    }
q-list-empty = ❓ <b>No unanswered questions</b>
    New ones will arrive here as notifications.
q-list-line = <b>#{ $id }</b> · { $name } · { $when }
q-list-photo = 🖼
q-list-taken = ✍️ { $name } is answering
btn-q-open = #{ $id } · { $name }

q-card-answered = ✅ <b>Answered</b> — { $name }, { $when }:
q-card-taken = ✍️ { $name } is answering — tapped “Answer” { $when }.
q-photo-caption = 🖼 The photo of question #{ $id }
q-gone = There's no such question — perhaps its author deleted their data.
q-gone-short = No such question
q-already-answered = This question has been answered already.

q-answer-prompt = ✍️ <b>Answering question #{ $id }</b>
    “{ $preview }”

    Write the answer in one message — it goes to the author as a reply to their question. Format it with bold, italics and links right in Telegram, or with &lt;b&gt;, &lt;i&gt;, &lt;a href="…"&gt; tags.
q-answer-busy = ⚠️ { $name } is already answering this question — tapped “Answer” { $when }. You can answer too: the author gets whichever answer comes first.
q-answer-cancelled = The answer wasn't sent.
q-answer-expired = This text wasn't sent: it's been over an hour since you tapped “Answer”. Open the question and tap “Answer” again.
q-answer-need-text = The answer must be text: photos, stickers and files can't be sent here. Write it in words, with a link if needed.
q-answer-empty = The answer is empty. Write the text of the answer.
q-answer-invisible = The answer is only invisible characters, so nobody could read it. Write it in words.
q-answer-too-long = Too long: { $length } characters, the limit is { $limit }. Shorten it and send it again.
q-html-unsupported = Telegram doesn't support the &lt;{ $tag }&gt; tag. Allowed: b, i, u, s, a, code, pre, blockquote, tg-spoiler. Fix it and send the answer again.
q-html-unclosed = The &lt;{ $tag }&gt; tag isn't closed. Add &lt;/{ $tag }&gt; and send the answer again.
q-html-unexpected-end = There's a stray closing tag &lt;/{ $tag }&gt;. Fix it and send the answer again.
q-html-bare-lt = There's a “&lt;” that isn't a tag. Write &amp;lt; or remove it, then send the answer again.
q-html-no-href = The &lt;a&gt; link has no address: use &lt;a href="https://…"&gt;text&lt;/a&gt;.
q-html-bad-link = The link { $link } won't work here: only http://, https:// and tg:// links are allowed. Fix it and send the answer again.
q-answer-sent = ✅ The answer to question #{ $id } has been sent to its author.
q-answer-late = ⚠️ <b>This question has been answered already</b> — { $name }, { $when }. Your answer wasn't sent. Here is what went to the author:

## /forget and /mydata for someone in no family: questions, the quiz, subscriptions, unfinished forms
mydata-own-caption = 📄 Everything the bot keeps about you.
forget-own-ask = 🗑 <b>Delete your data?</b>
    We'll delete your questions to the tech park and their answers, your quiz result, news subscriptions, reminder settings and unfinished forms. This can't be undone.
btn-forget-own-yes = 🗑 Yes, delete
forget-own-done = Your data is deleted: questions, quiz result, subscriptions and unfinished forms.
