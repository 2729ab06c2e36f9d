#!/bin/sh
# packaging/gen_man.sh PATCHWATCH VERSION: writes patchwatch(1) in roff to stdout, built from the command's own
# --help texts (the same option tables the command prints), so the man page cannot drift from the program.
# Each command's help is set as a literal block; only roff's special characters are escaped.
set -eu
pw=$1
version=$2
esc() { sed -e 's/\\/\\e/g' -e "s/^'/\\\\\\&'/" -e 's/^\./\\\&./'; }
cat <<HEAD
.TH PATCHWATCH 1 "" "patchwatch $version" "User Commands"
.SH NAME
patchwatch \- detect emerging patch regressions from fleet event logs and advisory feeds
.SH SYNOPSIS
.B patchwatch
[\fIOPTIONS\fR] \fICOMMAND\fR [\fIARGS\fR...]
.SH DESCRIPTION
.nf
HEAD
"$pw" --help | esc
echo ".fi"
echo ".SH COMMANDS"
# the command names are the first word of the indented lines under "Commands:" in --help
for cmd in $("$pw" --help | sed -n '/^Commands:/,/^$/p' | awk 'NR > 1 && NF { print $1 }'); do
    echo ".SS $cmd"
    echo ".nf"
    "$pw" "$cmd" --help 2>&1 | esc || true
    echo ".fi"
done
cat <<'TAIL'
.SH FILES
.TP
.I /etc/patchwatch/patchwatch.yaml
the service's configuration (see \fBpatchwatch config docs\fR)
.TP
.I /usr/share/patchwatch/rules/
the shipped rules; \fBpatchwatch rules check\fR validates a directory of them
.TP
.I /usr/share/patchwatch/examples/
the embedded default configuration used by \fBpatchwatch run\fR without \fB\-c\fR
.TP
.I /var/lib/patchwatch/
state, checkpoints and sink queues of the systemd service
.SH EXIT STATUS
0 ok, 1 runtime error, 2 usage error.
.SH SEE ALSO
The documentation in /usr/share/doc/patchwatch/.
TAIL
