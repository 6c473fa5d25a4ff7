"""Past sessions: date, trainee, scenario, overall and key figures, and a trend.

Every saved session is rescored from its turns (the scorer reads nothing else),
so the numbers match what the scorecard shows. A damaged file is skipped by the
store and named here, never a crash. Enter opens a session's scorecard; g
resumes an unfinished one (the engine replays its turns). `/` filters by trainee
and scenario; the trend is drawn for one trainee at a time (the highlighted
row's), because a line across a whole group mixes people.
"""

from __future__ import annotations

from textual.binding import Binding
from textual.content import Content
from textual.widgets import DataTable, Footer, Header, Input, Sparkline, Static

from simulator.engine.session import Session
from simulator.scoring import score_session
from simulator.locale.numbers import fmt_number, fmt_share, short_date
from simulator.tui.present import clip
from simulator.tui.screens.base import BaseScreen

# Sized so the row fits an 80-column terminal (DataTable pads each column by one on both sides).
COLUMNS = (("date", 14), ("trainee", 8), ("scenario", 14), ("overall", 7), ("open", 5), ("refl", 5),
           ("status", 10))


class HistoryScreen(BaseScreen):
    BINDINGS = [
        Binding("escape", "app.go_back", "key.back", id="history.back"),
        Binding("enter", "open", "key.open", id="history.open"),
        Binding("g", "resume", "key.resume", id="history.resume"),
        Binding("n", "app.new_session", "key.new", id="history.new"),
        Binding("slash", "filter", "key.filter", id="history.filter"),
    ]

    def __init__(self, lang: str, store) -> None:
        super().__init__(lang)
        self.store = store
        self.sessions: list[Session] = []   # the rows shown (filtered), newest first
        self.all_sessions: list[Session] = []
        self.overall: dict[str, int] = {}
        self.query_text = ""

    def compose(self):
        self.title = self.t("hist.title")
        self.sub_title = ""
        yield Header()
        yield Input(placeholder=self.t("hist.filter"), id="history-filter")
        yield Static(self.t("hist.trend"), id="history-trend-label", classes="dim")
        yield Sparkline([], id="history-trend")
        yield DataTable(id="history-table", cursor_type="row", zebra_stripes=True)
        yield Static("", id="history-info")
        yield Footer()

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        for key, width in COLUMNS:
            table.add_column(self.t(f"hist.col.{key}"), key=key, width=width)
        self.reload()
        table.focus()

    def action_filter(self) -> None:
        self.query_one("#history-filter", Input).focus()

    def on_input_changed(self, event: Input.Changed) -> None:
        event.stop()
        self.query_text = event.value
        self.reload(rescan=False)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.query_one(DataTable).focus()

    def _shown(self, s: Session) -> bool:
        """Every word of the filter starts a word of the trainee's name or the scenario (title or id)."""
        import re

        hay = re.split(r"[\s,.;:!?()/'\"–-]+", f"{s.trainee} {s.scenario_title} {s.scenario}".lower())
        return all(any(w.startswith(q) for w in hay) for q in self.query_text.lower().split())

    def reload(self, rescan: bool = True) -> None:
        table = self.query_one(DataTable)
        table.clear()
        info: list[Content] = []
        if self.store is None:
            self.sessions = []
            info.append(Content(self.t("hist.no_store")))
        else:
            if rescan:
                self.all_sessions = list(reversed(self.store.list()))  # newest first
            self.sessions = [s for s in self.all_sessions if self._shown(s)]
            for s in self.sessions:
                card = score_session(s, None, self.lang)
                self.overall[s.id] = card.overall
                f = card.figures
                status = self.t("hist.finished") if s.finished else self.t("hist.unfinished")
                table.add_row(short_date(s.started), clip(s.trainee, 8) or "–", clip(s.scenario_title, 14),
                              str(card.overall),
                              fmt_share(f["open_question_share"], self.lang),
                              fmt_number(f["reflection_to_question"], self.lang, 2), status, key=s.id)
            if not self.all_sessions:
                info.append(Content(self.t("hist.none")))
            elif not self.sessions:
                info.append(Content(self.t("hist.no_match")))
            else:
                info.append(Content.from_markup("[dim]$h[/]", h=self.t("hist.help")))
            info.append(Content.from_markup("[dim]$w[/]", w=self.t("hist.where", path=self.store.root)))
            if self.store.skipped:
                info.append(Content.from_markup("[$warning b]$h[/]", h=self.t("hist.skipped",
                                                                             n=len(self.store.skipped))))
                info += [Content.from_markup("[$warning]  $r[/]", r=sk.reason) for sk in self.store.skipped]
        self.query_one("#history-info", Static).update(Content("\n").join(info))
        self._draw_trend()

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        self._draw_trend()

    def _draw_trend(self) -> None:
        """The highlighted row's trainee: their finished sessions (within the filter), oldest first."""
        current = self._selected()
        who = (current.trainee if current is not None else "").strip().casefold()
        trend = [self.overall[s.id] for s in reversed(self.sessions)
                 if s.finished and s.turns and (s.trainee or "").strip().casefold() == who]
        spark = self.query_one(Sparkline)
        spark.data = trend
        spark.display = len(trend) >= 2
        label = self.query_one("#history-trend-label", Static)
        label.display = len(trend) >= 2
        if trend:  # the numbers too: a sparkline alone says little without colour
            label.update(Content.from_markup("[b]$n[/] [dim]$t:[/] $a → $b", n=current.trainee or "–",
                                             t=self.t("hist.trend"), a=trend[0], b=trend[-1]))

    def _selected(self) -> Session | None:
        table = self.query_one(DataTable)
        if not self.sessions or table.cursor_row is None or table.cursor_row >= len(self.sessions):
            return None
        return self.sessions[table.cursor_row]

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        self.action_open()

    def action_open(self) -> None:
        session = self._selected()
        if session is not None:
            self.app.show_scorecard(session, self.app.scenario_for(session.scenario), replace=False)

    def action_resume(self) -> None:
        session = self._selected()
        if session is None:
            return
        if session.finished:
            self.notify(self.t("hist.already_finished"), severity="warning")
            return
        self.app.resume(session)
