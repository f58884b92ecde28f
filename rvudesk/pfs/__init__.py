"""The pure core: CMS file parsing, fee arithmetic and payment rules. Imports nothing from Django."""
