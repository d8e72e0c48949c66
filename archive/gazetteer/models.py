"""An archivist's person or place: a name and its other spellings."""
from django.db import models


class Entity(models.Model):
    class Kind(models.TextChoices):
        PERSON = "person", "person"
        PLACE = "place", "place"

    name = models.CharField(max_length=200, unique=True,
                            help_text="As the facet shows it, e.g. 'Putin'.")
    kind = models.CharField(max_length=10, choices=Kind.choices)
    spellings = models.TextField(
        blank=True, help_text="Other spellings, one a line, e.g. 'Poutine'. A spelling of "
                              "several words matches a paragraph that has all of them.")
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["kind", "name"]
        verbose_name_plural = "people and places"

    def __str__(self):
        return self.name

    def spelling_list(self):
        return [line.strip() for line in self.spellings.splitlines() if line.strip()]
