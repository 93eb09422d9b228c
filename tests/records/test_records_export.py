"""Export of a stored patient: FHIR R4 validated with fhir.resources, JSON with provenance,
each export audited; status and due lists recomputed for today."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator
from typing import Any

import pytest
from fhir.resources.R4B.bundle import Bundle

from assistant.errors import UsageError
from assistant.records import due_patients, export_record, patient_statuses
from assistant.records.fhir import UCUM
from assistant.rules import Facts, assess
from assistant.rules.codec import check, dump
from assistant.store import ConversationRecord, Store, open_store

TODAY = dt.date(2026, 11, 24)
NOW = dt.datetime(2026, 11, 24, 9, 30, tzinfo=dt.UTC)
# Every LOINC code SPEC section 6.9 gives; the export may use no other.
SPEC_LOINC = {
    "62292-8",
    "17861-6",
    "2000-8",
    "2731-8",
    "77370-5",
    "41171-0",
    "17838-4",
    "83311-1",
    "24966-4",
    "38267-1",
    "85394-5",
    "38261-4",
    "38264-8",
    "80933-5",
    "24701-5",
    "38263-0",
    "80934-3",
}
FACTS: dict[str, Any] = {
    "patient_id": "P-0042",
    "sex": "female",
    "age": 58,
    "menopausal_status": "postmenopausal",
    "indication": "breast_cancer",
    "family_history_osteoporosis": True,
    "dexa": [
        {
            "date": "2024-02-20",
            "site": "lumbar_spine",
            "t_score": -1.8,
            "z_score": -0.9,
            "bmd": 0.948,
        },
        {"date": "2024-02-20", "site": "total_hip", "t_score": -1.2, "z_score": -0.4, "bmd": 0.85},
        {
            "date": "2024-02-20",
            "site": "femoral_neck",
            "t_score": -1.4,
            "z_score": -0.6,
            "bmd": 0.71,
        },
        {"date": "2024-02-20", "site": "forearm", "t_score": -1.0},
    ],
    "labs": [
        {"date": "2024-02-20", "test": "vitamin_d", "value": 45, "unit": "nmol/L"},
        {"date": "2026-10-01", "test": "calcium", "value": 9.4, "unit": "mg/dL"},
        {"date": "2026-10-01", "test": "calcium", "value": 2.3, "unit": "mmol/L"},
        {"date": "2024-02-20", "test": "pth", "value": 40, "unit": "pg/mL"},
        {"date": "2024-02-20", "test": "p1np", "value": 50, "unit": "µg/L"},
        {
            "date": "2024-02-20",
            "test": "ctx",
            "value": 300,
            "unit": "pg/mL",
            "reference_low": 100,
            "reference_high": 600,
        },
        {"date": "2024-02-20", "test": "bsap", "value": 14, "unit": "U/L"},
        {"date": "2024-02-20", "test": "ntx", "value": 30, "unit": "nmol BCE/mmol creatinine"},
    ],
}
PROVENANCE = {
    "age": {
        "value": 58,
        "text": "I'm 58",
        "parser": "age",
        "at": "2026-11-24T09:00:00",
        "confirmed": False,
    }
}


def record(store: Store, facts: dict[str, Any], conversation_id: str | None = None) -> None:
    assessment = dump(assess(check(Facts, facts), TODAY))
    store.record_assessment(facts["patient_id"], conversation_id, facts, assessment)


@pytest.fixture
def store(store_url: str) -> Iterator[Store]:
    opened = open_store(store_url)
    with opened.turn("conv-42") as turn:
        turn.save(
            ConversationRecord(
                "conv-42",
                "P-0042",
                "terminal",
                "done",
                {"facts": PROVENANCE, "dexa": [], "labs": []},
                True,
            ),
            "quit",
            [],
        )
    record(opened, FACTS, "conv-42")
    yield opened
    opened.close()


def resources(bundle: dict[str, Any], kind: str) -> list[dict[str, Any]]:
    return [e["resource"] for e in bundle["entry"] if e["resource"]["resourceType"] == kind]


def by_text(bundle: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {r["code"]["text"]: r for r in resources(bundle, "Observation")}


def loinc(resource: dict[str, Any]) -> str | None:
    codings = resource["code"].get("coding", [])
    return codings[0]["code"] if codings else None


def test_the_fhir_export_is_a_valid_r4_collection_bundle(store: Store) -> None:
    bundle = export_record(store, "P-0042", "fhir", "tester", NOW)
    parsed = Bundle.model_validate(json.loads(json.dumps(bundle)))
    assert parsed.type == "collection"
    (patient,) = resources(bundle, "Patient")
    assert patient["identifier"][0]["value"] == "P-0042" and patient["gender"] == "female"
    patient_url = bundle["entry"][0]["fullUrl"]
    urls = {entry["fullUrl"] for entry in bundle["entry"]}
    assert len(urls) == len(bundle["entry"])
    for observation in resources(bundle, "Observation"):
        assert observation["subject"]["reference"] == patient_url
        assert all(member["reference"] in urls for member in observation.get("hasMember", []))
        quantity = observation.get("valueQuantity")
        assert quantity is None or quantity["system"] == UCUM


def test_the_fhir_export_uses_the_spec_codes_and_no_other(store: Store) -> None:
    bundle = export_record(store, "P-0042", "fhir", "tester", NOW)
    observations = by_text(bundle)
    expected = {
        "DXA Lumbar spine BMD": "24966-4",
        "DXA Lumbar spine T-score": "38267-1",
        "DXA Lumbar spine Z-score": "85394-5",
        "DXA Total hip BMD": "38261-4",
        "DXA Total hip T-score": "38264-8",
        "DXA Total hip Z-score": "80933-5",
        "DXA Femoral neck BMD": "24701-5",
        "DXA Femoral neck T-score": "38263-0",
        "DXA Femoral neck Z-score": "80934-3",
        "25-Hydroxyvitamin D (total)": "62292-8",
        "Parathyroid hormone, intact": "2731-8",
        "Procollagen type I N-terminal propeptide (P1NP)": "77370-5",
        "C-terminal telopeptide of type I collagen (CTX)": "41171-0",
        "Bone-specific alkaline phosphatase (BSAP)": "17838-4",
        "DXA panel: Lumbar spine": "83311-1",
    }
    assert {text: loinc(observations[text]) for text in expected} == expected
    assert observations["25-Hydroxyvitamin D (total)"]["valueQuantity"]["value"] == 18.03
    assert observations["DXA Femoral neck T-score"]["bodySite"]["text"] == "Femoral neck"
    calcium = [r for r in resources(bundle, "Observation") if r["code"]["text"].startswith("Calc")]
    assert {(loinc(r), r["valueQuantity"]["code"]) for r in calcium} == {
        ("17861-6", "mg/dL"),
        ("2000-8", "mmol/L"),
    }
    # No code was given for these: exported as text only, never with an invented code.
    assert loinc(observations["N-terminal telopeptide (NTX)"]) is None
    assert loinc(observations["DXA Forearm T-score"]) is None
    used = {loinc(r) for r in resources(bundle, "Observation")} - {None}
    assert used <= SPEC_LOINC
    assert (
        observations["Procollagen type I N-terminal propeptide (P1NP)"]["valueQuantity"]["code"]
        == "ug/L"
    )
    ctx = observations["C-terminal telopeptide of type I collagen (CTX)"]
    assert ctx["referenceRange"][0]["low"]["value"] == 100
    assert observations["DXA Lumbar spine BMD"]["effectiveDateTime"] == "2024-02-20"


def test_molar_results_under_mass_codes_are_converted_and_say_so(store: Store) -> None:
    facts = {
        "patient_id": "P-M",
        "labs": [
            {
                "date": "2026-01-01",
                "test": "vitamin_d",
                "value": 45,
                "unit": "nmol/L",
                "reference_low": 75,
                "reference_high": 250,
            },
            {"date": "2026-01-01", "test": "pth", "value": 5, "unit": "pmol/L"},
            {"date": "2026-01-01", "test": "pth", "value": 40, "unit": "ng/L"},
        ],
    }
    record(store, facts)
    vitamin_d, pth, pth_ng = resources(export_record(store, "P-M", "fhir", "t", NOW), "Observation")
    assert vitamin_d["valueQuantity"] == {
        "value": 18.03,
        "unit": "ng/mL",
        "system": UCUM,
        "code": "ng/mL",
    }
    assert vitamin_d["referenceRange"][0]["low"]["value"] == 30.05
    assert "Reported as 45 nmol/L" in vitamin_d["note"][0]["text"]
    assert pth["valueQuantity"]["value"] == 47.15 and pth["valueQuantity"]["unit"] == "pg/mL"
    assert pth_ng["valueQuantity"]["unit"] == "ng/L" and "note" not in pth_ng


def test_the_fhir_export_is_the_same_each_time(store: Store) -> None:
    first = export_record(store, "P-0042", "fhir", "tester", NOW)
    assert export_record(store, "P-0042", "fhir", "tester", NOW) == first


def test_the_json_export_carries_facts_provenance_and_assessment(store: Store) -> None:
    exported = export_record(store, "P-0042", "json", "tester", NOW)
    assert exported["facts"]["age"] == 58 and len(exported["facts"]["labs"]) == 8
    assert exported["provenance"]["conversation_id"] == "conv-42"
    assert exported["provenance"]["facts"] == PROVENANCE
    assert exported["assessment"]["bone_density"]["category"] == "osteopenia"
    assert exported["assessed_at"] is not None


def test_every_export_is_audited(store: Store) -> None:
    export_record(store, "P-0042", "json", "alice", NOW)
    export_record(store, "P-0042", "fhir", "bob", NOW)
    assert [(e.actor, e.action) for e in store.audit_log("P-0042")] == [
        ("alice", "export json"),
        ("bob", "export fhir"),
    ]


def test_an_unknown_patient_or_unusable_facts_is_a_clear_error(store: Store) -> None:
    with pytest.raises(UsageError, match=r"no patient 'P-9'.*boneguide patients"):
        export_record(store, "P-9", "json", "tester", NOW)
    store.record_assessment("P-BAD", None, {"age": 500}, {})
    with pytest.raises(UsageError, match=r"P-BAD.*age"):
        export_record(store, "P-BAD", "fhir", "tester", NOW)
    assert store.audit_log("P-9") == []


def test_a_patient_without_facts_exports_the_patient_alone(store: Store) -> None:
    with store.turn("c-new") as turn:
        turn.save(ConversationRecord("c-new", "P-NEW", "terminal", "age", {}, False), "hi", [])
    bundle = export_record(store, "P-NEW", "fhir", "tester", NOW)
    Bundle.model_validate(bundle)
    assert [e["resource"]["resourceType"] for e in bundle["entry"]] == ["Patient"]


def test_status_and_due_are_recomputed_for_today(store: Store) -> None:
    record(
        store,
        {
            "patient_id": "P-UP",
            "sex": "female",
            "age": 60,
            "menopausal_status": "postmenopausal",
            "dexa": [{"date": "2026-06-01", "site": "total_hip", "t_score": 0.5}],
            "labs": [
                {"date": "2026-06-01", "test": "vitamin_d", "value": 40, "unit": "ng/mL"},
                {"date": "2026-06-01", "test": "calcium", "value": 9.5, "unit": "mg/dL"},
            ],
        },
    )
    store.record_assessment("P-BAD", None, {"age": 500}, {})
    statuses = {s.patient_id: s for s in patient_statuses(store, TODAY)}
    assert statuses["P-0042"].category == "osteopenia" and statuses["P-0042"].discuss_treatment
    assert statuses["P-0042"].next_item is not None
    assert statuses["P-0042"].next_item["status"] == "overdue"
    assert not statuses["P-BAD"].assessed and "age" in (statuses["P-BAD"].problem or "")
    assert [s.patient_id for s in due_patients(store, TODAY)] == ["P-0042"]
    # Half a year later the up-to-date patient's labs fall due: the stored assessment is not
    # reused, the schedule is recomputed.
    later = {s.patient_id: s for s in due_patients(store, dt.date(2027, 5, 15))}
    assert {item["test"] for item in later["P-UP"].due} == {"calcium", "vitamin_d"}
    assert {item["status"] for item in later["P-UP"].due} == {"due_soon"}
