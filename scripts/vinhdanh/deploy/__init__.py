"""Running the site on a server: `vinhdanh deploy`'s configuration files (server.py),
a new content repository (init.py), the nightly build (nightly.py), rollback and the
record of builds (rollback.py, history.py).

Kept empty of imports: every `vinhdanh build` records its build (history.py), and a
package's `__init__` runs before any of its modules.
"""

VIETNAM_UTC_OFFSET = 7  # no daylight saving since 1975
