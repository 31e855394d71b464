#!/usr/bin/env python3
"""The layering rules of ARCHITECTURE.md, checked: every `#include "folder/..."`
under lib/ and daemon/ must be an edge the table allows. A lib/ folder may
include itself and the folders its row names in backticks under "May depend
on" ("all of the above": every lib/ folder in an earlier row, with what those
rows may use); daemon/ may include lib/ but lib/ never includes daemon/: a
quoted include under lib/ must name a file under lib/. The libraries outside
the standard one are checked too: a lib/ file includes a third-party or
system header (`<curl/curl.h>`, `<sqlite3.h>`, `<sys/stat.h>`, `<thread>`)
only when its row names that library. Exits 1 listing each forbidden edge
with file:line."""
import os
import re
import sys

root = sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(__file__), "..", "..")
root = os.path.abspath(root)

rows = []  # (folder, allowed set or "all-above")
with open(os.path.join(root, "ARCHITECTURE.md"), encoding="utf-8") as f:
    for line in f:
        match = re.match(r"\|\s*`lib/([a-z_]+)/`\s*\|[^|]*\|([^|]*)\|", line)
        if match:
            rows.append((match.group(1), match.group(2)))

if not rows:
    sys.exit("ARCHITECTURE.md: no `lib/...` rows found in the folder table")

lib_folders = {name for name, _ in rows}
actual = {d for d in os.listdir(os.path.join(root, "lib")) if os.path.isdir(os.path.join(root, "lib", d))}
problems = []
for missing in sorted(actual - lib_folders):
    problems.append("ARCHITECTURE.md: lib/%s/ has no row in the folder table" % missing)

# What a row's "May depend on" says, to the headers it allows. tl::expected
# is the error vocabulary of every layer (lib/util's row).
POSIX = ("sys/", "unistd.h", "fcntl.h", "poll.h", "netdb.h", "netinet/", "arpa/", "dirent.h", "fnmatch.h",
         "iconv.h", "errno.h")
LIBRARIES = {
    "SQLite": ("sqlite3.h",),
    "libcurl": ("curl/",),
    "OpenSSL": ("openssl/",),
    "spdlog": ("spdlog/", "fmt/"),
    "toml++": ("toml++/",),
    "libzip": ("zip.h", "zipconf.h"),
    "pugixml": ("pugixml.hpp",),
    "nlohmann-json": ("nlohmann/",),
    "mustache": ("kainjow/",),
    "date/tz": ("date/",),
    "POSIX": POSIX,
    "`<thread>`": ("thread",),
}
EVERYWHERE = ("tl/",)


def outside_standard(header):
    """Headers of the standard library have no "/" and no ".h"; <thread> counts as outside (the library
    starts threads in one place only)."""
    return "/" in header or header.endswith((".h", ".hpp")) or header == "thread"


allowed = {}
headers = {}
seen = []
for name, column in rows:
    names = set(re.findall(r"`([a-z_]+)`", column))
    prefixes = set(EVERYWHERE)
    for library, library_headers in LIBRARIES.items():
        if library in column:
            prefixes |= set(library_headers)
    if "all of the above" in column:
        names |= set(seen)
        for earlier in seen:
            prefixes |= headers[earlier]
    headers[name] = prefixes
    for later in sorted((names & lib_folders) - set(seen) - {name}):
        problems.append("ARCHITECTURE.md: lib/%s/ may depend on %s/, a row below it: the rows must be in "
                        "layer order (no cycles)" % (name, later))
    allowed[name] = names & lib_folders | {name}
    seen.append(name)

include = re.compile(r'^\s*#\s*include\s+"([a-z_]+)/[^"]+"')
quoted = re.compile(r'^\s*#\s*include\s+"([^"]+)"')
angled = re.compile(r'^\s*#\s*include\s+<([^>]+)>')
for top in ("lib", "daemon"):
    for directory, _, files in os.walk(os.path.join(root, top)):
        for file in sorted(files):
            if not file.endswith((".cpp", ".hpp", ".h", ".inc", ".in")):
                continue
            path = os.path.join(directory, file)
            relative = os.path.relpath(path, root)
            parts = relative.split(os.sep)
            owner = parts[1] if top == "lib" and len(parts) > 2 else None
            with open(path, encoding="utf-8", errors="replace") as source:
                for number, text in enumerate(source, 1):
                    if top == "lib" and owner is not None:
                        named = quoted.match(text)
                        # A file configure_file() writes from lib/NAME.in is under lib/ too.
                        generated = named and os.path.isfile(os.path.join(root, "lib", named.group(1) + ".in"))
                        if named and not generated and not os.path.isfile(os.path.join(root, "lib", named.group(1))):
                            problems.append("%s:%d: lib/ includes \"%s\", which is no file under lib/ (the library "
                                            "never includes daemon/)" % (relative, number, named.group(1)))
                        system = angled.match(text)
                        if system and outside_standard(system.group(1)) and \
                                not system.group(1).startswith(tuple(headers.get(owner, ()))):
                            problems.append("%s:%d: lib/%s/ includes <%s>, a library its row in ARCHITECTURE.md "
                                            "does not name" % (relative, number, owner, system.group(1)))
                    match = include.match(text)
                    if not match:
                        continue
                    target = match.group(1)
                    if target not in lib_folders:
                        continue  # a daemon/ header, a system header in quotes
                    if top == "daemon":
                        continue  # daemon/ may use all of lib/
                    if owner is None:
                        continue
                    if target not in allowed.get(owner, {owner}):
                        problems.append("%s:%d: lib/%s/ includes %s/, which its row in ARCHITECTURE.md does "
                                        "not allow (may depend on: %s)" % (relative, number, owner, target,
                                        ", ".join(sorted(allowed.get(owner, {owner}) - {owner})) or "nothing"))
    if top == "lib":
        for directory, _, files in os.walk(os.path.join(root, "lib")):
            for file in files:
                path = os.path.join(directory, file)
                with open(path, encoding="utf-8", errors="replace") as source:
                    for number, text in enumerate(source, 1):
                        if re.match(r'^\s*#\s*include\s+[<"](boost/asio|boost/beast)', text):
                            problems.append("%s:%d: lib/ includes Boost.Asio/Beast (only daemon/ may)"
                                            % (os.path.relpath(path, root), number))

for problem in problems:
    print(problem)
sys.exit(1 if problems else 0)
