/*
 * tests/unit/nist_strd.h -- shared by prog_nist.c and test_models_nlls.c:
 * a reader for the NIST StRD nonlinear regression files (tests/data/nist_strd)
 * and the 27 model functions with their analytic Jacobians, written from the
 * formula in each file's header.  Residuals are r_i = model(x_i) - y_i
 * (Nelson: model - log(y_i), as its header models log[y]; the Lanczos
 * problems in long double, see nist_lanczos_ld).
 *
 * Header-only (static functions) because it serves two test programs.
 */
#ifndef ATTAIN_TESTS_UNIT_NIST_STRD_H
#define ATTAIN_TESTS_UNIT_NIST_STRD_H

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_errno.h>

#include "model.h"

#define NIST_MAX_OBS 300
#define NIST_PI 3.141592653589793238462643383279

/* d[k] = d model / d b_k at one point; returns the model value. */
typedef double (*nist_model_fn)(const double *b, double x, double x2, double *d);

/* The model value in long double, for problems whose residuals need it (may be NULL). */
typedef long double (*nist_model_ld_fn)(const double *b, long double x);

struct nist_model {
    const char *name;
    size_t p;
    nist_model_fn fn;
    nist_model_ld_fn fn_ld;
};

struct nist_problem {
    char name[32];
    char difficulty[16]; /* "Lower", "Average", "Higher" */
    const struct nist_model *model;
    size_t n, p;
    double start[2][NLLS_MAX_PARAMS];
    double cert[NLLS_MAX_PARAMS];
    double cert_sd[NLLS_MAX_PARAMS];
    double cert_rss;
    double y[NIST_MAX_OBS], x[NIST_MAX_OBS], x2[NIST_MAX_OBS];
    long double y_ld[NIST_MAX_OBS], x_ld[NIST_MAX_OBS]; /* the data as printed, more exactly */
};

/* ---- the 27 models ------------------------------------------------------- */

static double nist_exp1(const double *b, double x, double x2, double *d)
{
    /* Misra1a, BoxBOD: b1*(1-exp(-b2*x)) */
    double e = exp(-b[1] * x);
    (void)x2;
    d[0] = 1.0 - e;
    d[1] = b[0] * x * e;
    return b[0] * (1.0 - e);
}

static double nist_chwirut(const double *b, double x, double x2, double *d)
{
    /* exp(-b1*x)/(b2+b3*x) */
    double e = exp(-b[0] * x), u = b[1] + b[2] * x;
    (void)x2;
    d[0] = -x * e / u;
    d[1] = -e / (u * u);
    d[2] = -x * e / (u * u);
    return e / u;
}

static double nist_danwood(const double *b, double x, double x2, double *d)
{
    /* b1*x**b2 */
    double xb = pow(x, b[1]);
    (void)x2;
    d[0] = xb;
    d[1] = b[0] * xb * log(x);
    return b[0] * xb;
}

static double nist_gauss(const double *b, double x, double x2, double *d)
{
    /* b1*exp(-b2*x) + b3*exp(-(x-b4)**2/b5**2) + b6*exp(-(x-b7)**2/b8**2) */
    double e1 = exp(-b[1] * x);
    double z1 = x - b[3], z2 = x - b[6];
    double g1 = exp(-z1 * z1 / (b[4] * b[4])), g2 = exp(-z2 * z2 / (b[7] * b[7]));
    (void)x2;
    d[0] = e1;
    d[1] = -b[0] * x * e1;
    d[2] = g1;
    d[3] = b[2] * g1 * 2.0 * z1 / (b[4] * b[4]);
    d[4] = b[2] * g1 * 2.0 * z1 * z1 / (b[4] * b[4] * b[4]);
    d[5] = g2;
    d[6] = b[5] * g2 * 2.0 * z2 / (b[7] * b[7]);
    d[7] = b[5] * g2 * 2.0 * z2 * z2 / (b[7] * b[7] * b[7]);
    return b[0] * e1 + b[2] * g1 + b[5] * g2;
}

static double nist_lanczos(const double *b, double x, double x2, double *d)
{
    /* b1*exp(-b2*x) + b3*exp(-b4*x) + b5*exp(-b6*x) */
    double e1 = exp(-b[1] * x), e2 = exp(-b[3] * x), e3 = exp(-b[5] * x);
    (void)x2;
    d[0] = e1;
    d[1] = -b[0] * x * e1;
    d[2] = e2;
    d[3] = -b[2] * x * e2;
    d[4] = e3;
    d[5] = -b[4] * x * e3;
    return b[0] * e1 + b[2] * e2 + b[4] * e3;
}

/*
 * Lanczos1's certified RSS is 1.4e-25: residuals near 8e-14 on values up to
 * 2.5, a few hundred ulps of double.  In double, the rounding of y and of the
 * model leaves the RSS only 2-3 correct digits, so the residuals of the
 * Lanczos problems are computed in long double (64-bit mantissa) from the
 * data as printed, and only then rounded to double.
 */
static long double nist_lanczos_ld(const double *b, long double x)
{
    return b[0] * expl(-b[1] * x) + b[2] * expl(-b[3] * x) + b[4] * expl(-b[5] * x);
}

static double nist_misra1b(const double *b, double x, double x2, double *d)
{
    /* b1 * (1-(1+b2*x/2)**(-2)) */
    double u = 1.0 + b[1] * x / 2.0;
    (void)x2;
    d[0] = 1.0 - 1.0 / (u * u);
    d[1] = b[0] * x / (u * u * u);
    return b[0] * (1.0 - 1.0 / (u * u));
}

static double nist_kirby2(const double *b, double x, double x2, double *d)
{
    /* (b1 + b2*x + b3*x**2) / (1 + b4*x + b5*x**2) */
    double num = b[0] + b[1] * x + b[2] * x * x, den = 1.0 + b[3] * x + b[4] * x * x;
    (void)x2;
    d[0] = 1.0 / den;
    d[1] = x / den;
    d[2] = x * x / den;
    d[3] = -num * x / (den * den);
    d[4] = -num * x * x / (den * den);
    return num / den;
}

static double nist_rat33(const double *b, double x, double x2, double *d)
{
    /* Hahn1, Thurber: (b1+b2*x+b3*x**2+b4*x**3) / (1+b5*x+b6*x**2+b7*x**3) */
    double num = b[0] + b[1] * x + b[2] * x * x + b[3] * x * x * x;
    double den = 1.0 + b[4] * x + b[5] * x * x + b[6] * x * x * x;
    (void)x2;
    d[0] = 1.0 / den;
    d[1] = x / den;
    d[2] = x * x / den;
    d[3] = x * x * x / den;
    d[4] = -num * x / (den * den);
    d[5] = -num * x * x / (den * den);
    d[6] = -num * x * x * x / (den * den);
    return num / den;
}

static double nist_nelson(const double *b, double x1, double x2, double *d)
{
    /* log[y] = b1 - b2*x1 * exp(-b3*x2) */
    double e = exp(-b[2] * x2);
    d[0] = 1.0;
    d[1] = -x1 * e;
    d[2] = b[1] * x1 * x2 * e;
    return b[0] - b[1] * x1 * e;
}

static double nist_mgh17(const double *b, double x, double x2, double *d)
{
    /* b1 + b2*exp(-x*b4) + b3*exp(-x*b5) */
    double e4 = exp(-x * b[3]), e5 = exp(-x * b[4]);
    (void)x2;
    d[0] = 1.0;
    d[1] = e4;
    d[2] = e5;
    d[3] = -b[1] * x * e4;
    d[4] = -b[2] * x * e5;
    return b[0] + b[1] * e4 + b[2] * e5;
}

static double nist_misra1c(const double *b, double x, double x2, double *d)
{
    /* b1 * (1-(1+2*b2*x)**(-.5)) */
    double u = 1.0 + 2.0 * b[1] * x;
    (void)x2;
    d[0] = 1.0 - 1.0 / sqrt(u);
    d[1] = b[0] * x / (u * sqrt(u));
    return b[0] * (1.0 - 1.0 / sqrt(u));
}

static double nist_misra1d(const double *b, double x, double x2, double *d)
{
    /* b1*b2*x*((1+b2*x)**(-1)) */
    double u = 1.0 + b[1] * x;
    (void)x2;
    d[0] = b[1] * x / u;
    d[1] = b[0] * x / (u * u);
    return b[0] * b[1] * x / u;
}

static double nist_roszman1(const double *b, double x, double x2, double *d)
{
    /* b1 - b2*x - arctan[b3/(x-b4)]/pi */
    double w = x - b[3], v = b[2] / w, q = 1.0 / (1.0 + v * v);
    (void)x2;
    d[0] = 1.0;
    d[1] = -x;
    d[2] = -q / w / NIST_PI;
    d[3] = -q * b[2] / (w * w) / NIST_PI;
    return b[0] - b[1] * x - atan(v) / NIST_PI;
}

static double nist_enso(const double *b, double x, double x2, double *d)
{
    /*
     * b1 + b2*cos(2 pi x/12) + b3*sin(2 pi x/12) + b5*cos(2 pi x/b4) + b6*sin(2 pi x/b4)
     *    + b8*cos(2 pi x/b7) + b9*sin(2 pi x/b7)
     */
    double a0 = 2.0 * NIST_PI * x / 12.0, a4 = 2.0 * NIST_PI * x / b[3];
    double a7 = 2.0 * NIST_PI * x / b[6];
    (void)x2;
    d[0] = 1.0;
    d[1] = cos(a0);
    d[2] = sin(a0);
    d[3] = (-b[4] * sin(a4) + b[5] * cos(a4)) * (-a4 / b[3]);
    d[4] = cos(a4);
    d[5] = sin(a4);
    d[6] = (-b[7] * sin(a7) + b[8] * cos(a7)) * (-a7 / b[6]);
    d[7] = cos(a7);
    d[8] = sin(a7);
    return b[0] + b[1] * cos(a0) + b[2] * sin(a0) + b[4] * cos(a4) + b[5] * sin(a4) +
           b[7] * cos(a7) + b[8] * sin(a7);
}

static double nist_mgh09(const double *b, double x, double x2, double *d)
{
    /* b1*(x**2+x*b2) / (x**2+x*b3+b4) */
    double num = x * x + x * b[1], den = x * x + x * b[2] + b[3];
    (void)x2;
    d[0] = num / den;
    d[1] = b[0] * x / den;
    d[2] = -b[0] * num * x / (den * den);
    d[3] = -b[0] * num / (den * den);
    return b[0] * num / den;
}

static double nist_rat42(const double *b, double x, double x2, double *d)
{
    /* b1 / (1+exp[b2-b3*x]) */
    double e = exp(b[1] - b[2] * x), u = 1.0 + e;
    (void)x2;
    d[0] = 1.0 / u;
    d[1] = -b[0] * e / (u * u);
    d[2] = b[0] * x * e / (u * u);
    return b[0] / u;
}

static double nist_mgh10(const double *b, double x, double x2, double *d)
{
    /* b1 * exp[b2/(x+b3)] */
    double w = x + b[2], e = exp(b[1] / w);
    (void)x2;
    d[0] = e;
    d[1] = b[0] * e / w;
    d[2] = -b[0] * e * b[1] / (w * w);
    return b[0] * e;
}

static double nist_eckerle4(const double *b, double x, double x2, double *d)
{
    /* (b1/b2) * exp[-0.5*((x-b3)/b2)**2] */
    double z = (x - b[2]) / b[1], e = exp(-0.5 * z * z);
    (void)x2;
    d[0] = e / b[1];
    d[1] = b[0] * e / (b[1] * b[1]) * (z * z - 1.0);
    d[2] = b[0] * e * z / (b[1] * b[1]);
    return b[0] / b[1] * e;
}

static double nist_rat43(const double *b, double x, double x2, double *d)
{
    /* b1 / ((1+exp[b2-b3*x])**(1/b4)) */
    double e = exp(b[1] - b[2] * x), u = 1.0 + e, v = pow(u, -1.0 / b[3]);
    (void)x2;
    d[0] = v;
    d[1] = -b[0] * v / u * e / b[3];
    d[2] = b[0] * v / u * x * e / b[3];
    d[3] = b[0] * v * log(u) / (b[3] * b[3]);
    return b[0] * v;
}

static double nist_bennett5(const double *b, double x, double x2, double *d)
{
    /* b1 * (b2+x)**(-1/b3) */
    double u = b[1] + x, v = pow(u, -1.0 / b[2]);
    (void)x2;
    d[0] = v;
    d[1] = -b[0] * v / (u * b[2]);
    d[2] = b[0] * v * log(u) / (b[2] * b[2]);
    return b[0] * v;
}

static const struct nist_model nist_models[] = {
    {"Misra1a", 2, nist_exp1, NULL},
    {"Chwirut2", 3, nist_chwirut, NULL},
    {"Chwirut1", 3, nist_chwirut, NULL},
    {"Lanczos3", 6, nist_lanczos, nist_lanczos_ld},
    {"Gauss1", 8, nist_gauss, NULL},
    {"Gauss2", 8, nist_gauss, NULL},
    {"DanWood", 2, nist_danwood, NULL},
    {"Misra1b", 2, nist_misra1b, NULL},
    {"Kirby2", 5, nist_kirby2, NULL},
    {"Hahn1", 7, nist_rat33, NULL},
    {"Nelson", 3, nist_nelson, NULL},
    {"MGH17", 5, nist_mgh17, NULL},
    {"Lanczos1", 6, nist_lanczos, nist_lanczos_ld},
    {"Lanczos2", 6, nist_lanczos, nist_lanczos_ld},
    {"Gauss3", 8, nist_gauss, NULL},
    {"Misra1c", 2, nist_misra1c, NULL},
    {"Misra1d", 2, nist_misra1d, NULL},
    {"Roszman1", 4, nist_roszman1, NULL},
    {"ENSO", 9, nist_enso, NULL},
    {"MGH09", 4, nist_mgh09, NULL},
    {"Thurber", 7, nist_rat33, NULL},
    {"BoxBOD", 2, nist_exp1, NULL},
    {"Rat42", 3, nist_rat42, NULL},
    {"MGH10", 3, nist_mgh10, NULL},
    {"Eckerle4", 3, nist_eckerle4, NULL},
    {"Rat43", 4, nist_rat43, NULL},
    {"Bennett5", 3, nist_bennett5, NULL},
};
#define NIST_N_MODELS (sizeof nist_models / sizeof nist_models[0])

static inline const struct nist_model *nist_model_find(const char *name)
{
    size_t k;

    for (k = 0; k < NIST_N_MODELS; k++)
        if (strcmp(nist_models[k].name, name) == 0)
            return &nist_models[k];
    return NULL;
}

/* ---- residuals and Jacobian for nlls_solve -------------------------------- */

static inline int nist_f(const double *b, void *params, double *r)
{
    const struct nist_problem *pr = params;
    double d[NLLS_MAX_PARAMS];
    size_t i;

    for (i = 0; i < pr->n; i++) {
        double yv = strcmp(pr->name, "Nelson") == 0 ? log(pr->y[i]) : pr->y[i];
        if (pr->model->fn_ld)
            r[i] = (double)(pr->model->fn_ld(b, pr->x_ld[i]) - pr->y_ld[i]);
        else
            r[i] = pr->model->fn(b, pr->x[i], pr->x2[i], d) - yv;
    }
    return GSL_SUCCESS;
}

static inline int nist_df(const double *b, void *params, double *J)
{
    const struct nist_problem *pr = params;
    double d[NLLS_MAX_PARAMS];
    size_t i, k;

    for (i = 0; i < pr->n; i++) {
        (void)pr->model->fn(b, pr->x[i], pr->x2[i], d);
        for (k = 0; k < pr->p; k++)
            J[i * pr->p + k] = d[k];
    }
    return GSL_SUCCESS;
}

/* ---- reading a .dat file -------------------------------------------------- */

/* Parse "NAME (lines A to B)" ranges out of the header. */
static inline int nist_range(const char *line, const char *key, long *a, long *b)
{
    const char *p = strstr(line, key);

    if (!p || !(p = strstr(p, "(lines")))
        return -1;
    return sscanf(p, "(lines %ld to %ld)", a, b) == 2 ? 0 : -1;
}

/*
 * Read one StRD file into *pr.  Returns 0, or -1 with a message in msg
 * (an unknown model name, a malformed line, too many observations).
 */
static inline int nist_read(const char *path, struct nist_problem *pr, char *msg, size_t msglen)
{
    char line[512];
    FILE *fp = fopen(path, "r");
    long lineno = 0, sa = 0, sb = 0, da = 0, db = 0;
    size_t np = 0;

    memset(pr, 0, sizeof *pr);
    if (!fp) {
        snprintf(msg, msglen, "cannot open '%.300s'", path);
        return -1;
    }
    while (fgets(line, sizeof line, fp)) {
        lineno++;
        if (strncmp(line, "Dataset Name:", 13) == 0) {
            if (sscanf(line + 13, "%31s", pr->name) != 1)
                break;
            pr->model = nist_model_find(pr->name);
        } else if (strstr(line, "Starting Values") && strstr(line, "(lines")) {
            (void)nist_range(line, "Starting Values", &sa, &sb);
        } else if (strstr(line, "Data ") && strstr(line, "(lines") && da == 0) {
            (void)nist_range(line, "Data", &da, &db);
        } else if (strstr(line, "Level of Difficulty")) {
            (void)sscanf(line, "%15s", pr->difficulty);
        } else if (strncmp(line, "Residual Sum of Squares:", 24) == 0) {
            pr->cert_rss = strtod(line + 24, NULL);
        }
        if (lineno >= sa && lineno <= sb && sa > 0) {
            int k;
            double s1, s2, c, sd;
            if (sscanf(line, " b%d = %lf %lf %lf %lf", &k, &s1, &s2, &c, &sd) == 5 && k >= 1 &&
                k <= NLLS_MAX_PARAMS) {
                pr->start[0][k - 1] = s1;
                pr->start[1][k - 1] = s2;
                pr->cert[k - 1] = c;
                pr->cert_sd[k - 1] = sd;
                if ((size_t)k > np)
                    np = (size_t)k;
            }
        }
        if (da > 0 && lineno >= da && lineno <= db) {
            double v[3];
            int got = sscanf(line, "%lf %lf %lf", &v[0], &v[1], &v[2]);
            if (got < 2 || pr->n >= NIST_MAX_OBS) {
                snprintf(msg, msglen, "%.300s:%ld: bad data line", path, lineno);
                fclose(fp);
                return -1;
            }
            if (sscanf(line, "%Lf %Lf", &pr->y_ld[pr->n], &pr->x_ld[pr->n]) != 2) {
                snprintf(msg, msglen, "%.300s:%ld: bad data line", path, lineno);
                fclose(fp);
                return -1;
            }
            pr->y[pr->n] = v[0];
            pr->x[pr->n] = v[1];
            pr->x2[pr->n] = got == 3 ? v[2] : 0.0;
            pr->n++;
        }
    }
    fclose(fp);
    if (!pr->model) {
        snprintf(msg, msglen, "%.300s: unknown or missing dataset name", path);
        return -1;
    }
    pr->p = np;
    if (np != pr->model->p || pr->n == 0 || !(pr->cert_rss > 0.0)) {
        snprintf(msg, msglen, "%.300s: expected %zu parameters, read %zu (n = %zu)", path,
                 pr->model->p, np, pr->n);
        return -1;
    }
    return 0;
}

/* Log relative error: correct significant digits of x against c, in [0, 11]. */
static inline double nist_lre(double x, double c)
{
    double e;

    if (!isfinite(x))
        return 0.0;
    e = c != 0.0 ? fabs(x - c) / fabs(c) : fabs(x);
    if (e == 0.0)
        return 11.0;
    e = -log10(e);
    return e < 0.0 ? 0.0 : (e > 11.0 ? 11.0 : e);
}

#endif /* ATTAIN_TESTS_UNIT_NIST_STRD_H */
