"""A page plan to HTML: fragments from our Jinja templates, story bodies, head tags, safe URLs, photo markup."""
