"""Property tests: any valid facts assess; a lower T-score is never milder; JSON round-trips."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st
from pydantic import TypeAdapter

from assistant.rules import Assessment, Facts, assess, is_plausible, load_facts, plausible_range
from assistant.rules.codec import check, check_json, dump
from assistant.rules.facts import LAB_UNITS, LabTest, Site
from assistant.rules.labels import SITES, iso_date_label

TODAY = dt.date(2026, 1, 1)
SEVERITY = {"normal": 0, "osteopenia": 1, "osteoporosis": 2}

dates = st.dates(min_value=dt.date(2000, 1, 1), max_value=TODAY)
maybe_bool = st.sampled_from([None, True, False])
score = st.floats(min_value=-7.0, max_value=5.0).map(lambda x: round(x, 2))


@st.composite
def lab(draw: st.DrawFn) -> dict[str, Any]:
    test = draw(st.sampled_from(list(LabTest)))
    unit = draw(st.sampled_from(LAB_UNITS[test]))
    low, high = plausible_range(test, unit)
    value = round(draw(st.floats(min_value=low, max_value=high)), 3)
    if not is_plausible(test, value, unit):
        value = high if value > high else low * 1.01
    result: dict[str, Any] = {
        "date": draw(st.none() | dates),
        "test": test.value,
        "value": value,
        "unit": unit,
    }
    if draw(st.booleans()):
        result["reference_low"] = round(value * draw(st.floats(0.5, 1.5)), 3)
        result["reference_high"] = result["reference_low"] * 2 + 1
    return result


@st.composite
def site_scans(draw: st.DrawFn, site: Site) -> list[dict[str, Any]]:
    days = sorted(draw(st.sets(dates, max_size=3)))
    return [
        {
            "date": day.isoformat(),
            "site": site.value,
            "t_score": draw(st.none() | score),
            "z_score": draw(st.none() | score),
            "bmd": draw(st.none() | st.floats(0.3, 1.8).map(lambda x: round(x, 3))),
            "lsc": draw(st.none() | st.sampled_from([0.01, 0.02, 0.035])),
        }
        for day in days
    ]


@st.composite
def facts_documents(draw: st.DrawFn) -> dict[str, Any]:
    sex = draw(st.sampled_from([None, "female", "male"]))
    status = (
        None
        if sex == "male"
        else draw(st.sampled_from([None, "premenopausal", "perimenopausal", "postmenopausal"]))
    )
    dexa = [scan for site in Site for scan in draw(site_scans(site))]
    return {
        "sex": sex,
        "age": draw(st.none() | st.integers(18, 100)),
        "menopausal_status": status,
        "indication": draw(st.sampled_from([None, "breast_cancer", "trt", "other"])),
        "prior_fragility_fracture": draw(maybe_bool),
        "family_history_osteoporosis": draw(maybe_bool),
        "smoker": draw(maybe_bool),
        "alcohol_units_per_week": draw(st.none() | st.integers(0, 60)),
        "weight_bearing_exercise": draw(maybe_bool),
        "dietary_calcium_adequate": draw(maybe_bool),
        "calcium_supplement": draw(maybe_bool),
        "vitamin_d_supplement": draw(maybe_bool),
        "glucocorticoids": draw(maybe_bool),
        "bone_medication": draw(st.sampled_from([None, "bisphosphonate", "denosumab"])),
        "egfr": draw(st.none() | st.floats(5, 150).map(lambda x: round(x, 1))),
        "dexa": dexa,
        "labs": draw(st.lists(lab(), max_size=6)),
    }


@settings(max_examples=120, deadline=None)
@given(facts_documents(), st.dates(min_value=TODAY, max_value=dt.date(2030, 1, 1)))
def test_any_valid_facts_assess_and_round_trip(document: dict[str, Any], today: dt.date) -> None:
    facts = check(Facts, document)
    text = json.dumps(dump(facts))
    assert check_json(Facts, text, json.loads(text)) == facts
    assessment = assess(facts, today)
    assert check(Assessment, json.loads(json.dumps(dump(assessment)))) == assessment
    # The rules build the Assessment without validating it: what they build must be exactly
    # what pydantic's validation would give, types included (1 is not 1.0).
    validated = TypeAdapter(Assessment).validate_python(dump(assessment))
    assert json.dumps(dump(validated)) == json.dumps(dump(assessment))
    assert assessment.disclaimer and assessment.sources
    assert [item.test for item in assessment.monitoring] == [
        "dexa",
        "calcium",
        "vitamin_d",
        "pth",
        "bone_turnover_markers",
    ]
    for item in assessment.monitoring:
        if item.next_due is not None:
            assert (item.status == "overdue") == (today > item.next_due)


@settings(max_examples=50, deadline=None)
@given(facts_documents())
def test_load_facts_accepts_what_it_dumps(document: dict[str, Any]) -> None:
    facts = check(Facts, document)
    assert load_facts(json.dumps(dump(facts)), today=TODAY) == facts


@settings(max_examples=150, deadline=None)
@given(facts_documents(), st.data(), st.floats(min_value=0.01, max_value=3.0))
def test_lower_t_score_is_never_milder(
    document: dict[str, Any], data: st.DataObject, drop: float
) -> None:
    latest = {scan["site"]: index for index, scan in enumerate(document["dexa"])}  # sorted by date
    candidates = [i for i in latest.values() if document["dexa"][i]["t_score"] is not None]
    if not candidates:
        return
    index = data.draw(st.sampled_from(candidates))
    lowered = [dict(scan) for scan in document["dexa"]]
    lowered[index]["t_score"] = max(-7.0, round(lowered[index]["t_score"] - drop, 2))
    before = assess(check(Facts, document), TODAY)
    after = assess(check(Facts, {**document, "dexa": lowered}), TODAY)
    if before.bone_density.basis == "t_score":
        assert SEVERITY[after.bone_density.category] >= SEVERITY[before.bone_density.category]
    interval_before, interval_after = (
        before.monitoring[0].interval_months,
        after.monitoring[0].interval_months,
    )
    assert interval_before is not None and interval_after is not None
    assert interval_after <= interval_before
    assert after.discuss_treatment or not before.discuss_treatment


@st.composite
def documents_with_repeated_scans(draw: st.DrawFn) -> dict[str, Any]:
    """Facts whose scans repeat some site and date with other values, in a drawn order."""
    document = draw(facts_documents())
    scans = list(document["dexa"])
    for scan in draw(st.lists(st.sampled_from(scans), max_size=4)) if scans else []:
        scans.append({**scan, "t_score": draw(st.none() | score), "bmd": draw(st.none() | score)})
    document["dexa"] = [
        {**scan, "bmd": None if scan["bmd"] is None else max(0.2, min(2.0, abs(scan["bmd"])))}
        for scan in scans
    ]
    return document


@settings(max_examples=150, deadline=None)
@given(documents_with_repeated_scans(), st.randoms(use_true_random=False))
def test_order_of_scans_never_changes_the_assessment(document: dict[str, Any], random: Any) -> None:
    shuffled = list(document["dexa"])
    random.shuffle(shuffled)
    first = assess(check(Facts, document), TODAY)
    second = assess(check(Facts, {**document, "dexa": shuffled}), TODAY)
    assert first == second
    given: dict[tuple[str, str], set[float]] = {}
    for scan in document["dexa"]:
        if scan["t_score"] is not None:
            # -0.0 is shown as the 0 it equals
            given.setdefault((scan["site"], scan["date"]), set()).add(scan["t_score"] + 0.0)
    conflicts = [a.text for a in first.alerts if a.id == "conflicting_scans"]
    for (site, date), values in given.items():
        if len(values) > 1:
            named = [t for t in conflicts if SITES[Site(site)] in t and iso_date_label(date) in t]
            assert len(named) == 1 and all(f"{value:g}" in named[0] for value in values)
