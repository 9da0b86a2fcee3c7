# tests/bench/calibration/ets_windows.R -- R forecast's ets() on the short
# windows that windows.c scores, for a yardstick: the same windows, the
# same plan-like targets, the same ECE, Brier skill and 80% interval misses.
#
#   Rscript ets_windows.R DATA.csv MODE [NLIST] [OUT.csv]
#
# DATA.csv has the M3 layout (series,category,start_year,t,value,split);
# MODE is held or train and NLIST the window lengths ("5,6,7,8,9,10"), as
# for windows.c: held = the last n training points scored on the test part,
# train = the n points ending 6 years before the end of training, scored on
# those 6 training years.  Targets are "at least y_last (1 + g)^h" for h = 1,
# 3, 5 and g = 0, 3, ..., 15%; intervals are scored for h = 1..5.
#
# ets() picks its model by AICc as R users get it; forecast() gives its
# predictive quantiles (analytic, or simulated for the models that need it)
# at 49 levels, and P(Y >= target) is read off them by linear
# interpolation (0.01 and 0.99 beyond the outermost, 0.02 and 0.98).  A
# window where ets() fails is counted and left out.  OUT.csv, if given,
# holds every target as "series,category,n,h,g,probability,met", the layout
# of windows.c --out.  Needs r-base-core and r-cran-forecast.
suppressPackageStartupMessages(library(forecast))
args <- commandArgs(trailingOnly = TRUE)
if (length(args) < 2 || !(args[2] %in% c("held", "train")))
    stop("usage: Rscript ets_windows.R DATA.csv held|train [5,6,...] [OUT.csv]")
nlist <- if (length(args) >= 3) as.integer(strsplit(args[3], ",")[[1]]) else 5:10
out_path <- if (length(args) >= 4) args[4] else NULL
held <- args[2] == "held"
FUT <- 6
WH <- 5
growth <- c(0, 0.03, 0.06, 0.09, 0.12, 0.15)
levels <- seq(2, 98, 2)

d <- read.csv(args[1], stringsAsFactors = FALSE)
d <- d[order(d$series, d$t), ]
by_series <- split(d, d$series)

# The CDF of the predictive distribution at x from its quantiles.
cdf_at <- function(q, p, x) {
    if (x <= q[1]) return(p[1] / 2)
    if (x >= q[length(q)]) return(1 - (1 - p[length(p)]) / 2)
    approx(q, p, xout = x, ties = "ordered")$y
}

# Every target and interval into vectors grown by doubling (a data frame a
# target was far slower than the fits).
cap <- 1024
tn <- 0
T <- list(series = character(cap), category = character(cap), n = integer(cap),
          h = integer(cap), g = numeric(cap), probability = numeric(cap), met = integer(cap))
add_target <- function(v) {
    if (tn == cap) {
        cap <<- 2 * cap
        T <<- lapply(T, function(x) { length(x) <- cap; x })
    }
    tn <<- tn + 1
    for (k in names(v)) T[[k]][tn] <<- v[[k]]
}
ivl <- list()
failed <- 0
t0 <- proc.time()[["elapsed"]]
for (s in by_series) {
    tr <- s$value[s$split == "train"]
    te <- s$value[s$split == "test"]
    for (n in nlist) {
        if (held) {
            if (length(tr) < n) next
            y <- tail(tr, n)
            fut <- te
        } else {
            if (length(tr) < n + FUT) next
            end <- length(tr) - FUT
            y <- tr[(end - n + 1):end]
            fut <- tr[(end + 1):(end + FUT)]
        }
        nf <- min(length(fut), WH)
        if (nf == 0) next
        fc <- tryCatch(forecast(ets(ts(y)), h = WH, level = levels), error = function(e) NULL)
        if (is.null(fc)) {
            failed <- failed + 1
            next
        }
        lo <- as.matrix(fc$lower)
        up <- as.matrix(fc$upper)
        for (h in 1:nf) {
            # Quantiles at (1 - l) / 2 and (1 + l) / 2, each sorted on its
            # own (a crossing of simulated quantiles is rearranged).
            q <- sort(c(rev(lo[h, ]), up[h, ]))
            p <- sort(c(rev((100 - levels) / 200), (100 + levels) / 200))
            l80 <- lo[h, levels == 80]
            u80 <- up[h, levels == 80]
            ivl[[length(ivl) + 1]] <- c(n, h, fut[h] < l80, fut[h] > u80)
            if (!(h %in% c(1, 3, 5))) next
            for (g in growth) {
                target <- y[n] * (1 + g)^h
                prob <- 1 - cdf_at(q, p, target)
                add_target(list(series = s$series[1], category = s$category[1], n = n, h = h,
                                g = g, probability = prob, met = as.integer(fut[h] >= target)))
            }
        }
    }
}
el <- proc.time()[["elapsed"]] - t0
r <- as.data.frame(lapply(T, function(x) x[seq_len(tn)]), stringsAsFactors = FALSE)
iv <- do.call(rbind, ivl)
if (!is.null(out_path))
    write.csv(transform(r, g = sprintf("%.2f", g), probability = sprintf("%.4f", probability)),
              out_path, row.names = FALSE, quote = FALSE)

# ECE over tenths of the stated probability, Brier skill over the base rate.
score <- function(prob, met) {
    b <- pmin(floor(prob * 10), 9)
    e <- sum(tapply(seq_along(prob), b, function(i) abs(sum(prob[i]) - sum(met[i])))) / length(prob)
    base <- mean(met)
    c(targets = length(prob), ECE = e, BSS = 1 - mean((prob - met)^2) / (base * (1 - base)),
      stated = mean(prob), met = base)
}
line <- function(label, sel_t, sel_i) {
    s <- score(r$probability[sel_t], r$met[sel_t])
    lo <- mean(iv[sel_i, 3])
    hi <- mean(iv[sel_i, 4])
    cat(sprintf("%-8s %7d  %5.3f %6.3f %5.3f %5.3f  %5.1f %4.1f %4.1f\n", label, s[["targets"]],
                s[["ECE"]], s[["BSS"]], s[["stated"]], s[["met"]], 100 * (1 - lo - hi),
                100 * lo, 100 * hi))
}
cat(sprintf("%s  mode %s  ets() via forecast %s; %d windows failed; %.1f s\n", args[1], args[2],
            packageVersion("forecast"), failed, el))
cat(sprintf("%-8s %7s  %5s %6s %5s %5s  %5s %4s %4s\n", "group", "tgts", "ECE", "BSS", "p",
            "met", "in80", "<lo", ">hi"))
for (n in nlist) line(sprintf("n=%d", n), r$n == n, iv[, 1] == n)
for (h in 1:WH) if (any(r$h == h)) line(sprintf("h=%d", h), r$h == h, iv[, 2] == h)
line("all", rep(TRUE, nrow(r)), rep(TRUE, nrow(iv)))
