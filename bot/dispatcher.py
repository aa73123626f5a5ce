"""The one dispatcher factory shared by `main()`, the demo, the tests and the benchmarks.
It does no I/O: everything it needs is passed in."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from zoneinfo import ZoneInfo

from aiogram import Bot, Dispatcher, Router
from aiogram.fsm.storage.base import BaseEventIsolation
from aiogram.types import Message
from aiogram.utils.callback_answer import CallbackAnswerMiddleware

from bot.fsm_storage import EventIsolation, SQLiteStorage
from bot.i18n import Texts
from bot.middlewares import Apology, Pipeline, Throttle, Visitors
from bot.ops.metrics import Metrics
from bot.routing import PressDispatcher
from bot.services.absence_notices import AbsenceTexts
from bot.services.absences import Absences
from bot.services.attendance import Attendance
from bot.services.attendance_notices import AttendanceTexts
from bot.services.broadcast_compose import BroadcastCompose
from bot.services.broadcasting import Broadcasting
from bot.services.catalogue import Catalogue, load_catalogue
from bot.services.chat import Chat
from bot.services.closure_notices import ClosureTexts
from bot.services.consents import Consents
from bot.services.delivery import Delivery
from bot.services.enrolment import Enrolments
from bot.services.enrolment_export import EnrolmentExport
from bot.services.event_admin import EventAdmin
from bot.services.event_booking import EventBooking
from bot.services.event_door import EventDoor
from bot.services.event_door_texts import DoorTexts
from bot.services.families import Families
from bot.services.faq import faq_for
from bot.services.journal import Journal
from bot.services.lesson_changes import LessonChanges
from bot.services.lesson_notes import LessonNotes
from bot.services.news import News, TextPostNotices
from bot.services.news_views import NewsViews
from bot.services.notices import TextNotices
from bot.services.openings import Openings
from bot.services.privacy import Privacy
from bot.services.question_notices import TextQuestionNotices
from bot.services.questions import Questions
from bot.services.quiz import QuizResults
from bot.services.reminder_settings import ReminderSettings
from bot.services.reminders import ReminderPlanner, ReminderTexts
from bot.services.schedule_views import QuantumTimetable, ScheduleViews
from bot.services.sender import Sender
from bot.services.staff_data import StaffData
from bot.services.staff_roles import FAMILY_FORMS, StaffRoles
from bot.services.teaching import Teaching
from bot.services.timetable import Timetable
from bot.services.understanding import Understanding
from bot.settings import DEFAULT_CATALOGUE, Settings
from handlers import get_routers
from handlers.consent_renewal import AskAtVisit
from handlers.flow import FlowMiddleware
from storage.absences import AbsenceRepo
from storage.broadcasts import BroadcastRepo
from storage.db import Database
from storage.delivery import DeliveryRepo
from storage.enrolments import EnrolmentRepo
from storage.families import FamilyRepo
from storage.family_lessons import FamilyLessons
from storage.fsm import FsmRepo
from storage.lessons import LessonRepo
from storage.news import NewsRepo
from storage.outbox import OutboxRepo
from storage.programmes import ProgrammeRepo
from storage.questions import QuestionRepo
from storage.quiz import QuizRepo
from storage.reminder_plans import PlanRepo
from storage.reminders import ReminderRepo
from storage.timetable import TimetableRepo
from storage.users import UserRepo


@dataclass
class Repos:
    users: UserRepo
    quiz: QuizRepo
    outbox: OutboxRepo
    broadcasts: BroadcastRepo
    programmes: ProgrammeRepo
    families: FamilyRepo
    enrolments: EnrolmentRepo
    notices: TextNotices
    enrolment: Enrolments  # the seats' rules: what the jobs and imports need without a Bot
    lessons: LessonRepo
    timetable: TimetableRepo
    reminders: ReminderRepo
    absences: AbsenceRepo
    family_lessons: FamilyLessons
    news: NewsRepo
    questions: QuestionRepo

    @classmethod
    def create(
        cls, db: Database, *, texts: Texts | None = None, settings: Settings | None = None,
        catalogue: Catalogue | None = None,
    ) -> Repos:
        zone = settings.zone if settings else ZoneInfo("Europe/Moscow")
        catalogue = catalogue or load_catalogue(
            settings.catalogue_path if settings else DEFAULT_CATALOGUE)
        texts = texts or Texts()
        notices = TextNotices(texts, zone)
        offer_hours = settings.offer_hours if settings else 24.0
        return cls(
            users=UserRepo(db), quiz=QuizRepo(db), outbox=OutboxRepo(db),
            broadcasts=BroadcastRepo(db), programmes=ProgrammeRepo(db),
            families=FamilyRepo(db), enrolments=EnrolmentRepo(db), notices=notices,
            enrolment=Enrolments(db, notices, offer_hours),
            lessons=LessonRepo(db), timetable=TimetableRepo(db),
            reminders=ReminderRepo(db), absences=AbsenceRepo(db),
            family_lessons=FamilyLessons(db), news=NewsRepo(db), questions=QuestionRepo(db),
        )


@dataclass
class Services:
    """What runs beside the handlers: the one sender, the broadcasts it carries, the
    schedule and the news as families read them, the reminder planner, the metrics, and the
    consents as families answer new versions of the text."""

    sender: Sender
    broadcasting: Broadcasting
    schedule_views: ScheduleViews
    planner: ReminderPlanner
    news_views: NewsViews
    metrics: Metrics
    consents: Consents
    staff_roles: StaffRoles
    questions: Questions
    lesson_changes: LessonChanges
    broadcast_compose: BroadcastCompose
    enrolment: Enrolments
    families: Families
    privacy: Privacy
    openings: Openings
    quiz: QuizResults
    absences: Absences
    reminder_settings: ReminderSettings
    quantum_timetable: QuantumTimetable
    news: News
    timetable: Timetable  # the staff's week and closures
    exports: EnrolmentExport
    delivery: Delivery  # «кому не доставлено» after a lesson change, a closure, a broadcast
    staff_data: StaffData  # search, rosters, applications by status, the access record
    understanding: Understanding  # typed words: a quantum, interests, a FAQ entry, or nothing
    lesson_notes: LessonNotes  # «Что было на занятии»: a lesson's note to the families
    attendance: Attendance  # the roll call, «не пришёл» notices, forgotten registers
    teaching: Teaching  # «Мои группы», a group's screen and teacher, a message to a group
    journal: Journal  # the month's journal and the chart of eight weeks
    event_admin: EventAdmin  # staff: an event created, changed, cancelled; its screen
    event_door: EventDoor  # tickets again, the check-in, «Как вам?», the open day's follow-up
    event_booking: EventBooking  # a family's registrations for events, seats, the waitlist
    chat: Chat = field(init=False)  # what a typed message gets; /unanswered

    @classmethod
    def create(cls, bot: Bot, repos: Repos, texts: Texts, settings: Settings,
               catalogue: Catalogue | None = None) -> Services:
        metrics = Metrics(repos.outbox.db, texts, settings)
        sender = Sender(
            bot, repos.outbox, rate=settings.send_rate, per_chat_rate=settings.send_rate_per_chat,
            counters=metrics, texts=texts,
        )
        broadcasting = Broadcasting(bot, repos.broadcasts, repos.users, texts, sender)
        sender.on_batch = broadcasting.on_batch
        planner = ReminderPlanner(
            repos.reminders.db, PlanRepo(repos.reminders.db), ReminderTexts(texts, settings.zone),
            zone=settings.zone, evening_at=settings.reminder_evening_at,
        )
        catalogue = catalogue or load_catalogue(settings.catalogue_path)
        faq = faq_for(settings.faq_path, catalogue)
        services = cls(sender=sender, broadcasting=broadcasting,
                   schedule_views=ScheduleViews(repos.family_lessons.db, repos.family_lessons),
                   planner=planner, news_views=NewsViews(repos.news), metrics=metrics,
                   consents=Consents(repos.families.db),
                   staff_roles=StaffRoles(repos.users.db, repos.users, texts, bot=bot),
                   questions=Questions(repos.questions.db,
                                       TextQuestionNotices(texts, settings.zone)),
                   lesson_changes=LessonChanges(repos.lessons, repos.programmes, repos.reminders,
                                                repos.absences, repos.timetable, repos.notices),
                   broadcast_compose=BroadcastCompose(repos.broadcasts, repos.programmes,
                                                      broadcasting),
                   enrolment=repos.enrolment,
                   families=Families(repos.enrolment, repos.users),
                   privacy=Privacy(repos.enrolment, repos.users, FAMILY_FORMS),
                   openings=Openings(repos.programmes.db),
                   quiz=QuizResults(repos.quiz),
                   absences=Absences(repos.absences.db, AbsenceTexts(texts, settings.zone)),
                   reminder_settings=ReminderSettings(
                       repos.reminders, repos.family_lessons, repos.absences, zone=settings.zone,
                       evening_at=settings.reminder_evening_at),
                   quantum_timetable=QuantumTimetable(repos.programmes, repos.timetable),
                   news=News(repos.news, TextPostNotices(
                       texts, catalogue or load_catalogue(settings.catalogue_path),
                       settings.zone)),
                   timetable=Timetable(repos.lessons.db, repos.lessons, repos.timetable,
                                       ClosureTexts(texts, settings.zone)),
                   exports=EnrolmentExport(repos.lessons.db),
                   delivery=Delivery(DeliveryRepo(repos.lessons.db), repos.lessons,
                                     settings.zone),
                   staff_data=StaffData(repos.lessons.db),
                   understanding=Understanding(catalogue, faq),
                   lesson_notes=LessonNotes(repos.lessons.db, texts, settings.zone),
                   attendance=Attendance(repos.lessons.db, AttendanceTexts(texts, settings.zone)),
                   teaching=Teaching(repos.lessons.db, repos.programmes),
                   journal=Journal(repos.lessons.db, texts, settings.zone),
                   event_door=EventDoor(repos.lessons.db,
                                        DoorTexts(texts, settings.zone, catalogue)),
                   event_booking=(booking := EventBooking(
                       repos.lessons.db, texts, settings.zone, settings.reminder_evening_at)),
                   event_admin=EventAdmin(repos.lessons.db, texts, settings.zone, booking))
        services.chat = Chat(repos.lessons.db, services.understanding, catalogue, faq,
                             services.questions, services.quiz, services.families)
        return services


async def private_chat(message: Message) -> bool:
    """A private bot: group chats are not its place. (A coroutine, since aiogram runs a plain
    filter, `F` rules included, in a worker thread: a hop on every message.)"""
    return message.chat.type == "private"


def build_dispatcher(
    *,
    settings: Settings,
    db: Database,
    catalogue: Catalogue,
    texts: Texts,
    repos: Repos,
    services: Services,
    events_isolation: BaseEventIsolation | None = None,
    routers: Sequence[Router] | None = None,
) -> Dispatcher:
    """The dispatcher over the feature routers (`routers`: fresh ones unless given; a router
    holds no state of its own, so a test run may build them once and lend them on)."""
    storage = SQLiteStorage(FsmRepo(db))
    staff_roles = services.staff_roles
    staff_roles.forms = storage  # revoking staff drops their half-typed staff forms
    dp = PressDispatcher(
        storage=storage,
        # one update at a time per user: double taps and repeats are handled in order
        events_isolation=events_isolation or EventIsolation(),
        # what FlowMiddleware puts in every handler's `flow`
        settings=settings,
        catalogue=catalogue,
        texts=texts,
        services=services,
        staff_roles=staff_roles,
    )
    # in flight, guarded, measured, the state written once, the person, flood control, and
    # after the visit's own answer a new version of the consent text, put to a family once
    pipeline = Pipeline(
        texts=texts, metrics=services.metrics, storage=storage, apology=Apology(texts, settings),
        visitors=Visitors(repos.users, settings, staff_roles),
        throttle=(Throttle(settings.user_updates_per_minute)  # 0: no flood control
                  if settings.user_updates_per_minute > 0 else None),
        after=AskAtVisit(services.consents, settings))
    dp["inflight"] = pipeline.inflight
    dp.update.outer_middleware(pipeline)
    dp.callback_query.middleware(CallbackAnswerMiddleware())
    # every handler's one context (`flow`), built once its filters chose it
    flows = FlowMiddleware()
    dp.message.middleware(flows)
    dp.callback_query.middleware(flows)
    # a private bot: group chats are not its place
    dp.message.filter(private_chat)
    dp.include_routers(*(routers if routers is not None else get_routers()))
    return dp


def assemble(
    bot: Bot, db: Database, settings: Settings, catalogue: Catalogue, texts: Texts,
    routers: Sequence[Router] | None = None,
) -> tuple[Dispatcher, Repos, Services]:
    """Repositories, services and the dispatcher over one database and one Bot: how the bot,
    the demo, the tests and the benchmarks put it together."""
    repos = Repos.create(db, texts=texts, settings=settings, catalogue=catalogue)
    services = Services.create(bot, repos, texts, settings, catalogue)
    dp = build_dispatcher(settings=settings, db=db, catalogue=catalogue, texts=texts,
                          repos=repos, services=services, routers=routers)
    return dp, repos, services
