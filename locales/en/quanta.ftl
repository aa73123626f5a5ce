## The catalogue of quanta

catalogue-title = 📚 <b>Quanta</b> — { $count } { $count ->
        [one] track
       *[other] tracks
    }{ $pages ->
        [1] {""}
       *[other] {" "}· page { $page } of { $pages }
    }
    { $you ->
        [ty] Pick one to find out more.
       *[vy] Choose a track to find out more.
    }

card-activities = { $you ->
        [ty] What you'll do
       *[vy] What your child will do
    }
card-projects = Example projects
card-age = Ages { $min }–{ $max }
btn-back-catalogue = ⬅️ All quanta
btn-back-result = ⬅️ Back to results
card-events = 🎪 Coming events
