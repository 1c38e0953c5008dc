"""A paginator whose count stops at a cap, as large sites do ("10,000+ results").

Counting every row that matches is a scan of them all: at a million articles the COUNT of
a page of 20 costs more than the page. ``CappedPaginator`` counts at most ``cap + 1`` rows
(``SELECT COUNT(*) FROM (... LIMIT cap + 1)``, which stops early on an index); past the cap,
``count`` is the cap, ``capped`` is true, pages past the counted ones are still served (a
page is a LIMIT/OFFSET on the ordered index) and ``has_next`` says whether a page is full.
"""

from django.core.paginator import EmptyPage, Page, Paginator
from django.utils.functional import cached_property

COUNT_CAP = 10_000


class CappedPage(Page):
    def has_next(self):
        if self.paginator.capped and self.number >= self.paginator.num_pages:
            return len(self.object_list) >= self.paginator.per_page
        return super().has_next()


class CappedPaginator(Paginator):
    cap = COUNT_CAP
    #: The count was given (kept in a table), not counted: exact, whatever its size.
    exact = False

    @cached_property
    def count(self):
        counted = self.object_list[: self.cap + 1]
        number = counted.count() if hasattr(counted, "count") else len(counted)
        return min(number, self.cap)

    def set_count(self, number: int) -> None:
        """An exact count known without counting (e.g. kept by ``articles.counts``)."""
        self.__dict__["count"] = number
        self.exact = True

    #: The count was kept elsewhere: it may lag a scheduled publication or expiry until the
    #: next ``recount_published``, so pages are read as past a cap (the rows decide).
    kept = False

    def set_kept_count(self, number: int) -> None:
        """A count kept elsewhere (``articles.counts``), given as a live count would be
        (stopped at the cap) without the COUNT query; which rows a page holds and whether
        another follows are read from the rows, never from this count."""
        self.__dict__["count"] = min(number, self.cap)
        self.kept = True

    @property
    def capped(self) -> bool:
        return self.kept or (not self.exact and self.count >= self.cap)

    def validate_number(self, number):
        try:
            return super().validate_number(number)
        except EmptyPage:
            if self.capped:
                return int(number)  # past the counted pages: the page itself decides
            raise

    def page(self, number):
        number = self.validate_number(number)
        if not self.capped or number < self.num_pages:
            return super().page(number)
        bottom = (number - 1) * self.per_page
        rows = list(self.object_list[bottom : bottom + self.per_page])
        if not rows and number > 1:
            raise EmptyPage("That page contains no results")
        return self._get_page(rows, number, self)

    def _get_page(self, *args, **kwargs):
        return CappedPage(*args, **kwargs)
