#!/usr/bin/env python3
"""Compatibility gates for the snapshot format (docs/snapshot-format.md §7).

  compat_gate.py schema BASELINE.json CURRENT.json SPEC.md
      Fails when a record or field of the baseline schema (a release's
      `arm64emu-snap schema`) is gone from the current one, or changed its
      type, its criticality or lost repeatability, unless the spec lists the
      name as retired (§7.1) or lists an alias (§7.2) or a named upgrade
      step (§7.3) for it. Additions pass.
  compat_gate.py sysregs BASELINE.txt CURRENT.txt SPEC.md
      Fails when a system register encoding of the baseline list (what a
      default max machine saved in that release) is no longer saved, unless
      §7.2 has an alias for that encoding.
  compat_gate.py selftest BASELINE.json SPEC.md
      Proves the schema gate fails on a doctored schema (a removed field, a
      changed type, a removed record, a criticality change), naming the
      item, and passes once the spec retires or aliases it.
  compat_gate.py critical-additions BASELINE.json CURRENT.json
      Prints the critical records and fields the current schema has and the
      baseline lacks: a reader of the baseline's release refuses files that
      carry them (tests/compat/check_releases.sh).

Names in the §7 tables: a record tag ("cpuN.regs"), a field as
"tag/field" ("cpuN.regs/pc"), or a system register as its encoding
("S3_0_C1_C0_0") or name; backquotes are ignored.
"""
import copy
import json
import re
import sys


def spec_tables(text):
    """Names listed in §7.1 (retired), §7.2 (aliases: Old column) and §7.3
    (upgrade steps: Input column)."""
    sections = {"7.1": [], "7.2": [], "7.3": []}
    current = None
    for line in text.splitlines():
        m = re.match(r"^#{2,4}\s+(\d+(?:\.\d+)*)\b", line)
        if m:
            current = m.group(1) if m.group(1) in sections else None
            continue
        if current and line.strip().startswith("|"):
            cells = [c.strip() for c in line.strip().strip("|").split("|")]
            sections[current].append(cells)
    names = {"retired": set(), "alias": set(), "upgrade": set()}
    # Column of the name in each table (after the header row).
    for sec, key, col in (("7.1", "retired", 0), ("7.2", "alias", 1),
                          ("7.3", "upgrade", 1)):
        rows = sections[sec]
        for cells in rows[1:]:
            if all(set(c) <= set("-: ") for c in cells):
                continue  # the |---|---| separator
            if len(cells) <= col:
                continue
            cell = cells[col].replace("`", "").strip()
            if not cell or cell.startswith("*("):
                continue  # "*(none yet)*"
            for name in re.split(r"[,\s]+", cell):
                if name:
                    names[key].add(name)
    return names


def covered(names, *keys):
    """Whether any of the keys is retired, aliased or upgraded."""
    allowed = names["retired"] | names["alias"] | names["upgrade"]
    return any(k in allowed for k in keys)


def schema_index(doc):
    records = {}
    for r in doc["records"]:
        if r["tag"] in records:
            raise SystemExit("schema lists record '%s' twice" % r["tag"])
        records[r["tag"]] = r
    return records


def check_schema(base_doc, cur_doc, names):
    """Returns the list of failures."""
    problems = []
    base, cur = schema_index(base_doc), schema_index(cur_doc)
    for tag, rb in base.items():
        rc = cur.get(tag)
        if rc is None:
            if not covered(names, tag):
                problems.append("record '%s' was removed (not retired in §7.1, "
                                "no upgrade step in §7.3)" % tag)
            continue
        if rb["critical"] != rc["critical"] and not covered(names, tag):
            problems.append("record '%s' changed criticality (%s -> %s)" %
                            (tag, crit(rb), crit(rc)))
        if rb.get("repeatable") and not rc.get("repeatable", False) \
                and not covered(names, tag):
            problems.append("record '%s' is no longer repeatable" % tag)
        cur_fields = {f["name"]: f for f in rc["fields"]}
        for fb in rb["fields"]:
            path = "%s/%s" % (tag, fb["name"])
            fc = cur_fields.get(fb["name"])
            ok = covered(names, path)
            if fc is None:
                if not ok:
                    problems.append("field '%s' was removed (not retired in "
                                    "§7.1, no upgrade step in §7.3)" % path)
                continue
            if fb["type"] != fc["type"] and not ok:
                problems.append("field '%s' changed type (%s -> %s) without an "
                                "alias (§7.2) or upgrade step (§7.3)" %
                                (path, fb["type"], fc["type"]))
            if fb["critical"] != fc["critical"] and not ok:
                problems.append("field '%s' changed criticality (%s -> %s)" %
                                (path, crit(fb), crit(fc)))
            if fb["repeatable"] and not fc["repeatable"] and not ok:
                problems.append("field '%s' is no longer repeatable" % path)
    return problems


def crit(x):
    return "critical" if x["critical"] else "optional"


def critical_additions(base_doc, cur_doc):
    """Critical records and fields the current schema writes that the base
    schema does not know: an older reader refuses files that carry them."""
    base, cur = schema_index(base_doc), schema_index(cur_doc)
    added = []
    for tag, rc in cur.items():
        rb = base.get(tag)
        if rb is None:
            if rc["critical"]:
                added.append(tag)
            continue
        known = {f["name"] for f in rb["fields"]}
        added += ["%s/%s" % (tag, f["name"]) for f in rc["fields"]
                  if f["critical"] and f["name"] not in known]
    return added


def read_sysregs(path):
    regs = {}
    for line in open(path):
        line = line.split("#", 1)[0].strip()
        if not line:
            continue
        parts = line.split()
        regs[parts[0]] = parts[1] if len(parts) > 1 else "?"
    return regs


def check_sysregs(base, cur, names):
    problems = []
    for enc, name in base.items():
        if enc in cur:
            if cur[enc] != name and name != "?" and cur[enc] != "?":
                print("note: %s was %s, now %s" % (enc, name, cur[enc]))
            continue
        if covered(names, enc, name):
            continue
        problems.append("system register %s (%s) is no longer saved: a changed "
                        "encoding needs an alias in §7.2" % (enc, name))
    return problems


def report(problems, what):
    for p in problems:
        print("FAIL: " + p)
    if problems:
        print("%s gate: %d incompatible change(s)" % (what, len(problems)))
        return 1
    print("%s gate: compatible" % what)
    return 0


def add_row(spec_text, section, row):
    """The spec with row added to the table of section ("7.1")."""
    lines = spec_text.splitlines()
    in_section = False
    for i, line in enumerate(lines):
        m = re.match(r"^#{2,4}\s+(\d+(?:\.\d+)*)\b", line)
        if m:
            in_section = m.group(1) == section
        elif in_section and re.match(r"^\|\s*:?-{3,}", line):
            return "\n".join(lines[:i + 1] + [row] + lines[i + 1:]) + "\n"
    raise SystemExit("selftest: no table in §%s of the spec" % section)


def selftest(base_doc, spec_text):
    names = spec_tables(spec_text)
    failures = []

    def expect(doc, spec_names, needle, label):
        problems = check_schema(base_doc, doc, spec_names)
        if needle is None:
            if problems:
                failures.append("%s: expected a pass, got %s" % (label, problems))
        elif not any(needle in p for p in problems):
            failures.append("%s: expected a failure naming %r, got %s" %
                            (label, needle, problems))
        else:
            print("ok: %s -> %s" % (label, [p for p in problems if needle in p][0]))

    expect(base_doc, names, None, "baseline against itself")
    # Pick a record with fields and its first field.
    rec = next(r for r in base_doc["records"] if r["fields"])
    field = rec["fields"][0]
    path = "%s/%s" % (rec["tag"], field["name"])

    doc = copy.deepcopy(base_doc)
    r = next(x for x in doc["records"] if x["tag"] == rec["tag"])
    r["fields"] = r["fields"][1:]
    expect(doc, names, "field '%s' was removed" % path, "removed field")
    retired = spec_tables(add_row(spec_text, "7.1",
                                  "| `%s` | 9.9.9 | ignored |" % path))
    expect(doc, retired, None, "removed field retired in §7.1")

    doc = copy.deepcopy(base_doc)
    r = next(x for x in doc["records"] if x["tag"] == rec["tag"])
    r["fields"][0]["type"] = "string" if field["type"] != "string" else "u64"
    expect(doc, names, "field '%s' changed type" % path, "changed type")
    aliased = spec_tables(add_row(spec_text, "7.2",
                                  "| field | `%s` | `%s` | 9.9.9 | test |" %
                                  (path, path)))
    expect(doc, aliased, None, "changed type with a §7.2 alias")

    doc = copy.deepcopy(base_doc)
    r = next(x for x in doc["records"] if x["tag"] == rec["tag"])
    r["fields"][0]["critical"] = not field["critical"]
    expect(doc, names, "field '%s' changed criticality" % path,
           "changed criticality")

    doc = copy.deepcopy(base_doc)
    doc["records"] = [x for x in doc["records"] if x["tag"] != rec["tag"]]
    expect(doc, names, "record '%s' was removed" % rec["tag"], "removed record")

    doc = copy.deepcopy(base_doc)
    doc["records"].append({"tag": "zz.added", "part": "test", "critical": True,
                           "safe_to_copy": False, "top_level": True,
                           "fields": [{"name": "a", "type": "u64",
                                       "critical": True, "safe_to_copy": False,
                                       "repeatable": False}]})
    r = next(x for x in doc["records"] if x["tag"] == rec["tag"])
    r["fields"].append({"name": "zz_added", "type": "u64", "critical": False,
                        "safe_to_copy": False, "repeatable": False})
    expect(doc, names, None, "additions")

    # The sysreg gate: a changed encoding fails, an alias lets it pass.
    base = {"S3_0_C1_C0_0": "SCTLR_EL1", "S3_3_C13_C0_2": "TPIDR_EL0"}
    cur = {"S3_3_C13_C0_2": "TPIDR_EL0", "S3_0_C1_C0_7": "SCTLR_EL1"}
    problems = check_sysregs(base, cur, names)
    if not any("S3_0_C1_C0_0 (SCTLR_EL1)" in p for p in problems):
        failures.append("sysregs: a changed encoding passed: %s" % problems)
    else:
        print("ok: changed sysreg encoding -> %s" % problems[0])
    aliased = spec_tables(add_row(
        spec_text, "7.2",
        "| sysreg | `S3_0_C1_C0_0` | `S3_0_C1_C0_7` | 9.9.9 | test |"))
    if check_sysregs(base, cur, aliased):
        failures.append("sysregs: an aliased encoding still fails")

    for f in failures:
        print("FAIL: " + f)
    return 1 if failures else 0


def main(argv):
    if len(argv) == 5 and argv[1] == "schema":
        names = spec_tables(open(argv[4]).read())
        return report(check_schema(json.load(open(argv[2])),
                                   json.load(open(argv[3])), names), "schema")
    if len(argv) == 5 and argv[1] == "sysregs":
        names = spec_tables(open(argv[4]).read())
        return report(check_sysregs(read_sysregs(argv[2]), read_sysregs(argv[3]),
                                    names), "sysregs")
    if len(argv) == 4 and argv[1] == "critical-additions":
        for name in critical_additions(json.load(open(argv[2])),
                                       json.load(open(argv[3]))):
            print(name)
        return 0
    if len(argv) == 4 and argv[1] == "selftest":
        return selftest(json.load(open(argv[2])), open(argv[3]).read())
    print(__doc__)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv))
