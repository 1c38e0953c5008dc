"""Invalidate the cached public pages and fragments that a change shows on.

Each write bumps the cache generations (``articles.caching``) of the pages it changes:

- an article's text alone (body, caption, source address): its own page, and the pages
  that may show any article's content (search, partnerships, feeds, sitemap);
- what lists show of it (title, summary, date, kind, status, byline, subjects...): also
  the lists across subjects, and the pages of its subjects, authors and publisher;
- withdrawing it (unpublishing, deleting): every page, since any page may link to it;
- a subject, author, publisher or entity (names show on many pages): every page and every
  fragment (``articles.fragments``);
- memberships, milestones and sources: the pages that may show them (partnerships).
"""

from django.db.models.signals import m2m_changed, post_delete, post_save, pre_save

from partnerships.models import Entity, EntityAlias, Membership, Milestone, Source

from . import fragments
from .caching import CONTENT, LISTS, SITE, invalidate
from .models import Article, ArticleAuthor, Author, Publisher, Topic

#: Fields of an article that no list, card or facet shows: changing only these
#: invalidates its own page. Any other field (a new one too) counts as shown on lists.
PAGE_ONLY_FIELDS = {"body", "body_format", "caption", "source_url", "version", "updated_at"}
#: Names shown on many pages: a change invalidates every page and fragment.
NAMED = (Author, Publisher, Topic, Entity, EntityAlias)
#: Shown on partnership pages only.
PARTNERSHIP_FACTS = (Membership, Milestone, Source)


def _listed_fields():
    return [
        f.attname
        for f in Article._meta.concrete_fields
        if not f.primary_key and f.attname not in PAGE_ONLY_FIELDS
    ]


def _remember_article(sender, instance, raw=False, **kwargs):
    instance._cached_before = None
    if raw or instance.pk is None:
        return
    fields = _listed_fields()
    row = Article.objects.filter(pk=instance.pk).values(*fields).first()
    instance._cached_before = row


def _article_scopes(article, extra_slugs=()) -> set:
    """The list scopes an article appears in: its subjects', authors' and publisher's pages
    and the lists across subjects."""
    topics = article.topics.values_list("slug", flat=True)
    authors = ArticleAuthor.objects.filter(article=article).values_list("author__slug", flat=True)
    scopes = {LISTS, *(f"topic:{slug}" for slug in (*topics, *extra_slugs))}
    scopes |= {f"author:{slug}" for slug in authors}
    publishers = {article.publisher_id}
    before = getattr(article, "_cached_before", None) or {}
    publishers.add(before.get("publisher_id"))
    publishers.discard(None)
    if publishers:
        for slug in Publisher.objects.filter(pk__in=publishers).values_list("slug", flat=True):
            scopes.add(f"publisher:{slug}")
    return scopes


def _article_saved(sender, instance, created=False, raw=False, **kwargs):
    if raw:
        return
    before = getattr(instance, "_cached_before", None)
    scopes = {CONTENT, f"article:{instance.slug}"}
    if before is not None and before.get("slug") != instance.slug:
        scopes.add(f"article:{before.get('slug')}")
    published = Article.Status.PUBLISHED
    if before is not None and before["status"] == published and instance.status != published:
        scopes.add(SITE)  # withdrawn: any page may link to it
    listed = (
        created or before is None or any(before[name] != getattr(instance, name) for name in before)
    )
    if listed:
        scopes |= _article_scopes(instance)
    invalidate(*scopes)


def _article_deleted(sender, **kwargs):
    invalidate(SITE)


def _byline_changed(sender, instance, raw=False, **kwargs):
    if raw:
        return
    fragments.bump_names()
    article = Article.objects.filter(pk=instance.article_id).first()
    scopes = {CONTENT, LISTS}
    if article is not None:
        scopes |= {f"article:{article.slug}", *_article_scopes(article)}
    author = Author.objects.filter(pk=instance.author_id).values_list("slug", flat=True).first()
    if author:
        scopes.add(f"author:{author}")
    invalidate(*scopes)


def _links_changed(sender, instance, action, reverse, pk_set, **kwargs):
    if action not in ("post_add", "post_remove", "post_clear"):
        return
    if reverse or not isinstance(instance, Article):
        invalidate(SITE)  # topic.articles.add(...), related subjects: rare, editors' moves
        return
    extra = ()
    if sender is Article.topics.through and pk_set:
        extra = Topic.objects.filter(pk__in=pk_set).values_list("slug", flat=True)
    elif sender is Article.topics.through and action == "post_clear":
        invalidate(SITE)
        return
    invalidate(CONTENT, f"article:{instance.slug}", *_article_scopes(instance, extra))


def _name_changed(sender, raw=False, **kwargs):
    if raw:
        return
    fragments.bump_names()
    invalidate(SITE)


def _fact_changed(sender, raw=False, **kwargs):
    if not raw:
        invalidate(CONTENT)


def connect() -> None:
    uid = "site-cache-"
    pre_save.connect(_remember_article, sender=Article, dispatch_uid=uid + "article-pre")
    post_save.connect(_article_saved, sender=Article, dispatch_uid=uid + "article-save")
    post_delete.connect(_article_deleted, sender=Article, dispatch_uid=uid + "article-delete")
    post_save.connect(_byline_changed, sender=ArticleAuthor, dispatch_uid=uid + "byline-save")
    post_delete.connect(_byline_changed, sender=ArticleAuthor, dispatch_uid=uid + "byline-del")
    for model, listener in [
        *((model, _name_changed) for model in NAMED),
        *((model, _fact_changed) for model in PARTNERSHIP_FACTS),
    ]:
        label = model._meta.label_lower
        post_save.connect(listener, sender=model, dispatch_uid=f"{uid}{label}-save")
        post_delete.connect(listener, sender=model, dispatch_uid=f"{uid}{label}-delete")
    for through in (Article.topics.through, Article.entities.through, Topic.related.through):
        m2m_changed.connect(
            _links_changed, sender=through, dispatch_uid=f"{uid}m2m-{through._meta.label}"
        )


def _audit_membership(sender, membership, user, action, changes, **kwargs):
    """Memberships changed through ``partnerships.services`` join the editorial audit trail."""
    from .services import audit_record

    audit_record(action=action, user=user, obj=membership, message=changes)


def connect_audit() -> None:
    from partnerships.signals import membership_changed

    membership_changed.connect(_audit_membership, dispatch_uid="articles-audit-membership")
