"""manage.py send_alerts: e-mail each reader a digest of what is new in their saved searches.

Run it from a timer (README: systemd units) as often as the shortest period, e.g. hourly:
each saved search is sent at most once per the period its reader chose (a day or a
week), and only when it has new articles, and only to an address its reader confirmed;
a reader never sent the link to confirm theirs is sent it, once. Mail goes through
Django's e-mail settings (EMAIL_URL; the console by default).
"""
from django.core.management.base import BaseCommand

from archive.saved.alerts import send_alerts


class Command(BaseCommand):
    help = "E-mail each reader the new articles of their due saved searches."

    def add_arguments(self, parser):
        parser.add_argument("--base-url", help="Absolute address of the site for the links "
                                               "in the e-mails (default: SITE_URL).")

    def handle(self, *args, **options):
        sent, checked, asked = send_alerts(base_url=options["base_url"])
        self.stdout.write(f"{sent} e-mail{'s' if sent != 1 else ''} sent; "
                          f"{checked} saved search{'es' if checked != 1 else ''} due; "
                          f"{asked} reader{'s' if asked != 1 else ''} asked to confirm "
                          "their address.")
