reset session
set encoding utf8
set terminal pngcairo size 2400,1500 noenhanced background '#ffffff' font 'Noto Sans CJK SC,11' fontscale 3 linewidth 2
PS = 1
set output 'charts/scenarios.png'
set border 3 lc rgb '#444444'
set tics nomirror out
set grid ytics lc rgb '#d9d9d9' lw 0.6 dt 1
set key opaque box lc rgb '#bbbbbb'
set style fill solid 1.0 noborder
set title '情景比较：达成概率' font ',15'
set label 99 '情景：base, fast, slow' at screen 0.01,0.025 left font ',8' tc rgb '#555555'
set ylabel '达成概率'
set yrange [0:112]
set ytics ('0%%' 0, '20%%' 20, '40%%' 40, '60%%' 60, '80%%' 80, '100%%' 100)
set xrange [-0.6:3.6]
set boxwidth 0.2453333333 absolute
set bmargin 7
set key outside top center horizontal reverse Left samplen 1.5 font ',10'
set xtics scale 0 font ',10'
set xtics ('高新技术企业' 0, \
  '科技型中小企业' 1, \
  '众创空间' 2, \
  '孵化器' 3)
set arrow 1 from graph 0, first 80 to graph 1, first 80 nohead dt 2 lw 1.5 lc rgb '#1a9850'
set arrow 2 from graph 0, first 50 to graph 1, first 50 nohead dt 2 lw 1.5 lc rgb '#f39c12'
$sc0 << EOD
-0.2666666667 27
0.7333333333 91
1.733333333 66
2.733333333 42
EOD
$sc1 << EOD
0 55
1 95
2 70
3 50
EOD
$sc2 << EOD
0.2666666667 10
1.266666667 80
2.266666667 40
3.266666667 20
EOD
plot $sc0 using 1:2 with boxes fc rgb '#4e79a7' title '基准', \
  $sc1 using 1:2 with boxes fc rgb '#f28e2b' title '高新区增速 +20%', \
  $sc2 using 1:2 with boxes fc rgb '#59a14f' title '悲观', \
  $sc0 using 1:2:($2 > 0 && $2 < 1 ? '<1%' : gprintf('%.0f', floor($2 + 1e-7)).'%') with labels offset 0,0.7 font ',8' notitle, \
  $sc1 using 1:2:($2 > 0 && $2 < 1 ? '<1%' : gprintf('%.0f', floor($2 + 1e-7)).'%') with labels offset 0,0.7 font ',8' notitle, \
  $sc2 using 1:2:($2 > 0 && $2 < 1 ? '<1%' : gprintf('%.0f', floor($2 + 1e-7)).'%') with labels offset 0,0.7 font ',8' notitle
unset multiplot
unset output
