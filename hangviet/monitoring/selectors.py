"""Reads of press monitoring, scoped by the reader's units."""

from django.db.models import QuerySet

from hangviet.monitoring.models import Article, ArticleStatus, Source
from hangviet.orgs.permissions import Action, User, filter_for


def sources_for(user: User) -> QuerySet[Source]:
    return filter_for(Source.objects.select_related("unit", "channel"), user, Action.VIEW)


def articles_for(user: User) -> QuerySet[Article]:
    return filter_for(
        Article.objects.select_related("source__unit", "duplicate_of"),
        user,
        Action.VIEW,
        unit_field="source__unit",
    )


def suggestions_for(user: User) -> QuerySet[Article]:
    return articles_for(user).filter(status=ArticleStatus.SUGGESTED)
