#!/usr/bin/python3
"""The man page documents exactly the options `servescope --help` lists, so they cannot drift.

Arguments: the servescope executable and the man page's source (packaging/servescope.1.in).
Each option of --help (names and value name, e.g. `--bind <address>`) must be the tag of one
.TP paragraph of the page's OPTIONS section (`.BI \\-\\-bind " address"`), and every tag there
must be an option of --help; the SYNOPSIS must name every long option. The last line is the
plain 'N passed, N failed' summary; the exit code is non-zero on any failure.
"""
import os
import re
import shlex
import shutil
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "support"))
from checks import check, summary  # noqa: E402


def run(executable, *arguments):
    # English whatever the locale: the value names (<address>) are translated. Qt's platform
    # code warns without XDG_RUNTIME_DIR, fatally under QT_FATAL_WARNINGS, as for tests/ui.
    with tempfile.TemporaryDirectory() as runtime_dir:
        environment = dict(os.environ)
        environment.setdefault("XDG_RUNTIME_DIR", runtime_dir)
        return subprocess.run([executable, *arguments, "--lang", "en"], capture_output=True,
                              text=True, timeout=30, env=environment)


# "  -h, --help    Displays ..." or "  --bind <address>    Listen ...": two spaces, the names,
# the value name, then two spaces or the end before the description (or its next line).
HELP_OPTION = re.compile(r"^  (--?\w[\w-]*(?:, --?\w[\w-]*)*)(?: <([^>]+)>)?(?:  |$)")


def help_options(text):
    """The options of --help as 'names value', e.g. '-h, --help' or '--bind address'."""
    options = []
    in_options = False
    for line in text.splitlines():
        if line == "Options:":
            in_options = True
            continue
        if in_options and not line.startswith(" "):
            in_options = False  # a following section (Arguments:) or the end
        match = HELP_OPTION.match(line) if in_options else None
        if match:
            options.append(match.group(1) + (" " + match.group(2) if match.group(2) else ""))
    return options


def roff_text(line):
    """The text a font macro line (.B, .BI, .BR, ...) prints, without fonts: the arguments
    joined as the macro alternates them, with no space between."""
    macro, _, rest = line.partition(" ")
    if macro not in (".B", ".I", ".BI", ".BR", ".IB", ".IR", ".RB", ".RI"):
        return None
    rest = rest.replace("\\-", "-")
    if "\\" in rest:
        return None  # another escape: not a plain option tag
    return "".join(shlex.split(rest))


def section(lines, name):
    """The lines of the man page's section `.SH name`."""
    inside = []
    found = False
    for line in lines:
        if line.startswith(".SH "):
            found = line[4:].strip().strip('"') == name
            continue
        if found:
            inside.append(line)
    return inside


def man_options(lines):
    """The tags of the .TP paragraphs in OPTIONS (the line after each .TP)."""
    body = section(lines, "OPTIONS")
    tags = []
    for index, line in enumerate(body):
        if line.strip() == ".TP" and index + 1 < len(body):
            tag = roff_text(body[index + 1])
            check(tag is not None, "OPTIONS: a .TP tag that is not a plain font macro: %r"
                  % body[index + 1])
            if tag is not None:
                tags.append(tag)
    return tags


def long_names(options):
    """The long option names in options such as '-h, --help' and '--bind address'."""
    return [word.rstrip(",") for option in options for word in option.split(" ")
            if word.startswith("--")]


def names(text, name):
    """Whether text has the option name whole (--access-log, not in --access-log-format)."""
    return re.search(re.escape(name) + r"(?![\w-])", text) is not None


def main():
    executable, manpage = sys.argv[1], sys.argv[2]
    with open(manpage, encoding="utf-8") as file:
        lines = file.read().splitlines()

    result = run(executable, "--help")
    check(result.returncode == 0, "--help exits 0 (got %d)" % result.returncode)
    listed = help_options(result.stdout)
    check(len(listed) >= 10, "--help lists the options (found %d)" % len(listed))

    documented = man_options(lines)
    for option in listed:
        check(option in documented, "the man page's OPTIONS lack %r (as --help lists it)"
              % option)
    for option in documented:
        check(option in listed, "the man page documents %r, which --help does not list"
              % option)
    check(len(documented) == len(set(documented)), "each option is documented once")

    synopsis = "\n".join(roff_text(line) or "" for line in section(lines, "SYNOPSIS"))
    for name in long_names(listed):
        check(names(synopsis, name), "the SYNOPSIS names %s" % name)

    # The page says --help-all adds Qt's own options (QApplication's under CTest's offscreen
    # platform); it must, rather than start the server.
    result = run(executable, "--help-all")
    check(result.returncode == 0, "--help-all exits 0 (got %d: %s)"
          % (result.returncode, result.stderr.strip()))
    check(all(names(result.stdout, name) for name in long_names(listed)),
          "--help-all lists the options of --help")
    check("-platform" in result.stdout, "--help-all lists Qt's options (-platform)")

    # groff's warnings are what man(1) and lintian would print about the page.
    if shutil.which("groff"):
        lint = subprocess.run(["groff", "-man", "-ww", "-z"], input="\n".join(lines) + "\n",
                              capture_output=True, text=True, timeout=30)
        check(lint.returncode == 0 and not lint.stderr.strip(),
              "groff -man -ww reports nothing: %s" % lint.stderr.strip())
    else:
        print("groff not found: the page's roff was not checked")

    return summary()


if __name__ == "__main__":
    sys.exit(main())
