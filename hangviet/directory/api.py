"""Public JSON search of the directory."""

from typing import Annotated, Any

from django.core.exceptions import ValidationError
from django.http import HttpRequest
from ninja import Field, Router, Schema

from hangviet.core.params import Id
from hangviet.directory import search

directory_router = Router(tags=["directory"])


class Result(Schema):
    type: str
    id: int
    name: str
    url: str


class Results(Schema):
    query: str
    results: list[Result]


@directory_router.get(
    "/search", response=Results, auth=None, summary="Search the directory without diacritics"
)
def search_directory(
    request: HttpRequest,
    q: str = "",
    kind: str = "",
    commune: Id | None = None,
    ocop_group: str = "",
    stars: Annotated[int, Field(ge=0, le=5)] | None = None,
    key_product: bool = False,
    sales_kind: str = "",
    upcoming: bool = False,
    limit: Annotated[int, Field(ge=0, le=1000)] = 20,
) -> dict[str, Any]:
    try:
        hits = search.search(
            q,
            search.Filters(
                commune=commune,
                ocop_group=ocop_group,
                min_stars=stars,
                key_product=key_product,
                sales_kind=sales_kind,
                kind=kind,
                upcoming_fairs=upcoming,
            ),
            limit=min(limit, 50),
        )
    except search.SearchError as exc:
        raise ValidationError({"q": str(exc)}) from exc
    return {
        "query": q[:200],
        "results": [
            {
                "type": h.entry.kind,
                "id": h.entry.object_id,
                "name": h.entry.name,
                "url": h.entry.url,
            }
            for h in hits
        ],
    }
