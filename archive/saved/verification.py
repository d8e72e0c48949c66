"""Confirming a reader's e-mail address: alerts go only to an address its owner confirmed.

Signing up e-mails a link to the address (so does the reader's "send it again", and
`send_alerts`, once, to a reader with alerts whose account is older than confirmation).
The link carries the account and a keyed hash of the address, signed with a timestamp
(Django's TimestampSigner, its own salt): it expires after EMAIL_VERIFICATION_MAX_AGE, is
void once the account's address is another, and works once: the address confirmed, it
says so and changes nothing. Opening it shows a button; only the button's POST confirms,
since mail scanners follow the links they see. A password reset through the link e-mailed
to the address confirms it too.
"""
from django.conf import settings
from django.core import signing
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.crypto import constant_time_compare, salted_hmac

from .models import Reader

SALT = "saved.verify"


def make_token(user):
    return signing.TimestampSigner(salt=SALT).sign_object([user.pk, _digest(user.email)])


def read_token(token):
    """(user pk, the address's digest) from a link; signing.BadSignature (SignatureExpired
    for an old one) when it is not ours or too old."""
    user_pk, digest = signing.TimestampSigner(salt=SALT).unsign_object(
        token, max_age=settings.EMAIL_VERIFICATION_MAX_AGE)
    return user_pk, digest


def addressed_to(user, digest):
    """Whether a link with this digest was made for the account's present address."""
    return bool(user.email) and constant_time_compare(_digest(user.email), digest)


def _digest(email):
    # A signed value is readable by whoever holds it, and links end up in access logs:
    # the link names the address by a keyed hash, never in clear.
    return salted_hmac(SALT, email.lower()).hexdigest()[:24]


def is_verified(user):
    """Whether the account's present address is the one its owner confirmed."""
    confirmed = Reader.objects.filter(user=user).values_list("verified_email", flat=True).first()
    return bool(user.email) and confirmed == user.email.lower()


def confirm(user):
    """Record the account's present address as confirmed by its owner."""
    Reader.objects.update_or_create(user=user, defaults={
        "verified_email": user.email.lower(), "verified_at": timezone.now()})


def send_link(user, base_url):
    """E-mail the link that confirms the account's address."""
    link = base_url.rstrip("/") + reverse("verify_email", args=[make_token(user)])
    hours = settings.EMAIL_VERIFICATION_MAX_AGE // 3600
    body = render_to_string("registration/verify_email.txt",
                            {"user": user, "link": link, "hours": hours})
    send_mail("Confirm your e-mail address for the archive's alerts", body, None, [user.email])
    Reader.objects.update_or_create(user=user,
                                    defaults={"verification_sent_at": timezone.now()})
