#!/bin/bash
# tests/lint/format.sh SRC -- every C file of the product and its tests is
# formatted as .clang-format says (CI fails on any difference).  Fix with: clang-format -i FILE.
set -u
src=${1:?usage: format.sh SOURCE_ROOT}
command -v clang-format >/dev/null ||
    { echo "format: clang-format is not installed (apt-get install clang-format)"; exit 1; }
status=0
for f in "$src"/engine/*.[ch] "$src"/models/*.[ch] "$src"/plots/*.[ch] \
         "$src"/tests/unit/*.[ch] "$src"/tests/fuzz/*.[ch]; do
    [ -e "$f" ] || continue
    if ! clang-format --style=file --dry-run --Werror "$f" >/dev/null 2>&1; then
        echo "format: ${f#$src/} differs from .clang-format (clang-format -i ${f#$src/})"
        status=1
    fi
done
[ "$status" = 0 ] && echo "format: ok"
exit "$status"
