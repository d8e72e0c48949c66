"""Detect again the language of the articles already stored, and of their paragraphs.

    python manage.py detect_languages              # articles in a language the archive does not hold
    python manage.py detect_languages --all        # every article
    python manage.py detect_languages --dry-run    # say what would change, change nothing

An article's language is detected once, when it is saved without one; detection now
chooses among the archive's languages only (the setting ARCHIVE_LANGUAGES: en, uk, ru by
default), where it once called English full of names Nigerian Pidgin and Ukrainian news
Finnish. By default only the articles whose stored language is not one the archive holds
are detected again (they can only have been detected so); --all detects every article
again, which also undoes a language an archivist or an import set by hand. Each article
whose language or whose paragraphs' languages change is saved with them (its last-changed
time is kept), which logs a change for the index: the index follows when the command ends.
"""
from collections import Counter

from django.conf import settings
from django.core.management.base import BaseCommand

from archive.models import Article, detect_language
from search import deferred_indexing
from search.text.detection import detect_paragraph, name


class Command(BaseCommand):
    help = "Detect again the language of stored articles (those in a language the archive does not hold, or --all)."

    def add_arguments(self, parser):
        parser.add_argument("--all", action="store_true",
                            help="Detect every article again, also one whose language was set by hand.")
        parser.add_argument("--dry-run", action="store_true",
                            help="Report what would change, and change nothing.")

    def handle(self, *args, **options):
        articles = Article.objects.order_by("id")
        if not options["all"]:
            articles = articles.exclude(language__in=settings.ARCHIVE_LANGUAGES)
        changes, paragraphs, checked = Counter(), 0, 0
        with deferred_indexing():     # one catch-up of the index at the end, not one per article
            for pk in list(articles.values_list("id", flat=True)):
                article = Article.objects.get(pk=pk)
                language, moved = redetected(article)
                checked += 1
                if language == article.language and not moved:
                    continue
                changes[(article.language, language)] += 1
                paragraphs += moved
                if options["verbosity"] > 1:
                    self.stdout.write(f"article {pk}: {article.language or '-'} -> {language}, "
                                      f"{moved} paragraph(s)")
                if not options["dry_run"]:
                    article.language = language
                    # the paragraphs follow (Article.sync_paragraphs); `updated` is kept
                    article.save(update_fields=["language"])
        self.report(checked, changes, paragraphs, options["dry_run"])

    def report(self, checked, changes, paragraphs, dry_run):
        verb = "would change" if dry_run else "changed"
        self.stdout.write(f"{checked} article(s) checked; {sum(changes.values())} {verb}, "
                          f"with {paragraphs} paragraph(s) in another language.")
        for (old, new), count in changes.most_common():
            change = f"{name(old)} -> {name(new)}" if old != new else f"{name(old)}, paragraphs only"
            self.stdout.write(f"  {change}: {count}")


def redetected(article):
    """(the article's language detected again, how many of its paragraphs change language)."""
    language = detect_language(article.headline, article.body)
    moved = sum(detect_paragraph(chunk.text, language, settings.ARCHIVE_LANGUAGES) != chunk.language
                for chunk in article.chunks.all())
    return language, moved
