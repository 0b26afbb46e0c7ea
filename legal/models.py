"""Models of the legal app: destinations, pathways, guides and their search."""
