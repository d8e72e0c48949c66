"""Pages of saved searches: the list of them with what is new in each, one saved search's
new articles, and the alerts' unsubscribe link (accounts themselves: accounts.py)."""
from dataclasses import replace

from django.contrib.auth.decorators import login_required
from django.core import signing
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_POST

from search import newest_article, search

from .forms import SavedSearchForm
from .models import SavedSearch
from .verification import is_verified

MAX_SAVED = 20            # per reader: the list page runs one search for each (10-30 ms)
NEW_SHOWN = 20
UNSUBSCRIBE_SALT = "saved.unsubscribe"


def new_articles(saved, through, per_page=NEW_SHOWN):
    """The SearchResponse of the saved search's articles added after article `through`
    (None when its parameters no longer validate)."""
    request = saved.search_request()
    if request is None:
        return None
    return search(replace(request, after_article=through, sort="newest", page=1,
                          per_page=per_page, group="article"))


@login_required
@require_http_methods(["GET", "POST"])
def saved_list(request):
    """The reader's saved searches with how many articles are new in each; POST saves one."""
    saved = list(request.user.saved_searches.all())
    form = SavedSearchForm(request.POST or None, user=request.user,
                           initial={"name": request.GET.get("name", "")[:200],
                                    "parameters": request.GET.get("parameters", "")[:2000]})
    if request.method == "POST" and len(saved) >= MAX_SAVED:
        form.add_error(None, f"You have {MAX_SAVED} saved searches: delete one first.")
    elif request.method == "POST" and form.is_valid():
        item = form.save(commit=False)
        item.user = request.user
        item.seen_through = item.alerted_through = newest_article()
        item.seen_at = timezone.now()
        item.save()
        return redirect(item)
    rows = [(item, new_articles(item, item.seen_through, per_page=1)) for item in saved]
    return render(request, "saved/list.html",
                  {"rows": rows, "form": form, "verified": is_verified(request.user)},
                  status=400 if form.errors else 200)


@login_required
@require_http_methods(["GET", "POST"])
def saved_detail(request, pk):
    """What is new in one saved search since the reader last looked; POST changes it."""
    saved = get_object_or_404(SavedSearch, pk=pk, user=request.user)
    form = SavedSearchForm(request.POST or None, instance=saved, user=request.user)
    if request.method == "POST" and form.is_valid():
        form.save()
        return redirect(saved)
    newest = newest_article()
    response = new_articles(saved, saved.seen_through)
    context = {"saved": saved, "response": response, "form": form,
               "last_seen": saved.seen_at}
    if request.method == "GET":
        saved.seen_through, saved.seen_at = newest, timezone.now()
        saved.save(update_fields=["seen_through", "seen_at"])
    return render(request, "saved/detail.html", context, status=400 if form.errors else 200)


@login_required
@require_POST
def saved_delete(request, pk):
    get_object_or_404(SavedSearch, pk=pk, user=request.user).delete()
    return redirect("saved_list")


def unsubscribe_token(user):
    return signing.dumps(user.pk, salt=UNSUBSCRIBE_SALT)


def unsubscribe_url(user):
    return reverse("saved_unsubscribe", args=[unsubscribe_token(user)])


@csrf_exempt   # the signed token is the credential; mail clients' one-click POST has no CSRF
@require_http_methods(["GET", "POST"])
def unsubscribe(request, token):
    """GET asks (mail scanners follow links); POST turns off every alert of the reader."""
    try:
        user_pk = signing.loads(token, salt=UNSUBSCRIBE_SALT)
    except signing.BadSignature:
        raise Http404("This unsubscribe link is not valid.")
    searches = SavedSearch.objects.filter(user_id=user_pk)
    done = request.method == "POST"
    if done:
        searches.update(alerts=SavedSearch.Alerts.NEVER)
    return render(request, "saved/unsubscribe.html", {"done": done, "count": searches.count()})
