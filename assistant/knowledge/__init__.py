"""The knowledge base: curated entries from knowledge/ and LLM-free question answering."""

from __future__ import annotations

from assistant.knowledge.entries import KnowledgeEntry
from assistant.knowledge.knowledge_base import KnowledgeAnswer, KnowledgeBase

__all__ = ["KnowledgeAnswer", "KnowledgeBase", "KnowledgeEntry"]
