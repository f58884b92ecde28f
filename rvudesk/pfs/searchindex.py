"""Typo-tolerant, as-you-type search over CPT, HCPCS and ICD-10-CM entries, held in memory.

Pure Python (no Django): the web layer builds one SearchIndex from Entry values and calls search().

How a query is answered:

* A single code-like token ("47562", "g0439", "k8020", "K80.20", "4756") is looked up in the
  sorted code list: the exact code (dots ignored; the code as typed before its dot-less twin,
  so "g0439" is HCPCS G0439 before ICD-10-CM G04.39), then the codes starting with it in code
  order. Only when no code matches is the query read as words.
* Otherwise the query becomes terms: lower case, punctuation and stopwords dropped, plurals
  folded ("tubes" -> "tube"). A term matches its own vocabulary word, a few lay-to-clinical
  alternates ("stone" -> "calculus"), the completions of the last word while it is being typed
  ("knee repl"), and, when it matches no word or completion, the words one or two edits away
  found through a SymSpell-style deletion index ("apendectomy" -> "appendectomy").
* Each text of an entry has a weight (the descriptor 1.0, Entry.texts their own), raised a little
  for texts of four words or fewer (BREVITY). A word's posting list is split into tiers by the
  best weight the word has in each entry. A term scores
  match quality (exact 1, alternate, prefix and typo lower) x tier weight x a rarity factor, an
  entry scores the sum over the terms, and an inactive entry's score is scaled down.
* Ranking: entries with a weighty text (1.0 or more) made of exactly the query's words come first;
  then entries matching every term, taken tier combination by tier combination, best first,
  stopping when no remaining combination can beat the current top `limit`; then, when those are
  too few, entries matching some of the terms, by score. Ties keep the static order fixed at
  build time: active first, shorter descriptor, then code.
"""

from __future__ import annotations

import heapq
import math
import re
from bisect import bisect_left
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from itertools import islice, product

STOPWORDS = frozenset({
    "a", "an", "and", "are", "as", "at", "be", "by", "for", "from", "in", "into", "is", "it", "its", "o", "of", "on",
    "or", "per", "than", "that", "the", "this", "to", "under", "via", "w", "wo", "with", "without",
})
BREVITY = {1: 1.2, 2: 1.1, 3: 1.05, 4: 1.05}  # a word in a short text says more: weight x this by word count
EXACT, ALTERNATE, PREFIX, TYPO1, TYPO2, TYPO_PREFIX = 1.0, 0.85, 0.9, 0.75, 0.6, 0.55  # term match quality
INACTIVE = 0.7  # an inactive entry's score is scaled by this: it sorts below active ones matching as well
MAX_QUERY = 200  # characters of a query that are read
MAX_TERMS = 8  # terms of a query that are used
MAX_COMPLETIONS = 40  # most frequent completions of a last-word prefix
MAX_TYPOS = 6  # closest typo candidates of a term
MAX_COMBINATIONS = 400  # tier combinations tried before the search settles for what it has
MAX_BROAD_COMBINATIONS = 40  # the same when even the rarest term matches more than RESTRICT_MAX entries
RESTRICT_MAX = 5000  # candidate sets up to this size are computed up front
PARTIAL_POOL = 3000  # entries scored one by one when not every term can be matched
MAX_PHRASE_WORDS = 8  # texts with more words are not looked up whole
MAX_PHRASE_KEYS = 64  # word choices tried when looking the query up whole
DELETE_PREFIX = 8  # the deletion index looks at a word's first letters only (SymSpell's prefix)

_TOKEN = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
_CODE = re.compile(r"[a-z0-9]{1,7}(?:\.[a-z0-9]{0,4})?")  # a code as typed; it must also hold a digit


@dataclass(frozen=True, slots=True)
class Entry:
    """A searchable code: what to show, where it links, and its weighted search texts."""

    kind: str  # "cpt" | "hcpcs" | "icd10"
    code: str  # "47562", "G0439", "K80.20"
    descriptor: str  # what to show (CMS short descriptor or ICD description)
    url: str  # "/cpt/47562" or "/icd10/K80.20"
    active: bool = True
    texts: tuple[tuple[str, float], ...] = ()  # other searchable texts with a weight


Tier = tuple[float, frozenset[int]]  # (score of the entries in it, entry ids)


@dataclass(frozen=True, slots=True)
class _Term:
    """One query word as matched: the vocabulary words it stands for and their tiers, best first."""

    size: int  # entries it can match (an upper bound)
    words: tuple[str, ...]
    tiers: tuple[Tier, ...]


def fold(word: str) -> str:
    """A word with simple plural endings folded ("removals" -> "removal", "biopsies" -> "biopsy")."""
    if len(word) <= 3 or not word.isalpha():
        return word
    if word.endswith("ies"):
        return word[:-3] + "y"
    if word.endswith(("sses", "shes", "ches", "xes", "uses")) and not word.endswith("aches"):
        return word[:-2]
    if word.endswith("ae"):
        return word[:-1]
    if word.endswith("s") and not word.endswith(("ss", "us", "is")):
        return word[:-1]
    return word


def words(text: str) -> list[str]:
    """The folded words of a text, stopwords kept; a hyphenated word also yields its parts ("x-ray")."""
    out: list[str] = []
    for token in _TOKEN.findall(text.lower().replace("'", "")):
        if "-" in token:
            out.extend(fold(part) for part in token.split("-"))
            token = token.replace("-", "")
        out.append(fold(token))
    return out


def phrase_key(text_words: Iterable[str]) -> str:
    """A text's words as compared whole: stopwords dropped, order and repeats ignored."""
    return " ".join(sorted({w for w in text_words if w not in STOPWORDS}))


def code_key(code: str) -> str:
    """A code as compared by search: upper case, dots dropped ("k80.20" -> "K8020")."""
    return code.strip().upper().replace(".", "")


def distance(a: str, b: str, limit: int) -> int:
    """Optimal-string-alignment edit distance of a and b, or limit + 1 when it exceeds limit."""
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    previous2: list[int] = []
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        row = [i] + [0] * len(b)
        for j, cb in enumerate(b, 1):
            row[j] = min(previous[j] + 1, row[j - 1] + 1, previous[j - 1] + (ca != cb))
            if i > 1 and j > 1 and ca == b[j - 2] and a[i - 2] == cb:
                row[j] = min(row[j], previous2[j - 2] + 1)
        if min(row) > limit:
            return limit + 1
        previous2, previous = previous, row
    return min(previous[-1], limit + 1)


def _deletions(word: str, depth: int) -> set[str]:
    """The word and every string made from it by deleting up to `depth` letters."""
    out, frontier = {word}, {word}
    for _ in range(depth):
        frontier = {w[:i] + w[i + 1:] for w in frontier for i in range(len(w)) if len(w) > 1}
        out |= frontier
    return out


def _edits_allowed(word: str) -> int:
    """Typos tolerated in a query word: none up to 3 letters, one up to 7, two beyond."""
    return 0 if len(word) <= 3 else 1 if len(word) <= 7 else 2


class SearchIndex:
    """An in-memory index of entries; build once, then call search() from any thread."""

    def __init__(self, entries: Iterable[Entry], alternates: Mapping[str, Sequence[str]] | None = None) -> None:
        """alternates: a lay word -> the clinical words also looked up for it ("stone" -> "calculus")."""
        self._alternates = {fold(k.lower()): tuple(fold(w.lower()) for w in v) for k, v in (alternates or {}).items()}
        ranked = sorted(entries, key=lambda e: (not e.active, len(words(e.descriptor)), len(e.descriptor), e.code))
        self._entries = ranked
        self._active = sum(e.active for e in ranked)  # ids below this are the active entries
        self._postings: dict[str, tuple[Tier, ...]] = {}
        self._phrases: dict[str, tuple[int, ...]] = {}
        self._index_texts(ranked)
        self._vocabulary = sorted(self._postings)
        self._df = [sum(len(ids) for _, ids in self._postings[w]) for w in self._vocabulary]
        self._word_ids = {w: i for i, w in enumerate(self._vocabulary)}
        self._deletes = self._build_deletes(self._vocabulary)
        keyed = sorted((code_key(e.code), i) for i, e in enumerate(ranked))
        self._code_keys = [k for k, _ in keyed]
        self._code_ids = [i for _, i in keyed]

    def __len__(self) -> int:
        return len(self._entries)

    def _index_texts(self, entries: list[Entry]) -> None:
        """Fill the postings (word -> tiers by best weight) and the whole-text phrases."""
        by_weight: dict[str, dict[float, list[int]]] = {}
        phrases: dict[str, list[tuple[float, int]]] = {}
        for i, entry in enumerate(entries):
            best: dict[str, float] = {}
            for text, weight in ((entry.descriptor, 1.0), *entry.texts):
                text_words = [w for w in words(text) if w not in STOPWORDS]
                brief = weight * BREVITY.get(len(text_words), 1.0)
                for word in text_words:
                    if brief > best.get(word, 0.0):
                        best[word] = brief
                if weight >= 1.0 and 0 < len(text_words) <= MAX_PHRASE_WORDS:
                    phrases.setdefault(phrase_key(text_words), []).append((-weight, i))
            for word, weight in best.items():
                by_weight.setdefault(word, {}).setdefault(weight, []).append(i)
        self._postings = {
            word: tuple((w, frozenset(ids)) for w, ids in sorted(tiers.items(), reverse=True))
            for word, tiers in by_weight.items()
        }
        self._phrases = {key: tuple(dict.fromkeys(i for _, i in sorted(hits))) for key, hits in phrases.items()}

    @staticmethod
    def _build_deletes(vocabulary: list[str]) -> dict[str, str]:
        """Deletion key -> the alphabetic words (space separated) that reach it by two deletions or fewer."""
        found: dict[str, list[str]] = {}
        for word in vocabulary:
            if len(word) >= 3 and word.isalpha():
                for key in _deletions(word[:DELETE_PREFIX], 2):
                    found.setdefault(key, []).append(word)
        # One string per key rather than a list: the index holds some 300,000 keys.
        return {key: " ".join(ws) for key, ws in found.items()}

    # --- search ------------------------------------------------------------------------------------

    def search(self, query: str, limit: int = 10) -> list[Entry]:
        """The entries best matching the query, best first (at most `limit`)."""
        query = query[:MAX_QUERY]
        if limit <= 0 or not query.strip():
            return []
        ids = self._code_matches(query, limit) or self._text_matches(query, limit)
        return [self._entries[i] for i in ids]

    def _code_matches(self, query: str, limit: int) -> list[int]:
        """Entries whose code is the query (as typed first, then dots ignored), then codes starting with it."""
        token = query.strip()
        key = code_key(token)
        if not _CODE.fullmatch(token.lower()) or not any(c.isdigit() for c in key):
            return []
        start = end = bisect_left(self._code_keys, key)
        while end < len(self._code_keys) and end - start < limit + 16 and self._code_keys[end].startswith(key):
            end += 1
        pairs = list(zip(self._code_keys[start:end], self._code_ids[start:end], strict=True))
        typed = token.upper()
        exact = sorted((i for k, i in pairs if k == key), key=lambda i: self._entries[i].code.upper() != typed)
        return (exact + [i for k, i in pairs if k != key])[:limit]

    def _text_matches(self, query: str, limit: int) -> list[int]:
        """Entry ids for the query's words: whole-text matches, all terms matched, then some of them."""
        terms = self._terms(query)
        if not terms:
            return []
        whole = (i for i in dict.fromkeys(self._phrase_matches(terms)) if i < self._active)
        found = list(islice(whole, limit))
        taken = set(found)
        found += [i for _, i in self._scored(terms, limit + len(taken)) if i not in taken][:limit - len(found)]
        if len(found) < limit and len(terms) > 1:
            taken |= set(found)
            found += [i for _, i in self._partial(terms, limit + len(taken)) if i not in taken][:limit - len(found)]
        return found

    def _terms(self, query: str) -> list[_Term]:
        """The usable query terms, rarest first, scored with their rarity."""
        tokens = self._query_words(query)
        typing = not query[-1:].isspace()  # the last word may be unfinished
        kept = [(t, typing and n == len(tokens) - 1) for n, t in enumerate(tokens) if t not in STOPWORDS]
        if not kept and tokens and typing:
            kept = [(tokens[-1], True)]  # "o" may be the start of "obesity"
        variants: dict[str, list[tuple[str, float]]] = {}
        for token, is_last in kept:
            if token not in variants and len(variants) < MAX_TERMS:
                variants[token] = self._variants(token, is_last, len(kept) == 1)
        total = max(len(self._entries), 2)
        terms = []
        for choices in variants.values():
            tiers = [(q * weight, ids) for word, q in choices for weight, ids in self._postings[word]]
            size = sum(len(ids) for _, ids in tiers)
            if not size:
                continue
            # Rarer terms count for more: a factor from 1 (in every entry) up to 2 (in one entry).
            rarity = 1.0 + math.log(total / min(size, total)) / math.log(total)
            scored = sorted(((score * rarity, ids) for score, ids in tiers), key=lambda t: -t[0])
            terms.append(_Term(size, tuple(w for w, _ in choices), tuple(scored)))
        return sorted(terms, key=lambda t: t.size)

    def _query_words(self, query: str) -> list[str]:
        """The folded words of a query; a hyphenated word counts once, joined when the index knows it so."""
        out: list[str] = []
        for token in _TOKEN.findall(query.lower().replace("'", "")):
            joined = fold(token.replace("-", ""))
            out.extend([joined] if "-" not in token or joined in self._postings else map(fold, token.split("-")))
        return out

    def _variants(self, token: str, is_last: bool, alone: bool) -> list[tuple[str, float]]:
        """Vocabulary words a query token stands for, with their match quality, best first."""
        out: list[tuple[str, float]] = []
        # A lone letter being typed starts a word; after other words it may be one ("hepatitis c").
        if token in self._postings and not (is_last and alone and len(token) == 1 and token.isalpha()):
            out.append((token, EXACT))
        out += [(w, ALTERNATE) for w in self._alternates.get(token, ()) if w in self._postings]
        if is_last:
            plural = fold(token + "s")  # "biopsie" is on its way to "biopsies", indexed as "biopsy"
            if plural != token and plural in self._postings:
                out.append((plural, PREFIX))
            # Completions covering more of the word rank higher; a hair of frequency order breaks ties.
            out += [
                (w, PREFIX - 0.1 * (1 - len(token) / len(w)) - 1e-4 * n)
                for n, w in enumerate(self._completions(token))
                if w != token
            ]
        return out or self._typos(token, is_last)

    def _completions(self, prefix: str) -> list[str]:
        """The most frequent vocabulary words starting with prefix (at most MAX_COMPLETIONS)."""
        start = bisect_left(self._vocabulary, prefix)
        end = bisect_left(self._vocabulary, prefix + "\uffff", start)
        best = sorted(range(start, end), key=self._df.__getitem__, reverse=True)[:MAX_COMPLETIONS]
        return [self._vocabulary[i] for i in best]

    def _typos(self, token: str, is_last: bool) -> list[tuple[str, float]]:
        """Vocabulary words within the edits allowed for the token (or whose start is, when typing)."""
        allowed = _edits_allowed(token)
        if not allowed or not token.isalpha():
            return []
        candidates: set[str] = set()
        for key in _deletions(token[:DELETE_PREFIX], allowed):
            if key in self._deletes:
                candidates.update(self._deletes[key].split(" "))
        found: list[tuple[int, int, str, float]] = []
        for word in candidates:
            d = distance(token, word, allowed)
            quality = TYPO1 if d == 1 else TYPO2
            if d > allowed and is_last and len(word) > len(token):
                d, quality = distance(token, word[:len(token)], allowed), TYPO_PREFIX
            if d <= allowed:
                found.append((d, -self._df[self._word_ids[word]], word, quality))
        return [(word, quality) for _, _, word, quality in sorted(found)[:MAX_TYPOS]]

    # --- ranking ----------------------------------------------------------------------------------

    def _phrase_matches(self, terms: list[_Term]) -> Iterator[int]:
        """Entries with a text of weight 1 or more made of exactly the query's words (as understood)."""
        choices = [term.words[:8] for term in terms]
        for combination in islice(product(*choices), MAX_PHRASE_KEYS):
            yield from self._phrases.get(phrase_key(combination), ())

    def _scored(self, terms: list[_Term], limit: int) -> list[tuple[float, int]]:
        """(score, id) of the best `limit` entries matching every term, best first."""
        tiers = [list(term.tiers) for term in terms]
        budget = MAX_COMBINATIONS
        if len(terms) > 1 and terms[0].size <= RESTRICT_MAX:
            tiers = self._restrict(tiers)
            if not tiers:
                return []
        elif len(terms) > 1:
            budget = MAX_BROAD_COMBINATIONS  # every term is common: the best combinations fill the page
        pool: list[tuple[float, int]] = []  # (-final score, id)
        taken: set[int] = set()
        start = tuple(0 for _ in tiers)
        heap = [(-sum(t[0][0] for t in tiers), start)]
        queued = {start}
        for _ in range(budget):
            if not heap:
                break
            bound, combo = heapq.heappop(heap)
            if len(pool) >= limit and heapq.nsmallest(limit, pool)[-1][0] < bound:
                break  # nothing left can beat the current top `limit`
            sets = sorted((tiers[t][k][1] for t, k in enumerate(combo)), key=len)
            hits = sets[0].intersection(*sets[1:]) if len(sets) > 1 else sets[0]
            for i in [i for i in heapq.nsmallest(limit + len(taken), hits) if i not in taken][:limit]:
                pool.append((bound if i < self._active else bound * INACTIVE, i))
                taken.add(i)
            for t, k in enumerate(combo):
                if k + 1 < len(tiers[t]) and (nxt := (*combo[:t], k + 1, *combo[t + 1:])) not in queued:
                    queued.add(nxt)
                    heapq.heappush(heap, (bound + tiers[t][k][0] - tiers[t][k + 1][0], nxt))
        return [(-s, i) for s, i in heapq.nsmallest(limit, pool)]

    @staticmethod
    def _restrict(terms: list[list[Tier]]) -> list[list[Tier]]:
        """The terms' tiers cut down to the entries matching every term, equal scores merged."""
        candidates: set[int] = set().union(*(ids for _, ids in terms[0]))  # the rarest term
        for tiers in terms[1:]:
            candidates = set().union(*(candidates.intersection(ids) for _, ids in tiers))
            if not candidates:
                return []
        out: list[list[Tier]] = []
        for tiers in terms:
            merged: dict[float, set[int]] = {}
            for score, ids in tiers:
                if hit := candidates.intersection(ids):
                    merged.setdefault(score, set()).update(hit)
            out.append([(score, frozenset(ids)) for score, ids in sorted(merged.items(), reverse=True)])
        return out

    def _partial(self, terms: list[_Term], limit: int) -> list[tuple[float, int]]:
        """(score, id) of the best `limit` entries matching some of the terms, summed over those they match."""
        rarest = terms[0]
        if rarest.size > PARTIAL_POOL:
            return self._scored([rarest], limit)
        pool: set[int] = set().union(*(ids for _, ids in rarest.tiers))
        for term in terms[1:]:  # the pool holds the entries matching the rarer terms
            if len(pool) + term.size > PARTIAL_POOL:
                break
            pool.update(*(ids for _, ids in term.tiers))
        scores = dict.fromkeys(pool, 0.0)
        for term in terms:
            best: dict[int, float] = {}
            for score, ids in reversed(term.tiers):  # lowest first: each entry keeps its best tier's score
                best.update(dict.fromkeys(pool.intersection(ids), score))
            for i, score in best.items():
                scores[i] += score
        ranked = heapq.nsmallest(limit, [(-s if i < self._active else -s * INACTIVE, i) for i, s in scores.items()])
        return [(-s, i) for s, i in ranked]
