"""Reporting: the generated results summary (:mod:`.summary`) and the README results block."""
