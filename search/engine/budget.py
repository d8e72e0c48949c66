"""One work budget per request: a deadline and a cap on expanded terms, shared by every
costly step (prefix, wildcard and fuzzy expansion, did-you-mean, relaxed ranking,
highlighting of long texts).

The parser's caps (words, characters, edits) bound the size of a query, not its work:
fifty `word~2` or one thousand-letter unknown word each cost seconds when every step
may spend freely. Here each step asks the budget first; when it runs out the step
stops early and the response says what was cut, so a request ends in about a second
of CPU whatever its parameters, never in a worker timeout.

    budget = Budget.start(seconds=0.8, max_terms=250)
    allowed = budget.terms(len(words), what="spellings of “word~2”")
    if budget.expired("did you mean"): ...
    budget.notices     # what was cut, for the page
"""
import time
from dataclasses import dataclass, field

DEFAULT_SECONDS = 0.8
DEFAULT_MAX_TERMS = 250


@dataclass
class Budget:
    deadline: float                     # time.monotonic() when the request must stop
    terms_left: int                     # expanded terms it may still search
    notices: list = field(default_factory=list)
    cut: set = field(default_factory=set)   # what has already said it was cut
    timed_out: bool = False                 # the deadline cut something: the answer
                                            # depends on the moment, so it is not kept

    @classmethod
    def start(cls, seconds=DEFAULT_SECONDS, max_terms=DEFAULT_MAX_TERMS):
        return cls(time.monotonic() + seconds, max_terms)

    @classmethod
    def unlimited(cls):
        """For offline work (management commands): no deadline, no cap."""
        return cls(float("inf"), 1 << 62)

    def expired(self, what=None):
        """True when the deadline has passed; the first step it cuts (`what`, e.g.
        "did you mean") is named in a notice, once: what follows it was cut too."""
        if time.monotonic() < self.deadline:
            return False
        self.timed_out = True
        if what:
            self.say("time", f"The search ran out of time, so {what} was cut short "
                             "(and whatever came after it).")
        return True

    def terms(self, wanted, what, deadline=True):
        """How many of `wanted` expanded terms may be searched (0 after the deadline,
        unless `deadline` is False: a bounded expansion whose result must not depend on
        the moment, such as a lexicon's translations); says what was cut when fewer
        than wanted."""
        if deadline and self.expired(f"the search for {what}"):
            self.terms_left = 0
            return 0
        allowed = max(0, min(wanted, self.terms_left))
        self.terms_left -= allowed
        if allowed == 0 and wanted:
            self.say("no terms left", f"The search reached its limit on expanded words, "
                                      f"so no {what} (nor any later expansion) were searched.")
        elif allowed < wanted:
            self.say(what, f"Only the first {allowed} {what} were searched "
                           "(the search's limit on expanded words).")
        return allowed

    @property
    def spent(self):
        """No expansion may be made any more (the cap or the deadline is reached): a
        step skips even looking for words to expand."""
        return self.terms_left <= 0 or time.monotonic() >= self.deadline

    def say(self, key, notice):
        if key not in self.cut:
            self.cut.add(key)
            self.notices.append(notice)
