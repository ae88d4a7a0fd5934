"""ailabor: AI exposure of U.S. occupations, its wage and demand effects, and GE scenarios.

All economics lives in this package; the Snakemake workflow only wires files to functions.
"""

__version__ = "0.1.0"
