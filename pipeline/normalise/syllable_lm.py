"""Vietnamese syllables and the syllable n-gram language model of the restorer.

The model is a trigram model with stupid backoff over lower-case syllables with
full diacritics ("quyết", "định"), plus a few class tokens: ``<s>`` (line start
or sentence punctuation), ``<num>`` (a number), ``<unk>`` (an acronym or a
foreign word: "UBND", "TTg"), ``,`` and ``<p>`` (any other punctuation).
``scripts/train_restorer.py`` builds it; it ships as ``pipeline/models/restorer.npz``
and is loaded once per process (:func:`load_model`).

Training and restoration cut text into LM tokens the same way
(:func:`lm_tokens`), so the context the model saw is the context it gets.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np

from pipeline.normalise.fold import fold
from pipeline.normalise.lattice import NgramIndex
from pipeline.normalise.unicode import place_tone

MODEL_PATH = Path(__file__).resolve().parent.parent / "models" / "restorer.npz"

BOUNDARY, NUM, UNK, COMMA, PUNCT = "<s>", "<num>", "<unk>", ",", "<p>"
SPECIALS = (BOUNDARY, NUM, UNK, COMMA, PUNCT)
BACKOFF = float(np.log10(0.4))
MIN_SHARE = 0.001  # candidates rarer than this share of their folded spelling are dropped

_ONSET = "(?:ngh|ng|nh|ch|gh|gi|kh|ph|th|tr|qu|b|c|d|g|h|k|l|m|n|p|r|s|t|v|x)?"
# every rime of Vietnamese spelling, folded (ă/â/a → a, ê/e → e, ô/ơ/o → o, ư/u → u)
_RIMES = (
    "a ac ach ai am an ang anh ao ap at au ay "
    "e ec ech em en eng enh eo ep et eu "
    "i ia ich iec iem ien ieng iep iet ieu im in inh ip it iu "
    "o oa oac oach oai oam oan oang oanh oao oap oat oay oc oe oen oeo oet oi om on ong "
    "ooc oong op ot "
    "u ua uan uang uanh uat uay uc ue uech uen uenh uet ui um un ung uo uoc uoi uom uon "
    "uong uop uot uou up ut uu uy uya uych uyen uyet uynh uyt uyu "
    "y yen yet yeu"
).split()
_SYLLABLE = re.compile(f"^{_ONSET}(?:{'|'.join(sorted(_RIMES, key=len, reverse=True))})$")
_STOP_CODA = re.compile("(?:c|ch|p|t)$")
_TONE_MARKS = {"\u0300": "grave", "\u0309": "hook", "\u0303": "tilde",
               "\u0301": "acute", "\u0323": "dot"}
_LM_TOKEN = re.compile(r"[^\W\d_]+|\d+|[^\w\s]")
_SENTENCE_PUNCT = set(".;:!?…")


def is_syllable_shape(folded: str) -> bool:
    """True if a folded word is spelled like a Vietnamese syllable: "nghieng", not "ttg"."""
    return len(folded) <= 7 and bool(_SYLLABLE.match(folded))


def is_valid_syllable(word: str) -> bool:
    """A lower-case syllable with a possible tone: "học" yes, "hòc" no (a stop takes ´ or .)."""
    folded = fold(word)
    if not word.isalpha() or not is_syllable_shape(folded):
        return False
    marks = [c for c in unicodedata.normalize("NFD", word) if c in _TONE_MARKS]
    if len(marks) > 1:
        return False
    if marks and _STOP_CODA.search(folded) and _TONE_MARKS[marks[0]] not in ("acute", "dot"):
        return False
    return True


def syllable_key(word: str) -> str:
    """The LM spelling of a word: lower case, house tone placement ("Hoá" → "hóa")."""
    low = word.lower()
    return place_tone(low) if len(low) <= 5 else low


def lm_tokens(text: str) -> list[str]:
    """Training tokens of one line: syllables (lower case), numbers and punctuation classes.

    ``lm_tokens("Số: 90/QĐ-TTg")`` is ``["số", "<s>", "<num>", "<p>", "qđ", "<p>", "ttg"]``;
    the model maps words it does not know to ``<unk>``.
    """
    out: list[str] = []
    for token in _LM_TOKEN.findall(text):
        out.append(token_class(token))
    return out


@lru_cache(maxsize=65536)
def token_class(token: str) -> str:
    """The LM token for one regex token: a syllable key, or a class token."""
    first = token[0]
    if first.isdigit():
        return NUM
    if first.isalpha():
        return syllable_key(token)
    if first == ",":
        return COMMA
    if first in _SENTENCE_PUNCT:
        return BOUNDARY
    return PUNCT


@dataclass
class SyllableLM:
    """Vocabulary, unigram scores, the folded index and the n-gram tables."""

    vocab: list[str]
    ids: dict[str, int]
    unigram: np.ndarray  # float32 log10 p(w)
    by_folded: dict[str, list[int]]  # folded syllable -> candidate ids, most frequent first
    ngrams: NgramIndex  # bigram and trigram tables, searched by the compiled Viterbi

    @property
    def size(self) -> int:
        return len(self.vocab)

    def token_id(self, token: str) -> int:
        """Id of an LM token; unknown words become ``<unk>``."""
        return self.ids.get(token, self.ids[UNK])

    def candidates(self, folded: str) -> list[int]:
        """Accented syllables that fold to ``folded``: ``"dang"`` → đang, đảng, đăng, …"""
        return self.by_folded.get(folded, [])


@lru_cache(maxsize=1)
def load_model(path: str | None = None) -> SyllableLM:
    """Load the shipped model once per process."""
    data = np.load(path or MODEL_PATH, allow_pickle=False)
    vocab = bytes(data["vocab"]).decode("utf-8").split("\n")
    ids = {w: i for i, w in enumerate(vocab)}
    unigram = data["unigram"].astype(np.float32)
    by_folded: dict[str, list[int]] = {}
    order = np.argsort(-unigram, kind="stable")
    for i in order.tolist():
        word = vocab[i]
        if word in SPECIALS:
            continue
        by_folded.setdefault(fold(word), []).append(i)
    probs = np.power(10.0, unigram.astype(np.float64))
    for key, group in by_folded.items():
        floor = MIN_SHARE * probs[group].sum()
        by_folded[key] = [i for i in group if probs[i] >= floor]
    return SyllableLM(
        vocab=vocab, ids=ids, unigram=unigram,
        by_folded=by_folded,
        ngrams=NgramIndex.build(
            len(vocab), unigram, data["bigram_keys"].astype(np.int64), data["bigram_scores"],
            data["trigram_history"].astype(np.int64), data["trigram_next"],
            data["trigram_scores"], BACKOFF),
    )
