"""The pure domain model: capacity against the staff ratio, staffing, project funds, volunteering.

Plain Python on plain values. It imports neither dash nor sqlalchemy, and nothing that does.
"""
