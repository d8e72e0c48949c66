"""The one door to search: pages, the API, exports, feeds, saved searches and their alerts,
the admin and the commands ask here, and only here.

The service reads a search's parameters (reading.py, from the one declaration of each in
parameters.py), asks the backend chosen by SEARCH_BACKEND (backend.py: the SearchBackend
and Replica protocols; by default this host's Whoosh index, search/index/backend.py) for
ids, and reads and marks the texts of those ids from the database (results.py). The
reference tables (outlets, spelling variants, verdicts, people and places) are read once
per process and handed to the backend as plain rows (reference.py).

    searches.py   search, iter_paragraphs, iter_matches, export_matches, iter_articles,
                  recently_changed, attention, newest_article
    articles.py   an article page's marks, copies, stories and mentions
    copies.py     a paragraph's copies; outlets' boilerplate and the verdicts on it
    reading.py    read_parameters (a QueryDict -> SearchRequest, or each parameter's error)
    parameters.py the parameters (form, URL, API description); fields.py their form fields;
                  facets.py the facets
    stored.py     a SearchRequest kept as versioned text (saved searches)
    status.py     the index's status, its replica's lag, following the change log
    warm.py       a new worker's warm-up, which searches wait for
"""
from ..types import IndexUnavailable
from .articles import (article_copies_view, article_marks, gazetteer, marked_texts, mentioned,
                       other_outlets_on_story, story, without_controls)
from .backend import FEATURES, backend, offers, replica
from .copies import detected_blocks, give_verdict, paragraph_copies
from .parameters import (CHART_PARAMETERS, MAX_COMPARE, NOT_FOR_CHARTS, PARAMETERS, query_pairs,
                         query_string)
from .reading import AttentionForm, Known, SearchForm, read_parameters
from .searches import (attention, export_matches, iter_articles, iter_matches, iter_paragraphs,
                       newest_article, recently_changed, search)
from .status import (database_replaced, deferred_indexing, every_lag, follow_soon, index_status,
                     logged, own_lag)
from .results import visible
from .warm import start_warm_up, wait_for_warm_up, warm_up, warm_up_to_serve

__all__ = (
    "IndexUnavailable", "article_copies_view", "article_marks", "gazetteer", "marked_texts",
    "mentioned", "other_outlets_on_story", "story", "without_controls", "FEATURES", "backend",
    "offers", "replica", "detected_blocks", "give_verdict", "paragraph_copies", "PARAMETERS",
    "CHART_PARAMETERS", "NOT_FOR_CHARTS", "query_pairs", "query_string", "MAX_COMPARE",
    "AttentionForm", "Known", "SearchForm",
    "read_parameters", "attention", "export_matches", "iter_articles", "iter_matches",
    "iter_paragraphs", "newest_article", "recently_changed", "search", "database_replaced",
    "deferred_indexing",
    "every_lag", "follow_soon", "index_status", "logged", "own_lag", "visible", "warm_up",
    "start_warm_up", "wait_for_warm_up", "warm_up_to_serve",
)
