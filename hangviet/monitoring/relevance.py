"""Is a text about the campaign, and which of its content lines does it touch?

The transparent part: a weighted lexicon per topic. A phrase is a sequence of syllables
matched on syllable boundaries ("an" never matches inside "bản"), with diacritics when the
phrase is written with them ("hàng" is not "hang", a cave) and without when it is not, so a
coordinator may type either. The
title counts double, a repeated phrase counts with diminishing returns, and phrases of other
topics (prices, other campaigns) pull the score down. The sum becomes a score in 0..1 through a
logistic curve; every match is returned so each decision can be explained.

This module is pure (no database); `monitoring.services` loads the coordinator's lexicon.
"""

import math
import re
from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache

from hangviet.core.text import fold, nfc

CAMPAIGN, ENTERPRISES, PRODUCTS, INPUTS, NEGATIVE = (
    "campaign",
    "enterprises",
    "products",
    "inputs",
    "negative",
)
TOPIC_LABELS = {
    CAMPAIGN: "Cuộc vận động “Người Việt Nam ưu tiên dùng hàng Việt Nam”",
    ENTERPRISES: "Doanh nghiệp tiêu biểu, địa chỉ tin cậy, kênh phân phối hàng Việt",
    PRODUCTS: "Quảng bá sản phẩm, hàng hóa của tỉnh được người tiêu dùng ưa thích",
    INPUTS: "Nguyên liệu, dịch vụ đầu vào trong nước cho doanh nghiệp",
    NEGATIVE: "Chủ đề khác (trừ điểm)",
}
THRESHOLD = 0.5
# Logistic curve: a sum of 4 (one strong phrase and a medium one, say) gives 0.5.
TOPIC_SHORT = {
    CAMPAIGN: "Cuộc vận động",
    ENTERPRISES: "Doanh nghiệp, điểm bán",
    PRODUCTS: "Sản phẩm, OCOP",
    INPUTS: "Đầu vào trong nước",
    NEGATIVE: "Chủ đề khác",
}
MIDPOINT, STEEPNESS = 4.0, 0.9

# The team's starting lexicon: (topic, phrase, weight). Coordinators edit it in the app.
DEFAULT_LEXICON: list[tuple[str, str, float]] = [
    # The campaign itself.
    (CAMPAIGN, "người việt nam ưu tiên dùng hàng việt nam", 6.0),
    (CAMPAIGN, "ưu tiên dùng hàng việt", 5.0),
    (CAMPAIGN, "ưu tiên sử dụng hàng việt", 5.0),
    (CAMPAIGN, "ưu tiên tiêu dùng hàng việt", 5.0),
    (CAMPAIGN, "dùng hàng việt", 3.0),
    (CAMPAIGN, "tiêu dùng hàng việt", 3.0),
    (CAMPAIGN, "sử dụng hàng việt", 3.0),
    (CAMPAIGN, "tự hào hàng việt", 3.0),
    (CAMPAIGN, "hàng việt nam chất lượng cao", 3.0),
    (CAMPAIGN, "chỉ thị số 03-ct/tw", 3.0),
    (CAMPAIGN, "chỉ thị 03-ct/tw", 3.0),
    (CAMPAIGN, "ban chỉ đạo cuộc vận động", 3.0),
    (CAMPAIGN, "hàng việt", 2.0),
    # Consumers preferring Vietnamese goods, said without the campaign's name (round 4).
    (CAMPAIGN, "sính ngoại", 2.5),
    (CAMPAIGN, "tâm lý sính ngoại", 1.5),
    (CAMPAIGN, "made in vietnam", 2.5),
    (CAMPAIGN, "chuộng hàng việt", 3.0),
    (CAMPAIGN, "tin dùng hàng việt", 3.0),
    (CAMPAIGN, "ưu tiên chọn hàng việt", 4.0),
    (CAMPAIGN, "ưu tiên lựa chọn hàng việt", 4.0),
    (CAMPAIGN, "hàng nội", 1.5),
    (CAMPAIGN, "hàng ngoại", 1.0),
    (CAMPAIGN, "hàng hóa việt nam", 1.5),
    (CAMPAIGN, "sản phẩm việt", 1.0),
    (CAMPAIGN, "thương hiệu việt", 1.5),
    (CAMPAIGN, "cuộc vận động", 1.0),
    (CAMPAIGN, "tiêu dùng nội địa", 1.5),
    (CAMPAIGN, "thị trường nội địa", 1.0),
    (CAMPAIGN, "hàng trong nước", 2.0),
    (CAMPAIGN, "sản xuất trong nước", 1.5),
    (CAMPAIGN, "thị trường trong nước", 1.5),
    (CAMPAIGN, "người tiêu dùng trong nước", 1.5),
    # The campaign's family: its sister campaigns (medicines made at home, bought first by
    # hospitals) and the promotion of domestic consumption it asks for.
    (CAMPAIGN, "người việt nam ưu tiên dùng thuốc việt nam", 6.0),
    (CAMPAIGN, "ưu tiên dùng thuốc việt", 5.0),
    (CAMPAIGN, "ưu tiên sử dụng thuốc sản xuất trong nước", 4.5),
    (CAMPAIGN, "thuốc sản xuất trong nước", 3.0),
    (CAMPAIGN, "thuốc nội", 3.0),
    (CAMPAIGN, "thuốc trong nước", 2.5),
    (CAMPAIGN, "kích cầu tiêu dùng", 2.0),
    (CAMPAIGN, "kích cầu tiêu dùng nội địa", 3.0),
    (CAMPAIGN, "thúc đẩy tiêu dùng trong nước", 3.0),
    (CAMPAIGN, "tiêu dùng trong nước", 1.5),
    (CAMPAIGN, "thị trường tiêu dùng trong nước", 3.0),
    (CAMPAIGN, "thị trường tiêu dùng nội địa", 3.0),
    (CAMPAIGN, "kích cầu", 1.0),
    (ENTERPRISES, "khuyến mại tập trung quốc gia", 3.0),
    (PRODUCTS, "tuần lễ sản phẩm", 2.5),
    (PRODUCTS, "tuần lễ nông sản", 2.5),
    (PRODUCTS, "lễ hội trái cây", 2.0),
    (PRODUCTS, "festival trái cây", 3.0),
    (PRODUCTS, "ngày hội trái cây", 3.0),
    (PRODUCTS, "tiêu thụ nông sản", 1.5),
    (PRODUCTS, "sản phẩm công nghiệp nông thôn tiêu biểu", 3.5),
    (PRODUCTS, "công nghiệp nông thôn tiêu biểu", 3.0),
    # Provincial awards for rural industrial products, however the title words them.
    (PRODUCTS, "bình chọn sản phẩm công nghiệp nông thôn", 3.5),
    (PRODUCTS, "sản phẩm công nghiệp nông thôn", 2.5),
    (PRODUCTS, "công nghiệp nông thôn", 1.5),
    # Typical enterprises, trusted addresses, channels bringing goods to consumers.
    (ENTERPRISES, "đưa hàng việt về nông thôn", 4.0),
    (ENTERPRISES, "đưa hàng việt về", 4.5),
    (ENTERPRISES, "phiên chợ hàng việt", 4.0),
    (ENTERPRISES, "điểm bán hàng việt", 4.0),
    (ENTERPRISES, "tuần hàng việt", 3.0),
    (ENTERPRISES, "tháng khuyến mại", 1.0),
    (ENTERPRISES, "doanh nghiệp tiêu biểu", 2.0),
    (ENTERPRISES, "địa chỉ tin cậy", 2.5),
    (ENTERPRISES, "kênh phân phối", 1.5),
    (ENTERPRISES, "điểm giới thiệu và bán sản phẩm", 2.5),
    (ENTERPRISES, "điểm giới thiệu sản phẩm", 2.0),
    (ENTERPRISES, "phiên chợ", 1.0),
    (ENTERPRISES, "vùng sâu, vùng xa", 0.5),
    (ENTERPRISES, "người tiêu dùng", 1.0),
    (ENTERPRISES, "bình ổn thị trường", 1.0),
    (ENTERPRISES, "hội chợ", 1.0),
    (ENTERPRISES, "gian hàng", 0.75),
    # The province's goods that consumers like: OCOP, key products, trade promotion.
    (PRODUCTS, "sản phẩm ocop", 2.0),
    (PRODUCTS, "ocop", 1.0),
    (PRODUCTS, "chương trình ocop", 1.5),
    (PRODUCTS, "mỗi xã một sản phẩm", 1.5),
    (PRODUCTS, "sản phẩm chủ lực", 1.5),
    (PRODUCTS, "sản phẩm tiêu biểu", 1.5),
    (PRODUCTS, "đặc sản", 1.0),
    (PRODUCTS, "xúc tiến thương mại", 1.5),
    (PRODUCTS, "kết nối cung cầu", 3.0),
    (PRODUCTS, "hội nghị kết nối cung cầu", 3.5),
    (PRODUCTS, "kết nối giao thương", 2.0),
    (PRODUCTS, "đặc sản vùng miền", 1.5),
    (PRODUCTS, "hỗ trợ tiêu thụ", 1.5),
    (PRODUCTS, "bao tiêu", 1.5),
    (PRODUCTS, "được mùa mất giá", 1.0),
    (PRODUCTS, "kết nối tiêu thụ", 1.5),
    (PRODUCTS, "quảng bá sản phẩm", 1.5),
    (PRODUCTS, "giới thiệu sản phẩm", 1.0),
    (PRODUCTS, "chỉ dẫn địa lý", 1.0),
    (PRODUCTS, "nhãn hiệu chứng nhận", 1.0),
    (PRODUCTS, "truy xuất nguồn gốc", 0.75),
    (PRODUCTS, "chè thái nguyên", 0.75),
    (PRODUCTS, "trưng bày", 0.5),
    (PRODUCTS, "hệ thống siêu thị", 1.0),
    (PRODUCTS, "nhãn hiệu", 0.5),
    (PRODUCTS, "bao bì", 0.5),
    # Domestic inputs for enterprises.
    (INPUTS, "nguyên liệu trong nước", 2.0),
    (INPUTS, "nguyên vật liệu trong nước", 2.0),
    (INPUTS, "công nghiệp hỗ trợ", 1.0),
    (INPUTS, "nội địa hóa", 1.5),
    (INPUTS, "doanh nghiệp trong tỉnh", 0.75),
    (INPUTS, "nhà cung ứng", 1.0),
    (INPUTS, "nhà cung cấp", 0.75),
    (INPUTS, "yếu tố đầu vào", 2.0),
    (INPUTS, "đầu vào", 1.0),
    (INPUTS, "vật liệu", 0.75),
    (INPUTS, "vật tư", 0.75),
    (INPUTS, "nguyên liệu", 0.75),
    # Other subjects that share words with the campaign.
    (NEGATIVE, "giá vàng", -3.0),
    (NEGATIVE, "tỷ giá", -2.5),
    (NEGATIVE, "chứng khoán", -2.5),
    (NEGATIVE, "lãi suất", -2.0),
    (NEGATIVE, "giá xăng", -2.5),
    (NEGATIVE, "kim ngạch xuất khẩu", -2.0),
    (NEGATIVE, "kim ngạch", -1.0),
    (NEGATIVE, "xuất khẩu", -1.0),
    (NEGATIVE, "giá lúa", -2.0),
    (NEGATIVE, "giá chè", -1.5),
    (NEGATIVE, "giá heo", -2.0),
    (NEGATIVE, "giá lợn hơi", -2.0),
    (NEGATIVE, "tăng giá", -1.0),
    (NEGATIVE, "giảm giá", -0.5),
    (NEGATIVE, "nhà hàng", -0.5),
    (NEGATIVE, "việt kiều", -1.0),
    (NEGATIVE, "ngày vì người nghèo", -2.5),
    (NEGATIVE, "quỹ vì người nghèo", -2.5),
    (NEGATIVE, "hiến máu", -3.0),
    (NEGATIVE, "an toàn giao thông", -2.5),
    (NEGATIVE, "tiêm chủng", -3.0),
    (NEGATIVE, "phòng cháy", -2.5),
    (NEGATIVE, "ma túy", -2.5),
    (NEGATIVE, "thiên tai", -2.0),
    (NEGATIVE, "tuyển sinh", -2.5),
    (NEGATIVE, "bầu cử", -2.0),
    (NEGATIVE, "dân số", -1.5),
    (NEGATIVE, "hàng giả", -1.5),
    # Vietnamese goods abroad: exports, goods on foreign shelves.
    (NEGATIVE, "xuất khẩu sang", -2.0),
    (NEGATIVE, "thị trường nước ngoài", -1.5),
    (NEGATIVE, "thị trường xuất khẩu", -1.5),
    (NEGATIVE, "kệ hàng nước ngoài", -2.0),
    (NEGATIVE, "siêu thị nước ngoài", -1.5),
    (NEGATIVE, "tại campuchia", -2.0),
    (NEGATIVE, "tại thái lan", -2.0),
    (NEGATIVE, "tại hoa kỳ", -2.0),
    (NEGATIVE, "tại nhật bản", -2.0),
    (NEGATIVE, "tại trung quốc", -2.0),
    (NEGATIVE, "thị trường ngoại", -2.0),
    (NEGATIVE, "người tiêu dùng bản địa", -2.0),
    (NEGATIVE, "xuất ngoại", -1.0),
    (NEGATIVE, "campuchia", -1.0),
    (NEGATIVE, "thái lan", -0.75),
    (NEGATIVE, "hoa kỳ", -0.75),
    (NEGATIVE, "nhật bản", -0.75),
    (NEGATIVE, "indonesia", -0.75),
    # The words export news and trade offices abroad use. Country names only where no
    # Vietnamese place starts with them ("tại Lào Cai", "tại Mỹ Tho", "tại Đức Xuân" are ours).
    (NEGATIVE, "thương vụ việt nam tại", -3.0),
    (NEGATIVE, "tại pháp", -2.0),
    (NEGATIVE, "nước pháp", -2.0),
    (NEGATIVE, "chính ngạch", -1.5),
    # Market supervision around Tết: prices, hoarding, shortages, retail figures.
    (NEGATIVE, "sốt giá", -1.0),
    (NEGATIVE, "khan hàng", -1.0),
    (NEGATIVE, "đầu cơ", -1.0),
    (NEGATIVE, "găm hàng", -1.0),
    (NEGATIVE, "tổng mức bán lẻ", -1.0),
    (NEGATIVE, "tại hàn quốc", -2.0),
    (NEGATIVE, "tại singapore", -2.0),
    (NEGATIVE, "tại châu âu", -2.0),
    (NEGATIVE, "thị trường quốc tế", -1.5),
    (NEGATIVE, "vươn ra thế giới", -1.5),
    (NEGATIVE, "thị trường khó tính", -1.5),
    (NEGATIVE, "xuất khẩu chính ngạch", -2.0),
    (NEGATIVE, "ocop xuất khẩu", -2.5),
    (NEGATIVE, "nhà nhập khẩu", -1.5),
    # The OCOP programme's own news — rating, star ceremonies, production support — is not
    # campaign coverage unless it speaks to consumers (round 4: six of seven false alarms).
    # Small weights: the rule `_programme_news` below takes the content points away when such
    # news says nothing of consumers, markets or the campaign.
    (NEGATIVE, "đánh giá, phân hạng", -0.5),
    (NEGATIVE, "hội đồng đánh giá", -0.5),
    (NEGATIVE, "chấm điểm", -0.5),
    (NEGATIVE, "trao giấy chứng nhận", -0.5),
    (NEGATIVE, "quyết định công nhận", -0.5),
    (NEGATIVE, "hỗ trợ sản xuất", -0.5),
    (NEGATIVE, "hoàn thiện hồ sơ", -0.5),
    # Enforcement news that merely cites the campaign.
    (NEGATIVE, "không rõ nguồn gốc", -1.5),
    (NEGATIVE, "thu giữ", -1.5),
    (NEGATIVE, "đội quản lý thị trường", -1.0),
    # Counterfeits passed off as Vietnamese goods.
    (NEGATIVE, "hàng nhái", -1.5),
    (NEGATIVE, "giả mạo xuất xứ", -2.5),
    (NEGATIVE, "gian lận xuất xứ", -2.5),
    (NEGATIVE, "mạo danh hàng việt", -3.0),
    (NEGATIVE, "buôn lậu", -2.0),
    (NEGATIVE, "tạm giữ", -1.5),
    (NEGATIVE, "xử phạt", -1.5),
    # Trade statistics and industry reports.
    (NEGATIVE, "kim ngạch nhập khẩu", -2.5),
    (NEGATIVE, "nhập khẩu", -1.0),
    (NEGATIVE, "cán cân thương mại", -2.5),
    (NEGATIVE, "xuất siêu", -2.0),
    (NEGATIVE, "nhập siêu", -2.0),
    (NEGATIVE, "so với cùng kỳ năm trước", -1.0),
    (NEGATIVE, "tổng cục thống kê", -1.5),
    (NEGATIVE, "cục thống kê", -1.0),
]

_SYLLABLE = re.compile(r"[\w]+(?:[-/.][\w]+)*", re.UNICODE)


_WORDS_JOINED = re.compile(r"^[^\W\d_]+(?:-[^\W\d_]+)+$")


def syllables(text: str) -> list[str]:
    """Return the lower-case syllables of `text` (NFC); "03-CT/TW" stays one token, words
    joined by a hyphen are their words ("cung-cầu" is "cung cầu")."""
    out: list[str] = []
    for token in _SYLLABLE.findall(nfc(text).lower()):
        token = token.strip(".")
        out.extend(token.split("-") if _WORDS_JOINED.match(token) else [token])
    return out


def has_diacritics(phrase: str) -> bool:
    return fold(phrase) != nfc(phrase).lower().strip()


@dataclass(frozen=True)
class Term:
    topic: str
    phrase: str
    weight: float

    @property
    def words(self) -> tuple[str, ...]:
        return tuple(syllables(self.phrase) if has_diacritics(self.phrase) else self.folded)

    @property
    def folded(self) -> tuple[str, ...]:
        return tuple(fold(w) for w in syllables(self.phrase))


@dataclass
class Match:
    phrase: str
    topic: str
    weight: float
    count: int
    in_title: bool

    def as_dict(self) -> dict:
        return {
            "phrase": self.phrase,
            "topic": self.topic,
            "weight": self.weight,
            "count": self.count,
            "in_title": self.in_title,
            "points": round(self.points, 2),
        }

    @property
    def points(self) -> float:
        # Repetition helps, less and less: 1, 1.5, 1.83, … (at most 4 occurrences counted).
        repeats = sum(1 / k for k in range(1, min(self.count, 4) + 1))
        return self.weight * repeats * (1.5 if self.in_title else 1.0)


@dataclass
class Verdict:
    score: float
    relevant: bool
    topics: list[str]
    matches: list[Match] = field(default_factory=list)
    raw: float = 0.0

    def explain(self) -> str:
        parts = [f"{m.phrase} ×{m.count} ({m.points:+.1f})" for m in self.matches]
        return f"{self.score:.2f}: " + (", ".join(parts) if parts else "no phrase of the lexicon")


class Lexicon:
    """Terms indexed by their syllable sequences, for one pass over a text."""

    def __init__(self, terms: list[Term]):
        self.terms = [t for t in terms if t.phrase.strip() and t.words]
        # (term, key, with diacritics), longest phrases first — computed once.
        self._entries = sorted(
            ((t, t.words, has_diacritics(t.phrase)) for t in self.terms),
            key=lambda e: -len(e[1]),
        )
        # First syllable → the phrase lengths starting with it, per mode.
        self._starts: dict[bool, dict[str, set[int]]] = {True: {}, False: {}}
        for _term, key, diacritics in self._entries:
            self._starts[diacritics].setdefault(key[0], set()).add(len(key))

    @classmethod
    def default(cls) -> "Lexicon":
        return cls([Term(*row) for row in DEFAULT_LEXICON])

    def _grams(self, words: list[str], diacritics: bool) -> Counter:
        """Count the word sequences of `words` that start like a phrase of the lexicon."""
        starts = self._starts[diacritics]
        grams: Counter = Counter()
        for i, word in enumerate(words):
            for n in starts.get(word, ()):
                if i + n <= len(words):
                    grams[tuple(words[i : i + n])] += 1
        return grams

    def _counts(self, text: str) -> tuple[Counter, Counter]:
        words = syllables(text)
        return self._grams(words, True), self._grams([fold_word(w) for w in words], False)

    def judge(self, text: str, title: str = "", threshold: float = THRESHOLD) -> Verdict:
        body_grams, body_folded = self._counts(text)
        title_grams, title_folded = self._counts(title)
        matches: list[Match] = []
        covered: list[tuple[tuple[str, ...], bool]] = []
        # Longer phrases first: "đưa hàng việt về nông thôn" also contains "hàng việt"; the
        # shorter phrase scores only its occurrences outside the longer ones.
        for term, key, diacritics in self._entries:
            body, head = (body_grams, title_grams) if diacritics else (body_folded, title_folded)
            count = body[key] + head[key]
            if not count:
                continue
            count -= sum(
                body[c] + head[c] for c, mode in covered if mode == diacritics and _contains(c, key)
            )
            if count <= 0:
                continue
            covered.append((key, diacritics))
            matches.append(Match(term.phrase, term.topic, term.weight, count, head[key] > 0))
        subject = _other_subject(matches)
        if subject is not None:
            matches.append(subject)
        programme = _programme_news(matches)
        if programme is not None:
            matches.append(programme)
        raw = sum(m.points for m in matches)
        score = 1 / (1 + math.exp(-STEEPNESS * (raw - MIDPOINT)))
        per_topic: Counter[str] = Counter()
        for m in matches:
            if m.topic != NEGATIVE:
                per_topic[m.topic] += m.points  # type: ignore[assignment]
                # (Counter is typed as counting ints; these are weighted points.)
        topics = [t for t, points in per_topic.most_common() if points >= 1.0]
        matches.sort(key=lambda m: -abs(m.points))
        return Verdict(round(score, 4), score >= threshold, topics, matches, round(raw, 2))


# A title naming another subject (exports, prices, counterfeits: a negative phrase of weight
# -1 or stronger) makes the article about that subject, unless the campaign itself is named
# (a campaign phrase of weight 3 or more): then the points of the content lines (OCOP,
# fairs, enterprises) count half. The verdict lists it as one more match, so it is explained.
SUBJECT_PHRASE = "tiêu đề nói về chủ đề khác"
SUBJECT_NEGATIVE, CAMPAIGN_NAMED = -1.0, 3.0


def _other_subject(matches: list[Match]) -> Match | None:
    title_negative = [m for m in matches if m.topic == NEGATIVE and m.in_title]
    if not any(m.weight <= SUBJECT_NEGATIVE for m in title_negative):
        return None
    if any(m.topic == CAMPAIGN and m.weight >= CAMPAIGN_NAMED for m in matches):
        return None
    lines = sum(m.points for m in matches if m.topic not in (NEGATIVE, CAMPAIGN) and m.points > 0)
    if lines <= 0:
        return None
    return Match(SUBJECT_PHRASE, NEGATIVE, round(-lines / 2, 2), 1, False)


# News of the OCOP programme itself (rating, star ceremonies, production support) is about
# producers, not consumers: unless it names the campaign or a market for the goods
# (consumers, sales points, supermarkets, fairs, trade promotion), its content points do not
# count. The verdict lists it as one more match, so it is explained.
PROGRAMME_PHRASE = "tin về chương trình OCOP, không nói tới người tiêu dùng, thị trường"
PROGRAMME_SIGNS = frozenset(
    {
        "đánh giá, phân hạng",
        "hội đồng đánh giá",
        "chấm điểm",
        "trao giấy chứng nhận",
        "quyết định công nhận",
        "hỗ trợ sản xuất",
        "hoàn thiện hồ sơ",
    }
)
MARKET_WORDS = (
    "người tiêu dùng",
    "tiêu dùng",
    "điểm bán",
    "siêu thị",
    "hội chợ",
    "phiên chợ",
    "xúc tiến thương mại",
    "kết nối cung cầu",
    "kênh phân phối",
    "tiêu thụ",
    "thị trường",
)


def _programme_news(matches: list[Match]) -> Match | None:
    if not any(m.phrase in PROGRAMME_SIGNS for m in matches):
        return None
    if not any("ocop" in m.phrase for m in matches):
        return None  # other award programmes (rural industry's best products) are the family
    if any(m.topic in (CAMPAIGN, ENTERPRISES) and m.points > 0 for m in matches):
        return None
    if any(any(w in m.phrase for w in MARKET_WORDS) for m in matches if m.points > 0):
        return None
    content = sum(m.points for m in matches if m.topic == PRODUCTS and m.points > 0)
    if content <= 0:
        return None
    return Match(PROGRAMME_PHRASE, NEGATIVE, round(-content, 2), 1, False)


@lru_cache(maxsize=50_000)
def fold_word(word: str) -> str:
    return fold(word)


def _contains(longer: tuple[str, ...], shorter: tuple[str, ...]) -> bool:
    if len(longer) <= len(shorter):
        return False
    return any(
        longer[i : i + len(shorter)] == shorter for i in range(len(longer) - len(shorter) + 1)
    )
