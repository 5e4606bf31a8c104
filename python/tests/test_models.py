"""Answers as Python objects: attribute access, lazy lists, and nothing lost."""

from __future__ import annotations

import json
import urllib.request
from collections.abc import Sequence
from typing import Any

import pytest

import dg
from conftest import PREAMBLE, Emulator


@pytest.fixture(scope="module")
def raw_and_resp(emulator: Emulator) -> tuple[dict[str, Any], dg.ListenResponse]:
    """The same transcription as the API's raw JSON and as dg's answer."""
    query = "model=nova-3&smart_format=true"
    request = urllib.request.Request(
        f"{emulator.url}/v1/listen?{query}",
        data=PREAMBLE.read_bytes(),
        headers={"Authorization": f"Token {emulator.owner_key}", "Content-Type": "audio/wav"},
    )
    with urllib.request.urlopen(request, timeout=30) as answer:
        raw = json.loads(answer.read())
    with dg.Client(api_key=emulator.owner_key, base_url=emulator.url) as client:
        resp = client.transcribe_file(PREAMBLE, model="nova-3", smart_format=True)
    return raw, resp


def without_per_request_fields(answer: dict[str, Any]) -> dict[str, Any]:
    metadata = {k: v for k, v in answer["metadata"].items() if k not in ("request_id", "created")}
    return {**answer, "metadata": metadata}


def test_to_dict_and_to_json_give_back_every_field(raw_and_resp: tuple[dict[str, Any], dg.ListenResponse]) -> None:
    raw, resp = raw_and_resp
    assert without_per_request_fields(resp.to_dict()) == without_per_request_fields(raw)
    assert json.loads(resp.to_json()) == resp.to_dict()


def test_attributes_mirror_the_json(raw_and_resp: tuple[dict[str, Any], dg.ListenResponse]) -> None:
    raw, resp = raw_and_resp
    assert resp.results is not None and resp.metadata is not None
    alternative = resp.results.channels[0].alternatives[0]
    raw_alternative = raw["results"]["channels"][0]["alternatives"][0]
    assert alternative.transcript == raw_alternative["transcript"] == resp.transcript
    assert alternative.confidence == raw_alternative["confidence"]
    for word, raw_word in zip(alternative.words, raw_alternative["words"]):
        assert word.word == raw_word["word"]
        assert word.punctuated_word == raw_word["punctuated_word"]
        assert (word.start, word.end, word.confidence) == (raw_word["start"], raw_word["end"], raw_word["confidence"])
        assert word.speaker is None
    assert resp.metadata.duration == raw["metadata"]["duration"]
    assert list(resp.metadata.models) == raw["metadata"]["models"]
    model_id = raw["metadata"]["models"][0]
    assert resp.metadata.model_info[model_id].name == raw["metadata"]["model_info"][model_id]["name"]
    paragraphs = alternative.paragraphs
    assert paragraphs is not None
    raw_sentence = raw_alternative["paragraphs"]["paragraphs"][0]["sentences"][0]
    assert paragraphs.paragraphs[0].sentences[0].text == raw_sentence["text"]


def test_fields_the_models_do_not_know_are_kept(client: dg.Client, emulator: Emulator) -> None:
    answer = {
        "metadata": {"request_id": "r-1", "duration": 1.5, "channels": 1, "brand_new": {"x": [1, 2]}},
        "results": {
            "channels": [
                {
                    "alternatives": [
                        {
                            "transcript": "hi",
                            "confidence": 0.9,
                            "words": [
                                {"word": "hi", "start": 0.0, "end": 0.5, "confidence": 0.9, "emphasis": "loud"}
                            ],
                        }
                    ]
                }
            ]
        },
        "top_level_extra": True,
    }
    emulator.fault(count=1, path_prefix="/v1/listen", status=200, body=json.dumps(answer))
    resp = client.transcribe_file(PREAMBLE)
    assert resp.to_dict() == answer
    assert resp.metadata is not None and resp.results is not None
    assert getattr(resp.metadata, "brand_new") == {"x": [1, 2]}
    assert getattr(resp.results.channels[0].alternatives[0].words[0], "emphasis") == "loud"
    assert getattr(resp, "top_level_extra") is True
    assert resp.metadata.sha256 is None
    with pytest.raises(AttributeError, match="'ListenMetadata' object has no attribute 'nothing_here'"):
        getattr(resp.metadata, "nothing_here")


def test_lists_are_lazy_sequences(raw_and_resp: tuple[dict[str, Any], dg.ListenResponse]) -> None:
    raw, resp = raw_and_resp
    assert resp.results is not None
    words = resp.results.channels[0].alternatives[0].words
    raw_words = raw["results"]["channels"][0]["alternatives"][0]["words"]
    assert isinstance(words, Sequence)
    assert len(words) == len(raw_words)
    assert words[-1].word == raw_words[-1]["word"]
    assert [w.word for w in words[2:8:2]] == [w["word"] for w in raw_words[2:8:2]]
    assert [w.word for w in words] == [w["word"] for w in raw_words]
    assert [w.word for w in reversed(words)][0] == raw_words[-1]["word"]
    assert words[0] in words and "not a word" not in words
    assert words.index(words[5]) == [w["word"] for w in raw_words].index(raw_words[5]["word"])
    assert words.count(words[0]) == 1
    with pytest.raises(ValueError):
        words.index("not a word")
    assert words == list(words)
    with pytest.raises(IndexError):
        words[len(raw_words)]
    with pytest.raises(IndexError):
        words[-len(raw_words) - 1]
    with pytest.raises(TypeError, match="integers or slices"):
        words["0"]  # type: ignore[call-overload]


def test_views_compare_by_value_and_outlive_their_parents(emulator: Emulator) -> None:
    with dg.Client(api_key=emulator.owner_key, base_url=emulator.url) as client:
        first = client.transcribe_file(PREAMBLE, model="nova-3", smart_format=True)
        second = client.transcribe_file(PREAMBLE, model="nova-3", smart_format=True)
    assert first.results is not None and second.results is not None
    word = first.results.channels[0].alternatives[0].words[3]
    assert word == second.results.channels[0].alternatives[0].words[3]
    assert word != second.results.channels[0].alternatives[0].words[4]
    del first
    assert word.word == second.results.channels[0].alternatives[0].words[3].word


def test_reprs_are_bounded(raw_and_resp: tuple[dict[str, Any], dg.ListenResponse]) -> None:
    raw, resp = raw_and_resp
    assert resp.results is not None
    alternative = resp.results.channels[0].alternatives[0]
    text = repr(alternative)
    assert text.startswith("Alternative(transcript='We, the people")
    assert len(text) < 400
    words = len(raw["results"]["channels"][0]["alternatives"][0]["words"])
    assert repr(alternative.words) == f"ViewList[Word](…{words} items)"


def test_to_dict_of_a_part(raw_and_resp: tuple[dict[str, Any], dg.ListenResponse]) -> None:
    raw, resp = raw_and_resp
    assert resp.results is not None
    word = resp.results.channels[0].alternatives[0].words[0]
    assert word.to_dict() == raw["results"]["channels"][0]["alternatives"][0]["words"][0]
