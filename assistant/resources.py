"""Where the product's data lives: the dialog and knowledge definitions ship inside the package
(`assistant/data/`, the repository's `dialogs/` and `knowledge/`), found with importlib.resources
so an installed wheel, a read-only install and a checkout all read the same files."""

from __future__ import annotations

from importlib.resources import files
from pathlib import Path

# pip installs a package as plain files, so the resource root is a real directory.
DATA_DIR = Path(str(files("assistant").joinpath("data")))
DIALOGS_DIR = DATA_DIR / "dialogs"
KNOWLEDGE_DIR = DATA_DIR / "knowledge"
SOURCE_DOCUMENT = KNOWLEDGE_DIR / "source" / "anastrozole-bone-health.txt"
