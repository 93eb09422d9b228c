"""Risk factors, when to discuss treatment, recommendations and alerts (SPEC 6.4, 6.7, 6.8).

Recommendation ids (stable; texts in `texts.py`):
    dexa_baseline, dexa_find_t_score, dexa_find_z_score, dexa_score_choice   (what is missing)
    treatment_reason (which rule fired, with its numbers), treatment_options | treatment_review,
    treatment_considerations, treatment_romosozumab (osteoporosis only),
    caution_bisphosphonate_renal, caution_denosumab_renal                   (when discussing)
    lifestyle_smoking, lifestyle_alcohol, lifestyle_calcium, lifestyle_vitamin_d,
    lifestyle_exercise (those that apply first; none that plainly does not apply: no smoking
    advice to a non-smoker, no alcohol advice at 0 units), daily_targets      (always)
"""

from __future__ import annotations

from assistant.rules import sources
from assistant.rules.assessment import (
    Alert,
    AlertId,
    BmdChange,
    BoneDensity,
    LabStatus,
    Recommendation,
    RiskFactor,
)
from assistant.rules.density import score_basis
from assistant.rules.facts import Facts
from assistant.rules.labels import RISK_FACTORS, SITES, date_label
from assistant.rules.texts import ALERTS, RECOMMENDATIONS, TREATMENT_REASONS
from assistant.rules.units import shown

RISK_AGE_ABOVE = 65  # Hadji 2017: "age > 65 years"
EXCESS_ALCOHOL_UNITS = 21  # FRAX: 3 units a day or more
# Hadji 2017, postmenopausal women on an aromatase inhibitor for breast cancer; strict.
HADJI_T_ALONE_BELOW = -2.0
HADJI_T_WITH_RISK_BELOW = -1.5
HADJI_RISKS_ALONE = 2
BISPHOSPHONATE_EGFR_BELOW = 35  # product labels
DENOSUMAB_EGFR_BELOW = 30

ALERT_SOURCES: dict[AlertId, str] = {
    "severe_osteoporosis": sources.SECTION_PHARMACOLOGICAL,
    "low_for_age_review": sources.ISCD_2019,
    "vitamin_d_deficient": sources.ENDOCRINE_SOCIETY_2011,
    "vitamin_d_toxicity_range": sources.ENDOCRINE_SOCIETY_2011,
    "calcium_out_of_range": sources.SECTION_MONITORING,
    "missing_baseline_dexa": sources.SECTION_BMD,
    "conflicting_scans": sources.SECTION_BMD,
}
_LIFESTYLE_DOCUMENT_ORDER = (
    "lifestyle_calcium",
    "lifestyle_vitamin_d",
    "lifestyle_exercise",
    "lifestyle_smoking",
    "lifestyle_alcohol",
)
# Among those that apply, harmful habits come first: a smoker hears about smoking first.
_LIFESTYLE_PRIORITY = (
    "lifestyle_smoking",
    "lifestyle_alcohol",
    "lifestyle_calcium",
    "lifestyle_vitamin_d",
    "lifestyle_exercise",
)


def risk_factors(facts: Facts) -> tuple[RiskFactor, ...]:
    """Present risk factors in a fixed order; unknown (None) is not present. Anastrozole itself
    is not counted."""
    found: list[RiskFactor] = []
    if facts.age is not None and facts.age > RISK_AGE_ABOVE:
        found.append("age_over_65")
    if facts.prior_fragility_fracture:
        found.append("prior_fragility_fracture")
    if facts.family_history_osteoporosis:
        found.append("family_history_osteoporosis")
    if facts.smoker:
        found.append("smoker")
    if facts.glucocorticoids:
        found.append("glucocorticoids")
    if facts.alcohol_units_per_week is not None and (
        facts.alcohol_units_per_week >= EXCESS_ALCOHOL_UNITS
    ):
        found.append("excess_alcohol")
    return tuple(found)


def hadji_applies(facts: Facts) -> bool:
    return (
        facts.sex != "male"
        and facts.menopausal_status == "postmenopausal"
        and facts.indication == "breast_cancer"
    )


def treatment_reasons(
    facts: Facts,
    density: BoneDensity,
    changes: tuple[BmdChange, ...],
    risks: tuple[RiskFactor, ...],
) -> list[Recommendation]:
    """Every rule of SPEC 6.7 that fires, each as a sentence with the numbers that fired it;
    treatment is to be discussed when there is at least one."""
    reasons: list[Recommendation] = []
    site = SITES[density.site] if density.site is not None else ""
    if density.category == "osteoporosis":
        reasons.append(
            _reason("osteoporosis", sources.SECTION_PHARMACOLOGICAL, value=density.value, site=site)
        )
    if facts.prior_fragility_fracture:
        reasons.append(_reason("fracture", sources.SECTION_PHARMACOLOGICAL))
    for change in changes:
        if change.significant:
            unit = "%" if change.unit == "percent" else " in T-score"
            reasons.append(
                _reason(
                    "decline",
                    sources.SECTION_INTERVENTION,
                    site=SITES[change.site],
                    change=f"{abs(change.change):g}{unit}",
                    start=date_label(change.from_date),
                    end=date_label(change.to_date),
                )
            )
    if not hadji_applies(facts):
        return reasons
    t_score = density.value if density.basis == "t_score" else None
    named = ", ".join(RISK_FACTORS[risk] for risk in risks)
    if t_score is not None and t_score < HADJI_T_ALONE_BELOW and density.category != "osteoporosis":
        reasons.append(_reason("hadji_t", sources.HADJI_2017, value=t_score, site=site))
    elif t_score is not None and risks and HADJI_T_ALONE_BELOW <= t_score < HADJI_T_WITH_RISK_BELOW:
        reasons.append(_reason("hadji_t_risk", sources.HADJI_2017, value=t_score, risks=named))
    if len(risks) >= HADJI_RISKS_ALONE:
        reasons.append(_reason("hadji_risks", sources.HADJI_2017, count=len(risks), risks=named))
    return reasons


def _reason(kind: str, source: str, **values: object) -> Recommendation:
    text = TREATMENT_REASONS[kind].format(
        **{key: shown(v) if isinstance(v, float) else v for key, v in values.items()}
    )
    return Recommendation(id="treatment_reason", text=text, source=source)


def _recommendation(rec_id: str, source: str, **values: object) -> Recommendation:
    return Recommendation(id=rec_id, text=RECOMMENDATIONS[rec_id].format(**values), source=source)


def density_recommendations(facts: Facts, density: BoneDensity) -> list[Recommendation]:
    if not facts.dexa:
        return [_recommendation("dexa_baseline", sources.SECTION_BMD)]
    if density.category != "unknown":
        return []
    basis = score_basis(facts)
    if basis is None:
        return [_recommendation("dexa_score_choice", sources.ISCD_2019)]
    rec_id = "dexa_find_t_score" if basis == "t_score" else "dexa_find_z_score"
    return [_recommendation(rec_id, sources.SECTION_BMD)]


def treatment_recommendations(facts: Facts, density: BoneDensity) -> list[Recommendation]:
    recs: list[Recommendation] = []
    if facts.bone_medication is None:
        recs.append(_recommendation("treatment_options", sources.SECTION_PHARMACOLOGICAL))
    else:
        recs.append(
            _recommendation(
                "treatment_review",
                sources.SECTION_PHARMACOLOGICAL,
                medication=facts.bone_medication,
            )
        )
    recs.append(_recommendation("treatment_considerations", sources.SECTION_TARGETED))
    if density.category == "osteoporosis":  # the document offers it for severe osteoporosis
        recs.append(_recommendation("treatment_romosozumab", sources.SECTION_PHARMACOLOGICAL))
    if facts.egfr is not None and facts.egfr < BISPHOSPHONATE_EGFR_BELOW:
        recs.append(
            _recommendation("caution_bisphosphonate_renal", sources.PRODUCT_LABELS, egfr=facts.egfr)
        )
    if facts.egfr is not None and facts.egfr < DENOSUMAB_EGFR_BELOW:
        recs.append(
            _recommendation("caution_denosumab_renal", sources.PRODUCT_LABELS, egfr=facts.egfr)
        )
    return recs


def _lifestyle_applies(
    facts: Facts, calcium: LabStatus | None, vitamin_d: LabStatus | None
) -> set[str]:
    applies = set()
    if facts.smoker:
        applies.add("lifestyle_smoking")
    if facts.alcohol_units_per_week is not None and (
        facts.alcohol_units_per_week >= EXCESS_ALCOHOL_UNITS
    ):
        applies.add("lifestyle_alcohol")
    if calcium == "low" or (
        facts.dietary_calcium_adequate is False and facts.calcium_supplement is not True
    ):
        applies.add("lifestyle_calcium")
    if vitamin_d in ("deficient", "insufficient") or (
        facts.vitamin_d_supplement is False and vitamin_d not in ("sufficient", "high")
    ):
        applies.add("lifestyle_vitamin_d")
    if facts.weight_bearing_exercise is False:
        applies.add("lifestyle_exercise")
    return applies


def lifestyle_recommendations(
    facts: Facts, calcium: LabStatus | None, vitamin_d: LabStatus | None
) -> list[Recommendation]:
    applies = _lifestyle_applies(facts, calcium, vitamin_d)
    # Advice that plainly does not concern this person is left out: a non-smoker is not told
    # to avoid smoking, nor someone who drinks no alcohol to keep it low.
    moot = set()
    if facts.smoker is False:
        moot.add("lifestyle_smoking")
    if facts.alcohol_units_per_week == 0:
        moot.add("lifestyle_alcohol")
    order = [rec_id for rec_id in _LIFESTYLE_PRIORITY if rec_id in applies] + [
        rec_id for rec_id in _LIFESTYLE_DOCUMENT_ORDER if rec_id not in applies | moot
    ]
    recs = [_recommendation(rec_id, sources.SECTION_LIFESTYLE) for rec_id in order]
    recs.append(_recommendation("daily_targets", sources.ASCO_2019))
    return recs


def alert(alert_id: AlertId, **values: object) -> Alert:
    text = ALERTS[alert_id].format(
        **{key: shown(v) if isinstance(v, float) else v for key, v in values.items()}
    )
    return Alert(id=alert_id, text=f"{text} (Source: {ALERT_SOURCES[alert_id]})")
