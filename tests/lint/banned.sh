#!/bin/bash
# tests/lint/banned.sh SRC -- the functions the house style bans, in
# engine/, models/ and plots/ (comments and string literals are ignored, so
# "see strtok(3)" in a comment is fine, a call is not).
set -u
src=${1:?usage: banned.sh SOURCE_ROOT}
banned='gets|sprintf|vsprintf|strcpy|strcat|strncpy|strtok|atoi|atol|atof|rand|srand|tmpnam|system'
status=0
for f in "$src"/engine/*.[ch] "$src"/models/*.[ch] "$src"/plots/*.[ch]; do
    [ -e "$f" ] || continue
    hits=$(perl -0777 -pe '
        s{/\*.*?\*/}{ my $c = $&; $c =~ s/[^\n]//g; $c }gse;
        s{//[^\n]*}{}g;
        s{"(?:\\.|[^"\\\n])*"}{""}g;
        s{'"'"'(?:\\.|[^'"'"'\\\n])*'"'"'}{0}g;
    ' "$f" | grep -nE "(^|[^A-Za-z0-9_.>])($banned)[[:space:]]*\(")
    if [ -n "$hits" ]; then
        echo "banned: ${f#$src/}:"
        echo "$hits"
        status=1
    fi
done
[ "$status" = 0 ] && echo "banned: ok"
exit "$status"
