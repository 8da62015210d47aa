"""The login page: plain server-rendered HTML (no script), German, readable on a projector."""

from __future__ import annotations

from flask import Response
from markupsafe import escape

LOGIN_CSS = """
body { margin: 0; font-family: system-ui, "DejaVu Sans", sans-serif; background: #f3f5f8; color: #1b1b1b; }
header { background: #0b3d66; color: #fff; padding: .8rem 1.75rem; font-size: 1.5rem; font-weight: 700; }
.mark { background: #fff; color: #0b3d66; padding: 0 .35rem; border-radius: 4px; margin-right: .3rem; }
main { max-width: 30rem; margin: 4rem auto; background: #fff; border: 1px solid #d5dbe3; border-radius: 8px;
       padding: 2rem 2.25rem; }
h1 { font-size: 1.75rem; margin: 0 0 1.25rem; }
label { display: block; font-weight: 700; margin: 1rem 0 .35rem; font-size: 1.1rem; }
input { width: 100%; box-sizing: border-box; font-size: 1.15rem; padding: .55rem .7rem; border: 1px solid #8592a3;
        border-radius: 4px; }
button { margin-top: 1.5rem; width: 100%; font-size: 1.15rem; font-weight: 700; padding: .7rem; border: 0;
         border-radius: 4px; background: #0b3d66; color: #fff; cursor: pointer; }
.message { background: #fff4e0; border-left: 5px solid #E69F00; padding: .75rem 1rem; margin-bottom: 1rem; }
.hint { color: #4b5563; margin-top: 1.25rem; font-size: .95rem; }
"""

_PAGE = """<!DOCTYPE html>
<html lang="de"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Anmelden – IM-Cockpit</title><link rel="stylesheet" href="/login.css"></head>
<body><header><span class="mark">IM</span>Cockpit</header>
<main><h1>Anmelden</h1>{message}
<form method="post" action="/login">
<input type="hidden" name="next" value="{target}">
<label for="username">Benutzername</label>
<input id="username" name="username" autocomplete="username" required autofocus>
<label for="password">Passwort</label>
<input id="password" name="password" type="password" autocomplete="current-password" required>
<button type="submit">Anmelden</button>
</form>
<p class="hint">Zugang erteilt die Administration der Stadt. Nach 30 Minuten ohne Eingabe endet die Sitzung.</p>
</main></body></html>"""


def login_page(target: str, message: str | None = None, *, status: int = 200) -> Response:
    block = f'<div class="message" role="alert">{escape(message)}</div>' if message else ""
    return Response(_PAGE.format(message=block, target=escape(target)), status=status, mimetype="text/html")
