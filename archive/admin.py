"""The archivist's admin: outlets, articles (with their commentary inline) and commentary.

Editing an article's body re-chunks it on save (Article.save): unchanged paragraphs keep
their ids, so permalinks and commentary stay attached. Commentary whose paragraph an edit
removed is kept on the article, and the admin says so. A commentary's paragraph can only be
chosen among its own article's paragraphs.
"""
from urllib.parse import urlsplit

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.widgets import AutocompleteSelect
from django.db import models
from django.db.models import Count, IntegerField, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.forms.models import BaseInlineFormSet
from django.utils.text import Truncator

from .models import Article, Chunk, Commentary, Outlet


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
        widgets = {"body": forms.Textarea(attrs={"rows": 30, "cols": 100})}

    def clean_url(self):
        url = self.cleaned_data["url"]
        if url and urlsplit(url).scheme.lower() not in ("http", "https"):
            raise forms.ValidationError("Only http and https addresses are stored.")
        return url

    def clean(self):
        cleaned = super().clean()
        published, precision = cleaned.get("published"), cleaned.get("published_precision")
        # A month or a year is stored as its first day (see Article.published).
        if published and precision == Article.Precision.MONTH:
            cleaned["published"] = published.replace(day=1)
        elif published and precision == Article.Precision.YEAR:
            cleaned["published"] = published.replace(month=1, day=1)
        return cleaned


class CommentaryFormSet(BaseInlineFormSet):
    def add_fields(self, form, index):
        super().add_fields(form, index)
        limit_paragraphs(form.fields["chunk"], self.instance.pk)


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
    list_display = ["headline", "outlet", "published_display", "paragraph_count", "commentary_count", "updated"]
    list_filter = ["outlet", "language", "published", "published_precision"]
    list_select_related = ["outlet"]
    search_fields = ["headline", "subtitle", "authors", "url", "source", "outlet__name"]
    date_hierarchy = "published"
    readonly_fields = ["fingerprint", "created", "updated"]
    fieldsets = [
        (None, {"fields": ["outlet", "headline", "subtitle", "authors", "language"]}),
        ("Date", {"fields": ["published", "published_precision", "published_note"]}),
        ("Origin", {"fields": ["url", "source"]}),
        ("Text", {"fields": ["body"], "description":
                  "Paragraphs separated by a blank line; a section heading on its own line starting "
                  "with '## '. Unchanged paragraphs keep their ids (and commentary) when you save."}),
        ("Record", {"fields": ["fingerprint", "created", "updated"], "classes": ["collapse"]}),
    ]
    inlines = [CommentaryInline]

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

    @admin.display(description="commentary", ordering="commentary_count")
    def commentary_count(self, article):
        return article.commentary_count

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        detached = getattr(obj, "detached_commentary", 0)
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
        for comment in formset.save(commit=False):
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
            "One of the article's paragraphs; empty for a comment on the whole article. "
            "(Choose the article and save first to pick a paragraph.)")

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
    list_display = ["excerpt", "article", "paragraph", "author", "private", "created"]
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

    @admin.display(description="paragraph", ordering="chunk__position")
    def paragraph(self, comment):
        if comment.chunk_id:
            return f"¶{comment.chunk.position + 1}"
        return "detached" if comment.detached_from else "whole article"

    def save_model(self, request, obj, form, change):
        if obj.author_id is None:  # the author is whoever wrote it first, not the last editor
            obj.author = request.user
        super().save_model(request, obj, form, change)
