/*
 * engine/bulletin_int.h -- what the bulletin's files share: bulletin.c
 * writes index.html and calls bulletin_scenario.c for the scenario section
 * (the comparison, its chart, and what it would take).
 */
#ifndef ATTAIN_ENGINE_BULLETIN_INT_H
#define ATTAIN_ENGINE_BULLETIN_INT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "chart_kinds.h"
#include "pipeline.h"
#include "report.h"

struct att_ctx;
struct scenario;
struct solve_result;

/* What the scenario section shows besides its chart. */
struct scen_section {
    struct scenario **sc; /* [1..n_sc-1] the files ([0] the baseline, NULL) */
    size_t n_sc;
    const struct pipe *cmp; /* the comparison run (variants) */
    size_t *need;           /* targets of src->p solved for */
    struct solve_result *res;
    size_t n_need;
    int *from; /* the year each lever starts */
};

/* The charts of one bulletin section as figures (grid: side by side). */
int bulletin_figures(FILE *f, struct report_src *src, const char *dir, const struct chart *c,
                     size_t n, enum chart_section section, bool grid);

/* The scenario section of index.html. */
int bulletin_scenario_section(FILE *f, struct report_src *src, const char *dir,
                              const struct chart *c, size_t n, const struct scen_section *ss);

/*
 * The comparison run of the scenarios in ss (into *cmp, kept by the caller)
 * and, for the plan's last-year city targets not on track, what it would take.
 */
int bulletin_scenario_numbers(struct att_ctx *ctx, const struct pipe_opts *base,
                              const struct pipe *p, int64_t root, struct scen_section *ss,
                              struct pipe **cmp);

#endif /* ATTAIN_ENGINE_BULLETIN_INT_H */
