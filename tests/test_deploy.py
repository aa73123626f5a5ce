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


TEMPLATE = ROOT / "deploy" / "kvantorium-bot@.service"


def template() -> configparser.SectionProxy:
    parser = configparser.ConfigParser(strict=False, interpolation=None)
    parser.optionxform = str  # type: ignore[assignment,method-assign]
    parser.read_string(TEMPLATE.read_text(encoding="utf-8"))
    return parser["Service"]


def test_each_technopark_runs_as_its_own_user_with_its_own_data() -> None:
    """`kvantorium-bot@<technopark>`: its own settings, its own data and backups, its own
    dynamic user, and the same sandbox as the single bot's unit."""
    unit, single = template(), service()
    assert unit["DynamicUser"] == "yes" and unit["User"] == "kvantorium-bot-%i"
    assert unit["EnvironmentFile"] == "/etc/kvantorium-bot/%i.env"
    assert unit["StateDirectory"] == "kvantorium-bot-%i kvantorium-bot-%i/backups"
    assert unit["StateDirectoryMode"] == "0700" and unit["UMask"] == "0077"
    # every Environment= line (the parser keeps only a key's last)
    environment = " ".join(line.split("=", 1)[1] for line in TEMPLATE.read_text(
        encoding="utf-8").splitlines() if line.startswith("Environment="))
    assert "DATABASE_PATH=/var/lib/kvantorium-bot-%i/kvantorium.sqlite3" in environment
    assert "BACKUP_DIR=/var/lib/kvantorium-bot-%i/backups" in environment
    assert unit["ExecStart"] == single["ExecStart"]
    differ = {"User", "Group", "EnvironmentFile", "Environment", "StateDirectory",
              "DynamicUser"}
    for option, value in single.items():
        if option not in differ:
            assert unit.get(option) == value, option


@pytest.mark.skipif(shutil.which("systemd-analyze") is None, reason="no systemd here")
@pytest.mark.parametrize("name", ["kvantorium-bot@.service", "kvantorium-bot@tomsk.service"])
def test_systemd_analyze_verify_accepts_the_template(tmp_path: Path, name: str) -> None:
    """The template, and an instance of it, verified as installed."""
    text = TEMPLATE.read_text(encoding="utf-8")
    text = text.replace("/opt/kvantorium-bot/.venv/bin/python", sys.executable)
    text = text.replace("/opt/kvantorium-bot", str(ROOT))
    unit = tmp_path / name
    unit.write_text(text, encoding="utf-8")
    result = subprocess.run(["systemd-analyze", "verify", str(unit)], capture_output=True,
                            text=True, timeout=60, check=False)
    assert result.returncode == 0, result.stderr
    assert "kvantorium-bot@" not in result.stderr, result.stderr
