"""Checks of uploaded files: a publication's file must really be a PDF, and not too large."""

import io
import logging

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

logger = logging.getLogger(__name__)


def validate_pdf(upload) -> None:
    """Refuse anything that is not a readable PDF within the size limit.

    The name and the browser's content type say nothing: the bytes are read. A PDF starts with
    `%PDF-` (within its first 1,024 bytes, as readers allow), ends with `%%EOF`, and must open in
    a PDF parser with at least one page.
    """
    limit = settings.RESEARCH_PUBLICATION_MAX_MB * 1024 * 1024
    if upload.size > limit:
        raise ValidationError(
            _("The file is too large (%(size)s MB; at most %(limit)s MB).")
            % {
                "size": round(upload.size / 1024 / 1024, 1),
                "limit": settings.RESEARCH_PUBLICATION_MAX_MB,
            },
            code="too_large",
        )
    upload.seek(0)
    head = upload.read(1024)
    if b"%PDF-" not in head:
        raise ValidationError(_("This file is not a PDF."), code="not_pdf")
    upload.seek(max(0, upload.size - 2048))
    if b"%%EOF" not in upload.read():
        raise ValidationError(_("This PDF is incomplete or damaged."), code="damaged")
    upload.seek(0)
    try:
        from pypdf import PdfReader

        reader = PdfReader(io.BytesIO(upload.read()), strict=False)
        pages = len(reader.pages)
    except Exception:  # pypdf raises many kinds of errors on broken files
        logger.info("refused a PDF that does not parse", exc_info=True)
        raise ValidationError(_("This PDF is incomplete or damaged."), code="damaged") from None
    finally:
        upload.seek(0)
    if pages < 1:
        raise ValidationError(_("This PDF has no page."), code="empty")
