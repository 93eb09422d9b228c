"""Where the product's data lives: dialog and knowledge definitions beside the package."""

from __future__ import annotations

from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent
DIALOGS_DIR = PROJECT_ROOT / "dialogs"
KNOWLEDGE_DIR = PROJECT_ROOT / "knowledge"
SOURCE_DOCUMENT = KNOWLEDGE_DIR / "source" / "anastrozole-bone-health.txt"
