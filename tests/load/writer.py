"""A writer process for the load tests: creates, edits and deletes articles and commentary
through the ORM for a bounded time, then says which of its marker words the database holds.

    python -m tests.load.writer write --seconds 30 --seed 1 --out writer-1.json
    python -m tests.load.writer oracle tokens.json      # which tokens are live and public

Every change carries a unique marker word (a "token") in the text it writes. After the run,
the oracle reads the database: a token is *present* if live public text (an article body or
public commentary) holds it, *absent* otherwise. The index must agree on every token.
"""
import argparse
import json
import random
import sys
import time

import django

FILLER = ("Drones struck a fuel depot near the border overnight, officials said. "
          "Air defence units reported intercepting several missiles over the region.")
LETTERS = "bcdfghjklmnpqrstvwxz"


def token(seed, n):
    """A word no analyzer splits or stems away and no other writer can produce."""
    digits = ""
    while True:
        n, r = divmod(n, len(LETTERS))
        digits += LETTERS[r]
        if not n:
            break
    return f"zq{LETTERS[seed % len(LETTERS)]}{digits}x"


class Writer:
    def __init__(self, seed):
        from archive.models import Outlet

        self.seed, self.rng, self.count = seed, random.Random(seed), 0
        self.outlet, _ = Outlet.objects.get_or_create(name=f"Load Wire {seed}")
        self.articles, self.notes, self.tokens = [], [], []
        self.changes, self.errors = 0, []

    def new_token(self):
        self.count += 1
        word = token(self.seed, self.count)
        self.tokens.append(word)
        return word

    def step(self):
        ops = [self.create] * 3 + [self.edit] * 3 + [self.comment] * 2 + \
              [self.edit_comment, self.delete_comment, self.delete]
        self.rng.choice(ops)()
        self.changes += 1

    def create(self):
        from archive.models import Article

        word = self.new_token()
        article = Article.objects.create(outlet=self.outlet, headline=f"Load test {self.count}",
                                         body=f"{FILLER} {word}.\n\n{FILLER}")
        self.articles.append(article.pk)

    def edit(self):
        from archive.models import Article

        if not self.articles:
            return self.create()
        article = Article.objects.get(pk=self.rng.choice(self.articles))
        article.body = f"{FILLER} {self.new_token()}.\n\n{FILLER}"
        article.save()

    def comment(self):
        from archive.models import Article, Commentary

        if not self.articles:
            return self.create()
        article = Article.objects.get(pk=self.rng.choice(self.articles))
        note = Commentary.objects.create(article=article, chunk=article.chunks.first(),
                                         text=f"Archivist's note {self.new_token()}.",
                                         private=self.rng.random() < 0.3)
        self.notes.append(note.pk)

    def edit_comment(self):
        from archive.models import Commentary

        note = Commentary.objects.filter(pk__in=self.notes).order_by("?").first()
        if note is None:
            return self.comment()
        note.text = f"Revised note {self.new_token()}."
        note.private = self.rng.random() < 0.3
        note.save()

    def delete_comment(self):
        from archive.models import Commentary

        if self.notes:
            Commentary.objects.filter(pk=self.notes.pop(self.rng.randrange(len(self.notes)))).delete()

    def delete(self):
        from archive.models import Article

        if self.articles:
            Article.objects.filter(pk=self.articles.pop(self.rng.randrange(len(self.articles)))).delete()


def write(seconds, seed, out):
    from django.db import DatabaseError

    writer = Writer(seed)
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            writer.step()
        except DatabaseError as error:  # recorded, not hidden: the test fails on any
            writer.errors.append(f"{type(error).__name__}: {error}")
    with open(out, "w") as file:
        json.dump({"seed": seed, "changes": writer.changes, "tokens": writer.tokens,
                   "errors": writer.errors}, file)


def oracle(tokens):
    """The tokens that live public text holds (the rest must not be found)."""
    from archive.models import Article, Commentary

    present = set()
    for body in Article.objects.filter(body__contains="zq").values_list("body", flat=True).iterator():
        present.update(w.strip(".") for w in body.split() if w.startswith("zq"))
    for text in Commentary.objects.filter(private=False, text__contains="zq").values_list("text", flat=True):
        present.update(w.strip(".") for w in text.split() if w.startswith("zq"))
    return sorted(present & set(tokens))


def main(argv):
    parser = argparse.ArgumentParser()
    sub = parser.add_subparsers(dest="command", required=True)
    w = sub.add_parser("write")
    w.add_argument("--seconds", type=float, required=True)
    w.add_argument("--seed", type=int, required=True)
    w.add_argument("--out", required=True)
    o = sub.add_parser("oracle")
    o.add_argument("tokens_file")
    args = parser.parse_args(argv)
    django.setup()
    if args.command == "write":
        write(args.seconds, args.seed, args.out)
    else:
        with open(args.tokens_file) as file:
            print(json.dumps(oracle(json.load(file))))


if __name__ == "__main__":
    main(sys.argv[1:])
