"""The attendance chart, drawn in a short-lived worker process.

matplotlib costs about 54 MB and 0.75 s to import; a bot that imported it would keep that
memory for good after its first chart. So the bot never imports it: `draw` starts
`python -m bot.services.attendance_chart`, writes the chart's data to its stdin as JSON and
reads the PNG from its stdout; the worker exits when done and its memory goes with it. The
event loop only waits on pipes meanwhile. This module imports nothing heavy at its top.

A `Drawer` runs one worker at a time (ten presses at once start one process after another,
not ten), and a worker whose caller is cancelled (the bot stopping, a handler timed out) is
killed rather than left running.

The data: {"title", "weeks": [labels], "series": [{"name", "values": [0..100 or null]}],
"ylabel"}. The picture: 1200×800 pixels, large type, a line per group, readable on a phone."""

from __future__ import annotations

import asyncio
import contextlib
import json
import sys
from typing import Any

WORKER_TIMEOUT = 60.0  # seconds: a stuck worker is killed, the person told to retry


class ChartFailed(RuntimeError):
    """The worker did not give a picture."""


async def draw(data: dict[str, Any]) -> bytes:
    """The PNG of the chart, from a fresh worker process (see `Drawer` for one at a time)."""
    process = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "bot.services.attendance_chart",
        stdin=asyncio.subprocess.PIPE, stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )
    try:
        out, err = await asyncio.wait_for(
            process.communicate(json.dumps(data).encode()), WORKER_TIMEOUT)
    except TimeoutError:
        await _end(process)
        raise ChartFailed("the chart worker took too long") from None
    except BaseException:  # cancelled: the worker goes with the wait for it
        await asyncio.shield(_end(process))
        raise
    if process.returncode != 0 or not out.startswith(b"\x89PNG"):
        raise ChartFailed(err.decode(errors="replace")[-500:] or "no picture")
    return out


async def _end(process: asyncio.subprocess.Process) -> None:
    if process.returncode is None:
        with contextlib.suppress(ProcessLookupError):
            process.kill()
    await process.wait()


class Drawer:
    """The chart worker, `at_once` process at a time; the others wait their turn."""

    def __init__(self, at_once: int = 1) -> None:
        self._slots = asyncio.Semaphore(at_once)

    async def draw(self, data: dict[str, Any]) -> bytes:
        async with self._slots:
            return await draw(data)


def render(data: dict[str, Any]) -> bytes:
    """In the worker: the chart as PNG bytes."""
    import io

    import matplotlib

    matplotlib.use("Agg")
    from matplotlib import pyplot as plt

    weeks = list(data["weeks"])
    figure, axes = plt.subplots(figsize=(12, 8), dpi=100)
    for series in data["series"]:
        values = [float("nan") if v is None else float(v) for v in series["values"]]
        axes.plot(range(len(weeks)), values, marker="o", linewidth=3, markersize=9,
                  label=str(series["name"])[:28])
    axes.set_title(str(data["title"]), fontsize=26, pad=16)
    axes.set_ylabel(str(data["ylabel"]), fontsize=20)
    axes.set_ylim(0, 105)
    axes.set_xticks(range(len(weeks)), weeks, fontsize=17)
    axes.tick_params(axis="y", labelsize=17)
    axes.grid(True, alpha=0.35)
    if data["series"]:
        axes.legend(fontsize=16, loc="lower left", ncol=2 if len(data["series"]) > 4 else 1)
    figure.tight_layout()
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png")
    plt.close(figure)
    return buffer.getvalue()


def main() -> int:
    data = json.loads(sys.stdin.buffer.read())
    sys.stdout.buffer.write(render(data))
    sys.stdout.buffer.flush()
    return 0


if __name__ == "__main__":
    sys.exit(main())
