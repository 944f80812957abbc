"""USMCA product-specific rules of origin (HTSUS General Note 11(o)) as data.

`gn11` turns the PDF kept in `rules/sources/` into `rules/origin_rules/usmca_gn11.json`
(`python -m app.rules_engine.origin_rules.gn11 build`); `lookup` reads that file.
"""
