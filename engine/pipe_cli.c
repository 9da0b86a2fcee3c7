/*
 * engine/pipe_cli.c -- the options that forecast-like commands share
 * (--region, --indicator, --as-of, --model, --scenario, --until, --horizon,
 * --shard, --out): parsed with getopt, names resolved, and set into struct
 * pipe_opts.  The rest of the
 * pipeline knows nothing of the command line.
 */
#include <getopt.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "commands.h"
#include "ctx.h"
#include "db.h"
#include "names.h"
#include "pipeline.h"
#include "scenario.h"

/* "auto, combo, naive, drift, ...": the --model choices, from the models' own table. */
static void model_choices(char *buf, size_t size)
{
    size_t k, len = (size_t)snprintf(buf, size, "auto, combo");

    for (k = 0; k < MODEL_KIND_COUNT && len < size; k++)
        len += (size_t)snprintf(buf + len, size - len, ", %s", model_kind_name((enum model_kind)k));
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

int pipe_cli_parse(int argc, char **argv, struct att_ctx *ctx, unsigned flags, struct pipe_cli *cli)
{
    /* Every option, with the flag a command passes to accept it (0: always). */
    static const struct {
        struct option opt;
        unsigned flag;
    } all[] = {
        {{"region", required_argument, NULL, 'r'}, 0},
        {{"indicator", required_argument, NULL, 'i'}, 0},
        {{"as-of", required_argument, NULL, 'a'}, 0},
        {{"model", required_argument, NULL, 'm'}, 0},
        {{"scenario", required_argument, NULL, 's'}, 0},
        {{"until", required_argument, NULL, 'u'}, PIPE_CLI_HORIZON},
        {{"horizon", required_argument, NULL, 'H'}, PIPE_CLI_HORIZON},
        {{"shard", required_argument, NULL, 'S'}, PIPE_CLI_SHARD},
        {{"out", required_argument, NULL, 'o'}, PIPE_CLI_OUT},
    };
    struct option longopts[sizeof all / sizeof all[0] + 1];
    size_t n_opts = 0, k;
    bool has_until = false, has_horizon = false;
    long v;
    int c, rc;

    for (k = 0; k < sizeof all / sizeof all[0]; k++)
        if (!all[k].flag || (flags & all[k].flag))
            longopts[n_opts++] = all[k].opt;
    memset(&longopts[n_opts], 0, sizeof longopts[n_opts]);
    memset(cli, 0, sizeof *cli);
    cli->cmd = argv[0];
    cli->horizon = 5;
    cmd_getopt_reset();
    while ((c = getopt_long(argc, argv, ":", longopts, NULL)) != -1) {
        switch (c) {
        case 'r':
            cli->region = optarg;
            break;
        case 'i':
            cli->indicator = optarg;
            break;
        case 'a':
            if ((rc = cmd_parse_as_of(ctx, cli->cmd, optarg, cli->as_of_buf)))
                return rc;
            cli->as_of = cli->as_of_buf;
            break;
        case 'm': {
            enum model_kind kind;
            char choices[256];
            if (strcmp(optarg, "auto") != 0 && strcmp(optarg, "combo") != 0 &&
                model_kind_parse(optarg, &kind) != GSL_SUCCESS) {
                model_choices(choices, sizeof choices);
                return cmd_usage_errorf(ctx, cli->cmd, "unknown model '%s' (%s)", optarg, choices);
            }
            cli->model = optarg;
            break;
        }
        case 's':
            cli->scenario = optarg;
            break;
        case 'o':
            if (!*optarg)
                return cmd_usage_errorf(ctx, cli->cmd, "option '--out' needs a file name");
            cli->out = optarg;
            break;
        case 'u':
        case 'H':
            if (c == 'u') {
                rc = cmd_parse_long(ctx, cli->cmd, "until", optarg, 1000, 9999, &v);
                if (rc)
                    return rc;
                cli->until = (int)v;
                has_until = true;
            } else {
                rc = cmd_parse_long(ctx, cli->cmd, "horizon", optarg, 1, MODEL_MAX_HORIZON, &v);
                if (rc)
                    return rc;
                cli->horizon = (size_t)v;
                has_horizon = true;
            }
            break;
        case 'S':
            if (!parse_shard(optarg, &cli->shard, &cli->n_shards))
                return cmd_usage_errorf(ctx, cli->cmd,
                                        "option '--shard' wants K/N with 1 <= K <= N <= %d "
                                        "(e.g. 2/3), not '%s'",
                                        PIPE_MAX_SHARDS, optarg);
            break;
        default:
            return cmd_option_error(ctx, argc, argv, c, longopts);
        }
    }
    if (optind < argc)
        return cmd_usage_errorf(ctx, cli->cmd, "unexpected argument '%s'", argv[optind]);
    if (has_until && has_horizon)
        return cmd_usage_errorf(ctx, cli->cmd,
                                "options '--until' and '--horizon' cannot be used together");
    return ATT_OK;
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
            return cmd_usage_errorf(ctx, cli->cmd, "unknown model '%s'", cli->model);
    }
    o->shard = cli->shard;
    o->n_shards = cli->n_shards;
    o->until = cli->until;
    o->horizon = cli->horizon;
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
