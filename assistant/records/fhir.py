"""A patient's facts as a FHIR R4 Bundle (type `collection`): a Patient and LOINC-coded
Observations, with the codes of SPEC section 6.9 and UCUM units.

Only the codes SPEC 6.9 lists are used. What has none (forearm scans, NTX) is exported with a
code that is text only, so nothing is dropped and nothing is coded wrongly. Vitamin D in nmol/L
and PTH in pmol/L are converted to the mass unit of their code, with a note of what was reported.
"""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

from assistant.rules.facts import DexaScan, Facts, LabResult
from assistant.rules.labels import MEASUREMENTS, SITES, TEST_NAMES, capitalised
from assistant.rules.units import CANONICAL_UNIT, to_canonical

LOINC = "http://loinc.org"
UCUM = "http://unitsofmeasure.org"
CATEGORY_SYSTEM = "http://terminology.hl7.org/CodeSystem/observation-category"
PATIENT_ID_SYSTEM = "urn:boneguide:patient-id"
# Fixed namespace: the same patient and value give the same resource ids in every export.
_NAMESPACE = uuid.UUID("6f1c3c1e-5b0e-4d59-9a57-0b0e6d1de000")

DXA_PANEL = ("83311-1", "DXA panel")
# site -> (BMD, T-score, Z-score) LOINC codes; the site's name is the catalogue's.
DXA_CODES: dict[str, tuple[str, str, str] | None] = {
    "lumbar_spine": ("24966-4", "38267-1", "85394-5"),
    "total_hip": ("38261-4", "38264-8", "80933-5"),
    "femoral_neck": ("24701-5", "38263-0", "80934-3"),  # no term of its own: femur, site named
    "forearm": None,
}
# test -> {unit: LOINC code}; "*" for every accepted unit of the test.
LAB_CODES: dict[str, dict[str, str]] = {
    "vitamin_d": {"*": "62292-8"},
    "calcium": {"mg/dL": "17861-6", "mmol/L": "2000-8"},
    "pth": {"*": "2731-8"},
    "p1np": {"*": "77370-5"},
    "ctx": {"*": "41171-0"},
    "bsap": {"*": "17838-4"},
    "ntx": {},
}
# Molar units of tests whose LOINC code (SPEC 6.9) is a mass concentration: converted, noted.
MOLAR_UNITS = {"vitamin_d": ("nmol/L",), "pth": ("pmol/L",)}
CONVERTED_DECIMALS = 2
# Units as people write them -> UCUM.
UCUM_CODES = {
    "mg/dL": "mg/dL",
    "mmol/L": "mmol/L",
    "ng/mL": "ng/mL",
    "nmol/L": "nmol/L",
    "pg/mL": "pg/mL",
    "pmol/L": "pmol/L",
    "ng/L": "ng/L",
    "µg/L": "ug/L",
    "U/L": "U/L",
    "nmol BCE/mmol creatinine": "nmol{BCE}/mmol{creat}",
}


def _urn(*parts: str) -> str:
    return f"urn:uuid:{uuid.uuid5(_NAMESPACE, '/'.join(parts))}"


def _code(code: str | None, text: str) -> dict[str, Any]:
    concept: dict[str, Any] = {"text": text}
    if code is not None:
        # No `display`: LOINC's own display names are not ours to paraphrase; `text` says it.
        concept["coding"] = [{"system": LOINC, "code": code}]
    return concept


def _category(name: str) -> list[dict[str, Any]]:
    return [{"coding": [{"system": CATEGORY_SYSTEM, "code": name}]}]


def _observation(
    patient_ref: str, code: dict[str, Any], category: str, date: dt.date | None
) -> dict[str, Any]:
    resource: dict[str, Any] = {
        "resourceType": "Observation",
        "status": "final",
        "category": _category(category),
        "code": code,
        "subject": {"reference": patient_ref},
    }
    if date is not None:
        resource["effectiveDateTime"] = date.isoformat()
    return resource


def _quantity(value: float, unit: str, ucum: str) -> dict[str, Any]:
    return {"value": value, "unit": unit, "system": UCUM, "code": ucum}


def _scan_entries(patient_ref: str, pid: str, index: int, scan: DexaScan) -> list[dict[str, Any]]:
    codes = DXA_CODES[scan.site.value]
    site = capitalised(SITES[scan.site])
    measures = (
        (MEASUREMENTS["bmd"], scan.bmd, "g/cm²", "g/cm2"),
        (MEASUREMENTS["t_score"], scan.t_score, "T-score", "{T-score}"),
        (MEASUREMENTS["z_score"], scan.z_score, "Z-score", "{Z-score}"),
    )
    members: list[dict[str, Any]] = []
    for position, (label, value, unit, ucum) in enumerate(measures):
        if value is None:
            continue
        code = codes[position] if codes else None
        resource = _observation(
            patient_ref, _code(code, f"DXA {site} {label}"), "imaging", scan.date
        )
        resource["bodySite"] = {"text": site}
        resource["valueQuantity"] = _quantity(value, unit, ucum)
        members.append({"fullUrl": _urn(pid, "dexa", str(index), label), "resource": resource})
    if not members:
        return []
    panel = _observation(
        patient_ref, _code(DXA_PANEL[0], f"{DXA_PANEL[1]}: {site}"), "imaging", scan.date
    )
    panel["bodySite"] = {"text": site}
    panel["hasMember"] = [{"reference": member["fullUrl"]} for member in members]
    return [{"fullUrl": _urn(pid, "dexa", str(index)), "resource": panel}, *members]


def _lab_entry(patient_ref: str, pid: str, index: int, lab: LabResult) -> dict[str, Any]:
    test = lab.test.value
    codes = LAB_CODES[test]
    code = codes.get(lab.unit) or codes.get("*")
    resource = _observation(patient_ref, _code(code, TEST_NAMES[lab.test]), "laboratory", lab.date)
    value, low, high, unit = lab.value, lab.reference_low, lab.reference_high, lab.unit
    if code is not None and lab.unit in MOLAR_UNITS.get(test, ()):
        # The code is a mass concentration: give the value in its unit, and say what the lab
        # reported, so the conversion is visible rather than silent.
        unit = CANONICAL_UNIT[lab.test]
        value = _converted(lab, value)
        low = None if low is None else _converted(lab, low)
        high = None if high is None else _converted(lab, high)
        resource["note"] = [
            {
                "text": f"Reported as {lab.value:g} {lab.unit}; converted to "
                f"{unit} for LOINC {code}, a mass concentration."
            }
        ]
    ucum = UCUM_CODES.get(unit, unit)
    resource["valueQuantity"] = _quantity(value, unit, ucum)
    if low is not None or high is not None:
        reference: dict[str, Any] = {}
        if low is not None:
            reference["low"] = _quantity(low, unit, ucum)
        if high is not None:
            reference["high"] = _quantity(high, unit, ucum)
        resource["referenceRange"] = [reference]
    return {"fullUrl": _urn(pid, "lab", str(index)), "resource": resource}


def _converted(lab: LabResult, value: float) -> float:
    return round(to_canonical(lab.test, value, lab.unit), CONVERTED_DECIMALS)


def bundle(patient_id: str, facts: Facts | None, timestamp: dt.datetime) -> dict[str, Any]:
    """The Bundle as JSON-ready data; `facts` None gives the Patient alone."""
    patient_ref = _urn(patient_id, "patient")
    patient: dict[str, Any] = {
        "resourceType": "Patient",
        "identifier": [{"system": PATIENT_ID_SYSTEM, "value": patient_id}],
    }
    if facts is not None and facts.sex is not None:
        patient["gender"] = facts.sex
    entries: list[dict[str, Any]] = [{"fullUrl": patient_ref, "resource": patient}]
    if facts is not None:
        for index, scan in enumerate(facts.dexa):
            entries += _scan_entries(patient_ref, patient_id, index, scan)
        for index, lab in enumerate(facts.labs):
            entries.append(_lab_entry(patient_ref, patient_id, index, lab))
    return {
        "resourceType": "Bundle",
        "type": "collection",
        "timestamp": timestamp.astimezone(dt.UTC).isoformat(timespec="seconds"),
        "entry": entries,
    }
