## The technopark's news and partner projects (the feed, a post in full, new post notifications).

news-partner = 🤝 { $partner }
btn-news-all = 📰 All news
btn-news-unsubscribe = 🔕 Stop this quantum's news
