"""Synonyms of the closed answers of SPEC section 4 (sex, menopausal status, indication, bone
medication), for the quick interpretation and for dialog files that want the same words."""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType

CHOICE_SYNONYMS: Mapping[str, Mapping[str, tuple[str, ...]]] = MappingProxyType({
    "sex": {
        "female": ("female", "woman", "f", "lady", "girl", "she", "w", "feminine", "women"),
        "male": ("male", "man", "m", "gentleman", "gent", "guy", "he", "men", "boy"),
    },
    "menopausal_status": {
        "postmenopausal": ("postmenopausal", "post-menopausal", "post menopausal", "post",
                           "after menopause", "went through menopause", "been through menopause",
                           "been through the menopause", "went through the menopause",
                           "past menopause", "no more periods", "periods stopped", "menopausal",
                           "pmp"),
        "perimenopausal": ("perimenopausal", "peri-menopausal", "peri menopausal", "peri",
                           "going through menopause", "going through the menopause",
                           "irregular periods", "perimenopause"),
        "premenopausal": ("premenopausal", "pre-menopausal", "pre menopausal", "pre",
                          "before menopause", "still have periods", "regular periods",
                          "not yet", "not yet menopausal", "still menstruating"),
    },
    "indication": {
        "breast_cancer": ("breast cancer", "bc", "breast ca", "cancer", "breast", "er+", "er positive",
                          "hr+", "hormone receptor positive", "dcis", "oncology", "tumour", "tumor"),
        "trt": ("trt", "testosterone", "testosterone replacement", "testosterone therapy",
                "hypogonadism", "low t", "testosterone replacement therapy", "estrogen control",
                "oestrogen control", "to control estrogen", "to control oestrogen"),
        "other": ("other", "something else", "gynecomastia", "gynaecomastia", "fertility",
                  "endometriosis"),
    },
    "bone_medication": {
        "bisphosphonate": ("bisphosphonate", "bisphosphonates", "alendronate", "alendronic acid",
                           "fosamax", "risedronate", "actonel", "ibandronate", "ibandronic acid",
                           "bonviva", "boniva", "zoledronic acid", "zoledronate", "aclasta",
                           "reclast", "zometa", "binosto"),
        "denosumab": ("denosumab", "prolia", "xgeva"),
        "teriparatide": ("teriparatide", "forteo", "forsteo", "terrosa", "movymia"),
        "romosozumab": ("romosozumab", "evenity"),
        "none": ("none", "no", "nothing", "nope", "not on any", "no bone medication", "n/a", "na"),
    },
})
