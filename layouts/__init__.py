"""Page layouts: one module per page (`layout(**query)` → component tree), shared widgets, ids.

Layouts build components only; they read no database and import neither data nor callbacks.
"""
