"""Reports to the Department of Health (.xlsx, .docx, .html) and notice-board posters.

select.py picks exemplars, compose.py turns them into a format-neutral `Report`
(tables.py), and one writer per format renders it; command.py is the CLI glue.
"""
