"""The import engine: preview, then apply all or nothing, in one transaction.

`import_file` (a CSV/XLSX upload or CLI file) and `import_rows` (the ingest API's JSON rows) run the
same steps: refuse personal data, map the German headers, parse and check every row, check the
importer's Träger scope, classify each row by its natural key as new, updated, unchanged or
rejected, and — only when no row has a problem and `commit` is set — write everything in one
transaction. A preview is the very same run, rolled back at the end, so what the preview says is
what an apply does. Every accepted import bumps the data revision, writes an "import" event to the
audit log and the file's SHA-256 to `imported_files`; a file already in that ledger changes nothing.

reading (file or API rows → tables) · validation (headers, cells, duplicates, scope, form rules) ·
preview (new/updated/unchanged/rejected against what is stored) · commit (the one transaction, the
writers, the record of the import) · report (what the page, the CLI and the API show).
This package must not import dash, layouts or callbacks.
"""

from __future__ import annotations

from data.imports.engine.commit import LEDGER_ORDER, ORDER
from data.imports.engine.preview import MODELS
from data.imports.engine.reading import import_file, import_rows, is_full_workbook
from data.imports.engine.report import STATUS_TEXT, ImportReport, RowOutcome

__all__ = ["LEDGER_ORDER", "MODELS", "ORDER", "STATUS_TEXT", "ImportReport", "RowOutcome", "import_file",
           "import_rows", "is_full_workbook"]
