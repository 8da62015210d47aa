"""Replay a page's first load the way the browser's Dash renderer does it, over any transport.

From the app's own callback map (`/_dash-dependencies`) and layout (`/_dash-layout`): the router
callback for the URL, then every callback of the returned page that fires on load (not
`prevent_initial_call=True`, all its inputs in the page), each with the payload the renderer sends
(the inputs' and states' current values, `changedPropIds`), then the callbacks that those responses
trigger (an output that is another callback's input; components that a response adds). Pattern-
matching (wildcard) callbacks and clientside callbacks are left out: the former answer "nothing to
do" on load, the latter never reach the server.

Used by bench/replay.py (over HTTP, timed) and by tests/integration/test_response_sizes.py (Flask's
test client, sizes only). Nothing here imports the app.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from dataclasses import dataclass

ROUTER_OUTPUT = "shell-page-content.children"
SHELL_LOCATION = "shell-url"
MAX_FIRES = 40  # a page whose callbacks keep triggering each other is cut off here (and reported)

# transport: (path, JSON body) -> (HTTP status, response body as bytes)
Post = Callable[[str, dict], tuple[int, bytes]]


@dataclass
class Fire:
    """One callback request of a page's first load."""

    output: str  # the callback's first output, e.g. "overview-content.children"
    status: int
    size: int  # bytes of the response body
    ms: float
    main: bool  # the page's main callback: it listens to the page's own URL


def split_output(output: str) -> list[tuple[str, str]]:
    """("id", "property") of each output of a dependency's `output` string (`@hash` of duplicates dropped)."""
    parts = output[2:-2].split("...") if output.startswith("..") else [output]
    return [tuple(part.split("@")[0].rsplit(".", 1)) for part in parts]


def first_output(dependency: dict) -> str:
    return ".".join(split_output(dependency["output"])[0])


def _wildcard(dependency: dict) -> bool:
    ids = [i["id"] for i in dependency["inputs"] + dependency["state"]]
    return any(i.startswith("{") for i in ids) or "{" in dependency["output"]


def components(tree, found: dict[str, dict] | None = None) -> dict[str, dict]:
    """Every component with a string id in a layout tree: id -> {"type": …, **props}."""
    found = {} if found is None else found
    if isinstance(tree, list | tuple):
        for item in tree:
            components(item, found)
    elif isinstance(tree, dict):
        if "props" in tree and "type" in tree:
            props = tree["props"] or {}
            if isinstance(props.get("id"), str):
                found[props["id"]] = {"type": tree["type"], **props}
            for value in props.values():
                components(value, found)
        else:
            for value in tree.values():
                if isinstance(value, dict | list):
                    components(value, found)
    return found


class PageLoad:
    """The browser's state while one page loads: component props, pending callbacks, what fired."""

    def __init__(self, post: Post, dependencies: list[dict], shell: dict, path: str, search: str = ""):
        self.post, self.path, self.search = post, path, search
        self.dependencies = [d for d in dependencies if not d.get("clientside_function") and not _wildcard(d)]
        self.props = components(shell)
        self._locate(SHELL_LOCATION)
        self.fires: list[Fire] = []
        self.errors: list[str] = []

    def _locate(self, location_id: str) -> None:
        self.props.setdefault(location_id, {}).update(pathname=self.path, search=self.search, hash="",
                                                     href=f"http://localhost{self.path}{self.search}")

    def _values(self, items: list[dict]) -> list[dict]:
        values = []
        for item in items:
            entry = {"id": item["id"], "property": item["property"]}
            props = self.props.get(item["id"], {})
            if item["property"] in props:
                entry["value"] = props[item["property"]]
            values.append(entry)
        return values

    def payload(self, dependency: dict, changed: list[str]) -> dict:
        outputs = [{"id": i, "property": p} for i, p in split_output(dependency["output"])]
        return {"output": dependency["output"],
                "outputs": outputs if dependency["output"].startswith("..") else outputs[0],
                "inputs": self._values(dependency["inputs"]), "state": self._values(dependency["state"]),
                "changedPropIds": changed}

    def _fire(self, dependency: dict, changed: list[str], main: bool) -> set[str]:
        """POST one callback, apply its response; returns the "id.prop" it changed."""
        start = time.perf_counter()
        status, body = self.post("/_dash-update-component", self.payload(dependency, changed))
        ms = 1000 * (time.perf_counter() - start)
        self.fires.append(Fire(first_output(dependency), status, len(body), ms, main))
        if status == 204:
            return set()
        if status != 200:
            self.errors.append(f"{first_output(dependency)}: HTTP {status} {body[:200]!r}")
            return set()
        response = json.loads(body).get("response", {})
        touched = set()
        for component_id, props in response.items():
            for prop, value in props.items():
                self.props.setdefault(component_id, {})[prop] = value
                touched.add(f"{component_id}.{prop}")
                if isinstance(value, dict | list):
                    self.props.update({k: {**self.props.get(k, {}), **v} for k, v in components(value).items()})
        return touched

    def _ready(self, dependency: dict, present: dict) -> bool:
        return all(i["id"] in present for i in dependency["inputs"])

    def run(self) -> list[Fire]:
        """Load the page: the router, then what fires on load, then what that triggers."""
        router = next(d for d in self.dependencies if d["output"] == ROUTER_OUTPUT)
        before = set(self.props)
        self._fire(router, [f"{SHELL_LOCATION}.pathname"], main=False)
        page_ids = {k: v for k, v in self.props.items() if k not in before}
        for component_id, props in page_ids.items():
            if props.get("type") == "Location":
                self._locate(component_id)
        locations = {k for k, v in page_ids.items() if v.get("type") == "Location"}
        queue = [(d, [f"{i['id']}.{i['property']}" for i in d["inputs"] if i["id"] in locations])
                 for d in self.dependencies
                 if d is not router and d.get("prevent_initial_call") is not True and self._ready(d, page_ids)]
        fired_initial = {id(d) for d, _ in queue}
        while queue and len(self.fires) < MAX_FIRES:
            dependency, changed = queue.pop(0)
            main = any(i["id"] in locations and i["property"] == "search" for i in dependency["inputs"])
            known = set(self.props)
            touched = self._fire(dependency, changed, main)
            added = {k: v for k, v in self.props.items() if k not in known}
            for other in self.dependencies:
                if other is dependency or other is router:
                    continue
                inputs = {f"{i['id']}.{i['property']}" for i in other["inputs"]}
                hit = sorted(inputs & touched)
                pending = [d for d, _ in queue]
                if hit and other not in pending and self._ready(other, self.props):
                    queue.append((other, hit))
                elif (added and id(other) not in fired_initial and other.get("prevent_initial_call") is not True
                      and any(i["id"] in added for i in other["inputs"]) and self._ready(other, self.props)):
                    fired_initial.add(id(other))
                    queue.append((other, []))
        if queue:
            self.errors.append(f"nach {MAX_FIRES} Aufrufen abgebrochen: {[first_output(d) for d, _ in queue]}")
        if not any(f.main for f in self.fires):  # pages without a URL-driven callback: the first that fired
            for fire in self.fires[1:2]:
                fire.main = True
        return self.fires
