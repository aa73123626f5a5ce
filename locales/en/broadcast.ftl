## Broadcasts: the audience by enrolment, and the audience in words

bc-enrolled-quanta = 🎓 <b>Which enrolled families</b>
    Tick a whole quantum, or open it to pick programmes and groups. Families with a child in any of the ticked ones get the broadcast.
bc-enrolled-quantum = 🎓 <b>{ $quantum }: programmes and groups</b>
    Families with a child in any of the ticked ones get the broadcast.
bc-aud-ticked = Ticked: { $where }
bc-aud-any-group = any group
bc-aud-path-group = group { $name }
bc-aud-gone-programme = programme #{ $id }
bc-aud-gone-group = group #{ $id }
bc-aud-members = { $members ->
        [parents] parents
        [children] children
       *[all] families
    }
bc-aud-waitlisted = waiting list
bc-aud-enrolled = Families with applications: { $where }; { $members ->
        [parents] parents only
        [children] children only
       *[all] the whole family
    }; { $waitlisted ->
        [yes] on the waiting list
       *[no] enrolled
    }
bc-preview-confirm = ☝️ This is what recipients will see: { $count } of them.
    To: { $audience }
    Send it?
btn-aud-programmes = Programmes{ $count ->
        [0] {""}
       *[other] {" "}({ $count })
    } ›
btn-aud-back-quanta = ⬅️ Quanta
