# What a message typed outside a form gets, and /unanswered (staff).

chat-years = { $age } { $age ->
        [one] year
       *[other] years
    } old
chat-ages = ages { $low }–{ $high }
chat-interests = { $you ->
        [ty] 🔎 <b>Here's what might suit you</b>
       *[vy] 🔎 <b>Here's what might suit</b>
    }
chat-interests-age = { $you ->
        [ty] 🔎 <b>Here's what suits you at { $age }</b>
       *[vy] 🔎 <b>Here's what suits a child { $age }</b>
    }
chat-for-child = <b>{ $name } ({ $age }):</b>
chat-pick = • { $because } → { $title }: { $short }
chat-pick-plain = • { $title }: { $short }
chat-pick-ages = • { $title } ({ $ages })
chat-child-none = • none of these fit this age
chat-unfit = { $you ->
        [ty] None of these fit your age ({ $ages }). Here's what I found, with ages in brackets:
       *[vy] None of these fit the age ({ $ages }). Here's what I found, with ages in brackets:
    }
chat-interests-more = { $you ->
        [ty] Open a card for the details, or sign up straight away.
       *[vy] Open a card for the details, or sign up straight away.
    }
chat-nothing = { $you ->
        [ty] Sorry, I didn't get that 🙂 I can show you every quantum and find yours with a quiz: see the buttons below. You can also just tell me what you like, say: "I want to build robots".
       *[vy] Sorry, I didn't get that 🙂 I can show every quantum and find one with a quiz: see the buttons below. You can also tell me what your child likes, say: "my son loves building robots".
    }
chat-nothing-ask = If it's a question, press "❓ Ask the staff" and I'll pass it on.
chat-not-text = { $you ->
        [ty] I can't read that yet 🙂 Tell me in words what you're into, or pick below:
       *[vy] I can't read that yet 🙂 Tell me in words what you're looking for, or pick below:
    }
btn-chat-ask = ❓ Ask the staff
btn-chat-map = 📍 On the map
btn-chat-signup = ✍️ Sign up
chat-ask-gone = I no longer have that message. If it's a question, press "❓ Ask a question" and type it.
chat-ask-already = That question is already with the staff: the answer will come here.
chat-ask-how = Press "❓ Ask a question" and type a shorter one.
chat-ask-toast = Passed on to the staff
chat-ask-too-long = That's too long for a question: { $length } characters, and the limit is { $limit }. Press "❓ Ask a question" and type a shorter one.

# /unanswered: what people typed that the bot understood as nothing
cmd-unanswered = What the bot didn't understand
unanswered-title = 🤷 <b>What the bot didn't understand</b> · { $total ->
        [one] { $total } text
       *[other] { $total } texts
    }{ $pages ->
        [1] {""}
       *[other] {" "}· page { $page } of { $pages }
    }
unanswered-hint = Newest first; the same texts together, ×N is how many times they came (one person on one day counts once). Numbers and e-mail addresses are hidden, long messages are left out. Add a keyword to a quantum or an entry to the FAQ file, and the bot will understand them.
unanswered-line = • "{ $text }" — { $times ->
        [1] {""}
       *[other] ×{ $times },{" "}
    }{ $when }
unanswered-none = 🤷 <b>What the bot didn't understand</b>

    Nothing yet: in the last 30 days the bot understood everything it was sent.
