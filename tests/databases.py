"""Databases of their own for tests that run the archive's commands as separate processes
(the load tests' deployments, the README's restore into a new server)."""
import itertools
import os
import urllib.parse

DATABASES_MADE = itertools.count()


def fresh_postgres_database(url, purpose="load"):
    """With DATABASE_URL on PostgreSQL: a new empty database beside it for this run only."""
    import psycopg

    parts = urllib.parse.urlsplit(url)
    # One per Site: the load tests' proxied site lives for the whole run beside the others.
    name = f"{parts.path.lstrip('/')}_{purpose}_{os.getpid()}_{next(DATABASES_MADE)}"
    with psycopg.connect(url, autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}"')
        connection.execute(f'CREATE DATABASE "{name}"')
    return parts._replace(path="/" + name).geturl()


def drop_postgres_database(url):
    import psycopg

    parts = urllib.parse.urlsplit(url)
    with psycopg.connect(parts._replace(path="/postgres").geturl(), autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{parts.path.lstrip("/")}" WITH (FORCE)')
