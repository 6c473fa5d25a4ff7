"""The side panel of the practice screen: how the last turn (or the draft) is coded.

It shows, in the interface language, each segment's code and tags with the
guide section they come from, the inferred role, the five conversation steps
(done / now / skipped / not yet), the trust meter (a setting may hide it) and
the running figures with their bands as words. It only renders what it is
given; the practice screen decides when.
"""

from __future__ import annotations

from textual.containers import VerticalScroll
from textual.content import Content
from textual.widgets import Static

from simulator.coding.labels import label
from simulator.engine.hints import Hint
from simulator.engine.session import Session
from simulator.scoring.figures import compute_figures
from simulator.locale import tr
from simulator.locale.numbers import fmt_fixed
from simulator.tui.present import live_figures, segment_lines, step_states, trust_bar

STEP_STYLE = {"done": "$success", "current": "b $accent", "skipped": "$warning", "todo": "dim"}
BAND_STYLE = {"good": "$success", "fair": "$warning", "not_yet": "$error"}


class CodingPanel(VerticalScroll):
    can_focus = True  # so the keyboard can scroll it when a hint makes it long

    def __init__(self, lang: str, **kwargs) -> None:
        super().__init__(**kwargs)
        self.lang = lang

    def compose(self):
        yield Static("", id="panel-hint", classes="panel-section")
        yield Static("", id="panel-coding-title", classes="panel-title")
        yield Static("", id="panel-coding", classes="panel-section")
        yield Static("", id="panel-role", classes="panel-section")
        yield Static(tr("panel.steps", self.lang), classes="panel-title")
        yield Static("", id="panel-steps", classes="panel-section")
        yield Static("", id="panel-trust", classes="panel-section")
        yield Static(tr("panel.figures", self.lang), classes="panel-title")
        yield Static("", id="panel-figures", classes="panel-section")

    def on_mount(self) -> None:
        self.query_one("#panel-hint").display = False

    # -- coding of one turn ---------------------------------------------------
    def show_coding(self, segments: list[dict] | None, role: str | None, draft: bool) -> None:
        lang = self.lang
        self.query_one("#panel-coding-title", Static).update(tr("panel.draft" if draft else "panel.last", lang))
        self.set_class(draft, "-draft")
        body = Content("")
        if not segments:
            body = Content.from_markup("[dim]$t[/]", t=tr("panel.nothing", lang))
        else:
            lines: list[Content] = []
            for seg in segment_lines(segments, lang):
                lines.append(Content.from_markup("[b]• $code[/]", code=seg["label"]))
                if seg["section"]:
                    lines.append(Content.from_markup("  [dim]$s[/]", s=seg["section"]))
                for tag in seg["tags"]:
                    style = "$error" if tag["warning"] else "$success"
                    mark = "⚠" if tag["warning"] else "+"
                    lines.append(Content.from_markup(f"  [{style}]$m $t[/]", m=mark, t=tag["label"]))
                    if tag["section"]:
                        lines.append(Content.from_markup("    [dim]$s[/]", s=tag["section"]))
            body = Content("\n").join(lines)
        self.query_one("#panel-coding", Static).update(body)
        role_text = label("roles", role, lang) if role else tr("panel.no_role", lang)
        self.query_one("#panel-role", Static).update(
            Content.from_markup("$k: [b]$r[/]", k=tr("panel.role", lang), r=role_text))

    # -- state of the session ---------------------------------------------------
    def show_state(self, session: Session, start_trust: float, show_trust: bool, cap: float = 1.0) -> None:
        lang = self.lang
        turns = session.turns
        rows = []
        for step, state in step_states(turns):
            rows.append(Content.from_markup(f"[{STEP_STYLE[state]}]$m $s[/]", m=tr(f"step.{state}", lang),
                                            s=label("steps", step, lang)))
        self.query_one("#panel-steps", Static).update(Content("\n").join(rows))

        trust_widget = self.query_one("#panel-trust", Static)
        trust_widget.display = show_trust
        if show_trust:
            trust = turns[-1].trust if turns else start_trust
            before = turns[-1].trust_before if turns else start_trust
            delta = trust - before
            arrow = "▲" if delta > 0.005 else "▼" if delta < -0.005 else "="
            # at the scenario's cap the meter stops: say so, or good turns look as if they did nothing
            capped = f" {tr('panel.trust_cap', lang)}" if cap < 1.0 and trust >= cap - 0.005 else ""
            trust_widget.update(Content.from_markup("$k [$accent]$bar[/] $v $a$c", k=tr("panel.trust", lang),
                                                    bar=trust_bar(trust, 10), v=fmt_fixed(trust, lang, 2), a=arrow,
                                                    c=capped))

        # Before the first turn there is nothing to measure (the opening alone would read as 0 % talk).
        figures = compute_figures(session) if turns else {}
        lines = []
        for name, value, band, word in live_figures(figures, lang):
            style = BAND_STYLE.get(band or "", "dim")
            # The verdict in capitals after a dot, as on the result page: "63 % ikke endnu" read as "not yet 63 %".
            lines.append(Content.from_markup(f"$n [b]$v[/] [{style}]$w[/]", n=f"{name:<11}", v=f"{value:>5}",
                                             w=f"· {word.upper()}" if word else ""))
        self.query_one("#panel-figures", Static).update(Content("\n").join(lines))

    # -- hint -------------------------------------------------------------------------
    def show_hint(self, hint: Hint | None) -> None:
        widget = self.query_one("#panel-hint", Static)
        if hint is None:
            widget.display = False
            return
        widget.display = True
        widget.update(Content.from_markup("[b $accent]$h:[/] $text\n[dim]($src)[/]", h=tr("panel.hint", self.lang),
                                          text=hint.text, src=hint.section))
        self.scroll_home(animate=False)
