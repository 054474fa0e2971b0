#!/usr/bin/env python3
"""Runs the HTTP API test files (tests/api/*.test) against a fresh demo server per file.

A file is a list of cases. Each case is a request and what must come back:

    ### a title for the case
    POST /api/v1/orgs
    Authorization: Bearer $token:admin
    {"id": "bad"}
    ----
    400 application/problem+json
    {"errors": [{"field": "/id"}]}

- After the title: the request line, then header lines, then an optional body (JSON or
  text, up to the "----" line). `$token:<officer>` becomes a demo-login token for that
  officer; `$name` becomes a value captured earlier.
- After "----": the status, optionally followed by the start of the Content-Type; then an
  optional expected body. A JSON body matches when every member it names is present with a
  matching value (lists: every expected element matches some actual element); the string
  "*" matches any value. Lines starting with "~ " instead require the raw body to contain
  that text; "!~ " requires it not to.
- "=> name /json/pointer" after the expected body captures a value of the response. A pointer
  step "[member=value]" picks the first element of a list whose member has that value:
  "=> no /cases/[status=in_progress]/no".
- $demo_citizen is the demo citizen's identity number (as the server prints it at start).
- "@known-bug <what is wrong>" as the first line after the title marks a case that fails
  against the current server because of a bug it names: it is reported as "xfail" and does not
  fail the run; should it pass, it is reported as "XPASS" and fails the run (the mark is stale).
  The case is still sent, so its effects (if the bug lets it write) come before the next case.
"""
import json
import os
import re
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
import harness  # noqa: E402


def parse(path):
    cases, current = [], None
    with open(path, encoding="utf-8") as f:
        for no, line in enumerate(f, 1):
            line = line.rstrip("\n")
            if line.startswith("### "):
                current = {"title": line[4:], "line": no, "request": [], "expect": [], "in": "request"}
                cases.append(current)
            elif current is None or (line.startswith("#") and not line.startswith("###")):
                continue
            elif line == "----":
                current["in"] = "expect"
            elif line.startswith("@known-bug ") and current["in"] == "request" and not current["request"]:
                current["known_bug"] = line[len("@known-bug "):]
            else:
                current[current["in"]].append(line)
    return cases


def matches(expected, actual, where="$"):
    if expected == "*":
        return None if actual is not None else f"{where}: missing"
    if isinstance(expected, dict):
        if not isinstance(actual, dict):
            return f"{where}: expected an object, got {json.dumps(actual, ensure_ascii=False)[:200]}"
        for k, v in expected.items():
            if k not in actual:
                return f"{where}.{k}: missing"
            err = matches(v, actual[k], f"{where}.{k}")
            if err:
                return err
        return None
    if isinstance(expected, list):
        if not isinstance(actual, list):
            return f"{where}: expected a list"
        for i, e in enumerate(expected):
            if not any(matches(e, a) is None for a in actual):
                return f"{where}[{i}]: no element matches {json.dumps(e, ensure_ascii=False)}"
        return None
    return None if expected == actual else f"{where}: expected {expected!r}, got {actual!r}"


def substitute(text, server, vars, tokens):
    def token(m):
        officer = m.group(1)
        if officer not in tokens:
            tokens[officer] = server.login(officer)
        return tokens[officer]
    text = re.sub(r"\$token:([A-Za-z0-9_.-]+)", token, text)
    return re.sub(r"\$([a-z_][a-z0-9_]*)", lambda m: str(vars.get(m.group(1), m.group(0))), text)


def pointer(doc, ptr):
    for part in ptr.strip("/").split("/"):
        pick = re.fullmatch(r"\[([^=\]]+)=([^\]]*)\]", part)
        if pick and isinstance(doc, list):
            member, value = pick.groups()
            found = [e for e in doc if isinstance(e, dict) and str(e.get(member)) == value]
            if not found:
                raise KeyError(f"no element with {member} = {value}")
            doc = found[0]
        else:
            doc = doc[int(part)] if isinstance(doc, list) else doc[part]
    return doc


def run_case(server, case, vars, tokens):
    lines = [substitute(l, server, vars, tokens) for l in case["request"]]
    while lines and not lines[-1].strip():
        lines.pop()
    method, path = lines[0].split(" ", 1)
    headers, i = {}, 1
    while i < len(lines) and re.match(r"^[A-Za-z-]+: ", lines[i]):
        k, v = lines[i].split(": ", 1)
        headers[k] = v
        i += 1
    body = "\n".join(lines[i:]).strip()
    raw = body.encode() if body else None
    if body.startswith("@repeat "):  # "@repeat <n> <text>": a large body
        n, text = body[8:].split(" ", 1)
        raw = (text * int(n)).encode()
    r = server.request(method, path, headers=headers, raw=raw)

    expect = [substitute(l, server, vars, tokens) for l in case["expect"] if l.strip()]
    status_line = expect[0].split(" ", 1)
    errors = []
    if r.status != int(status_line[0]):
        errors.append(f"status {r.status}, expected {status_line[0]}")
    if len(status_line) > 1 and not r.headers.get("Content-Type", "").startswith(status_line[1]):
        errors.append(f"Content-Type {r.headers.get('Content-Type')!r}, expected {status_line[1]!r}")
    text = r.body.decode(errors="replace")
    json_lines, captures = [], []
    for l in expect[1:]:
        if l.startswith("~ "):
            if l[2:] not in text:
                errors.append(f"body lacks {l[2:]!r}")
        elif l.startswith("!~ "):
            if l[3:] in text:
                errors.append(f"body contains {l[3:]!r}")
        elif l.startswith("=> "):
            captures.append(l[3:].split(" ", 1))
        else:
            json_lines.append(l)
    if json_lines:
        try:
            actual = json.loads(text)
            err = matches(json.loads("\n".join(json_lines)), actual)
            if err:
                errors.append(err)
        except json.JSONDecodeError as e:
            errors.append(f"response is not JSON ({e}): {text[:200]}")
    for name, ptr in captures:
        try:
            vars[name] = pointer(json.loads(text), ptr)
        except Exception as e:  # noqa: BLE001
            errors.append(f"cannot capture {name} at {ptr}: {e}")
    return errors, text


def main():
    files = sys.argv[1:] or sorted(
        os.path.join(os.path.dirname(os.path.abspath(__file__)), f)
        for f in os.listdir(os.path.dirname(os.path.abspath(__file__))) if f.endswith(".test"))
    failed = total = known = 0
    for path in files:
        with harness.Server(demo=True) as server:
            citizen = re.search(r"demo citizen: (\S+)", server.output())
            vars, tokens = {"demo_citizen": citizen.group(1) if citizen else "$demo_citizen"}, {}
            for case in parse(path):
                total += 1
                errors, text = run_case(server, case, vars, tokens)
                name = f"{os.path.basename(path)}:{case['line']} {case['title']}"
                if case.get("known_bug"):
                    if errors:
                        known += 1
                        print(f"xfail {name}\n     known bug: {case['known_bug']}")
                        for e in errors:
                            print(f"     {e}")
                    else:
                        failed += 1
                        print(f"XPASS {name}\n     passes now: remove its @known-bug mark ({case['known_bug']})")
                elif errors:
                    failed += 1
                    print(f"FAIL {name}")
                    for e in errors:
                        print(f"     {e}")
                    print(f"     response: {text[:600]}")
                else:
                    print(f"ok   {name}")
    print(f"{total - failed - known}/{total} API cases passed" + (f", {known} failed as known bugs" if known else ""))
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
