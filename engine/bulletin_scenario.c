/*
 * engine/bulletin_scenario.c -- the bulletin's scenario section: every
 * city target a scenario moves, its probability under the baseline and
 * each scenario, the scenarios chart, and for the plan's last-year targets
 * not on track the growth it would take (attain scenario solve).
 */
#include "bulletin_int.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "err.h"
#include "html.h"
#include "model.h"
#include "plot.h"
#include "scenario.h"
#include "xalloc.h"

static void percent_cell(FILE *f, const struct pipe_vresult *r, const struct pipe_vresult *b)
{
    char pct[16];

    if (!r->has_result) {
        fputs("<td></td>", f);
        return;
    }
    plot_percent(pct, sizeof pct, r->res.probability);
    fputs("<td class=\"num\">", f);
    html_puts(f, pct);
    if (b && b->has_result) {
        long d = lround(100.0 * (r->res.probability - b->res.probability));
        if (d)
            fprintf(f, " <small>(%+ld)</small>", d);
    }
    fputs("</td>", f);
}

int bulletin_scenario_section(FILE *f, struct report_src *src, const char *dir,
                              const struct chart *c, size_t n, const struct scen_section *ss)
{
    const struct pipe *q = ss->cmp;
    size_t i, v;
    int rc;

    fprintf(f, "<section>\n<h2>%s</h2>\n<ul class=\"key\">\n",
            src->zh ? "情景比较与所需" : "Scenarios, and what it would take");
    for (v = 1; v < ss->n_sc; v++) {
        fputs("<li><b>", f);
        html_puts(f, ss->sc[v]->name);
        fputs("</b>", f);
        if (ss->sc[v]->note[0]) {
            fputs(src->zh ? "：" : ": ", f);
            html_puts(f, ss->sc[v]->note);
        }
        fputs(" <small>(", f);
        html_puts(f, ss->sc[v]->path);
        fprintf(f, ", %s)</small></li>\n", ss->sc[v]->digest);
    }
    fputs("</ul>\n<table>\n<thead><tr>", f);
    fprintf(f, "<th>%s</th><th>%s</th><th class=\"num\">%s</th>", src->zh ? "指标" : "indicator",
            src->zh ? "目标" : "target", src->zh ? "基线" : "baseline");
    for (v = 1; v < ss->n_sc; v++) {
        fputs("<th class=\"num\">", f);
        html_puts(f, ss->sc[v]->name);
        fputs("</th>", f);
    }
    fputs("</tr></thead>\n<tbody>\n", f);
    for (i = 0; i < q->n_targets; i++) {
        const struct pipe_target *t = &q->targets[i];
        bool moved = false;
        /* The city's targets that some scenario moves (the others read as the baseline). */
        for (v = 1; v < ss->n_sc; v++) {
            const struct pipe_vresult *r = &q->vres[v * q->n_targets + i], *b = &q->vres[i];
            moved |=
                r->has_result && b->has_result &&
                (r->res.probability != b->res.probability || r->res.expected != b->res.expected);
        }
        if (t->region_id != src->root || !moved)
            continue;
        fputs("<tr><td>", f);
        html_puts(f, report_short_indicator(src, report_indicator(src, t->indicator_id)));
        fputs("</td><td class=\"tgt\">", f);
        html_puts(f, report_target_text(src, i));
        fputs("</td>", f);
        for (v = 0; v < ss->n_sc; v++)
            percent_cell(f, &q->vres[v * q->n_targets + i], v ? &q->vres[i] : NULL);
        fputs("</tr>\n", f);
    }
    fputs("</tbody>\n</table>\n", f);
    if ((rc = bulletin_figures(f, src, dir, c, n, CHART_SCENARIOS, false)))
        return rc;
    if (ss->n_need) {
        fprintf(f,
                "<h3>%s</h3>\n<table>\n<thead><tr><th>%s</th><th>%s</th><th "
                "class=\"num\">%s</th><th>%s</th><th class=\"num\">%s</th></tr></thead>\n"
                "<tbody>\n",
                src->zh ? "未达有望完成的目标：达到 80% 把握需要多快的增长"
                        : "Targets not on track: the growth it would take to be 80% sure",
                src->zh ? "指标" : "indicator", src->zh ? "目标" : "target",
                src->zh ? "基线概率" : "baseline", src->zh ? "所需（每年变化的倍数）" : "needed",
                src->zh ? "达成概率" : "probability");
        for (i = 0; i < ss->n_need; i++) {
            const struct pipe_target *t = &src->p->targets[ss->need[i]];
            const struct solve_result *r = &ss->res[i];
            char pct[16], p0[16];
            plot_percent(p0, sizeof p0, r->baseline_probability);
            plot_percent(pct, sizeof pct, r->probability);
            fputs("<tr><td>", f);
            html_puts(f, report_short_indicator(src, report_indicator(src, t->indicator_id)));
            fputs("</td><td class=\"tgt\">", f);
            html_puts(f, report_target_text(src, ss->need[i]));
            fputs("</td><td class=\"num\">", f);
            html_puts(f, p0);
            fputs("</td><td>", f);
            if (r->reachable && src->zh)
                fprintf(f, "%d 年起全市 ×%.3f", ss->from[i], r->value);
            else if (r->reachable)
                fprintf(f, "×%.3f from %d, city-wide", r->value, ss->from[i]);
            else
                fprintf(f, src->zh ? "×%g 以内不可达" : "not reachable within ×%g", r->bound);
            fputs("</td><td class=\"num\">", f);
            html_puts(f, pct);
            fputs("</td></tr>\n", f);
        }
        fputs("</tbody>\n</table>\n<p class=\"legend\">", f);
        fputs(src->zh ? "所需：每年变化（新增）按该倍数放大的最小值，各县区按比例分担；由 attain "
                        "scenario solve 在同一组模拟路径上二分求得。"
                      : "needed: the smallest factor on every year's change (additions), shared by "
                        "the districts in proportion; found by attain scenario solve, by bisection "
                        "on the same simulated paths.",
              f);
        fputs("</p>\n", f);
    }
    fputs("</section>\n", f);
    return ATT_OK;
}

/*
 * The scenario section's numbers: the comparison run, and for each city
 * target of the plan's last year that is not on track, the growth that
 * makes it 80% sure (from the first year forecast, city-wide).
 */
int bulletin_scenario_numbers(struct att_ctx *ctx, const struct pipe_opts *base,
                              const struct pipe *p, int64_t root, struct scen_section *ss,
                              struct pipe **cmp)
{
    struct pipe_opts po = *base;
    size_t i, k;
    int last = 0, rc;

    po.variants = (const struct scenario *const *)ss->sc;
    po.n_variants = ss->n_sc;
    po.no_summaries = true;
    po.until = 0;
    if ((rc = pipe_run(ctx->db, &po, cmp, &ctx->err)))
        return rc;
    ss->cmp = *cmp;
    for (i = 0; i < p->n_targets; i++)
        if (p->targets[i].region_id == root && p->targets[i].spec.deadline > last)
            last = p->targets[i].spec.deadline;
    ss->need = xcalloc(p->n_targets + 1, sizeof *ss->need);
    ss->res = xcalloc(p->n_targets + 1, sizeof *ss->res);
    ss->from = xcalloc(p->n_targets + 1, sizeof *ss->from);
    for (i = 0; i < p->n_targets; i++) {
        const struct pipe_target *t = &p->targets[i];
        struct scen_lever tmpl;
        int64_t rid = root;
        bool counts = true;
        if (t->region_id != root || t->spec.deadline != last || !t->has_result ||
            t->res.status == TARGET_ON_TRACK || (t->res.flags & TARGET_F_DECIDED) || t->series < 0)
            continue;
        const struct pipe_series *s = &p->series[t->series];
        for (k = 0; k < s->n; k++)
            counts &= s->y[k] == floor(s->y[k]);
        memset(&tmpl, 0, sizeof tmpl);
        tmpl.indicator_id = t->indicator_id;
        tmpl.n_regions = 1;
        tmpl.region_ids = &rid;
        tmpl.lever.from = s->first_year;
        struct pipe_opts so = *base;
        so.indicator_id = t->indicator_id;
        so.no_summaries = true;
        so.until = 0;
        rc = scenario_solve_target(ctx->db, &so, &tmpl, t->id, true, counts, 0.8, 3.0,
                                   &ss->res[ss->n_need], &ctx->err);
        if (rc == ATT_EDATA) { /* cannot be evaluated that way: leave it out */
            att_err_clear(&ctx->err);
            continue;
        }
        if (rc)
            return rc;
        ss->from[ss->n_need] = s->first_year;
        ss->need[ss->n_need++] = i;
    }
    return ATT_OK;
}
