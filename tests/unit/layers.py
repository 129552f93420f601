#!/usr/bin/env python3
"""The layers of src/ (DESIGN.md), enforced from the #include lines.

Each folder of src/ has a rank; the files directly in src/ (main.c) are
"main". A file may include a project header of its own folder or of a
folder of lower rank, never of a higher one; and folders of the same rank
may not include each other in a circle. Each folder may also include only
the external libraries it is allowed to see (the app never sees lws).

TAP output: one test per rule, and each offence names file:line.
Usage: layers.py SRC_DIR
"""
import os
import re
import sys

RANK = {
    'util': 0,
    'core': 1,
    'codec': 2, 'auth': 2, 'store': 2, 'config': 2,
    'app': 3,
    'net': 4,
    'cli': 5, 'main': 5,
}
# External libraries (by header) each folder may include. Folders not
# listed here may include none of them.
LIBS = {'libwebsockets': 'lws', 'uv': 'libuv', 'jansson': 'jansson',
        'sqlite3': 'sqlite', 'openssl': 'openssl', 'ini': 'inih'}
ALLOWED_LIBS = {
    'util': set(),
    'core': set(),
    'codec': {'jansson'},
    'auth': {'openssl'},
    'store': {'sqlite'},
    'config': {'inih'},
    'app': {'libuv', 'jansson', 'openssl'},
    'net': {'lws', 'libuv', 'openssl'},
    'cli': {'libuv'},
    'main': {'libuv'},
}
PROJECT = re.compile(r'^\s*#\s*include\s+"([a-z_]+)/[^"]+"')
SYSTEM = re.compile(r'^\s*#\s*include\s+<([a-z0-9_]+)[./]')


def folder_of(src, path):
    rel = os.path.relpath(path, src)
    return rel.split(os.sep)[0] if os.sep in rel else 'main'


def scan(src):
    """Every include: (from folder, to folder or library, file, line, kind)."""
    found = []
    for root, _, files in os.walk(src):
        for name in sorted(files):
            if not name.endswith(('.c', '.h')):
                continue
            path = os.path.join(root, name)
            here = folder_of(src, path)
            with open(path, encoding='utf-8') as f:
                for no, line in enumerate(f, 1):
                    m = PROJECT.match(line)
                    if m:
                        found.append((here, m.group(1), path, no, 'project'))
                    m = SYSTEM.match(line)
                    if m and m.group(1) in LIBS:
                        found.append((here, LIBS[m.group(1)], path, no, 'lib'))
    return found


def cycles(edges):
    """The folder circles of a graph {a: {b: (file, line)}}: each as a list
    of folders, found by a depth-first search (one per back edge)."""
    out, state, stack = [], {}, []

    def visit(n):
        state[n] = 1
        stack.append(n)
        for m in sorted(edges.get(n, {})):
            if state.get(m) == 1:
                out.append(stack[stack.index(m):] + [m])
            elif not state.get(m):
                visit(m)
        stack.pop()
        state[n] = 2

    for n in sorted(edges):
        if not state.get(n):
            visit(n)
    return out


def main():
    src = os.path.abspath(sys.argv[1])
    found = scan(src)
    tests = []

    bad = [f for f in found if f[4] == 'project' and f[1] not in RANK]
    bad += [f for f in found if f[0] not in RANK]
    tests.append(('every folder of src/ has a layer',
                  ['%s:%d: %s is in no layer of tests/unit/layers.py' %
                   (os.path.relpath(p, src), n, b if b not in RANK else a)
                   for a, b, p, n, _ in bad]))

    up = [f for f in found if f[4] == 'project' and f[0] in RANK and
          f[1] in RANK and RANK[f[1]] > RANK[f[0]]]
    tests.append(('no include runs up the layers',
                  ['%s:%d: %s (layer %d) includes %s (layer %d)' %
                   (os.path.relpath(p, src), n, a, RANK[a], b, RANK[b])
                   for a, b, p, n, _ in up]))

    edges = {}
    for a, b, p, n, kind in found:
        if kind == 'project' and a != b:
            edges.setdefault(a, {}).setdefault(b, (p, n))
    tests.append(('no circle between folders',
                  ['circle %s, e.g. %s' % (' -> '.join(c), ', '.join(
                      '%s:%d' % ((os.path.relpath(edges[x][y][0], src),) +
                                 edges[x][y][1:])
                      for x, y in zip(c, c[1:])))
                   for c in cycles(edges)]))

    libs = [f for f in found if f[4] == 'lib' and f[0] in ALLOWED_LIBS and
            f[1] not in ALLOWED_LIBS[f[0]]]
    tests.append(('each folder sees only its libraries',
                  ['%s:%d: %s may not include %s' %
                   (os.path.relpath(p, src), n, a, b)
                   for a, b, p, n, _ in libs]))

    print('1..%d' % len(tests))
    failed = 0
    for i, (name, offences) in enumerate(tests, 1):
        print('%s %d - %s' % ('not ok' if offences else 'ok', i, name))
        for o in offences:
            print('#   ' + o)
        failed += bool(offences)
    print('# %d includes read' % len(found))
    return 1 if failed else 0


if __name__ == '__main__':
    sys.exit(main())
