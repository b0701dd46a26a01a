"""The relevance rules of the directory's search, on the realistic demo directory (the same
answers on SQLite and PostgreSQL: the suite runs on both)."""

import pytest
from django.test import Client

from hangviet.directory import search
from hangviet.directory.demo import build_directory

pytestmark = pytest.mark.django_db


@pytest.fixture
def listings(world):
    build_directory()


def names(q: str) -> list[str]:
    return [h.entry.name for h in search.search(q)]


def test_every_word_must_match_and_an_unknown_word_empties_the_answer(listings):
    assert "Mật ong rừng Võ Nhai" in names("mat ong")
    assert names("ca phe") == []  # coffee: not listed, and not "cà gai leo" either
    assert names("gao st25") == []  # rice is listed, this variety is not
    assert names("nuoc mam") == []


def test_a_three_letter_word_gets_no_typo(listings):
    assert names("tra") and all("Trà" in n or "trà" in n.lower() for n in names("tra"))
    assert names("ogn") == []  # not "ong": three letters are too short to guess at
    assert search.typo_budget("gao") == 0
    assert search.typo_budget("cuogn") == 1 and search.typo_budget("thaiguyen") == 2


def test_typos_are_forgiven_within_their_budget_and_only_beside_the_other_words(listings):
    assert names("che tan cuogn")[:3] == names("che tan cuong")[:3] or set(
        names("che tan cuogn")
    ) == set(names("che tan cuong"))
    assert "Chè búp La Bằng" in names("che la bnag")
    assert "Gạo Bao Thai Định Hóa" in names("gao bao thia")
    # "thanh long" (dragon fruit) is not "… Trung Thành … mật ong": a typo far from its words
    assert names("thanh long") == []
    # two guesses in two words read another query: "dien thoai" is not "điểm … Thái"
    assert names("dien thoai") == []
    # a lone misspelt word is looked for in names and places, not in descriptions
    assert names("xoai") == []


def test_typo_matches_only_when_no_exact_one(listings):
    # "dong" is a word of the index: it is not read as "long", "song" or "mong"
    assert all("dong" in search.words(n) or "Đồng" in n for n in names("dong")[:4])
    resolution = search.resolve(["dong"])
    assert [t.kind for t in resolution.terms] == ["exact"]


def test_joined_words_are_split_against_the_vocabulary(listings):
    assert set(names("tancuong")) == set(names("tan cuong"))
    assert "Chè búp Khe Cốc" in names("khecoc")
    assert names("chebup")[0].startswith("Chè búp")
    halves = search.resolve(["tancuong"]).terms
    assert [t.tokens for t in halves] == [frozenset({"tan"}), frozenset({"cuong"})]


def test_words_scattered_across_a_listing_do_not_make_a_match(listings):
    # every word is somewhere in these listings, but never together
    assert names("mien dong")[:2] == ["Miến dong Côn Minh", "Miến dong Na Rì"]
    assert all("miến dong" in n.lower() for n in names("mien dong"))
    assert names("thanh tra") == []


def test_partial_words_and_the_last_word_as_a_prefix(listings):
    assert names("che bu")[0].startswith("Chè búp")
    assert names("mien do")[0].startswith("Miến dong")
    assert "Hồng không hạt Ba Bể" in names("hong khong ha")


def test_the_province_finds_the_goods_of_its_communes(listings):
    tea = names("che thai nguyen")
    assert {"Chè búp Tân Cương", "Chè búp La Bằng", "Chè búp Khe Cốc"} <= set(tea)


def test_ranking_puts_names_first_then_standing(listings):
    tea = names("che")
    assert tea[0].startswith("Chè") and "móc câu" in tea[0] or "đinh" in tea[0]  # 5 stars first
    sugar = names("duong")
    assert sugar[0] == "Đường phèn Đường Gia"  # the name before the street addresses


def test_nothing_found_says_so_with_suggestions_and_categories(listings):
    page = Client().get("/hang-viet/", {"q": "che tan kuongx"}).content.decode()
    assert "Không tìm thấy “che tan kuongx” trong danh bạ." in page
    assert "Có phải bạn muốn tìm:" in page and "chè tân cương" in page
    assert "Danh bạ hiện có:" in page and "?ocop_group=beverage" in page
    absent = Client().get("/hang-viet/", {"q": "ca phe"}).content.decode()
    assert "Không tìm thấy “ca phe” trong danh bạ." in absent and "Danh bạ hiện có:" in absent


def test_public_pages_have_vietnamese_addresses_and_the_old_ones_move_there(listings):
    from hangviet.directory.models import Product, SalesPoint

    product = Product.objects.get(name="Chè búp Tân Cương")
    hit = search.search("che bup tan cuong")[0]
    assert hit.entry.url == f"/hang-viet/san-pham/{product.pk}/"
    c = Client()
    assert c.get(f"/hang-viet/san-pham/{product.pk}/").status_code == 200
    old = c.get(f"/hang-viet/product/{product.pk}/")
    assert old.status_code == 301 and old["Location"] == f"/hang-viet/san-pham/{product.pk}/"
    point = SalesPoint.objects.first()
    assert c.get(f"/hang-viet/salespoint/{point.pk}/")["Location"] == (
        f"/hang-viet/diem-ban/{point.pk}/"
    )
    assert c.get(f"/hang-viet/khong-co/{point.pk}/").status_code == 404


def test_the_demo_directory_agrees_with_the_registry(listings):
    from hangviet.directory.models import Producer, Product, SalesPoint

    for model in (Producer, SalesPoint):
        for listing in model.objects.filter(is_demo=True):
            assert listing.commune is not None, listing.name
            assert listing.address.endswith(listing.commune.area_name), listing.name
    for product in Product.objects.filter(is_demo=True):
        assert product.commune_id == product.producer.commune_id, product.name
    kinds = {p.ocop_group for p in Product.objects.all()}
    assert {"food", "beverage", "herbal", "craft"} <= kinds
