#!/bin/bash
# tests/lint/messages.sh SRC -- every message comes from the one table of
# engine/messages.c: a message call (att_errf, att_errf_at,
# cmd_usage_errorf, a scenario file's fail/bad, fprintf to stderr) takes its
# format through tr(), never as a bare English literal, and every text
# given to tr() is the English of a row of the table.  A format with no
# words but attain ("%s", "attain %s: %s") needs none.
set -u
src=${1:?usage: messages.sh SOURCE_ROOT}
perl -e '
    use strict;
    use warnings;
    my $src = shift;
    my $LIT = qr/(?:"(?:\\.|[^"\\\n])*"\s*)+/;
    my $ARG = qr/(?:[^,()"]|\((?:[^()"]|"(?:\\.|[^"\\\n])*"|\((?:[^()]|\([^()]*\))*\))*\))+/;
    sub slurp { local $/; open(my $f, "<", $_[0]) or return ""; my $s = <$f>; close $f; $s }
    sub text { my $s = shift; my $t = ""; $t .= $1 while $s =~ /"((?:\\.|[^"\\\n])*)"/g; $t }
    sub line_of { my ($s, $pos) = @_; 1 + (substr($s, 0, $pos) =~ tr/\n//) }
    my %en;
    my $table = slurp("$src/engine/messages.c");
    while ($table =~ /\{"\w+",\s*$LIT,\s*($LIT)\}/g) { $en{text($1)} = 1 }
    my $bad = 0;
    for my $f (sort glob("$src/engine/*.c")) {
        next if $f =~ m{/messages\.c$};
        my $s = slurp($f);
        $s =~ s{/\*.*?\*/}{ my $c = $&; $c =~ s/[^\n]//g; $c }gse;
        (my $name = $f) =~ s{^\Q$src\E/}{};
        while ($s =~ /\btr\(\s*($LIT)\)/g) {
            my ($at, $t) = ($-[0], text($1));
            next if $en{$t};
            printf "messages: %s:%d: tr(\"%s\") is not in the table of engine/messages.c\n",
                $name, line_of($s, $at), $t;
            $bad = 1;
        }
        my @calls = (
            qr/\batt_errf\s*\(\s*$ARG,\s*$ARG,\s*($LIT)/,
            qr/\batt_errf_at\s*\(\s*$ARG,\s*$ARG,\s*$ARG,\s*$ARG,\s*$ARG,\s*($LIT)/,
            qr/\bcmd_usage_errorf\s*\(\s*$ARG,\s*$ARG,\s*($LIT)/,
            qr/\b(?:fail|bad)\s*\(\s*p,\s*$ARG,\s*($LIT)/,
            qr/\bfprintf\s*\(\s*stderr\s*,\s*($LIT)/,
        );
        for my $re (@calls) {
            while ($s =~ /$re/g) {
                my ($at, $t) = ($-[0], text($1));
                (my $words = $t) =~ s/%[-+ #0-9.*]*(?:hh|h|ll|l|z|j|t)?[a-zA-Z%]|\battain\b//g;
                next if $words !~ /[A-Za-z]{2}/;
                printf "messages: %s:%d: \"%s\" is written without tr()\n",
                    $name, line_of($s, $at), $t;
                $bad = 1;
            }
        }
    }
    print "messages: ok\n" unless $bad;
    exit $bad;
' "$src"
