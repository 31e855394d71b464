#!/usr/bin/python3
"""Writes a seed-shaped configuration K times the shipped example: K copies of
the shipped units, groups and plan (config/units, config/plans), every id
prefixed per copy ("c0003-so-tu-phap"), each copy's e-mail addresses made
distinct, the shipped main file with its state_dir and holidays_dir pointed at
the run's directories and, with --http-port, [http] on with a status token.

  gen_scale.py --repo REPO --out DIR --copies K --state-dir STATE [--http-port P] [--years A-B]

K = 1 writes the shipped example unchanged (ids unprefixed). With --years, a
multi-year workload: the copies are split into consecutive blocks of
ceil(K / (B - A + 1)), the first block's plans the shipped 2022 plan moved to
year A, the next block's to A + 1, ... (every year in its phrases and dates
shifted alike). So the first K' copies of a larger K are the same units and
plans: a configuration for fewer years is the start of one for more."""
import argparse
import datetime
import json
import os
import re
import shutil
import tomllib

# Keys whose values are unit or group ids (strings or lists of them).
REFERENCE_KEYS = {"lead", "support", "members", "supervisor", "escalate_to"}


def toml_value(value):
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return repr(value)
    if isinstance(value, str):
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, (datetime.date, datetime.datetime)):
        return value.isoformat()
    if isinstance(value, list):
        return "[" + ", ".join(toml_value(v) for v in value) + "]"
    if isinstance(value, dict):
        return "{ " + ", ".join("%s = %s" % (k, toml_value(v)) for k, v in value.items()) + " }"
    raise TypeError("cannot write %r" % (value,))


def write_tables(out, name, tables, children=()):
    for table in tables:
        out.write("\n[[%s]]\n" % name)
        for key, value in table.items():
            if key in children:
                continue
            out.write("%s = %s\n" % (key, toml_value(value)))
        for child in children:
            write_tables(out, name + "." + child, table.get(child, []))


def prefixed(value, prefix):
    if isinstance(value, list):
        return [prefix + v for v in value]
    return prefix + value


def copy_entities(entities, prefix, copy):
    result = []
    for entity in entities:
        entity = dict(entity)
        entity["id"] = prefix + entity["id"]
        for key in REFERENCE_KEYS & entity.keys():
            entity[key] = prefixed(entity[key], prefix)
        if prefix and "email" in entity:
            entity["email"] = [re.sub(r"@", "+c%04d@" % copy, address, count=1) for address in entity["email"]]
        if prefix and "aliases" in entity:
            # Aliases must be unique across units: each copy's are its own.
            entity["aliases"] = ["%s (bản %d)" % (alias, copy) for alias in entity["aliases"]]
        if prefix and "name" in entity:
            entity["name"] = "%s (bản %d)" % (entity["name"], copy)
        result.append(entity)
    return result


def shifted(value, years):
    """The value with every year in it moved by `years` (phrases, dates, year = ...)."""
    if years == 0:
        return value
    if isinstance(value, str):
        return re.sub(r"\b(19|20)(\d\d)\b", lambda m: str(int(m.group(0)) + years), value)
    if isinstance(value, bool):
        return value
    if isinstance(value, int):
        return value + years if 1900 <= value <= 2199 else value
    if isinstance(value, datetime.date):
        return value.replace(year=value.year + years)
    if isinstance(value, list):
        return [shifted(v, years) for v in value]
    if isinstance(value, dict):
        return {k: shifted(v, years) for k, v in value.items()}
    return value


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--repo", required=True)
    parser.add_argument("--out", required=True)
    parser.add_argument("--copies", type=int, required=True)
    parser.add_argument("--state-dir", required=True)
    parser.add_argument("--http-port", type=int)
    parser.add_argument("--years", help="A-B: copies spread over these plan years")
    args = parser.parse_args()
    first_year, last_year = 2022, 2022
    if args.years:
        first_year, last_year = (int(y) for y in args.years.split("-"))

    config_dir = os.path.join(os.path.abspath(args.repo), "config")
    with open(os.path.join(config_dir, "units", "thua-thien-hue.toml"), "rb") as f:
        units = tomllib.load(f)
    with open(os.path.join(config_dir, "plans", "thua-thien-hue-2022.toml"), "rb") as f:
        plans = tomllib.load(f)

    os.makedirs(os.path.join(args.out, "units"), exist_ok=True)
    os.makedirs(os.path.join(args.out, "plans"), exist_ok=True)
    with open(os.path.join(args.out, "units", "units.toml"), "w", encoding="utf-8") as out, \
            open(os.path.join(args.out, "plans", "plans.toml"), "w", encoding="utf-8") as plan_out:
        for copy in range(args.copies):
            prefix = "" if args.copies == 1 else "c%04d-" % copy
            write_tables(out, "unit", copy_entities(units["unit"], prefix, copy))
            write_tables(out, "group", copy_entities(units.get("group", []), prefix, copy))
            copied_plans = []
            per_year = -(-args.copies // (last_year - first_year + 1))
            offset = first_year - 2022 + copy // per_year
            for plan in plans["plan"]:
                plan = shifted(dict(plan), offset)
                plan["id"] = prefix + plan["id"]
                plan["task"] = [dict(task, **{key: prefixed(task[key], prefix)
                                              for key in REFERENCE_KEYS & task.keys()})
                                for task in plan["task"]]
                copied_plans.append(plan)
            write_tables(plan_out, "plan", copied_plans, children=("task",))

    with open(os.path.join(config_dir, "deadlined.toml"), encoding="utf-8") as f:
        main_text = f.read()
    main_text = main_text.replace('state_dir = "/var/lib/deadlined"', "state_dir = %s" % json.dumps(args.state_dir))
    main_text = main_text.replace('holidays_dir = "holidays"',
                                  "holidays_dir = %s" % json.dumps(os.path.join(config_dir, "holidays")))
    if args.copies > 1:
        # Escalations and the periodic report go to the first copy's office.
        main_text = main_text.replace('"vp-ubnd-tinh"', '"c0000-vp-ubnd-tinh"')
    if args.http_port:
        with open(os.path.join(args.out, "status-token"), "w") as f:
            f.write("bench-status-token\n")
        main_text += "\n[http]\nlisten = \"127.0.0.1:%d\"\nstatus_token_file = \"status-token\"\n" % args.http_port
    with open(os.path.join(args.out, "deadlined.toml"), "w", encoding="utf-8") as f:
        f.write(main_text)
    shutil.copytree(os.path.join(config_dir, "templates"), os.path.join(args.out, "templates"), dirs_exist_ok=True)


if __name__ == "__main__":
    main()
