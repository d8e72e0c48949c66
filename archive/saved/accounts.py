"""Readers' accounts: sign up, confirm the e-mail address, reset a forgotten password.

One account per e-mail address (any case; a unique index keeps it so). Every page that
sends e-mail counts its attempts per client address and per e-mail address (limits.py)
and answers 429 past them, so nobody can mail-bomb an address through the archive.
"""
from django.contrib.auth import login
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.contrib.auth.models import User
from django.core import signing
from django.db import IntegrityError, transaction
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse, reverse_lazy
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_http_methods, require_POST

from . import limits, verification
from .forms import ADDRESS_TAKEN, SignupForm


@require_http_methods(["GET", "POST"])
def signup(request):
    form = SignupForm(request.POST or None)
    if request.method == "POST":
        wait = limits.SIGNUP.refused(request, request.POST.get("email", ""))
        if wait:
            return limits.too_many(request, wait)
        user = _create(form)
        if user is not None:
            verification.send_link(user, request.build_absolute_uri("/"))
            login(request, user, backend="django.contrib.auth.backends.ModelBackend")
            return redirect(_next_page(request))
    return render(request, "registration/signup.html", {"form": form})


def _create(form):
    """The new account, or None with the form's errors said (a race for one address
    ends at the database's unique index, said as the form would have said it)."""
    if not form.is_valid():
        return None
    try:
        with transaction.atomic():
            return form.save()
    except IntegrityError:
        form.add_error("email", ADDRESS_TAKEN)
        return None


def _next_page(request):
    wanted = request.GET.get("next", "")
    if url_has_allowed_host_and_scheme(wanted, allowed_hosts={request.get_host()},
                                       require_https=request.is_secure()):
        return wanted
    return reverse("saved_list")


@require_http_methods(["GET", "POST"])
def verify_email(request, token):
    """GET asks (mail scanners follow links); POST confirms the address, once."""
    try:
        user_pk, digest = verification.read_token(token)
    except signing.SignatureExpired:
        return _verify_page(request, "expired", status=410)
    except signing.BadSignature:
        raise Http404("This link is not valid.")
    user = User.objects.filter(pk=user_pk, is_active=True).first()
    if user is None or not verification.addressed_to(user, digest):
        return _verify_page(request, "void", status=410)
    address = user.email
    if verification.is_verified(user):
        return _verify_page(request, "used", address, status=410)
    if request.method == "POST":
        verification.confirm(user)
        return _verify_page(request, "confirmed", address)
    return _verify_page(request, "ask", address)


def _verify_page(request, state, address="", status=200):
    return render(request, "registration/verify.html",
                  {"state": state, "address": address}, status=status)


@login_required
@require_POST
def send_verification(request):
    """E-mail a new link to confirm the signed-in reader's address."""
    wait = limits.VERIFY.refused(request, request.user.email)
    if wait:
        return limits.too_many(request, wait)
    if request.user.email and not verification.is_verified(request.user):
        verification.send_link(request.user, request.build_absolute_uri("/"))
    return render(request, "registration/verify_sent.html", {"address": request.user.email})


class PasswordReset(auth_views.PasswordResetView):
    """Django's, counted per client and per address; it says the same whether or not an
    account has the address, and mails only an active account with a password."""
    template_name = "registration/password_reset_form.html"
    email_template_name = "registration/password_reset_email.txt"
    subject_template_name = "registration/password_reset_subject.txt"

    def post(self, request, *args, **kwargs):
        wait = limits.PASSWORD_RESET.refused(request, request.POST.get("email", ""))
        if wait:
            return limits.too_many(request, wait)
        return super().post(request, *args, **kwargs)


class PasswordResetConfirm(auth_views.PasswordResetConfirmView):
    template_name = "registration/password_reset_confirm.html"
    success_url = reverse_lazy("password_reset_complete")

    def form_valid(self, form):
        response = super().form_valid(form)
        if self.user.email:     # the link reached the mailbox: its owner reads it
            verification.confirm(self.user)
        return response
