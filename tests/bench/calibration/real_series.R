#!/usr/bin/env Rscript
# Real yearly series for the calibration bench, written in the M3 layout
# windows.c reads (series,category,start_year,t,value,split; the last 6
# points of a series are "test"):
#
#   Rscript real_series.R OUT_DIR
#
# Gapminder population and GDP of 185 countries, 1960-2016 (Debian's
# r-cran-dslabs):
#   OUT_DIR/gap_held.csv: every country's series whole: `windows --mode held`
#     ends its windows 6 years before the last year and scores those 6.
#   OUT_DIR/gap_train.csv: the same series cut to end 0, 10 and 20 years
#     earlier: `windows --mode train` ends its windows 12 years before each
#     cut and scores the 6 years after, all of them before the held years.
# Penn World Table 9.1 employment and capital stock of 182 countries,
# 1950-2017 (Debian's r-cran-pwt9), if installed: a second held-out set.
#   OUT_DIR/pwt_held.csv: EMP (persons engaged, thousands) and CAP (capital
#     stock at constant national prices, millions), whole.
# A country's series is its latest run of years without a gap, at least 30.
suppressMessages(library(dslabs))
args <- commandArgs(trailingOnly = TRUE)
out <- if (length(args) >= 1) args[1] else "."

rows <- function(name, cat, years, v) {
    n <- length(v)
    data.frame(series = name, category = cat, start_year = years[1], t = seq_len(n),
               value = v, split = ifelse(seq_len(n) > n - 6, "test", "train"))
}

# The latest gap-free run of positive values of one country, or NULL.
run_of <- function(d, var) {
    d <- d[!is.na(d[[var]]) & d[[var]] > 0, c("year", var)]
    d <- d[order(d$year), ]
    gap <- which(diff(d$year) != 1)
    if (length(gap)) d <- d[(max(gap) + 1):nrow(d), ]
    if (nrow(d) < 30) NULL else d
}

write_set <- function(parts, name)
    write.csv(do.call(rbind, parts), file.path(out, name), row.names = FALSE, quote = FALSE)

data(gapminder)
held <- list()
train <- list()
for (var in c("population", "gdp")) {
    cat <- if (var == "population") "POP" else "GDP"
    for (cty in levels(gapminder$country)) {
        d <- run_of(gapminder[gapminder$country == cty, ], var)
        if (is.null(d)) next
        v <- d[[var]]
        if (var == "gdp") v <- round(v / 1e6) # millions of constant 2000 US dollars
        code <- sprintf("%s_%s", cat, gsub("[^A-Za-z]", "", cty))
        held[[length(held) + 1]] <- rows(code, cat, d$year, v)
        for (cut in c(0, 10, 20)) {
            m <- length(v) - cut
            if (m >= 30)
                train[[length(train) + 1]] <- rows(sprintf("%s_%d", code, d$year[m]), cat,
                                                   d$year, v[seq_len(m)])
        }
    }
}
write_set(held, "gap_held.csv")
write_set(train, "gap_train.csv")

if (suppressWarnings(requireNamespace("pwt9", quietly = TRUE))) {
    data("pwt9.1", package = "pwt9")
    held <- list()
    for (var in c("emp", "rnna")) {
        cat <- if (var == "emp") "EMP" else "CAP"
        for (iso in unique(as.character(pwt9.1$isocode))) {
            d <- run_of(pwt9.1[pwt9.1$isocode == iso, ], var)
            if (is.null(d)) next
            v <- if (var == "emp") round(d[[var]] * 1000) else round(d[[var]])
            held[[length(held) + 1]] <- rows(sprintf("%s_%s", cat, iso), cat, d$year, v)
        }
    }
    write_set(held, "pwt_held.csv")
} else {
    message("r-cran-pwt9 not installed: pwt_held.csv not written")
}
