"""What a fresh demo database starts with: the sample programmes, groups with their
timetables and closures (the CSV files that ship with the bot), the partners, a few news
posts of several quanta (one with a partner) in the demo's language, and its administrator."""

from __future__ import annotations

from zoneinfo import ZoneInfo

from bot.dispatcher import Repos, Services
from bot.i18n import Texts
from bot.services import dates
from bot.services.catalogue import Catalogue
from bot.services.closure_import import parse_closures_csv
from bot.services.group_import import parse_groups_csv, plan_lessons
from bot.services.partner_import import parse_partners_csv
from bot.services.programme_import import import_programmes
from bot.settings import PROJECT_ROOT
from storage.news import PostContent

SAMPLE_GROUPS = PROJECT_ROOT / "data" / "groups.sample.csv"
SAMPLE_CLOSURES = PROJECT_ROOT / "data" / "closures.sample.csv"
SAMPLE_PARTNERS = PROJECT_ROOT / "data" / "partners.sample.csv"
# the sample posts, oldest first: (quantum, the partner's name or None); texts in demo.ftl
SAMPLE_POSTS = (("aero", None), ("it", "Яндекс Лицей"), ("robo", None))


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
