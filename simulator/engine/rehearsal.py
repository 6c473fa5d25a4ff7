"""One rehearsal: code the mentor's turn, let the engine react, voice the reply, save.

This is the loop every front end (line CLI, TUI, headless script) drives. The
mentee backend is handed in (scripted by default), the store is optional
(`--no-save`), and undo restores the engine to before the last turn.
"""

from __future__ import annotations

from collections.abc import Callable

from simulator.coding.choice import get_coder
from simulator.coding.coder import Coder, CodedTurn
from simulator.coding.context import (
    explains_asked_word, has_agreement, infer_role, infer_step, unpermitted_advice, without_lecture,
)
from simulator.coding.labels import parse_correction
from simulator.engine.session import Attempt, Mark, Session, Turn, now_iso
from simulator.engine.state import MenteeState, Snapshot
from simulator.errors import SaveFailed
from simulator.mentee.base import MenteeBackend, ReplyRequest
from simulator.mentee.scripted import ScriptedMentee
from simulator.scenario.models import Scenario
from simulator.text.typed import join_surrogate_pairs


class Rehearsal:
    def __init__(self, scenario: Scenario, *, trainee: str = "", seed: int = 0,
                 backend: MenteeBackend | None = None, store=None, session: Session | None = None,
                 coder: Coder | None = None):
        self.scenario = scenario
        # A resumed session keeps the coder that coded its turns.
        self.coder = coder or get_coder(scenario.language, session.coder if session is not None else None)
        self.backend = backend or ScriptedMentee()
        self.store = store
        self.state = MenteeState(scenario, self.coder.lex, seed=seed, trainee=trainee)
        self._snapshots: list[Snapshot] = []
        if session is None:
            session = Session(id=Session.new_id(scenario.id), scenario=scenario.id,
                              scenario_title=scenario.title, language=scenario.language,
                              trainee=trainee, seed=seed, mentee_backend=self.backend.name,
                              coder=self.coder.kind)
            session.opening = self.state.opening()
            self.session = session
            self._save()
        else:
            self.session = session
            self._replay()

    # -- the loop -------------------------------------------------------------
    def code(self, text: str) -> CodedTurn:
        return self._in_context(self.coder.code_turn(text))

    def _in_context(self, coded: CodedTurn) -> CodedTurn:
        """The coding as the turn stands in the talk: a word explained after the mentee asked what
        it means is no lecture, live, in the saved session and on resume alike."""
        if "lecture" not in coded.tags:  # (the usual case, on every keystroke of a draft: nothing to read)
            return coded
        prev = self.session.turns[-1].mentee if self.session.turns else self.session.opening
        return without_lecture(coded) if explains_asked_word(coded, prev, self.coder.lex) else coded

    def take_turn(self, text: str, on_token: Callable[[str], None] | None = None,
                  coded: CodedTurn | None = None) -> Turn:
        """The mentor's turn and the mentee's reply. `coded` is this text's coding when the front end
        has already shown it (`code`), so a turn is coded once."""
        text = join_surrogate_pairs(text)  # so the saved turn reads back exactly as played
        if coded is None or coded.text != text:
            coded = self.code(text)
        self._snapshots.append(self.state.snapshot())
        turn = self._decide(coded)
        request = ReplyRequest(scenario=self.scenario, cue=self._last_cue, history=self.session.turns,
                               mentor=text, trust=self.state.trust)
        try:
            reply = self.backend.reply(request, on_token=on_token)
        except BaseException:
            # No turn was recorded, so the hidden state must not have moved either.
            self.state.restore(self._snapshots.pop())
            raise
        turn.mentee, turn.source, turn.model_raw = reply.text, reply.source, reply.raw
        self.session.turns.append(turn)
        try:
            self._save()
        except SaveFailed:
            # Not on disk, so not taken: the front end keeps the typed line and says why.
            self.session.turns.pop()
            self.state.restore(self._snapshots.pop())
            raise
        return turn

    def _decide(self, coded: CodedTurn) -> Turn:
        """The engine's turn on a coding already put in context (`code`)."""
        turns = self.session.turns
        index = len(turns)
        previous_step = turns[-1].step if turns else None
        step = infer_step(coded, previous_step, self.coder.lex, index)
        agreement = has_agreement(coded, self.coder.lex)
        unpermitted = self._advice_without_permission(coded)
        cue = self.state.react(coded, agreement=agreement, advice_without_permission=unpermitted > 0)
        self._last_cue = cue
        return Turn(index=index, mentor=coded.text, primary=coded.primary,
                    segments=[s.to_dict() for s in coded.segments], tags=coded.tags,
                    role=infer_role(coded), step=step, mentee=cue.text, source="scripted",
                    trust=cue.trust_after, trust_before=cue.trust_before, reaction=cue.reaction,
                    revealed=cue.revealed, agreement=agreement,
                    advice_without_permission=unpermitted, misunderstood=cue.misunderstood,
                    about=cue.about, move=cue.move)

    def _advice_without_permission(self, coded: CodedTurn) -> int:
        """Advice segments without permission, by the rule the scoring uses (CODEBOOK v2)."""
        prev = self.session.turns[-1] if self.session.turns else None
        return unpermitted_advice(coded.segments, prev.segments if prev else (),
                                  prev.mentee if prev else self.session.opening, self.coder.lex)

    def undo(self) -> Turn | None:
        """Take back the last turn; it stays in the session file as an attempt."""
        if not self.session.turns:
            return None
        turn = self.session.turns.pop()
        if self._snapshots:
            self.state.restore(self._snapshots.pop())
        else:  # resumed session: rebuild the state from the kept turns
            self._replay()
        self.session.attempts.append(Attempt(replaced_at=turn.index, undone_at=now_iso(),
                                             turn=turn.model_copy()))
        self._save()
        return turn

    def mark_wrong(self, turn_index: int, segment_index: int, note: str = "",
                   correct_code: str | None = None, correct_tags: list[str] | None = None) -> dict:
        """Record that the trainee thinks a segment's code is wrong.

        When the note names a code ("refleksion") it becomes `correct_code`, so the mark
        can be fed to `mentor-sim eval --marks` as a labelled row.
        """
        turn = self.session.turns[turn_index]
        seg = turn.segments[segment_index]
        if correct_code is None:
            correct_code, parsed_tags = parse_correction(note)
            correct_tags = correct_tags if correct_tags is not None else parsed_tags
        mark = {"turn": turn_index, "segment": segment_index, "text": seg.text, "code": seg.code,
                "tags": list(seg.tags), "note": note, "correct_code": correct_code,
                "correct_tags": correct_tags or [], "at": now_iso(), "language": self.session.language}
        self.session.marks.append(Mark(**mark))
        self._save()
        if self.store is not None:
            # the session id lets `mentor-sim forget` find the line again
            self.store.append_mark(dict(mark, session=self.session.id))
        return mark

    def finish(self) -> None:
        self.session.finished = True
        self._save()

    # -- persistence ------------------------------------------------------------
    def _save(self) -> None:
        self.session.updated = now_iso()
        s = self.session
        # Opening the app and quitting again leaves no empty session behind; a drill's
        # conversation is kept even without turns, because the drill's record counts it.
        if self.store is not None and (s.turns or s.attempts or s.marks or s.drill or s.recall):
            self.store.save(s)

    def _replay(self) -> None:
        """Rebuild hidden state from the saved turns (resume): the engine is deterministic."""
        self.state = MenteeState(self.scenario, self.coder.lex, seed=self.session.seed,
                                 trainee=self.session.trainee)
        self.state.opening()
        kept = self.session.turns
        self.session.turns = []
        for old in kept:
            self._decide(self.code(old.mentor))
            self.session.turns.append(old)
        self._snapshots = []
