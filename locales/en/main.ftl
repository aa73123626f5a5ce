## Welcome, menu, settings, help. $you is "ty" for pupils, "vy" for everyone else.

welcome-new = 👋 Hi{ $named ->
        [yes] , { $name }
       *[no] {""}
    }! This is the Kvantorium bot — the kids' tech park where you build robots, fly drones and make your own games.
welcome-back = 👋 Welcome back{ $named ->
        [yes] , { $name }
       *[no] {""}
    }!

role-question = Who are you? That way I know how to talk to you and what to show.
btn-role-pupil = 🧒 I'm a pupil
btn-role-parent = 👪 I'm a parent
role-saved = Got it, saved!
role-held = { $held ->
        [pupil] Your family has you down as a pupil: only a parent can change that, by taking your account out of the family.
       *[parent] Your family has you down as a parent, so that can't be changed here.
    }
poster-voice = 🧒 I'll talk to you as to a pupil. If you're a parent, tap “👪 I'm a parent”.
btn-i-am-parent = 👪 I'm a parent
btn-staff-desk = 🧑‍🏫 Staff desk
desk-text = 🧑‍🏫 <b>Staff desk</b>
    Broadcasts, applications, lessons, news and questions.

menu-text = 🏠 <b>Menu</b>
    { $you ->
        [ty] Where shall we start?
       *[vy] Where would you like to start?
    }
btn-home = 🏠 Menu
btn-catalogue = 📚 All quanta
btn-quiz = 🎯 Which quantum is mine?
btn-settings = ⚙️ Settings

settings-text = ⚙️ <b>Settings</b>

    Language: { $language }
    { $family ->
        [pupil] You're a pupil here
        [parent] You're a parent
       *[none] Pupil or parent: not said yet
    }{ $staff ->
        [staff] {"\u000A"}You're on the tech park staff
        [admin] {"\u000A"}You're an administrator
       *[none] {""}
    }
btn-language = 🌐 Language
btn-change-role = 👤 Pupil or parent

language-question = 🌐 Выберите язык / Choose your language:
language-saved = English it is.

help-text = ℹ️ <b>What I can do</b>

    { $you ->
        [ty] I'll tell you about Kvantorium's quanta and help you find yours.
       *[vy] I'll tell you about Kvantorium's quanta and help you choose one for your child.
    }

    /menu — main menu
    /quanta — all quanta
    /quiz — the “Which quantum is mine?” quiz
    /schedule — class schedule and the next lesson
    /news — the tech park's news and projects
    /ask — ask the tech park a question
    /children — { $you ->
        [ty] my applications
       *[vy] my children and their applications
    }
    /mydata — what the bot keeps about the family
    /forget — delete the family's data
    /language — language
    /cancel — cancel what you're filling in
    /help — this help

cancel-done = Cancelled, nothing was saved.
cancel-nothing = There's nothing to cancel right now.

unknown-command = I don't know that command. Here's what there is:
not-understood = I understand buttons and commands. Pick something to look at:
stale-button = That button is out of date — here's the current menu.

save-failed = ⚠️ Couldn't save that — please try again in a moment. Everything you entered before is still here.
error-generic = ⚠️ Something went wrong. Please try again, or open the menu: /menu
btn-try-again = 🔁 Try again

btn-prev = ◀️ Back
btn-next = Next ▶️

cmd-start = Start over
cmd-menu = Main menu
cmd-quanta = All quanta
cmd-quiz = Which quantum is mine?
cmd-schedule = Class schedule
cmd-language = Language / Язык
cmd-help = What the bot can do
cmd-cancel = Cancel the current action

too-fast = Not so fast 🙂 Wait a moment and try again.

btn-news = 📰 News
btn-ask = ❓ Ask a question
cmd-news = News of the tech park and its projects
cmd-ask = Ask the tech park a question
