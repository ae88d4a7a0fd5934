"""OEWS occupation x year panels: the long all-groups panel, the harmonised detailed panel,
balanced sub-panels, and the seed project's legacy panels."""
