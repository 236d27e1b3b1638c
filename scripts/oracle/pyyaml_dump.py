#!/usr/bin/env python3
"""Reads a JSON list of tagged values on stdin and writes the JSON list of
yaml.safe_dump(value, default_flow_style=False) for each: the live side of
tests/pyyaml_python.rs (`pyyaml_live`, run by .ci/run with the oracle venv's python).

Tags, as in gen_pyyaml_cases.py: ["s", text], ["i", "123"], ["f", repr], ["b", bool], ["n"],
["l", [items]], ["d", [[key, value], ...]], and ["o", n, value] for object n, one list or dict
in every place it is tagged so.
"""
import json
import sys

import yaml


def untag(v, objects):
    kind = v[0]
    if kind == 'o':
        if v[1] not in objects:
            objects[v[1]] = untag(v[2], objects)
        return objects[v[1]]
    if kind == 'n':
        return None
    if kind == 'b':
        return bool(v[1])
    if kind == 'i':
        return int(v[1])
    if kind == 'f':
        return float(v[1])
    if kind == 's':
        return v[1]
    if kind == 'l':
        return [untag(x, objects) for x in v[1]]
    if kind == 'd':
        return {k: untag(x, objects) for k, x in v[1]}
    raise ValueError(f'unknown tag {kind!r}')


def main():
    values = json.load(sys.stdin)
    out = [yaml.safe_dump(untag(v, {}), default_flow_style=False) for v in values]
    json.dump(out, sys.stdout, ensure_ascii=True)


if __name__ == '__main__':
    main()
