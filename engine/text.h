/*
 * engine/text.h -- the text pieces of loading what planners really send:
 * telling UTF-8 from GB18030 and converting to UTF-8, UTF-8 validation,
 * positions (line, character column), numbers as people write them
 * ('1,234.5', '１２３', ' 12 '), periods and years, and edit distance over
 * Unicode code points for "did you mean".
 *
 * Everything here works on UTF-8 strings and is independent of the locale.
 */
#ifndef ATTAIN_ENGINE_TEXT_H
#define ATTAIN_ENGINE_TEXT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "err.h"
#include "status.h"

enum text_encoding { TEXT_UTF8, TEXT_UTF8_BOM, TEXT_GB18030 };

/* 'UTF-8', 'UTF-8 with BOM', 'GB18030'. */
const char *text_encoding_name(enum text_encoding enc);

/*
 * Turn a file's raw bytes into UTF-8 text.  The rule, in order:
 *  1. no bytes, or nothing but a BOM and white space: "empty file" (at 1:1);
 *  2. a NUL byte anywhere: "NUL byte (not a text file)" at its position;
 *  3. a UTF-8 BOM (EF BB BF): dropped, and the rest must be valid UTF-8;
 *  4. valid UTF-8: taken as it is (pure ASCII is UTF-8);
 *  5. otherwise, if the file has at least as many bytes that are not UTF-8
 *     as valid multi-byte UTF-8 sequences, and the whole file converts from
 *     GB18030 with iconv without one invalid or incomplete sequence, it is
 *     GB18030 (which includes GBK and GB2312; a GB18030 BOM is dropped);
 *  6. otherwise: "invalid UTF-8 byte 0xNN (and not GB18030 either)" at the
 *     first byte that is not UTF-8, or "... (the rest of the file is
 *     UTF-8)" when valid multi-byte sequences outnumber the bad bytes: a
 *     UTF-8 file with a damaged byte, which might otherwise convert from
 *     GB18030 into nonsense (every pair of bytes of '盘山' in UTF-8 is
 *     valid GB18030, so one damaged byte can leave the file "valid").
 * Chinese text in GB18030 is practically never valid UTF-8 (its lead bytes
 * 0x81-0xFE would need continuation bytes 0x80-0xBF in a fixed pattern), so
 * trying UTF-8 first is safe; the reverse is not, because most UTF-8 bytes
 * are also valid GB18030.
 * Positions are "path:LINE:COL" with COL the character column (text_position).
 * Returns ATT_OK with *out (out, '\0'-terminated, free() it), *out_len
 * (out, without the '\0') and *enc (out, may be NULL); or ATT_EDATA with
 * the message in err and *out NULL.
 */
int text_decode(const char *path, const char *bytes, size_t len, char **out, size_t *out_len,
                enum text_encoding *enc, struct att_err *err) ATT_MUST_CHECK;

/*
 * text_decode's rule for a file read in pieces, so that a file of any size
 * is told and converted in bounded memory.  Each of the three readers below
 * takes the bytes of a file in order, a piece at a time: feed it the bytes
 * left over from the previous call followed by the next ones read, and it
 * returns how many it used; the rest (at most 3 bytes, a character the next
 * piece may complete) go in front of the next piece.  `last` says that no
 * more bytes follow: everything is used then.  Any cut between pieces gives
 * what the whole buffer gives at once.
 */

/* What text_decode needs to know of a file's bytes, gathered piece by piece. */
struct text_scan {
    bool started;           /* the first bytes were looked at for a BOM */
    bool bom;               /* the file starts with a UTF-8 BOM (not counted below) */
    bool blank;             /* nothing but ASCII white space so far */
    bool has_nul;           /* a NUL byte was seen, the first at nul_at */
    bool has_bad;           /* a byte that is not UTF-8 was seen, the first at bad_at */
    unsigned char bad_byte; /* the first byte that is not UTF-8 */
    uint64_t n;             /* bytes scanned after the BOM */
    uint64_t nul_at;        /* byte offset after the BOM */
    uint64_t bad_at;        /* byte offset after the BOM */
    uint64_t multi;         /* valid multi-byte UTF-8 sequences */
    uint64_t bad;           /* bytes that start no valid UTF-8 sequence */
};

/* Start a scan: *s (out) as for an empty file. */
void text_scan_init(struct text_scan *s);

/* Scan the next piece p (len bytes); returns the bytes used (see above). */
size_t text_scan_feed(struct text_scan *s, const char *p, size_t len, bool last);

/* The line and character column reached, as text_position counts them. */
struct text_pos {
    unsigned long line; /* from 1 */
    unsigned long col;  /* from 1 */
};

/*
 * Advance *p over the next piece s (len bytes); returns the bytes used.
 * After the bytes before offset `off` of a text, with `last` on the final
 * piece, *p holds text_position(text, off).
 */
size_t text_pos_feed(struct text_pos *p, const char *s, size_t len, bool last);

/* GB18030 to UTF-8 a piece at a time (glibc's iconv, stateless for GB18030). */
struct text_conv {
    void *cd; /* the iconv_t, or NULL */
};

/* Open a converter into *c (out).  Returns false if iconv has no GB18030. */
bool text_conv_open(struct text_conv *c);

/*
 * Convert the characters of the piece in (len bytes) into out, which has
 * room for 2 * len + 16 bytes (GB18030 grows at most 3/2 in UTF-8);
 * *out_len (out) gets the bytes written.  Returns the bytes of in used, or
 * (size_t)-1 for an invalid sequence (or, with `last`, an incomplete one).
 */
size_t text_conv_feed(struct text_conv *c, const char *in, size_t len, bool last, char *out,
                      size_t *out_len);

/* Close a converter (a zeroed one too). */
void text_conv_close(struct text_conv *c);

/*
 * Apply text_decode's rule to the regular file open as fd (read from its
 * start with pread, `piece` bytes at a time: the descriptor's offset does
 * not move).  One pass finds BOM, blankness, NUL bytes and bytes that are
 * not UTF-8; a file that may be GB18030 is converted once more to be sure;
 * a bad file is read a third time up to its bad byte for the position.
 * Returns ATT_OK with *enc (out): the text is the file's bytes (less the 3
 * of a BOM: TEXT_UTF8_BOM), or for TEXT_GB18030 their conversion less a
 * leading U+FEFF; or ATT_EDATA with exactly text_decode's message for the
 * same bytes ('path' names the file in messages); or the status of
 * att_status_errno with "cannot read 'path': ..." when a read fails.
 */
int text_probe(const char *path, int fd, size_t piece, enum text_encoding *enc,
               struct att_err *err) ATT_MUST_CHECK;

/*
 * Decode one code point from s (len bytes available) into *cp (out).
 * Returns the bytes it takes (1..4), or 0 when s does not start with a
 * valid UTF-8 sequence (overlong forms, surrogates and values above
 * U+10FFFF are invalid), or len is 0.
 */
size_t text_utf8_next(const char *s, size_t len, uint32_t *cp);

/* The length of the longest valid UTF-8 prefix of s: len when all is valid. */
size_t text_utf8_valid(const char *s, size_t len);

/*
 * The position of byte offset off in s: *line (out) counts line ends before
 * it (LF, CRLF or a lone CR) from 1, *col (out) the characters before it on
 * its line from 1; a byte that is not valid UTF-8 counts as one character.
 */
void text_position(const char *s, size_t off, unsigned long *line, unsigned long *col);

/*
 * Remove white space (ASCII space, tab, CR, LF, U+3000 ideographic space,
 * U+00A0 no-break space) from both ends of the '\0'-terminated s, in place.
 * Returns s advanced past the leading white space.
 */
char *text_trim(char *s);

enum text_number_status {
    TEXT_NUMBER_OK,
    TEXT_NUMBER_EMPTY,   /* nothing but white space */
    TEXT_NUMBER_INVALID, /* not a decimal number ('abc', 'NaN', 'inf', '0x10', '12,34') */
    TEXT_NUMBER_RANGE,   /* a decimal number that does not fit a finite double ('1e999') */
};

/*
 * Read a decimal number as people write it: surrounding white space,
 * full-width digits, point, comma, plus and minus (U+FF10-FF19, U+FF0E,
 * U+FF0C, U+FF0B, U+FF0D, and U+2212 minus), thousands separators (a comma
 * between groups of exactly three digits: '1,234,567.5'), an exponent
 * ('1.5e3').  NaN, infinities, hexadecimal and anything else are
 * TEXT_NUMBER_INVALID.  *out (out) is set only on TEXT_NUMBER_OK; -0 reads
 * as 0.
 */
enum text_number_status text_number(const char *s, double *out);

/*
 * The one year rule: every period and year the program reads -- in a
 * loaded file, in --as-of, in the store -- has its year in 1900..2100, and
 * every reader goes through text_period or text_year.  (--until, the end of
 * a simulation rather than a period of data, takes 1000..9999.)
 */
#define TEXT_YEAR_MIN 1900
#define TEXT_YEAR_MAX 2100

/*
 * Read a period 'YYYY' or 'YYYY-MM' (also 'YYYY-M', full-width digits,
 * surrounding spaces) with the year in TEXT_YEAR_MIN..TEXT_YEAR_MAX and the
 * month in 1..12.
 * Returns true and the canonical 'YYYY' or 'YYYY-MM' in out (out), with
 * *year and *month (out, may be NULL; month 0 for 'YYYY').
 */
bool text_period(const char *s, char out[8], int *year, int *month);

/* Read a year 'YYYY' in TEXT_YEAR_MIN..TEXT_YEAR_MAX into *year (out). */
bool text_year(const char *s, int *year);

/*
 * Read s as a whole number of ASCII decimal digits only (no sign, no space,
 * nothing after, at least one digit, no overflow) into *out (out).  The one
 * reader of the options' whole numbers (main.c, cmd_parse_long).
 */
bool text_whole(const char *s, unsigned long long *out);

/*
 * Map full-width ASCII forms (U+FF01-FF5E) and U+3000 to ASCII and trim
 * white space, into out (out, n bytes with '\0').  Returns false when the
 * result would not fit or a character other than ASCII remains.
 */
bool text_ascii(const char *s, char *out, size_t n);

/*
 * The edit distance between a and b ('\0'-terminated UTF-8) counted in
 * code points: insertions, deletions and substitutions of one code point
 * cost 1, and so does swapping two adjacent ones ("lsit" -> "list"; the
 * optimal string alignment distance).  A byte that is not valid UTF-8
 * counts as one code point.  The one edit distance of every "did you mean".
 */
size_t text_distance(const char *a, const char *b);

/* The number of code points in s ('\0'-terminated; invalid bytes count 1 each). */
size_t text_length(const char *s);

#endif /* ATTAIN_ENGINE_TEXT_H */
