## “Which quantum is mine?” — a pupil is asked about themself, a parent about their child

quiz-intro = { $you ->
        [ty] 🎯 <b>Which quantum is yours?</b>
            Six quick questions and I'll tell you what would suit you. There are no wrong answers!
       *[vy] 🎯 <b>Which quantum would suit your child?</b>
            Six quick questions about your child and I'll tell you what would suit them. There are no wrong answers.
    }
quiz-step = Question { $step } of { $total }

quiz-evening = { $you ->
        [ty] A free evening. What do you do?
       *[vy] What does your child love doing?
    }
quiz-evening-build = { $you ->
        [ty] 🔧 Build something
       *[vy] 🔧 Building things
    }
quiz-evening-game = { $you ->
        [ty] 🎮 Make my own game
       *[vy] 🎮 Games, making them too
    }
quiz-evening-walk = { $you ->
        [ty] 🌲 Go exploring
       *[vy] 🌲 Exploring outdoors
    }
quiz-evening-draw = { $you ->
        [ty] ✏️ Draw
       *[vy] ✏️ Drawing
    }

quiz-power = { $you ->
        [ty] Pick a superpower:
       *[vy] Which superpower would your child pick?
    }
quiz-power-fly = 🦅 Flying
quiz-power-micro = 🔍 Seeing atoms
quiz-power-minds = 🧠 Reading minds
quiz-power-lightning = ⚡ Throwing lightning

quiz-video = { $you ->
        [ty] Which video do you open first?
       *[vy] Which video would your child open first?
    }
quiz-video-rocket = 🚀 A rocket launch
quiz-video-race = 🏁 A race
quiz-video-experiment = 🧪 Lab experiments
quiz-video-vr = 🕶 A VR headset review

quiz-team = { $you ->
        [ty] In a team you're more of…
       *[vy] In a team your child is more of…
    }
quiz-team-ideas = 💡 The idea machine
quiz-team-solder = 🛠 The soldering pro
quiz-team-code = ⌨️ The code boss
quiz-team-explore = 🧭 The scout

quiz-expo = { $you ->
        [ty] What do you bring to the inventors' fair?
       *[vy] What would your child bring to the inventors' fair?
    }
quiz-expo-drone = 🚁 A mapping drone
quiz-expo-robot = 🤖 A helper robot
quiz-expo-solar = ☀️ A solar car
quiz-expo-laser = ✨ A laser show

quiz-age = { $you ->
        [ty] How old are you? Then I won't suggest something you're too young for.
       *[vy] How old is your child? Then I won't suggest something they're too young for.
    }
quiz-age-skip = Skip

quiz-result-title = 🎯 <b>{ $you ->
        [ty] Your quanta
       *[vy] Quanta for your child
    }</b>
quiz-result-line = { $rank }. <b>{ $title }</b> — { $reason }. { $you ->
        [ty] You chose
       *[vy] You answered
    }: { $answers }.
    <i>{ $short }</i>
quiz-result-hint = Tap a quantum to find out more, or go straight to “✍️ Sign up”.
quiz-result-empty = { $you ->
        [ty] 🤔 No perfect match this time — it happens! Have a look through all the quanta: something may catch your eye.
       *[vy] 🤔 No perfect match this time — it happens. Have a look through all the quanta: something may catch your child's eye.
    }
quiz-last = 🎯 Last time: { $quanta }.
    Take the quiz again?
btn-quiz-again = 🔁 Take it again
btn-quiz-result = 🎯 My result
btn-quiz-signup = ✍️ Sign up
quiz-stale = That button is out of date — let's start the quiz from the first question.

quiz-why-build = { $you ->
        [ty] you love making things with your hands
       *[vy] your child loves making things by hand
    }
quiz-why-code = { $you ->
        [ty] you enjoy coding and making games
       *[vy] your child is into games and code
    }
quiz-why-fly = { $you ->
        [ty] you dream of flying
       *[vy] your child dreams of flying
    }
quiz-why-space = { $you ->
        [ty] space is calling you
       *[vy] space calls to your child
    }
quiz-why-nature = { $you ->
        [ty] you're curious about living things
       *[vy] your child is curious about living things
    }
quiz-why-brain = { $you ->
        [ty] you wonder how the brain works
       *[vy] your child wonders how the brain works
    }
quiz-why-design = { $you ->
        [ty] you invent and draw
       *[vy] your child likes inventing and drawing
    }
quiz-why-energy = { $you ->
        [ty] electricity gets you going
       *[vy] electricity fascinates your child
    }
quiz-why-light = { $you ->
        [ty] light fascinates you
       *[vy] light fascinates your child
    }
quiz-why-vehicles = { $you ->
        [ty] you love speed and cars
       *[vy] your child loves speed and cars
    }
quiz-why-virtual = { $you ->
        [ty] virtual worlds pull you in
       *[vy] virtual worlds pull your child in
    }
quiz-why-maps = { $you ->
        [ty] you love exploring the places around you
       *[vy] your child loves exploring the places around
    }
quiz-why-micro = { $you ->
        [ty] the micro-world fascinates you
       *[vy] the micro-world fascinates your child
    }
quiz-why-science = { $you ->
        [ty] you love experiments
       *[vy] your child loves experiments
    }
quiz-quoted = “{ $text }”
