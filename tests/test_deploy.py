"""The systemd unit that runs the bot on a server: systemd accepts it, and it keeps the bot
unprivileged, restarting on failure, writing only its own folders."""

from __future__ import annotations

import configparser
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
UNIT = ROOT / "deploy" / "kvantorium-bot.service"


def service() -> configparser.SectionProxy:
    parser = configparser.ConfigParser(strict=False, interpolation=None)
    parser.optionxform = str  # type: ignore[assignment,method-assign]
    parser.read_string(UNIT.read_text(encoding="utf-8"))
    return parser["Service"]


def test_the_unit_runs_unprivileged_and_restarts_on_failure() -> None:
    unit = service()
    assert unit["User"] == "kvantorium" and unit["User"] != "root"
    assert unit["Restart"] == "on-failure"
    assert unit["ExecStart"] == "/opt/kvantorium-bot/.venv/bin/python -m bot"
    assert unit["EnvironmentFile"] == "/opt/kvantorium-bot/.env"
    # it writes its data and backups only
    assert unit["ProtectSystem"] == "strict"
    assert unit["StateDirectory"] == "kvantorium-bot kvantorium-bot/backups"
    for option in ("NoNewPrivileges", "PrivateTmp", "ProtectHome", "PrivateDevices",
                   "RestrictSUIDSGID", "LockPersonality", "MemoryDenyWriteExecute"):
        assert unit[option] == "yes", option
    assert unit["CapabilityBoundingSet"] == ""


@pytest.mark.skipif(shutil.which("systemd-analyze") is None, reason="no systemd here")
def test_systemd_analyze_verify_accepts_the_unit(tmp_path: Path) -> None:
    """Verified as installed: the paths under /opt point at this checkout and interpreter."""
    text = UNIT.read_text(encoding="utf-8")
    text = text.replace("/opt/kvantorium-bot/.venv/bin/python", sys.executable)
    text = text.replace("/opt/kvantorium-bot", str(ROOT))
    unit = tmp_path / "kvantorium-bot.service"
    unit.write_text(text, encoding="utf-8")
    result = subprocess.run(["systemd-analyze", "verify", str(unit)], capture_output=True,
                            text=True, timeout=60, check=False)
    assert result.returncode == 0, result.stderr
    assert "kvantorium-bot.service" not in result.stderr, result.stderr
