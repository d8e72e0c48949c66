"""The admin's import page: staff upload files of any kind the import command reads and see
the summary the command prints.

The upload is checked whole first (its kinds, its size against IMPORT_UPLOAD_MAX_BYTES)
and refused whole if anything is wrong; then it is written to a temporary folder and
imported as `import_articles` imports a folder: each record in its own transaction (whole
or not at all), the search index updated once at the end.
"""
import tempfile
import time
from pathlib import Path

from django import forms
from django.conf import settings
from django.template.response import TemplateResponse
from django.utils import timezone

from search import deferred_indexing

from .formats.common import Defaults, named_folder
from .importers import READERS, import_paths, readable

SHOWN_MAX = 200  # messages listed on the page; the summary counts them all


class MultipleFileInput(forms.FileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one field, as Django's documentation shows it."""

    def clean(self, data, initial=None):
        one = super().clean
        return [one(d, initial) for d in data] if isinstance(data, (list, tuple)) else [one(data, initial)]


class ImportForm(forms.Form):
    files = MultipleFileField(
        widget=MultipleFileInput(),
        help_text="Kinds: " + "; ".join(f"{what} ({', '.join(sorted(s))})" for s, what in READERS) + ".")
    outlet = forms.CharField(required=False, max_length=200,
                             help_text="For records that name no outlet (else their url's domain).")

    def clean_files(self):
        files = self.cleaned_data["files"]
        wrong = [f.name for f in files if not readable(Path(f.name))]
        if wrong:
            raise forms.ValidationError(f"Not a kind the importer reads: {', '.join(wrong)}.")
        total, limit = sum(f.size for f in files), settings.IMPORT_UPLOAD_MAX_BYTES
        if total > limit:
            raise forms.ValidationError(
                f"The upload is {total:,} bytes; the limit is {limit:,} (IMPORT_UPLOAD_MAX_BYTES). "
                "Import bigger collections with manage.py import_articles.")
        return files


def run_import(files, outlet, label):
    """Import the uploaded files; returns (summary lines, outcomes worth showing)."""
    shown = []

    def keep(outcome):
        if len(shown) < SHOWN_MAX and (outcome.status in ("failed", "repeated") or outcome.warnings or outcome.changes):
            shown.append(outcome)

    with tempfile.TemporaryDirectory(prefix="upload-") as folder:
        for upload in files:
            with open(Path(folder) / Path(upload.name).name, "wb") as out:
                for chunk in upload.chunks():
                    out.write(chunk)
        started = time.monotonic()
        with named_folder(folder, label), deferred_indexing(settings.INDEX_BATCH_SECONDS):
            summary = import_paths([folder], Defaults(outlet=outlet), on_outcome=keep)
    return summary.lines(time.monotonic() - started), shown


def import_view(model_admin, request):
    form = ImportForm(request.POST or None, request.FILES or None)
    result = None
    if request.method == "POST" and form.is_valid():
        label = f"upload {timezone.now():%Y-%m-%d %H:%M} by {request.user.get_username()}"
        result = run_import(form.cleaned_data["files"], form.cleaned_data["outlet"], label)
    context = dict(model_admin.admin_site.each_context(request), title="Import articles from files",
                   form=form, result=result, opts=model_admin.model._meta,
                   limit=settings.IMPORT_UPLOAD_MAX_BYTES)
    return TemplateResponse(request, "admin/archive/article/import.html", context)
