"""The offline demo as a real process reading a pipe: a parent signs up, the administrator
confirms, the parent reads the confirmation, a link button is pressed, and the script goes on
to its end."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from tests.helpers.process import ROOT, run_warm
from tests.helpers.signup import born

pytestmark = pytest.mark.slow  # started first: see tests/conftest.py

SCRIPT = [
    "/start", "👪 Я родитель", "/start q_robo", "✍️ Записаться", "1", "1", "Иванова Мария",
    born(8), "Школа № 5", "2", "+7 912 345-67-89", "✅ Даю согласие, с фото",
    "✅ Отправить заявку",
    ":as admin", "/applications", "1", "✅ Подтвердить",
    ":as 1001", "/news", "1", "📤 Поделиться", "/start",
]


def test_several_people_meet_in_one_piped_run(tmp_path: Path) -> None:
    result, _ = run_warm(["demo"], tmp_path, stdin="".join(f"{line}\n" for line in SCRIPT))
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr + result.stdout
    out = result.stdout
    confirmed = out.index("> ✅ Подтвердить")
    back = out.index("── Теперь пишет Аня (id 1001)", confirmed)
    assert "1 новое сообщение:" in out[back:]
    assert out.index("✅ Заявка подтверждена!", back) < out.index("> /news", back)
    assert "🔗 «📤 Поделиться» — ссылка" in out
    # the line after the link button is carried out: the run did not end there
    assert "👋" in out[out.index("> /start", out.index("🔗")):]


def test_make_demo_passes_its_options_on() -> None:
    result = subprocess.run(["make", "-n", "demo", "ARGS=--lang en --admin"], cwd=ROOT,
                            capture_output=True, text=True, check=False, timeout=30)
    assert result.returncode == 0, result.stderr
    assert "-m bot demo --lang en --admin" in result.stdout
