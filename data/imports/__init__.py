"""Imports of cases, caseload counts, positions, volunteer projects and ledger entries from CSV/XLSX
files and the ingest API; templates and the full export that the import reads back.

readers (bytes → table, refusing what is unsafe) · personal_data (no names, birth dates, addresses)
· kinds/ (one module per kind: German headers, parsers, natural keys; the `KINDS` registry) · engine/
(reading, validation, preview and commit: all or nothing) · workbook (templates and the full export).
Must not import dash, layouts or callbacks.
"""
