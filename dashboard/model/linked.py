"""Which things are linked, directly or through others (a disjoint-set forest): the independent parts of
a published count table (model.suppression) and of the proposal's programme (model.proposal_milp)
are the Sozialräume and teams linked by a team serving a Sozialraum. Pure, stdlib only."""

from __future__ import annotations

from collections.abc import Hashable


class Linked:
    """`link(a, b)` joins the parts of a and b; `find(x)` names x's part (x is its own part until linked)."""

    def __init__(self) -> None:
        self.root: dict[Hashable, Hashable] = {}

    def find(self, node: Hashable) -> Hashable:
        self.root.setdefault(node, node)
        while self.root[node] != node:
            self.root[node] = self.root[self.root[node]]  # halve the path
            node = self.root[node]
        return node

    def link(self, a: Hashable, b: Hashable) -> None:
        here, there = self.find(a), self.find(b)
        if here != there:
            self.root[there] = here

    def __contains__(self, node: Hashable) -> bool:
        return node in self.root
