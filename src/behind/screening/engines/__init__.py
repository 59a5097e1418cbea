"""screening/engines"""
