/*
 * plots/common.c -- what every chart script shares: the vocabularies, the
 * preamble (terminal chosen by the output's extension, font, size), the
 * footnote and title, number formatting and checks.
 */
#include <math.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "plot.h"
#include "plot_int.h"

const struct plot_labels plot_labels_zh = {
    .history = "实际值",
    .fitted = "模型拟合",
    .median = "预测中位数",
    .band50 = "50% 区间",
    .band80 = "80% 区间",
    .band95 = "95% 区间",
    .target = "目标",
    .probability = "达成概率",
    .panel_probability = "达成概率",
    .year = "年份",
    .prob_axis = "达成概率",
    .on_track = "有望完成（≥80%）",
    .at_risk = "有风险（50%–80%）",
    .off_track = "落后（<50%）",
    .assigned = "分解目标",
    .expected = "预期完成",
    .gap = "差距",
    .flat = "历年数值无变化，预测没有波动区间",
    .proposed = "等风险分配",
};

const struct plot_labels plot_labels_en = {
    .history = "observed",
    .fitted = "model fit",
    .median = "median forecast",
    .band50 = "50% interval",
    .band80 = "80% interval",
    .band95 = "95% interval",
    .target = "target",
    .probability = "probability of meeting the target",
    .panel_probability = "probability",
    .year = "year",
    .prob_axis = "probability of meeting the target",
    .on_track = "on track (≥80%)",
    .at_risk = "at risk (50%–80%)",
    .off_track = "off track (<50%)",
    .assigned = "assigned",
    .expected = "expected",
    .gap = "short by",
    .flat = "no change in the history: the forecast has no spread",
    .proposed = "equal-risk split",
};

const char *plot_strerror(int status)
{
    switch (status) {
    case PLOT_OK:
        return "success";
    case PLOT_EINVAL:
        return "invalid chart data";
    case PLOT_ENOMEM:
        return "out of memory";
    case PLOT_EIO:
        return "cannot write to gnuplot";
    case PLOT_ESPAWN:
        return "cannot start gnuplot";
    case PLOT_EGNUPLOT:
        return "gnuplot failed";
    default:
        return "unknown plot error";
    }
}

const struct plot_labels *plot_labels_of(const struct plot_output *o)
{
    return o && o->labels ? o->labels : &plot_labels_zh;
}

int plot_output_check(const struct plot_output *o, enum plot_term *term)
{
    const char *dot;
    const unsigned char *c;

    if (!o || !o->path || !*o->path)
        return PLOT_EINVAL;
    for (c = (const unsigned char *)o->path; *c; c++)
        if (*c < 0x20 || *c == 0x7f)
            return PLOT_EINVAL;
    dot = strrchr(o->path, '.');
    if (!dot)
        return PLOT_EINVAL;
    if (strcasecmp(dot, ".png") == 0)
        *term = PLOT_TERM_PNG;
    else if (strcasecmp(dot, ".svg") == 0)
        *term = PLOT_TERM_SVG;
    else if (strcasecmp(dot, ".pdf") == 0)
        *term = PLOT_TERM_PDF;
    else
        return PLOT_EINVAL;
    return PLOT_OK;
}

/*
 * The font string "Family,size" as one escaped literal.  Sizes are chosen
 * for an 8-inch-wide chart: 11 pt text.  pngcairo renders fonts at 72 dpi
 * relative to its pixel size, so a 2400-pixel-wide PNG needs `fontscale`
 * to get print-sized text; SVG and PDF are scale-free.
 */
static int write_font(FILE *out, const char *family, double points)
{
    char buf[PLOT_LABEL_MAX + 32];
    int n = snprintf(buf, sizeof buf, "%s,%g", family ? family : "", points);

    if (n < 0 || (size_t)n >= sizeof buf)
        return PLOT_EINVAL;
    return plot_escape(out, buf);
}

int plot_begin(FILE *out, const struct plot_output *o)
{
    enum plot_term term;
    unsigned w, h;
    int rc = plot_output_check(o, &term);

    if (rc)
        return rc;
    w = o->width ? o->width : 2400;
    h = o->height ? o->height : 1500;
    fputs("reset session\nset encoding utf8\n", out);
    switch (term) {
    case PLOT_TERM_PNG:
        fprintf(out, "set terminal pngcairo size %u,%u noenhanced background '#ffffff' font ", w,
                h);
        if ((rc = write_font(out, o->font, 11.0)))
            return rc;
        fprintf(out, " fontscale %.3g linewidth %.3g\nPS = 1\n", w / 800.0, w / 1200.0);
        break;
    case PLOT_TERM_SVG:
        /*
         * A quarter of the PNG's pixels: the same picture with the text
         * and lines at the same proportions as the PNG (SVG scales freely,
         * so only proportions matter).  Scaling the fonts with `fontscale`
         * instead would not do: the svg terminal lays out margins and the
         * key as if the text were unscaled.  PS scales point sizes, which
         * the svg terminal draws larger than pngcairo.
         */
        fprintf(out, "set terminal svg size %u,%u dynamic noenhanced background '#ffffff' font ",
                (w + 2) / 4, (h + 2) / 4);
        if ((rc = write_font(out, o->font, 11.0)))
            return rc;
        fputs(" linewidth 0.8\nPS = 0.3\n", out);
        break;
    case PLOT_TERM_PDF:
        fprintf(out, "set terminal pdfcairo size %.4gin,%.4gin noenhanced font ", w / 300.0,
                h / 300.0);
        if ((rc = write_font(out, o->font, 11.0)))
            return rc;
        fputs(" fontscale 0.8 linewidth 0.6\nPS = 0.45\n", out);
        break;
    }
    fputs("set output ", out);
    if ((rc = plot_escape(out, o->path)))
        return rc;
    fputs("\nset border 3 lc rgb '#444444'\n"
          "set tics nomirror out\n"
          "set grid ytics lc rgb '" PLOT_C_GRID "' lw 0.6 dt 1\n"
          "set key opaque box lc rgb '#bbbbbb'\n"
          "set style fill solid 1.0 noborder\n",
          out);
    return ferror(out) ? PLOT_EIO : PLOT_OK;
}

int plot_end(FILE *out)
{
    fputs("unset multiplot\nunset output\n", out);
    if (fflush(out) != 0 || ferror(out))
        return PLOT_EIO;
    return PLOT_OK;
}

void plot_num(FILE *out, double v)
{
    /* Callers have checked isfinite(); -0 prints as 0 so goldens are stable. */
    if (v == 0.0)
        v = 0.0;
    fprintf(out, "%.10g", v);
}

/* "<pre>'text'<post>": a command with one label, nothing for an empty text. */
static int set_label_text(FILE *out, const char *pre, const char *text, const char *post)
{
    int rc;

    if (!text || !*text)
        return PLOT_OK;
    fputs(pre, out);
    if ((rc = plot_escape(out, text)))
        return rc;
    fputs(post, out);
    return PLOT_OK;
}

int plot_footnote(FILE *out, const char *footnote)
{
    return set_label_text(out, "set label 99 ", footnote,
                          " at screen 0.01,0.025 left font ',8' tc rgb '" PLOT_C_NOTE "'\n");
}

int plot_title(FILE *out, const char *title)
{
    int rc;

    if (!title || !*title)
        return PLOT_OK;
    fputs("set title ", out);
    if ((rc = plot_escape_title(out, title)))
        return rc;
    fputs(" font ',15'\n", out);
    return PLOT_OK;
}

bool plot_all_finite(const double *v, size_t n)
{
    size_t i;

    for (i = 0; i < n; i++)
        if (!isfinite(v[i]))
            return false;
    return true;
}

void plot_percent(char *buf, size_t size, double p)
{
    /*
     * Rounded down, so that the text never crosses a status threshold (a
     * 0.7996 that is "at risk" must not read "80%") and "likely" never reads
     * "certain"; and "unlikely" never reads "impossible".  The 1e-9 keeps
     * 0.29 (28.999999... in binary) at 29%.
     */
    if (p > 0 && p < 0.01)
        snprintf(buf, size, "<1%%");
    else
        snprintf(buf, size, "%.0f%%", floor(p * 100.0 + 1e-9));
}

void plot_ylabel_upright(FILE *out, const char *label)
{
    size_t n = 0;

    for (; label && *label; label++)
        n += ((unsigned char)*label & 0xC0) != 0x80;
    if (n <= 2)
        fputs(" norotate", out);
}

double plot_nice_step(double span, int ticks)
{
    double raw, mag, f;

    if (!(span > 0) || ticks < 1)
        return 1.0;
    raw = span / ticks;
    mag = pow(10.0, floor(log10(raw)));
    f = raw / mag;
    if (f < 1.5)
        f = 1;
    else if (f < 3)
        f = 2;
    else if (f < 7)
        f = 5;
    else
        f = 10;
    return f * mag;
}

void plot_value_text(char *buf, size_t size, double v)
{
    size_t n;

    if (fabs(v - floor(v + 0.5)) < 1e-9 * (fabs(v) > 1 ? fabs(v) : 1)) {
        snprintf(buf, size, "%.0f", floor(v + 0.5) == 0 ? 0.0 : floor(v + 0.5));
        return;
    }
    snprintf(buf, size, "%.2f", v);
    n = strlen(buf);
    while (n > 0 && buf[n - 1] == '0')
        buf[--n] = '\0';
    if (n > 0 && buf[n - 1] == '.')
        buf[--n] = '\0';
}
