"""The Textual app and the one factory that builds it, for the CLI and the tests.

`make_app` takes everything the app needs from outside (store, a function that
gives the mentee backend for a scenario, language, settings) so the tests hand
in a temporary store and the scripted mentee, and `run_app` is the CLI's way in
(`mentor-sim` with no arguments opens the picker, `mentor-sim play SCENARIO` the
practice screen). Heavy imports stay in the backend factory: a scripted
session never imports a model library.

Screen flow: picker -> briefing -> practice -> scorecard; history and help on
top of any screen. Starting or resuming a session clears the stack down to one
screen, so Escape from the final scorecard always leads back to the picker.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterable
from functools import partial
from pathlib import Path

from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.screen import Screen

from simulator import launch
from simulator.launch import AppOptions
from simulator.engine.rehearsal import Rehearsal
from simulator.engine.session import Session
from simulator.scenario.models import Scenario
from simulator.tui.errorline import error_line
from simulator.locale import LANGS, tr
from simulator.tui.settings import SETTINGS_FILE, UiSettings, load_settings, save_settings

BackendFactory = Callable[[Scenario], object]


def _scripted(_scenario: Scenario):
    from simulator.mentee.scripted import ScriptedMentee

    return ScriptedMentee()


class SamtaleApp(App[int]):
    CSS_PATH = "app.tcss"
    # Below 70 columns the screens get the class -narrow: the side panel folds away (app.tcss).
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (70, "-normal")]
    BINDINGS = [
        Binding("f1", "help", "key.help", id="app.help"),
        # Textual's palette binding, in the interface's language (Textual adds its own only
        # when the app has none).
        Binding("ctrl+p", "command_palette", "key.palette", show=False, priority=True),
    ]

    def __init__(self, *, lang: str = "da", store=None, backend_factory: BackendFactory | None = None,
                 scenario: Scenario | None = None, scenario_dir: Path | None = None, trainee: str = "",
                 seed: int = 0, settings: UiSettings | None = None, settings_path: Path | None = None,
                 cursor_blink: bool = True, drill_run=None, session: Session | None = None,
                 coder: str | None = None) -> None:
        super().__init__()
        self.coder = coder  # the coder kind of new rehearsals (launch.coder_kind; None: the default)
        self.start_session = session  # `play --resume`: continue this session of `scenario`
        self.lang = lang if lang in LANGS else "da"
        self.store = store
        self.backend_factory = backend_factory or _scripted
        self.start_scenario = scenario
        self.scenario_dir = scenario_dir
        self.trainee = trainee
        self.seed = seed
        self.settings_path = settings_path
        self.settings = settings or load_settings(settings_path)
        self.cursor_blink = cursor_blink
        self.drill_run = drill_run  # a simulator.drills.DrillRun: the drill screens lead through it
        self.title = tr("app.title", self.lang)
        self.early_keys: list[str] = []  # typed before the first screen was up; the practice box takes them

    def on_key(self, event) -> None:
        if len(self.screen_stack) <= 1 and event.is_printable and event.character:
            self.early_keys.append(event.character)

    # -- screens ---------------------------------------------------------------------
    # Textual's own default screen stays at the bottom of the stack, empty; every
    # screen of ours is pushed on top of it, so each can be switched or popped.
    def on_mount(self) -> None:
        screen = None
        if self.drill_run is not None:
            from simulator.tui.screens.drill import DrillBriefScreen

            screen = DrillBriefScreen(self.lang, self.drill_run, 0)
        elif self.start_scenario is not None:
            screen = self._practice(self.start_scenario, self.trainee, session=self.start_session)
        self.push_screen(screen or self._picker())

    def _picker(self) -> Screen:
        from simulator.tui.screens.picker import PickerScreen

        return PickerScreen(self.lang, self.scenario_dir)

    def replace_all(self, screen: Screen) -> None:
        """Make `screen` the only one of ours on the stack (a new session starts from a clean slate)."""
        while len(self.screen_stack) > 2:
            self.pop_screen()
        if len(self.screen_stack) == 2:
            self.switch_screen(screen)
        else:
            self.push_screen(screen)

    def go_back(self) -> None:
        if len(self.screen_stack) > 2:
            self.pop_screen()
        else:
            self.replace_all(self._picker())

    def action_go_back(self) -> None:
        self.go_back()

    # -- sessions --------------------------------------------------------------------
    def new_rehearsal(self, scenario: Scenario, trainee: str = "", session: Session | None = None) -> Rehearsal:
        backend = self.backend_factory(scenario)
        watch = getattr(self.backend_factory, "watch", None)
        if callable(watch):  # a model loading in the background: say so, and when it is ready
            watch(self, self.lang)
        # New, or the saved session continued (read again under its lock: one writer at a time).
        return launch.open_rehearsal(scenario, store=self.store, backend=backend, trainee=trainee, seed=self.seed,
                                     session=session, coder=self.coder)

    def _practice(self, scenario: Scenario, trainee: str = "", session: Session | None = None) -> Screen | None:
        """A practice screen, or None with the reason shown (no lexicon for the language, a model
        backend that cannot load, an unwritable folder ...): the app stays where it is."""
        from simulator.tui.screens.practice import PracticeScreen

        try:
            return PracticeScreen(self.lang, self.new_rehearsal(scenario, trainee, session=session))
        except Exception as exc:  # noqa: BLE001 - shown to the user, never a crash
            self.notify(error_line(self.lang, exc), title=tr("error.start", self.lang), severity="error",
                        timeout=10)
            return None

    def start_rehearsal(self, scenario: Scenario, trainee: str = "") -> None:
        screen = self._practice(scenario, trainee)
        if screen is not None:
            self.replace_all(screen)

    def resume(self, session: Session) -> None:
        scenario = self.scenario_for(session.scenario)
        if scenario is None:
            self.notify(tr("hist.no_scenario", self.lang, id=session.scenario), severity="warning")
            return
        screen = self._practice(scenario, session=session)
        if screen is not None:
            self.replace_all(screen)

    def scenario_for(self, scenario_id: str) -> Scenario | None:
        """The scenario a saved session was played in, if it still loads."""
        from simulator.scenario import ScenarioError
        from simulator.scenario.catalogue import ScenarioFolderError

        if self.start_scenario is not None and self.start_scenario.id == scenario_id:
            return self.start_scenario
        try:
            return launch.scenario_by_id(scenario_id, self.scenario_dir)
        except (ScenarioFolderError, ScenarioError) as exc:
            self.notify(str(exc), title=tr("error.scenario", self.lang), severity="error", timeout=10)
            return None

    def show_scorecard(self, session: Session, scenario: Scenario | None, replace: bool, card=None) -> None:
        """`card`: the practice screen's, from launch.finish; a saved session is scored by the screen."""
        from simulator.tui.screens.scorecard import ScorecardScreen

        screen = ScorecardScreen(self.lang, session, scenario, card=card)
        if replace:
            self.replace_all(screen)
        else:
            self.push_screen(screen)

    # -- assessment lock -----------------------------------------------------------------
    # While an assessed drill is under way nothing may show coding, scores or an earlier
    # session, nor leave the drill: the palette (which would offer all of these), history
    # and a new conversation are shut here; hints, undo and the panel by the practice screen.
    ASSESS_LOCKED = frozenset({"command_palette", "history", "new_session"})

    @property
    def assessing(self) -> bool:
        run = self.drill_run
        return run is not None and run.assess and run.done < len(run)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in self.ASSESS_LOCKED and self.assessing:
            return False
        return super().check_action(action, parameters)

    # -- quitting mid-session ---------------------------------------------------------------
    resume_hint: str | None = None  # printed by run_app after the screen is gone

    async def action_quit(self) -> None:
        """Ctrl+Q in a session with turns asks first and says how to continue it later."""
        session = getattr(getattr(self.screen, "rehearsal", None), "session", None)
        if session is None or not session.turns or session.finished:
            self.exit()
            return
        from simulator.tui.screens.modals import ConfirmQuit

        saved = self.store is not None and self.store.path_for(session.id).is_file()

        def answered(yes: bool | None) -> None:
            if yes:
                if saved:
                    self.resume_hint = tr("quit.resume", self.lang, id=session.id)
                self.exit()

        self.push_screen(ConfirmQuit(self.lang, session.id, saved), answered)

    # -- app-wide actions --------------------------------------------------------------
    def action_help(self) -> None:
        from simulator.tui.screens.help import HelpScreen

        if isinstance(self.screen, HelpScreen):
            return
        self.push_screen(HelpScreen(self.lang, self._keys_of(self.screen), coder=self.coder))

    def action_history(self) -> None:
        from simulator.tui.screens.history import HistoryScreen

        if not isinstance(self.screen, HistoryScreen) and not self.assessing:
            self.push_screen(HistoryScreen(self.lang, self.store))

    def action_new_session(self) -> None:
        if not self.assessing:
            self.replace_all(self._picker())

    def save_settings(self) -> None:
        save_settings(self.settings_path, self.settings)

    def _keys_of(self, screen: Screen) -> list[tuple[str, str]]:
        out = []
        for active in screen.active_bindings.values():
            b = active.binding
            if b.id and b.description:
                out.append((self.get_key_display(b), b.description))
        return out

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        """The palette lists this screen's own actions (the bindings with ids) before Textual's."""
        if self.assessing:
            return
        seen, actions = set(), set()
        for active in screen.active_bindings.values():
            b = active.binding
            if not b.id or not b.description or b.id in seen:
                continue
            seen.add(b.id)
            actions.add(b.action.removeprefix("app."))
            title = f"{b.description} ({self.get_key_display(b)})"
            yield SystemCommand(title, b.tooltip or b.description, partial(self._run_bound, active.node, b.action))
        # the history and a new session on every screen, once (a screen that binds them lists them above)
        if "history" not in actions:
            yield SystemCommand(tr("key.history", self.lang), tr("key.history.long", self.lang), self.action_history)
        if "new_session" not in actions:
            yield SystemCommand(tr("key.new", self.lang), tr("key.new.long", self.lang), self.action_new_session)
        for cmd in super().get_system_commands(screen):
            # Textual's own commands, in the interface's language (i18n "palette.<Title>").
            title = tr(f"palette.{cmd.title}", self.lang)
            if title == f"palette.{cmd.title}":
                yield cmd
            else:
                yield SystemCommand(title, tr(f"palette.{cmd.title}.long", self.lang), cmd.callback,
                                    cmd.discover)

    def action_command_palette(self) -> None:
        """Textual's command palette, with its search prompt in the interface's language;
        shut while a drill is assessed (the header's palette icon calls this directly)."""
        from textual.command import CommandPalette

        if self.assessing:
            return
        if self.use_command_palette and not CommandPalette.is_open(self):
            self.push_screen(CommandPalette(placeholder=tr("palette.placeholder", self.lang),
                                            id="--command-palette"))

    async def _run_bound(self, node, action: str) -> None:
        await self.run_action(action, node)


def make_app(*, lang: str | None = "da", store=None, backend_factory: BackendFactory | None = None,
             scenario: Scenario | None = None, scenario_dir: Path | None = None, trainee: str = "",
             seed: int = 0, settings: UiSettings | None = None, settings_path: Path | None = None,
             cursor_blink: bool = True, drill_run=None, session: Session | None = None,
             coder: str | None = None) -> SamtaleApp:
    """Build the app. With `drill_run` it opens the drill, with `scenario` the practice screen, else the picker."""
    return SamtaleApp(lang=lang or "da", store=store, backend_factory=backend_factory, scenario=scenario,
                      scenario_dir=scenario_dir, trainee=trainee or "", seed=seed, settings=settings,
                      settings_path=settings_path, cursor_blink=cursor_blink, drill_run=drill_run, session=session,
                      coder=coder)


def run_app(options: AppOptions, drill_run=None) -> int:
    """`mentor-sim` / `play` / `drill run`: build the app from the typed options (cli.app_options) and run it."""
    store = launch.make_store(options.save_dir, options.no_save)
    ref = options.scenario
    session = None
    if options.resume:
        session = launch.session_to_resume(store, options.resume)
        ref = session.scenario
    scenario = launch.find_scenario(ref) if ref else None
    if scenario is not None:
        from simulator.coding import get_coder

        get_coder(scenario.language, options.coder)  # a missing lexicon is a CLI error message, before the screen opens
    from simulator.mentee.shared import AppBackends  # built once; a local model loads in the background
    from simulator.store import default_data_dir

    # Settings are the user's, not the session folder's: --save-dir does not move them.
    settings_path = default_data_dir() / SETTINGS_FILE if store is not None else None
    app = make_app(lang=options.lang, store=store,
                   backend_factory=AppBackends(options.backend, build=launch.make_backend), scenario=scenario,
                   trainee=options.trainee, seed=options.seed,
                   settings_path=settings_path, drill_run=drill_run, session=session, coder=options.coder)
    app.run()
    if app.resume_hint:
        print(app.resume_hint, file=sys.stderr)
    return app.return_code or 0
