"""Pages printed as PDF: a template rendered for the request and drawn by WeasyPrint."""

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.template.loader import render_to_string


def pdf_response(
    request: HttpRequest,
    template: str,
    context: dict[str, Any],
    filename: str,
    *,
    download: bool = False,
) -> HttpResponse:
    """The template as a PDF, shown in the browser or (`download`) saved under `filename`.

    Relative URLs in the template (stylesheets, images) resolve against the site's root."""
    from weasyprint import HTML  # imported on first print: it is slow to import

    html = render_to_string(template, context, request)
    pdf = HTML(string=html, base_url=request.build_absolute_uri("/")).write_pdf()
    response = HttpResponse(pdf, content_type="application/pdf")
    disposition = "attachment" if download else "inline"
    response["Content-Disposition"] = f'{disposition}; filename="{filename}"'
    return response
