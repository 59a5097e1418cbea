"""screening/inputs"""
