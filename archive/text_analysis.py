"""The three text functions the archive's models need from the search app's analysis.

The search app depends on the archive (it indexes its models), so the archive must not
import it back: SearchConfig.ready() hands in the language detector and the romaniser
(search/engine/detection.py, transliteration.py) through `install`. Before that (a bare
import of the models, as in a migration) the plain defaults below apply: no language
detected, and names slugged as they are written.
"""


def detect_language(text, default="en"):
    return default


def detect_paragraph_language(text, article_language):
    return article_language


def romanised(text):
    return text


def install(language, paragraph_language, romanise):
    """Use these functions from now on (called once, when the search app is ready)."""
    global detect_language, detect_paragraph_language, romanised
    detect_language, detect_paragraph_language, romanised = language, paragraph_language, romanise
