"""Typed words: the tokeniser and the small word lists the matcher leans on (no heavy imports).

A token keeps the word as typed (for «because») and its normal form: lower case, «ё» → «е»,
a hyphenated word split into its parts («3D-печать» → «3d», «печать»). Digits stay, for ages.
Invisible characters (zero-width spaces and joiners, a soft hyphen) are dropped before anything
else, and a word mixing the two alphabets is written in one: «рoбот» with a Latin «o» is «робот».
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from itertools import islice

MAX_TOKENS = 60  # a long message is understood by its beginning: the work stays bounded
MAX_CHARS = 1500

_WORD = re.compile(r"[^\W_]+")
_INVISIBLE = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff\u00ad"), None)
# letters that look the same in both alphabets
_LATIN_LOOKS, _CYRILLIC_LOOKS = "aceopxyABCEHKMOPTXY", "асеорхуАВСЕНКМОРТХУ"
_TO_CYRILLIC = str.maketrans(_LATIN_LOOKS, _CYRILLIC_LOOKS)
_TO_LATIN = str.maketrans(_CYRILLIC_LOOKS, _LATIN_LOOKS)


@dataclass(frozen=True, slots=True)
class Token:
    typed: str  # as the person typed it
    norm: str  # lower case, «ё» → «е»


def one_script(word: str) -> str:
    """A word typed in both alphabets, in the one its other letters are in: «рoбот» (a Latin
    «o») is «робот», «rоbot» (a Cyrillic «о») is «robot»; a word in one alphabet as it is."""
    cyrillic = [ch for ch in word if "а" <= ch.lower() <= "я" or ch in "ёЁ"]
    latin = [ch for ch in word if ch.isascii() and ch.isalpha()]
    if not cyrillic or not latin:
        return word
    if all(ch in _LATIN_LOOKS for ch in latin):
        return word.translate(_TO_CYRILLIC)
    if all(ch in _CYRILLIC_LOOKS for ch in cyrillic):
        return word.translate(_TO_LATIN)
    return word


def tokens(text: str) -> list[Token]:
    found = islice(_WORD.finditer(text[:MAX_CHARS].translate(_INVISIBLE)), MAX_TOKENS)
    result: list[Token] = []
    for match in found:
        typed = match.group()
        norm = one_script(typed).lower().replace("ё", "е")
        norm = SLANG.get(norm, norm)
        result.append(Token(typed, norm))
    return result


def wordset(text: str) -> frozenset[str]:
    """A list of words written as text, the way people read it."""
    return frozenset(text.split())


_FOLD = str.maketrans({"о": "а", "е": "и", "э": "и", "ь": None, "ъ": None})


def folded(word: str) -> str:
    """A word as it sounds, for forgiving typos: unstressed «о»/«а» and «е»/«и» written one for
    the other, a soft sign left out, a double letter written once («праграмирование»)."""
    flat = word.translate(_FOLD)
    return "".join(ch for at, ch in enumerate(flat) if at == 0 or ch != flat[at - 1])


def is_cyrillic(word: str) -> bool:
    return any("а" <= ch <= "я" for ch in word)


def mostly_latin(items: list[Token]) -> bool:
    latin = sum(1 for t in items if t.norm.isascii() and t.norm.isalpha())
    return latin * 2 > len(items)


# spoken forms folded into the written ones before anything else
SLANG: dict[str, str] = {
    "скок": "сколько", "скока": "сколько", "скоко": "сколько", "сколко": "сколько",
    "чо": "что", "че": "что", "шо": "что", "ваще": "вообще",
    "прога": "программирование", "проги": "программы", "прогать": "программировать",
    "програмировать": "программировать", "комп": "компьютер", "компе": "компьютер",
    "айтишка": "айти", "3д": "3d", "доча": "дочь", "сынок": "сын",
    "пасиб": "спасибо", "плз": "пожалуйста", "пжлст": "пожалуйста", "щас": "сейчас",
    "wanna": "want", "gonna": "going", "u": "you", "ur": "your", "pls": "please",
    "plz": "please", "im": "i", "r": "are", "ya": "you", "thx": "thanks", "ty": "thanks",
    "доки": "документы", "доков": "документов", "пайтон": "python", "пайтоне": "python",
    "питон": "python", "питоне": "python", "питоном": "python", "пайтоном": "python",
    "питона": "python", "скретч": "scratch", "скретче": "scratch",
}

# words that never match anything: they carry the sentence, not its subject
STOP_RU = wordset("""
и а но или да нет ну вот так там тут здесь же ли бы не ни уже еще очень просто тоже также
в во на по про о об обо с со к ко у из за для от до при над под без через между около
я ты он она оно мы вы они меня мне мной тебя тебе его ее ему ей им ими их нас нам вас вам вами
мой моя мое мои моего моей моему моих моим наш наша наше наши нашего нашей нашему нашим
твой твоя свой своя свое свои своего своей своему свою своим своими своих себе себя сам сама
сами самый самая который которая которое которые которого которой которому котором которую
которых которым которыми бот ботик двое трое двоих троих какого каком какому
это этот эта эти этого этой этим том тот та те то такой такая такое такие так
что чем чего кто кого кому какой какая какое какие каких каким какую чтобы чтоб если
хочу хочет хотим хотят хотел хотела хотели хотелось хочется хотеться хочется
люблю любит любят любим любил любила обожаю обожает нравится нравятся нравиться нравилось
интересно интересует интересуется интересуюсь увлекается увлекаюсь увлекаемся
можно нужно нужен нужна нужны надо быть есть был была было были будет будут буду могу может можем
привет приветик здравствуйте здрасте здрасьте добрый доброе день вечер утро спасибо
пожалуйста ок окей ага угу лол кек ха хаха ахах ахаха эээ ммм хм блин короче типа вообще
все всё весь вся всех всем сейчас потом тогда давай давайте подскажите скажите расскажите
расскажи скажи подскажи узнать знать интересное хотим хотелось бы нибудь нибуть либо
скиньте скинь дайте дай пришлите пришли сообщите уточните напишите напиши
делать делаю делаешь делает делаем делают сделать научиться учиться
квантум квантума квантуме квантумом квантумы квантумов квантумам квантумах квантумами
кванториум кванториуме кванториума кванториуму технопарк технопарке технопарка технопарку
сын сына сыну сыном сыне дочь дочка дочки дочке дочку дочери дочерью ребенок ребенка ребенку
ребенком ребенке дети детей детям детьми детях внук внука внуку внучка внучке внучку
""")

STOP_EN = wordset("""
i me my mine myself we us our ours you your yours he him his she her hers it its they them
their a an the and or but if so too also very really just only even then than as
to of in on at for with about into from by up out over off
is am are was were be been being do does did doing have has had having s m re ve ll d t
like likes liked liking love loves loved loving want wants wanted enjoy enjoys enjoyed
interested keen fan into would could should can will may might must shall
this that these those there here what which who whom whose
hi hello hey thanks thank please ok okay lol lmao yes no not don dont yeah yep nope
stuff thing lot lots some any all more most much many get got go going make makes making
something anything kind sort quantum quantums kvantum kvantums kvantorium technopark tell
know
son sons daughter daughters kid kids child children boy girl grandson granddaughter bot
both
""")

# words the FAQ's phrasings keep though they say nothing about a quantum: «где вы находитесь»
# is not «где мой телефон», «how do I get there» is not «how»; they weigh like question words
FAQ_KEEP = wordset("""
вы вас вам вами ваш ваши это день можно you your get there кванториум кванториуме кванториума
кванториуму технопарк технопарке технопарка технопарку kvantorium technopark учиться обучаться
""")
FAQ_CONTENT = wordset("день")  # of these, the ones that are content words in a question
# and the ones a question may leave out: «во сколько открываетесь» is «во сколько вы открываетесь»
FAQ_OPTIONAL = FAQ_KEEP - FAQ_CONTENT - wordset("get there you your")

# the words a question about one thing may say besides it: «адрес кванториума», «со скольки
# лет можно» (not «вы»: «сколько вам лет» asks the bot's age; not «учиться»: «сколько лет
# учиться» is how long, not from what age)
FAQ_FILLER = FAQ_OPTIONAL - wordset("вы вас вам вами учиться обучаться") | wordset("""
январь января январе февраль февраля феврале март марта марте апрель апреля апреле май мая
мае июнь июня июне июль июля июле август августа августе сентябрь сентября сентябре октябрь
октября октябре ноябрь ноября ноябре декабрь декабря декабре january february march april
june july august september october november december
""")
# and, when the question names its subject («у вас бесплатно»), «вы» too
FAQ_FILLER_YOU = wordset("вы вас вам вами")

# the bot spoken to: kept, so that «сколько тебе лет» is not «со скольки лет»
TO_THE_BOT = wordset("ты тебе тебя тобой")

# a word after one of these (stop words between them skipped) does not count: «не хочу роботов»
NEGATORS = wordset("не ни not don dont doesn didn never hate ненавижу")

# signing up, said of a quantum or of anything: the FAQ's word, never a quantum's («sign» is
# not the road signs of Автоквантум); with a quantum named, its card answers
SIGN_UP = wordset("""
записать записаться запишите запишу запишусь записывать записываться записали запись записи
sign enrol enroll enrolment enrollment register registration
""")
# a question word that only ends a question («это платно или как»): no question of its own
TAGS = frozenset({("или", "как"), ("или", "что"), ("or", "what")})

# question words: they help to tell the FAQ's questions apart, never a quantum
WEAK = wordset("""
где когда сколько скольки как куда почему зачем откуда кто лет год года годиков годика
where when how what why who which much many long old years year
""")

# catalogue words too common to say anything about a quantum's subject
GENERIC = wordset("""
который которая которое которые которых заказу заказ партнера завода предприятия компании
комнаты комнату комната руками
местного местной местный родного родной свой своего своей собственной настоящие настоящий
первых первого шагов новые обычному делаем работаем изучаем учимся создаем ставим проводим
готовимся наблюдаем принимаем используем проверяем ищем режем
partner ordered order company local real first steps new own home town use run set small
learn work make take like way get
""")

# the quiz's interests, in a few words each (weighed between keywords and free text)
TAG_WORDS: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "build": (("собирать", "конструировать", "строить", "мастерить"),
              ("build", "construct", "assemble")),
    "code": (("программировать", "код"), ("code", "program")),
    "fly": (("летать", "полеты"), ("fly", "flight")),
    "space": (("космос",), ("space",)),
    "nature": (("природа", "живое"), ("nature", "living")),
    "brain": (("мозг", "мышление"), ("brain", "mind")),
    "design": (("дизайн", "рисовать", "придумывать"), ("design", "draw", "invent")),
    "energy": (("энергия", "электричество"), ("energy", "electricity")),
    "light": (("свет", "оптика"), ("light", "optics")),
    "vehicles": (("машины", "транспорт"), ("cars", "vehicles")),
    "virtual": (("виртуальный", "игры"), ("virtual", "games")),
    "maps": (("карты", "география"), ("maps", "geography")),
    "micro": (("микромир", "атомы", "микроскоп"), ("micro", "atoms", "microscope")),
    "science": (("наука", "опыты", "эксперименты", "исследования"),
                ("science", "experiments", "research")),
}

# verbs that say what a person does with anything at all: alone they never pick a quantum
# («люблю собирать пазлы»), with an object they add to it («собирать роботов»)
GENERIC_VERBS = wordset("""
собирать собираю собирает собираешь собираем собирают собирал собирала собрать соберу
соберет собрал собрала сборку делать делаю делает делаешь делаем делают делал делала
сделать сделаю сделает сделал сделала мастерить мастерю мастерит мастерил мастерила
разбирать разбираю разбирает разбирал разобрать разберу создавать создаю создает создаем
создать создам создал создала придумывать придумываю придумывает придумать придумал
придумала строить строю строит построить построю конструировать
build builds building built make makes making made create creates creating created do
""")

# the premises, not a subject: «у вас есть парковка для машин» is not about cars; a text
# about them goes to the staff
PREMISES = wordset("""
парковка парковки парковку парковкой парковаться припарковаться стоянка стоянки гардероб
гардеробе туалет туалеты столовая столовой буфет буфете кафе раздевалка раздевалке
parking cloakroom toilet toilets canteen cafe cafeteria
""")

# what a person asks when they want a choice made for them («что посоветуете», «куда отдать»)
ADVICE = wordset("""
посоветуете посоветуйте посоветуй посоветовать посоветовали совет советуете подойдет
подойдут подходит подходят подойти подобрать выбрать выбор выбираем отдать отдавать
записать заниматься
recommend recommendation recommendations suggest suggestion advise advice good suit suits
suitable fit choose pick
""")

# words a greeting or thanks is made of: an FAQ phrasing of these only («привет», «thank you»)
# is matched by the whole text, never by a word of it
SMALL_TALK = wordset("""
привет приветик приветствую здравствуйте здравствуй здрасте здрасьте добрый доброе доброго
день утро вечер дела спасибо спс спасиб благодарю большое огромное пасибо ок окей ку хай
хеллоу салют дня помощь ответ понятно ясно хорошо ладно понял поняла
hi hello hey hiya good morning afternoon evening thanks thank ok okay yo greetings got
understood help great
""")
# who a greeting may be addressed to, left out when a whole text is compared («привет, бот»)
ADDRESSING = wordset("""
бот ботик кванториум технопарк всем ребята друзья bot kvantorium technopark there all
everyone guys folks
""")
# how a person says their name after a greeting («привет, я Саша», «hi, I'm Tom»)
INTRODUCING = (("меня", "зовут"), ("my", "name", "is"), ("i", "am"), ("i", "m"), ("я",),
               ("i",), ("это",), ("this", "is"))
