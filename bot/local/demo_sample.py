"""What a fresh demo database starts with: the sample programmes, groups with their
timetables and closures (the CSV files that ship with the bot), the partners, a few news
posts of several quanta (one with a partner) in the demo's language, its administrator, and
a few coming events (an open day, a master class with one seat left, a trial lesson)."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from bot.dispatcher import Repos, Services
from bot.i18n import Texts
from bot.services import dates
from bot.services.catalogue import Catalogue, Quantum
from bot.services.closure_import import parse_closures_csv
from bot.services.event_booking_rules import ChildIn, Request
from bot.services.group_import import parse_groups_csv, plan_lessons
from bot.services.partner_import import parse_partners_csv
from bot.services.programme_import import import_programmes
from bot.settings import PROJECT_ROOT
from storage.applications import Application
from storage.clock import utcnow
from storage.demo import backdate_enrolments, drop_pending
from storage.events import EventDraft, Kind
from storage.news import PostContent

SAMPLE_GROUPS = PROJECT_ROOT / "data" / "groups.sample.csv"
SAMPLE_CLOSURES = PROJECT_ROOT / "data" / "closures.sample.csv"
SAMPLE_PARTNERS = PROJECT_ROOT / "data" / "partners.sample.csv"
# the families of the sample class, in the first group the administrator teaches: (the
# parent's id and first name, the child's name); their children are confirmed in that group
# (surname first, as the sign-up form asks for it)
SAMPLE_CLASS = ((1101, "Анна", "Петров Миша"), (1102, "Ирина", "Иванова Соня"),
                (1103, "Олег", "Смирнов Дима"), (1104, "Мария", "Орлова Катя"),
                (1105, "Павел", "Кузнецов Лёва"))
# the sample posts, oldest first: (quantum, the partner's name or None); texts in demo.ftl
SAMPLE_POSTS = (("aero", None), ("it", "Яндекс Лицей"), ("robo", None))
# made-up families who took the master class's seats beside the sample class: (the parent's id
# and first name, the children's names and ages)
SAMPLE_GUESTS = ((1201, "Светлана", (("Соколов Артём", 10), ("Соколова Ева", 9))),
                 (1202, "Никита", (("Морозов Тимур", 11), ("Морозова Алиса", 9))),
                 (1203, "Татьяна", (("Волков Марк", 12), ("Волкова Ника", 10))),
                 (1204, "Роман", (("Лебедев Федя", 9), ("Лебедева Варя", 11))))
MASTER_SEATS = 12
MASTER_TAKEN = 11  # «осталось 1 место», and the next family waits


async def import_sample(repos: Repos, catalogue: Catalogue, zone: ZoneInfo) -> None:
    """The demo's programmes, groups with their timetables, and closures: the sample CSV
    files that ship with the bot."""
    quanta = {q.code for q in catalogue.quanta}
    result = parse_groups_csv(SAMPLE_GROUPS.read_bytes(), quanta)
    if not result.errors:
        plan_lessons(result.groups, zone)
        await import_programmes(repos.programmes.db, result.programmes, result.groups,
                                dates.today(zone))
    closures, errors = parse_closures_csv(SAMPLE_CLOSURES.read_bytes(), quanta)
    if not errors:
        await repos.timetable.add_closures(closures, by=None)


async def sample_news(services: Services, texts: Texts, locale: str, catalogue: Catalogue,
                      *, by: int, zone: ZoneInfo) -> None:
    """The partners and a few published posts, written as staff write them (through the news
    service), so «📰 Новости» shows what the feature is."""
    partners, errors = parse_partners_csv(SAMPLE_PARTNERS.read_bytes())
    if not errors:
        await services.news.import_partners(partners)
    by_name = {p.name: p.id for p in await services.news.partners()}
    quanta = {q.code for q in catalogue.quanta}
    for quantum, partner in SAMPLE_POSTS:
        if quantum not in quanta:  # a technopark's own catalogue may lack it
            continue
        content = PostContent(
            title=texts.get(locale, f"demo-post-{quantum}-title"),
            body=texts.get(locale, f"demo-post-{quantum}-body"),
            quantum_code=quantum, partner_id=by_name.get(partner) if partner else None,
        )
        await services.news.create(content, by=by, today=dates.today(zone))


async def demo_admin(repos: Repos, admin_id: int, locale: str, name: str) -> None:
    """The administrator `:as admin` writes as, known to the bot from the start (as ADMIN_IDS
    are after a start), so staff notices reach them before they first write."""
    if await repos.users.get(admin_id) is None:
        await repos.users.create(admin_id, language=locale, first_name=name, username=None,
                                 staff_role="admin")


async def sample_teacher(services: Services, repos: Repos, admin_id: int) -> None:
    """The demo's administrator teaches the first two sample groups (set as an admin sets a
    teacher in the chat), so «🧑‍🏫 Мои группы» shows what it is."""
    admin = await repos.users.get(admin_id)
    if admin is None or not admin.is_admin:
        return
    for group in (await repos.programmes.all_groups())[:2]:
        await services.teaching.set_teacher(admin, group.id, admin_id)


def born(today: date, years: int) -> date:
    """A birth date of someone `years` old today."""
    return today.replace(year=today.year - years) - timedelta(days=40)


async def sample_class(services: Services, repos: Repos, admin_id: int, locale: str,
                       zone: ZoneInfo) -> None:
    """A few families whose children are confirmed in the first group the administrator
    teaches (each parent can be written as with `:as <id>`), and the registers of that
    group's lessons of the last eight weeks taken (one child now and then late, another
    missing some, the last two among them), so the roll call, «📊 Посещаемость» and the
    families' marks show what they are."""
    admin = await repos.users.get(admin_id)
    today = dates.today(zone)
    mine = await services.teaching.mine(admin, today) if admin is not None else []
    if not mine:
        return
    group = mine[0].group
    years = (group.age_min + group.age_max) // 2
    children: list[int] = []
    for user_id, parent, child in SAMPLE_CLASS:
        if await repos.users.get(user_id) is None:
            await repos.users.create(user_id, language=locale, first_name=parent,
                                     username=None, family_role="parent")
        done = await repos.enrolment.submit(Application(
            user_id=user_id, relation="parent", child_name=child, birth_date=born(today, years),
            school="Школа № 5", grade=min(11, max(1, years - 6)), phone="+79990000000",
            group_id=group.id, consent=True, photo_consent=user_id != 1104, today=today,
        ))
        if done.status != "applied" or done.enrolment_id is None:
            continue
        view = await repos.enrolment.decide(done.enrolment_id, "confirmed")
        if view is not None:
            children.append(view.child_id)
    now = utcnow()
    await backdate_enrolments(repos.users.db, group.id, now - timedelta(weeks=9))
    held = [lesson for lesson in await repos.lessons.between(now - timedelta(weeks=8), now)
            if lesson.group_id == group.id and not lesson.off and lesson.ends_at <= now]
    for n, lesson in enumerate(held):
        marks = dict.fromkeys(children, "present")
        if len(children) > 2:
            marks[children[1]] = "late" if n % 3 == 0 else "present"
            # the last two lessons missed: «📊 Посещаемость» lists who missed two in a row
            marks[children[2]] = "absent" if n >= len(held) - 2 or n % 4 == 1 else "present"
        await services.attendance.save(True, admin_id, lesson.id, marks, every=False,
                                       now=lesson.starts_at + timedelta(minutes=20))
        await services.attendance.done(True, admin_id, lesson.id,
                                       lesson.starts_at + timedelta(minutes=95))
    # the sign-ups' notices and confirmations of a class that was there before the demo
    await drop_pending(repos.users.db)


def at(day: date, hours: int, zone: ZoneInfo) -> datetime:
    return datetime.combine(day, time(hours), zone).astimezone(UTC)


def next_saturday(today: date) -> date:
    return today + timedelta(days=(5 - today.weekday()) % 7 or 7)


def event_draft(texts: Texts, key: str, kind: Kind, start: datetime, hours: float, *,
                seats: int = 0, ages: tuple[int, int] = (7, 17),
                quantum: Quantum | None = None, locale: str = "ru") -> EventDraft:
    """A sample event, its title and description in both languages from demo.ftl (its place
    in the demo's language)."""

    def text(lang: str, part: str) -> str:
        name = quantum.text(lang).name if quantum is not None else ""
        return texts.get(lang, f"demo-event-{key}-{part}", quantum=name, seats=seats)

    return EventDraft(
        code=key, kind=kind, starts_at=start, ends_at=start + timedelta(hours=hours),
        title_ru=text("ru", "title"), title_en=text("en", "title"),
        description_ru=text("ru", "about"), description_en=text("en", "about"),
        place=text(locale, "place"), seats=seats, age_min=ages[0], age_max=ages[1],
        quanta=(quantum.code,) if quantum is not None else ())


async def sample_events(services: Services, repos: Repos, texts: Texts, catalogue: Catalogue,
                        *, by: int, locale: str, zone: ZoneInfo) -> None:
    """The coming events, relative to today: an open day next Saturday 11:00–15:00 (no seat
    limit, 7–17), a master class in two days with 11 of its 12 seats taken by the sample class
    and a few made-up families (the next to register waits), and a trial lesson of a quantum
    in five days; written as staff create them, registered as families register."""
    today, admin = dates.today(zone), services.event_admin
    quantum = catalogue.get("robo") or catalogue.quanta[0]
    await admin.create(event_draft(texts, "open-day", "open_day",
                                   at(next_saturday(today), 11, zone), 4, locale=locale), by)
    master = await admin.create(event_draft(
        texts, "master", "master_class", at(today + timedelta(days=2), 12, zone), 1.5,
        seats=MASTER_SEATS, ages=(7, 14), quantum=quantum, locale=locale), by)
    await admin.create(event_draft(
        texts, "trial", "trial", at(today + timedelta(days=5), 16, zone), 1.5, seats=10,
        ages=(quantum.age_min, quantum.age_max), quantum=quantum, locale=locale), by)
    taken = 0
    views = services.event_booking.views
    for user_id, _, _ in SAMPLE_CLASS:
        family_id, children, _ = await views.children(user_id)
        kids = tuple(ChildIn(c.name, c.birth_date, c.id) for c in children)
        if kids and taken + len(kids) <= MASTER_TAKEN:
            booked = await services.event_booking.register(Request(
                master.event_id, user_id, family_id, kids, companions=1,
                phone="+79990000000"))
            taken += len(booked.seated)
    for user_id, parent, guests in SAMPLE_GUESTS:
        kids = tuple(ChildIn(name, born(today, age)) for name, age in guests)
        kids = kids[:MASTER_TAKEN - taken]
        if not kids:
            break
        if await repos.users.get(user_id) is None:
            await repos.users.create(user_id, language=locale, first_name=parent,
                                     username=None, family_role="parent")
        booked = await services.event_booking.register(Request(
            master.event_id, user_id, None, kids, companions=1, phone="+79990000001"))
        taken += len(booked.seated)
    # their tickets and reminders belong to a past the demo did not show
    await drop_pending(repos.users.db)
