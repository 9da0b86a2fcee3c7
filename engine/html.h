/*
 * engine/html.h -- text and gnuplot's SVG into an HTML page.
 */
#ifndef ATTAIN_ENGINE_HTML_H
#define ATTAIN_ENGINE_HTML_H

#include <stddef.h>
#include <stdio.h>

#include "err.h"
#include "status.h"

/* Write s (may be NULL) to f with & < > " ' as HTML character references. */
void html_puts(FILE *f, const char *s);

/*
 * Write a name from the data (a region, an indicator, a unit, a text built
 * from them) as html_puts does, inside <bdi>...</bdi>: the name is isolated
 * for the bidirectional algorithm, so right-to-left or override characters
 * in it (U+202E) cannot reorder the text around it.
 */
void html_name(FILE *f, const char *s);

/*
 * Copy the SVG gnuplot wrote to `path` into the page `out` as one
 * <svg class="chart" role="img" aria-label="LABEL"> element: from "<svg" on,
 * without its <title>, <desc> and namespace declarations, with gnuplot's
 * fixed ids ("gpPt7", "textbox", ...) prefixed "cIDX-" so that many charts
 * can share one document.  Returns ATT_OK, ATT_EIO (cannot read) or
 * ATT_EINTERNAL (no SVG in the file) with the message in err.
 */
int html_inline_svg(FILE *out, const char *path, size_t idx, const char *label,
                    struct att_err *err) ATT_MUST_CHECK;

#endif /* ATTAIN_ENGINE_HTML_H */
