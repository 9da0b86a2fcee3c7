#!/usr/bin/env Rscript
# Real growing yearly series for the calibration bench: population and GDP
# of 185 countries, 1960-2016 (Gapminder, as shipped in Debian's
# r-cran-dslabs), written in the M3 layout windows.c reads
# (series,category,start_year,t,value,split; the last 6 points are "test").
#
#   Rscript gapminder.R OUT_DIR
#
# OUT_DIR/gap_held.csv: every country's series whole: `windows --mode held`
#   ends its windows 6 years before the last year and scores those 6.
# OUT_DIR/gap_train.csv: the same series cut to end 0, 10 and 20 years
#   earlier: `windows --mode train` ends its windows 12 years before each
#   cut and scores the 6 years after, all of them before the held years.
# A country's series is its latest run of years without a gap, at least 30.
suppressMessages(library(dslabs))
args <- commandArgs(trailingOnly = TRUE)
out <- if (length(args) >= 1) args[1] else "."
data(gapminder)
rows <- function(name, cat, years, v) {
    n <- length(v)
    data.frame(series = name, category = cat, start_year = years[1], t = seq_len(n),
               value = v, split = ifelse(seq_len(n) > n - 6, "test", "train"))
}
held <- list()
train <- list()
for (var in c("population", "gdp")) {
    cat <- if (var == "population") "POP" else "GDP"
    for (cty in levels(gapminder$country)) {
        d <- gapminder[gapminder$country == cty & !is.na(gapminder[[var]]), c("year", var)]
        d <- d[order(d$year), ]
        if (nrow(d) < 30) next
        gap <- which(diff(d$year) != 1)
        if (length(gap)) d <- d[(max(gap) + 1):nrow(d), ]
        if (nrow(d) < 30) next
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
write.csv(do.call(rbind, held), file.path(out, "gap_held.csv"), row.names = FALSE, quote = FALSE)
write.csv(do.call(rbind, train), file.path(out, "gap_train.csv"), row.names = FALSE, quote = FALSE)
