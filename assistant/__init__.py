"""BoneGuide: a deterministic assistant for bone-health monitoring during anastrozole therapy."""

__version__ = "0.1.0"
