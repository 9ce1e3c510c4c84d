"""Head tags of a page: description, Open Graph, Twitter card, JSON-LD, feed links.

Social platforms (Facebook, Zalo) read these when a story is reposted.
"""

from __future__ import annotations

import json
from html import escape

from .model import Campaign, Exemplar
from .pages import PageSpec

_TZ = "T00:00:00+07:00"


def head_tags(spec: PageSpec, section) -> str:
    urls, site = section.urls, section.content.site
    url = urls.absolute(spec.path)
    tags = [
        ("link", {"rel": "alternate", "type": "application/rss+xml", "title": f"{site.short_name} – Gương điển hình (RSS)", "href": urls.absolute(urls.rss)}),
        ("link", {"rel": "alternate", "type": "application/atom+xml", "title": f"{site.short_name} – Gương điển hình (Atom)", "href": urls.absolute(urls.atom)}),
        ("meta", {"property": "og:site_name", "content": site.name}),
        ("meta", {"property": "og:locale", "content": "vi_VN"}),
        ("meta", {"property": "og:title", "content": spec.title}),
        ("meta", {"property": "og:description", "content": spec.description}),
        ("meta", {"property": "og:url", "content": url}),
        ("meta", {"property": "og:type", "content": "article" if spec.item else "website"}),
        ("meta", {"name": "twitter:card", "content": "summary_large_image"}),
        ("meta", {"name": "twitter:title", "content": spec.title}),
        ("meta", {"name": "twitter:description", "content": spec.description}),
    ]
    item = spec.item
    if isinstance(item, Campaign) and item.slug:
        tags.insert(2, ("link", {"rel": "alternate", "type": "application/rss+xml", "title": f"{item.title} (RSS)", "href": urls.absolute(urls.campaign_rss(item.slug))}))
    if item is not None:
        kind = "exemplar" if isinstance(item, Exemplar) else "campaign"
        card = section.images.card(kind, item.slug)
        image = urls.absolute(card.url)
        alt = f"{item.name} – {item.title}" if isinstance(item, Exemplar) else item.title
        tags += [
            ("meta", {"property": "og:image", "content": image}),
            ("meta", {"property": "og:image:secure_url", "content": image}),
            ("meta", {"property": "og:image:type", "content": card.mime}),
            ("meta", {"property": "og:image:width", "content": str(card.width)}),
            ("meta", {"property": "og:image:height", "content": str(card.height)}),
            ("meta", {"property": "og:image:alt", "content": alt}),
            ("meta", {"name": "twitter:image", "content": image}),
            ("meta", {"name": "twitter:image:alt", "content": alt}),
            ("meta", {"property": "article:published_time", "content": item.date.isoformat() + _TZ}),
        ]
        if isinstance(item, Exemplar):
            tags.append(("meta", {"property": "article:modified_time", "content": item.last_modified.isoformat() + _TZ}))
            tags += [("meta", {"property": "article:tag", "content": f.name}) for f in item.fields]
    out = [f"<{name} " + " ".join(f'{k}="{escape(v)}"' for k, v in attrs.items()) + ">" for name, attrs in tags]
    if item is not None:
        data = json.dumps(_json_ld(spec, section, url), ensure_ascii=False).replace("</", "<\\/")
        out.append(f'<script type="application/ld+json">{data}</script>')
    return "\n".join(out)


def _json_ld(spec: PageSpec, section, url: str) -> dict:
    urls, site = section.urls, section.content.site
    item = spec.item
    kind = "exemplar" if isinstance(item, Exemplar) else "campaign"
    publisher = {"@type": "Hospital", "name": site.name, "url": site.website or site.base_url}
    if site.logo:
        publisher["logo"] = urls.absolute(f"assets/vinhdanh/logo{site.logo.suffix}")
    if site.address:
        publisher["address"] = site.address
    data = {
        "@context": "https://schema.org",
        "@type": "Article",
        "headline": spec.title[:110],
        "description": spec.description,
        "url": url,
        "mainEntityOfPage": url,
        "inLanguage": "vi",
        "image": [urls.absolute(section.images.card(kind, item.slug).url)],
        "datePublished": item.date.isoformat() + _TZ,
        "publisher": publisher,
    }
    if isinstance(item, Exemplar):
        data["dateModified"] = item.last_modified.isoformat() + _TZ
        about = {"@type": "Person" if item.kind == "individual" else "Organization", "name": item.name}
        if item.position:
            about["jobTitle"] = item.position
        about["affiliation" if item.kind == "individual" else "parentOrganization"] = {"@type": "Organization", "name": item.unit.name}
        if item.awards:
            about["award"] = [f"{a.title.name} ({a.year})" for a in item.awards]
        data["about"] = about
        data["author"] = {"@type": "Organization", "name": item.author or site.name}
    else:
        data["about"] = {"@type": "Event", "name": item.title, "startDate": item.start.isoformat(), "endDate": item.end.isoformat(), "organizer": {"@type": "Organization", "name": item.host}}
        data["author"] = {"@type": "Organization", "name": site.name}
    return data
