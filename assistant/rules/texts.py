"""The wording of the assessment: recommendation, alert and monitoring texts, kept apart from logic.

Short and plain; `{placeholders}` are filled by the rules. Recommendation ids are listed in
`assistant/rules/recommend.py`.
"""

from __future__ import annotations

from typing import Final

DISCLAIMER: Final = (
    "This assessment supports, and does not replace, your clinician's judgement. "
    "Discuss every result and decision with your care team."
)

RECOMMENDATIONS: Final[dict[str, str]] = {
    # bone density: what is missing
    "dexa_baseline": "Ask your clinician about a baseline DEXA scan; it is the reference point "
    "for later scans.",
    "dexa_find_t_score": "Look on your DEXA report for the T-score of the lumbar spine, total hip "
    "or femoral neck.",
    "dexa_find_z_score": "Look on your DEXA report for the Z-score of the lumbar spine, total hip "
    "or femoral neck.",
    "dexa_score_choice": "Your age (and, for women, whether you have gone through the menopause) "
    "decides whether the T-score or the Z-score applies; add it to get a category.",
    # treatment
    "treatment_options": "Discuss starting bone-protective medication with your clinician. "
    "Bisphosphonates (such as alendronate, risedronate or zoledronic acid) are often the "
    "first-line treatment; denosumab and teriparatide are other options.",
    "treatment_review": "Discuss with your clinician a review of your current bone medication "
    "({medication}).",
    "treatment_considerations": "The choice depends on the degree of bone loss, fracture "
    "history, renal function and your preference.",
    "treatment_romosozumab": "Romosozumab is an option for severe osteoporosis.",
    "caution_bisphosphonate_renal": "Kidney function (eGFR {egfr:g}) is below 35: "
    "bisphosphonates need your clinician's review of renal function first.",
    "caution_denosumab_renal": "Kidney function (eGFR {egfr:g}) is below 30: denosumab carries "
    "a risk of severe hypocalcaemia (low blood calcium).",
    # lifestyle
    "lifestyle_calcium": "Get enough calcium, from food first (dairy, leafy greens, fortified "
    "foods); a supplement may be considered if your diet falls short.",
    "lifestyle_vitamin_d": "Many people need a vitamin D supplement to reach good levels, which "
    "calcium absorption depends on.",
    "lifestyle_exercise": "Do weight-bearing exercise such as walking, jogging, dancing or "
    "resistance training.",
    "lifestyle_smoking": "Avoid smoking; it harms bone health.",
    "lifestyle_alcohol": "Keep alcohol low; excessive drinking harms bone health.",
    "daily_targets": "Usual daily targets: calcium 1000-1200 mg (food and supplements together) "
    "and vitamin D 800-1000 IU.",
}

# Why treatment is to be discussed: one sentence per rule that fired (SPEC 6.7), with its numbers.
TREATMENT_REASONS: Final[dict[str, str]] = {
    "osteoporosis": "Why: your lowest T-score, {value} at the {site}, is in the osteoporosis "
    "range (-2.5 or lower).",
    "fracture": "Why: you have had a fragility fracture (a break from a minor fall or less).",
    "decline": "Why: bone density at the {site} fell by {change} between {start} and {end}, "
    "a significant decline.",
    "hadji_t": "Why: for postmenopausal women on an aromatase inhibitor, a T-score below -2.0 "
    "calls for treatment; yours is {value} at the {site}.",
    "hadji_t_risk": "Why: for postmenopausal women on an aromatase inhibitor, a T-score below "
    "-1.5 with a risk factor calls for treatment; yours is {value}, with {risks}.",
    "hadji_risks": "Why: for postmenopausal women on an aromatase inhibitor, two or more risk "
    "factors call for treatment whatever the scan shows; you have {count}: {risks}.",
}

ALERTS: Final[dict[str, str]] = {
    "severe_osteoporosis": "Osteoporosis with a previous fragility fracture (severe "
    "osteoporosis): discuss treatment with your clinician soon.",
    "low_for_age_review": "Bone density is below the expected range for age (Z-score "
    "{value}). Osteoporosis cannot be diagnosed from this alone; your clinician will look "
    "for secondary causes.",
    "vitamin_d_deficient": "Vitamin D is deficient ({value} ng/mL, below 20): tell your clinician.",
    "vitamin_d_toxicity_range": "Vitamin D is very high ({value} ng/mL, above 150): tell your "
    "clinician before taking more.",
    "calcium_out_of_range": "Blood calcium is {status} ({value} mg/dL): tell your clinician.",
    "missing_baseline_dexa": "No DEXA scan is recorded: a baseline scan is typically done before "
    "or shortly after starting anastrozole.",
    "conflicting_scans": "Scans of the {site} on {date} disagree ({values}): the lower is "
    "used until the scan report is checked.",
}

REASONS: Final[dict[str, str]] = {
    "dexa_missing": "No scan recorded; a baseline scan is needed.",
    "dexa_undated": "The date of the last scan is not known.",
    "dexa_12": "Every 12 months: {why}.",
    "dexa_24": "Every 2 years: no low score, significant decline, risk factor or bone medication.",
    "lab_missing": "No result recorded; a baseline test is needed.",
    "lab_undated": "The date of the last result is not known.",
    "lab_6": "Every 6 months while the last result is {status}.",
    "lab_12": "Every 12 months while results are {status}.",
    # "indicated" reads "recommended" in the labels catalogue; the reason says it the same way.
    "pth_indicated": "Recommended: {why}.",
    "pth_optional": "Optional; only if your clinician finds it useful.",
    "btm_indicated": "Recommended: {why}. CTX must be drawn fasting, in the morning.",
    "btm_optional": "Optional; only if your clinician finds it useful.",
}
