"""Where each conclusion comes from: the document's section headings and the external citations.

The knowledge base refers to the same strings, so a rule and the entry explaining it agree.
"""

from __future__ import annotations

from typing import Final

# Sections of the source document, spelled exactly as its headings.
SECTION_BASELINE: Final = "Initial Assessment and Baseline Data"
SECTION_BMD: Final = "Bone Mineral Density Measurement"
SECTION_TURNOVER: Final = "Biochemical Markers of Bone Turnover"
SECTION_MONITORING: Final = "Ongoing Monitoring Protocols"
SECTION_INTERVENTION: Final = "Intervention Strategies for Bone Preservation"
SECTION_LIFESTYLE: Final = "Lifestyle Modifications"
SECTION_PHARMACOLOGICAL: Final = "Pharmacological Interventions"
SECTION_TARGETED: Final = "Targeted Pharmacological Interventions"

# External sources that make a vague passage of the document precise.
ISCD_2019: Final = "ISCD Official Positions 2019"
WHO_1994: Final = "WHO 1994 diagnostic criteria"
ENDOCRINE_SOCIETY_2011: Final = "Endocrine Society 2011"
HADJI_2017: Final = "Hadji et al. 2017 joint position statement"
FRAX: Final = "FRAX risk factors"
PRODUCT_LABELS: Final = "Prolia (denosumab) and bisphosphonate product labels"
ASCO_2019: Final = "ASCO 2019"
IOF_IFCC: Final = "IOF/IFCC bone marker standards"
LAB_REFERENCE: Final = "the laboratory's own reference range"

DOCUMENT_SECTIONS: Final = (
    SECTION_BASELINE,
    SECTION_BMD,
    SECTION_TURNOVER,
    SECTION_MONITORING,
    SECTION_INTERVENTION,
    SECTION_LIFESTYLE,
    SECTION_PHARMACOLOGICAL,
    SECTION_TARGETED,
)
EXTERNAL_SOURCES: Final = (
    ISCD_2019,
    WHO_1994,
    ENDOCRINE_SOCIETY_2011,
    HADJI_2017,
    FRAX,
    PRODUCT_LABELS,
    ASCO_2019,
    IOF_IFCC,
)
