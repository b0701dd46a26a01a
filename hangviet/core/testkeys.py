"""Throw-away certificates for the tests and the demo: a root CA made on the spot, and the
certificates it issues to a person (the signer) and to an agency. Nothing here is ever a real
key; each run makes new ones, and none is committed (docs/electronic-documents.md)."""

import json
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

import font_roboto
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.hazmat.primitives.serialization import pkcs12
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID
from PIL import Image, ImageDraw, ImageFont

KEY_BITS = 2048


@dataclass
class Issued:
    key: rsa.RSAPrivateKey
    certificate: x509.Certificate

    def pem(self) -> bytes:
        return self.certificate.public_bytes(serialization.Encoding.PEM)

    def pkcs12(self, passphrase: bytes | None, chain: list[x509.Certificate]) -> bytes:
        return pkcs12.serialize_key_and_certificates(
            name=self.certificate.subject.rfc4514_string().encode(),
            key=self.key,
            cert=self.certificate,
            cas=chain,
            encryption_algorithm=serialization.BestAvailableEncryption(passphrase)
            if passphrase
            else serialization.NoEncryption(),
        )

    def key_der(self) -> bytes:
        return self.key.private_bytes(
            serialization.Encoding.DER,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )

    def key_pem(self) -> bytes:
        return self.key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )

    def certificate_der(self) -> bytes:
        return self.certificate.public_bytes(serialization.Encoding.DER)


def _bounded(text: str, limit: int = 64) -> str:
    """`text` cut to at most `limit` bytes of UTF-8 (what the library counts), whole letters."""
    return text.encode("utf-8")[:limit].decode("utf-8", "ignore").rstrip()


def _name(common: str, organisation: str = "") -> x509.Name:
    """A subject name; each part at most 64 bytes (RFC 5280's upper bound), as issuers
    shorten a long agency name ("Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh Thái Nguyên")."""
    parts = [x509.NameAttribute(NameOID.COUNTRY_NAME, "VN")]
    if organisation:
        parts.append(x509.NameAttribute(NameOID.ORGANIZATION_NAME, _bounded(organisation)))
    parts.append(x509.NameAttribute(NameOID.COMMON_NAME, _bounded(common)))
    return x509.Name(parts)


def _builder(
    subject: x509.Name, issuer: x509.Name, key: rsa.RSAPrivateKey, *, ca: bool, days: int
) -> x509.CertificateBuilder:
    """A certificate's common part: validity from yesterday, basic constraints, key usage
    (a CA signs certificates and lists; a signer signs, with non-repudiation)."""
    now = datetime.now(UTC)
    return (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(issuer)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - timedelta(days=1))
        .not_valid_after(now + timedelta(days=days))
        .add_extension(x509.BasicConstraints(ca=ca, path_length=None), critical=True)
        .add_extension(
            x509.KeyUsage(
                digital_signature=True,
                content_commitment=not ca,
                key_encipherment=False,
                data_encipherment=False,
                key_agreement=False,
                key_cert_sign=ca,
                crl_sign=ca,
                encipher_only=False,
                decipher_only=False,
            ),
            critical=True,
        )
    )


def make_ca(common: str = "hangviet test root CA (throw-away)") -> Issued:
    key = rsa.generate_private_key(public_exponent=65537, key_size=KEY_BITS)
    name = _name(common)
    cert = (
        _builder(name, name, key, ca=True, days=3650)
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False)
        .sign(key, hashes.SHA256())
    )
    return Issued(key, cert)


def issue(ca: Issued, common: str, organisation: str = "", *, timestamping: bool = False) -> Issued:
    """A signing certificate from `ca` for a person or an agency, or for a timestamp
    authority (`timestamping`: the time-stamping extended key usage, critical, as RFC 3161
    requires)."""
    key = rsa.generate_private_key(public_exponent=65537, key_size=KEY_BITS)
    subject = _name(common, organisation)
    cert = (
        _builder(subject, ca.certificate.subject, key, ca=False, days=730)
        .add_extension(
            x509.ExtendedKeyUsage(
                [ExtendedKeyUsageOID.TIME_STAMPING]
                if timestamping
                else [ExtendedKeyUsageOID.EMAIL_PROTECTION]
            ),
            critical=timestamping,
        )
        .add_extension(
            x509.AuthorityKeyIdentifier.from_issuer_public_key(ca.key.public_key()),
            critical=False,
        )
        .sign(ca.key, hashes.SHA256())
    )
    return Issued(key, cert)


def demo_seal(text: str, path: Path) -> None:
    """A round red "seal" marked as a specimen, with a transparent background."""
    size = 420
    image = Image.new("RGBA", (size, size), (0, 0, 0, 0))
    draw = ImageDraw.Draw(image)
    red = (200, 16, 46, 235)
    draw.ellipse((8, 8, size - 8, size - 8), outline=red, width=14)
    draw.ellipse((44, 44, size - 44, size - 44), outline=red, width=5)
    font = ImageFont.truetype(font_roboto.RobotoBold, 40)
    small = ImageFont.truetype(font_roboto.RobotoBold, 30)
    draw.text((size / 2, size / 2 - 26), text, fill=red, font=font, anchor="mm")
    draw.text((size / 2, size / 2 + 30), "MẪU THỬ", fill=red, font=small, anchor="mm")
    image.save(path)


def demo_signature(text: str, path: Path) -> None:
    """A blue handwritten-looking line with the name, marked as a specimen."""
    image = Image.new("RGBA", (520, 200), (0, 0, 0, 0))
    draw = ImageDraw.Draw(image)
    blue = (20, 50, 160, 255)
    font = ImageFont.truetype(font_roboto.RobotoItalic, 46)
    draw.text((260, 80), text, fill=blue, font=font, anchor="mm")
    draw.line((60, 130, 460, 118), fill=blue, width=5)
    draw.text(
        (260, 170),
        "(chữ ký mẫu thử)",
        fill=blue,
        font=ImageFont.truetype(font_roboto.Roboto, 24),
        anchor="mm",
    )
    image.save(path)


def write_demo_keys(
    folder: Path,
    *,
    agencies: dict[str, tuple[str, str]],
    signers: dict[str, str],
    passphrase_env: str = "",
) -> Path:
    """Make a throw-away CA and PKCS#12 files for the demo's agencies (code → (name,
    abbreviation)) and signers (user name → full name), with specimen seal and signature
    images; write the signing configuration and return its path. With `passphrase_env` the
    files are protected by DEMO_PASSPHRASE, read from that variable; without, they have no
    passphrase (the demo's throw-away keys only: a real key always has one)."""
    folder.mkdir(parents=True, exist_ok=True)
    ca = make_ca("hangviet demo CA (throw-away, not a real certificate)")
    (folder / "demo-ca.pem").write_bytes(ca.pem())
    passphrase = DEMO_PASSPHRASE.encode() if passphrase_env else None
    config: dict[str, object] = {
        "trust_roots": [str(folder / "demo-ca.pem")],
        "timestamp_url": "",
        "agencies": {},
        "signers": {},
    }
    for code, (name, abbreviation) in agencies.items():
        issued = issue(ca, name, name)
        p12 = folder / f"agency-{code}.p12"
        p12.write_bytes(issued.pkcs12(passphrase, [ca.certificate]))
        seal = folder / f"seal-{code}.png"
        demo_seal(abbreviation or "ĐƠN VỊ", seal)
        config["agencies"][code] = {  # type: ignore[index]
            "pkcs12": str(p12),
            "passphrase_env": passphrase_env,
            "image": str(seal),
        }
    for username, full_name in signers.items():
        issued = issue(ca, full_name)
        p12 = folder / f"signer-{username}.p12"
        p12.write_bytes(issued.pkcs12(passphrase, [ca.certificate]))
        picture = folder / f"signature-{username}.png"
        demo_signature(full_name, picture)
        config["signers"][username] = {  # type: ignore[index]
            "pkcs12": str(p12),
            "passphrase_env": passphrase_env,
            "image": str(picture),
        }
    path = folder / "signing.json"
    path.write_text(json.dumps(config, ensure_ascii=False, indent=2), encoding="utf-8")
    return path


DEMO_PASSPHRASE_ENV = "HANGVIET_DEMO_KEY_PASSPHRASE"
DEMO_PASSPHRASE = "hangviet-demo"
