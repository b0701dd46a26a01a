"""Who may do what in press monitoring: a source (the feed or page a unit publishes), the
articles found in it, and the campaign's lexicon.

A source belongs to its unit: read by whoever may read the unit's data, added and changed by
whoever manages it — moving a source to another unit needs that right on both units. Articles
are decided (confirmed as evidence, or rejected) by whoever may edit for the source's unit.
The lexicon and retraining belong to the campaign's coordinators.
"""

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404
from django.utils.translation import gettext as _

from hangviet.monitoring.models import Article, ArticleStatus, Source
from hangviet.orgs import permissions
from hangviet.orgs.models import Unit, UnitQuerySet
from hangviet.orgs.permissions import Action, User

COORDINATORS_ONLY = _("Only the campaign's coordinators may do this.")


def sources_for(user: User, verb: Action = Action.VIEW) -> QuerySet[Source]:
    return permissions.filter_for(Source.objects.select_related("unit", "channel"), user, verb)


def source_for(user: User, pk: int, verb: Action = Action.VIEW) -> Source:
    """Return source `pk`: 404 when missing or not the user's to read, 403 for MANAGE when the
    user reads it but does not manage its unit."""
    source = sources_for(user).filter(pk=pk).first()
    if source is None:
        raise Http404
    if verb != Action.VIEW and not permissions.can(user, verb, source.unit):
        raise PermissionDenied(COORDINATORS_ONLY)
    return source


def require_source_edit(
    user: User | None, source: Source | None, *, new_unit: Unit | None = None
) -> None:
    """MANAGE on the unit the source belongs to as stored (None for a new one) and on the
    unit it is given: both."""
    if source is not None:
        permissions.require(user, Action.MANAGE, source.unit)
    if new_unit is not None:
        permissions.require(user, Action.MANAGE, new_unit)


def source_units_for(user: User) -> UnitQuerySet:
    """The units whose sources the user may add."""
    return permissions.units_for(user, Action.MANAGE)


def articles_for(user: User) -> QuerySet[Article]:
    return permissions.filter_for(
        Article.objects.select_related("source__unit", "duplicate_of"),
        user,
        Action.VIEW,
        unit_field="source__unit",
    )


def suggestions_for(user: User) -> QuerySet[Article]:
    return articles_for(user).filter(status=ArticleStatus.SUGGESTED)


def article_for(user: User, pk: int) -> Article:
    article = articles_for(user).filter(pk=pk).first()
    if article is None:
        raise Http404
    return article


def may_decide(user: User | None, article: Article) -> bool:
    return user is None or permissions.can(user, Action.EDIT, article.source.unit)


def require_decide(user: User | None, article: Article) -> None:
    permissions.require(user, Action.EDIT, article.source.unit)


def is_coordinator(user: User | None) -> bool:
    """The lexicon, the sources page's form, retraining: the campaign's coordinators."""
    return permissions.may_manage(user)


def require_coordinator(user: User | None) -> None:
    """The lexicon and the sources belong to the campaign's coordinators."""
    permissions.require_somewhere(user, Action.MANAGE, COORDINATORS_ONLY)


def own_suggestions(user: User) -> QuerySet[Article]:
    """Articles suggested for the units whose own work the user does."""
    return permissions.mine(
        Article.objects.filter(status=ArticleStatus.SUGGESTED), user, "source__unit"
    )
