"""sources/ofac"""
