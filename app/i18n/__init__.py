"""Languages: gettext catalogs (`catalogs`, pure) and web request handling (`web`)."""
