"""Wagtail's Elasticsearch 8 backend, with the accent-free analyzer on every text field.

Stock Wagtail indexes text with the ``standard`` analyzer, so "cau chuyen" would not
find "Câu chuyện". Setting a ``default`` analyzer in the index settings would fix that
on Elasticsearch but is ignored by the in-memory server the tests run; naming the
analyzer on each text field works on both. Configure with
``"BACKEND": "catalog.search.wagtail_search"``.

The connection node adapts to Elasticsearch 8 or OpenSearch 2 as in ``connection.py``.
"""

from __future__ import annotations

import copy

from wagtail.search.backends.elasticsearch8 import (
    Elasticsearch8Mapping,
    Elasticsearch8SearchBackend,
)

from .connection import node_class_for

ANALYZER = "cholang_folded"
INDEX_SETTINGS = {
    "settings": {
        "analysis": {
            "analyzer": {
                ANALYZER: {
                    "type": "custom",
                    "tokenizer": "standard",
                    "filter": ["lowercase", "asciifolding"],
                }
            }
        }
    }
}


def _fold_text_fields(properties: dict) -> None:
    for mapping in properties.values():
        if mapping.get("type") == "nested":
            _fold_text_fields(mapping.get("properties", {}))
        elif mapping.get("type") == "text":
            mapping.setdefault("analyzer", ANALYZER)
            if mapping.get("search_analyzer") == "standard":
                mapping["search_analyzer"] = ANALYZER


class FoldingMapping(Elasticsearch8Mapping):
    def get_mapping(self):
        mapping = super().get_mapping()
        _fold_text_fields(mapping["properties"])
        return mapping


class FoldingSearchBackend(Elasticsearch8SearchBackend):
    mapping_class = FoldingMapping

    def __init__(self, params):
        # Copies: the settings' own dicts must not change under other users.
        params = dict(params)
        merged = copy.deepcopy(params.pop("INDEX_SETTINGS", {}))
        analyzers = merged.setdefault("settings", {}).setdefault("analysis", {})
        analyzers.setdefault("analyzer", {}).update(
            INDEX_SETTINGS["settings"]["analysis"]["analyzer"]
        )
        params["INDEX_SETTINGS"] = merged
        if urls := params.get("URLS"):
            node_class = node_class_for(urls[0])
            params["OPTIONS"] = {**params.get("OPTIONS", {}), "node_class": node_class}
        super().__init__(params)


SearchBackend = FoldingSearchBackend
