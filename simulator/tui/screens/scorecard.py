"""The scorecard: every principle with its band (a word and a colour) and evidence.

The list on the left holds an overview (overall score, drill targets, figures)
and the principles. Highlighting one shows its value, guide section, cited turns
and, for weak principles, the advice and a better phrasing; the read-only
transcript below highlights the cited turns. Enter (or t) moves into the
transcript, where n / p jump between the cited turns. Used at the end of a
session and to review one from the history.
"""

from __future__ import annotations

import textwrap

from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.widgets import Footer, Header, OptionList, Static
from textual.widgets.option_list import Option

from simulator.coding.labels import label
from simulator.engine.session import Session
from simulator.mentee.source import share_line
from simulator.scoring import Scorecard, score_session
from simulator.report.words import figure_label, target_value
from simulator.scoring.scorecard import bands_config
from simulator.locale.numbers import fmt_figure, fmt_number, fmt_share
from simulator.tui.screens.base import BaseScreen
from simulator.tui.widgets.coding_panel import BAND_STYLE
from simulator.tui.widgets.transcript import Transcript

BAND_WIDTH = 10  # "IKKE ENDNU"
LIST_WIDTH = 36  # keep in step with #card-principles in app.tcss


def principle_value(principle, lang: str) -> str:
    rule = next((r for r in bands_config()["principles"] if r["id"] == principle.id), None)
    if rule is None:
        return fmt_figure("", principle.value, lang)
    # The number with its name: "0" alone says nothing about what was counted.
    return f"{fmt_figure(rule['figure'], principle.value, lang)} ({figure_label(rule['figure'], lang)})"


class ScorecardScreen(BaseScreen):
    BINDINGS = [
        Binding("escape", "back", "key.back", id="scorecard.back"),
        Binding("t", "to_transcript", "key.transcript", id="scorecard.transcript"),
        Binding("n", "cited(1)", "key.next_cited", id="scorecard.next"),
        Binding("p", "cited(-1)", "key.prev_cited", id="scorecard.prev"),
        Binding("l", "to_list", "key.list", show=False, id="scorecard.list"),
    ]

    def __init__(self, lang: str, session: Session, scenario=None, card: Scorecard | None = None,
                 mentee_name: str | None = None) -> None:
        super().__init__(lang)
        self.session = session
        self.scenario = scenario
        self.card = card or score_session(session, scenario, lang)
        self.mentee_name = mentee_name or (scenario.persona.name if scenario else "Mentee")
        self.cited: list[int] = []
        self._cursor = -1

    def compose(self):
        self.title = f"{self.t('card.title')} · {self.session.scenario_title}"
        self.sub_title = self.session.trainee or ""
        yield Header()
        yield Static(self._overall_line(), id="card-overall")
        with Horizontal(id="card-body"):
            yield OptionList(*self._options(), id="card-principles")
            with Vertical(id="card-right"):
                with VerticalScroll(id="card-detail-scroll"):
                    yield Static("", id="card-detail")
                yield Transcript(self.mentee_name, self.lang, show_step=True, id="card-transcript")
        yield Footer()

    async def on_mount(self) -> None:
        transcript = self.query_one(Transcript)
        transcript.add_opening(self.session.opening)
        for turn in self.session.turns:
            await transcript.add_turn(turn)
        transcript.scroll_home(animate=False)
        options = self.query_one(OptionList)
        options.highlighted = 0
        options.focus()
        self._show("overview")

    # -- content ---------------------------------------------------------------------
    def _overall_line(self) -> Content:
        bands = [p.band for p in self.card.principles]
        counts = "  ".join(f"{p_label.upper()} {bands.count(b)}" for b, p_label in self._band_words())
        sources = share_line(self.session.turns, self.lang)  # None for the scripted mentee
        return Content.from_markup("[b]$o[/]   [dim]$c[/]" + ("\n[dim]$s[/]" if sources else ""),
                                   o=self.t("card.overall", overall=self.card.overall), c=counts, s=sources or "")

    def _band_words(self):
        seen = {}
        for p in self.card.principles:
            seen.setdefault(p.band, p.band_label)
        return [(b, seen[b]) for b in ("good", "fair", "not_yet") if b in seen]

    def _options(self) -> list[Option]:
        out = [Option(Content.from_markup("[b]$t[/]", t=self.t("card.overview")), id="overview")]
        for p in self.card.principles:
            style = BAND_STYLE.get(p.band, "")
            word = p.band_label.upper().ljust(BAND_WIDTH)
            label_room = LIST_WIDTH - BAND_WIDTH - 2
            # The whole name, wrapped under itself: "Aktiv lytning (refleksi…" hid what it is about.
            label = ("\n" + " " * (BAND_WIDTH + 1)).join(textwrap.wrap(p.label, label_room) or [""])
            out.append(Option(Content.from_markup(f"[{style} b]$w[/] $l", w=word, l=label), id=p.id))
        return out

    def _show(self, option_id: str) -> None:
        detail = self.query_one("#card-detail", Static)
        transcript = self.query_one(Transcript)
        if option_id == "overview":
            detail.update(self._overview())
            self.cited = []
        else:
            p = next(p for p in self.card.principles if p.id == option_id)
            detail.update(self._principle(p))
            self.cited = list(p.evidence)
        transcript.highlight(self.cited)
        self._cursor = -1
        if self.cited:
            transcript.scroll_to_turn(self.cited[0])
        self.query_one("#card-detail-scroll").scroll_home(animate=False)

    def _principle(self, p) -> Content:
        style = BAND_STYLE.get(p.band, "")
        lines = [
            Content.from_markup(f"[b]$l[/] – [{style} b]$w[/]", l=p.label, w=p.band_label.upper()),
            Content.from_markup("$k: [b]$v[/]   $sk: $s", k=self.t("card.value"), v=principle_value(p, self.lang),
                                sk=self.t("card.section"), s=p.guide_section),
        ]
        if p.evidence:
            turns = ", ".join(str(i + 1) for i in p.evidence)
            # a good band cites the turns that earned it, a weaker one those that fell short: say which
            key = "card.evidence_good" if p.band == "good" else "card.evidence_weak"
            lines.append(Content.from_markup("$k: $v", k=self.t(key), v=turns))
            lines.append(Content.from_markup("[dim]$c[/]", c=self.t("card.cited")))
        else:
            lines.append(Content.from_markup("[dim]$c[/]", c=self.t("card.no_evidence")))
        if p.advice:
            lines.append(Content.from_markup("[b]$k:[/] $v", k=self.t("card.advice"), v=p.advice))
        if p.example and not (p.id == "boundaries" and self.card.pitfalls):
            lines.append(Content.from_markup("[b]$k:[/] [i]$v[/]", k=self.t("card.example"), v=p.example))
        if p.id == "boundaries":
            # Each pitfall with its own way out and a better line for this mentee.
            for pit in self.card.pitfalls:
                turns = ", ".join(str(i + 1) for i in pit["turns"])
                one = len(pit["turns"]) == 1  # "replik 3", "replikker 3, 5"
                lines += [Content(""), Content.from_markup("[b]$l[/] ($k $t)", l=pit["label"],
                                                           k=self.t("card.turn" if one else "card.evidence").lower(), t=turns),
                          Content.from_markup("$v [dim]($s)[/]", v=pit["advice"], s=pit["section"])]
                lines += [Content.from_markup("[b]$k:[/] [i]$v[/]", k=self.t("card.example"), v=line)
                          for line in pit["better"]]
        if p.anchor:
            lines.append(Content.from_markup("[dim]$k: $v[/]", k=self.t("card.anchor"), v=p.anchor))
        return Content("\n").join(lines)

    def _overview(self) -> Content:
        lang, f = self.lang, self.card.figures
        lines = [Content.from_markup("[b]$o[/]", o=self.t("card.overall", overall=self.card.overall))]
        if not self.session.turns:
            lines.append(Content(self.t("card.no_turns")))
        if self.card.targets:
            lines.append(Content.from_markup("[b]$t[/]", t=self.t("card.targets")))
            for target in self.card.targets:
                word = self.t("card.met") if target["met"] else self.t("card.missed")
                style = "$success" if target["met"] else "$error"
                value = target_value(target, lang)  # says so when caricature voids it
                lines.append(Content.from_markup(f"[{style} b]$w[/] $l ($v)", w=word.upper(),
                                                 l=target["label"] or figure_label(target["figure"], lang),
                                                 v=value))
        recall = self.session.recall if isinstance(self.session.recall, dict) else None
        if recall and recall.get("text"):
            # what the trainee wrote in "Hvad husker du om …?", shown where the result is read
            caught, missed = len(recall.get("facts_caught", [])), len(recall.get("facts_missed", []))
            lines.append(Content.from_markup("[b]$t[/] ($k: $n)", t=self.t("report.recall"),
                                             k=self.t("report.fig.recall"), n=f"{caught}/{caught + missed}"))
            lines.append(Content.from_markup("[i]$v[/]", v=recall["text"]))
        yn = lambda b: self.t("app.yes") if b else self.t("app.no")  # noqa: E731
        flags = ", ".join(f"{label('tags', k, lang)} {v}" for k, v in f["boundary_flags"].items() if v)
        rows = [
            ("fig.turns", str(f["turns"])),
            ("fig.open_share", fmt_share(f["open_question_share"], lang)),
            ("fig.reflection_ratio", fmt_number(f["reflection_to_question"], lang, 2)),
            ("fig.talk_share", fmt_share(f["mentor_talk_share"], lang)),
            ("fig.affirmations", f"{f['affirmations']} ({f['specific_praise']})"),
            ("fig.advice_wo", str(f["advice_without_permission"])),
            ("fig.wps", fmt_number(f["words_per_sentence"], lang, 1)),
            ("fig.lix", fmt_number(f["lix"], lang, 1)),
            ("fig.boundaries", f"{f['boundary_flags_total']}" + (f" ({flags})" if flags else "")),
            ("fig.check_understanding", str(f.get("check_understanding", 0))),
            ("fig.misunderstood", str(f.get("misunderstood", 0))),
            ("fig.pauses", str(f["pauses"])),
            ("fig.roles", ", ".join(label("roles", r, lang) for r in f["roles_used"]) or "–"),
            ("fig.steps", ", ".join(label("steps", s, lang) for s in f["steps_covered"]) or "–"),
            ("fig.agreement", yn(f["agreement_at_end"])),
        ]
        lines.append(Content.from_markup("[b]$t[/]", t=self.t("card.figures")))
        for key, value in rows:
            lines.append(Content.from_markup("$k: [b]$v[/]", k=self.t(key), v=value))
        return Content("\n").join(lines)

    # -- events and actions ----------------------------------------------------------
    def on_option_list_option_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        if event.option_list.id == "card-principles" and event.option.id:
            self._show(event.option.id)

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        if event.option_list.id == "card-principles":
            self.action_to_transcript()

    def action_to_transcript(self) -> None:
        self.query_one(Transcript).focus()
        if self.cited:
            self.action_cited(1)

    def action_to_list(self) -> None:
        self.query_one(OptionList).focus()

    def action_cited(self, step: int) -> None:
        if not self.cited:
            return
        self._cursor = (self._cursor + step) % len(self.cited)
        self.query_one(Transcript).scroll_to_turn(self.cited[self._cursor])

    def action_back(self) -> None:
        if self.focused is self.query_one(Transcript):
            self.action_to_list()
            return
        self.app.go_back()
