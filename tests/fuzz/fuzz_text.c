/*
 * tests/fuzz/fuzz_text.c -- libFuzzer target for the readers that take a
 * file in pieces (engine/text.h: text_probe, text_scan, text_pos,
 * text_conv): they must say exactly what text_decode says of the same
 * bytes, whatever the cuts.  The first byte of an input chooses the piece
 * sizes, the rest is the file.  A difference traps (a finding), as does a
 * crash, leak or sanitizer report.
 *
 * ctest replays the kept crash inputs (tests/fuzz/regress/text/) and the
 * seeds (tests/fuzz/replay.c); `make fuzz` (part of `make test`) fuzzes.
 */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "err.h"
#include "text.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* The file text_probe reads: one temporary file for the process, rewritten for each input. */
static int probe_fd = -1;

static void check(bool ok)
{
    if (!ok)
        __builtin_trap();
}

/* Feed bytes (len) to the three readers `piece` bytes at a time; compare with the whole. */
static void pieces(const char *bytes, size_t len, size_t piece, const char *text, size_t n, bool gb)
{
    struct text_scan whole, scan;
    struct text_pos pos = {1, 1};
    struct text_conv conv = {NULL};
    char *out = malloc(2 * len + 16);
    char buf[16];
    size_t keep[3] = {0, 0, 0};
    size_t olen = 0;
    size_t at = 0;
    unsigned long line, col;
    size_t r;

    text_scan_init(&whole);
    check(text_scan_feed(&whole, bytes, len, true) == len);
    text_scan_init(&scan);
    if (gb)
        check(text_conv_open(&conv));
    for (;;) {
        size_t take = len - at < piece ? len - at : piece;
        bool last = take == 0;

        for (r = 0; r < 3; r++) {
            size_t used = 0, o = 0;
            size_t l = keep[r] + take;

            memcpy(buf, bytes + at - keep[r], l);
            if (r == 0)
                used = text_scan_feed(&scan, buf, l, last);
            else if (r == 1)
                used = text_pos_feed(&pos, buf, l, last);
            else if (gb) {
                used = text_conv_feed(&conv, buf, l, last, out + olen, &o);
                check(used != (size_t)-1);
                olen += o;
            } else
                used = l;
            keep[r] = l - used;
            check(keep[r] <= 3);
        }
        at += take;
        if (last)
            break;
    }
    check(memcmp(&scan, &whole, sizeof scan) == 0);
    text_position(bytes, len, &line, &col);
    check(pos.line == line && pos.col == col);
    if (gb) {
        size_t bom = olen >= 3 && memcmp(out, "\xEF\xBB\xBF", 3) == 0 ? 3 : 0;

        check(olen - bom == n && memcmp(out + bom, text, n) == 0);
        text_conv_close(&conv);
    }
    free(out);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *bytes = (const char *)data + 1;
    size_t len = size ? size - 1 : 0;
    struct att_err want = {0};
    struct att_err got = {0};
    enum text_encoding want_enc = TEXT_UTF8;
    enum text_encoding got_enc = TEXT_UTF8;
    char *text = NULL;
    size_t n = 0;
    int want_rc;
    int rc;

    if (size == 0 || len > 1 << 16)
        return 0;
    if (probe_fd < 0) {
        FILE *f = tmpfile();

        check(f != NULL);
        probe_fd = dup(fileno(f));
        fclose(f);
        check(probe_fd >= 0);
    }
    check(ftruncate(probe_fd, 0) == 0);
    check(pwrite(probe_fd, bytes, len, 0) == (ssize_t)len);
    want_rc = text_decode("f.csv", bytes, len, &text, &n, &want_enc, &want);
    rc = text_probe("f.csv", probe_fd, 4 + data[0] % 13, &got_enc, &got);
    check(rc == want_rc);
    check(rc == ATT_OK ? got_enc == want_enc : strcmp(got.msg, want.msg) == 0);
    pieces(bytes, len, 1 + data[0] % 5, text, n, rc == ATT_OK && want_enc == TEXT_GB18030);
    free(text);
    return 0;
}
