"""Where the product's data lives: the dialog and knowledge definitions ship inside the package
(`assistant/data/`, the repository's `dialogs/` and `knowledge/`), found beside the package's own
code so an installed wheel, a read-only install and a checkout all read the same files."""

from __future__ import annotations

from pathlib import Path

# pip installs a package as plain files, so the data is a real directory beside this module
# (importlib.resources would find the same one, for a few milliseconds more at every start).
DATA_DIR = Path(__file__).parent / "data"
DIALOGS_DIR = DATA_DIR / "dialogs"
KNOWLEDGE_DIR = DATA_DIR / "knowledge"
SOURCE_DOCUMENT = KNOWLEDGE_DIR / "source" / "anastrozole-bone-health.txt"
