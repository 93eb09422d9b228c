"""The knowledge base: curated entries from knowledge/ and LLM-free question answering."""

from __future__ import annotations

from assistant.knowledge.entries import Entry
from assistant.knowledge.knowledge_base import Answer, KnowledgeBase

__all__ = ["Answer", "Entry", "KnowledgeBase"]
