"""The export page: the principal or the Department downloads the national database export."""

from __future__ import annotations

import tempfile

from django.http import FileResponse, HttpRequest, HttpResponse, StreamingHttpResponse
from django.utils.http import content_disposition_header
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from danvan.core.downloads import XLSX
from danvan.core.errors import DomainError
from danvan.core.web import render_page, require_perm, show_refusal
from danvan.nationaldb import services
from danvan.nationaldb.forms import ExportForm


@never_cache
@require_perm(services.PERM)
@require_http_methods(["GET", "POST"])
def export(request: HttpRequest) -> HttpResponse:
    """Show the export form; a valid POST downloads the export (JSON streamed, XLSX from a temporary file)."""
    form = ExportForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            job = services.open_export(
                data["organisation"],
                actor=request.user,
                start=data["start"],
                end=data["end"],
                aggregate=data["aggregate"],
                include_identities=data["include_identities"],
                purpose=data["purpose"],
            )
        except DomainError as exc:
            show_refusal(request, exc, form)
        else:
            if data["fmt"] == "xlsx":
                # openpyxl's write-only workbook keeps memory flat; the file is deleted when the response closes.
                spool = tempfile.TemporaryFile()
                job.write_xlsx(spool)
                spool.seek(0)
                response: HttpResponse = FileResponse(
                    spool, content_type=XLSX, as_attachment=True, filename=f"{job.filename_stem}.xlsx"
                )
            else:
                response = StreamingHttpResponse(job.iter_json(), content_type="application/json; charset=utf-8")
                response["Content-Disposition"] = content_disposition_header(True, f"{job.filename_stem}.json")
            response["Cache-Control"] = "no-store"
            return response
    return render_page(request, "nationaldb/export.html", {"form": form, "schema_version": services.SCHEMA_VERSION})


@require_perm(services.PERM)
@require_http_methods(["GET"])
def schema(request: HttpRequest) -> HttpResponse:
    """Download the JSON Schema of the export."""
    response = FileResponse(
        services.SCHEMA_FILE.open("rb"),
        content_type="application/schema+json",
        as_attachment=True,
        filename=services.SCHEMA_FILE.name,
    )
    return response
