"""Where every public thing lives: one place that turns slugs into URLs.

Paths are relative to the site root and end with "/" for pages; `absolute()` joins
them to `site.base_url`, which may carry a sub-path (a section inside an existing
hospital site).
"""

from __future__ import annotations

from ..content.model import Site
from ..records import record

# The folders of the section's own pages, under `exemplars_path`, beside the stories'
# folders: a story may not take one of these names (the validator's E309), so each is
# named here, once, and the pages use these names.
INDEX, UNITS, FIELDS, YEARS, AWARDS = "tat-ca", "don-vi", "linh-vuc", "nam", "danh-hieu"
HONOUR_ROLL, SEARCH, IMAGES = "bang-vang", "tim-kiem", "anh"
SEARCH_BUNDLE = "pagefind"  # the search index Pagefind writes
EMBEDS = "nhung"  # embeddable blocks (blocks.py)
SECTOR = "toan-nganh"  # a department's pages of all its units (department/pages.py)
SUBJECTS = "mo-hinh-sang-kien"  # models and initiatives (derive.by_subject)
SUBJECT_SEGMENTS = {"model": "mo-hinh", "initiative": "sang-kien"}
EVENTS = "su-kien"  # conferences, round-tables, exchanges, contests (content/events/)
SECTION_FOLDERS = (INDEX, UNITS, FIELDS, YEARS, AWARDS, HONOUR_ROLL, SEARCH, IMAGES, SEARCH_BUNDLE, EMBEDS, SECTOR, SUBJECTS, EVENTS)
ASSETS = "assets"  # at the site root: the theme's and our styles, scripts and logo
PAGED = "trang"  # page 2 onwards of a listing, inside the listing's folder


@record
class Urls:
    site: Site

    @property
    def exemplars(self) -> str:
        return f"{self.site.exemplars_path}/"

    @property
    def campaigns(self) -> str:
        return f"{self.site.campaigns_path}/"

    def exemplar(self, slug: str) -> str:
        return f"{self.exemplars}{slug}/"

    def campaign(self, slug: str) -> str:
        return f"{self.campaigns}{slug}/"

    @staticmethod
    def paged(path: str, number: int) -> str:
        """Page `number` of a paginated listing whose first page is `path`."""
        return path if number == 1 else f"{path}{PAGED}/{number}/"

    def index_page(self, number: int) -> str:
        """The full list of stories, newest first, paginated."""
        return self.paged(f"{self.exemplars}{INDEX}/", number)

    def unit(self, unit_id: str) -> str:
        return f"{self.exemplars}{UNITS}/{unit_id}/"

    def field(self, field_id: str) -> str:
        return f"{self.exemplars}{FIELDS}/{field_id}/"

    def year(self, year: int) -> str:
        return f"{self.exemplars}{YEARS}/{year}/"

    def subject(self, subject: str) -> str:
        """A listing of models or of initiatives: mo-hinh-sang-kien/mo-hinh/, …/sang-kien/."""
        return f"{self.exemplars}{SUBJECTS}/{SUBJECT_SEGMENTS[subject]}/"

    def award(self, award_id: str) -> str:
        return f"{self.exemplars}{AWARDS}/{award_id}/"

    @property
    def events(self) -> str:
        return f"{self.exemplars}{EVENTS}/"

    def event(self, slug: str) -> str:
        return f"{self.events}{slug}/"

    @property
    def honour_roll(self) -> str:
        return f"{self.exemplars}{HONOUR_ROLL}/"

    def honour_roll_year(self, year: int) -> str:
        return f"{self.honour_roll}{year}/"

    @property
    def search(self) -> str:
        return f"{self.exemplars}{SEARCH}/"

    @property
    def search_bundle(self) -> str:
        return f"{self.exemplars}{SEARCH_BUNDLE}/"

    @property
    def images(self) -> str:
        """Folder of every processed photo and social card."""
        return f"{self.exemplars}{IMAGES}/"

    @property
    def logo(self) -> str:
        """The site logo, re-encoded as PNG without metadata."""
        return f"{ASSETS}/vinhdanh/logo.png"

    # feeds
    @property
    def rss(self) -> str:
        return f"{self.exemplars}rss.xml"

    @property
    def atom(self) -> str:
        return f"{self.exemplars}atom.xml"

    def campaign_rss(self, slug: str) -> str:
        return f"{self.campaign(slug)}rss.xml"

    def unit_rss(self, unit_id: str) -> str:
        return f"{self.unit(unit_id)}rss.xml"

    def absolute(self, path: str) -> str:
        return self.site.base_url + path.lstrip("/")

    @property
    def base_path(self) -> str:
        """The sub-path of base_url, e.g. '/benh-vien/' or '/'."""
        rest = self.site.base_url.split("://", 1)[1]
        return "/" + rest.split("/", 1)[1] if "/" in rest else "/"

    def href(self, path: str) -> str:
        """A root-relative link that works under a sub-path."""
        return self.base_path + path.lstrip("/")
