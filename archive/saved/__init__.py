"""Readers' accounts, their saved searches, and the e-mail alerts of what is new in them.

A saved search keeps its SearchRequest as the search service stores one (versioned JSON;
searches saved before kept the search page's query string, and still load), and the id of
the newest article the reader has seen and of the newest one alerted: article ids grow as
articles are added, so "new since" is a filter on the index's article column
(SearchRequest.after_article), not a second run of the search over the whole archive.
"""
