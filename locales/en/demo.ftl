## The offline demo: its own lines, around what the bot says

demo-banner = Kvantorium — offline demo. Type a message or a /command; a button's number (or its label) presses it; Ctrl-D quits.
demo-commands =
    Demo commands:
      :as admin — write as the administrator
      :as <id> — write as the person with this id
      :as new — a new person; :as — who is in the demo
      :reminders — send the reminders of the next lesson now
      'text — send as a message: '2 sends “2” instead of pressing button 2
demo-you-are = Writing now: { $name } (id { $id }{ $role ->
        [admin] , administrator
       *[other] {""}
    }).
demo-files = The files the bot sends are saved to the folder { $path }
demo-no-reminders = Nothing to remind of yet: reminders come for the lessons of children whose place in a group is confirmed.
demo-reminders-off = 🔕 Reminders are switched off in the settings, so there is nothing to send. To switch them on: { $path }.
demo-reminders-early = ⏩ The demo sent these reminders early: the lesson is on { $lesson }; without the demo the first of them would come on { $due }.
demo-bot = Bot
demo-edited = Bot (edited its message)
demo-toast = pop-up
demo-link = 🔗 “{ $label }” is a link; in Telegram it would open { $url }
demo-contact = 📱 Contact sent: { $name }, { $phone }
demo-error = ⚠️ This line could not be carried out ({ $error }). The demo goes on: try another action.
demo-venue = 📍 A pin on the map: { $title }, { $address } ({ $latitude }, { $longitude })
demo-file-saved = 💾 saved: { $path }
demo-switched = Now writing: { $name } (id { $id }{ $role ->
        [admin] , administrator
       *[other] {""}
    })
demo-new-messages = { $count ->
        [0] No new messages.
        [one] { $count } new message:
       *[other] { $count } new messages:
    }
demo-elsewhere = 📨 { $name } (id { $id }): { $n ->
        [one] { $n } new message
       *[other] { $n } new messages
    } — to read: :as { $id }
demo-elsewhere-more = 📨 …and { $n ->
        [one] { $n } more person
       *[other] { $n } more people
    } with new messages
demo-people = People in the demo, the newest first:
demo-person = { $id } — { $name }{ $role ->
        [admin] , administrator
        [staff] , staff
        [parent] , parent
        [pupil] , pupil
       *[other] {""}
    }
demo-people-more = …and { $n ->
        [one] { $n } more person
       *[other] { $n } more people
    }: :as <id> writes as any of them
demo-person-current = ← writing now
demo-kept-unreadable = ⚠️ The chats of earlier runs could not be read: the demo starts with empty chats, and the file is set aside as { $path }.
demo-kept-unsaved = ⚠️ The chats could not be saved ({ $error }): the next run will not see them. The demo goes on.
demo-as-usage = Like this: :as admin, :as <id> (a number) or :as new.
demo-admin-name = Olga
demo-names = Ben, Clara, Dan, Eva, Finn, Grace, Hugo, Iris

## The sample news the demo starts with

demo-post-robo-title = Our team is in the RoboFest final
demo-post-robo-body = Robotics Quantum pupils built a sorting robot and reached the festival's final. <b>The whole tech park is cheering!</b>
demo-post-it-title = A hackathon with Yandex Lyceum
demo-post-it-body = In two days, IT Quantum pupils wrote a bot for their school library. Yandex Lyceum mentors helped the teams with the code and the pitch.
demo-post-aero-title = First flights in Aero Quantum
demo-post-aero-body = Newcomers built their first quadcopters and flew them. Next: flying a route and aerial photography.

## The sample events the demo starts with

demo-event-open-day-title = Open day
demo-event-open-day-about = Every quantum is open: mentors show their projects, you can build a robot, try the flight simulator and pick your track.
demo-event-open-day-place = Technopark, main entrance
demo-event-master-title = Master class: a robot in an hour
demo-event-master-about = We build and program a small robot. Everything is provided; no laptop needed.
demo-event-master-place = Robotics lab, room 204
demo-event-trial-title = Trial lesson: { $quantum }
demo-event-trial-about = A regular lesson of a beginners' group: come, try it and see whether it's for you.
demo-event-trial-place = Room 210
