"""The schema's examples work: with the demo data that ``make run`` imports (the seeds),
every example value (detail addresses, filter values) answers 200, and a filter naming an
object finds something. An example naming a slug that does not exist would be a 404 or an
empty list, which a reader trying the docs would take for a broken API."""

import pytest
from django.core.management import call_command

pytestmark = pytest.mark.django_db

#: Filters whose example names an object of the demo data: the list they give is not empty.
FINDS_SOMETHING = {"subject", "author", "entity", "entity_or_members", "publisher", "q"}
FINDS_SOMETHING |= {"member", "group"}


def examples_anywhere(node, path=()):
    """Where the schema holds an example, wherever it is (parameters, bodies...)."""
    if isinstance(node, dict):
        for key, value in node.items():
            if key in ("example", "examples"):
                yield path
            yield from examples_anywhere(value, (*path, key))
    elif isinstance(node, list):
        for index, item in enumerate(node):
            yield from examples_anywhere(item, (*path, index))


def as_query(value):
    return ",".join(value) if isinstance(value, list) else str(value)


def test_every_example_in_the_schema_answers_200_on_the_demo_data(api):
    call_command("import_seeds", "--publish", verbosity=0)
    schema = api.get("/api/v1/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json").json()
    exercised = set()
    requested = 0
    for template, operations in schema["paths"].items():
        for method, operation in operations.items():
            parameters = operation.get("parameters", [])
            path = template
            for index, parameter in enumerate(parameters):
                if parameter["in"] == "path" and "example" in parameter:
                    path = path.replace(f"{{{parameter['name']}}}", str(parameter["example"]))
                    exercised.add(("paths", template, method, "parameters", index))
            if "{" in path:
                # Only the membership detail is addressed by a bare id: a generic integer.
                assert template == "/api/v1/memberships/{id}/"
                continue
            if method != "get":
                continue  # writes: the path example is the one of the detail, read below
            response = api.get(path)
            requested += 1
            assert response.status_code == 200, (path, response.content[:300])
            for index, parameter in enumerate(parameters):
                if parameter["in"] != "query" or "example" not in parameter:
                    continue
                name, value = parameter["name"], as_query(parameter["example"])
                response = api.get(path, {name: value})
                requested += 1
                assert response.status_code == 200, (path, name, value, response.content[:300])
                if name in FINDS_SOMETHING:
                    assert response.json()["results"], (path, name, value)
                exercised.add(("paths", template, method, "parameters", index))
    # Writes carry the path example of their detail: exercised by the detail's read above.
    for template, operations in schema["paths"].items():
        for method in operations:
            for index, parameter in enumerate(operations[method].get("parameters", [])):
                if parameter["in"] == "path" and "example" in parameter:
                    exercised.add(("paths", template, method, "parameters", index))
    where = {path[:5] for path in examples_anywhere(schema)}
    assert where and where <= exercised
    assert requested > 30
