"""A Department of Health's view: exemplars flow up from its units, campaigns flow down.

    config     `department:` and `follow:` in site.yml → Department / Follow
    fetch      one export by URL or path (urllib, timeouts, ETag) — only `vinhdanh import`
    schema     the JSON Feed 1.1 + `_vinhdanh` check (jsonschema), shared by tests and import
    importer   `vinhdanh import`: fetch, check, media through the photo pipeline, snapshot
    snapshot   read the snapshots once into typed objects (build, validate, reports)
    pages      the sector pages the build adds
    reports    consolidated reports over every unit's snapshot

Nothing here runs during `build` but reading the snapshots: no network at build time.
"""
