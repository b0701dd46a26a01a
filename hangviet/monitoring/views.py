"""Press monitoring pages: suggestions to confirm or reject, the sources, the lexicon."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Count
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from hangviet.core.params import id_param
from hangviet.monitoring import judgement, policy, services
from hangviet.monitoring.forms import SourceForm, TermForm
from hangviet.monitoring.models import ArticleStatus, LexiconTerm, Source
from hangviet.monitoring.relevance import TOPIC_LABELS
from hangviet.orgs.permissions import Action

TAB_LABELS = {
    "": gettext_lazy("Suggested"),
    "xac-nhan": gettext_lazy("Confirmed"),
    "tu-choi": gettext_lazy("Rejected"),
    "khong-lien-quan": gettext_lazy("Not about the campaign"),
    "trung": gettext_lazy("Same story elsewhere"),
}
STATUS_FILTERS = {
    "": ArticleStatus.SUGGESTED,
    "xac-nhan": ArticleStatus.CONFIRMED,
    "tu-choi": ArticleStatus.REJECTED,
    "khong-lien-quan": ArticleStatus.IRRELEVANT,
    "trung": ArticleStatus.DUPLICATE,
}


@login_required
def home(request: HttpRequest) -> HttpResponse:
    """What the press published about the campaign, waiting for its unit's decision."""
    which = request.GET.get("loai", "")
    status = STATUS_FILTERS.get(which, ArticleStatus.SUGGESTED)
    articles = (
        policy.articles_for(request.user).filter(status=status).order_by("-published_on", "-id")
    )
    page = Paginator(articles, 30).get_page(request.GET.get("trang"))
    counted = dict(
        policy.articles_for(request.user)
        .values("status")
        .annotate(n=Count("id"))
        .values_list("status", "n")
    )
    tabs = [(key, TAB_LABELS[key], counted.get(value, 0)) for key, value in STATUS_FILTERS.items()]
    return render(
        request,
        "monitoring/home.html",
        {
            "page": page,
            "which": which,
            "tabs": tabs,
            "sources": policy.sources_for(request.user).count(),
            "may_manage": policy.is_coordinator(request.user),
        },
    )


@login_required
def article(request: HttpRequest, pk: int) -> HttpResponse:
    item = policy.article_for(request.user, pk)
    may_decide = policy.may_decide(request.user, item) and item.status in (
        ArticleStatus.SUGGESTED,
        ArticleStatus.IRRELEVANT,
    )
    if request.method == "POST":
        action = request.POST.get("action")
        try:
            if action == "confirm":
                activity = services.article_confirm(article=item, by=request.user)
                messages.success(request, _("Confirmed: the article is now an activity."))
                return redirect("activities:detail", activity.pk)
            if action == "reject":
                services.article_reject(article=item, by=request.user)
                messages.success(request, _("Rejected. The classifier will learn from it."))
                return redirect("monitoring:home")
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
            return redirect("monitoring:article", item.pk)
        raise PermissionDenied
    return render(
        request,
        "monitoring/article.html",
        {
            "item": item,
            "may_decide": may_decide,
            "topics": [TOPIC_LABELS.get(t, t) for t in item.topics],
            "copies": item.copies.select_related("source"),
        },
    )


@login_required
def sources(request: HttpRequest) -> HttpResponse:
    managed = policy.source_units_for(request.user)
    manager = policy.is_coordinator(request.user)
    form = SourceForm(request.POST or None, units=managed)
    if request.method == "POST":
        policy.require_coordinator(request.user)
        if form.is_valid():
            try:
                services.source_save(source=Source(), by=request.user, **form.cleaned_data)
            except ValidationError as exc:
                form.add_error(None, exc)
            else:
                messages.success(request, _("The source was added."))
                return redirect("monitoring:sources")
    return render(
        request,
        "monitoring/sources.html",
        {
            "sources": policy.sources_for(request.user).order_by("name"),
            "form": form,
            "may_manage": manager,
        },
    )


@login_required
def source_edit(request: HttpRequest, pk: int) -> HttpResponse:
    source = policy.source_for(request.user, pk, Action.MANAGE)
    managed = policy.source_units_for(request.user)
    if request.method == "POST" and request.POST.get("action") == "resume":
        services.source_resume(source=source, by=request.user)
        messages.success(request, _("The source will be polled again."))
        return redirect("monitoring:sources")
    form = SourceForm(request.POST or None, instance=source, units=managed)
    if request.method == "POST" and form.is_valid():
        fields = {name: form.cleaned_data[name] for name in form.changed_data}
        source.refresh_from_db()
        try:
            services.source_save(source=source, by=request.user, **fields)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("Saved."))
            return redirect("monitoring:sources")
    recent = source.articles.order_by("-id")[:20]
    return render(
        request, "monitoring/source.html", {"source": source, "form": form, "recent": recent}
    )


@login_required
def lexicon(request: HttpRequest) -> HttpResponse:
    """The weighted phrases that decide relevance; coordinators edit them, and can try a
    text against them."""
    policy.require_coordinator(request.user)
    form = TermForm(request.POST or None)
    trial = None
    if request.method == "POST":
        delete = id_param(request.POST, "delete")
        if delete is not None:
            term = get_object_or_404(LexiconTerm, pk=delete)
            services.lexicon_delete(by=request.user, term=term)
            messages.success(request, _("The phrase was removed."))
            return redirect("monitoring:lexicon")
        if request.POST.get("trial") is not None:
            text = request.POST.get("trial", "")[:20000]
            trial = judgement.judge("", text)
            form = TermForm()
        elif form.is_valid():
            existing = None
            term_id = id_param(request.POST, "term")
            if term_id is not None:
                existing = get_object_or_404(LexiconTerm, pk=term_id)
            try:
                services.lexicon_save(by=request.user, term=existing, **form.cleaned_data)
            except ValidationError as exc:
                form.add_error(None, exc)
            else:
                messages.success(request, _("Saved."))
                return redirect("monitoring:lexicon")
    terms: dict[str, list[LexiconTerm]] = {}
    for term in LexiconTerm.objects.all():
        terms.setdefault(term.topic, []).append(term)
    groups = [(TOPIC_LABELS.get(k, k), v) for k, v in terms.items()]
    model, _model = judgement.current_model()
    return render(
        request,
        "monitoring/lexicon.html",
        {
            "groups": groups,
            "form": form,
            "trial": trial,
            "trial_text": request.POST.get("trial", ""),
            "model": model,
            "decisions": services.decision_count(),
        },
    )
