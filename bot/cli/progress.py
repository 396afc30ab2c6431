"""Progress bars for the commands that can take a while (backup, export of a large chat).

Drawn with `rich` on stderr, only when stderr is a terminal (a cron job or a pipe gets no
escape codes), and removed when done, so the command's own output stays readable.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager

from rich.console import Console
from rich.progress import BarColumn, Progress, TaskProgressColumn, TextColumn, TimeRemainingColumn


@contextmanager
def progress_bar(description: str, total: float | None) -> Iterator[Callable[[float], None]]:
    """Yields `advance(steps)`; `total` may be None while unknown (see `progress_total`)."""
    with progress_display() as progress:
        task = progress.add_task(description, total=total)

        def advance(steps: float) -> None:
            progress.advance(task, steps)

        yield advance


@contextmanager
def progress_total(description: str) -> Iterator[Callable[[float, float], None]]:
    """Yields `update(done, total)`, for work that reports where it is (SQLite's backup)."""
    with progress_display() as progress:
        task = progress.add_task(description, total=None)

        def update(done: float, total: float) -> None:
            progress.update(task, completed=done, total=total)

        yield update


def progress_display() -> Progress:
    console = Console(stderr=True)
    return Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        TaskProgressColumn(),
        TimeRemainingColumn(),
        console=console,
        transient=True,
        disable=not console.is_terminal,
    )
