"""What each person has to do, gathered from the apps that own the work ("Việc cần làm").

Every list is read through the same selectors and permission module as the pages it links to,
so an item never points at something its reader cannot open. The work of a unit — its reports,
its draft activities, the press articles and broadcasts waiting for it — is shown to the people
who do that unit's own work (head, editor: `orgs.policy.does_unit_work`); the coordinator sees
the work of the campaign (reports to review, units late, listings to moderate, sources that
stopped); the steering committee sees where the campaign stands.
"""

from dataclasses import dataclass, field
from datetime import date, timedelta

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from hangviet.activities import policy as activity_policy
from hangviet.analytics import policy as analytics_policy
from hangviet.analytics.dashboards import headline
from hangviet.analytics.selectors import period_choices
from hangviet.core.periods import period_for_code, period_label
from hangviet.core.text import format_number
from hangviet.directory.models import ListingStatus
from hangviet.directory.services import KINDS as LISTING_KINDS
from hangviet.monitoring import policy as monitoring_policy
from hangviet.orgs import policy as orgs_policy
from hangviet.orgs.permissions import Action, User
from hangviet.radio import policy as radio_policy
from hangviet.reporting import policy as reporting_policy
from hangviet.reporting import selectors as reporting
from hangviet.reporting.models import (
    ConsolidatedReport,
    ReportRequest,
    ReportStatus,
    SignedCopy,
    UnitReport,
)

SHOWN = 5  # items of one kind listed by name; the rest are counted behind a link
# The groups whose items are things to do, counted in the navigation and in the page's first
# sentence; the others (cycle progress, moderation, sources, the overview) are news for the desk.
COUNTED = (
    "reports",
    "sign",
    "incoming",
    "returned",
    "activities",
    "monitoring",
    "radio",
    "review",
)
DUE_SOON_DAYS = 14


@dataclass
class Item:
    """One thing to do: a sentence, what follows it, and the one tap that does it."""

    text: str
    url: str
    action: str
    detail: str = ""
    tone: str = ""  # "late", "warn" or "" (shown as a coloured edge, and said in the text)
    confirm_id: int | None = None  # a draft activity confirmed from the list itself
    start_url: str = ""  # a report not started yet: the action starts it, then opens its form


@dataclass
class Group:
    key: str
    title: str
    items: list[Item] = field(default_factory=list)
    more: str = ""  # "and 12 more" with its link
    more_url: str = ""
    hidden: int = 0  # how many more there are behind `more`

    @property
    def total(self) -> int:
        return len(self.items) + self.hidden

    def count_the_rest(self, total: int, words: str, url: str) -> None:
        """Beyond the SHOWN items, "and N more …" (`words` with %(n)s) behind a link."""
        if total > SHOWN:
            self.hidden = total - SHOWN
            self.more = words % {"n": format_number(self.hidden)}
            self.more_url = url


@dataclass
class Desk:
    groups: list[Group]
    counts: dict[str, int]  # for the navigation: reports, activities, monitoring, todo

    @property
    def total(self) -> int:
        return sum(g.total for g in self.groups if g.key in COUNTED)


def _days(n: int) -> str:
    return ngettext("%(n)s day", "%(n)s days", n) % {"n": n}


def _period(request: ReportRequest) -> str:
    return request.title or period_label(request.period_code)


def _reports(user: User, today: date) -> tuple[Group, int]:
    """The unit's own reports: late, returned, due soon, drafts waiting to be sent."""
    group = Group("reports", _("Reports of your unit"))
    own = reporting_policy.own_requests(user).select_related("unit", "plan")
    own = own.prefetch_related("reports")
    rows = []
    for request in own.filter(deadline__gte=date(today.year - 1, 1, 1)):
        versions = sorted(request.reports.all(), key=lambda r: -r.version)
        report = versions[0] if versions else None
        state = reporting.state_of(request, report, today)
        days = (request.deadline - today).days
        # a report not started shows two weeks before its deadline; one started shows until sent
        if state in ("submitted", "accepted") or (state == "due" and days > DUE_SOON_DAYS):
            continue
        rows.append((request, report, state, days))
    order = {"overdue": 0, "returned": 1, "due": 2, "draft": 3}
    rows.sort(key=lambda r: (order[r[2]], r[0].deadline))
    for request, report, state, days in rows:
        url = reverse("reporting:report", args=[request.pk])
        what = {"period": _period(request), "unit": request.unit.display_name}
        if state == "overdue":
            text = _("The report for %(period)s of %(unit)s is overdue") % what
            detail = _("%(days)s past the deadline of %(d)s.") % {
                "days": _days(-days),
                "d": request.deadline.strftime("%d/%m/%Y"),
            }
            action = _("Write and send it") if report is None else _("Finish and send it")
            tone = "late"
        elif state == "returned":
            text = _("The report for %(period)s of %(unit)s was returned for correction") % what
            comment = report.review_comment if report else ""
            detail = (
                _("The coordinator wrote: “%(c)s”") % {"c": comment}
                if comment
                else _("Prepare a corrected version and send it again.")
            )
            action = _("Correct it")
            tone = "warn"
        elif state == "due":
            text = _("The report for %(period)s of %(unit)s is due") % what
            detail = _("Deadline %(d)s, in %(days)s.") % {
                "d": request.deadline.strftime("%d/%m/%Y"),
                "days": _days(days),
            }
            action = _("Start it")
            tone = "warn" if days <= 3 else ""
        else:  # a draft, not late yet
            text = _("The draft report for %(period)s of %(unit)s waits to be sent") % what
            detail = _("Deadline %(d)s.") % {"d": request.deadline.strftime("%d/%m/%Y")}
            if not reporting_policy.may(user, request, Action.SUBMIT):
                detail += " " + _("The head of the unit sends it.")
            action = _("Open the draft")
            tone = ""
        start = reverse("reporting:report_action", args=[request.pk]) if report is None else ""
        group.items.append(Item(text, url, action, detail, tone, start_url=start))
    return group, len(rows)


def _drafts(user: User) -> tuple[Group, int]:
    group = Group("activities", _("Activities to confirm"))
    drafts = activity_policy.own_drafts(user).select_related("unit")
    total = drafts.count()
    for activity in drafts.order_by("-date", "-id")[:SHOWN]:
        group.items.append(
            Item(
                _("“%(t)s” is a draft") % {"t": activity.title},
                reverse("activities:detail", args=[activity.pk]),
                _("Confirm"),
                _("%(unit)s · %(d)s · not counted until it is confirmed.")
                % {"unit": activity.unit.display_name, "d": activity.date.strftime("%d/%m/%Y")},
                confirm_id=activity.pk,
            )
        )
    group.count_the_rest(
        total, _("and %(n)s more drafts"), reverse("activities:list") + "?status=draft"
    )
    return group, total


def _returned(user: User) -> tuple[Group, int]:
    group = Group("returned", _("Evidence to complete"))
    rows = activity_policy.own_returns(user)
    total = rows.count()
    for r in rows.order_by("created_at")[:SHOWN]:
        group.items.append(
            Item(
                _("“%(t)s” needs more") % {"t": r.activity.title},
                reverse("activities:detail", args=[r.activity_id]) + "#bo-sung",
                _("Complete it"),
                _("%(unit)s · %(d)s · the coordinator asks: %(c)s")
                % {
                    "unit": r.activity.unit.display_name,
                    "d": r.activity.date.strftime("%d/%m/%Y"),
                    "c": r.comment,
                },
                "warn",
            )
        )
    group.count_the_rest(total, _("and %(n)s more"), reverse("activities:list"))
    return group, total


def _unsigned(user: User) -> QuerySet[ConsolidatedReport]:
    """Consolidated reports with their number and date, not signed yet, of units whose head
    `user` is: the signer's work."""
    signed = SignedCopy.objects.filter(consolidation=OuterRef("pk"))
    ready = ConsolidatedReport.objects.exclude(number="").filter(sent_on__isnull=False)
    signable = reporting_policy.signable_for(user).values("pk")
    return ready.exclude(Exists(signed)).filter(pk__in=signable)


def _to_sign(user: User) -> tuple[Group, int]:
    group = Group("sign", _("Reports to sign"))
    waiting = _unsigned(user).select_related("plan")
    total = waiting.count()
    for saved in waiting.order_by("-sent_on", "-pk")[:SHOWN]:
        group.items.append(
            Item(
                _("Consolidated report No. %(n)s, %(p)s, waits for your signature")
                % {"n": saved.number, "p": period_label(saved.period_code)},
                reverse("reporting:cycle_sign", args=[saved.plan_id, saved.period_code]),
                _("Read and sign"),
                _("Dated %(d)s · to be sent as a signed electronic document.")
                % {"d": saved.sent_on.strftime("%d/%m/%Y") if saved.sent_on else ""},
            )
        )
    return group, total


def _articles(user: User) -> tuple[Group, int]:
    group = Group("monitoring", _("Press articles about your unit"))
    suggested = monitoring_policy.own_suggestions(user).select_related("source__unit")
    total = suggested.count()
    for article in suggested.order_by("-published_on", "-id")[:SHOWN]:
        group.items.append(
            Item(
                _("“%(t)s” may be your unit's work") % {"t": article.title},
                reverse("monitoring:article", args=[article.pk]),
                _("Confirm or reject"),
                _("%(s)s · %(d)s · confirmed, it becomes an activity.")
                % {
                    "s": article.source.name,
                    "d": article.published_on.strftime("%d/%m/%Y") if article.published_on else "",
                },
            )
        )
    group.count_the_rest(total, _("and %(n)s more articles"), reverse("monitoring:home"))
    return group, total


def _broadcasts(user: User, today: date) -> Group:
    group = Group("radio", _("Loudspeaker broadcasts today"))
    planned = radio_policy.own_broadcasts(user, today).select_related("bulletin", "commune")
    total = planned.count()
    group.hidden = max(0, total - SHOWN)
    for broadcast in planned.order_by("time")[:SHOWN]:
        group.items.append(
            Item(
                _("Broadcast “%(t)s” at %(h)s")
                % {
                    "t": broadcast.bulletin.title,
                    "h": broadcast.time.strftime("%H:%M"),
                },
                reverse("radio:detail", args=[broadcast.bulletin_id]),
                _("Mark it done"),
                _("%(c)s · %(n)s times.")
                % {
                    "c": broadcast.commune.display_name,
                    "n": broadcast.repetitions,
                },
            )
        )
    return group


def _sent(report: UnitReport) -> str:
    if report.submitted_at is None:
        return ""
    sent = timezone.localtime(report.submitted_at).strftime("%d/%m/%Y %H:%M")
    return _("Sent %(d)s.") % {"d": sent}


def _coordination(user: User, today: date) -> list[Group]:
    """The campaign's work for its coordinators."""
    if not orgs_policy.is_coordinator(user):
        return []
    review = Group("review", _("Reports to review"))
    submitted = reporting_policy.review_queue(user).select_related("request__unit", "request__plan")
    total_review = submitted.count()
    for report in submitted.order_by("submitted_at")[:SHOWN]:
        review.items.append(
            Item(
                _("%(unit)s sent its report for %(period)s")
                % {"unit": report.request.unit.display_name, "period": _period(report.request)},
                reverse("reporting:report", args=[report.request_id]),
                _("Review it"),
                _sent(report),
            )
        )
    review.count_the_rest(total_review, _("and %(n)s more reports"), reverse("reporting:inbox"))

    cycles = Group("cycles", _("Reporting cycles"))
    managed = reporting_policy.managed_requests(user)
    latest = (
        managed.filter(start__lte=today)
        .values("plan_id", "period_code")
        .distinct()
        .order_by("-period_code")[:2]
    )
    for cycle in latest:
        rows = reporting.completeness(cycle["plan_id"], cycle["period_code"])
        total = rows[-1] if rows else None
        if total is None or not total.expected:
            continue
        late = managed.filter(
            plan_id=cycle["plan_id"], period_code=cycle["period_code"], deadline__lt=today
        )
        late_units = sum(
            1
            for r in late.prefetch_related("reports")
            if not any(rep.submitted_at for rep in r.reports.all())
        )
        words = period_label(cycle["period_code"])
        text = _("%(period)s: %(r)s of %(e)s units have reported, %(t)s on time") % {
            "period": words,
            "r": total.received,
            "e": total.expected,
            "t": total.on_time,
        }
        detail = (
            ngettext(
                "%(n)s unit has sent nothing after the deadline.",
                "%(n)s units have sent nothing after the deadline.",
                late_units,
            )
            % {"n": late_units}
            if late_units
            else _("Every unit has reported.")
            if total.received == total.expected
            else ""
        )
        cycles.items.append(
            Item(
                text,
                reverse("reporting:cycle_period", args=[cycle["plan_id"], cycle["period_code"]]),
                _("Open the consolidated report"),
                detail,
                "late" if late_units else "",
            )
        )

    moderation = Group("moderation", _("Directory listings to moderate"))
    pending = sum(
        model._default_manager.filter(status=ListingStatus.PENDING).count()
        for model in LISTING_KINDS.values()
    )
    if pending:
        moderation.items.append(
            Item(
                ngettext(
                    "%(n)s listing waits for review",
                    "%(n)s listings wait for review",
                    pending,
                )
                % {"n": pending},
                reverse("directory:moderation"),
                _("Moderate"),
                _("Enterprises asked to be listed, or a listing was changed."),
                "warn",
            )
        )

    sources = Group("sources", _("Press sources"))
    watched = monitoring_policy.sources_for(user, Action.MANAGE).filter(enabled=True)
    stopped = watched.filter(paused_at__isnull=False).count()
    silent = watched.filter(paused_at__isnull=True, silent_alerted_at__isnull=False).count()
    if stopped:
        sources.items.append(
            Item(
                ngettext(
                    "%(n)s press source was paused after repeated failures",
                    "%(n)s press sources were paused after repeated failures",
                    stopped,
                )
                % {"n": stopped},
                reverse("monitoring:sources"),
                _("Check the sources"),
                tone="warn",
            )
        )
    if silent:
        sources.items.append(
            Item(
                ngettext(
                    "%(n)s press source has published nothing for a long time",
                    "%(n)s press sources have published nothing for a long time",
                    silent,
                )
                % {"n": silent},
                reverse("monitoring:sources"),
                _("Check the sources"),
            )
        )
    return [review, cycles, moderation, sources]


def _steering(user: User) -> list[Group]:
    """For the steering committee: where the campaign stands, in three figures, one tap from
    the overview."""
    if not orgs_policy.is_steering(user):
        return []
    group = Group("overview", _("Where the campaign stands"))
    visible = analytics_policy.readable_units(user)
    unit = visible.filter(parent__isnull=True).first() or visible.order_by("path").first()
    code = period_choices(unit).latest if unit else None
    if unit is None or code is None:
        text = _("The overview: activities, communes reached, reporting")
        detail = _("Figures as of today, by unit, channel and theme.")
    else:
        figures = headline(user, period=period_for_code(code), unit=unit)
        text = _("%(period)s, %(u)s: %(n)s confirmed activities") % {
            "period": period_label(code),
            "n": format_number(figures.total),
            "u": unit.display_name,
        }
        detail = _(
            "%(r)s of %(c)s communes and wards reached, %(fr)s of %(f)s in remote "
            "and mountainous areas."
        ) % {
            "r": format_number(figures.communes_reached),
            "c": format_number(figures.communes),
            "fr": format_number(figures.flagged_reached),
            "f": format_number(figures.flagged),
        }
    group.items.append(Item(text, reverse("analytics:overview"), _("Open the overview"), detail))
    return [group]


def _incoming(user: User) -> tuple[Group, int]:
    """Signed reports addressed to the user's body: first those not acknowledged yet."""
    group = Group("incoming", _("Incoming documents"))
    copies = reporting_policy.received_for(user)
    waiting = copies.exclude(receipts__isnull=False)
    total = waiting.count()
    shown = list(waiting[:SHOWN]) or list(copies[:2])
    for copy in shown:
        plan = copy.consolidation.plan
        acknowledged = copy.receipts.exists()
        group.items.append(
            Item(
                _("Report No. %(n)s of %(u)s on %(p)s")
                % {
                    "n": copy.number,
                    "u": plan.issuing_unit.display_name,
                    "p": period_label(copy.consolidation.period_code),
                },
                reverse("reporting:incoming_detail", args=[copy.pk]),
                _("Open it") if acknowledged else _("Read and acknowledge"),
                _("Signed on %(d)s.")
                % {"d": timezone.localtime(copy.signed_at).strftime("%d/%m/%Y")}
                + ("" if acknowledged else " " + _("Not acknowledged yet.")),
                "" if acknowledged else "warn",
            )
        )
    group.count_the_rest(total, _("and %(n)s more documents"), reverse("reporting:incoming"))
    return group, total


def desk_for(user: User) -> Desk:
    """Everything `user` has to do, in the order it should be done."""
    today = timezone.localdate()
    groups: list[Group] = []
    counts = {"reports": 0, "activities": 0, "monitoring": 0, "radio": 0}
    if orgs_policy.does_unit_work(user):
        reports, counts["reports"] = _reports(user, today)
        to_sign, signing = _to_sign(user)
        counts["reports"] += signing
        returned, waiting_more = _returned(user)
        drafts, counts["activities"] = _drafts(user)
        counts["activities"] += waiting_more
        articles, counts["monitoring"] = _articles(user)
        radio = _broadcasts(user, today)
        counts["radio"] = radio.total
        groups += [reports, to_sign, returned, drafts, articles, radio]
    coordination = _coordination(user, today)
    if coordination:
        counts["reports"] += coordination[0].total
    incoming, waiting = _incoming(user)
    counts["reports"] += waiting
    groups += [incoming] + coordination + _steering(user)
    shown = [g for g in groups if g.items]
    desk = Desk(shown, counts)
    counts["todo"] = desk.total
    return desk


def counts_for(user: User) -> dict[str, int]:
    """The counts the navigation shows beside its sections, in a few count queries: the unit's
    reports that need action, its draft activities and press suggestions, and for coordinators
    the reports waiting for review."""
    if not user.is_authenticated:
        return {}
    today = timezone.localdate()
    counts = {"reports": 0, "activities": 0, "monitoring": 0, "radio": 0}
    if orgs_policy.does_unit_work(user):
        started = UnitReport.objects.filter(request=OuterRef("pk"))
        own = reporting_policy.own_requests(user).filter(
            Q(deadline__lte=today + timedelta(days=DUE_SOON_DAYS)) | Exists(started),
            deadline__gte=date(today.year - 1, 1, 1),
        )
        done = UnitReport.objects.filter(
            request=OuterRef("pk"), status__in=[ReportStatus.SUBMITTED, ReportStatus.ACCEPTED]
        )
        counts["reports"] = own.exclude(Exists(done)).count() + _unsigned(user).count()
        counts["activities"] = (
            activity_policy.own_drafts(user).count() + activity_policy.own_returns(user).count()
        )
        counts["monitoring"] = monitoring_policy.own_suggestions(user).count()
        counts["radio"] = radio_policy.own_broadcasts(user, today).count()
    if orgs_policy.is_coordinator(user):
        counts["reports"] += reporting_policy.review_queue(user).count()
    counts["reports"] += reporting_policy.received_for(user).exclude(receipts__isnull=False).count()
    counts["todo"] = sum(counts.values())
    return counts
