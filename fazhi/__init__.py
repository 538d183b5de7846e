"""Fazhi (法治): the rule-of-law work platform of a sub-district office."""
