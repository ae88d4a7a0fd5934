"""SOC codes and crosswalks, shared by the panel, crosswalk and exposure stages.

* :mod:`.codes`: SOC code structure (major, minor, broad groups), the code patterns and the
  OEWS code system of each May year;
* :mod:`.crosswalk`: the BLS SOC 2010 -> 2018 crosswalk and the resolution of one year's OEWS
  codes into SOC 2018 detailed occupations.
"""
