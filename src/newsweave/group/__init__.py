"""Grouping: near-duplicates and syndication, the provenance graph, story clustering."""

from __future__ import annotations

from .duplicates import find_duplicates
from .provenance import provenance_graph
from .stories import StoryIndex, StoryParams, cluster_stories

__all__ = ["StoryIndex", "StoryParams", "cluster_stories", "find_duplicates", "provenance_graph"]
