"""A course design's documents, as a page and as its PDF (the page's print version).

Provider staff get every document; the client's own staff get the outline and the screening
form for their organisation's designs (403 for the trainers' documents); another
organisation's design answers 404 (`course_design_get_for_user`). `?version=N` picks a
version; without it, the latest.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from breakaway.accounts.permissions import role_required
from breakaway.accounts.roles import has_role
from breakaway.courses import documents
from breakaway.courses.selectors import course_design_get_for_user

TEMPLATES = "courses/documents/"


def _context(request: HttpRequest, pk: int, kind_slug: str, *, pdf: bool) -> dict:
    kind = documents.kind_get(kind_slug)
    if not has_role(request.user, *kind.roles):
        raise PermissionDenied
    design = course_design_get_for_user(user=request.user, pk=pk)
    version = documents.version_for(design, request.GET.get("version"))
    return documents.document_context(design=design, version=version, kind=kind, pdf=pdf)


@role_required(*documents.PROVIDER_ROLES, *documents.CLIENT_ROLES)
@require_GET
def document_preview(request: HttpRequest, pk: int, kind: str) -> HttpResponse:
    """The document as a page, with a link to its PDF."""
    return render(request, TEMPLATES + "preview.html", _context(request, pk, kind, pdf=False))


@role_required(*documents.PROVIDER_ROLES, *documents.CLIENT_ROLES)
@require_GET
@never_cache
def document_pdf(request: HttpRequest, pk: int, kind: str) -> HttpResponse:
    """The same document as an A4 PDF."""
    from breakaway.core.pdf import render_pdf  # WeasyPrint is slow to import: only here

    context = _context(request, pk, kind, pdf=True)
    pdf = render_pdf(TEMPLATES + "pdf/document.html", context, request=request)
    response = HttpResponse(pdf, content_type="application/pdf")
    filename = documents.filename_for(context["kind"], context["design"], context["version"])
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response
