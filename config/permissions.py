"""Who may do what: the one module that the admin, the API and the services ask.

Permissions are Django's (held through the role groups of ``articles.roles``); the rules
that combine them live here and nowhere else:

- live content (published or archived articles) is edited, restored and moved only by
  users who may publish;
- a restore is an edit of the article restored: the same rule, checked by the service;
- reading unpublished articles (API lists, filters, counts) needs the view permission;
- only a superuser grants superuser or staff status, edits permissions directly, or
  changes a user who holds rights the actor does not; groups given to others must carry
  no permission the actor lacks.

No app is imported here (permissions are named by string), so every app may use it.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _

VIEW_ARTICLE = "articles.view_article"
ADD_ARTICLE = "articles.add_article"
CHANGE_ARTICLE = "articles.change_article"
PUBLISH_ARTICLE = "articles.publish_article"
MERGE_ARTICLE = "articles.merge_article"
ADD_MEMBERSHIP = "partnerships.add_membership"
CHANGE_MEMBERSHIP = "partnerships.change_membership"
ADD_DOCUMENT = "seeds.add_document"

#: Statuses of articles readers can see or that were withdrawn: publishers' business.
LIVE_STATUSES = frozenset({"published", "archived"})


def has(user, permission: str) -> bool:
    return bool(user is not None and user.is_active and user.has_perm(permission))


def require(user, permission: str) -> None:
    """Raise ``PermissionDenied`` unless ``user`` holds ``permission``."""
    if not has(user, permission):
        raise PermissionDenied(_("You do not have permission to do this."))


def can_see_unpublished(user) -> bool:
    """Drafts, reviews, scheduled and archived articles: editors with the view permission."""
    return bool(user is not None and user.is_authenticated and has(user, VIEW_ARTICLE))


def can_edit_article(user, stored_status: str | None) -> bool:
    """Edit an article whose saved status is ``stored_status`` (None: a new article)."""
    if stored_status is None:
        return has(user, ADD_ARTICLE)
    if not has(user, CHANGE_ARTICLE):
        return False
    return stored_status not in LIVE_STATUSES or has(user, PUBLISH_ARTICLE)


def require_edit_article(user, stored_status: str | None) -> None:
    if not can_edit_article(user, stored_status):
        raise PermissionDenied(_("You do not have permission to change this article."))


def can_restore_article(user, article) -> bool:
    """Restoring a revision rewrites the article: whoever may edit it as it is now."""
    return can_edit_article(user, article.status)


def require_restore_article(user, article) -> None:
    if not can_restore_article(user, article):
        raise PermissionDenied(_("You do not have permission to restore this article."))


def can_publish(user) -> bool:
    return has(user, PUBLISH_ARTICLE)


def can_merge(user) -> bool:
    return has(user, MERGE_ARTICLE)


# Accounts and roles.


def _rights(user) -> set[str]:
    return set() if user is None else set(user.get_all_permissions())


def can_grant_status(actor) -> bool:
    """Superuser and staff status, and permissions given to a user directly."""
    return bool(actor is not None and actor.is_active and actor.is_superuser)


def can_manage_user(actor, target) -> bool:
    """Change ``target``'s account: a superuser always; others only for users holding no
    right the actor lacks (never a superuser), themselves included."""
    if can_grant_status(actor):
        return True
    if target is None or target.pk is None:
        return True
    if target.is_superuser:
        return False
    return _rights(target) <= _rights(actor)


def can_grant_group(actor, group) -> bool:
    """Give or take ``group``: only if every permission it carries is the actor's own."""
    if can_grant_status(actor):
        return True
    perms = {
        f"{app}.{codename}"
        for app, codename in group.permissions.values_list("content_type__app_label", "codename")
    }
    return perms <= _rights(actor)
