"""OFAC's legacy CSV sets: the SDN list and the consolidated non-SDN list (incl. NS-CMIC)."""

from behind.sources.ofac.lists import CMIC_PROGRAMS, CONSOLIDATED, SDN, cons_listings, sdn_listings
from behind.sources.ofac.reader import FILESETS, find_files, read_ofac
from behind.sources.ofac.remarks import EXTRA_LABELS, Remarks, ofac_date, parse_remarks, split_remarks

__all__ = ["CMIC_PROGRAMS", "CONSOLIDATED", "EXTRA_LABELS", "FILESETS", "Remarks", "SDN", "cons_listings",
           "find_files", "ofac_date", "parse_remarks", "read_ofac", "sdn_listings", "split_remarks"]
