"""People and places the archivists add to the gazetteer (beside the spelling-variant
table's): each a name and its spellings, found in the articles at query time, so a new
one shows in the facets and filters at the next search, without a rebuild."""
