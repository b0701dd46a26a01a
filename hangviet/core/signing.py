"""Digital signatures on our PDF copies, as Nghị định 30/2020 Phụ lục I describes them for
electronic documents, made and checked with pyHanko (PAdES baseline, ADR 10).

Two signatures go on a document, in this order:
- the signer's ("chữ ký số của người có thẩm quyền"): its image is the signature as on paper,
  centred between the signer's title and name; without an image, the signer's name and the
  signing time are written there;
- the agency's ("chữ ký số của cơ quan, tổ chức"): its image is the seal, covering about a
  third of the signer's image on the left; the agency's name and the signing time (ISO 8601,
  Vietnam's time zone) are in the signature.

Keys come from a PKCS#12 file or a PKCS#11 token (USB token or HSM), as the signing
configuration names them (docs/electronic-documents.md); a passphrase or PIN is read from the
environment variable the configuration names, never from the file itself.
"""

import asyncio
import functools
import io
import json
import os
import re
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any, ParamSpec, TypeVar
from zoneinfo import ZoneInfo

import font_roboto
from asn1crypto import pem
from asn1crypto import x509 as asn1_x509
from django.conf import settings
from django.utils.translation import gettext as _
from PIL import Image
from pyhanko.config.pkcs11 import TokenCriteria
from pyhanko.pdf_utils.font.opentype import GlyphAccumulatorFactory
from pyhanko.pdf_utils.images import PdfImage
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.pdf_utils.misc import PdfError
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.pdf_utils.text import TextBoxStyle
from pyhanko.sign import fields, signers, timestamps
from pyhanko.sign.diff_analysis import ModificationLevel
from pyhanko.sign.general import SigningError
from pyhanko.sign.pkcs11 import PKCS11Signer, open_pkcs11_session
from pyhanko.sign.signers.pdf_signer import PdfSignatureMetadata, PdfSigner
from pyhanko.sign.validation import validate_pdf_signature
from pyhanko.stamp import TextStampStyle
from pyhanko_certvalidator import ValidationContext
from pypdf import PdfReader
from pypdf.errors import PdfReadError

T = TypeVar("T")
P = ParamSpec("P")
VIETNAM = ZoneInfo("Asia/Ho_Chi_Minh")
SIGNER_FIELD, AGENCY_FIELD = "ChuKyNguoiCoThamQuyen", "ChuKyCoQuan"
PT_PER_CM = 72 / 2.54


class SigningUnavailable(RuntimeError):
    """Nothing can be signed as asked (no configuration, no key, a wrong PIN); the message
    says what the office's IT staff must set up."""


class SignatureInvalid(ValueError):
    """A PDF whose signature does not verify; the message says which and why."""


# --- configuration -----------------------------------------------------------------------


@dataclass(frozen=True)
class KeySource:
    """Where a key and its certificate are: a PKCS#12 file, or a PKCS#11 token."""

    pkcs12: str = ""
    passphrase_env: str = ""
    pkcs11_module: str = ""
    token_label: str = ""
    key_label: str = ""
    cert_label: str = ""
    pin_env: str = ""
    image: str = ""  # PNG with a transparent background: the signature, or the seal

    @classmethod
    def from_dict(cls, data: dict[str, Any], where: str) -> "KeySource":
        known = set(cls.__dataclass_fields__)
        unknown = set(data) - known
        if unknown:
            raise SigningUnavailable(
                _("The signing configuration has unknown settings for %(w)s: %(k)s.")
                % {"w": where, "k": ", ".join(sorted(unknown))}
            )
        source = cls(**{k: str(v) for k, v in data.items()})
        if bool(source.pkcs12) == bool(source.pkcs11_module):
            raise SigningUnavailable(
                _("%(w)s needs either a PKCS#12 file or a PKCS#11 module, not both or neither.")
                % {"w": where}
            )
        return source

    def secret(self) -> str | None:
        name = self.passphrase_env if self.pkcs12 else self.pin_env
        if not name:
            return None
        value = os.environ.get(name)
        if value is None:
            raise SigningUnavailable(
                _("The environment variable %(n)s (the key's passphrase or PIN) is not set.")
                % {"n": name}
            )
        return value


@dataclass(frozen=True)
class SigningConfig:
    agencies: dict[str, KeySource]  # by agency identification code
    signers: dict[str, KeySource]  # by user name
    trust_roots: list[str] = field(default_factory=list)  # PEM or DER certificate files
    timestamp_url: str = ""

    def trusted(self) -> list[asn1_x509.Certificate]:
        return [c for path in self.trust_roots for c in load_certificates(Path(path).read_bytes())]


def load_config(path: Path) -> SigningConfig:
    """Read the signing configuration (JSON) or say what is wrong with it."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise SigningUnavailable(
            _("The signing configuration %(p)s cannot be read: %(e)s") % {"p": path, "e": exc}
        ) from exc
    except ValueError as exc:
        raise SigningUnavailable(
            _("The signing configuration %(p)s is not valid JSON: %(e)s") % {"p": path, "e": exc}
        ) from exc
    if not isinstance(data, dict):
        raise SigningUnavailable(_("The signing configuration must be a JSON object."))
    return SigningConfig(
        agencies={
            code: KeySource.from_dict(v, code) for code, v in (data.get("agencies") or {}).items()
        },
        signers={
            name: KeySource.from_dict(v, name) for name, v in (data.get("signers") or {}).items()
        },
        trust_roots=[str(p) for p in data.get("trust_roots") or []],
        timestamp_url=str(data.get("timestamp_url") or ""),
    )


def configuration() -> SigningConfig | None:
    """The configuration named by HANGVIET_SIGNING_CONFIG, or None where signing is not set up."""
    path = getattr(settings, "SIGNING_CONFIG", "")
    if not path or not Path(path).exists():
        return None
    return load_config(Path(path))


def load_certificates(data: bytes) -> list[asn1_x509.Certificate]:
    if pem.detect(data):
        return [asn1_x509.Certificate.load(der) for _t, _h, der in pem.unarmor(data, multiple=True)]
    return [asn1_x509.Certificate.load(data)]


@contextmanager
def open_key(source: KeySource) -> Iterator[signers.Signer]:
    """Yield a pyHanko signer for the key; a token's session is closed afterwards."""
    secret = source.secret()
    if source.pkcs12:
        try:
            signer = signers.SimpleSigner.load_pkcs12(
                source.pkcs12, passphrase=secret.encode() if secret is not None else None
            )
        except (OSError, ValueError) as exc:
            raise SigningUnavailable(
                _("The key file %(p)s cannot be opened: %(e)s") % {"p": source.pkcs12, "e": exc}
            ) from exc
        if signer is None:
            raise SigningUnavailable(
                _("The key file %(p)s cannot be opened (a wrong passphrase?).")
                % {"p": source.pkcs12}
            )
        yield signer
        return
    try:
        session = open_pkcs11_session(
            source.pkcs11_module,
            token_criteria=_token_criteria(source.token_label),
            user_pin=secret,
        )
    except Exception as exc:  # python-pkcs11 raises many kinds; each means "no session"
        raise SigningUnavailable(
            _("The token “%(t)s” cannot be opened with %(m)s: %(e)s")
            % {"t": source.token_label, "m": source.pkcs11_module, "e": type(exc).__name__}
        ) from exc
    try:
        yield PKCS11Signer(
            session,
            cert_label=source.cert_label or source.key_label,
            key_label=source.key_label or source.cert_label,
        )
    finally:
        session.close()


def _token_criteria(label: str) -> TokenCriteria | None:
    return TokenCriteria(label=label) if label else None


# --- where the signatures go -------------------------------------------------------------


@dataclass(frozen=True)
class Placement:
    page: int  # 0-based
    signer_box: tuple[float, float, float, float]  # x1, y1, x2, y2 in points from bottom left
    agency_box: tuple[float, float, float, float]


def _skeleton(text: str) -> str:
    """The ASCII letters and digits of a text, upper case. LibreOffice writes some accented
    letters in a separate run (another font subset), so a line comes out of the PDF as
    "Nguy n Th  Thu H ng" + "ễ ị ằ"; both that line and the name typed have the skeleton
    "NGUYNTHTHUHNG"."""
    return re.sub(r"[^A-Z0-9]", "", text.upper())


def _positioned_lines(page: Any) -> list[tuple[float, float, str]]:
    """Each piece of text on a page with where it starts (x, y in points) and its skeleton."""
    lines: list[tuple[float, float, str]] = []

    def visit(text: str, cm: list[float], tm: list[float], *_a: Any) -> None:
        if text.strip():
            x = tm[4] * cm[0] + tm[5] * cm[2] + cm[4]
            y = tm[4] * cm[1] + tm[5] * cm[3] + cm[5]
            lines.append((x, y, _skeleton(text)))

    page.extract_text(visitor_text=visit)
    return lines


def signature_block(pdf: bytes, *, title: str, name: str) -> Placement:
    """Find the signature block on the document's last page it appears on: the space between
    the signer's title and the signer's name, in the right column."""
    try:
        reader = PdfReader(io.BytesIO(pdf))
        pages = list(reader.pages)
    except (PdfReadError, ValueError, OSError) as exc:
        raise SignatureInvalid(_("The file is not a readable PDF.")) from exc
    want_title, want_name = _skeleton(title.split("\n")[-1]), _skeleton(name)
    for index in range(len(pages) - 1, -1, -1):
        lines = _positioned_lines(pages[index])
        titles = [(x, y) for x, y, t in lines if want_title and want_title == t]
        names = [(x, y) for x, y, t in lines if want_name and want_name == t]
        pairs = [(t, n) for t in titles for n in names if 0 < t[1] - n[1] < 200]
        if not pairs:
            continue
        (tx, ty), (nx, ny) = min(pairs, key=lambda p: p[0][1] - p[1][1])
        width = float(pages[index].mediabox.width)
        column_left = max(tx, nx, width / 2 - 20) if max(tx, nx) > width / 2 - 40 else width / 2
        column_right = width - 1.5 * PT_PER_CM
        centre = (column_left + column_right) / 2
        top, bottom = ty - 4, ny + 14
        height = max(top - bottom, 40.0)
        signer_w = min(4.5 * PT_PER_CM, column_right - column_left)
        signer = (centre - signer_w / 2, bottom, centre + signer_w / 2, bottom + height)
        seal = min(3.6 * PT_PER_CM, height + 20)
        right = signer[0] + signer_w / 3
        agency = (
            right - seal,
            bottom + height / 2 - seal / 2,
            right,
            bottom + height / 2 + seal / 2,
        )
        return Placement(page=index, signer_box=signer, agency_box=agency)
    raise SignatureInvalid(
        _("The signature block (“%(t)s” above “%(n)s”) was not found in the PDF.")
        % {"t": title.split("\n")[-1], "n": name}
    )


# --- signing -----------------------------------------------------------------------------


def _font() -> GlyphAccumulatorFactory:
    return GlyphAccumulatorFactory(font_roboto.Roboto)


def _style(text: str, image: str) -> TextStampStyle:
    if image:  # the picture alone, as Nghị định 30 shows it; the details are in the signature
        return TextStampStyle(
            stamp_text="",
            background=PdfImage(Image.open(image)),
            background_opacity=1.0,
            border_width=0,
        )
    return TextStampStyle(
        stamp_text=text,
        text_box_style=TextBoxStyle(font=_font(), font_size=7, leading=9),
        border_width=0,
    )


def _off_the_loop(function: Callable[P, T]) -> Callable[P, T]:
    """Run `function` here, or in a worker thread when this thread runs an asyncio loop:
    pyHanko's synchronous calls start their own loop, which a running one forbids (an ASGI
    server, a browser-driving test)."""

    @functools.wraps(function)
    def run(*args: P.args, **kwargs: P.kwargs) -> T:
        try:
            asyncio.get_running_loop()
        except RuntimeError:
            return function(*args, **kwargs)
        with ThreadPoolExecutor(max_workers=1) as pool:
            return pool.submit(function, *args, **kwargs).result()

    return run


@_off_the_loop
def sign(
    pdf: bytes,
    *,
    key: signers.Signer,
    field_name: str,
    box: tuple[float, float, float, float],
    page: int,
    text: str,
    image: str = "",
    reason: str = "",
    location: str = "",
    name: str = "",
    timestamp_url: str = "",
    at: datetime | None = None,
) -> bytes:
    """Return the PDF with one more PAdES signature, visible in `box` on `page`, added as an
    incremental update (earlier signatures stay valid). `text` may use %(ts)s for the
    signing time, written in ISO 8601 with Vietnam's offset."""
    when = (at or datetime.now(tz=VIETNAM)).astimezone(VIETNAM).replace(microsecond=0)
    try:
        writer = IncrementalPdfFileWriter(io.BytesIO(pdf), strict=False)
        fields.append_signature_field(
            writer,
            fields.SigFieldSpec(
                sig_field_name=field_name,
                on_page=page,
                box=(round(box[0]), round(box[1]), round(box[2]), round(box[3])),
            ),
        )
        meta = PdfSignatureMetadata(
            field_name=field_name,
            md_algorithm="sha256",
            subfilter=fields.SigSeedSubFilter.PADES,
            reason=reason or None,
            location=location or None,
            name=name or None,
        )
        timestamper = timestamps.HTTPTimeStamper(timestamp_url) if timestamp_url else None
        out = PdfSigner(
            meta, signer=key, timestamper=timestamper, stamp_style=_style(text, image)
        ).sign_pdf(writer, appearance_text_params={"ts": when.isoformat()})
    except (SigningError, PdfError, OSError) as exc:
        raise SigningUnavailable(_("The PDF could not be signed: %(e)s") % {"e": exc}) from exc
    return bytes(out.getbuffer())


def page_count(pdf: bytes) -> int:
    try:
        return len(PdfReader(io.BytesIO(pdf)).pages)
    except (PdfReadError, ValueError, OSError):
        return 0


# --- checking ----------------------------------------------------------------------------


# What was changed in a signed PDF after a signature, as pyHanko's difference analysis says.
UNCHANGED, SIGNED_AGAIN, FILLED_IN, ANNOTATED, CHANGED = (
    "unchanged",  # nothing after this signature
    "signed_again",  # only later signatures, timestamps and validation data
    "filled_in",  # form fields filled in (a later signature's field, its appearance)
    "annotated",  # comments or other annotations added
    "changed",  # anything else: page content, the text, objects replaced
)
_MODIFICATIONS = {
    ModificationLevel.NONE: UNCHANGED,
    ModificationLevel.LTA_UPDATES: SIGNED_AGAIN,
    ModificationLevel.FORM_FILLING: FILLED_IN,
    ModificationLevel.ANNOTATIONS: ANNOTATED,
    ModificationLevel.OTHER: CHANGED,
}


@dataclass(frozen=True)
class SignatureCheck:
    field_name: str
    signer: str  # the certificate's subject, as a person reads it
    signed_at: datetime | None
    intact: bool  # the signed bytes are unchanged
    valid: bool  # the cryptographic signature is correct
    trusted: bool  # the certificate chains to a trusted root
    covers_whole_file: bool  # nothing but later signatures was added after this one
    timestamped: bool = False  # a timestamp authority's token vouches for the signing time
    modification: str = UNCHANGED  # what was done to the file after this signature
    signer_name: str = ""  # the certificate's common name ("Nguyễn Thị Thu Hằng")

    @property
    def changed_after(self) -> bool:
        """Something other than signatures, form filling or comments was changed after this
        signature (a page's text replaced by an incremental update, say)."""
        return self.modification == CHANGED

    @property
    def ok(self) -> bool:
        """The signature verifies and what it signed still reads as signed."""
        return self.intact and self.valid and not self.changed_after

    def describe(self, trust_checked: bool) -> str:
        """One sentence for a person: who signed, whether it holds, whether they are trusted."""
        if not (self.intact and self.valid):
            state = _("does not verify: the signed bytes were changed or the signature is damaged")
        elif self.changed_after:
            state = _(
                "verifies, but the document was changed after it was signed (its content was "
                "replaced by a later update)"
            )
        elif self.modification == ANNOTATED:
            state = _("verifies; comments were added after signing")
        else:
            state = _("verifies; nothing was changed after signing")
        if not trust_checked:
            trust = _("the certificate was not checked against a trusted authority")
        elif self.trusted:
            trust = _("the certificate chains to a trusted authority")
        else:
            trust = _("the certificate does NOT chain to a trusted authority")
        return _("Signature of %(who)s %(state)s; %(trust)s.") % {
            "who": self.signer_name or self.signer or self.field_name,
            "state": state,
            "trust": trust,
        }


@_off_the_loop
def verify(
    pdf: bytes, trust_roots: list[asn1_x509.Certificate] | None = None
) -> list[SignatureCheck]:
    """Check every signature of a PDF, and what was changed after each; an unreadable file
    raises `SignatureInvalid`. Trust is only judged against the roots given."""
    try:
        reader = PdfFileReader(io.BytesIO(pdf), strict=False)
        embedded = list(reader.embedded_signatures)
    except Exception as exc:  # a hostile file raises anything from deep inside the reader
        raise SignatureInvalid(
            _("The PDF cannot be read, so its signatures cannot be checked.")
        ) from exc
    context = ValidationContext(trust_roots=trust_roots or [], allow_fetching=False)
    checks = []
    for signature in embedded:
        try:
            status = validate_pdf_signature(signature, context)
        except Exception as exc:  # a damaged signature raises from deep inside the validator
            raise SignatureInvalid(
                _("The signature “%(f)s” in the PDF cannot be checked: it is damaged.")
                % {"f": signature.field_name}
            ) from exc
        cert = signature.signer_cert
        level = status.modification_level
        modification = CHANGED if level is None else _MODIFICATIONS[level]
        checks.append(
            SignatureCheck(
                field_name=signature.field_name,
                signer=cert.subject.human_friendly if cert is not None else "",
                signed_at=signature.self_reported_timestamp,
                intact=bool(status.intact),
                valid=bool(status.valid),
                trusted=bool(status.trusted),
                covers_whole_file=modification in (UNCHANGED, SIGNED_AGAIN, FILLED_IN),
                timestamped=status.timestamp_validity is not None
                and bool(status.timestamp_validity.intact and status.timestamp_validity.valid),
                modification=modification,
                signer_name=str(cert.subject.native.get("common_name", "")) if cert else "",
            )
        )
    return checks


def trust_roots() -> list[asn1_x509.Certificate]:
    """The trusted roots of the signing configuration (none where signing is not set up)."""
    try:
        config = configuration()
    except SigningUnavailable:
        return []
    return config.trusted() if config is not None else []


def require_intact(pdf: bytes) -> list[SignatureCheck]:
    """Refuse a signed PDF whose signatures do not verify, or whose content was changed after
    a signature; return the checks (maybe none), trust judged against the configured roots."""
    checks = verify(pdf, trust_roots())
    broken = [c for c in checks if not c.ok]
    if broken:
        raise SignatureInvalid(
            _(
                "The PDF is refused as a signed document. %(what)s Ask the sender for the "
                "document as it was signed."
            )
            % {"what": broken[0].describe(trust_checked=bool(trust_roots()))}
        )
    return checks
