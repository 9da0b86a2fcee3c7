/*
 * engine/bulletin.c -- `attain report`: the leadership bulletin.  Runs the
 * pipeline, plans the charts from the chart-kind table (each kind's
 * bulletin section), renders them as SVG and PNG, and writes index.html
 * (the words are in bulletin_words.c) and targets.csv (targets_csv.c).
 */
#include "bulletin.h"
#include "bulletin_int.h"

#include <errno.h>
#include <math.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "bt_targets.h"
#include "changes.h"
#include "chart_kinds.h"
#include "commands.h"
#include "db.h"
#include "db_history.h"
#include "err.h"
#include "files.h"
#include "html.h"
#include "messages.h"
#include "model.h"
#include "pipeline.h"
#include "plot.h"
#include "report.h"
#include "target_flags.h"
#include "scenario.h"
#include "targets_csv.h"
#include "tools.h"
#include "xalloc.h"
#include "xlsx.h"

/* Add the charts of every kind of `section` for `item` to c[n...]; the new n. */
static size_t plan_item(struct report_src *src, enum chart_section section, size_t item,
                        struct chart *c, size_t n)
{
    size_t k;

    for (k = 0; k < chart_n_kinds; k++) {
        const struct chart_kind *kind = &chart_kinds[k];

        if (kind->section != section || !kind->bulletin)
            continue;
        memset(&c[n], 0, sizeof c[n]);
        c[n].kind = kind;
        if (kind->bulletin(src, item, n, &c[n]) == ATT_OK)
            n++;
        att_err_clear(src->err);
    }
    return n;
}

/*
 * The bulletin's charts, in the order they appear: per section of the page,
 * for each item of that section (the city; each target of the city; each
 * indicator with district targets) every kind of the section, in table
 * order.  A chart that cannot be drawn is left out, not an error.
 */
static struct chart *plan_charts(struct report_src *src, size_t *n_out)
{
    const struct pipe *p = src->p;
    size_t cap = (2 + p->n_targets + src->n_indicators) * chart_n_kinds, n = 0, i;
    struct chart *c = arena_alloc(&src->arena, cap * sizeof *c);
    struct att_err quiet = {0};
    struct att_err *keep = src->err;

    src->err = &quiet;
    n = plan_item(src, CHART_OVERVIEW, 0, c, n);
    for (i = 0; i < p->n_targets; i++)
        if (p->targets[i].region_id == src->root)
            n = plan_item(src, CHART_CITY, i, c, n);
    for (i = 0; i < src->n_indicators; i++)
        if (report_has_child_target(src, src->root, src->indicators[i].id))
            n = plan_item(src, CHART_DISTRICTS, i, c, n);
    for (i = 0; i < src->n_indicators; i++)
        if (report_has_child_target(src, src->root, src->indicators[i].id))
            n = plan_item(src, CHART_ALLOCATION, i, c, n);
    if (src->scen)
        n = plan_item(src, CHART_SCENARIOS, 0, c, n);
    src->err = keep;
    *n_out = n;
    return c;
}

/*
 * Where chart c goes in DIR/charts as EXT: its final name, or (tmp) the
 * temporary one it is written to until the whole bulletin is complete.
 */
static char *chart_path(const char *dir, const struct chart *c, const char *ext, bool tmp)
{
    char *final = xasprintf("%s/charts/%s.%s", dir, c->stem, ext);
    char *t;

    if (!tmp)
        return final;
    t = files_temp_path(final);
    free(final);
    return t;
}

/*
 * Did gnuplot write every chart whole?  It can exit 0 on a full disk, so
 * each file is checked (files_chart_complete); a missing end on a full disk
 * is ATT_EIO.
 */
static int check_charts(const char *dir, const struct chart *c, size_t n, struct att_err *err)
{
    static const char *const exts[] = {"svg", "png"};
    size_t i, k;

    for (i = 0; i < n; i++)
        for (k = 0; k < 2; k++) {
            char *tmp = chart_path(dir, &c[i], exts[k], true);
            char *final = chart_path(dir, &c[i], exts[k], false);
            bool ok = files_chart_complete(tmp);
            bool full = !ok && files_disk_full(tmp);
            int rc = ATT_OK;

            FILE *probe = ok ? NULL : fopen(tmp, "ab");

            if (!ok && !probe) /* gnuplot could not create it either */
                rc = att_errf(err, att_status_errno(errno), tr("cannot create '%s': %s"), final,
                              strerror(errno));
            if (probe)
                fclose(probe);
            if (!ok && !rc)
                rc = att_errf(err, full ? ATT_EIO : ATT_EINTERNAL,
                              tr("cannot write '%s': gnuplot wrote an incomplete file%s"), final,
                              full ? tr(" (no space left on the disk)") : "");
            free(tmp);
            free(final);
            if (rc)
                return rc;
        }
    return ATT_OK;
}

/*
 * Every file of the bulletin is complete: rename them into place, the
 * charts first and index.html last.  With commit false (a failure) the
 * temporary files are removed instead, and the previous bulletin, if any,
 * stays as it was.
 */
static void finish_one(char *tmp, char *final, bool commit, int *rc, struct att_err *err)
{
    if (commit && !*rc)
        *rc = files_commit(tmp, final, err);
    else
        unlink(tmp);
    free(tmp);
    free(final);
}

static int finish_files(const char *dir, const struct chart *c, size_t n, bool commit,
                        struct att_err *err)
{
    static const char *const exts[] = {"svg", "png"};
    const char *const tops[] = {"targets.csv", "targets.xlsx", "index.html"};
    size_t i, k;
    int rc = ATT_OK;

    for (i = 0; i < n; i++)
        for (k = 0; k < 2; k++)
            finish_one(chart_path(dir, &c[i], exts[k], true),
                       chart_path(dir, &c[i], exts[k], false), commit, &rc, err);
    for (k = 0; k < sizeof tops / sizeof tops[0]; k++) {
        char *final = xasprintf("%s/%s", dir, tops[k]);

        finish_one(files_temp_path(final), final, commit, &rc, err);
    }
    return rc;
}

/* PNG width for slides: 1200 px keeps ~50 charts to ~2 s of gnuplot time. */
#define REPORT_PNG_WIDTH 1200

/*
 * Render every chart twice, as SVG (to inline) and PNG (for slides).  The
 * SVGs cost gnuplot almost nothing; the PNGs (cairo drawing, libpng's
 * filters and zlib) take ~30-60 ms each, about in proportion to their
 * pixels, so they are split between two gnuplot processes that run side by
 * side on two cores: each chart goes to the one with fewer pixels so far
 * (even/odd left one process with 40% more work on the Panjin report).
 * Every chart sets its whole state, so which process draws it does not
 * change a byte.
 */
static int render_charts(struct report_src *src, const char *dir, const struct chart *c, size_t n,
                         const char *font)
{
    struct plot_session *s[3] = {NULL, NULL, NULL}; /* svg, png, png */
    char msg[1024] = "";
    const struct plot_labels *labels = src->zh ? &plot_labels_zh : &plot_labels_en;
    unsigned long long pixels[2] = {0, 0}; /* PNG pixels given to s[1], s[2] */
    size_t i, k;
    int prc = PLOT_OK, rc = ATT_OK;

    for (k = 0; k < 3 && !prc; k++)
        prc = plot_session_open(&s[k], "gnuplot", msg, sizeof msg);
    if (prc) {
        rc = att_errf(src->err, prc == PLOT_ENOMEM ? ATT_EINTERNAL : ATT_EUNAVAILABLE,
                      tr("cannot start gnuplot: %s"), msg);
        goto out;
    }
    for (i = 0; i < n && !prc; i++) {
        char *svg_path = chart_path(dir, &c[i], "svg", true);
        char *png_path = chart_path(dir, &c[i], "png", true);
        /*
         * The SVG canvas is chosen for the page: half-width charts (the city
         * projections, two per row) get a smaller canvas, so that their text
         * comes out about as large on the page as that of full-width charts.
         */
        unsigned w = c[i].kind->section == CHART_CITY ? 1900 : 2400;
        struct plot_output os = {svg_path, font, w,
                                 c[i].png_height ? c[i].png_height * 3 / 2 : w * 5 / 8, labels};
        struct plot_output op = {png_path, font, REPORT_PNG_WIDTH,
                                 c[i].png_height ? c[i].png_height * REPORT_PNG_WIDTH / 1600
                                                 : REPORT_PNG_WIDTH * 5 / 8,
                                 labels};
        /*
         * On the page the footnote is the figure's caption (HTML wraps it)
         * and the projections' legend is explained once; the PNG, for
         * slides, keeps both.
         */
        struct chart page = c[i];

        page.kind->for_page(&page);
        prc = page.kind->write(plot_session_stream(s[0]), &os, &page);
        k = pixels[1] < pixels[0] ? 1 : 0;
        pixels[k] += (unsigned long long)op.width * op.height;
        if (!prc)
            prc = c[i].kind->write(plot_session_stream(s[1 + k]), &op, &c[i]);
        free(svg_path);
        free(png_path);
        if (prc)
            rc = att_errf(src->err, ATT_EINTERNAL, tr("cannot draw chart '%s': %s"), c[i].stem,
                          plot_strerror(prc));
    }
out:
    for (k = 0; k < 3; k++) {
        prc = plot_session_close(s[k], msg, sizeof msg);
        if (prc && !rc)
            rc = att_errf(src->err, ATT_EINTERNAL, tr("gnuplot failed: %s"), msg);
    }
    return rc;
}

/* Read a whole file into a NUL-terminated heap buffer (caller frees), or NULL. */
static const char *status_class(const struct pipe_target *t)
{
    if (!t->has_result)
        return "na";
    return t->res.status == TARGET_ON_TRACK  ? "on"
           : t->res.status == TARGET_AT_RISK ? "risk"
                                             : "off";
}

/* The findings of `attain targets` about every target (release with free_findings). */
static struct flag_set *findings_of(const struct report_src *src)
{
    const struct pipe *p = src->p;
    struct flag_set *fs = xcalloc(p->n_targets ? p->n_targets : 1, sizeof *fs);
    struct target_flag_src fsrc = {src->regions,   src->n_regions, src->targets,
                                   src->n_targets, NULL,           NULL};
    size_t i;

    for (i = 0; i < p->n_targets; i++)
        target_flags_of(p, &fsrc, i, &fs[i]);
    return fs;
}

static void free_findings(struct flag_set *fs, size_t n)
{
    size_t i;

    for (i = 0; i < n; i++)
        flag_set_free(&fs[i]);
    free(fs);
}

static void write_status_table(FILE *f, struct report_src *src, const struct bulletin_words *w,
                               const struct flag_set *fs, const struct change_set *cs)
{
    const struct pipe *p = src->p;
    size_t i, k;

    fputs("<table>\n<thead><tr>", f);
    for (k = 0; k < 10; k++)
        fprintf(f, "<th%s>%s</th>", k >= 2 && k <= 6 ? " class=\"num\"" : "", w->th[k]);
    fputs("</tr></thead>\n<tbody>\n", f);
    for (i = 0; i < p->n_targets; i++) {
        const struct pipe_target *t = &p->targets[i];
        const struct target_result *r = &t->res;
        const char *cls = status_class(t);
        char pct[16];

        fprintf(f, "<tr class=\"r-%s\"><td>", cls);
        html_name(f, report_region_name(src, report_region(src, t->region_id)));
        fputs("</td><td>", f);
        html_name(f, report_short_indicator(src, report_indicator(src, t->indicator_id)));
        fputs("</td><td class=\"tgt\">", f);
        html_name(f, report_target_text(src, i));
        fputs("</td>", f);
        if (t->has_result) {
            fprintf(f, "<td class=\"num\">%s</td><td class=\"num\">%s</td>",
                    isfinite(r->baseline) ? report_num_text(src, r->baseline) : "",
                    isfinite(r->expected) ? report_num_text(src, r->expected) : "");
            if (isfinite(r->lo80) && isfinite(r->hi80))
                fprintf(f, "<td class=\"num\">%s–%s</td>", report_num_text(src, r->lo80),
                        report_num_text(src, r->hi80));
            else
                fputs("<td></td>", f);
            plot_percent(pct, sizeof pct, isfinite(r->probability) ? r->probability : 0.0);
            fprintf(f, "<td class=\"num\">%s</td>", pct);
            fprintf(f, "<td class=\"st %s\">%s</td>", cls,
                    r->status == TARGET_ON_TRACK  ? w->on
                    : r->status == TARGET_AT_RISK ? w->risk
                                                  : w->off);
            if (r->has_required_growth && isfinite(r->required_growth))
                fprintf(f, "<td class=\"num\">%.1f%%</td>", 100 * r->required_growth);
            else
                fputs("<td></td>", f);
        } else {
            fprintf(f, "<td></td><td></td><td></td><td></td><td class=\"st na\">%s</td><td></td>",
                    w->na);
        }
        fputs("<td class=\"unit\">", f);
        html_name(f, t->lead_unit ? t->lead_unit : "");
        fputs("</td></tr>\n", f);
        {
            /* What moved since the last run and what the console notes, right under it. */
            char *say = flag_sentences(&fs[i], src->zh, true), moved[128];
            bool has_move = change_text(cs, i, src->zh, moved, sizeof moved);
            if (*say || has_move) {
                fprintf(f, "<tr class=\"note r-%s\"><td></td><td colspan=\"9\">", cls);
                if (has_move) {
                    fputs("<b>", f);
                    html_puts(f, moved);
                    fputs(*say ? "</b>; " : "</b>", f);
                }
                html_puts(f, say);
                fputs("</td></tr>\n", f);
            }
            free(say);
        }
    }
    fputs("</tbody>\n</table>\n", f);
}

/*
 * The city's targets by status, in words: "全市落后：高新技术企业（2025，<1%）、…",
 * so that the page says which targets need attention before any chart.
 */
static void write_city_lists(FILE *f, struct report_src *src, const struct bulletin_words *w)
{
    static const enum target_status order[] = {TARGET_OFF_TRACK, TARGET_AT_RISK, TARGET_ON_TRACK};
    const struct pipe *p = src->p;
    const char *const cls[] = {"on", "risk", "off"};
    size_t k, i;
    bool any = false;

    for (k = 0; k < 3; k++) {
        enum target_status st = order[k];
        size_t shown = 0, total = 0;

        for (i = 0; i < p->n_targets; i++) {
            const struct pipe_target *t = &p->targets[i];
            char pct[16];
            double pr = t->res.probability;

            if (t->region_id != src->root || !t->has_result || t->res.status != st)
                continue;
            total++;
            if (shown == 8)
                continue;
            if (!any)
                fputs("<ul class=\"key\">\n", f);
            any = true;
            if (shown == 0)
                fprintf(f, "<li><span class=\"tag %s\">%s%s</span> ", cls[st],
                        src->zh ? "全市" : "city, ",
                        st == TARGET_ON_TRACK  ? w->on
                        : st == TARGET_AT_RISK ? w->risk
                                               : w->off);
            else
                fputs(src->zh ? "、" : "; ", f);
            plot_percent(pct, sizeof pct, pr);
            html_name(f, report_short_indicator(src, report_indicator(src, t->indicator_id)));
            fprintf(f, src->zh ? "（%s，" : " (%s, ", report_years_text(src, t));
            html_puts(f, pct);
            fputs(src->zh ? "）" : ")", f);
            shown++;
        }
        if (total > shown)
            fprintf(f, src->zh ? " 等 %zu 项" : " and %zu more", total - shown);
        if (shown)
            fputs("</li>\n", f);
    }
    if (any)
        fputs("</ul>\n", f);
}

/* One line of the tally: "title 盘锦市 25/28、盘山县 3/5". */
static void write_tally(FILE *f, const struct tally *t, const char *title, bool zh)
{
    size_t i;

    if (!t->n)
        return;
    fputs("<li><b>", f);
    html_puts(f, title);
    fputs("</b> ", f);
    for (i = 0; i < t->n; i++) {
        if (i)
            fputs(zh ? "、" : "; ", f);
        html_puts(f, t->key[i]);
        fprintf(f, " %zu/%zu", t->behind[i], t->total[i]);
    }
    fputs("</li>\n", f);
}

/* Who is behind (at risk or off track), by region and by lead unit, as the console says. */
static void write_behind(FILE *f, struct report_src *src)
{
    const struct pipe *p = src->p;
    struct tally *by_region = xcalloc(1, sizeof *by_region), *by_lead = xcalloc(1, sizeof *by_lead);
    size_t i;

    for (i = 0; i < p->n_targets; i++) {
        const struct pipe_target *t = &p->targets[i];
        bool behind;

        if (!t->has_result || (t->res.flags & TARGET_F_DECIDED))
            continue;
        behind = t->res.status != TARGET_ON_TRACK;
        tally_add(by_region, report_region_name(src, report_region(src, t->region_id)), behind);
        tally_add_units(by_lead, t->lead_unit, behind);
    }
    if (by_region->n) {
        fputs("<ul class=\"key behind\">\n", f);
        write_tally(f, by_region,
                    src->zh ? "未达有望完成（有风险或落后）的目标，按地区："
                            : "Targets behind (at risk or off track), by region:",
                    src->zh);
        write_tally(f, by_lead, src->zh ? "按牵头单位：" : "by lead unit:", src->zh);
        fputs("</ul>\n", f);
    }
    tally_free(by_region);
    tally_free(by_lead);
}

int bulletin_figures(FILE *f, struct report_src *src, const char *dir, const struct chart *c,
                     size_t n, enum chart_section section, bool grid)
{
    size_t i;
    int rc;

    if (grid)
        fputs("<div class=\"grid\">\n", f);
    for (i = 0; i < n; i++) {
        char *path;

        if (c[i].kind->section != section)
            continue;
        path = chart_path(dir, &c[i], "svg", true);
        if (c[i].lead) {
            fputs("<p class=\"verdict\">", f);
            html_puts(f, c[i].lead);
            fputs("</p>\n", f);
        }
        fputs(section == CHART_OVERVIEW ? "<figure class=\"overview\">\n" : "<figure>\n", f);
        rc = html_inline_svg(f, path, i, c[i].caption, src->err);
        free(path);
        if (rc)
            return rc;
        fputs("\n<figcaption>", f);
        html_name(f, c[i].kind->footnote(&c[i]));
        fprintf(f,
                " · <a href=\"charts/%s.png\">PNG</a> · <a href=\"charts/%s.svg\">SVG</a>"
                "</figcaption>\n</figure>\n",
                c[i].stem, c[i].stem);
    }
    if (grid)
        fputs("</div>\n", f);
    return ATT_OK;
}

/*
 * The "models" item of the method note, made from what ran: how many of the
 * reported series each method forecast (the model column's names), so the
 * note never describes models that did not run.
 */
static void write_models_ran(FILE *f, const struct pipe *p, bool zh)
{
    enum { RAN_SHORT, RAN_RARE, RAN_STEADY, RAN_AUTO, RAN_COMBO, RAN_SUM, RAN_NAMED, RAN_N };
    static const char *const en[RAN_N] = {
        "the short-series rule (too few years to backtest: the last value plus 0.65 of a rising "
        "trend, 0.3 of a falling one; a flow of five years or more gives a third of the weight "
        "to a straight line through all its years)",
        "rare events (a Poisson rate with Jeffreys' prior, updated by the events seen: "
        "Gamma&ndash;Poisson)",
        "steady rare events (counts that varied less than Poisson allows: each year a binomial "
        "count of at most the most seen in a year, its chance with Jeffreys' prior)",
        "the auto ensemble (naive, drift, damped trend and Theta weighted by rolling-origin "
        "backtests, plus Poisson and negative binomial for small counts)",
        "combo (the best three of those, equal weights)",
        "the sum of its districts",
        "the model named with --model, or a simpler one where a model could not be fitted"};
    static const char *const zh_[RAN_N] = {
        "短序列规则 (年份太少无法回测: 最新值加上 0.65 倍的上升趋势或 0.3 倍的下降趋势; "
        "五年及以上的流量指标另以三分之一的权重取贯穿各年的直线)",
        "稀有事件 (带 Jeffreys 先验、按已发生次数更新的泊松发生率: 伽马&ndash;泊松)",
        "均匀的稀有事件 (各年次数的波动小于泊松: 每年为不超过历年最多次数的二项计数, "
        "其概率带 Jeffreys 先验)",
        "auto 组合 (朴素、漂移、阻尼趋势与 Theta 按滚动回测误差加权, 小计数另加泊松与负二项)",
        "combo (其中最好的三个等权组合)",
        "所辖县区之和",
        "--model 指定的模型, 或拟合失败时退回的更简单模型"};
    size_t n[RAN_N] = {0}, nlog = 0, i, k = 0, shown = 0;

    for (i = 0; i < p->n_series; i++) {
        const struct pipe_series *s = &p->series[i];
        const char *m = s->model;
        if (!s->ok || !s->reported)
            continue;
        if (strstr(m, "+log"))
            nlog++;
        if (strcmp(m, "sum") == 0)
            k = RAN_SUM;
        else if (s->fit.rule == MODEL_RULE_NAMED)
            k = RAN_NAMED;
        else if (s->fit.rule == MODEL_RULE_SHORT)
            k = RAN_SHORT;
        else if (s->fit.rule == MODEL_RULE_RARE)
            k = s->fit.steady ? RAN_STEADY : RAN_RARE;
        else
            k = s->fit.rule == MODEL_RULE_COMBO ? RAN_COMBO : RAN_AUTO;
        n[k]++;
    }
    fputs(zh ? "<li><b>模型</b>：本次运行中, " : "<li><b>Models</b>: in this run, ", f);
    for (k = 0; k < RAN_N; k++) {
        if (!n[k])
            continue;
        if (shown++)
            fputs(zh ? "; " : "; ", f);
        if (zh)
            fprintf(f, "%zu 条序列用%s", n[k], zh_[k]);
        else
            fprintf(f, "%s for %zu series", en[k], n[k]);
    }
    if (nlog) {
        if (zh)
            fprintf(f,
                    "。其中 %zu 条短序列的模拟路径还混入按对数尺度增长率外推的成员 "
                    "(按增长的稳定程度收缩; 增长更像逐年固定增量或正在放缓时所占路径更少), "
                    "使按比例增长的序列的概率与区间不偏低",
                    nlog);
        else
            fprintf(f,
                    ".  For %zu short series the simulated paths also mix in growth by a rate "
                    "(a log-scale drift, shrunk by how steady the growth was, and given fewer "
                    "paths when the growth looks like a steady amount or is slowing), so that the "
                    "probabilities and intervals of series that grow by a rate do not sit low",
                    nlog);
    }
    fputs(zh ? "。点预测为模型自身的预测 (短序列的趋势有收缩, 更准确); "
               "区间、达成概率与预计达成年份来自模拟路径。"
               "拟合失败时退回更简单的模型并注明。</li>\n"
             : ".  The point forecast is the model's own (shrunk trend for short series, the "
               "more accurate); intervals, probabilities and reach years come from the simulated "
               "paths.  A model that cannot be fitted falls back to a simpler one.</li>\n",
          f);
}

/*
 * The warning that the figures rest on invented history: a box at the top
 * of page 1, and a line at the foot of every printed page (a CSS page
 * margin box, so it repeats on each page without covering the content).
 */
static void write_demo_note(FILE *f, const struct bulletin_words *w)
{
    const char *s;

    fputs("<style>@page{@bottom-center{content:\"", f);
    for (s = w->demo_foot; *s; s++) /* our own text: only '"' and '\\' need escaping in CSS */
        fprintf(f, *s == '"' || *s == '\\' ? "\\%c" : "%c", *s);
    fputs("\";font-size:8pt;color:#9c5700}}</style>\n<p class=\"demo\">", f);
    fputs(w->demo_note, f);
    fputs("</p>\n", f);
}

static int write_index(FILE *f, struct report_src *src, const char *dir, const struct chart *c,
                       size_t n, const struct att_ctx *ctx, bool illustrative,
                       const struct change_set *cs, const struct scen_section *ss,
                       const char *check)
{
    const struct bulletin_words *w = src->zh ? &bulletin_words_zh : &bulletin_words_en;
    const struct pipe *p = src->p;
    const char *root = report_region_name(src, report_region(src, src->root));
    size_t i, counts[4] = {0, 0, 0, 0}, evaluated;
    struct flag_set *findings;
    int rc;

    for (i = 0; i < p->n_targets; i++) {
        const struct pipe_target *t = &p->targets[i];

        counts[t->has_result ? (size_t)t->res.status : 3]++;
    }
    evaluated = counts[0] + counts[1] + counts[2];
    fprintf(f,
            "<!DOCTYPE html>\n<html lang=\"%s\">\n<head>\n<meta charset=\"utf-8\">\n"
            "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>",
            w->lang);
    {
        char *title = src->zh ? xasprintf("%s目标进展简报", root)
                              : xasprintf("%s: progress towards the targets", root);

        html_puts(f, title);
        if (src->zh)
            fprintf(f, "（%s %s）", w->asof, src->as_of);
        else
            fprintf(f, " (%s %s)", w->asof, src->as_of);
        fprintf(f, "</title>\n<style>\n%s</style>\n</head>\n<body>\n<header>\n<h1>", bulletin_css);
        html_name(f, root);
        fputs(src->zh ? "目标进展简报" : ": progress towards the targets", f);
        free(title);
    }
    fprintf(f, "</h1>\n<p class=\"asof\">%s %s</p>\n</header>\n", w->asof, src->as_of);
    if (illustrative)
        write_demo_note(f, w);

    fprintf(f, "<section>\n<h2 class=\"keep\">%s</h2>\n<p class=\"lead\">", w->s_overview);
    if (src->zh)
        fprintf(f, "%zu 项目标中 %zu 项按期达成概率 ≥ 80%%", evaluated, counts[0]);
    else
        fprintf(f, "%zu of %zu target%s %s met on time with a probability of at least 80%%",
                counts[0], evaluated, evaluated == 1 ? "" : "s", counts[0] == 1 ? "is" : "are");
    fprintf(f,
            "</p>\n<p class=\"counts\"><span class=\"on\">%s %zu</span>"
            "<span class=\"risk\">%s %zu</span><span class=\"off\">%s %zu</span>",
            w->on, counts[0], w->risk, counts[1], w->off, counts[2]);
    if (counts[3])
        fprintf(f, "<span class=\"na\">%s %zu</span>", w->na, counts[3]);
    fputs("</p>\n", f);
    write_city_lists(f, src, w);
    if ((rc = bulletin_figures(f, src, dir, c, n, CHART_OVERVIEW, false)))
        return rc;
    fprintf(f, "</section>\n<section>\n<h2>%s</h2>\n", w->s_table);
    write_behind(f, src);
    findings = findings_of(src);
    write_status_table(f, src, w, findings, cs);
    free_findings(findings, p->n_targets);
    fprintf(f, "</section>\n<section>\n<h2>%s</h2>\n<p class=\"legend\">%s</p>\n", w->s_city,
            w->legend);
    if ((rc = bulletin_figures(f, src, dir, c, n, CHART_CITY, true)))
        return rc;
    fprintf(f, "</section>\n<section>\n<h2>%s</h2>\n", w->s_districts);
    if ((rc = bulletin_figures(f, src, dir, c, n, CHART_DISTRICTS, false)))
        return rc;
    fprintf(f, "</section>\n<section>\n<h2>%s</h2>\n<p class=\"legend\">%s</p>\n", w->s_allocation,
            w->allocation);
    if ((rc = bulletin_figures(f, src, dir, c, n, CHART_ALLOCATION, false)))
        return rc;
    fputs("</section>\n", f);
    if (ss && (rc = bulletin_scenario_section(f, src, dir, c, n, ss)))
        return rc;
    fprintf(f, "<section class=\"method\">\n<h2>%s</h2>\n", w->s_method);
    fputs(w->method0, f);
    write_models_ran(f, p, src->zh);
    fprintf(f, "%s%zu%s", w->method1, p->npaths, w->method2);
    if (check)
        fprintf(f, "%s%s%s", w->check0, check, w->check1);
    fputs("</ul>\n", f);
    fputs("</section>\n<footer>", f);
    if (src->zh)
        fprintf(f,
                "由 attain %s 生成；随机种子 %lu，%zu 条模拟路径，输入摘要 %s。"
                "相同输入与种子得到完全相同的结果。",
                att_version(), ctx->seed, p->npaths, p->digest);
    else
        fprintf(f,
                "Written by attain %s; seed %lu, %zu simulated paths, inputs digest %s.  The "
                "same inputs and seed give the same bulletin.",
                att_version(), ctx->seed, p->npaths, p->digest);
    fputs("</footer>\n</body>\n</html>\n", f);
    return ATT_OK;
}

/*
 * The method note's check: `attain backtest --targets` at its defaults (3
 * origins, 3 years, auto, the same seed and paths) on the data the report
 * sees (up to as_of), its 60-80% sentence into *out (NULL if that bucket is
 * empty).  Three more pipe runs without targets: a few tenths of a second
 * on the demo.
 */
static int report_check(struct att_ctx *ctx, const char *as_of, char **out)
{
    struct bt_bucket bk[BT_NB];
    struct pipe_opts bo;
    int rc;

    pipe_opts_init(&bo, ctx);
    *out = NULL;
    if ((rc = bt_targets_of_db(ctx->db, &bo, as_of, 3, 3, bk, &ctx->err)))
        return rc;
    *out = bt_targets_sentence(bk, ctx->lang == ATT_LANG_ZH);
    return ATT_OK;
}

/* The font lookup (fc-list, ~50 ms), run beside the pipeline. */
static void *find_font_thread(void *arg)
{
    *(char **)arg = tools_find_font();
    return NULL;
}

int bulletin_write(struct att_ctx *ctx, const char *dir, const char *as_of, int argc, char **argv,
                   char **index)
{
    return bulletin_write_scenarios(ctx, dir, as_of, NULL, 0, argc, argv, index);
}

int bulletin_write_scenarios(struct att_ctx *ctx, const char *dir, const char *as_of,
                             const char *const *scenarios, size_t n_scenarios, int argc,
                             char **argv, char **index)
{
    struct scen_section ss;
    struct pipe *cmp = NULL;
    const char **names = NULL;
    size_t v;
    struct pipe_opts po;
    struct pipe *p = NULL;
    struct report_src src;
    struct chart *charts = NULL;
    char *charts_dir = NULL, *index_path = NULL, *csv_path = NULL, *xlsx_path = NULL, *font = NULL;
    char *index_tmp = NULL, *csv_tmp = NULL, *xlsx_tmp = NULL, *check = NULL;
    bool planned = false; /* temporary files may exist: remove them on failure */
    bool made_dir = false, made_charts = false; /* created by this run: removed on failure */
    size_t n_illustrative = 0;
    struct change_set changes = {CHANGE_NONE, "", 0, NULL, NULL};
    FILE *f = NULL;
    size_t n = 0;
    pthread_t font_tid;
    bool font_started;
    int rc;

    memset(&src, 0, sizeof src);
    memset(&ss, 0, sizeof ss);
    if (index)
        *index = NULL;
    pipe_opts_init(&po, ctx);
    po.as_of = as_of;
    po.targets = true;
    /* Every scenario file is read before any work, so that a bad one stops it all. */
    if (n_scenarios) {
        ss.n_sc = n_scenarios + 1;
        ss.sc = xcalloc(ss.n_sc, sizeof *ss.sc);
        names = xcalloc(ss.n_sc, sizeof *names);
        names[0] = ctx->lang == ATT_LANG_ZH ? "基线" : "baseline";
        for (v = 1; v < ss.n_sc; v++) {
            if ((rc = scenario_load(ctx->db, scenarios[v - 1], as_of, &ss.sc[v], &ctx->err)))
                goto out;
            names[v] = ss.sc[v]->name;
        }
    }
    po.progress = isatty(STDERR_FILENO);
    font_started = pthread_create(&font_tid, NULL, find_font_thread, &font) == 0;
    /* Quantiles up to the last deadline, so that every projection reaches its target. */
    if (!(rc = report_until(ctx->db, &po.until, &ctx->err)))
        rc = pipe_run(ctx->db, &po, &p, &ctx->err);
    if (font_started)
        pthread_join(font_tid, NULL);
    else
        font = tools_find_font();
    if (rc)
        goto out;
    if ((rc = report_src_init(&src, ctx->db, p, ctx->lang == ATT_LANG_ZH, as_of, &ctx->err)) ||
        (rc = report_check(ctx, as_of, &check)))
        goto out;
    src.opts = &po; /* the allocation section's equal-risk splits: same seed and paths */
    if (n_scenarios) {
        if ((rc = bulletin_scenario_numbers(ctx, &po, p, src.root, &ss, &cmp)))
            goto out;
        src.scen = cmp;
        src.scenario_names = names;
    }
    charts_dir = xasprintf("%s/charts", dir);
    if ((rc = files_make_dir_made(dir, &made_dir, &ctx->err)) ||
        (rc = files_make_dir_made(charts_dir, &made_charts, &ctx->err)))
        goto out;
    charts = plan_charts(&src, &n);
    planned = true;
    if ((rc = render_charts(&src, dir, charts, n, font)) ||
        (rc = check_charts(dir, charts, n, &ctx->err))) {
        char *probe = xasprintf("%s/.attain-probe-%ld", charts_dir, (long)getpid());
        FILE *pf = fopen(probe, "wb");
        int e = errno;

        if (pf) {
            fclose(pf);
            unlink(probe);
        }
        free(probe);
        if (!pf && att_status_errno(e) == ATT_ECANTCREAT) {
            /* gnuplot could not create the charts: say why, not gnuplot's words. */
            att_err_clear(&ctx->err);
            rc = att_errf(&ctx->err, ATT_ECANTCREAT, tr("cannot create files in '%s': %s"),
                          charts_dir, strerror(e));
        } else if (rc != ATT_EIO && files_disk_full(charts_dir)) {
            att_err_clear(&ctx->err);
            rc = att_errf(&ctx->err, ATT_EIO,
                          tr("cannot write the report in '%s': no space left "
                             "on the disk"),
                          dir);
        }
        goto out;
    }
    index_path = xasprintf("%s/index.html", dir);
    index_tmp = files_temp_path(index_path);
    f = fopen(index_tmp, "wb");
    if (!f) {
        rc = att_errf(&ctx->err, att_status_errno(errno), tr("cannot create '%s': %s"), index_path,
                      strerror(errno));
        goto out;
    }
    if ((rc = db_count_source(ctx->db, "illustrative", src.as_of[0] == '-' ? NULL : src.as_of,
                              &n_illustrative, &ctx->err)) ||
        (rc = changes_read(ctx->db, p, &po, &changes, &ctx->err)) ||
        (rc = write_index(f, &src, dir, charts, n, ctx, n_illustrative > 0, &changes,
                          n_scenarios ? &ss : NULL, check)))
        goto out;
    if (ferror(f) | (fflush(f) != 0) | (fclose(f) != 0)) {
        int e = errno ? errno : EIO;

        f = NULL;
        rc = att_errf(&ctx->err, att_status_errno(e), tr("cannot write '%s': %s"), index_path,
                      strerror(e));
        goto out;
    }
    f = NULL;
    csv_path = xasprintf("%s/targets.csv", dir);
    csv_tmp = files_temp_path(csv_path);
    if ((rc = targets_csv_write(csv_tmp, p, &ctx->err)))
        goto out;
    xlsx_path = xasprintf("%s/targets.xlsx", dir);
    xlsx_tmp = files_temp_path(xlsx_path);
    if ((rc = xlsx_write_targets(p, xlsx_tmp, &ctx->err)))
        goto out;
    /* Everything is written: into place, index.html last. */
    if ((rc = finish_files(dir, charts, n, true, &ctx->err)))
        goto out;
    planned = false;
    po.variants = (const struct scenario *const *)ss.sc; /* recorded by name and digest */
    po.n_variants = ss.n_sc;
    rc = pipe_record_run(ctx->db, "report", argc, argv, &po, p, &ctx->err);
    if (!rc && index) {
        *index = index_path;
        index_path = NULL;
    }
out:
    if (f)
        fclose(f);
    if (planned)
        (void)finish_files(dir, charts, n, false, &ctx->err);
    free(check);
    /*
     * A failed run leaves no directory it created behind.  rmdir removes
     * only an empty directory, so nothing else (a file committed before a
     * later failure, anything of the user's) can go with it.
     */
    if (rc && made_charts)
        (void)rmdir(charts_dir);
    if (rc && made_dir)
        (void)rmdir(dir);
    free(index_tmp);
    free(csv_tmp);
    free(xlsx_tmp);
    free(font);
    free(csv_path);
    free(xlsx_path);
    free(index_path);
    changes_release(&changes);
    free(charts_dir);
    report_src_release(&src);
    pipe_free(p);
    pipe_free(cmp);
    for (v = 0; v < ss.n_sc; v++)
        scenario_free(ss.sc[v]);
    free(ss.sc);
    free(ss.need);
    free(ss.res);
    free(ss.from);
    free(names);
    return rc;
}
