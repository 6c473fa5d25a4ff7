"""Prompts for a model that voices the mentee: what it may know and how to speak.

The engine has already decided the reaction, the trust and which facts are
unlocked; the prompt only asks the model to say that decision in the persona's
voice. So the prompt carries the persona's *public* details (name, age, origin,
time in Denmark, level) and the facts the engine allows, never the persona's
family, work history or wishes as such: those reach the model only as facts
once unlocked. The wording lives in Jinja2 templates in the top-level
``prompts/`` folder, rendered in the same sandbox as scenario lines.

Pure Python: no torch, no transformers, no network.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from simulator.mentee.base import ReplyRequest
from simulator.text.templates import render
from simulator.resources import project_dir

# Most words a reply may have at each level (CEFR A1-B2). The guards enforce it;
# the prompt states it. A1 speakers use a few short sentences at most.
MAX_WORDS = {"A1": 25, "A2": 40, "B1": 60, "B2": 80}
HISTORY_TURNS = 4  # earlier mentor/mentee exchanges the model sees

_PUBLIC_PERSONA = ("name", "age", "origin", "time_in_denmark", "level", "quiet")
_LABELS = {"da": {"mentor": "Mentor"}, "en": {"mentor": "Mentor"}}


def prompts_dir() -> Path:
    """The prompt templates shipped with the project (top-level ``prompts/``)."""
    return project_dir("prompts")


@lru_cache(maxsize=32)
def _template(name: str) -> str:
    path = prompts_dir() / name
    try:
        return path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise FileNotFoundError(f"{path}: prompt template missing") from None


def render_prompt(name: str, context: dict) -> str:
    """Render one template from prompts/ (sandboxed) and tidy its blank lines."""
    text = render(_template(name), context)
    text = "\n".join(line.rstrip() for line in text.splitlines())
    return re.sub(r"\n{3,}", "\n\n", text).strip()


def _lang(request: ReplyRequest) -> str:
    return request.scenario.language if request.scenario.language in ("da", "en") else "da"


def max_words(request: ReplyRequest) -> int:
    return MAX_WORDS.get(request.scenario.persona.level, 40)


def allowed_fact_texts(request: ReplyRequest) -> list[str]:
    """What the mentee may mention: the engine's allowed facts plus those told now."""
    texts = list(request.cue.allowed_facts)
    for fact in told_now(request):
        if fact not in texts:
            texts.append(fact)
    return texts


def told_now(request: ReplyRequest) -> list[str]:
    """Texts of the facts the engine reveals in this reply."""
    if not request.cue.revealed:
        return []
    # When a fact is revealed the cue's text *is* the fact (engine/state.py _reveal).
    return [request.cue.text]


def system_context(request: ReplyRequest) -> dict:
    persona = request.scenario.persona.model_dump()
    return {
        "persona": {k: persona[k] for k in _PUBLIC_PERSONA},
        "max_words": max_words(request),
        "facts": allowed_fact_texts(request),
        "new_facts": told_now(request),
        "reaction": request.cue.reaction,
        "gist": request.cue.text,
        "trust": float(request.trust),
        "misunderstood": bool(request.cue.misunderstood),
        # the engine's reading of the mentor's turn and what the reply is about (issue 13)
        "move": getattr(request.cue, "move", "") or "",
        "reply_kind": getattr(request.cue, "reply_kind", "") or "",
        "about": _about_text(request),
    }


def _about_text(request: ReplyRequest) -> str:
    about = getattr(request.cue, "about", None)
    fact = next((f for f in request.scenario.facts if f.id == about), None)
    return fact.text if fact is not None and about in (request.cue.revealed or []) + _told(request) else ""


def _told(request: ReplyRequest) -> list[str]:
    return [fid for t in request.history for fid in (getattr(t, "revealed", None) or [])]


def system_prompt(request: ReplyRequest) -> str:
    return render_prompt(f"mentee_system.{_lang(request)}.j2", system_context(request))


def mentor_message(request: ReplyRequest, words: str | None = None) -> str:
    return render_prompt(f"mentor_turn.{_lang(request)}.j2",
                         {"mentor": request.mentor if words is None else words})


@dataclass
class Exchange:
    mentor: str
    mentee: str


def recent_exchanges(request: ReplyRequest, turns: int = HISTORY_TURNS) -> list[Exchange]:
    if turns <= 0:
        return []
    return [Exchange(getattr(t, "mentor", "") or "", getattr(t, "mentee", "") or "")
            for t in list(request.history)[-turns:]]


def build_messages(request: ReplyRequest, turns: int = HISTORY_TURNS) -> list[dict[str, str]]:
    """Chat messages: instructions, the last few exchanges, the mentor's words now.

    The mentor is the ``user`` and the mentee the ``assistant``, the roles chat
    models are trained on; only the mentee's own lines are ever the model's.
    """
    messages = [{"role": "system", "content": system_prompt(request)}]
    for ex in recent_exchanges(request, turns):
        messages.append({"role": "user", "content": mentor_message(request, ex.mentor)})
        if ex.mentee:
            messages.append({"role": "assistant", "content": ex.mentee})
    messages.append({"role": "user", "content": mentor_message(request)})
    return messages


def plain_prompt(request: ReplyRequest, turns: int = HISTORY_TURNS) -> str:
    """One text prompt for a tokenizer without a chat template: a transcript to continue."""
    name = request.scenario.persona.name
    mentor = _LABELS[_lang(request)]["mentor"]
    lines = []
    for ex in recent_exchanges(request, turns):
        lines.append({"speaker": mentor, "text": mentor_message(request, ex.mentor)})
        if ex.mentee:
            lines.append({"speaker": name, "text": ex.mentee})
    lines.append({"speaker": mentor, "text": mentor_message(request)})
    return render_prompt("plain_transcript.j2", {"system": system_prompt(request), "lines": lines,
                                                 "name": name})


def merge_system(messages: list[dict[str, str]]) -> list[dict[str, str]]:
    """For chat templates that refuse a system role: fold it into the first user message."""
    if not messages or messages[0]["role"] != "system":
        return messages
    system, rest = messages[0]["content"], [dict(m) for m in messages[1:]]
    if rest and rest[0]["role"] == "user":
        rest[0]["content"] = f"{system}\n\n{rest[0]['content']}"
        return rest
    return [{"role": "user", "content": system}, *rest]
