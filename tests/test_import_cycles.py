"""No import cycle between the modules of simulator/ (imports inside functions count too).

import-linter's contracts say who may import whom between named layers; a cycle
between two modules of one package (coder <-> learned, factory <-> a backend) is
outside what they express, so this walks grimp's import graph (the one
import-linter builds) and looks for strongly connected components."""

import grimp


def import_cycles(package: str = "simulator") -> list[list[str]]:
    """Every set of modules that import one another in a ring (Tarjan's algorithm, iterative)."""
    graph = grimp.build_graph(package)
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    cycles: list[list[str]] = []
    for root in sorted(graph.modules):
        if root in index:
            continue
        work = [(root, iter(sorted(graph.find_modules_directly_imported_by(root))))]
        index[root] = low[root] = len(index)
        stack.append(root)
        on_stack.add(root)
        while work:
            node, children = work[-1]
            child = next(children, None)
            if child is not None:
                if child not in index:
                    index[child] = low[child] = len(index)
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(sorted(graph.find_modules_directly_imported_by(child)))))
                elif child in on_stack:
                    low[node] = min(low[node], index[child])
                continue
            work.pop()
            if work:
                low[work[-1][0]] = min(low[work[-1][0]], low[node])
            if low[node] == index[node]:
                ring = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    ring.append(member)
                    if member == node:
                        break
                if len(ring) > 1:
                    cycles.append(sorted(ring))
    return cycles


def test_no_import_cycles_in_simulator():
    assert import_cycles() == []
