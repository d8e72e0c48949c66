"""E-mail alerts: to each reader, one digest of what is new in their saved searches.

A saved search is due when its period (a day or a week) has passed since its last alert.
"New" means articles the index holds whose id is above the one the last alert covered
(SearchRequest.after_article): each search is filtered on the index's article column,
not run again over the whole archive. After a digest is sent, each due search covers
everything indexed up to now; when sending fails nothing is marked, so the next run
tries again.
"""
from dataclasses import dataclass
from itertools import groupby

from django.conf import settings
from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.utils import timezone

from search import newest_article

from .models import SavedSearch
from .views import new_articles, unsubscribe_url

DIGEST_ARTICLES = 10     # per saved search; the e-mail links to the rest


@dataclass
class Section:
    saved: SavedSearch
    response: object       # SearchResponse of the new articles


def due_searches(now):
    """Due saved searches of active readers with an e-mail address, by reader."""
    searches = (SavedSearch.objects.exclude(alerts=SavedSearch.Alerts.NEVER)
                .filter(user__is_active=True).exclude(user__email="")
                .select_related("user").order_by("user_id", "name", "pk"))
    return groupby((s for s in searches if s.alert_due(now)), key=lambda s: s.user)


def digest(user, sections, base_url):
    total = sum(section.response.total_articles for section in sections)
    names = ", ".join(f"“{section.saved.name}”" for section in sections)
    unsubscribe = base_url + unsubscribe_url(user)
    body = render_to_string("saved/alert_email.txt", {
        "user": user, "sections": sections, "base_url": base_url,
        "unsubscribe_url": unsubscribe, "saved_url": base_url + "/saved/"})
    message = EmailMessage(
        subject=f"{total} new article{'s' if total != 1 else ''} in {names}"[:200],
        body=body, to=[user.email],
        headers={"List-Unsubscribe": f"<{unsubscribe}>",
                 "List-Unsubscribe-Post": "List-Unsubscribe=One-Click"})
    return message


def send_alerts(now=None, base_url=None):
    """Send the due digests; returns (e-mails sent, saved searches checked)."""
    now = now or timezone.now()
    base_url = (base_url or settings.SITE_URL).rstrip("/")
    newest = newest_article()    # taken first: what is indexed while we send waits for next time
    sent = checked = 0
    for user, searches in due_searches(now):
        searches = list(searches)
        checked += len(searches)
        sections = []
        for saved in searches:
            response = new_articles(saved, saved.alerted_through, per_page=DIGEST_ARTICLES)
            if response is not None and response.total_articles:
                sections.append(Section(saved, response))
        if sections:
            digest(user, sections, base_url).send()
            sent += 1
        SavedSearch.objects.filter(pk__in=[s.pk for s in searches]).update(
            alerted_through=newest, alerted_at=now)
    return sent, checked
