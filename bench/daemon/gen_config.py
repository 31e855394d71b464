#!/usr/bin/env python3
"""Writes a deadlined config for the delivery benchmarks (scripts/bench-daemon).

    gen_config.py webhook OUT_DIR UNITS PORT   one task due on DUE for UNITS units,
                                               each with its own webhook URL on
                                               http://127.0.0.1:PORT (one host)
    gen_config.py email   OUT_DIR UNITS PORT   the same with one email address per
                                               unit, SMTP to 127.0.0.1:PORT, no TLS
                                               (PORT 0: no SMTP, the state's Maildir)
    gen_config.py resident OUT_DIR TASKS STAGES TASKS tasks due late in the year,
                                               STAGES reminder stages each, one
                                               recipient each: TASKS*STAGES outbox
                                               rows, none due at NOW (idle, memory)

The throughput configs use a policy with only the due-day stage, so every unit
gets exactly one reminder, and distinct units mean distinct recipients: no
digest merges two of them. The config is written to OUT_DIR/deadlined.toml
(state_dir OUT_DIR/state), the units to OUT_DIR/units.toml, the plan to
OUT_DIR/plan.toml. HOLIDAYS_DIR (environment) is copied by the caller.
"""
import os
import sys

DUE = "2022-03-17"          # a Thursday, a working day
NOW = DUE + "T08:00:00+07:00"  # the send slot of that day (send_time 08:00)


def main_file(out, extra):
    return f"""include = ["units.toml", "plan.toml"]

[daemon]
timezone = "Asia/Ho_Chi_Minh"
state_dir = "{out}/state"
send_time = "08:00"
log_level = "info"

[calendar]
holidays_dir = "holidays"
roll = "next"

[email]
from = "bench@bench.example.vn"
message_id_domain = "bench.example.vn"
{extra}
"""


def policy(pid, before, due_day):
    before_list = ", ".join(str(b) for b in before)
    return f"""[[policy]]
id = "{pid}"
unit = "days"

[policy.lead]
before = [{before_list}]
due_day = {"true" if due_day else "false"}
overdue_every = 0

[policy.support]
before = []
due_day = false
overdue_every = 0
"""


def unit(uid, channel, port):
    contact = (f'webhook = [{{ url = "http://127.0.0.1:{port}/hook/{uid}" }}]' if channel == "webhook"
               else f'email = ["{uid}@bench.example.vn"]')
    return f'[[unit]]\nid = "{uid}"\nname = "Đơn vị thử {uid}"\ntier = "department"\n{contact}\n'


def throughput(kind, out, units, port):
    ids = [f"u{i:05d}" for i in range(units)]
    with open(f"{out}/units.toml", "w") as f:
        f.write("\n".join(unit(uid, kind, port) for uid in ids))
        members = ", ".join(f'"{uid}"' for uid in ids)
        f.write(f'\n[[group]]\nid = "all"\nname = "Tất cả đơn vị"\nmembers = [{members}]\n')
    with open(f"{out}/plan.toml", "w") as f:
        f.write(policy("bench", [], True))
        f.write(f"""
[[plan]]
id = "bench"
title = "Kế hoạch đo hiệu năng gửi nhắc việc"
year = 2022
policy = "bench"

[[plan.task]]
id = "1"
title = "Nộp báo cáo kết quả kiểm soát thủ tục hành chính"
lead = ["all"]
product = "Báo cáo"
when = "Trước ngày 17/3/2022"
schedule = {{ date = {DUE} }}
""")
    if kind == "webhook":
        extra = "[webhooks]\ntimeout = 10\n"
    elif port == 0:
        extra = ""   # no [smtp]: messages go to the Maildir (to learn their size)
    else:
        extra = f'[smtp]\nurl = "smtp://127.0.0.1:{port}"\nrequire_tls = false\n'
    with open(f"{out}/deadlined.toml", "w") as f:
        f.write(main_file(out, extra))


def resident(out, tasks, stages):
    units = max(1, min(1000, tasks))
    ids = [f"u{i:05d}" for i in range(units)]
    with open(f"{out}/units.toml", "w") as f:
        f.write("\n".join(unit(uid, "email", 0) for uid in ids))
    with open(f"{out}/plan.toml", "w") as f:
        # STAGES-1 advance stages (calendar days before) plus the due day.
        f.write(policy("resident", list(range(stages - 1, 0, -1)), True))
        per_plan = 1000
        for p in range((tasks + per_plan - 1) // per_plan):
            f.write(f'\n[[plan]]\nid = "resident-{p:03d}"\ntitle = "Kế hoạch thường trú số {p}"\n'
                    f'year = 2022\npolicy = "resident"\n')
            for t in range(p * per_plan, min(tasks, (p + 1) * per_plan)):
                # Due dates spread over November-December 2022: months after NOW.
                month, day = 11 + (t // 28) % 2, 1 + t % 28
                f.write(f'\n[[plan.task]]\nid = "{t}"\ntitle = "Nhiệm vụ thường trú {t}"\n'
                        f'lead = ["{ids[t % units]}"]\nproduct = "Báo cáo"\n'
                        f'schedule = {{ date = 2022-{month:02d}-{day:02d} }}\n')
    with open(f"{out}/deadlined.toml", "w") as f:
        f.write(main_file(out, ""))


def main():
    kind, out = sys.argv[1], os.path.abspath(sys.argv[2])
    os.makedirs(out, exist_ok=True)
    if kind in ("webhook", "email"):
        throughput(kind, out, int(sys.argv[3]), int(sys.argv[4]))
    elif kind == "resident":
        resident(out, int(sys.argv[3]), int(sys.argv[4]))
    else:
        sys.exit(f"gen_config.py: unknown kind {kind}")


if __name__ == "__main__":
    main()
