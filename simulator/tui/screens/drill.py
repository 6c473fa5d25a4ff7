"""The drill screens: a briefing before each scenario and the results at the end.

`mentor-sim drill run DRILL` opens `DrillBriefScreen` for the first scenario:
the drill's description, the progress through its scenarios, who the next
mentee is and what this conversation's targets are. Enter starts the ordinary
`PracticeScreen` on a rehearsal from the `DrillRun`; when the trainee ends the
conversation, the run judges it and the next briefing follows, and after the
last one `DrillResultsScreen` lists every target as met or missed, with its
value and the turns it rests on. Enter on a scenario there opens its scorecard.

In an assessment (`--assess`) the practice screen hides the coding and turns
hints and undo off, and the briefings say nothing of how earlier scenarios went:
the results come at the end only. All judging happens in `simulator.drills`;
these screens only show it.
"""

from __future__ import annotations

from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.widgets import Button, Footer, Header, Input, OptionList, Static
from textual.widgets.option_list import Option

from simulator.drills.runner import DrillResult, DrillRun
from simulator.drills.targets import TargetResult, default_label
from simulator.drills.text import fmt_turns, fmt_value
from simulator.locale import tr
from simulator.tui.errorline import error_line
from simulator.tui.screens.base import BaseScreen, BriefScreen



def _targets_block(targets, lang: str) -> list[Content]:
    return [Content.from_markup("  • $l", l=default_label(t, lang)) for t in targets]


def _result_line(t: TargetResult, lang: str) -> Content:
    style = "$success" if t.met else "$error"
    mark = "✓" if t.met else "✗"
    state = tr("drill.met" if t.met else "drill.missed", lang).upper()
    line = Content.from_markup(f"[{style} b]$m $s[/] $l [dim]($v)[/]", m=mark, s=state, l=t.label,
                               v=fmt_value(t, lang))
    turns = fmt_turns(t.evidence, lang)
    if turns:
        line += Content.from_markup("\n    [dim]$t[/]", t=turns)
    return line


class DrillBriefScreen(BriefScreen):
    """Before scenario `position`: progress, the next mentee, the note and targets; Enter starts."""

    SCROLL_ID = "#drill-brief"

    BINDINGS = [
        Binding("up", "scroll(-1)", show=False, id="drill.up"),
        Binding("down", "scroll(1)", show=False, id="drill.down"),
        Binding("pageup", "scroll(-8)", show=False, id="drill.pageup"),
        Binding("pagedown", "scroll(8)", show=False, id="drill.pagedown"),
    ]
    CSS_PATH = "drill.tcss"

    def __init__(self, lang: str, run: DrillRun, position: int) -> None:
        super().__init__(lang)
        self.run = run
        self.position = position

    def w(self, key: str, **values) -> str:
        return tr(f"drill.{key}", self.lang, **values)

    def compose(self):
        self.title = self.run.drill.title
        self.sub_title = self.w("screen.step", n=self.position + 1, of=len(self.run))
        yield Header()
        with VerticalScroll(id="drill-brief"):
            yield Static(self._text(), id="drill-brief-text")
        if self.position == 0:
            yield Static(self.w("screen.trainee"), id="drill-name-label")
        with Horizontal(id="drill-bar"):
            if self.position == 0:
                yield Input(value=self.run.trainee, id="drill-name")
            yield Button(self.w("screen.start"), id="drill-start", variant="primary")
        yield Footer()

    def on_mount(self) -> None:
        if self.position == 0:
            box = self.query_one("#drill-name", Input)
            box.cursor_blink = getattr(self.app, "cursor_blink", True)
            box.focus()
        else:
            self.query_one("#drill-start", Button).focus()

    def _text(self) -> Content:
        run, lang, w = self.run, self.lang, self.w
        drill, step = run.drill, run.drill.scenarios[self.position]
        scenario = run.scenarios[self.position]
        parts: list[Content] = []
        if self.position == 0 and drill.description:
            parts += [Content(drill.description), Content("")]
        if run.assess:
            parts += [Content.from_markup("[b $warning]$t[/]", t=w("screen.assess")), Content("")]
        parts.append(Content.from_markup("[b $accent]$h[/]", h=w("screen.progress")))
        for i, sc in enumerate(run.scenarios):
            result = run.results[i]
            if result is not None:
                done = "" if run.assess else "  " + f"{result.passed}/{len(result.targets)}"
                parts.append(Content.from_markup("[$success]✓[/] $n. $t[dim]$d[/]", n=str(i + 1), t=sc.title, d=done))
            elif i == self.position:
                parts.append(Content.from_markup("[b $accent]▶ $n. $t[/]", n=str(i + 1), t=sc.title))
            else:
                parts.append(Content.from_markup("[dim]· $n. $t[/]", n=str(i + 1), t=sc.title))
        previous = run.results[self.position - 1] if self.position else None
        if previous is not None and not run.assess and previous.targets:
            parts += [Content(""), Content(w("screen.last", passed=previous.passed, total=len(previous.targets)))]
            parts += [_result_line(t, lang) for t in previous.targets]
        p = scenario.persona
        parts += [Content(""), Content.from_markup("[b $accent]$t[/]", t=scenario.title),
                  Content.from_markup("[b]$n[/], $a · $o · $l", n=p.name, a=str(p.age), o=p.origin, l=p.level),
                  Content(scenario.situation)]
        if step.note:
            parts += [Content(""), Content.from_markup("[b]$k:[/] [i]$v[/]", k=w("screen.note"), v=step.note)]
        if step.targets:
            parts += [Content(""), Content.from_markup("[b $accent]$h[/]", h=w("screen.targets"))]
            parts += _targets_block(step.targets, drill.language)
        if drill.targets and self.position == 0:
            parts += [Content(""), Content.from_markup("[b $accent]$h[/]", h=w("screen.drill_targets"))]
            parts += _targets_block(drill.targets, drill.language)
        return Content("\n").join(parts)

    def _start(self) -> None:
        from simulator.tui.screens.practice import PracticeScreen

        if self.position == 0:
            self.run.trainee = self.query_one("#drill-name", Input).value.strip()
            self.app.trainee = self.run.trainee
        try:
            rehearsal = self.run.rehearsal(self.position)
        except Exception as exc:  # noqa: BLE001 - a backend or folder problem is shown, never a crash
            self.notify(error_line(self.lang, exc), severity="error", timeout=10)
            return
        run, position, app, lang = self.run, self.position, self.app, self.lang

        def ended(_session) -> None:
            run.complete(position, rehearsal)
            if position + 1 < len(run):
                app.replace_all(DrillBriefScreen(lang, run, position + 1))
            else:
                app.replace_all(DrillResultsScreen(lang, run.finish()))

        self.app.replace_all(PracticeScreen(self.lang, rehearsal, assess=run.assess, on_end=ended))


class DrillResultsScreen(BaseScreen):
    """Every target met or missed, per scenario and for the whole drill; Enter opens a scorecard."""

    BINDINGS = [
        Binding("escape", "app.new_session", "key.back", id="drill.back"),
        Binding("q", "app.quit", "key.quit", id="drill.quit"),
    ]
    CSS_PATH = "drill.tcss"

    def __init__(self, lang: str, result: DrillResult) -> None:
        super().__init__(lang)
        self.result = result

    def w(self, key: str, **values) -> str:
        return tr(f"drill.{key}", self.lang, **values)

    def compose(self):
        r = self.result
        self.title = f"{self.w('screen.results')} · {r.drill.title}"
        first = r.scenarios[0].session if r.scenarios else None
        self.sub_title = " · ".join(x for x in (first.trainee if first else "",
                                                 self.w("assess") if r.assess else "") if x)
        yield Header()
        yield Static(Content.from_markup("[b]$t[/]", t=self.w("result", passed=r.passed, total=r.total)),
                     id="drill-summary")
        with Horizontal(id="drill-body"):
            yield OptionList(*self._options(), id="drill-list")
            with Vertical(id="drill-right"):
                with VerticalScroll(id="drill-detail-scroll"):
                    yield Static("", id="drill-detail")
        yield Footer()

    def _options(self) -> list[Option]:
        out = []
        for s in self.result.scenarios:
            ok = s.passed == len(s.targets)
            style = "$success" if ok else "$error"
            out.append(Option(Content.from_markup(f"[{style} b]$c[/] $t", c=f"{s.passed}/{len(s.targets)}",
                                                  t=s.scenario.title), id=f"s{s.position}"))
        if self.result.overall_targets:
            got = sum(t.met for t in self.result.overall_targets)
            total = len(self.result.overall_targets)
            style = "$success" if got == total else "$error"
            out.append(Option(Content.from_markup(f"[{style} b]$c[/] [b]$t[/]", c=f"{got}/{total}",
                                                  t=self.w("whole")), id="whole"))
        return out

    def on_mount(self) -> None:
        options = self.query_one(OptionList)
        if options.option_count:
            options.highlighted = 0
        options.focus()

    def on_option_list_option_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        self._show(event.option.id or "")

    def _show(self, option_id: str) -> None:
        lang, r = self.lang, self.result
        if option_id == "whole":
            lines = [Content.from_markup("[b]$t[/]", t=self.w("whole"))]
            lines += [_result_line(t, lang) for t in r.overall_targets]
        else:
            s = r.scenarios[int(option_id[1:])]
            lines = [Content.from_markup("[b]$t[/] [dim]($i)[/]", t=s.scenario.title, i=s.scenario.id),
                     Content.from_markup("$o: [b]$v/100[/]", o=self.w("overall"), v=str(s.overall))]
            lines += [_result_line(t, lang) for t in s.targets] or [Content(self.w("no_targets"))]
            lines += [Content(""), Content.from_markup("[dim]$t[/]", t=self.w("screen.open_card"))]
        self.query_one("#drill-detail", Static).update(Content("\n").join(lines))

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        option_id = event.option.id or ""
        if option_id.startswith("s"):
            s = self.result.scenarios[int(option_id[1:])]
            self.app.show_scorecard(s.session, s.scenario, replace=False)
