"""A reader's saved search: a name, the search's parameters, and how often to e-mail."""
from datetime import timedelta

from django.conf import settings
from django.db import models
from django.urls import reverse

from search import restored_search, stored_search_parameters

# A timer that runs a little early must not skip a whole period: this much slack.
SLACK = timedelta(minutes=10)


class SavedSearch(models.Model):
    class Alerts(models.TextChoices):
        DAILY = "daily", "E-mail me new articles at most once a day"
        WEEKLY = "weekly", "E-mail me new articles at most once a week"
        NEVER = "never", "No e-mail"

    PERIODS = {Alerts.DAILY: timedelta(days=1), Alerts.WEEKLY: timedelta(days=7)}

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                             related_name="saved_searches")
    name = models.CharField(max_length=200)
    parameters = models.TextField(
        blank=True,
        help_text="The search, as the search service keeps one (versioned JSON, "
                  "search/service/stored.py); searches saved before: the search page's "
                  "query string, e.g. '?q=kursk&outlet=reuters'.")
    alerts = models.CharField(max_length=10, choices=Alerts.choices, default=Alerts.WEEKLY)
    seen_through = models.BigIntegerField(
        default=0, help_text="Newest article id the reader had seen here.")
    alerted_through = models.BigIntegerField(
        default=0, help_text="Newest article id the last alert covered.")
    alerted_at = models.DateTimeField(null=True, blank=True)
    seen_at = models.DateTimeField(null=True, blank=True)
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name", "pk"]
        verbose_name_plural = "saved searches"
        constraints = [models.UniqueConstraint(fields=["user", "name"],
                                               name="saved_search_name_per_user")]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("saved_detail", args=[self.pk])

    def search_request(self):
        """The SearchRequest, or None when the parameters no longer validate (an outlet
        that was removed, say)."""
        request, _problems = restored_search(self.parameters)
        return request

    def page_parameters(self):
        """The search page's query string of the search ("?q=...")."""
        return stored_search_parameters(self.parameters)

    def search_url(self):
        return reverse("search") + self.page_parameters()

    def feed_url(self):
        return reverse("search_feed") + self.page_parameters()

    def alert_due(self, now):
        period = self.PERIODS.get(self.alerts)
        if period is None:
            return False
        return self.alerted_at is None or self.alerted_at + period - SLACK <= now


class Reader(models.Model):
    """What the archive keeps about a reader's account beyond Django's User: whether its
    e-mail address was confirmed by whoever reads it (alerts go to no other), and an
    address taken off it when addresses became one per account."""
    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                                related_name="reader")
    verified_email = models.EmailField(
        blank=True, help_text="The address its owner confirmed through the link e-mailed to "
                              "it, in lower case; alerts are sent only while it is the "
                              "account's address.")
    verified_at = models.DateTimeField(null=True, blank=True)
    verification_sent_at = models.DateTimeField(
        null=True, blank=True, help_text="When the last link to confirm it was e-mailed.")
    set_aside_email = models.EmailField(
        blank=True, help_text="An address this account shared with an older one, taken off "
                              "it when each address became one account's (migration "
                              "saved.0003); the older account kept it.")

    def __str__(self):
        return str(self.user)
