"""E-mail alerts: to each reader, one digest of what is new in their saved searches.

A saved search is due when its period (a day or a week) has passed since its last alert,
and its reader's e-mail address is confirmed (verification.py): nothing is ever sent to an
address its owner did not confirm. A reader with alerts who was never sent the link to
confirm (an account older than confirmation) is sent it once, instead of the digest.
"New" means articles the index holds whose id is above the one the last alert covered
(SearchRequest.after_article): each search is filtered on the index's article column,
not run again over the whole archive. After a digest is sent, each due search covers
everything indexed up to now; when sending fails nothing is marked, so the next run
tries again.
"""
from dataclasses import dataclass
from itertools import groupby

from django.conf import settings
from django.contrib.auth.models import User
from django.core.mail import EmailMessage
from django.db.models import F, Q
from django.db.models.functions import Lower
from django.template.loader import render_to_string
from django.utils import timezone

from search import newest_article

from .models import SavedSearch
from .verification import is_verified, send_link
from .views import new_articles, unsubscribe_url

DIGEST_ARTICLES = 10     # per saved search; the e-mail links to the rest


@dataclass
class Section:
    saved: SavedSearch
    response: object       # SearchResponse of the new articles


def due_searches(now):
    """Due saved searches of active readers whose e-mail address is confirmed, by reader."""
    searches = (SavedSearch.objects.exclude(alerts=SavedSearch.Alerts.NEVER)
                .filter(user__is_active=True).exclude(user__email="")
                .annotate(address=Lower("user__email"))
                .filter(user__reader__verified_email=F("address"))
                .select_related("user").order_by("user_id", "name", "pk"))
    return groupby((s for s in searches if s.alert_due(now)), key=lambda s: s.user)


def ask_to_confirm(base_url):
    """Send the link to confirm their address, once, to readers with alerts who were never
    sent one (accounts made before addresses were confirmed); returns how many."""
    readers = (User.objects.filter(is_active=True).exclude(email="")
               .filter(saved_searches__alerts__in=list(SavedSearch.PERIODS))
               .filter(Q(reader__isnull=True) | Q(reader__verification_sent_at__isnull=True))
               .distinct())
    asked = 0
    for user in readers:
        if not is_verified(user):
            send_link(user, base_url)
            asked += 1
    return asked


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
    """Send the due digests; returns (digests sent, saved searches checked, readers asked
    to confirm their address)."""
    now = now or timezone.now()
    base_url = (base_url or settings.SITE_URL).rstrip("/")
    asked = ask_to_confirm(base_url)
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
    return sent, checked, asked
