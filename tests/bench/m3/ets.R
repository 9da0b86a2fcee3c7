# tests/bench/m3/ets.R -- R forecast's ets() on the M3 yearly training parts,
# h = 6 with 80/95% intervals, timed on one core (fit + forecast only).
#   Rscript ets.R m3_yearly.csv OUT.csv   -> prints "ets series/s N", writes forecasts
suppressPackageStartupMessages(library(forecast))
args <- commandArgs(trailingOnly = TRUE)
d <- read.csv(args[1], stringsAsFactors = FALSE)
tr <- d[d$split == "train", ]
ids <- unique(tr$series)
out <- vector("list", length(ids))
t0 <- proc.time()[["elapsed"]]
for (i in seq_along(ids)) {
    s <- tr[tr$series == ids[i], ]
    y <- ts(s$value[order(s$t)], start = s$start_year[1])
    fc <- forecast(ets(y), h = 6, level = c(80, 95))
    out[[i]] <- data.frame(series = ids[i], period = s$start_year[1] + nrow(s) + 0:5,
                           point = as.numeric(fc$mean),
                           lo80 = as.numeric(fc$lower[, 1]), hi80 = as.numeric(fc$upper[, 1]),
                           lo95 = as.numeric(fc$lower[, 2]), hi95 = as.numeric(fc$upper[, 2]))
}
el <- proc.time()[["elapsed"]] - t0
write.csv(do.call(rbind, out), args[2], row.names = FALSE, quote = FALSE)
cat(sprintf("ets series/s %.0f (%d series in %.2f s)\n", length(ids) / el, length(ids), el))
