"""Actor mentions: names with their titles, countries and organisations, descriptions, pronouns,
reporters. One canonical name per person in an article (the fullest form seen)."""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from pipeline.extraction.lexicon import Lexicon, fold, phrase_key

_WORD_BEFORE = re.compile(r"(\w+) $")
_PRIORITY = {"person": 0, "reporter": 1, "description": 2, "country": 3, "org": 3, "pronoun": 4}


@dataclass(frozen=True)
class Mention:
    """A span that can name an actor. Persons, countries and organisations carry their canonical
    `actor`; descriptions carry `roles` (and a `country` such as "Hungary" in "the Hungarian
    prime minister"); pronouns carry their type in `roles` and their `gender`."""

    start: int
    end: int
    kind: str                      # person | country | org | description | pronoun | reporter
    actor: str = ""
    roles: tuple[str, ...] = ()
    country: str = ""
    gender: str = ""


@dataclass(frozen=True)
class Binding:
    """A role seen attached to a person ("NATO Secretary General Mark Rutte")."""

    pos: int
    role: str
    country: str
    actor: str


@dataclass
class _Token:
    start: int
    end: int
    text: str
    possessive: bool = False


@dataclass
class _Name:
    """A parsed capitalised run: titles stripped off, the name left."""

    start: int
    end: int
    name: list[str]
    roles: tuple[str, ...]
    country: str
    gender: str
    titled: bool
    reporter: bool


@dataclass
class MentionTable:
    """Every mention of an article, sorted and non-overlapping, with role bindings and genders."""

    mentions: list[Mention]
    bindings: list[Binding]
    genders: dict[str, str]
    weak: dict[int, Mention] = field(default_factory=dict)   # lone unknown names, by end offset
    _by_end: dict[int, Mention] = field(default_factory=dict)
    _by_start: dict[int, Mention] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self._index()

    def _index(self) -> None:
        self._by_end = {m.end: m for m in self.mentions}
        self._by_start = {m.start: m for m in self.mentions}

    def ending_at(self, pos: int) -> Mention | None:
        """The mention that ends exactly at `pos`."""
        return self._by_end.get(pos)

    def starting_at(self, pos: int) -> Mention | None:
        """The mention that starts exactly at `pos`."""
        return self._by_start.get(pos)

    def promote(self, mention: Mention) -> None:
        """Make a lone unknown name a person (it turned out to be the subject of a verb)."""
        self.weak.pop(mention.end, None)
        self.mentions = sorted([*self.mentions, mention], key=lambda m: m.start)
        self._index()


def _tokens(norm: str, lex: Lexicon) -> list[_Token]:
    """Capitalised words, particles and joiners: the only words a name run can contain."""
    tokens = []
    for match in lex.name_tokens.finditer(norm):
        word, start, end = match.group(), match.start(), match.end()
        if not word[0].isupper() and word.lower() not in lex.name_particles and word.lower() not in lex.name_joiners:
            continue
        possessive = len(word) > 2 and word.endswith("'s")
        if possessive:
            word, end = word[:-2], end - 2
        tokens.append(_Token(start, end, word, possessive))
    return tokens


def _runs(norm: str, lex: Lexicon) -> list[list[_Token]]:
    """Runs of capitalised words joined by single spaces (and name joiners such as "von der")."""
    single_titles = {t[0] for t in lex.titles if len(t) == 1}
    runs: list[list[_Token]] = []
    current: list[_Token] = []

    def flush() -> None:
        while current and not current[-1].text[0].isupper():
            current.pop()
        if current:
            runs.append(list(current))
        current.clear()

    for token in _tokens(norm, lex):
        if current:
            gap = norm[current[-1].end:token.start]
            initial = len(current[-1].text) == 1 and current[-1].text.isupper()
            joined = gap in (" ", "-") or (gap == ". " and (initial or current[-1].text.lower() + "." in single_titles))
            if joined and gap == ". " and initial:
                current[-1].text += "."
            if not joined or current[-1].possessive:
                flush()
        low = token.text.lower()
        if token.text[0].isupper() or low in lex.name_particles or (current and low in lex.name_joiners):
            current.append(token)
        else:
            flush()
    flush()
    return runs


def _name_like(token: _Token, lex: Lexicon, alias_at: dict[int, tuple[int, str, str]]) -> bool:
    word = token.text
    low = word.lower()
    if low in lex.name_particles and not word[0].isupper():
        return True
    if len(word) == 2 and word[0].isupper() and word[1] == ".":
        return True
    return (word[0].isupper() and any(c.islower() for c in word) and low not in lex.non_name
            and low not in lex.organisation_heads and low not in lex.demonyms and token.start not in alias_at)


def _parse_run(run: list[_Token], lex: Lexicon, alias_at: dict[int, tuple[int, str, str]]) -> _Name | None:
    """Strip titles, countries and sentence words off the front of a run; the rest is a name."""
    i, roles, country, gender, titled, reporter, first = 0, (), "", "", False, False, -1
    while i < len(run):
        token = run[i]
        hit = alias_at.get(token.start)
        if hit:
            j = i
            while j < len(run) and run[j].end <= hit[0]:
                j += 1
            if j > i:
                country, first, i = hit[1], first if first >= 0 else token.start, j
                continue
        for size in range(min(lex.max_title_tokens, len(run) - i), 0, -1):
            key = tuple(t.text.lower() for t in run[i:i + size])
            if key in lex.titles:
                roles = lex.titles[key] or roles
                gender = lex.title_gender.get(" ".join(key), gender)
                titled, first, i = True, first if first >= 0 else token.start, i + size
                break
        else:
            low = token.text.lower()
            if low in lex.reporter_nouns:
                reporter, titled, first, i = True, True, first if first >= 0 else token.start, i + 1
            elif low in lex.demonyms:
                country, first, i = lex.demonyms[low], first if first >= 0 else token.start, i + 1
            elif low in lex.name_joiners or low in lex.non_name:
                i += 1
            else:
                break
    name = run[i:]
    while name and not name[0].text[0].isupper() and name[0].text.lower() not in lex.name_particles:
        name = name[1:]
    if not name or not name[-1].text[0].isupper() or not all(_name_like(t, lex, alias_at) for t in name):
        return None
    start = first if first >= 0 else name[0].start
    return _Name(start, name[-1].end, [t.text for t in name], roles, country, gender, titled, reporter)


def _canonical_people(names: list[_Name], lex: Lexicon) -> tuple[dict[int, str], dict[str, str]]:
    """Canonical name per parsed run (keyed by start) and gender per canonical name. A name is
    folded into the fullest name of the article that contains all its words ("Rutte", "de Vries"
    -> "Mark Rutte", "Eva de Vries"); the gazetteer merges spelling variants."""
    def known(words: list[str]) -> str:
        hit = lex.people.get(fold(" ".join(words)))
        return hit[0] if hit else " ".join(words)

    full = sorted((n.name for n in names if len(n.name) >= 2), key=len, reverse=True)
    canon: dict[int, str] = {}
    genders: dict[str, str] = {}
    for parsed in names:
        words = {fold(w) for w in parsed.name}
        fuller = next((f for f in full if fold(f[-1]) == fold(parsed.name[-1]) and words <= {fold(w) for w in f}),
                      None)
        if fuller:
            canonical = known(fuller)
        elif fold(parsed.name[-1]) in lex.people_surnames:
            canonical = lex.people_surnames[fold(parsed.name[-1])][0]
        elif parsed.titled or len(parsed.name) >= 2:
            canonical = known(parsed.name)
        else:
            continue
        canon[parsed.start] = canonical
        listed = lex.people.get(fold(canonical))
        gender = (listed[1] if listed else "") or parsed.gender or lex.name_gender(canonical.split())
        if gender and not genders.get(canonical):
            genders[canonical] = gender
    return canon, genders


def _place(lex: Lexicon, word: str | None) -> str:
    """Country or organisation named by an alias or a demonym."""
    if not word:
        return ""
    hit = lex.alias_actor.get(word) or lex.alias_lower.get(word.lower())
    return hit[0] if hit else lex.demonyms.get(word.lower(), "")


def _select(candidates: list[Mention], taken: bytearray) -> list[Mention]:
    """Keep the highest-priority, longest mentions where candidates overlap; mark them in `taken`."""
    kept = []
    for mention in sorted(candidates, key=lambda m: (_PRIORITY[m.kind], m.start - m.end, m.start)):
        if mention.end > mention.start and not any(taken[mention.start:mention.end]):
            taken[mention.start:mention.end] = b"\x01" * (mention.end - mention.start)
            kept.append(mention)
    return sorted(kept, key=lambda m: m.start)


def _with_article(norm: str, start: int, lex: Lexicon) -> int:
    """Start of a mention including a preceding article ("the U.S.")."""
    match = _WORD_BEFORE.search(norm, max(0, start - 16), start)
    return match.start() if match and match.end() == start and match.group(1).lower() in lex.articles else start


def _appositive_bindings(norm: str, mentions: list[Mention]) -> list[Binding]:
    """ "Mark Rutte, the NATO chief," and "the NATO chief, Mark Rutte," bind the role too."""
    bindings = []
    for left, right in zip(mentions, mentions[1:]):
        if norm[left.end:right.start] != ", ":
            continue
        person, description = (left, right) if left.kind == "person" else (right, left)
        if person.kind == "person" and description.kind == "description":
            bindings += [Binding(description.start, role, description.country, person.actor)
                         for role in description.roles]
    return bindings


def find_mentions(norm: str, lex: Lexicon) -> MentionTable:
    """Every actor mention of the normalised text."""
    alias_at: dict[int, tuple[int, str, str]] = {}
    candidates: list[Mention] = []
    for match in lex.aliases.finditer(norm):
        canonical, kind = lex.alias_actor[match.group()]
        alias_at[match.start()] = (match.end(), canonical, kind)
        candidates.append(Mention(_with_article(norm, match.start(), lex), match.end(), kind, canonical))
    for match in lex.government.finditer(norm):
        country = _place(lex, match.group("dem") or match.group("poss"))
        if country:
            candidates.append(Mention(match.start(), match.end(), "country", country))
    names = [n for n in (_parse_run(run, lex, alias_at) for run in _runs(norm, lex)) if n]
    canon, genders = _canonical_people(names, lex)
    weak: dict[int, Mention] = {}
    for parsed in names:
        if parsed.reporter:
            candidates.append(Mention(parsed.start, parsed.end, "reporter"))
        elif parsed.start in canon:
            candidates.append(Mention(parsed.start, parsed.end, "person", canon[parsed.start], parsed.roles,
                                      parsed.country, genders.get(canon[parsed.start], "")))
        else:
            weak[parsed.end] = Mention(parsed.start, parsed.end, "person", parsed.name[0],
                                       gender=lex.name_gender(parsed.name))
    for match in lex.reporters.finditer(norm):
        candidates.append(Mention(match.start(), match.end(), "reporter"))
    for match in lex.descriptions.finditer(norm):
        role = phrase_key(match.group("role"))
        roles = lex.description_roles.get(role, ())
        country = _place(lex, match.group("place") or match.group("owner") or match.group("of"))
        candidates.append(Mention(match.start(), match.end(), "description", roles=roles, country=country,
                                  gender=lex.title_gender.get(role, "")))
    for match in lex.pronoun_words.finditer(norm):
        kind, gender = lex.pronouns.get(match.group().lower(), ("", ""))
        if kind:
            candidates.append(Mention(match.start(), match.end(), "pronoun", roles=(kind,), gender=gender))
    taken = bytearray(len(norm) + 1)
    mentions = _select(candidates, taken)
    bindings = [Binding(m.start, role, m.country, m.actor) for m in mentions if m.kind == "person" for role in m.roles]
    bindings += _appositive_bindings(norm, mentions)
    bindings.sort(key=lambda b: b.pos)
    weak = {end: w for end, w in weak.items() if not any(taken[w.start:w.end])}
    return MentionTable(mentions, bindings, genders, weak)

