## “Which quantum is mine?” — the questions speak to the child

quiz-intro = 🎯 <b>Which quantum is yours?</b>
    Six quick questions and I'll suggest three tracks. There are no wrong answers!
quiz-intro-parent = <i>Hand the phone to your child: the questions are for them.</i>
quiz-step = Question { $step } of { $total }

quiz-evening = A free evening. What do you do?
quiz-evening-build = 🔧 Build something
quiz-evening-game = 🎮 Make my own game
quiz-evening-walk = 🌲 Go exploring
quiz-evening-draw = ✏️ Draw

quiz-power = Pick a superpower:
quiz-power-fly = 🦅 Flying
quiz-power-micro = 🔍 Seeing atoms
quiz-power-minds = 🧠 Reading minds
quiz-power-lightning = ⚡ Throwing lightning

quiz-video = Which video do you open first?
quiz-video-rocket = 🚀 A rocket launch
quiz-video-race = 🏁 A race
quiz-video-experiment = 🧪 Lab experiments
quiz-video-vr = 🕶 A VR headset review

quiz-team = In a team you're more of…
quiz-team-ideas = 💡 The idea machine
quiz-team-solder = 🛠 The soldering pro
quiz-team-code = ⌨️ The code boss
quiz-team-explore = 🧭 The scout

quiz-expo = What do you bring to the inventors' fair?
quiz-expo-drone = 🚁 A mapping drone
quiz-expo-robot = 🤖 A helper robot
quiz-expo-solar = ☀️ A solar car
quiz-expo-laser = ✨ A laser show

quiz-age = How old are you? Then I won't suggest something you're too young for.
quiz-age-skip = Skip

quiz-result-title = 🎯 <b>{ $you ->
        [ty] Your quanta
       *[vy] Quanta that fit
    }</b>
quiz-result-line = { $rank }. <b>{ $title }</b> — { $reason }.
quiz-result-hint = Tap a quantum to find out more.
quiz-result-empty = 🤔 No perfect match this time — it happens! Have a look through all the quanta: something may catch your eye.
quiz-last = 🎯 Last time you got: { $quanta }.
    Take the quiz again?
btn-quiz-again = 🔁 Take it again
btn-quiz-result = 🎯 My result
quiz-stale = That question is done — here's the current one.
quiz-use-buttons = Answer with a button under the question 👇

quiz-why-build = you love making things with your hands
quiz-why-code = you enjoy coding and making games
quiz-why-fly = you dream of flying
quiz-why-space = space is calling you
quiz-why-nature = you're curious about living things
quiz-why-brain = you wonder how the brain works
quiz-why-design = you invent and draw
quiz-why-energy = electricity gets you going
quiz-why-light = light fascinates you
quiz-why-vehicles = you love speed and cars
quiz-why-virtual = virtual worlds pull you in
quiz-why-maps = you love exploring the places around you
quiz-why-micro = the micro-world fascinates you
quiz-why-science = you love experiments
