"""schemathesis hooks for /api/openapi.json: keep it from generating the two combinations of
parameters the server refuses and the description cannot express, `undated` with `from` or
`to`, and `to` before `from`. JSON Schema constrains each query parameter alone, and
OpenAPI 3.1 has no way to relate two of them; the parameters' and the 400's descriptions
say both in words, which schemathesis does not read.

Imported by tests/test_api_schema.py; for schemathesis's command line, from the project root:

    SCHEMATHESIS_HOOKS=tests.schemathesis_hooks st run --mode positive \\
        --exclude-checks negative_data_rejection http://127.0.0.1:8000/api/openapi.json

It imports nothing of the project, so the command line needs no Django settings.
"""
import schemathesis


def refused_together(query):
    """Whether the server refuses this query's combination of parameters (whose values
    are each valid: a period is YYYY, YYYY-MM or YYYY-MM-DD, as the pattern says)."""
    first, last = query.get("from"), query.get("to")
    if query.get("undated") and (first or last):
        return True
    return bool(first and last) and starts_after(first, last)


def starts_after(first, last):
    """Whether period `first` starts after period `last` ends: their texts compared as far
    as the shorter goes (2024-09 starts after 2024-08-31; 2024-08-15 not after 2024-08,
    which holds it)."""
    n = min(len(first), len(last))
    return first[:n] > last[:n]


@schemathesis.hook
def filter_case(context, case):
    """Coverage and fuzzing phases: not these combinations."""
    return not refused_together(case.query or {})


@schemathesis.hook
def before_add_examples(context, examples):
    """Examples phase (every parameter's example at once): not these combinations."""
    examples[:] = [case for case in examples if not refused_together(case.query or {})]
