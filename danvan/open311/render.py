"""GeoReport v2 documents in XML and JSON, element for element as the specification writes them."""

from __future__ import annotations

import json
import re
from typing import Any
from xml.etree import ElementTree as ET

from django.http import HttpResponse

JSON = "application/json; charset=utf-8"
XML = "text/xml; charset=utf-8"
# Characters XML 1.0 cannot hold (a citizen's text could carry them); dropped rather than refused in an answer.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")

# For each list document: the root element and the element of each item (GeoReport v2).
ROOTS = {
    "services": ("services", "service"),
    "requests": ("service_requests", "request"),
    "errors": ("errors", "error"),
}
# Lists inside an item: (element of the list, element of each entry).
INNER = {
    "attributes": "attribute",
    "values": "value",
    "endpoints": "endpoint",
    "formats": "format",
    "jurisdictions": "jurisdiction",
}


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return _NOT_XML.sub("", str(value))


def _fill(parent: ET.Element, data: dict[str, Any]) -> None:
    for key, value in data.items():
        child = ET.SubElement(parent, key)
        if isinstance(value, list):
            for entry in value:
                item = ET.SubElement(child, INNER.get(key, "item"))
                if isinstance(entry, dict):
                    _fill(item, entry)
                else:
                    item.text = _text(entry)
        elif isinstance(value, dict):
            _fill(child, value)
        else:
            child.text = _text(value)


def to_xml(kind: str, data: Any) -> bytes:
    """Return a document: a list under its ROOTS elements, or one object under the element `kind`."""
    if kind in ROOTS:
        root_name, item_name = ROOTS[kind]
        root = ET.Element(root_name)
        for entry in data:
            _fill(ET.SubElement(root, item_name), entry)
    else:
        root = ET.Element(kind)
        _fill(root, data)
    body = ET.tostring(root, encoding="unicode")
    return ('<?xml version="1.0" encoding="utf-8"?>\n' + body).encode()


def respond(fmt: str, kind: str, data: Any, *, status: int = 200) -> HttpResponse:
    """Return the document in the asked format (json or xml)."""
    if fmt == "xml":
        response = HttpResponse(to_xml(kind, data), content_type=XML, status=status)
    else:
        response = HttpResponse(json.dumps(data, ensure_ascii=False), content_type=JSON, status=status)
    response["Cache-Control"] = "no-store"
    return response


def errors(fmt: str, status: int, descriptions: list[str]) -> HttpResponse:
    """Return the specification's error document: [{"code": 400, "description": "…"}] / <errors><error>…."""
    return respond(fmt, "errors", [{"code": status, "description": d} for d in descriptions], status=status)
