#!/bin/bash
# tests/lint/citations.sh SRC -- the code, comments, tests and docs cite
# nothing outside the repository: no product contract or house-style file
# that lives elsewhere, no issue numbers of a tracker, no paths of one
# machine; and every file of the repository that a README names exists.
# A comment says what it means in its own words instead.
set -u
src=${1:?usage: citations.sh SOURCE_ROOT}
cd "$src" || exit 1
# The tracked files of a git checkout; any other tree (the selftest's): all of it.
if [ "$(git rev-parse --show-toplevel 2>/dev/null)" = "$(pwd -P)" ]; then
    files=$(git ls-files)
else
    files=$(find . -type f ! -path './build/*' | sed 's|^\./||' | sort)
fi
# Written so that this file does not match itself.
cite='S[P]EC(\.md)?\b|S[T]YLE\.md|\b[Ii]ssues? #?[0-9]|/w[o]rk/|\bn[o]tes/[A-Za-z0-9_.-]+'
status=0
hits=$(printf '%s\n' "$files" | tr '\n' '\0' | xargs -0 -r grep -n -I -E "$cite" -- 2>/dev/null)
if [ -n "$hits" ]; then
    echo "citations: outside the repository:"
    echo "$hits"
    status=1
fi
# Paths under a top-level directory of the repository, named by a README.
tops=$(printf '%s\n' "$files" | grep / | cut -d/ -f1 | sort -u | paste -sd'|')
readmes=$(printf '%s\n' "$files" | grep -E '(^|/)README\.md$')
for readme in $readmes; do
    [ -n "$tops" ] || break
    while read -r p; do
        [ -n "$p" ] || continue
        # A named glob (tests/cli/04??-*.sh) must match something.
        if ! compgen -G "$p" >/dev/null; then
            echo "citations: $readme names '$p', which does not exist"
            status=1
        fi
    done < <(grep -oE "(^|[^A-Za-z0-9_./-])($tops)/[A-Za-z0-9_./*?-]*" "$readme" |
             sed -E 's/^[^A-Za-z0-9_.]//; s/[.]+$//' | sort -u)
done
[ "$status" = 0 ] && echo "citations: ok"
exit "$status"
