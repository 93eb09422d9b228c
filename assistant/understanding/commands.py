"""Global commands (help, back, undo, skip, why, summary, change, restart, quit) with forgiving
spelling. A command is a whole short message or a clear imperative: "does exercise help" is a
question and "I quit smoking" an answer, never commands."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType

from rapidfuzz import fuzz
from rapidfuzz.distance import DamerauLevenshtein

from assistant.understanding.numbers import clean
from assistant.understanding.wordlists import alternation

COMMAND_NAMES = ("help", "back", "undo", "skip", "why", "summary", "change", "restart", "quit")


@dataclass(frozen=True)
class Command:
    name: str  # one of COMMAND_NAMES
    argument: str | None = None  # "change": the rest of the message, e.g. "hip t-score was -2.2"
    target: str | None = None  # "change": the fact named, a key of FACT_NAMES


_PHRASES: dict[str, tuple[str, ...]] = {
    "help": ("help", "help me", "i need help", "need help", "what can i say", "what can i type",
             "what can i do", "commands", "show commands", "menu", "instructions", "show help",
             "get help", "how does this work", "help please", "sos", "h"),
    "back": ("back", "go back", "previous", "previous question", "last question", "back up",
             "step back", "go back one", "back one", "go to the previous question", "prev"),
    "undo": ("undo", "undo that", "undo last", "undo last answer", "undo my last answer",
             "take that back", "scratch that", "cancel that", "undo it"),
    "skip": ("skip", "pass", "skip this", "skip it", "skip that", "skip question",
             "skip this question", "skip this one", "next question", "rather not say",
             "prefer not to say", "i'd rather not say", "i'd rather not answer", "i'll skip",
             "move on", "skip for now", "leave it blank", "next", "pass on this", "skip please"),
    "why": ("why", "why do you ask", "why do you need this", "why do you need to know",
            "why do you need that", "why does that matter", "why does it matter", "why is that needed",
            "why are you asking", "why that question", "why this question", "why do you want to know",
            "why is this important", "why is that important", "what's this for", "what is this for",
            "what's that for", "what is that for", "why ask", "why that", "why this", "how come"),
    "summary": ("summary", "show summary", "show me the summary", "what do you have",
                "what have you got", "what do you have so far", "show my answers", "my answers",
                "show my facts", "what have i told you", "recap", "show me what you have",
                "what have i said", "review my answers", "summarise", "summarize", "so far"),
    "restart": ("restart", "start over", "start again", "begin again", "reset", "from the beginning",
                "start from scratch", "start from the beginning", "new conversation", "start afresh",
                "restart the conversation", "start all over", "start all over again"),
    "quit": ("quit", "exit", "bye", "goodbye", "good bye", "bye bye", "stop", "q", "end", "i'm done",
             "im done", "that's all", "thats all", "i want to stop", "stop now", "finish",
             "log off", "leave", "close", "end conversation", "stop the conversation", "quit now",
             "i have to go", "i need to go", "gotta go", "see you", "later"),
}
_LOOKUP = {phrase: name for name, phrases in _PHRASES.items() for phrase in phrases}
# Fuzzy matching is only for the command words themselves, and never for words that are real
# answers or common words a typo away from a command ("summer", "edit", "quiet").
_FUZZY_WORDS = ("help", "back", "undo", "skip", "summary", "restart", "quit", "exit", "previous")
_NOT_COMMANDS = frozenset({"edit", "hello", "hell", "held", "hemp", "bake", "lack", "pack", "sack",
                           "hack", "rack", "jack", "bach", "quite", "quiet", "suit", "quiz", "skin",
                           "ship", "slip", "skid", "exist", "exits", "summer", "summit", "helps",
                           "kelp", "yelp", "undo's", "onto", "into", "ski", "kip", "bask", "backs",
                           "restate", "rest", "start", "star", "hip", "heap", "heel"})

_POLITE_START = re.compile(
    r"^(?:(?:ok(?:ay)?|please|pls|plz|can we|can you|could we|could you|can i|could i|may i|let's|lets|"
    r"let us|let me|i want to|i'd like to|i would like to|i wanna|just|now|so|um+|er+|hey|hi)\s+)+")
_POLITE_END = re.compile(r"(?:\s+(?:please|pls|plz|now|thanks|thank you|then|thx|for now|again))+$")

FACT_NAMES: Mapping[str, tuple[str, ...]] = MappingProxyType({
    "age": ("age", "how old", "my age", "years old", "birthday", "date of birth"),
    "sex": ("sex", "gender", "male", "female"),
    "menopausal_status": ("menopause", "menopausal", "menopausal status", "periods", "postmenopausal",
                          "premenopausal", "perimenopausal"),
    "indication": ("indication", "reason for anastrozole", "breast cancer", "trt", "testosterone",
                   "why i take anastrozole", "cancer"),
    "anastrozole_start": ("anastrozole start", "start date", "started anastrozole", "anastrozole",
                          "arimidex", "when i started", "start of anastrozole", "starting date"),
    "prior_fragility_fracture": ("fracture", "fractures", "broken bone", "broken bones", "broke",
                                 "fragility fracture", "prior fracture"),
    "family_history_osteoporosis": ("family history", "family", "mother", "father", "parent",
                                    "parents", "mum", "mom", "dad"),
    "smoker": ("smoker", "smoking", "smoke", "cigarettes", "cigarette", "tobacco"),
    "alcohol_units_per_week": ("alcohol", "drinking", "drinks", "units", "alcohol units", "wine",
                               "beer"),
    "weight_bearing_exercise": ("exercise", "walking", "weight-bearing", "weight bearing", "activity"),
    "dietary_calcium_adequate": ("diet", "dietary calcium", "dairy", "calcium in my diet",
                                 "calcium intake", "food"),
    "calcium_supplement": ("calcium supplement", "calcium supplements", "calcium tablets",
                           "calcium pills", "adcal", "calcichew"),
    "vitamin_d_supplement": ("vitamin d supplement", "vitamin d supplements", "vitamin d tablets",
                             "vit d supplement", "vitamin d pills"),
    "glucocorticoids": ("steroids", "steroid", "prednisolone", "prednisone", "glucocorticoids",
                        "cortisone", "dexamethasone"),
    "bone_medication": ("bone medication", "bone medicine", "bone drug", "bisphosphonate",
                        "alendronate", "fosamax", "denosumab", "prolia", "teriparatide", "forteo",
                        "romosozumab", "evenity", "zoledronic acid", "risedronate"),
    "egfr": ("egfr", "kidney", "kidneys", "renal", "kidney function", "gfr"),
    "dexa": ("dexa", "dxa", "scan", "bone scan", "bone density", "t-score", "t score", "z-score",
             "z score", "bmd", "spine", "hip", "femoral neck", "neck", "forearm", "lumbar spine",
             "total hip", "density"),
    "vitamin_d": ("vitamin d", "vit d", "25-oh d", "vitamin d level", "d level", "vitd"),
    "calcium": ("calcium", "calcium level", "serum calcium", "ca"),
    "pth": ("pth", "parathyroid hormone", "parathyroid"),
    "p1np": ("p1np", "pinp"),
    "ctx": ("ctx", "c-telopeptide"),
    "bsap": ("bsap", "bone alkaline phosphatase"),
    "ntx": ("ntx",),
})
_TARGET_LOOKUP = {syn: fact for fact, syns in FACT_NAMES.items() for syn in syns}
_TARGET_PATTERN = re.compile(r"(?<![\w-])(?:" + alternation(_TARGET_LOOKUP) + r")(?![\w-])")

_CHANGE_WORDS = ("change", "correct", "update", "fix", "edit", "amend", "modify", "alter")
_CHANGE = re.compile(r"^(?:i (?:want|need|would like|'d like) to |i wanna |can i |could i |let me |"
                     r"please |i'd like to )?(?P<verb>\w+)\b\s*(?P<rest>.*)$")
_CORRECTION = re.compile(r"^(?:actually|oops|sorry|wait|correction|no wait|oh wait|my mistake|"
                         r"i meant|i made a mistake)\b[,:;!.\s-]*(?P<rest>.+)$")
_WRONG = re.compile(r"^(?:my |the )?(?P<rest>.+?) (?:is|was|are|were) (?:wrong|incorrect|not right)$")


def _norm(text: str) -> str:
    text = clean(text)
    text = re.sub(r"[^\w\s'/.,-]|(?<!\d)[.,]|[.,](?!\d)", " ", text)
    return re.sub(r"\s+", " ", text).strip()


def find_target(text: str) -> str | None:
    """The fact a correction is about: the longest fact synonym named in `text`."""
    if re.match(r"(?:i am|i'm|im) \d", text):
        return "age"
    found = [m[0] for m in _TARGET_PATTERN.finditer(text)]
    return _TARGET_LOOKUP[max(found, key=len)] if found else None


def _strip_owner(rest: str) -> str:
    rest = _POLITE_END.sub("", rest.strip())
    return re.sub(r"^(?:my|the|our|her|his|your)\s+", "", rest).strip()


def _change(norm: str) -> Command | None:
    m = _CHANGE.match(norm)
    if m:
        verb = m["verb"]
        if verb in _CHANGE_WORDS or (len(verb) >= 5 and any(
                DamerauLevenshtein.distance(verb, w) <= 1 for w in ("change", "correct", "update"))):
            rest = _strip_owner(m["rest"]) or None
            return Command("change", rest, find_target(rest) if rest else None)
    m = _CORRECTION.match(norm) or _WRONG.match(norm)
    if m:
        rest = _strip_owner(m["rest"])
        target = find_target(rest)
        if target is not None:
            return Command("change", rest, target)
    return None


def _fuzzy(norm: str) -> str | None:
    words = norm.split()
    if len(words) == 1 and norm not in _NOT_COMMANDS and len(norm) >= 3:
        for word in _FUZZY_WORDS:
            allowed = 2 if len(word) >= 7 else 1
            if abs(len(word) - len(norm)) <= allowed and \
                    DamerauLevenshtein.distance(norm, word) <= allowed:
                return _LOOKUP.get(word, "back" if word == "previous" else None)
    if len(norm) >= 8:
        for phrase, name in _LOOKUP.items():
            if len(phrase) >= 8 and len(phrase.split()) == len(words) and \
                    fuzz.ratio(norm, phrase) >= 88:
                return name
    return None


def detect_command(text: str) -> Command | None:
    """The global command `text` is, or None when it is an answer or a question."""
    norm = _norm(text)
    if not norm or len(norm) > 80:
        return None
    bare = _POLITE_END.sub("", _POLITE_START.sub("", norm)).strip()
    for candidate in (norm, bare):
        if candidate in _LOOKUP:
            return Command(_LOOKUP[candidate])
    change = _change(norm)
    if change is not None:
        return change
    name = _fuzzy(bare)
    return Command(name) if name else None
