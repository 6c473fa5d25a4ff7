"""The scenario picker (the no-argument start) and the briefing before a session.

The picker lists every scenario with its title, course phase, difficulty, the
mentee's Danish level and its language, filtered as you type; the arrow keys
move in the list while the filter keeps focus, and Enter opens the briefing. A
scenario file that does not load is listed below with its file:line message,
never a crash. The briefing tells who the mentee is, the situation, what the
scenario trains and its drill targets; Enter there starts the rehearsal.
"""

from __future__ import annotations

from pathlib import Path

from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.content import Content
from textual.widgets import Button, DataTable, Footer, Header, Input, Static

from simulator.coding.labels import label
from simulator import launch
from simulator.scenario import ScenarioError, load_scenario
from simulator.scenario.catalogue import ScenarioFolderError
from simulator.scenario.models import COURSE_PHASES, Scenario
from simulator.locale import tr
from simulator.locale.catalogue import LANGS
from simulator.locale.numbers import fmt_bounds
from simulator.report.words import figure_label
from simulator.tui.present import clip, matches
from simulator.tui.screens.base import BaseScreen, BriefScreen

TITLE_WIDTH = 31
# Sized so the five columns fit an 80-column terminal (DataTable pads each by one on both sides).
COLUMNS = (("title", TITLE_WIDTH), ("phase", 15), ("difficulty", 10), ("level", 6), ("lang", 5))


def load_all(directory: Path | None) -> tuple[list[Scenario], list[str]]:
    scenarios, problems = [], []
    try:
        found = launch.scenario_paths(directory)
    except (OSError, ScenarioFolderError) as exc:
        return [], [str(exc)]
    for path in found.values():
        try:
            scenarios.append(load_scenario(path))
        except ScenarioError as exc:
            problems.append(str(exc))
        except (OSError, UnicodeDecodeError) as exc:
            problems.append(f"{path}: {exc}")
    # The course's order first, then the easier ones: Danish and English twins stay side by side.
    # Danish first: it is the product's first language; English versions follow their twins.
    scenarios.sort(key=lambda s: (COURSE_PHASES.index(s.course_phase), s.difficulty, s.language != "da", s.title))
    return scenarios, problems


class PickerScreen(BaseScreen):
    BINDINGS = [
        Binding("f2,ctrl+o", "app.history", "key.history", id="picker.history"),
        Binding("down", "move(1)", show=False, id="picker.down"),
        Binding("up", "move(-1)", show=False, id="picker.up"),
    ]

    def __init__(self, lang: str, scenario_dir: Path | None = None) -> None:
        super().__init__(lang)
        self.scenario_dir = scenario_dir
        self.scenarios, self.problems = load_all(scenario_dir)
        self.shown: list[Scenario] = []

    def compose(self):
        self.title = self.t("app.title")
        self.sub_title = self.t("picker.title")
        yield Header()
        yield Input(placeholder=self.t("picker.filter"), id="picker-filter")
        yield DataTable(id="picker-table", cursor_type="row", zebra_stripes=True)
        yield Static("", id="picker-count")
        yield Static(self._problems(), id="picker-problems")
        yield Footer()

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        for key, width in COLUMNS:
            table.add_column(self.t(f"picker.col.{key}"), key=key, width=width)
        self.query_one("#picker-problems").display = bool(self.problems)
        box = self.query_one(Input)
        box.cursor_blink = getattr(self.app, "cursor_blink", True)
        self._fill("")
        box.focus()

    def _problems(self) -> Content:
        if not self.problems:
            return Content("")
        return Content.from_markup("[$error b]$h[/]\n$p", h=self.t("picker.problems", n=len(self.problems)),
                                   p="\n".join(self.problems))

    def _fill(self, query: str) -> None:
        table = self.query_one(DataTable)
        table.clear()
        self.shown = [s for s in self.scenarios if matches(s, query, self.lang)]
        for s in self.shown:
            table.add_row(clip(s.title, TITLE_WIDTH), label("course_phases", s.course_phase, self.lang),
                          f"{s.difficulty}/5", s.persona.level, s.language, key=s.id)
        count = self.query_one("#picker-count", Static)
        if self.shown:
            count.update(Content.from_markup("[dim]$c[/]", c=self.t("picker.count", shown=len(self.shown),
                                                                      total=len(self.scenarios))))
        else:
            count.update(Content.from_markup("[$warning]$c[/]", c=self.t("picker.none")))

    def on_input_changed(self, event: Input.Changed) -> None:
        if event.input.id == "picker-filter":
            self._fill(event.value)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self._open_highlighted()

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        self._open_highlighted()

    def action_move(self, step: int) -> None:
        table = self.query_one(DataTable)
        if step > 0:
            table.action_cursor_down()
        else:
            table.action_cursor_up()

    def _open_highlighted(self) -> None:
        table = self.query_one(DataTable)
        if not self.shown or table.cursor_row is None or table.cursor_row >= len(self.shown):
            return
        self.app.push_screen(BriefingScreen(self.lang, self.shown[table.cursor_row]))


class BriefingScreen(BriefScreen):
    SCROLL_ID = "#briefing"

    BINDINGS = [
        Binding("escape", "app.pop_screen", "key.back", id="briefing.back"),
        # The name box keeps focus; these scroll the briefing above it.
        Binding("up", "scroll(-1)", show=False, id="briefing.up"),
        Binding("down", "scroll(1)", show=False, id="briefing.down"),
        Binding("pageup", "scroll(-8)", show=False, id="briefing.pageup"),
        Binding("pagedown", "scroll(8)", show=False, id="briefing.pagedown"),
    ]

    def __init__(self, lang: str, scenario: Scenario) -> None:
        super().__init__(lang)
        self.scenario = scenario

    def compose(self):
        s = self.scenario
        self.title = s.title
        self.sub_title = label("course_phases", s.course_phase, self.lang)
        yield Header()
        with VerticalScroll(id="briefing"):
            yield Static(self._text(), id="briefing-text")
        yield Static(self.t("brief.trainee"), id="briefing-name-label")
        with Horizontal(id="briefing-bar"):
            yield Input(value=getattr(self.app, "trainee", ""), id="briefing-name")
            yield Button(self.t("brief.start"), id="briefing-start", variant="primary")
        yield Footer()

    def on_mount(self) -> None:
        box = self.query_one(Input)
        box.cursor_blink = getattr(self.app, "cursor_blink", True)
        box.focus()

    def _text(self) -> Content:
        # the briefing's words are the scenario's: an English scenario gets English labels
        # around its English persona, whatever the app's language ("4 years i Danmark" otherwise)
        s, p = self.scenario, self.scenario.persona
        lang = s.language if s.language in LANGS else self.lang

        def t(key: str, **values) -> str:
            return tr(key, lang, **values)

        parts = [
            Content.from_markup("[b $accent]$h[/]: [b]$n[/], $d", h=t("brief.mentee"), n=p.name,
                                d=t("brief.age", age=p.age, origin=p.origin, time=p.time_in_denmark, level=p.level)),
            Content.from_markup("  [dim]$k:[/] $v", k=t("brief.family"), v=p.family),
            Content.from_markup("  [dim]$k:[/] $v", k=t("brief.work"), v=p.work_history),
            Content.from_markup("  [dim]$k:[/] $v", k=t("brief.wants"), v=p.wants),
            Content(""),
            Content.from_markup("[b $accent]$h[/]", h=t("brief.situation")),
            Content(s.situation),
        ]
        if s.trains:
            parts += [Content(""), Content.from_markup("[b $accent]$h[/]", h=t("brief.trains"))]
            parts += [Content.from_markup("  • $x", x=x) for x in s.trains]
        if s.targets:
            parts += [Content(""), Content.from_markup("[b $accent]$h[/]", h=t("brief.targets"))]
            for target in s.targets:
                name = figure_label(target.figure, lang)
                shown = f"{name} {fmt_bounds(target.figure, target.min, target.max, lang)}".rstrip()
                parts.append(Content.from_markup("  • $x [dim]($f)[/]", x=target.label or name, f=shown))
        return Content("\n").join(parts)

    def _start(self) -> None:
        trainee = self.query_one("#briefing-name", Input).value.strip()
        self.app.trainee = trainee
        self.app.start_rehearsal(self.scenario, trainee=trainee)
