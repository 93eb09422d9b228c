import base64
import json

import pytest

from assistant.knowledge.classifier import NONE, Classifier
from assistant.knowledge.packed import pack, unpack


@pytest.mark.parametrize(
    ("kind", "values"),
    [("H", [0, 7, 65535]), ("I", [0, 2**32 - 1]), ("i", [-5, 0, 2**31 - 1])],
)
def test_numbers_read_back_as_written(kind, values):
    text = pack(kind, values)
    assert text.isascii() and json.loads(json.dumps(text)) == text
    assert unpack(kind, text).tolist() == values


def test_packed_runs_are_little_endian():
    assert base64.b64decode(pack("H", [1])) == b"\x01\x00"


@pytest.mark.parametrize("text", ["not base64!", base64.b64encode(b"\x00\x01\x02").decode()])
def test_a_damaged_run_is_refused(text):
    with pytest.raises(ValueError):
        unpack("H", text)


def test_a_read_back_weight_is_the_decimal_trained():
    rows = {"dexa": [(0, 0.2226), (2, -10.236)], "a|b": [(1, 0.1)], "lone": []}
    model = Classifier.of(["x", "y", NONE], rows, [0.5, -0.25, 0.0])
    again = Classifier.from_json(json.loads(json.dumps(model.to_json())))
    for name, row in rows.items():
        assert again.row(name) == row
    assert "dexa" in again and "unknown" not in again and len(again) == 3
    assert again.row("unknown") == []
    # scores sum the very weights: 0.5 + 0.2226 for x, 0.1 for y, -10.236 for none
    assert again.scores(["dexa", "a|b", "unknown"]) == [0.5 + 0.2226, -0.25 + 0.1, 0.0 - 10.236]


def test_a_model_whose_parts_do_not_fit_is_refused():
    model = Classifier.of(["x", NONE], {"a": [(0, 0.5)], "b": [(1, -0.25)]}, [0.0, 0.0])
    data = model.to_json()
    for broken in (
        {**data, "bias": [0.0]},
        {**data, "features": ["a"]},
        {**data, "weights": pack("i", [5000])},
        {**data, "numbers": pack("H", [0, 7])},
        {**data, "ends": "%%%"},
    ):
        with pytest.raises(ValueError):
            Classifier.from_json(broken)
