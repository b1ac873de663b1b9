"""What every page shares: who is looking and what they may do, the database connection
policy, cached reads, the settings, the filters, the demo banner, the empty-database
guidance and the failure boundary.

Connections are opened per read and closed at once, so the CLI can write while the app is
open. Cached results are keyed on the database path and its data version (read once per
script run, and again after this session writes), so a new import or a changed setting
shows immediately. A cache is shared by every visitor, so no cached function looks at who is
asking: reads whose content differs by role (``dashboard.present.audience``: self ratings, leader
views, comments) are cached with the role as part of the key and restricted inside the
cached function; every other read is the same for everyone. The signed-in user labels
imports, undos and setting changes, which are never cached.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
import os
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import AbstractContextManager, contextmanager
from dataclasses import dataclass
from typing import Any

import pandas as pd
import streamlit as st
from streamlit.runtime.scriptrunner import get_script_run_ctx

from dashboard.config import DB_ENV_VAR, current_user, resolve_db_path
from dashboard.ingest.kinds import KINDS
from dashboard.kpi import Filters, compute, persist, settings
from dashboard.kpi.assumptions import Assumptions
from dashboard.kpi.benchmark import benchmark
from dashboard.kpi.catalog import FilterOptions, filter_options
from dashboard.kpi.effects import module_note
from dashboard.kpi.filters import cli_command
from dashboard.kpi.smoothing import pulse_index
from dashboard.present import access, audience, errors, markup
from dashboard.present.charts import APP
from dashboard.present.formatting import cohort_colours
from dashboard.store import db, imports

DATA_PAGE = "app_pages/data.py"
_VERSION_KEY = "_data_version"
_AUTH_KEY = "_auth_configured"
_FILTERS_KEY = "_filters"


def db_path() -> str:
    """The database this app instance serves (``EMPATHY_DB`` or the default)."""
    return _resolved_db_path(os.environ.get(DB_ENV_VAR), os.getcwd())


@functools.cache
def _resolved_db_path(_from_env: str | None, _cwd: str) -> str:
    # every read asks; resolving the path each time was a visible share of a warm run
    return str(resolve_db_path(None))


# The file's state when its data version was last read, per database path: (signature, version).
_VERSIONS: dict[str, tuple[tuple[object, ...], int]] = {}
# A file changed more recently than this is read again: its timestamps are only as fine as the
# kernel's clock tick, so two writes in one tick could leave the same time.
_SETTLED_SECONDS = 2.0


def _file_state(path: str) -> tuple[object, ...] | None:
    """What any commit to the database changes: the file's and its write-ahead log's identity,
    size and modification time; None when the file is missing or changed a moment ago."""
    state: list[object] = []
    newest = 0
    for name in (path, f"{path}.wal"):
        try:
            info = os.stat(name)
        except FileNotFoundError:
            if name == path:
                return None
            state.append(None)
            continue
        state.append((info.st_ino, info.st_size, info.st_mtime_ns))
        newest = max(newest, info.st_mtime_ns)
    if time.time_ns() - newest < _SETTLED_SECONDS * 1e9:
        return None
    return tuple(state)


def _read_version() -> int:
    """The data version, read from the database — or, when neither the file nor its log has
    changed since it was last read (and not in the last moments), that same number: opening the
    file for it was a sixth of a warm page's run. Every change to stored data is a commit, and a
    commit writes one of the two."""
    path = db_path()
    before = _file_state(path)
    if before is not None and (known := _VERSIONS.get(path)) is not None and known[0] == before:
        return known[1]
    with db.session(path) as con:
        version = db.data_version(con)
    if before is not None and _file_state(path) == before:
        _VERSIONS[path] = (before, version)
    return version


def holding_the_database() -> AbstractContextManager[None]:
    """The database kept open for this run's reads (``db.held``): a cold page makes dozens."""
    return db.held(db_path())


def begin_run() -> None:
    """Read the data version once per script run (each read would otherwise open the file), and
    whether sign-in is configured (each read asks, and without a secrets file Streamlit looks for
    one each time)."""
    st.session_state.pop(_AUTH_KEY, None)
    st.session_state[_VERSION_KEY] = _read_version()


def data_changed() -> None:
    """Call after this session wrote to the database, so the rest of the run sees it."""
    st.session_state[_VERSION_KEY] = _read_version()


def data_version() -> int:
    """The database's change counter as of this run; part of every cache key."""
    if _VERSION_KEY not in st.session_state:
        begin_run()
    return int(st.session_state[_VERSION_KEY])


@st.cache_data(max_entries=512, show_spinner=False)
def _cached(path: str, version: int, name: str, _fn: Callable[..., Any], *args: Any) -> Any:
    with db.session(path) as con:
        return _kept(con, name, None, args, lambda: _fn(con, *args))


@st.cache_data(max_entries=256, show_spinner=False)
def _cached_for_role(path: str, version: int, viewer_role: str | None, name: str,
                     _fn: Callable[..., Any], *args: Any) -> Any:
    """Like ``_cached`` for reads that differ by role: the role is in the key, and the
    result is cut to what that role may see before it is stored."""
    with db.session(path) as con:
        return _kept(con, name, viewer_role, args,
                     lambda: audience.restrict(name, _fn(con, *args), viewer_role))


# The reads kept in the database besides the KPI tables: the pages' slow reads at a million
# responses, each a function of the stored data and its arguments alone (nothing that changes
# without a new data version, such as the audit log, is kept).
KEPT_READS = frozenset({
    "arm_trend", "plan:calendar", "participation_summary", "module_timeline", "module_design",
    "comments", "hidden_comment_groups", "rubric_leader_levels", "rubric_agreement", "pulse_index",
    "review_html", "review_tables", "cohort_arms", "module_note",
})
# A kept text (the review's HTML) or list of texts (cohort names) is stored as a one-column
# frame with one of these column names, which no read's frame has.
_TEXT, _TEXTS = "_kept_text_", "_kept_texts_"


def _keyable(value: Any) -> bool:
    """Whether ``value``'s repr names it exactly and alike in every process (what a kept
    table's key is made of): plain values, dates, tuples and frozen dataclasses of them — not a
    frame, whose repr is cut short."""
    if value is None or isinstance(value, str | int | float | bool | dt.date):
        return True
    if isinstance(value, tuple):
        return all(_keyable(v) for v in value)
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return (type(value).__dataclass_params__.frozen  # type: ignore[attr-defined]
                and all(_keyable(getattr(value, f.name)) for f in dataclasses.fields(value)))
    return False


def _as_kept(result: Any) -> pd.DataFrame | None:
    """``result`` as the frame it is kept as, or None when it is not kept."""
    if isinstance(result, str):
        return pd.DataFrame({_TEXT: [result]})
    if isinstance(result, list) and all(isinstance(v, str) for v in result):
        return pd.DataFrame({_TEXTS: result})  # the dtype a Parquet file reads back
    if isinstance(result, pd.DataFrame) and not {_TEXT, _TEXTS} & set(result.columns):
        return result
    return None


def _from_kept(frame: pd.DataFrame) -> Any:
    if list(frame.columns) == [_TEXT]:
        return str(frame[_TEXT].iloc[0])
    if list(frame.columns) == [_TEXTS]:
        return [str(v) for v in frame[_TEXTS]]
    return frame


def _kept(con: Any, name: str, viewer_role: str | None, args: tuple[Any, ...],
          compute_it: Callable[[], Any]) -> Any:
    """A read's result, kept in the database per data version like the KPI tables
    (``kpi.persist``), so that a fresh app process reads what building ahead (or any earlier
    process) computed instead of computing it again. Kept: the frames, texts and lists of texts
    of the reads in ``KEPT_READS`` whose arguments are ``_keyable``, with the role in the key (a
    restricted read is kept as that role sees it); KPI tables are kept by ``kpi.compute``
    itself."""
    keep = name in KEPT_READS and _keyable(args)
    key = ("page-read", name, viewer_role, args)
    if keep and (found := persist.load(con, key)) is not None:
        return _from_kept(found)
    result = compute_it()
    if keep and (frame := _as_kept(result)) is not None:
        persist.store(con, key, frame)
    return result


def read(name: str, fn: Callable[..., Any], *args: Any) -> Any:
    """Run ``fn(con, *args)`` once per data version; ``name`` identifies ``fn`` in the key
    and ``args`` (filters, assumptions: frozen and hashable) are part of it. Reads listed in
    ``dashboard.present.audience`` are cached per role and show only what the role may see."""
    return read_at(db_path(), data_version(), role(), name, fn, *args)


def read_at(path: str, version: int, viewer_role: str | None, name: str, fn: Callable[..., Any],
            *args: Any) -> Any:
    """``read`` for a given database, version and role: what building ahead (``ahead``) uses
    outside a script run, so that it fills the very entries the pages look up."""
    if audience.depends_on_role(name):
        return _cached_for_role(path, version, viewer_role, name, fn, *args)
    return _cached(path, version, name, fn, *args)


def current_settings() -> settings.Settings:
    """The settings stored in the database (Admin page), read once per data version."""
    return read("settings", settings.load)


def min_group() -> int:
    """The default minimum group size k: the sidebar's, and the CLI's without --min-group."""
    return current_settings().min_group


def roi_defaults() -> tuple[Assumptions, str]:
    """The ROI assumptions a session starts from, and where they come from (for captions)."""
    stored = current_settings()
    return stored.roi, stored.roi_source


def compute_table(con: Any, name: str, filters: Filters, options: tuple[tuple[str, Any], ...]
                  ) -> pd.DataFrame:
    """A KPI table as ``kpi`` caches it (options as sorted pairs, so that they hash)."""
    return compute(con, name, filters, **dict(options))


def pulse_index_of(con: Any, filters: Filters, group: str) -> pd.DataFrame:
    """The Pulse page's overall index (``kpi.smoothing.pulse_index``) of one rater group, as a
    read of its filters, so that it is kept like the KPI tables (a fresh process read it from
    the frame again: seconds at a million responses). Self ratings are asked for only by a role
    that sees them (the page offers that view to HR only)."""
    trend = compute(con, "pulse_trend", filters)
    return pulse_index(trend[trend["rater_group"] == group])


def kpi(name: str, filters: Filters | None = None, **options: Any) -> pd.DataFrame:
    """A KPI table for the sidebar's filters (or ``filters``), cached like every read."""
    chosen = filters if filters is not None else current_filters()
    return read(f"kpi:{name}", compute_table, name, chosen, tuple(sorted(options.items())))


def loaded_summary() -> pd.DataFrame:
    return read("loaded_summary", imports.loaded_summary)


def loaded_kinds() -> set[str]:
    """The kinds of data that have at least one stored row."""
    summary = loaded_summary()
    return set(summary.loc[summary["rows"] > 0, "kind"])


def is_empty() -> bool:
    return not loaded_kinds()


def demo_loaded() -> bool:
    return bool(read("demo_loaded", imports.demo_loaded))


def options() -> FilterOptions:
    """What the stored data offers to filter on."""
    return read("filter_options", filter_options)


def current_filters() -> Filters:
    """The sidebar's filters for this run (set by the router before the page runs)."""
    return st.session_state.get(_FILTERS_KEY, Filters())


def set_filters(filters: Filters) -> None:
    st.session_state[_FILTERS_KEY] = filters


def colours() -> dict[str, str]:
    """One colour per cohort, from every cohort in the database, so filtering never
    recolours a cohort."""
    known = options()
    return cohort_colours(known.cohorts, known.arm_of)


def who() -> str:
    """Who is importing, undoing or changing a setting: the address the signed-in person got
    their role by when sign-in is configured, else the OS user running the app."""
    if auth_configured() and _signed_in():
        return _identity().address or current_user()
    return current_user()


def auth_configured() -> bool:
    """Sign-in is on when ``[auth]`` is in the app's secrets; otherwise local mode. Looked up once
    per script run (``begin_run``); outside a run (building ahead) each time."""
    if get_script_run_ctx(suppress_warning=True) is None:
        return _auth_in_secrets()
    if _AUTH_KEY not in st.session_state:
        st.session_state[_AUTH_KEY] = _auth_in_secrets()
    return bool(st.session_state[_AUTH_KEY])


def _auth_in_secrets() -> bool:
    try:
        return "auth" in st.secrets
    except Exception:  # no secrets file at all
        return False


def _signed_in() -> bool:
    try:
        return bool(st.user.is_logged_in)
    except Exception:
        return False


def _role_config() -> access.RoleConfig:
    try:
        section = st.secrets.get("roles", {})
    except Exception:
        section = {}
    return access.RoleConfig.from_mapping(section)


def _identity() -> access.Identity:
    """Whom the identity provider vouches for (``access.identify``), from ``st.user``."""
    claim = _role_config().claim
    keys = ("email", "email_verified", "preferred_username", *([claim] if claim else []))
    return access.identify({key: st.user.get(key) for key in keys}, claim)


def role() -> str | None:
    """The current person's role: every role in local mode; from ``[roles]`` in the secrets
    for a signed-in person the provider vouches for; None for a visitor who is not signed
    in, not vouched for or not listed."""
    if not auth_configured():
        return "admin"
    if not _signed_in():
        return None
    return access.role_for(_identity().address, _role_config())


@dataclass(frozen=True)
class Visitor:
    """Who is looking: ``state`` is local, signed_out, no_access or signed_in; ``email`` is
    how to name them, ``reason`` why a signed-in person has no access."""

    state: str
    role: str | None = None
    email: str | None = None
    reason: str = ""

    @property
    def local(self) -> bool:
        return self.state == "local"


def visitor() -> Visitor:
    """Decide, before anything is read, what this visitor may see at all."""
    if not auth_configured():
        return Visitor("local", "admin")
    if not _signed_in():
        return Visitor("signed_out")
    found = _identity()
    current = access.role_for(found.address, _role_config())
    if current:
        return Visitor("signed_in", current, found.address)
    reason = found.reason or (f"this dashboard has not given {found.address} a role: ask an "
                              "admin of the dashboard to add your e-mail address (or your "
                              "organisation's domain) to the viewers, analysts or admins")
    return Visitor("no_access", None, found.shown, reason)


def auth_providers() -> list[str]:
    """The named sign-in providers (``[auth.okta]``...); [] for a single one."""
    try:
        return access.providers(st.secrets["auth"])
    except Exception:
        return []


def can(action: str) -> bool:
    """Whether the current person may do ``action`` (to choose what to show)."""
    return access.can(role(), action)


def allow(action: str) -> bool:
    """The server-side check before an action (upload, undo, plan, settings...): show why
    not and stop the run when the role does not permit it."""
    if access.can(role(), action):
        return True
    try:
        access.require(role(), action)
    except access.AccessDenied as denied:
        st.error(f"Not allowed: {markup.escape(denied)}.", icon=":material/lock:")
    st.stop()
    return False


def upload_limit_mb() -> int:
    """The largest upload the server accepts, in MB (``server.maxUploadSize``): state it
    where files are uploaded, so a refused file is never a surprise."""
    return int(st.get_option("server.maxUploadSize"))


_CALLBACK_FAILURE = "callback_failure"  # what a widget callback's failure left to be said


def _say_failure(reference: str) -> None:
    st.error(f"**Something went wrong on this page.** Try again, "
             f"or choose another page. If it keeps happening, give your administrator the "
             f"reference **{markup.escape(reference)}**: the details are in the server log.",
             icon=":material/error:")


@contextmanager
def failure_boundary(where: str) -> Iterator[None]:
    """Run a page so that no traceback reaches the browser: database problems in words,
    anything else as our message with a reference; the detail goes to the server log
    (redacted: no answers, no ids). Streamlit's stop and rerun pass through. A failure of
    a widget callback (run before the page, see ``guarded``) is said here too."""
    earlier = st.session_state.pop(_CALLBACK_FAILURE, None)
    if earlier is not None:
        kind, text = earlier
        if kind == "database":
            st.error(markup.escape(text), icon=":material/database:")
        else:
            _say_failure(text)
    try:
        yield
    except db.DatabaseError as problem:
        st.error(markup.escape(problem), icon=":material/database:")
    except Exception as exc:
        reference = errors.new_reference()
        errors.log_failure(exc, reference, where)
        _say_failure(reference)


def guarded(callback: Callable[..., None]) -> Callable[..., None]:
    """A widget callback that cannot put a traceback on the page: Streamlit runs callbacks
    before the script, outside ``failure_boundary``, so a failure is logged here (redacted,
    with a reference) and the boundary says it on the run that follows."""

    @functools.wraps(callback)
    def run(*args: Any, **kwargs: Any) -> None:
        try:
            callback(*args, **kwargs)
        except db.DatabaseError as problem:
            st.session_state[_CALLBACK_FAILURE] = ("database", str(problem))
        except Exception as exc:
            reference = errors.new_reference()
            errors.log_failure(exc, reference, f"callback {callback.__name__}")
            st.session_state[_CALLBACK_FAILURE] = ("failure", reference)

    return run


# --- what pages show ---------------------------------------------------------------------


def render_banner() -> None:
    """Label demo data wherever it is shown."""
    if demo_loaded():
        st.info("**Demo data** — everything shown comes from the generated demo program, not from "
                "real people. Undo the demo imports on the Data page before loading real exports.",
                icon=":material/science:")


def require(kinds: Sequence[str], what: str) -> bool:
    """Show what to upload when none of ``kinds`` is loaded yet; True when the page can run.

    Pages call it first and return when it is False, so a missing kind never crashes a page.
    """
    loaded = loaded_kinds()
    if any(kind in loaded for kind in kinds):
        return True
    labels = ", ".join(KINDS[k].label.lower() for k in kinds)
    if not loaded:
        st.info(f"**Nothing is loaded yet.** This page shows {what}. Upload your exports on the "
                "Data page, or load the demo program on the Overview page to look around.",
                icon=":material/folder_open:")
    else:
        st.info(f"**This page needs {labels}.** It shows {what}; none of that is loaded yet.",
                icon=":material/folder_open:")
    st.table(markup.frame(pd.DataFrame({
        "kind": [KINDS[k].label for k in kinds],
        "one row per": [KINDS[k].grain for k in kinds],
        "required columns": [", ".join(f.name for f in KINDS[k].required) for k in kinds],
    })))
    st.page_link(DATA_PAGE, label="Upload exports on the Data page", icon=":material/upload:")
    return False


def note_missing(kinds: Sequence[str], consequence: str) -> None:
    """A quiet note when a kind that improves the page is missing (e.g. no schedule)."""
    missing = [k for k in kinds if k not in loaded_kinds()]
    if missing:
        names = ", ".join(KINDS[k].label.lower() for k in missing)
        st.caption(f"No {names} loaded: {consequence}.")


def page_intro(title: str, text: str) -> None:
    """The page title, what the page is for, and the filters in force."""
    from dashboard.present.filter_params import describe

    st.title(title)
    st.caption(f"{text}  \n**Showing:** {markup.escape(describe(current_filters(), options()))}")


def chart(figure: Any, key: str | None = None) -> None:
    """Show a figure as ``dashboard.present.charts`` drew it (the report shows the same), with no
    plotly logo and no tracking links."""
    st.plotly_chart(figure, theme=None, key=key, config=dict(APP.config))


@st.cache_resource(max_entries=256, show_spinner=False)
def _figure(path: str, version: int, name: str, _build: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
    return _build(*args, **kwargs)


def figure(name: str, build: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
    """``build(*args)`` once per data version and arguments (a plotly figure takes longer to
    build than the numbers under it): ``name`` identifies ``build`` in the key. Figures do not
    depend on who is looking. Kept as the object itself (``cache_resource``), not a pickled
    copy: unpickling a plotly figure validates every property again, which cost more than the
    rest of a warm page. The figure is shared by every session, so it is never changed after it
    is built (``chart`` only reads it)."""
    return _figure(db_path(), data_version(), name, build, *args, **kwargs)


@st.cache_data(max_entries=256, show_spinner=False)
def _derived(path: str, version: int, name: str, _build: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
    return _build(*args, **kwargs)


def derived(name: str, build: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
    """A view of KPI tables a page builds in pandas (``kpi.smoothing``'s index and rolling
    means), once per data version and arguments like ``figure``: on a warm page it cost as much
    as drawing the chart."""
    return _derived(db_path(), data_version(), name, build, *args, **kwargs)


@st.cache_data(max_entries=256, show_spinner=False)
def _view(path: str, version: int, viewer_role: str | None, name: str, _build: Callable[..., Any],
          *args: Any) -> Any:
    return _build(*args)


def view(name: str, build: Callable[..., Any], *args: Any) -> Any:
    """What a page arranges from its reads (the banner's lines, a table as shown), once per data
    version, role and plain arguments (filters, a day, k): ``build(*args)`` makes its reads
    through ``read`` itself. A warm run then neither rebuilds it in pandas nor hashes the frames
    it is made from (``derived`` hashes its frame arguments on every call), which was most of a
    warm Overview. ``name`` identifies ``build`` in the key."""
    return _view(db_path(), data_version(), role(), name, build, *args)


def cli_hint(tables: Sequence[str], note: str = "") -> None:
    """The commands that print this page's numbers with the same filters."""
    filters = current_filters()
    with st.expander("Same numbers from the command line"):
        st.code("\n".join(cli_command(t, filters) for t in tables), language="bash")
        st.caption("Add `--db PATH` for another database file. " + note)


def effect_notes() -> list[str]:
    """What an effect on this page compares, when the filters alone would not say: the
    comparison cohort kept although the filter names program cohorts only, the arm filter not
    applying, and what the design can say about single modules."""
    filters = current_filters()
    notes = [read("benchmark", benchmark, filters).note,
             read("module_note", module_note, filters, tuple(options().modules))]
    return [n for n in notes if n]


def show_effect_notes() -> None:
    for note in effect_notes():
        st.caption(markup.escape(note))


def impact_table(frame: pd.DataFrame) -> None:
    """The impact rows as a grid that scrolls sideways on a phone (one line per measure), and
    each verdict's reasons in words underneath."""
    from dashboard.present import tables

    shown = tables.impact(frame)
    st.dataframe(shown.drop(columns="Why"), hide_index=True)
    with st.expander("Why each verdict says what it says"):
        st.markdown(markup.bullets(f"{m}: {w}" for m, w in zip(shown["Metric"], shown["Why"], strict=True)))
