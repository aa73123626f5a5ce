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
        [ty] 🔎 <b>Here's what suits you at { $band ->
            [single] { $low }
           *[band] { $low }–{ $high }
        }</b>
       *[vy] 🔎 <b>Here's what suits { $band ->
            [single] { $low ->
                [8] an
                [11] an
                [18] an
               *[other] a
            } { $low }-year-old
           *[band] children aged { $low }–{ $high }
        }</b>
    }
chat-for-child = <b>{ $name } ({ $age }):</b>
chat-for-age = <b>{ $age }:</b>
chat-pick = • { $because } → { $title }: { $short }
chat-pick-plain = • { $title }: { $short }
chat-pick-ages = • { $title } ({ $ages })
chat-not-yet = { $title }{ $sep ->
        [dash] {" "}—
       *[none] ,
    } { $edge ->
        [from] from age
       *[to] up to age
    } { $age }
chat-unfit = { $you ->
        [ty] At { $band ->
            [single] { $low }
           *[band] { $low }–{ $high }
        }, these aren't for you yet:
       *[vy] At { $band ->
            [single] { $low }
           *[band] { $low }–{ $high }
        }, these aren't open yet:
    }
chat-child-unfit = { $name } ({ $age }) — not for this age yet: { $quanta }
chat-age-unfit = { $age } — not for this age yet: { $quanta }
chat-unfit-more = { $you ->
        [ty] The catalogue shows what suits your age, and the quiz will help you choose.
       *[vy] The catalogue shows what suits this age, and the quiz will help you choose.
    }
chat-interests-more = { $you ->
        [ty] Open a card for the details, or sign up straight away with the “✍️” button beside it.
       *[vy] Open a card for the details, or sign your child up straight away with the “✍️” button beside it.
    }
chat-nothing = { $you ->
        [ty] Sorry, I didn't get that 🙂 I can show you every quantum and find yours with a quiz: see the buttons below. You can also just tell me what you like, say: "I want to build robots".
       *[vy] Sorry, I didn't get that 🙂 I can show every quantum and find one with a quiz: see the buttons below. You can also tell me what your child likes, say: "loves building robots".
    }
chat-too-long = { $you ->
        [ty] That's too long for me to read here: I read messages of up to { $limit } characters. Tell me in a few words what you're into{ $ask ->
            [yes] , or send it to the staff with the button below.
           *[no] .
        }
       *[vy] That's too long for me to read here: I read messages of up to { $limit } characters. Tell me in a few words what you're looking for{ $ask ->
            [yes] , or send it to the staff with the button below.
           *[no] .
        }
    }
chat-too-long-to-ask = { $you ->
        [ty] Please make it shorter: that's { $length } characters, I read up to { $read }, and even the staff take at most { $limit }. If it's a question, press "❓ Ask a question" and type a shorter one.
       *[vy] Please make it shorter: that's { $length } characters, I read up to { $read }, and even the staff can take at most { $limit }. If it's a question, press "❓ Ask a question" and type a shorter one.
    }
chat-nothing-ask = If it's a question, press "❓ Ask the staff" and I'll pass it on.
chat-not-text = { $you ->
        [ty] I can't read that yet 🙂 Tell me in words what you're into, or pick below:
       *[vy] I can't read that yet 🙂 Tell me in words what you're looking for, or pick below:
    }
chat-advice-ages = 🔎 <b>Here's what suits each age</b>
chat-advice-line = • { $title }, { $ages }
chat-advice-more = • and { $more } more in the catalogue
chat-advice-none = Nothing suits this age yet: our quanta are for ages { $low } to { $high }.
chat-advice-child-none = { $name } ({ $age }) — nothing suits this age yet; our quanta are for ages { $low } to { $high }.
chat-advice-age-none = { $age } — nothing suits this age yet; our quanta are for ages { $low } to { $high }.
chat-advice-quiz = { $you ->
        [ty] To choose by what you like, take the quiz: it'll tell you what fits you best. Or just tell me what you're into, say: "I want to build robots".
       *[vy] To choose by interests, take the quiz: it will suggest what suits your child best. Or tell me what your child likes, say: "loves drawing".
    }
chat-advice-ask = { $you ->
        [ty] The quiz will help you choose: a few questions about what you like, and it'll suggest a quantum. And how old are you? Type it, say: "I'm 12", and I'll show what suits your age.
       *[vy] The quiz will help you choose: a few questions about interests, and it will suggest a quantum. And how old is your child? Type it, say: "my son is 10", and I'll show what suits that age.
    }
btn-chat-quiz = 🎯 Take the quiz
btn-chat-ask = ❓ Ask the staff
btn-chat-map = 📍 On the map
btn-chat-signup = ✍️ Sign up
btn-chat-signup-to = ✍️ { $quantum }
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
