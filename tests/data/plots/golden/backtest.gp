reset session
set encoding utf8
set terminal pngcairo size 2400,1500 noenhanced background '#ffffff' font 'Noto Sans CJK SC,11' fontscale 3 linewidth 2
PS = 1
set output 'charts/backtest.png'
set border 3 lc rgb '#444444'
set tics nomirror out
set grid ytics lc rgb '#d9d9d9' lw 0.6 dt 1
set key opaque box lc rgb '#bbbbbb'
set style fill solid 1.0 noborder
set label 99 'M3 年度序列，h = 1..6' at screen 0.01,0.025 left font ',8' tc rgb '#555555'
set multiplot layout 1,2 title '回测：各模型预测精度' font ',15' margins screen 0.1,0.97,0.12,0.84 spacing screen 0.1,0.14
unset key
set grid noytics xtics
set yrange [-0.6:5.6]
set ytics scale 0 font ',10'
set ytics ('auto' 5, \
  'combo' 4, \
  'theta' 3, \
  'damped' 2, \
  'logistic' 1, \
  'naive' 0)
# metric 1
set title 'sMAPE (%)' font ',12'
set xrange [0:23.79]
set xtics 5
unset arrow
$bt << EOD
5 14.2
4 14.8
3 15.1
2 16.3
1 19.5
0 17.9
EOD
plot $bt using ($2/2):1:(0):2:($1-0.36):($1+0.36) with boxxyerror fc rgb '#4e79a7', \
  $bt using 2:1:(gprintf(' %.1f', $2)) with labels left font ',9'
unset label 99
# metric 2
set title '80% 区间覆盖率 (%)' font ',12'
set xrange [0:98.82]
set xtics 20
unset arrow
set arrow 1 from 80, graph 0 to 80, graph 1 nohead dt 2 lw 1.5 lc rgb '#c0392b'
$bt << EOD
5 79
4 81
3 76
2 72
1 60
0 70
EOD
plot $bt using ($2/2):1:(0):2:($1-0.36):($1+0.36) with boxxyerror fc rgb '#f28e2b', \
  $bt using 2:1:(gprintf(' %.1f', $2)) with labels left font ',9'
unset multiplot
unset output
