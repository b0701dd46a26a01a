"""`hangviet exchange`: the exchange desk from the command line (what a provincial IT office
runs beside its integration platform).

    hangviet exchange peer CODE --name … --transport folder --address /srv/lgsp/mttq
    hangviet exchange peers
    hangviet exchange send --copy ID --as USER [--business replace|revoke --reason …]
    hangviet exchange deliver            # carry what waits (the scheduler does it every minute)
    hangviet exchange receive            # read the folder partners' incoming folders
    hangviet exchange answer PACKAGE --as USER acknowledge|refuse|processing|done [--reason …]
    hangviet exchange status [--package ID]
    hangviet exchange qcvn125 --copy ID --out DIR   # the figures and status, QCVN 125:2021
"""

import json
from pathlib import Path
from typing import Any

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone
from django.utils.translation import gettext as _

from hangviet.exchange import qcvn125, services, transports
from hangviet.exchange.models import Package, Peer
from hangviet.reporting.models import SignedCopy


class Command(BaseCommand):
    help = "The exchange desk: partners, sending, delivering, receiving, answering, statuses."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        peer = sub.add_parser("peer", help="add or change an exchange partner")
        peer.add_argument("code", help="the partner's agency identification code")
        peer.add_argument("--name", required=True)
        peer.add_argument("--transport", choices=["folder", "http"], required=True)
        peer.add_argument("--address", required=True, help="a folder, or the partner's URL")
        peer.add_argument("--secret", default="", help="the shared key (HTTP)")
        peer.add_argument("--off", action="store_true", help="stop using this partner")
        sub.add_parser("peers", help="list the partners")
        send = sub.add_parser("send", help="send a signed report to its addressee")
        send.add_argument("--copy", type=int, required=True, help="the signed copy's id")
        send.add_argument("--as", dest="username", required=True, help="the signer's user name")
        send.add_argument("--business", choices=["new", "replace", "revoke"], default="")
        send.add_argument("--reason", default="")
        sub.add_parser("deliver", help="carry what waits to the partners")
        sub.add_parser("receive", help="read the folder partners' incoming folders")
        answer = sub.add_parser("answer", help="answer a package received")
        answer.add_argument("package", type=int)
        answer.add_argument("what", choices=["acknowledge", "refuse", "processing", "done"])
        answer.add_argument("--as", dest="username", required=True)
        answer.add_argument("--reason", default="")
        status = sub.add_parser("status", help="the packages and their status history")
        status.add_argument("--package", type=int)
        national = sub.add_parser("qcvn125", help="a signed report as QCVN 125:2021 packages")
        national.add_argument("--copy", type=int, required=True, help="the signed copy's id")
        national.add_argument("--out", required=True, help="the folder to write them in")

    def handle(self, *args: Any, action: str, **options: Any) -> None:
        try:
            getattr(self, f"do_{action}")(**options)
        except (ValidationError, PermissionDenied) as exc:
            messages = exc.messages if isinstance(exc, ValidationError) else [str(exc)]
            raise CommandError(" ".join(messages)) from exc

    def _user(self, username: str) -> Any:
        user = get_user_model().objects.filter(username=username, is_active=True).first()
        if user is None:
            raise CommandError(_("No active user is called %(u)s.") % {"u": username})
        return user

    def do_peer(
        self,
        *,
        code: str,
        name: str,
        transport: str,
        address: str,
        secret: str,
        off: bool,
        **_options: Any,
    ) -> None:
        fields = {"name": name, "transport": transport, "address": address, "active": not off}
        if secret:
            fields["secret"] = secret
        peer = services.peer_save(by=None, agency_code=code, **fields)
        self.stdout.write(_("Partner saved: %(p)s") % {"p": peer})

    def do_peers(self, **_options: Any) -> None:
        for peer in Peer.objects.all():
            state = "" if peer.active else _(" (not in use)")
            self.stdout.write(
                f"{peer.agency_code}\t{peer.get_transport_display()}\t{peer.address}\t"
                f"{peer.name}{state}"
            )

    def do_send(
        self, *, copy: int, username: str, business: str, reason: str, **_options: Any
    ) -> None:
        signed = SignedCopy.objects.filter(pk=copy).first()
        if signed is None:
            raise CommandError(_("No signed copy has the id %(i)s.") % {"i": copy})
        package = services.copy_send(
            copy=signed, by=self._user(username), business=business, reason=reason
        )
        self.stdout.write(
            _("Package %(id)s (%(b)s) waits for %(r)s.")
            % {"id": package.pk, "b": package.get_business_display(), "r": package.receiver_code}
        )
        self.do_deliver()

    def do_deliver(self, **_options: Any) -> None:
        carried, failed = services.deliver_due()
        self.stdout.write(_("Carried: %(c)s, not through: %(f)s.") % {"c": carried, "f": failed})

    def do_receive(self, **_options: Any) -> None:
        for peer in Peer.objects.filter(transport="folder", active=True):
            for path in transports.incoming_files(peer):
                result = services.receive(path.read_bytes())
                refused = result.reason if result.state == "refused" else ""
                transports.file_away(path, refused)
                self.stdout.write(f"{path.name}\t{result.state}\t{result.reason}")
        self.do_deliver()

    def do_answer(
        self, *, package: int, what: str, username: str, reason: str, **_options: Any
    ) -> None:
        found = Package.objects.filter(pk=package).first()
        if found is None:
            raise CommandError(_("No package has the id %(i)s.") % {"i": package})
        user = self._user(username)
        if what == "acknowledge":
            services.package_acknowledge(package=found, by=user)
        elif what == "refuse":
            services.package_refuse(package=found, reason=reason, by=user)
        else:
            services.package_progress(package=found, state=what, note=reason, by=user)
        found.refresh_from_db()
        self.stdout.write(f"{found.pk}\t{found.state}")
        self.do_deliver()

    def do_qcvn125(self, *, copy: int, out: str, **_options: Any) -> None:
        signed = SignedCopy.objects.filter(pk=copy).first()
        if signed is None:
            raise CommandError(_("No signed copy has the id %(i)s.") % {"i": copy})
        folder = Path(out)
        folder.mkdir(parents=True, exist_ok=True)
        for name, package in qcvn125.packages(signed).items():
            (folder / name).write_text(
                json.dumps(package, ensure_ascii=False, indent=1), encoding="utf-8"
            )
            self.stdout.write(str(folder / name))

    def do_status(self, *, package: int | None, **_options: Any) -> None:
        packages = Package.objects.all()
        if package:
            packages = packages.filter(pk=package)
        for p in packages.prefetch_related("events"):
            self.stdout.write(
                f"{p.pk}\t{p.get_direction_display()}\t{p.get_business_display()}\t"
                f"{p.number}\t{p.sender_code}→{p.receiver_code}\t{p.state}"
            )
            for e in p.events.all():
                when = timezone.localtime(e.at).strftime("%d/%m/%Y %H:%M:%S")
                who = _("addressee") if e.remote else (e.by.get_username() if e.by else "")
                self.stdout.write(f"\t{when}\t{e.state}\t{who}\t{e.reason}")
