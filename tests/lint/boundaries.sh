#!/bin/bash
# tests/lint/boundaries.sh SRC -- the module boundaries of the house style:
# dependencies run engine -> models, plots, never back; models/ is pure
# numerics (no stdio, SQLite, getenv, clocks, exit); plots/ is gnuplot only
# (no SQLite, no model fitting).  Comments are stripped before matching, so
# a comment may name what it must not do.
set -u
src=${1:?usage: boundaries.sh SOURCE_ROOT}
status=0

# Print FILE:LINE:text for every line of the C files in DIR matching the
# extended regex RE, with comments and string literals blanked out.
scan() {
    local dir=$1 re=$2 f
    for f in "$src/$dir"/*.c "$src/$dir"/*.h; do
        [ -e "$f" ] || continue
        perl -0777 -pe '
            s{/\*.*?\*/}{ my $c = $&; $c =~ s/[^\n]//g; $c }gse;  # block comments, keep lines
            s{//[^\n]*}{}g;                                        # line comments
            s{"(?:\\.|[^"\\\n])*"}{""}g;                            # string literals
        ' "$f" | grep -nE -- "$re" | sed "s|^|${f#$src/}:|"
    done
}

# Includes are matched on the raw text (the quoted name is what matters).
scan_includes() {
    local dir=$1 re=$2 f
    for f in "$src/$dir"/*.c "$src/$dir"/*.h; do
        [ -e "$f" ] || continue
        grep -nE -- "^[[:space:]]*#[[:space:]]*include[[:space:]]*[<\"]($re)[>\"]" "$f" |
            sed "s|^|${f#$src/}:|"
    done
}

check() {
    local what=$1 hits=$2
    if [ -n "$hits" ]; then
        echo "boundaries: $what:"
        echo "$hits"
        status=1
    fi
}

engine_headers=$(cd "$src/engine" && ls ./*.h 2>/dev/null | sed 's|^\./||' | sed 's/\./\\./g' | paste -sd'|' -)
[ -n "$engine_headers" ] || { echo "boundaries: no engine headers found under $src/engine"; exit 1; }

for dir in models plots; do
    check "$dir/ includes an engine header" \
        "$(scan_includes "$dir" "(\.\./)*engine/[^\">]*|$engine_headers")"
    check "$dir/ includes SQLite, libcsv or cJSON" \
        "$(scan_includes "$dir" "sqlite3\.h|sqlite3ext\.h|csv\.h|cjson/cJSON\.h|cJSON\.h")"
    check "$dir/ uses SQLite" "$(scan "$dir" '\bsqlite3_[a-z_]+[[:space:]]*\(')"
    check "$dir/ uses the engine's xmalloc family (return GSL_ENOMEM or -1 instead)" \
        "$(scan "$dir" '\bx(malloc|calloc|realloc|grow|strdup|strndup|asprintf)[[:space:]]*\(')"
done

check "models/ includes stdio.h, time.h or a plots header" \
    "$(scan_includes models "stdio\.h|time\.h|sys/time\.h|plot\.h|plot_[a-z]*\.h")"
check "models/ prints, exits, reads the environment or a clock" \
    "$(scan models '\b(printf|fprintf|vfprintf|puts|fputs|putchar|fputc|perror|fopen|fwrite|exit|_Exit|abort|getenv|time|clock|gettimeofday|clock_gettime)[[:space:]]*\(|\b(stdout|stderr)\b')"
check "plots/ includes the model library (plots draw, they do not fit)" \
    "$(scan_includes plots "model\.h|model_impl\.h|internal\.h|gsl/[^\">]*")"
check "plots/ exits" "$(scan plots '\b(exit|_Exit|abort)[[:space:]]*\(')"

if [ "$status" = 0 ]; then
    echo "boundaries: ok"
fi
exit "$status"
