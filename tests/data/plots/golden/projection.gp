reset session
set encoding utf8
set terminal pngcairo size 2400,1500 noenhanced background '#ffffff' font 'Noto Sans CJK SC,11' fontscale 3 linewidth 2
PS = 1
set output 'charts/projection.png'
set border 3 lc rgb '#444444'
set tics nomirror out
set grid ytics lc rgb '#d9d9d9' lw 0.6 dt 1
set key opaque box lc rgb '#bbbbbb'
set style fill solid 1.0 noborder
set title '盘锦市 高新技术企业' font ',15'
set xlabel '年份'
set ylabel '家' norotate
set bmargin 6
set label 99 '来源：盘锦市科技局；数据截至 2023 年' at screen 0.01,0.025 left font ',8' tc rgb '#555555'
set xrange [2015.6:2025.4]
set yrange [0:247.8]
set xtics 1 format '%.0f'
set mxtics 1
$hist << EOD
2016 52
2017 61
2018 75
2019 88
2020 101
2021 119
2022 131
2023 146
EOD
$fit << EOD
2016 50.2
2017 62.4
2018 74.9
2019 87.3
2020 101
2021 116
2022 131
2023 147.25
EOD
$fan << EOD
2023 146 146 146 146 146 146 146
2024 143 180 148 174 155 167 161.5
2025 146 208 155 198 165 187 176.2
EOD
$cur << EOD
2024.5 153
EOD
$tgt << EOD
2025 210
EOD
set arrow 1 from 2025, graph 0 to 2025, graph 1 nohead dt 3 lw 1 lc rgb '#c0392b'
set style textbox opaque fc rgb '#ffffff' noborder
set label 2 '目标 210' at 2025,210 right front boxed offset 0.6,1.3 tc rgb '#c0392b' font ',11'
set arrow 4 from 2025,176.2 to 2025,210 heads size screen 0.006,90 lw 2 lc rgb '#c0392b' front
set label 4 '差距 33.8' at 2025,193.1 right front boxed offset -1,0 tc rgb '#c0392b' font ',10'
set label 3 '达成概率 27%' at graph 0.02, graph 0.93 left front font ',16' tc rgb '#08306b'
set key outside right top vertical reverse Left samplen 2 font ',10'
plot $fan using 1:2:3 with filledcurves lc rgb '#deebf7' title '95% 区间', \
  $fan using 1:4:5 with filledcurves lc rgb '#9ecae1' title '80% 区间', \
  $fan using 1:6:7 with filledcurves lc rgb '#6baed6' title '50% 区间', \
  $fit using 1:2 with lines dt 2 lw 1.5 lc rgb '#7f7f7f' title '模型拟合', \
  $fan using 1:8 with lines lw 2.5 lc rgb '#08519c' title '预测中位数', \
  $hist using 1:2 with linespoints pt 7 ps 1*PS lw 2 lc rgb '#222222' title '实际值', \
  $tgt using 1:2 with points pt 13 ps 3.5*PS lc rgb '#c0392b' title '目标', \
  $cur using 1:2 with points pt 6 ps 3*PS lw 2 lc rgb '#e6550d' title '2024 年 6 月实际'
unset multiplot
unset output
