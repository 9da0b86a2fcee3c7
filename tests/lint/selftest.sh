#!/bin/bash
# tests/lint/selftest.sh SRC -- the lint scripts can fail: run them on a
# small tree that breaks each rule once, and on one that breaks none.
set -u
src=${1:?usage: selftest.sh SOURCE_ROOT}
lint="$src/tests/lint"
t=$(mktemp -d "${TMPDIR:-/tmp}/attain-lint.XXXXXX") || exit 1
trap 'rm -rf "$t"' EXIT
fail() { echo "selftest: $*"; exit 1; }

mkdir -p "$t/bad/engine" "$t/bad/models" "$t/bad/plots" "$t/good/engine" "$t/good/models" "$t/good/plots"
printf '#ifndef X\n#define X\n#endif\n' >"$t/bad/engine/ctx.h"
cp "$t/bad/engine/ctx.h" "$t/good/engine/ctx.h"
cat >"$t/bad/models/bad.c" <<'C'
#include "ctx.h"
#include <sqlite3.h>
#include <stdio.h>
int f(void) { printf("x"); return getenv("X") != 0; }
int g(char *d) { char b[4]; sprintf(b, "%d", 1); strcpy(d, b); return atoi(d); }
C
cat >"$t/bad/plots/p.c" <<'C'
#include "../engine/ctx.h"
#include "model.h"
int h(void) { exit(1); }
C
cat >"$t/bad/engine/e.c" <<'C'
int z(void) { return system("ls"); }
C
# Naming a banned call in a comment or a string is fine; so are lookalikes.
cat >"$t/good/models/ok.c" <<'C'
/* never printf( or exit( here, and no sprintf( either */
#include <math.h>
static double runtime(double x) { return x; }
double f(double x) { const char *s = "exit(1) strcpy("; (void)s; return runtime(x) + sqrt(x); }
C
cat >"$t/good/engine/ok.c" <<'C'
#include <stdio.h>
int k(char *b, size_t n) { return snprintf(b, n, "system(%d)", 1); }
C

# Citations of things outside the repository, split here so that this file has none.
printf '/* as %s says */\nint c1;\n' "SP""EC.md" >"$t/bad/engine/c1.c"
printf '# see %s, and %s\n' "iss""ue 9" "/wo""rk/no""tes/schema.md" >"$t/bad/engine/c2.sh"
printf 'The code: `engine/ctx.h`, `engine/gone.c` and `plots/*.py`.\n' >"$t/bad/README.md"
printf 'The code: `engine/ctx.h` and `engine/*.c`; an issue of taste; SPECTRE.\n' >"$t/good/README.md"
# A message without tr(), and one given to tr() that the table lacks.
cat >"$t/bad/engine/m.c" <<'C'
int m(struct att_err *e) { return att_errf(e, 2, "no file '%s'", "x") + att_errf(e, 2, tr("gone")); }
C
printf 'const struct att_msg att_msgs[] = {\n    {"here", "在", "here"},\n};\n' >"$t/bad/engine/messages.c"
cp "$t/bad/engine/messages.c" "$t/good/engine/messages.c"
cat >"$t/good/engine/m.c" <<'C'
int m(struct att_err *e) { return att_errf(e, 2, tr("here")) + att_errf(e, 2, "%s", "x"); }
C
out=$(bash "$lint/boundaries.sh" "$t/bad") && fail "boundaries.sh passed a bad tree"
for want in "models/bad.c:1:" "models/bad.c:2:" "models/bad.c:3:" "models/bad.c:4:" \
            "plots/p.c:1:" "plots/p.c:2:" "plots/p.c:3:"; do
    grep -q "^$want" <<<"$out" || fail "boundaries.sh missed $want: $out"
done
out=$(bash "$lint/banned.sh" "$t/bad") && fail "banned.sh passed a bad tree"
grep -q '^5:.*sprintf' <<<"$out" || fail "banned.sh missed sprintf: $out"
grep -q '^1:.*system' <<<"$out" || fail "banned.sh missed system: $out"
out=$(bash "$lint/citations.sh" "$t/bad") && fail "citations.sh passed a bad tree"
for want in "engine/c1.c:1:" "engine/c2.sh:1:" "names 'engine/gone.c'" "names 'plots/\*.py'"; do
    grep -q "$want" <<<"$out" || fail "citations.sh missed $want: $out"
done
grep -q "engine/ctx.h'" <<<"$out" && fail "citations.sh flagged an existing file: $out"
out=$(bash "$lint/messages.sh" "$t/bad") && fail "messages.sh passed a bad tree"
grep -q "engine/m.c:1: \"no file '%s'\" is written without tr()" <<<"$out" || fail "messages.sh missed a bare message: $out"
grep -q 'engine/m.c:1: tr("gone") is not in the table' <<<"$out" || fail "messages.sh missed a missing row: $out"
bash "$lint/boundaries.sh" "$t/good" >/dev/null || fail "boundaries.sh failed a good tree: $(bash "$lint/boundaries.sh" "$t/good")"
bash "$lint/banned.sh" "$t/good" >/dev/null || fail "banned.sh failed a good tree: $(bash "$lint/banned.sh" "$t/good")"
bash "$lint/messages.sh" "$t/good" >/dev/null || fail "messages.sh failed a good tree: $(bash "$lint/messages.sh" "$t/good")"
bash "$lint/citations.sh" "$t/good" >/dev/null || fail "citations.sh failed a good tree: $(bash "$lint/citations.sh" "$t/good")"
echo "selftest: ok"
