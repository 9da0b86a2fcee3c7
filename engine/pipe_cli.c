/*
 * engine/pipe_cli.c -- the options that forecast-like commands share
 * (--region, --indicator, --as-of, --model, --scenario, --until, --horizon): parsed with
 * getopt, names resolved, and set into struct pipe_opts.  The rest of the
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

int pipe_cli_parse(int argc, char **argv, struct att_ctx *ctx, unsigned flags, struct pipe_cli *cli)
{
    /* The horizon options last, so that a command without them stops the array early. */
    static const struct option all[] = {
        {"region", required_argument, NULL, 'r'},   {"indicator", required_argument, NULL, 'i'},
        {"as-of", required_argument, NULL, 'a'},    {"model", required_argument, NULL, 'm'},
        {"scenario", required_argument, NULL, 's'}, {NULL, 0, NULL, 0},
    };
    static const struct option with_horizon[] = {
        {"region", required_argument, NULL, 'r'},   {"indicator", required_argument, NULL, 'i'},
        {"as-of", required_argument, NULL, 'a'},    {"model", required_argument, NULL, 'm'},
        {"scenario", required_argument, NULL, 's'}, {"until", required_argument, NULL, 'u'},
        {"horizon", required_argument, NULL, 'H'},  {NULL, 0, NULL, 0},
    };
    const struct option *longopts = (flags & PIPE_CLI_HORIZON) ? with_horizon : all;
    bool has_until = false, has_horizon = false;
    long v;
    int c, rc;

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
            if (!db_parse_period(optarg, NULL, NULL))
                return cmd_usage_errorf(ctx, cli->cmd,
                                        "option '--as-of' wants YYYY or YYYY-MM, not '%s'", optarg);
            cli->as_of = optarg;
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
        default:
            return cmd_option_error(ctx, argc, argv, c);
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

void pipe_cli_release(struct pipe_cli *cli)
{
    scenario_free(cli->sc);
    cli->sc = NULL;
}
