"""Unit tests of the ailabor package."""
