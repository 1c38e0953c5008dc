"""OpenAPI links: how one answer leads to the next request.

A created article or membership leads to its detail, its update and (articles) its
workflow move or (memberships) its deletion, by its id, with the version just read; a
list leads to the detail of its first result; a detail leads to the update. Generated
clients document them, and schemathesis's stateful phase follows them, so that it reads
and changes objects that exist instead of guessing ids
(tests/api/test_schemathesis.py::test_stateful_editor_workflows checks it does).
"""

#: Each viewset's basename: the prefix of its operation ids and its detail's path parameter.
RESOURCES = {
    "article": ("articles", "slug"),
    "topic": ("topics", "slug"),
    "author": ("authors", "slug"),
    "publisher": ("publishers", "slug"),
    "entity": ("entities", "slug"),
    "membership": ("memberships", "id"),
}
#: What an object's answer leads to: (link name, operation suffix, carries the version).
FOLLOW_UPS = {
    "article": [
        ("Read", "retrieve", False),
        ("Update", "partial_update", True),
        ("MoveThroughTheWorkflow", "transition_create", True),
    ],
    "membership": [
        ("Read", "retrieve", False),
        ("Update", "partial_update", True),
        ("Delete", "destroy", False),
    ],
}
#: Answers that carry one object (201 of a create, 200 of a detail, an update, a move).
ONE_OBJECT = {"create", "retrieve", "update", "partial_update", "transition"}


def _link(prefix, parameter, suffix, pointer, version_pointer=None):
    link = {
        "operationId": f"{prefix}_{suffix}",
        "parameters": {parameter: f"$response.body#/{pointer}"},
    }
    if version_pointer:
        link["requestBody"] = {"version": f"$response.body#/{version_pointer}"}
    return link


def links_for(basename: str | None, action: str | None) -> dict:
    """The links of the success answer of ``action`` on the ``basename`` viewset."""
    if basename not in RESOURCES:
        return {}
    prefix, parameter = RESOURCES[basename]
    if action == "list":
        return {"ReadTheFirstResult": _link(prefix, parameter, "retrieve", "results/0/id")}
    if action not in ONE_OBJECT:
        return {}
    links = {}
    for name, suffix, versioned in FOLLOW_UPS.get(basename, []):
        if suffix.startswith(action or "-"):
            continue  # a read does not lead to itself
        links[name] = _link(prefix, parameter, suffix, "id", "version" if versioned else None)
    return links
