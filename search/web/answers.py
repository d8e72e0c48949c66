"""How an output answers what it cannot serve, in its own kind: a bad parameter (400), an
index that cannot be read (503), a method it does not take (405).

A program that asked for JSON, CSV, RIS, BibTeX or an Atom feed reads the error in that
kind (JSON for JSON, plain text for the text files, XML for the feed), still naming each
parameter that is wrong; only the pages answer with an HTML page. The JSON API takes GET
and HEAD; anything else is a JSON 405 saying so, not Django's HTML page about CSRF (the
API changes nothing, so it needs no CSRF token: it is exempt, and refuses the method).
"""
from functools import wraps
from xml.sax.saxutils import escape, quoteattr

from django.http import HttpResponse, JsonResponse
from django.views.decorators.csrf import csrf_exempt

from .feeds import xml_text

SAFE_METHODS = ("GET", "HEAD")
KINDS = ("json", "text", "xml")


def problems_response(kind, status, error, problems=(), message=""):
    """`error` ("bad parameters") with [(parameter, message)] `problems`, or a `message`,
    as a response of `kind` with `status`."""
    if kind == "json":
        body = {"error": error}
        if problems:
            body["parameters"] = dict(problems)
        if message:
            body["message"] = message
        return JsonResponse(body, status=status, json_dumps_params={"ensure_ascii": False})
    if kind == "xml":
        lines = [f"<error status={quoteattr(str(status))}>",
                 f"  <message>{escape(xml_text(message or error))}</message>"]
        lines += [f"  <parameter name={quoteattr(xml_text(name))}>{escape(xml_text(text))}"
                  "</parameter>" for name, text in problems]
        body = '<?xml version="1.0" encoding="utf-8"?>\n' + "\n".join(lines + ["</error>"])
        return HttpResponse(body + "\n", status=status,
                            content_type="application/xml; charset=utf-8")
    lines = [message or f"{error[:1].upper()}{error[1:]}:"]
    lines += [f"{name}: {text}" for name, text in problems]
    return HttpResponse("\n".join(lines) + "\n", status=status,
                        content_type="text/plain; charset=utf-8")


def json_api(view):
    """GET and HEAD only, every other method a JSON 405 with an Allow header."""
    @csrf_exempt
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if request.method not in SAFE_METHODS:
            response = problems_response(
                "json", 405, "method not allowed",
                message=f"{request.method[:20]} is not allowed here: this API only reads "
                        "(GET or HEAD).")
            response["Allow"] = ", ".join(SAFE_METHODS)
            return response
        return view(request, *args, **kwargs)
    return wrapper
