/*
 * engine/pipe_cli.c -- the options that forecast-like commands share
 * (--region, --indicator, --as-of, --model, --scenario, --until, --horizon,
 * --shard, --out): rows of the command's option table (cmd_parse_options), names resolved, and set
 * into struct pipe_opts.  The rest of the pipeline knows nothing of the command line.
 */
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "commands.h"
#include "ctx.h"
#include "db.h"
#include "messages.h"
#include "names.h"
#include "pipeline.h"
#include "scenario.h"

/* "auto, combo, naive, drift, ...": the --model choices, from the models' own table. */
static void model_choices(char *buf, size_t size)
{
    size_t k, len = (size_t)snprintf(buf, size, "auto%scombo", tr(", "));

    for (k = 0; k < MODEL_KIND_COUNT && len < size; k++)
        len += (size_t)snprintf(buf + len, size - len, "%s%s", tr(", "),
                                model_kind_name((enum model_kind)k));
}

/* "K/N" with 1 <= K <= N <= PIPE_MAX_SHARDS, digits only. */
static bool parse_shard(const char *text, size_t *k, size_t *n)
{
    unsigned long v[2] = {0, 0};
    size_t part = 0, digits = 0;
    const char *c;

    for (c = text; *c; c++) {
        if (*c == '/' && part == 0 && digits > 0) {
            part = 1;
            digits = 0;
        } else if (*c >= '0' && *c <= '9' && v[part] <= PIPE_MAX_SHARDS) {
            v[part] = v[part] * 10 + (unsigned long)(*c - '0');
            digits++;
        } else {
            return false;
        }
    }
    if (part != 1 || digits == 0 || v[0] < 1 || v[0] > v[1] || v[1] > PIPE_MAX_SHARDS)
        return false;
    *k = v[0];
    *n = v[1];
    return true;
}

static int parse_model(struct att_ctx *ctx, const char *cmd, const struct cmd_opt *opt,
                       const char *value)
{
    enum model_kind kind;
    char choices[256];

    if (strcmp(value, "auto") != 0 && strcmp(value, "combo") != 0 &&
        model_kind_parse(value, &kind) != GSL_SUCCESS) {
        model_choices(choices, sizeof choices);
        return cmd_usage_errorf(ctx, cmd, tr("unknown model '%s' (%s)"), value, choices);
    }
    *(const char **)opt->out = value;
    return ATT_OK;
}

static int parse_out(struct att_ctx *ctx, const char *cmd, const struct cmd_opt *opt,
                     const char *value)
{
    if (!*value)
        return cmd_usage_errorf(ctx, cmd, tr("option '--out' needs a file name"));
    *(const char **)opt->out = value;
    return ATT_OK;
}

static int parse_shard_opt(struct att_ctx *ctx, const char *cmd, const struct cmd_opt *opt,
                           const char *value)
{
    struct pipe_cli *cli = opt->out;

    if (!parse_shard(value, &cli->shard, &cli->n_shards))
        return cmd_usage_errorf(ctx, cmd,
                                tr("option '--shard' wants K/N with 1 <= K <= N <= %d "
                                   "(e.g. 2/3), not '%s'"),
                                PIPE_MAX_SHARDS, value);
    return ATT_OK;
}

size_t pipe_cli_options(struct pipe_cli *cli, unsigned flags, struct cmd_opt *opts)
{
    /* Every option, with the flag a command passes to accept it (0: always). */
    const struct {
        struct cmd_opt opt;
        unsigned flag;
    } all[PIPE_CLI_MAX_OPTIONS] = {
        {{"region", CMD_OPT_TEXT, &cli->region, 0, 0, NULL, NULL}, 0},
        {{"indicator", CMD_OPT_TEXT, &cli->indicator, 0, 0, NULL, NULL}, 0},
        {{"as-of", CMD_OPT_PERIOD, cli->as_of_buf, 0, 0, NULL, NULL}, 0},
        {{"model", CMD_OPT_FN, &cli->model, 0, 0, NULL, parse_model}, 0},
        {{"scenario", CMD_OPT_TEXT, &cli->scenario, 0, 0, NULL, NULL}, PIPE_CLI_SCENARIO},
        {{"until", CMD_OPT_LONG, &cli->until, 1000, 9999, NULL, NULL}, PIPE_CLI_HORIZON},
        {{"horizon", CMD_OPT_LONG, &cli->horizon, 1, MODEL_MAX_HORIZON, NULL, NULL},
         PIPE_CLI_HORIZON},
        {{"shard", CMD_OPT_FN, cli, 0, 0, NULL, parse_shard_opt}, PIPE_CLI_SHARD},
        {{"out", CMD_OPT_FN, &cli->out, 0, 0, NULL, parse_out}, PIPE_CLI_OUT},
    };
    size_t n = 0, k;

    for (k = 0; k < PIPE_CLI_MAX_OPTIONS; k++)
        if (!all[k].flag || (flags & all[k].flag))
            opts[n++] = all[k].opt;
    return n;
}

void pipe_cli_init(struct pipe_cli *cli, const char *cmd)
{
    memset(cli, 0, sizeof *cli);
    cli->cmd = cmd;
}

int pipe_cli_check(struct att_ctx *ctx, struct pipe_cli *cli)
{
    if (cli->as_of_buf[0])
        cli->as_of = cli->as_of_buf;
    if (cli->until && cli->horizon)
        return cmd_usage_errorf(ctx, cli->cmd,
                                tr("options '--until' and '--horizon' cannot be used together"));
    if (!cli->horizon)
        cli->horizon = 5;
    return ATT_OK;
}

int pipe_cli_parse(int argc, char **argv, struct att_ctx *ctx, unsigned flags, struct pipe_cli *cli)
{
    struct cmd_opt opts[PIPE_CLI_MAX_OPTIONS];
    size_t n;
    int rc;

    pipe_cli_init(cli, argv[0]);
    n = pipe_cli_options(cli, flags | PIPE_CLI_SCENARIO, opts);
    rc = cmd_parse_options(ctx, argc, argv, opts, n, 0);
    return rc ? rc : pipe_cli_check(ctx, cli);
}

int pipe_cli_apply(struct pipe_cli *cli, struct att_ctx *ctx, struct pipe_opts *o)
{
    int rc;

    if (cli->region) {
        rc = names_resolve(ctx->db, NAMES_REGION, cli->region, &o->region_id, &ctx->err);
        if (rc)
            return rc;
    }
    if (cli->indicator) {
        rc = names_resolve(ctx->db, NAMES_INDICATOR, cli->indicator, &o->indicator_id, &ctx->err);
        if (rc)
            return rc;
    }
    o->as_of = cli->as_of;
    if (!cli->model || strcmp(cli->model, "auto") == 0) {
        o->choice = PIPE_AUTO;
    } else if (strcmp(cli->model, "combo") == 0) {
        o->choice = PIPE_COMBO;
    } else {
        o->choice = PIPE_NAMED;
        if (model_kind_parse(cli->model, &o->model) != GSL_SUCCESS)
            return cmd_usage_errorf(ctx, cli->cmd, tr("unknown model '%s'"), cli->model);
    }
    o->shard = cli->shard;
    o->n_shards = cli->n_shards;
    o->until = (int)cli->until;
    o->horizon = (size_t)cli->horizon;
    if (cli->scenario) {
        rc = scenario_load(ctx->db, cli->scenario, cli->as_of, &cli->sc, &ctx->err);
        if (rc)
            return rc;
        o->scenario = cli->sc;
    }
    return ATT_OK;
}

int pipe_cli_opts(int argc, char **argv, struct att_ctx *ctx, unsigned flags, struct pipe_cli *cli,
                  struct pipe_opts *o)
{
    int rc = pipe_cli_parse(argc, argv, ctx, flags, cli);

    if (rc)
        return rc;
    pipe_opts_init(o, ctx);
    return pipe_cli_apply(cli, ctx, o);
}

void pipe_cli_release(struct pipe_cli *cli)
{
    scenario_free(cli->sc);
    cli->sc = NULL;
}
