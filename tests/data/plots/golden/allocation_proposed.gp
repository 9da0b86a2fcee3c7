reset session
set encoding utf8
set terminal pngcairo size 2400,1500 noenhanced background '#ffffff' font 'Noto Sans CJK SC,11' fontscale 3 linewidth 2
PS = 1
set output 'charts/allocation.png'
set border 3 lc rgb '#444444'
set tics nomirror out
set grid ytics lc rgb '#d9d9d9' lw 0.6 dt 1
set key opaque box lc rgb '#bbbbbb'
set style fill solid 1.0 noborder
set title '2025 年高新技术企业目标分解与预期' font ',15'
set label 99 '分解：按 2023 年占比' at screen 0.01,0.025 left font ',8' tc rgb '#555555'
set ylabel '家'
set bmargin 5
set xrange [-0.6:5.6]
set yrange [0:126.25]
set boxwidth 0.25 absolute
set key outside right top vertical reverse Left font ',10'
set xtics scale 0 font ',11'
set datafile missing '?'
set xtics ('兴隆台区' 0, \
  '双台子区' 1, \
  '大洼区' 2, \
  '盘山县' 3, \
  '辽东湾新区' 4, \
  '高新区' 5)
$alloc << EOD
0 40 46 55 44
1 25 19 25 17
2 30 33 40 31
3 20 12.5 12.5 ?
4 15 18 24 17
5 80 88 101 81
EOD
$iv << EOD
0 46 38 55
1 19 14 25
2 33 27 40
4 18 13 24
5 88 75 101
EOD
plot $alloc using ($1-0.27):2 with boxes fc rgb '#9e9ac8' title '分解目标', \
  $alloc using 1:5 with boxes fc rgb '#fdae6b' title '等风险分配', \
  $alloc using ($1+0.27):3 with boxes fc rgb '#08519c' title '预期完成', \
  $iv using ($1+0.27):3:(0):($4-$3) with vectors heads size screen 0.008,90 lw 1.5 lc rgb '#333333' title '80% 区间', \
  $alloc using ($1-0.27):2:($2 >= 1000 ? gprintf('%.0f', $2) : gprintf('%.3g', $2)) with labels offset 0,0.8 font ',9' notitle, \
  $alloc using 1:5:($5 >= 1000 ? gprintf('%.0f', $5) : gprintf('%.3g', $5)) with labels offset 0,0.8 font ',9' notitle, \
  $alloc using ($1+0.27):4:($3 >= 1000 ? gprintf('%.0f', $3) : gprintf('%.3g', $3)) with labels offset 0,0.8 font ',9' notitle
unset multiplot
unset output
