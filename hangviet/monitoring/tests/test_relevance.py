"""The judgement itself: the lexicon, the learned classifier, the labelled texts, and the
parsers fuzzed with random input."""

import contextlib

import pytest
from hypothesis import given
from hypothesis import strategies as st

from hangviet.core.tests.fuzz import fuzz
from hangviet.monitoring import dedup, evaluation, learning
from hangviet.monitoring.feeds import FeedError, parse
from hangviet.monitoring.relevance import Lexicon, Term


def test_phrases_match_on_syllable_boundaries_with_or_without_diacritics():
    lexicon = Lexicon([Term("campaign", "hàng việt", 3.0), Term("campaign", "an", 5.0)])
    assert lexicon.judge("Người dân tin dùng hàng Việt").matches[0].phrase == "hàng việt"
    # "an" is not found inside "bản" or "hàng"; "hang viet" (no diacritics) is another text.
    assert lexicon.judge("bản tin hàng ngày").matches == []
    assert lexicon.judge("di hang viet nam").matches == []
    typed_plain = Lexicon([Term("campaign", "hang viet", 3.0)])
    assert typed_plain.judge("Người dân tin dùng hàng Việt").matches[0].count == 1
    assert typed_plain.judge("nguoi dan dung hang viet").matches[0].count == 1


def test_longer_phrases_are_not_counted_twice_and_titles_weigh_more():
    lexicon = Lexicon.default()
    verdict = lexicon.judge("Chương trình đưa hàng Việt về nông thôn tại xã Bình Yên.")
    phrases = [m.phrase for m in verdict.matches]
    assert "đưa hàng việt về nông thôn" in phrases and "hàng việt" not in phrases
    body = lexicon.judge("Phiên chợ hàng Việt").raw
    titled = lexicon.judge("", title="Phiên chợ hàng Việt").raw
    assert titled == pytest.approx(body * 1.5)


def test_negative_phrases_pull_down_and_every_decision_is_explained():
    verdict = Lexicon.default().judge(
        "Giá vàng tăng, tỷ giá ổn định; người tiêu dùng đổ xô mua vàng.", title="Giá vàng"
    )
    assert not verdict.relevant and verdict.raw < 0
    assert "giá vàng" in verdict.explain()


def test_labelled_texts_precision_and_recall():
    report = evaluation.evaluate(evaluation.load())
    assert report["texts"] >= 70 and report["positives"] >= 35
    assert report["lexicon"]["precision"] >= 0.9 and report["lexicon"]["recall"] >= 0.85
    assert report["combined_cross_validated"]["precision"] >= 0.9
    held = evaluation.evaluate(evaluation.load(evaluation.DEFAULT.with_name("heldout.jsonl")))
    assert held["lexicon"]["precision"] >= 0.9 and held["lexicon"]["recall"] >= 0.85


def test_the_classifier_learns_from_decisions():
    rows = evaluation.load()
    assert not learning.enough([True] * 40)
    labels = [r["label"] for r in rows]
    trained = learning.train([(r["title"], r["text"]) for r in rows], labels)
    assert trained.examples == len(rows) and trained.cv_precision >= 0.8
    model = learning.load(trained.blob())
    yes = learning.probability(model, "Phiên chợ hàng Việt", "Đưa hàng Việt về nông thôn")
    no = learning.probability(model, "Giá vàng", "Giá vàng miếng tăng, tỷ giá ổn định")
    assert yes > 0.5 > no
    assert learning.strongest(model, "Phiên chợ hàng Việt", "")[0][1] > 0


def test_simhash_finds_the_same_story_and_separates_others():
    story = " ".join(r["text"] for r in evaluation.load()[:3])
    edited = story.replace("45 gian hàng", "46 gian hàng") + " (Theo Báo Thái Nguyên)"
    other = evaluation.load()[-1]["text"]
    assert dedup.near(dedup.simhash(story), dedup.simhash(edited))
    assert not dedup.near(dedup.simhash(story), dedup.simhash(other))
    value = dedup.simhash(story)
    assert dedup.to_unsigned(dedup.to_signed(value)) == value


@pytest.mark.fuzz
@fuzz(300)
@given(st.binary(max_size=3000) | st.text(max_size=3000).map(str.encode))
def test_feed_parser_never_breaks_on_random_bytes(data):
    try:
        items = parse(data)
    except FeedError:
        return
    assert all(i.url.startswith(("http://", "https://")) for i in items)


FEED_PARTS = st.sampled_from(
    [
        "<rss>",
        "</rss>",
        "<channel>",
        "</channel>",
        "<item>",
        "</item>",
        "<link>",
        "</link>",
        "http://a.vn/x",
        "<title>Hàng Việt</title>",
        "<pubDate>",
        "</pubDate>",
        "Mon, 02 Mar 2026",
        "2026-13-45",
        "<feed xmlns='http://www.w3.org/2005/Atom'>",
        "</feed>",
        "<entry>",
        "</entry>",
        "<link href='https://b.vn/y'/>",
        "<urlset>",
        "</urlset>",
        "<url>",
        "</url>",
        "<loc>",
        "</loc>",
        "&amp;",
        "&bogus;",
        "<![CDATA[x]]>",
        "<!DOCTYPE x [<!ENTITY a 'aaaa'>]>",
        "&a;",
    ]
)


@pytest.mark.fuzz
@fuzz(300)
@given(st.lists(FEED_PARTS, max_size=40))
def test_feed_parser_never_breaks_on_feed_like_input(parts):
    with contextlib.suppress(FeedError):
        parse("".join(parts))


@pytest.mark.fuzz
@fuzz(200)
@given(st.text(max_size=2000), st.text(max_size=200))
def test_lexicon_never_breaks_on_any_text(text, title):
    verdict = Lexicon.default().judge(text, title)
    assert 0 <= verdict.score <= 1


# Round 4 (issue 31): the kinds of text behind the false alarms and the misses, written by the
# team in their shape (never the blind texts themselves).
OCOP_RATING = (
    "Huyện Phú Lương tổ chức đánh giá, phân hạng sản phẩm OCOP năm 2024",
    "Hội đồng đánh giá, phân hạng sản phẩm OCOP huyện đã chấm điểm 12 sản phẩm của các hợp "
    "tác xã. Kết quả có 8 sản phẩm đạt 3 sao, 4 sản phẩm đạt 4 sao. UBND huyện sẽ ban hành "
    "quyết định công nhận và trao giấy chứng nhận cho các chủ thể, đồng thời hỗ trợ sản xuất, "
    "hoàn thiện hồ sơ cho các sản phẩm mới.",
)
COUNTERFEIT_RAID = (
    "Thu giữ hơn 2.000 sản phẩm không rõ nguồn gốc",
    "Đội Quản lý thị trường số 3 đã kiểm tra cơ sở kinh doanh, thu giữ hơn 2.000 sản phẩm mỹ "
    "phẩm không rõ nguồn gốc. Hoạt động nằm trong kế hoạch bảo vệ người tiêu dùng, góp phần "
    "thực hiện Cuộc vận động “Người Việt Nam ưu tiên dùng hàng Việt Nam”.",
)
CONSUMERS = (
    "Người tiêu dùng ngày càng chuộng hàng Việt",
    "Khảo sát tại các chợ và siêu thị cho thấy người tiêu dùng ngày càng tin dùng hàng Việt, "
    "tâm lý sính ngoại giảm hẳn. Nhiều bà nội trợ cho biết ưu tiên chọn hàng Việt vì chất "
    "lượng ổn định, giá hợp lý, hàng Made in Vietnam được bày ở vị trí dễ thấy.",
)


@pytest.mark.parametrize(
    ("text", "relevant"),
    [(OCOP_RATING, False), (COUNTERFEIT_RAID, False), (CONSUMERS, True)],
)
def test_ocop_rating_and_raids_are_not_coverage_and_consumers_are(text, relevant):
    title, body = text
    verdict = Lexicon.default().judge(body, title=title)
    assert verdict.relevant is relevant, verdict.explain()
