"""Grassroots radio pages: bulletins, their audio, the broadcast schedule and log."""

from datetime import datetime, timedelta

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from hangviet.core import heartbeat
from hangviet.core.params import id_param
from hangviet.core.typing import is_htmx
from hangviet.core.web import download
from hangviet.directory.models import Fair, ListingStatus
from hangviet.orgs.permissions import Action, User
from hangviet.plans.models import Theme
from hangviet.plans.policy import plans_for
from hangviet.radio import packaging, policy, services, speech
from hangviet.radio.forms import BulletinForm, ScheduleForm
from hangviet.radio.models import Bulletin, SpokenForm, SynthesisStatus
from hangviet.radio.selectors import spoken_forms
from hangviet.radio.tasks import synthesize_bulletin


def _themes_for(user: User) -> list[Theme]:
    plans = list(plans_for(user))
    return list(
        Theme.objects.filter(plan__in=plans, parent__isnull=True)
        .select_related("plan")
        .order_by("-plan__issue_year", "order")
    )


@login_required
def bulletin_list(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    bulletins = policy.bulletins_for(request.user)
    show_all = request.GET.get("tat-ca") == "1"
    if not show_all:
        bulletins = bulletins.filter(valid_until__gte=today)
    return render(
        request,
        "radio/list.html",
        {
            "bulletins": bulletins.order_by("-valid_from", "-id")[:200],
            "show_all": show_all,
            "may_write": policy.author_unit(request.user) is not None,
            "may_keep_forms": policy.may_keep_spoken_forms(request.user),
        },
    )


@login_required
def bulletin_new(request: HttpRequest) -> HttpResponse:
    unit = policy.author_unit(request.user)
    if unit is None:
        raise PermissionDenied(_("You have no unit to write bulletins for."))
    initial = {
        "valid_from": timezone.localdate(),
        "valid_until": timezone.localdate() + timedelta(days=14),
        "priority": "normal",
    }
    source = None
    from_activity = id_param(request.GET, "tu-hoat-dong")
    if from_activity is not None:
        # Built from a confirmed press article of the campaign column.
        source = policy.source_activity_for(request.user, from_activity)
        initial.update(
            {"title": source.title[:200], "text": f"{source.title}.\n{source.summary}".strip()}
        )
    return _bulletin_form(request, Bulletin(unit=unit, source_activity=source), initial)


@login_required
def bulletin_edit(request: HttpRequest, pk: int) -> HttpResponse:
    bulletin = policy.bulletin_for(request.user, pk, Action.EDIT)
    initial = {
        "title": bulletin.title,
        "text": bulletin.text,
        "priority": bulletin.priority,
        "theme": bulletin.theme_id,
        "valid_from": bulletin.valid_from,
        "valid_until": bulletin.valid_until,
        "communes": list(bulletin.communes.values_list("pk", flat=True)),
    }
    return _bulletin_form(request, bulletin, initial)


def _bulletin_form(request: HttpRequest, bulletin: Bulletin, initial: dict) -> HttpResponse:
    communes = list(policy.communes_for(request.user))
    themes = _themes_for(request.user)
    form = BulletinForm(request.POST or None, initial=initial, themes=themes, communes=communes)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        wanted = set(data.pop("communes"))
        chosen = [c for c in communes if c.pk in wanted]
        theme_id = data.pop("theme")
        data["theme"] = next((t for t in themes if t.pk == theme_id), None)
        data["plan"] = data["theme"].plan if data["theme"] else None
        try:
            saved = services.bulletin_save(
                bulletin=bulletin, by=request.user, communes=chosen, **data
            )
        except ValidationError as exc:
            if hasattr(exc, "error_dict"):
                for field, errors in exc.message_dict.items():
                    form.add_error(field if field in form.fields else None, errors)
            else:
                form.add_error(None, exc.messages)
        else:
            messages.success(request, _("The bulletin was saved."))
            return redirect("radio:detail", saved.pk)
    return render(request, "radio/form.html", {"form": form, "bulletin": bulletin})


@login_required
def bulletin_detail(request: HttpRequest, pk: int) -> HttpResponse:
    bulletin = policy.bulletin_for(request.user, pk)
    my_communes = [c for c in bulletin.communes.all() if policy.may_schedule_in(request.user, c)]
    form = ScheduleForm(
        request.POST or None,
        communes=my_communes,
        initial={
            "day": timezone.localdate(),
            "commune": my_communes[0].pk if my_communes else None,
        },
    )
    if request.method == "POST":
        if not my_communes:
            raise PermissionDenied
        if form.is_valid():
            commune = next(c for c in my_communes if c.pk == form.cleaned_data["commune"])
            try:
                made = services.broadcasts_plan(
                    bulletin=bulletin,
                    commune=commune,
                    by=request.user,
                    day=form.cleaned_data["day"],
                    times=form.cleaned_data["times"],
                    repetitions=form.cleaned_data["repetitions"],
                    clusters=form.cleaned_data["clusters"],
                )
            except ValidationError as exc:
                for field, errors in exc.message_dict.items():
                    form.add_error(field if field in form.fields else None, errors)
            else:
                messages.success(request, _("%(n)s broadcast(s) planned.") % {"n": len(made)})
                return redirect("radio:detail", bulletin.pk)
    broadcasts = policy.broadcasts_for(request.user, bulletin)
    return render(
        request,
        "radio/detail.html",
        {
            "bulletin": bulletin,
            "communes": bulletin.communes.order_by("name"),
            "broadcasts": broadcasts,
            "form": form,
            "may_schedule": bool(my_communes),
            "may_edit": policy.may_edit(request.user, bulletin),
            "spoken_preview": speech.normalize(bulletin.text, spoken_forms()),
            "today": timezone.localdate(),
            **_audio_state(bulletin),
        },
    )


def _audio_state(bulletin: Bulletin) -> dict[str, object]:
    """Whether the audio is being produced (the panel then polls) and, if its task is not
    running any more, what to say and offer."""
    working = bulletin.synthesis_status in (SynthesisStatus.QUEUED, SynthesisStatus.RUNNING)
    stalled, restart = _stalled(bulletin) if working else ("", False)
    return {"working": working, "stalled": stalled, "restart": restart}


@login_required
def bulletin_audio(request: HttpRequest, pk: int) -> HttpResponse:
    """The audio panel (polled by htmx while the audio is being produced); POST asks for it."""
    bulletin = policy.bulletin_for(request.user, pk)
    if request.method == "POST":
        try:
            bulletin = services.synthesis_request(bulletin=bulletin, by=request.user)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        if not is_htmx(request):
            return redirect("radio:detail", bulletin.pk)
    return render(
        request,
        "radio/_audio.html",
        {
            "bulletin": bulletin,
            "may_edit": policy.may_edit(request.user, bulletin),
            **_audio_state(bulletin),
        },
    )


# A request no worker has taken up after this long may be lost with its queue: offer a restart.
WAITING_TOO_LONG = timedelta(minutes=5)


def _at(moment: datetime) -> str:
    return timezone.localtime(moment).strftime("%H:%M %d/%m/%Y")


def _stalled(bulletin: Bulletin) -> tuple[str, bool]:
    """What to say when the audio's task is not being run (its worker died, or no worker has
    taken it up), and whether to offer starting it again: not while a task put back in its
    queue a moment ago waits for a worker (it would run twice)."""
    task = heartbeat.state_of(synthesize_bulletin.module_path, [bulletin.pk])
    if task.alive:
        return "", False
    now = timezone.now()
    if task.requeued_at is not None:
        said = _(
            "The worker producing the audio stopped; the work was put back in the queue "
            "automatically at %(time)s (re-run %(n)s) and continues as soon as a worker takes "
            "it up."
        ) % {"time": _at(task.requeued_at), "n": task.reruns}
        waited_long = now - task.requeued_at > WAITING_TOO_LONG
        if waited_long:
            said += " " + _("No worker has taken it up since; you can start it again.")
        return said, waited_long
    asked = bulletin.synthesis_requested_at
    if asked is None:
        return "", False
    waited = now - asked
    if bulletin.synthesis_status == SynthesisStatus.RUNNING and waited > heartbeat.dead_after():
        return _("No worker is producing the audio any more (asked at %(time)s).") % {
            "time": _at(asked)
        }, True
    if waited > WAITING_TOO_LONG:
        return _("No worker has taken up the audio since %(time)s; you can start it again.") % {
            "time": _at(asked)
        }, True
    return "", False


@login_required
def bulletin_download(request: HttpRequest, pk: int, fmt: str) -> FileResponse:
    bulletin = policy.bulletin_for(request.user, pk)
    field = {"wav": bulletin.audio_wav, "mp3": bulletin.audio_mp3}.get(fmt)
    if not field:
        raise Http404
    return FileResponse(
        field.open("rb"),
        as_attachment=request.GET.get("tai") == "1",
        filename=f"ban-tin-{bulletin.pk}.{fmt}",
        content_type="audio/wav" if fmt == "wav" else "audio/mpeg",
    )


@login_required
def bulletin_package(request: HttpRequest, pk: int) -> HttpResponse:
    bulletin = policy.bulletin_for(request.user, pk)
    response = download(
        packaging.package(bulletin), "application/zip", packaging.package_name(bulletin)
    )
    return response


@login_required
@require_POST
def broadcast_done(request: HttpRequest, pk: int) -> HttpResponse:
    broadcast = policy.broadcast_for(request.user, pk)
    try:
        services.broadcast_done(broadcast=broadcast, by=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("Recorded: the broadcast now counts in the report."))
    return redirect("radio:detail", broadcast.bulletin_id)


@login_required
def spoken_form_list(request: HttpRequest) -> HttpResponse:
    """How the loudspeaker reads local abbreviations: the coordinator's list."""
    policy.require_keep_spoken_forms(request.user)
    if request.method == "POST":
        try:
            if request.POST.get("action") == "delete":
                form = SpokenForm.objects.filter(pk=id_param(request.POST, "id") or 0).first()
                if form is None:
                    raise Http404
                services.spoken_form_delete(form=form, by=request.user)
                messages.success(request, _("Removed."))
            else:
                services.spoken_form_save(
                    written=request.POST.get("written", ""),
                    spoken=request.POST.get("spoken", ""),
                    by=request.user,
                )
                messages.success(request, _("Saved: every bulletin is read with it from now on."))
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        return redirect("radio:spoken_forms")
    sample = request.GET.get("thu", "")[:500]
    return render(
        request,
        "radio/spoken_forms.html",
        {
            "forms": SpokenForm.objects.all(),
            "sample": sample,
            "sample_spoken": speech.normalize(sample, spoken_forms()) if sample else "",
        },
    )


@login_required
@require_POST
def bulletin_from_fair(request: HttpRequest, fair_pk: int) -> HttpResponse:
    """Draft the invitation to a fair for the communes around it, written for the province
    the fair's commune belongs to; the author then reviews it on the usual edit page."""
    fair = (
        Fair.objects.filter(pk=fair_pk, status=ListingStatus.PUBLIC)
        .select_related("commune")
        .first()
    )
    if fair is None or fair.commune is None:
        raise Http404(_("No such fair, or it has no commune."))
    within = fair.commune.parent or fair.commune
    try:
        bulletin = services.bulletin_from_fair(fair=fair, within=within, by=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect("directory:listing", "hoi-cho", fair.pk)
    messages.success(request, _("Draft bulletin written: check the text and the communes."))
    return redirect("radio:edit", pk=bulletin.pk)
