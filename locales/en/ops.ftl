## Operations: messages to the administrators when sending is stuck, and when it recovers

ops-stuck = ⚠️ <b>Messages are not going out</b>
    { $waiting ->
        [one] { $waiting } message is
       *[other] { $waiting } messages are
    } waiting; the oldest has waited { $minutes ->
        [one] { $minutes } minute
       *[other] { $minutes } minutes
    } already, since { $since }.
    Check that the bot is running and can reach Telegram; its log and /metrics will tell why.
ops-recovered = ✅ <b>Messages are going out again</b>
    Sending had stood still for about { $minutes ->
        [one] { $minutes } minute
       *[other] { $minutes } minutes
    }, since { $since }.
