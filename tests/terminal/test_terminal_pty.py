"""The installed `boneguide chat` in a pseudo-terminal: answer, SIGKILL, start again, resume."""

from __future__ import annotations

import io
import re
import signal

import pexpect
import pyte
from terminal_intake import BONEGUIDE, INTAKE

from assistant import wording

PROMPT = "you> "


def spawn(env: dict[str, str], *args: str) -> pexpect.spawn:
    # pexpect is a terminal that never answers prompt_toolkit's cursor-position request, so
    # each redraw would wait for its timeout; prompt_toolkit's own switch turns the request off.
    env = {**env, "PROMPT_TOOLKIT_NO_CPR": "1"}
    return pexpect.spawn(
        BONEGUIDE, ["chat", *args], env=env, encoding="utf-8", dimensions=(40, 100), timeout=20
    )


def at_prompt(child: pexpect.spawn, prompt: str = PROMPT) -> None:
    # Keys typed before the prompt puts the terminal in raw mode would meet the tty's own line
    # editing (^C would be a signal, ^D an end of file): wait for the prompt, as a person does.
    child.expect_exact(prompt)


def test_killed_session_resumes_at_the_same_question(chat_env: dict[str, str]) -> None:
    child = spawn(chat_env, "--patient", "P-9")
    child.expect("not a doctor")
    child.expect("Shall we begin")
    at_prompt(child)
    child.sendline("yes")
    child.expect("female or male")
    at_prompt(child)
    child.sendline("female")
    child.expect("How old are you")
    at_prompt(child)
    child.sendline("63")
    child.expect("before menopause")  # the menopause question is pending now
    at_prompt(child)
    child.kill(signal.SIGKILL)
    child.wait()
    assert child.signalstatus == signal.SIGKILL

    again = spawn(chat_env, "--patient", "P-9")
    again.expect(r"Continue where you left off (on \d+ \w+|today at|yesterday at)")
    again.expect(r"History, step \d+ of \d+")
    at_prompt(again, "[Y/n] ")
    again.sendline("")
    again.expect("before menopause")  # the same question, not the start
    at_prompt(again)
    again.sendline("summary")
    again.expect("63")  # the age given before the kill is kept
    at_prompt(again)
    again.sendcontrol("d")
    again.expect("saved, see you")
    again.expect(pexpect.EOF)
    again.close()
    assert again.exitstatus == 0


def test_new_starts_afresh_and_ctrl_c_keeps_the_session(chat_env: dict[str, str]) -> None:
    child = spawn(chat_env, "--new")
    child.expect("Shall we begin")
    at_prompt(child)
    child.send("some half-typed text")
    child.expect("half-typed text")
    child.sendintr()
    child.expect("line cleared")
    at_prompt(child)
    child.sendline("yes")
    child.expect("female or male")
    at_prompt(child)
    child.sendcontrol("d")
    child.expect("saved, see you")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0


def colour_codes(text: str) -> list[str]:
    """SGR sequences that set a colour: 30-49 and 90-107 (38;5;n and 48;2;r;g;b included)."""
    return [
        params
        for params in re.findall(r"\x1b\[([0-9;]*)m", text)
        if any(
            part.isdigit() and (30 <= int(part) <= 49 or 90 <= int(part) <= 107)
            for part in params.split(";")
        )
    ]


def test_no_color_lang_c_and_a_narrow_terminal_degrade_gracefully(
    chat_env: dict[str, str],
) -> None:
    env = {**chat_env, "NO_COLOR": "1", "LANG": "C", "PROMPT_TOOLKIT_NO_CPR": "1"}
    child = pexpect.spawn(
        BONEGUIDE,
        ["chat", "--new"],
        env=env,
        encoding="utf-8",
        codec_errors="replace",
        dimensions=(30, 44),
        timeout=20,
    )
    child.logfile_read = screen = io.StringIO()
    child.expect("Shall we")
    at_prompt(child)
    child.sendline("yes")
    child.expect("female or")
    at_prompt(child)
    child.sendline("what is a T-score?")
    child.expect("Source:")
    at_prompt(child)
    child.sendcontrol("d")
    child.expect("saved, see you")
    child.expect(pexpect.EOF)
    output = screen.getvalue()
    assert output.isascii()  # no box drawing, no middle dots, no typographic quotes
    assert colour_codes(output) == []
    assert "not a doctor" in output


def test_bottom_toolbar_shows_section_and_step(chat_env: dict[str, str]) -> None:
    # The toolbar is drawn once the terminal has told prompt_toolkit where its cursor is, so
    # this test answers the cursor-position request (ESC [ 6 n) as a real terminal would.
    child = pexpect.spawn(
        BONEGUIDE,
        ["chat", "--new"],
        env=chat_env,
        encoding="utf-8",
        dimensions=(30, 100),
        timeout=20,
    )
    child.expect_exact("\x1b[6n")
    child.send("\x1b[12;1R")
    child.expect(r"step 1 of \d+")
    child.sendline("yes")
    child.expect_exact("\x1b[6n")
    child.send("\x1b[16;1R")
    child.expect(r"History\s+\S+\s+step 2 of \d+")
    child.sendcontrol("d")
    child.expect("saved, see you")
    child.expect(pexpect.EOF)


def test_the_unit_menu_stays_readable_at_60_columns(chat_env: dict[str, str]) -> None:
    """Tab at "is that ng/mL or nmol/L?" in a 60-column terminal: every entry of the menu is
    whole, the choices and the commands with what they do, nothing cut short or wrapped."""
    columns = 60
    child = spawn(chat_env, "--new")
    child.setwinsize(24, columns)
    screen = pyte.Screen(columns, 24)
    stream = pyte.Stream(screen)

    def shown(expected: str | type[pexpect.TIMEOUT], timeout: float = 20) -> None:
        child.expect_exact(expected, timeout=timeout)
        stream.feed(str(child.before) + (child.after if isinstance(child.after, str) else ""))

    shown(PROMPT)
    for line in INTAKE[: INTAKE.index("vitamin D 45 nmol/L")]:
        child.sendline(line)
        shown(PROMPT)
    child.sendline("vitamin D 30")
    shown("is that ng/mL or nmol/L?")
    shown(PROMPT)
    child.send("\t")
    shown("what you can type")  # the menu is being drawn, the commands under the choices
    shown(pexpect.TIMEOUT, timeout=1)  # the rest of that redraw
    rows = [row.rstrip() for row in screen.display]
    prompt_row = max(n for n, row in enumerate(rows) if row.startswith(PROMPT.rstrip()))
    menu = [row for row in rows[prompt_row + 1 :] if row.strip()]
    assert menu[0].split() == ["vitamin", "D", "30", "ng/mL", "answer"], rows
    assert menu[1].split() == ["vitamin", "D", "30", "nmol/L", "answer"], rows
    assert len(menu) > 3, rows
    for row in menu[2:]:
        command, meaning = row.split(maxsplit=1)
        assert wording.section("terminal.commands")[command] == meaning, rows  # what it does, whole
    child.sendcontrol("c")
    child.sendcontrol("d")
    child.expect(pexpect.EOF)
