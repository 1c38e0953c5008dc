"""Indexes that mean the same on PostgreSQL and SQLite."""

from django.db import models
from django.db.models import OrderBy


class NullsLastIndex(models.Index):
    """An index whose ``OrderBy`` columns keep their ``NULLS LAST`` where the database
    takes it.

    PostgreSQL only uses an index for ``ORDER BY published_on DESC NULLS LAST`` if the index
    says ``NULLS LAST`` too; SQLite's ``CREATE INDEX`` refuses the clause (its ``DESC``
    already puts NULLs last), so there the clause is left out.
    """

    def create_sql(self, model, schema_editor, using="", **kwargs):
        if schema_editor.connection.vendor == "postgresql":
            return super().create_sql(model, schema_editor, using=using, **kwargs)
        index = self.clone()
        expressions = []
        for expression in index.expressions:
            if isinstance(expression, OrderBy):
                expression = expression.copy()
                expression.nulls_first = expression.nulls_last = None
            expressions.append(expression)
        index.expressions = tuple(expressions)
        return models.Index.create_sql(index, model, schema_editor, using=using, **kwargs)
