"""The archivist's admin: outlets, articles (with their commentary inline), commentary,
and the spelling variants a search treats as one.

Editing an article's body re-chunks it on save (Article.save): unchanged paragraphs keep
their ids, so permalinks and commentary stay attached. Commentary whose paragraph an edit
removed is kept on the article, and the admin says so. A commentary's paragraph can only be
chosen among its own article's paragraphs.
"""
import re
from urllib.parse import urlsplit

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.widgets import AutocompleteSelect
from django.db import models
from django.db.models import Count, IntegerField, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.forms.models import BaseInlineFormSet
from django.http import JsonResponse
from django.urls import path
from django.utils.text import Truncator

from .chunking import split_body
from .cleaning import CONTROL_CHARACTERS, assemble_paragraphs, render
from .models import Article, Chunk, Commentary, Outlet, VariantGroup
from .sources.admin import provenance_table

# The admin's own look (archive/static/archive/admin.css: list columns that fit a
# 1280-pixel window, a wide headline input) and its paragraph picker (admin.js: a
# commentary's paragraph list follows the article chosen, before anything is saved).
ADMIN_MEDIA = {"css": {"all": ["archive/admin.css"]}, "js": ["archive/admin.js"]}
# The admin's left-hand model list took 300 of a 1280-pixel window's pixels on every page,
# and the change lists (with their filters on the right) lost their last columns to it;
# the breadcrumbs and the home page lead everywhere it did.
admin.site.enable_nav_sidebar = False
BLANK_LINE = re.compile(r"\n[ \t]*\n")


def count_of(model, **outer):
    """A correlated COUNT(*) subquery: counted per displayed row, no join across the table."""
    counted = model.objects.filter(**{k: OuterRef(v) for k, v in outer.items()}).order_by()
    counted = counted.values(*outer).annotate(n=Count("pk")).values("n")
    return Coalesce(Subquery(counted, output_field=IntegerField()), 0)


# Addresses typed without a scheme are taken as https (Django 6's default, stated now).
URL_FIELDS = {models.URLField: {"assume_scheme": "https"}}


def limit_paragraphs(field, article_id):
    """Offer only the paragraphs of this article (none while the article is unknown)."""
    queryset = Chunk.objects.filter(article_id=article_id) if article_id else Chunk.objects.none()
    field.queryset = queryset.order_by("position")
    field.label_from_instance = paragraph_label


def paragraph_label(chunk):
    return f"¶{chunk.position + 1}: {Truncator(chunk.text).chars(70)}"


def paragraphs_json(request):
    """GET ?article=PK: that article's paragraphs, [{value, label}], for admin.js."""
    article_id = request.GET.get("article", "")
    chunks = Chunk.objects.filter(article_id=article_id).order_by("position") \
        if article_id.isdigit() else Chunk.objects.none()
    return JsonResponse({"paragraphs": [{"value": c.pk, "label": paragraph_label(c)}
                                        for c in chunks]})


def read_pasted_body(body):
    """(body, paragraphs): a body pasted with single line breaks between its paragraphs
    (no blank line anywhere) split as the file importer splits it (cleaning.py: a line
    per paragraph, or wrapped lines joined); paragraphs is 0 when the body was left as
    it was."""
    text = body.replace("\r\n", "\n").replace("\r", "\n").strip()
    if "\n" not in text or BLANK_LINE.search(text):
        return body, 0
    paras = assemble_paragraphs([line.strip() for line in text.split("\n")])
    return render(paras), len([p for p in paras if p.kind != "h"])


# Outlets ------------------------------------------------------------------------------------

@admin.register(Outlet)
class OutletAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "homepage", "article_count"]
    search_fields = ["name", "slug"]
    prepopulated_fields = {"slug": ["name"]}
    formfield_overrides = URL_FIELDS

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(article_count=count_of(Article, outlet_id="pk"))

    @admin.display(description="articles", ordering="article_count")
    def article_count(self, outlet):
        return outlet.article_count


# Articles -----------------------------------------------------------------------------------

class ArticleForm(forms.ModelForm):
    url = forms.URLField(max_length=1000, required=False, assume_scheme="https",
                         help_text=Article._meta.get_field("url").help_text)

    class Meta:
        model = Article
        fields = "__all__"
        widgets = {"body": forms.Textarea(attrs={"rows": 30, "cols": 100}),
                   "headline": forms.TextInput(attrs={"class": "vLargeTextField headline-input"}),
                   "subtitle": forms.TextInput(attrs={"class": "vLargeTextField headline-input"})}

    def clean_body(self):
        body, self.pasted_paragraphs = read_pasted_body(self.cleaned_data["body"])
        return body

    def clean_url(self):
        url = self.cleaned_data["url"]
        if url and urlsplit(url).scheme.lower() not in ("http", "https"):
            raise forms.ValidationError("Only http and https addresses are stored.")
        return url

    def clean(self):
        cleaned = super().clean()
        # The importer removes these characters by the same pattern (archive/cleaning.py).
        for name in ("headline", "subtitle", "authors", "published_note", "source", "body"):
            if CONTROL_CHARACTERS.search(cleaned.get(name) or ""):
                self.add_error(name, "Control characters are not allowed.")
        published, precision = cleaned.get("published"), cleaned.get("published_precision")
        if not published:
            cleaned["published_precision"] = Article.Precision.UNKNOWN  # no date, no precision
        elif precision == Article.Precision.UNKNOWN:
            self.add_error("published_precision", "A date is given: say how precisely it is known.")
        # A month or a year is stored as its first day (see Article.published).
        if published and precision == Article.Precision.MONTH:
            cleaned["published"] = published.replace(day=1)
        elif published and precision == Article.Precision.YEAR:
            cleaned["published"] = published.replace(month=1, day=1)
        return cleaned


class NewParagraphField(forms.TypedChoiceField):
    """The paragraph of an article not saved yet: its number in the body being written
    (admin.js offers them as the body is typed); ArticleAdmin.save_formset turns it into
    the paragraph once the article's paragraphs exist."""

    def __init__(self, body):
        blocks = split_body(read_pasted_body(body or "")[0])
        choices = [("", "— the whole article —")] + [
            (str(i), f"¶{i + 1}: {Truncator(b.text).chars(70)}") for i, b in enumerate(blocks)]
        super().__init__(choices=choices, coerce=int, empty_value=None, required=False,
                         label="Paragraph", help_text="One of the paragraphs above; empty "
                         "for a comment on the whole article.")
        self.position = None

    def clean(self, value):
        """Keeps the number; the form's `chunk` stays empty until the paragraphs exist."""
        self.position = super().clean(value)
        return None


class CommentaryFormSet(BaseInlineFormSet):
    def add_fields(self, form, index):
        super().add_fields(form, index)
        if self.instance.pk:
            limit_paragraphs(form.fields["chunk"], self.instance.pk)
        else:
            form.fields["chunk"] = NewParagraphField(self.data.get("body") if self.is_bound else "")


class CommentaryInline(admin.StackedInline):
    model = Commentary
    formset = CommentaryFormSet
    fields = ["chunk", "text", "private", "author", "detached_from"]
    readonly_fields = ["author", "detached_from"]
    extra = 1


@admin.register(Article)
class ArticleAdmin(admin.ModelAdmin):
    form = ArticleForm
    formfield_overrides = URL_FIELDS
    list_display = ["headline", "outlet", "published_display", "paragraph_count", "commentary_count",
                    "changed"]
    Media = type("Media", (), ADMIN_MEDIA)
    list_filter = ["outlet", "language", "published", "published_precision", "headline_only"]
    list_select_related = ["outlet"]
    search_fields = ["headline", "subtitle", "authors", "url", "source", "outlet__name"]
    date_hierarchy = "published"
    readonly_fields = ["fingerprint", "created", "updated", "provenance"]
    fieldsets = [
        (None, {"fields": ["outlet", "headline", "subtitle", "authors", "language", "headline_only"]}),
        ("Date", {"fields": ["published", "published_precision", "published_note"]}),
        ("Origin", {"fields": ["url", "source", "provenance"]}),
        ("Text", {"fields": ["body"], "description":
                  "Paragraphs separated by a blank line; a section heading on its own line starting "
                  "with '## '. Text pasted with no blank line at all is split as the file importer "
                  "splits it (and the admin says so). Unchanged paragraphs keep their ids (and "
                  "commentary) when you save."}),
        ("Record", {"fields": ["fingerprint", "created", "updated"], "classes": ["collapse"]}),
    ]
    inlines = [CommentaryInline]

    @admin.display(description="provenance")
    def provenance(self, article):
        return provenance_table(article)
    change_list_template = "admin/archive/article/change_list.html"

    def get_urls(self):
        from .admin_import import import_view

        view = self.admin_site.admin_view(self.with_add_permission(import_view))
        return [path("import/", view, name="archive_article_import"), *super().get_urls()]

    def with_add_permission(self, view):
        from django.core.exceptions import PermissionDenied

        def checked(request):
            if not self.has_add_permission(request):
                raise PermissionDenied
            return view(self, request)
        return checked

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(
            paragraph_count=count_of(Chunk, article_id="pk"),
            commentary_count=count_of(Commentary, article_id="pk"),
        )

    @admin.display(description="published", ordering="published")
    def published_display(self, article):
        if not article.published:
            return "—"
        formats = {Article.Precision.MONTH: "%Y-%m", Article.Precision.YEAR: "%Y"}
        return article.published.strftime(formats.get(article.published_precision, "%Y-%m-%d"))

    @admin.display(description="paragraphs", ordering="paragraph_count")
    def paragraph_count(self, article):
        return article.paragraph_count

    @admin.display(description="notes", ordering="commentary_count")
    def commentary_count(self, article):
        return article.commentary_count

    @admin.display(description="changed", ordering="updated")
    def changed(self, article):
        """The day only: the list must fit beside the filters (the time is on the page)."""
        return f"{article.updated:%Y-%m-%d}"

    def save_model(self, request, obj, form, change):
        detached = obj.save_and_sync()
        if getattr(form, "pasted_paragraphs", 0):
            self.message_user(
                request,
                "The text had no blank line between its paragraphs, so it was split as the "
                f"file importer splits it: {form.pasted_paragraphs} paragraphs. Check them "
                "below.", messages.INFO)
        if detached:
            self.message_user(
                request,
                f"{detached} comment{'s' if detached != 1 else ''} moved to the article because "
                "the paragraph they were written on was removed; their old paragraph is shown "
                "under “detached from”.",
                messages.WARNING,
            )

    def save_formset(self, request, form, formset, change):
        if formset.model is not Commentary:
            return super().save_formset(request, form, formset, change)
        positions = {id(f.instance): f.fields["chunk"].position for f in formset.forms
                     if isinstance(f.fields["chunk"], NewParagraphField)}
        for comment in formset.save(commit=False):
            position = positions.get(id(comment))
            if position is not None:     # a new article's: chosen by its number
                comment.chunk = form.instance.chunks.filter(position=position).first()
            keep_on_article_if_paragraph_gone(comment)
            if comment.author_id is None:
                comment.author = request.user
            comment.save()
        for comment in formset.deleted_objects:
            comment.delete()
        formset.save_m2m()


def keep_on_article_if_paragraph_gone(comment):
    """The form chose a paragraph that this same save's re-chunking removed: keep the comment."""
    if comment.chunk_id and not Chunk.objects.filter(pk=comment.chunk_id).exists():
        comment.detached_from = comment.chunk.text
        comment.chunk = None


# Commentary -----------------------------------------------------------------------------------

class CommentaryForm(forms.ModelForm):
    class Meta:
        model = Commentary
        fields = ["article", "chunk", "text", "private"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        article_id = self.instance.article_id or self.data.get("article") or self.initial.get("article")
        limit_paragraphs(self.fields["chunk"], article_id if str(article_id or "").isdigit() else None)
        self.fields["chunk"].help_text = (
            "One of the article's paragraphs, offered once the article is chosen; empty "
            "for a comment on the whole article.")

    def clean(self):
        cleaned = super().clean()
        article, chunk = cleaned.get("article"), cleaned.get("chunk")
        if article and chunk and chunk.article_id != article.pk:
            self.add_error("chunk", "This paragraph belongs to another article.")
        return cleaned


class ArticleAutocomplete(AutocompleteSelect):
    """Django's autocomplete widget looks the submitted value up as a primary key when it
    redraws the form, so a non-numeric one (a hand-made POST) raised a 500 instead of
    showing the form's own "select a valid choice" error."""

    def optgroups(self, name, value, attr=None):
        return super().optgroups(name, [v for v in value if str(v).isdigit()], attr)


@admin.register(Commentary)
class CommentaryAdmin(admin.ModelAdmin):
    form = CommentaryForm
    Media = type("Media", (), ADMIN_MEDIA)

    def get_urls(self):
        paragraphs = path("paragraphs/", self.admin_site.admin_view(paragraphs_json),
                          name="archive_commentary_paragraphs")
        return [paragraphs] + super().get_urls()
    list_display = ["excerpt", "article", "paragraph", "author", "private", "written"]
    list_filter = ["private", "created", ("author", admin.RelatedOnlyFieldListFilter), "article__outlet"]
    list_select_related = ["article", "chunk", "author"]
    search_fields = ["text", "article__headline", "detached_from"]
    autocomplete_fields = ["article"]
    readonly_fields = ["author", "detached_from", "created", "updated"]

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "article":
            kwargs["widget"] = ArticleAutocomplete(db_field, self.admin_site,
                                                   using=kwargs.get("using"))
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    @admin.display(description="commentary")
    def excerpt(self, comment):
        return Truncator(comment.text).chars(80)

    @admin.display(description="written", ordering="created")
    def written(self, comment):
        return f"{comment.created:%Y-%m-%d}"

    @admin.display(description="paragraph", ordering="chunk__position")
    def paragraph(self, comment):
        if comment.chunk_id:
            return f"¶{comment.chunk.position + 1}"
        return "detached" if comment.detached_from else "whole article"

    def save_model(self, request, obj, form, change):
        if obj.author_id is None:  # the author is whoever wrote it first, not the last editor
            obj.author = request.user
        super().save_model(request, obj, form, change)


# Spelling variants ----------------------------------------------------------------------------

@admin.register(VariantGroup)
class VariantGroupAdmin(admin.ModelAdmin):
    """The searches use the current groups from the next search on: no rebuild."""
    list_display = ["first_spelling", "other_spellings", "kind", "updated"]
    list_filter = ["kind"]
    search_fields = ["spellings"]
    fields = ["kind", "spellings"]
    formfield_overrides = {models.TextField: {"widget": forms.Textarea(attrs={"rows": 8, "cols": 40})}}

    @admin.display(description="spelling")
    def first_spelling(self, group):
        return (group.spelling_list() or [""])[0]

    @admin.display(description="also")
    def other_spellings(self, group):
        return ", ".join(group.spelling_list()[1:])
