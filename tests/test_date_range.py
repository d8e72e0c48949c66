"""The search page's from/to date inputs: they narrow the search like the histogram does."""
from datetime import date

import pytest
from pytest_django.asserts import assertContains

from tests.search_archive import article, index

pytestmark = pytest.mark.django_db


def test_it_offers_from_and_to_dates_that_keep_the_other_filters(client):
    article("Kursk in August", "Kursk.", published=date(2024, 8, 14))
    article("Kursk in May", "Kursk.", published=date(2024, 5, 2))
    index()
    response = client.get("/", {"q": "kursk", "outlet": "reuters", "from": "2024-08-01"})
    assertContains(response, '<input type="date" id="date-from" name="from" value="2024-08-01" '
                             'min="1900-01-01" max="2100-12-31">', html=True)
    assertContains(response, '<input type="date" id="date-to" name="to" value="" '
                             'min="1900-01-01" max="2100-12-31">', html=True)
    assertContains(response, '<input type="hidden" name="outlet" value="reuters">', html=True)
    assert [r.article.headline for r in response.context["response"].results] == [
        "Kursk in August"]
    # What the form sends when "to" is left empty:
    both = client.get("/", {"q": "kursk", "from": "2024-05-01", "to": ""})
    assert both.context["response"].total_articles == 2
    backwards = client.get("/", {"q": "kursk", "from": "2024-09-01", "to": "2024-08-01"})
    assert backwards.status_code == 400
