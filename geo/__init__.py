"""Geometry: boundary import, default schematic geometry, map figures, folium export.

Imports neither dash, layouts nor callbacks. (Filled by the maps issue.)
"""
