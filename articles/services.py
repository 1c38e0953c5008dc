"""Multi-step writes on articles, called by the admin, the API and commands alike.

Every write goes through here so that the same rules hold wherever it comes from:
permissions checked on the server, ``full_clean()`` before saving, optimistic locking on
``Article.version``, one transaction per operation.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from .models import Article

EDITORIAL_APPS = ("articles", "partnerships", "seeds")

#: Permission codenames (app "articles") checked by the workflow transitions.
PERM_CHANGE = "articles.change_article"
PERM_PUBLISH = "articles.publish_article"


class VersionConflict(Exception):
    """The article was saved by someone else since the editor loaded it."""

    def __init__(self, article: Article, expected_version: int, current_version: int):
        self.article = article
        self.expected_version = expected_version
        self.current_version = current_version
        super().__init__(
            _(
                "This article was changed by someone else since you opened it "
                "(your version %(expected)s, now %(current)s). Reload it and apply "
                "your changes again."
            )
            % {"expected": expected_version, "current": current_version}
        )


@dataclass(frozen=True)
class Transition:
    """A move of the editorial workflow and who may make it."""

    name: str
    sources: frozenset[str]
    target: str
    permission: str


S = Article.Status
TRANSITIONS: dict[str, Transition] = {
    t.name: t
    for t in [
        Transition("submit", frozenset({S.DRAFT}), S.REVIEW, PERM_CHANGE),
        Transition("send_back", frozenset({S.REVIEW}), S.DRAFT, PERM_PUBLISH),
        Transition(
            "publish", frozenset({S.DRAFT, S.REVIEW, S.ARCHIVED}), S.PUBLISHED, PERM_PUBLISH
        ),
        Transition("unpublish", frozenset({S.PUBLISHED}), S.DRAFT, PERM_PUBLISH),
        Transition(
            "archive", frozenset({S.PUBLISHED, S.REVIEW, S.DRAFT}), S.ARCHIVED, PERM_PUBLISH
        ),
    ]
}


def _require(user, permission: str) -> None:
    if user is None or not user.has_perm(permission):
        raise PermissionDenied(_("You do not have permission to do this."))


@transaction.atomic
def article_save(*, article: Article, user, expected_version: int | None = None) -> Article:
    """Validate and save ``article``; refuse if it changed since ``expected_version``.

    A new article needs the add permission, an existing one the change permission.
    Only publishers may save an article whose status is published or archived, so that
    a contributor cannot publish by editing the status field.
    """
    _require(user, "articles.change_article" if article.pk else "articles.add_article")
    if article.status in {S.PUBLISHED, S.ARCHIVED}:
        previous = None
        if article.pk:
            previous = Article.objects.filter(pk=article.pk).values_list("status", flat=True)
            previous = previous.first()
        if previous != article.status:
            _require(user, PERM_PUBLISH)
    article.full_clean()
    if article.pk is None:
        article.version = 1
        if user is not None and user.is_authenticated:
            article.created_by = user
        article.save()
        return article
    current = (
        Article.objects.select_for_update().values_list("version", flat=True).get(pk=article.pk)
    )
    if expected_version is not None and expected_version != current:
        raise VersionConflict(article, expected_version, current)
    article.version = current + 1
    article.save()
    return article


@transaction.atomic
def article_transition(
    *,
    article: Article,
    user,
    action: str,
    publish_at=None,
    expire_at=None,
    expected_version: int | None = None,
) -> Article:
    """Move ``article`` through the workflow (submit, send_back, publish, unpublish, archive).

    ``publish`` with a future ``publish_at`` schedules it: readers see it from that time
    without anyone running a command, because ``published()`` compares with now.
    """
    try:
        transition = TRANSITIONS[action]
    except KeyError:
        raise ValidationError(_("Unknown action %(action)s.") % {"action": action}) from None
    _require(user, transition.permission)
    if article.status not in transition.sources:
        raise ValidationError(
            _("A %(status)s article cannot be moved by “%(action)s”.")
            % {"status": article.get_status_display().lower(), "action": action}
        )
    article.status = transition.target
    if action == "publish":
        article.publish_at = publish_at
        if expire_at is not None:
            article.expire_at = expire_at
    article.full_clean()
    current = (
        Article.objects.select_for_update().values_list("version", flat=True).get(pk=article.pk)
    )
    if expected_version is not None and expected_version != current:
        raise VersionConflict(article, expected_version, current)
    article.version = current + 1
    # save() rather than update(): signals (cache invalidation, history) must see it.
    article.save(update_fields=["status", "publish_at", "expire_at", "version", "updated_at"])
    return article


def article_publish(*, article: Article, user, publish_at=None, expire_at=None) -> Article:
    """Publish now, or at ``publish_at`` (scheduling)."""
    return article_transition(
        article=article, user=user, action="publish", publish_at=publish_at, expire_at=expire_at
    )


@transaction.atomic
def demo_editor_ensure(*, username: str, password: str):
    """A staff account with every editorial permission, its password reset to ``password``."""
    user, _created = get_user_model().objects.get_or_create(username=username)
    user.is_staff = True
    user.is_active = True
    user.set_password(password)
    user.save()
    user.user_permissions.set(Permission.objects.filter(content_type__app_label__in=EDITORIAL_APPS))
    return user
