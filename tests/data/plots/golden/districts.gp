reset session
set encoding utf8
set terminal pngcairo size 2400,1500 noenhanced background '#ffffff' font 'Noto Sans CJK SC,11' fontscale 3 linewidth 2
PS = 1
set output 'charts/districts.png'
set border 3 lc rgb '#444444'
set tics nomirror out
set grid ytics lc rgb '#d9d9d9' lw 0.6 dt 1
set key opaque box lc rgb '#bbbbbb'
set style fill solid 1.0 noborder
set label 99 '数据截至 2023 年' at screen 0.01,0.025 left font ',8' tc rgb '#555555'
set multiplot layout 2,3 title '高新技术企业（家）：各县区' font ',15' margins screen 0.075,0.79,0.13,0.86 spacing screen 0.06,0.18
set key at screen 0.995, screen 0.86 right top vertical reverse Left samplen 1.5 font ',9'
set tics font ',9'
# panel 1
set title '兴隆台区' font ',11' offset 0,-0.4
set xrange [2015.6:2025.4]
set yrange [0:247.8]
set xtics 4 format '%.0f'
set mxtics 1
unset arrow
unset label 2
unset label 3
unset label 5
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
set label 2 '目标 210' at 2025,210 right front boxed offset 0.6,1.0 tc rgb '#c0392b' font ',8'
set label 3 '达成概率 0%' at graph 0.02, graph 0.93 left front font ',10' tc rgb '#08306b'
plot $fan using 1:2:3 with filledcurves lc rgb '#deebf7' title '95% 区间', \
  $fan using 1:4:5 with filledcurves lc rgb '#9ecae1' title '80% 区间', \
  $fan using 1:8 with lines lw 2.5 lc rgb '#08519c' title '预测中位数', \
  $hist using 1:2 with linespoints pt 7 ps 0.6*PS lw 2 lc rgb '#222222' title '实际值', \
  $tgt using 1:2 with points pt 13 ps 2*PS lc rgb '#c0392b' title '目标', \
  $cur using 1:2 with points pt 6 ps 1.8*PS lw 2 lc rgb '#e6550d' title '2024 年 6 月实际'
unset label 99
# panel 2
set title '双台子区' font ',11' offset 0,-0.4
set xrange [2015.6:2025.4]
set yrange [0:247.8]
set xtics 4 format '%.0f'
set mxtics 1
unset arrow
unset label 2
unset label 3
unset label 5
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
set label 2 '目标 210' at 2025,210 right front boxed offset 0.6,1.0 tc rgb '#c0392b' font ',8'
set label 3 '达成概率 15%' at graph 0.02, graph 0.93 left front font ',10' tc rgb '#08306b'
unset key
plot $fan using 1:2:3 with filledcurves lc rgb '#deebf7' title '95% 区间', \
  $fan using 1:4:5 with filledcurves lc rgb '#9ecae1' title '80% 区间', \
  $fan using 1:8 with lines lw 2.5 lc rgb '#08519c' title '预测中位数', \
  $hist using 1:2 with linespoints pt 7 ps 0.6*PS lw 2 lc rgb '#222222' title '实际值', \
  $tgt using 1:2 with points pt 13 ps 2*PS lc rgb '#c0392b' title '目标', \
  $cur using 1:2 with points pt 6 ps 1.8*PS lw 2 lc rgb '#e6550d' title '2024 年 6 月实际'
# panel 3
set title '大洼区' font ',11' offset 0,-0.4
set xrange [2015.6:2025.4]
set yrange [0:247.8]
set xtics 4 format '%.0f'
set mxtics 1
unset arrow
unset label 2
unset label 3
unset label 5
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
set label 2 '目标 210' at 2025,210 right front boxed offset 0.6,1.0 tc rgb '#c0392b' font ',8'
set label 3 '达成概率 30%' at graph 0.02, graph 0.93 left front font ',10' tc rgb '#08306b'
unset key
plot $fan using 1:2:3 with filledcurves lc rgb '#deebf7' title '95% 区间', \
  $fan using 1:4:5 with filledcurves lc rgb '#9ecae1' title '80% 区间', \
  $fan using 1:8 with lines lw 2.5 lc rgb '#08519c' title '预测中位数', \
  $hist using 1:2 with linespoints pt 7 ps 0.6*PS lw 2 lc rgb '#222222' title '实际值', \
  $tgt using 1:2 with points pt 13 ps 2*PS lc rgb '#c0392b' title '目标', \
  $cur using 1:2 with points pt 6 ps 1.8*PS lw 2 lc rgb '#e6550d' title '2024 年 6 月实际'
# panel 4
set title '盘山县' font ',11' offset 0,-0.4
set xrange [2015.6:2025.4]
set yrange [0:247.8]
set xtics 4 format '%.0f'
set mxtics 1
unset arrow
unset label 2
unset label 3
unset label 5
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
set label 2 '目标 210' at 2025,210 right front boxed offset 0.6,1.0 tc rgb '#c0392b' font ',8'
set label 3 '达成概率 45%' at graph 0.02, graph 0.93 left front font ',10' tc rgb '#08306b'
unset key
plot $fan using 1:2:3 with filledcurves lc rgb '#deebf7' title '95% 区间', \
  $fan using 1:4:5 with filledcurves lc rgb '#9ecae1' title '80% 区间', \
  $fan using 1:8 with lines lw 2.5 lc rgb '#08519c' title '预测中位数', \
  $hist using 1:2 with linespoints pt 7 ps 0.6*PS lw 2 lc rgb '#222222' title '实际值', \
  $tgt using 1:2 with points pt 13 ps 2*PS lc rgb '#c0392b' title '目标', \
  $cur using 1:2 with points pt 6 ps 1.8*PS lw 2 lc rgb '#e6550d' title '2024 年 6 月实际'
# panel 5
set title '辽东湾新区' font ',11' offset 0,-0.4
set xrange [2015.6:2025.4]
set yrange [0:247.8]
set xtics 4 format '%.0f'
set mxtics 1
unset arrow
unset label 2
unset label 3
unset label 5
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
set label 2 '目标 210' at 2025,210 right front boxed offset 0.6,1.0 tc rgb '#c0392b' font ',8'
set label 3 '达成概率 60%' at graph 0.02, graph 0.93 left front font ',10' tc rgb '#08306b'
unset key
plot $fan using 1:2:3 with filledcurves lc rgb '#deebf7' title '95% 区间', \
  $fan using 1:4:5 with filledcurves lc rgb '#9ecae1' title '80% 区间', \
  $fan using 1:8 with lines lw 2.5 lc rgb '#08519c' title '预测中位数', \
  $hist using 1:2 with linespoints pt 7 ps 0.6*PS lw 2 lc rgb '#222222' title '实际值', \
  $tgt using 1:2 with points pt 13 ps 2*PS lc rgb '#c0392b' title '目标', \
  $cur using 1:2 with points pt 6 ps 1.8*PS lw 2 lc rgb '#e6550d' title '2024 年 6 月实际'
# panel 6
set title '高新区' font ',11' offset 0,-0.4
set xrange [2015.6:2025.4]
set yrange [0:247.8]
set xtics 4 format '%.0f'
set mxtics 1
unset arrow
unset label 2
unset label 3
unset label 5
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
set label 2 '目标 210' at 2025,210 right front boxed offset 0.6,1.0 tc rgb '#c0392b' font ',8'
set label 3 '达成概率 75%' at graph 0.02, graph 0.93 left front font ',10' tc rgb '#08306b'
unset key
plot $fan using 1:2:3 with filledcurves lc rgb '#deebf7' title '95% 区间', \
  $fan using 1:4:5 with filledcurves lc rgb '#9ecae1' title '80% 区间', \
  $fan using 1:8 with lines lw 2.5 lc rgb '#08519c' title '预测中位数', \
  $hist using 1:2 with linespoints pt 7 ps 0.6*PS lw 2 lc rgb '#222222' title '实际值', \
  $tgt using 1:2 with points pt 13 ps 2*PS lc rgb '#c0392b' title '目标', \
  $cur using 1:2 with points pt 6 ps 1.8*PS lw 2 lc rgb '#e6550d' title '2024 年 6 月实际'
unset multiplot
unset output
