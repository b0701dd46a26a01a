"""PDF copies of the documents we write, made by LibreOffice (headless) from the DOCX, so the
PDF has exactly the layout of the Nghị định 30 document. The copy is PDF/A-2b (ISO 19005-2,
the archival form: every font embedded, colours and metadata self-contained), which a PAdES
signature added later as an incremental update keeps."""

import shutil
import subprocess
import tempfile
from pathlib import Path

from django.utils.translation import gettext as _

TIMEOUT_SECONDS = 120
# LibreOffice's PDF export filter with its options: PDF/A-2b.
PDF_A_FILTER = 'pdf:writer_pdf_Export:{"SelectPdfVersion":{"type":"long","value":"2"}}'


class PdfUnavailable(RuntimeError):
    """No PDF can be made here (LibreOffice is missing or failed); the message says why."""


def soffice() -> str | None:
    """Return the LibreOffice program, or None where it is not installed."""
    return shutil.which("soffice") or shutil.which("libreoffice")


def docx_to_pdf(data: bytes) -> bytes:
    """Return the PDF of a DOCX. Each conversion has its own LibreOffice profile, so
    conversions running at the same time do not wait for each other's lock."""
    program = soffice()
    if program is None:
        raise PdfUnavailable(
            _("PDF copies need LibreOffice on the server (Debian: libreoffice-writer-nogui).")
        )
    with tempfile.TemporaryDirectory(prefix="hangviet-pdf-") as tmp:
        folder = Path(tmp)
        source = folder / "document.docx"
        source.write_bytes(data)
        try:
            subprocess.run(
                [
                    program,
                    f"-env:UserInstallation=file://{folder / 'profile'}",
                    "--headless",
                    "--norestore",
                    "--nolockcheck",
                    "--convert-to",
                    PDF_A_FILTER,
                    "--outdir",
                    str(folder),
                    str(source),
                ],
                check=True,
                capture_output=True,
                timeout=TIMEOUT_SECONDS,
            )
        except (subprocess.CalledProcessError, subprocess.TimeoutExpired, OSError) as exc:
            raise PdfUnavailable(
                _("LibreOffice could not make the PDF: %(e)s") % {"e": exc}
            ) from exc
        result = folder / "document.pdf"
        if not result.exists():
            raise PdfUnavailable(_("LibreOffice made no PDF of this document."))
        return result.read_bytes()
