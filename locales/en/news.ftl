## The technopark's news and partner projects (the feed, a post in full, new post notifications).

news-partner = 🤝 { $partner }
btn-news-all = 📰 All news
btn-news-unsubscribe = 🔕 Unsubscribe

## The feed. $quantum: a quantum's name without its emoji ("Robotics Quantum").

news-title = 📰 <b>News</b>{ $pages ->
        [1] {""}
       *[other] {" "}· page { $page } of { $pages }
    }
news-title-quantum = 📰 <b>News · { $quantum }</b>{ $pages ->
        [1] {""}
       *[other] {" "}· page { $page } of { $pages }
    }
news-hint = Tap a story to read it in full.
news-empty = No news yet. Pupils' projects and the tech park's news will show up here soon; meanwhile, { $you ->
        [ty] have a look at the quanta — one of them may be yours.
       *[vy] have a look at the quanta and pick one for your child.
    }
news-empty-quantum = No news from this quantum yet. Have a look at everything else the tech park has posted.
news-post-gone = That story has been taken down. Here is the latest news.
btn-news-filter = 🔎 By quantum
btn-news-partners = 🤝 Partner projects
btn-news-back = ◀️ Back to news
btn-news-share = 📤 Share

news-filter-title = 🔎 <b>News by quantum</b>{ $pages ->
        [1] {""}
       *[other] {" "}· page { $page } of { $pages }
    }

    Pick a quantum and I'll show only its news.

## Partners. $partner: the partner's name; $count: its published posts.

news-partners-title = 🤝 <b>Partner projects</b>{ $pages ->
        [1] {""}
       *[other] {" "}· page { $page } of { $pages }
    }

    Pupils work on real tasks set by companies and universities. Pick a partner:
news-partner-line = • { $partner } — { $count } { $count ->
        [one] project
       *[other] projects
    }
news-partners-empty = 🤝 <b>Partner projects</b>

    No partner projects yet. They will appear here as soon as pupils finish them.
news-partner-gone = That partner is no longer listed. Here are the others.
news-partner-posts = <b>Projects</b>{ $pages ->
        [1] {""}
       *[other] {" "}· page { $page } of { $pages }
    }
news-partner-no-posts = No published projects yet.
btn-news-partners-all = ⬅️ All partners

## Subscriptions: the quantum card, a post, a notification, the settings.

btn-news-follow = 🔔 Quantum news
btn-news-unfollow = 🔕 Stop its news
btn-news-resume = 🔔 Send them again
news-followed = Done: new projects from this quantum will come here.
news-unfollowed = Got it, no more news from this quantum.
card-news = Latest news

btn-news-subscriptions = 📰 News subscriptions
news-subs-title = 📰 <b>News subscriptions</b>
news-subs-intro = I'll message you here about new projects in the ticked quanta. Tap a quantum to turn its news on or off.
news-subs-empty = { $you ->
        [ty] You aren't following any quantum yet. News from the quantum you attend comes anyway.
       *[vy] You aren't following any quantum yet. News from the quanta your children attend comes anyway.
    }
news-subs-hint = To follow another quantum, open its card (“All quanta”, then the quantum) and tap “Quantum news”.
