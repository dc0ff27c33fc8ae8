"""Reading back the text of the PDFs the application produces (WeasyPrint), with pypdf: pure Python, installed by
pip with the other test dependencies, where `pdftotext` (poppler-utils) needed a system package."""

import io

from pypdf import PdfReader


def texte_pdf(contenu: bytes) -> str:
    """The text of every page of the PDF `contenu`, page after page, in the order of its lines."""
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(contenu)).pages)
