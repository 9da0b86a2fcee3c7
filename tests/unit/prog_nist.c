/*
 * tests/unit/prog_nist.c -- the NIST StRD nonlinear regression table for the
 * least-squares core (nlls_solve, models/nlls.c).
 *
 * usage: prog_nist DIR [--check-jacobian]
 *
 * Reads every DIR/NAME.dat of the 27 StRD nonlinear problems (in NIST's
 * order of difficulty), solves each from start 1 and start 2 with the
 * analytic Jacobian, and prints one row per problem and start: the smallest
 * log relative error (LRE, correct significant digits, capped at 11) over the
 * parameters, the LRE of the residual sum of squares (as nlls_solve returns
 * it) and the smallest LRE of the standard errors, the iterations and the solver
 * status.  The last line says how many problems reach 6 digits (parameters and RSS) from start 1.
 * With --check-jacobian it first compares each analytic Jacobian against
 * central differences at start 1 and reports the largest relative mismatch.
 * Exit status: 0 if every problem reaches 6 digits from start 1, else 1
 * (2 for usage or unreadable files).
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_errno.h>

#include "nist_strd.h"

static double check_jacobian(struct nist_problem *pr)
{
    static double J[NIST_MAX_OBS * NLLS_MAX_PARAMS];
    double rp[NIST_MAX_OBS], rm[NIST_MAX_OBS];
    double b[NLLS_MAX_PARAMS];
    double worst = 0.0;
    size_t i, k;

    memcpy(b, pr->start[0], sizeof b);
    (void)nist_df(b, pr, J);
    for (k = 0; k < pr->p; k++) {
        double h = 1e-6 * (fabs(b[k]) > 1e-3 ? fabs(b[k]) : 1e-3), save = b[k];
        double scale = 0.0;
        b[k] = save + h;
        (void)nist_f(b, pr, rp);
        b[k] = save - h;
        (void)nist_f(b, pr, rm);
        b[k] = save;
        for (i = 0; i < pr->n; i++)
            if (fabs(J[i * pr->p + k]) > scale)
                scale = fabs(J[i * pr->p + k]);
        for (i = 0; i < pr->n; i++) {
            double fd = (rp[i] - rm[i]) / (2.0 * h);
            double err = fabs(fd - J[i * pr->p + k]) / (scale > 0.0 ? scale : 1.0);
            if (err > worst)
                worst = err;
        }
    }
    return worst;
}

int main(int argc, char **argv)
{
    char path[4096], msg[512];
    size_t k, ok1 = 0, total = 0;
    int check = 0;

    gsl_set_error_handler_off();
    if (argc < 2 || argc > 3 || (argc == 3 && strcmp(argv[2], "--check-jacobian") != 0)) {
        fprintf(stderr, "usage: prog_nist DIR [--check-jacobian]\n");
        return 2;
    }
    check = argc == 3;
    printf("%-9s %-8s %5s %8s %7s %7s %6s  %s\n", "problem", "level", "start", "minLRE", "rssLRE",
           "seLRE", "iter", "status");
    for (k = 0; k < NIST_N_MODELS; k++) {
        static struct nist_problem pr;
        int s;

        if (snprintf(path, sizeof path, "%s/%s.dat", argv[1], nist_models[k].name) >=
            (int)sizeof path) {
            fprintf(stderr, "prog_nist: path too long\n");
            return 2;
        }
        if (nist_read(path, &pr, msg, sizeof msg)) {
            fprintf(stderr, "prog_nist: %s\n", msg);
            return 2;
        }
        if (check)
            printf("# %-9s jacobian max rel mismatch %.2e\n", pr.name, check_jacobian(&pr));
        total++;
        for (s = 0; s < 2; s++) {
            struct nlls_problem prob = {pr.n, pr.p, nist_f, nist_df, &pr};
            struct nlls_result res;
            double minlre = 11.0, selre = 11.0, rsslre;
            size_t j;
            int status = nlls_solve(&prob, pr.start[s], 1000, &res);

            for (j = 0; j < pr.p; j++) {
                double l = nist_lre(res.x[j], pr.cert[j]);
                double ls = nist_lre(res.se[j], pr.cert_sd[j]);
                if (l < minlre)
                    minlre = l;
                if (ls < selre)
                    selre = ls;
            }
            rsslre = nist_lre(res.rss, pr.cert_rss);
            if (status != GSL_SUCCESS && status != GSL_EMAXITER && status != GSL_ENOPROG)
                minlre = rsslre = selre = 0.0; /* res is not filled on other errors */
            printf("%-9s %-8s %5d %8.2f %7.2f %7.2f %6zu  %s\n", pr.name, pr.difficulty, s + 1,
                   minlre, rsslre, selre, res.iterations, gsl_strerror(status));
            if (s == 0 && status == GSL_SUCCESS && minlre >= 6.0 && rsslre >= 6.0)
                ok1++;
        }
    }
    printf("start 1: %zu of %zu problems with >= 6 digits in every parameter and the RSS\n", ok1,
           total);
    return ok1 == total ? 0 : 1;
}
