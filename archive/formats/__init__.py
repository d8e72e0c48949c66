"""Readers, one per kind of source file, each yielding Records (or failed Outcomes).

- plain.py: `.txt`, `.md`, `.markdown` (metadata from a manifest.json beside them)
- jsonl.py: `.jsonl`, one article per line
- pages.py: saved web pages, `.html` / `.htm` (trafilatura finds the article in them)
- warc.py: web archives, `.warc` / `.warc.gz` (each HTML response is a page, read by pages.py)
- feeds.py: RSS and Atom files, `.rss` / `.atom` / `.xml` (each entry an article)

A reader only reads: cleaning, identity and saving are the same for every source
(archive/importers.py).
"""
